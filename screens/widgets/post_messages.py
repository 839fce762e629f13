"""What a key or click on one post asks of the thread screen, one message class each.

A post widget only says what the reader asked for; the thread screen (or its reply tree)
decides what that means, handling each with ``@on(Reply)`` and so on.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from models.enums import ReactionKind


@dataclass
class PostMessage(Message):
    post_id: int
    """The post acted on."""


class Next(PostMessage):
    """Move to the next post in reading order, past folded branches."""


class Previous(PostMessage):
    """Move to the previous post in reading order."""


class Fold(PostMessage):
    """Fold the post's branch, or unfold it."""


class Parent(PostMessage):
    """Move to the post this one replies to."""


class Reply(PostMessage):
    """Write a reply to the post."""


class Edit(PostMessage):
    """Edit one's own post."""


class Remove(PostMessage):
    """Remove the post (one's own, or anyone's for moderators)."""


class Reveal(PostMessage):
    """Show a post kept behind a warning or a block."""


class PickReaction(PostMessage):
    """Choose a reaction from the list."""


@dataclass
class React(PostMessage):
    """Give (or take back) one reaction."""

    kind: ReactionKind


class Report(PostMessage):
    """Report the post to the moderators."""


class Block(PostMessage):
    """Block the post's author."""


class Unblock(PostMessage):
    """Unblock the post's author."""
