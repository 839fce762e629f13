"""The questions the thread screen asks before a write: block this person? remove this
post? which title? The screen pushes them and does the write with the answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.content import Content
from textual.screen import Screen

from models.text import TITLE_MAX
from models.views import PostView
from screens import format


def block_question(post: PostView) -> Screen[bool]:
    from screens.confirm import ConfirmScreen

    question = Content.assemble(
        "Block ",
        format.line(post.author, "bold"),
        "? Their posts will be folded for you and they cannot reply to your posts. "
        "They are not told.",
    )
    # Enter blocks: it is the safe answer for someone being hurt, and undone with b.
    return ConfirmScreen(question, yes="Block", no="Cancel", enter_says_yes=True)


def remove_question(mine: bool) -> Screen[bool]:
    from screens.confirm import ConfirmScreen

    question = (
        "Remove your post? Its replies stay; your words will be gone."
        if mine
        else "Remove this post? Its replies stay. This is logged."
    )
    return ConfirmScreen(question, yes="Remove", no="Keep")


def title_dialog(title: str, own: bool, save: Callable[[str], Awaitable[None]]) -> Screen[str]:
    from screens.ask import AskScreen

    heading = "Change your thread's title" if own else "Change this thread's title (logged)"
    return AskScreen(
        heading, "Title", save, yes="Save title", required=True, value=title,
        max_length=TITLE_MAX,
    )  # fmt: skip
