"""Drafts: what a signed-in person is still writing, kept in the database so that a
dropped connection loses nothing.

There is one draft per person and target (a new thread on a board, a reply to a post, an
edit of a post). The compose screen saves it a few seconds after the last change and
deletes it when the post is stored or the person throws it away. Every operation acts on
the actor's own drafts only: there is no way to name someone else's. Guests keep nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from tortoise.exceptions import IntegrityError

from models import accounts, clock
from models.actor import Actor
from models.entities import Board, Draft, Post
from models.errors import NotFound, ValidationError
from models.policy import Action, Context, require
from models.text import BODY_MAX, clean_line, clean_text

Kind = Literal["thread", "reply", "edit"]
DRAFT_MAX = 2 * BODY_MAX
"""A draft may run past what a post allows (the person trims it before posting), but not
without bound."""


@dataclass(frozen=True, slots=True)
class Target:
    """What a draft is for."""

    kind: Kind
    id: int
    """The board a new thread goes to, or the post replied to or edited."""

    @classmethod
    def new_thread(cls, board_id: int) -> Target:
        return cls("thread", board_id)

    @classmethod
    def reply(cls, post_id: int) -> Target:
        return cls("reply", post_id)

    @classmethod
    def edit(cls, post_id: int) -> Target:
        return cls("edit", post_id)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True, slots=True)
class DraftView:
    """A kept draft, as the compose screen offers it back."""

    body: str
    title: str
    content_warning: str
    client_key: str
    """The key the draft was being posted with ("" for an edit)."""
    saved_at: datetime


def _column_max(name: str) -> int:
    return Draft._meta.fields_map[name].max_length  # type: ignore[attr-defined]


def _view(draft: Draft) -> DraftView:
    return DraftView(
        draft.body, draft.title, draft.content_warning, draft.client_key, draft.saved_at
    )


def _client_key(value: str) -> str:
    if value and not (len(value) <= 64 and value.isascii() and value.isprintable()):
        raise ValidationError("client key", "must be at most 64 printable ASCII characters")
    return value


async def _target_fields(target: Target) -> dict[str, int | None]:
    if target.kind == "thread":
        if not await Board.exists(id=target.id):
            raise NotFound("That board does not exist.")
        return {"board_id": target.id, "post_id": None}
    if not await Post.exists(id=target.id):
        raise NotFound("That post does not exist.")
    return {"board_id": None, "post_id": target.id}


async def save(
    actor: Actor,
    target: Target,
    body: str,
    *,
    title: str = "",
    content_warning: str = "",
    client_key: str = "",
) -> DraftView | None:
    """Keep what ``actor`` has written for ``target``, replacing the draft kept before.

    Text is cleaned as posts are. A draft with nothing in it is deleted instead, and None
    is returned.
    """
    actor = await accounts.current(actor)
    now = clock.now()
    require(actor, Action.KEEP_DRAFTS, Context(), now)
    body = clean_text(body)
    if len(body) > DRAFT_MAX:
        raise ValidationError("draft", f"must be at most {DRAFT_MAX:,} characters")
    kept = DraftView(
        body,
        clean_line(title)[: _column_max("title")],
        clean_line(content_warning)[: _column_max("content_warning")],
        _client_key(client_key),
        now,
    )
    if not (body.strip() or kept.title or kept.content_warning):
        await discard(actor, target)
        return None
    values = {
        "body": kept.body,
        "title": kept.title,
        "content_warning": kept.content_warning,
        "client_key": kept.client_key,
        "saved_at": now,
        **await _target_fields(target),
    }
    mine = Draft.filter(user_id=actor.id, target=target.key)
    if not await mine.update(**values):
        try:
            await Draft.create(user_id=actor.id, target=target.key, **values)
        except IntegrityError:  # another session of the same person made it meanwhile
            await mine.update(**values)
    return kept


async def load(actor: Actor, target: Target) -> DraftView | None:
    """The draft ``actor`` kept for ``target``, or None.

    A draft whose post was in fact stored (the connection dropped between posting and
    deleting the draft) is deleted here rather than offered back.
    """
    if actor.is_guest:
        return None
    draft = await Draft.get_or_none(user_id=actor.id, target=target.key)
    if draft is None:
        return None
    if await _already_posted(actor, target, draft):
        await draft.delete()
        return None
    return _view(draft)


async def _already_posted(actor: Actor, target: Target, draft: Draft) -> bool:
    if target.kind == "edit":
        post = await Post.get_or_none(id=target.id).only("id", "body")
        return post is not None and post.body.strip() == draft.body.strip()
    return bool(draft.client_key) and await Post.exists(
        client_key=draft.client_key, author_id=actor.id
    )


async def discard(actor: Actor, target: Target) -> None:
    """Delete ``actor``'s draft for ``target`` (posted, or thrown away); none is fine."""
    if actor.is_guest:
        return
    await Draft.filter(user_id=actor.id, target=target.key).delete()
