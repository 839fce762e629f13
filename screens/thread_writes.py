"""What a reader does to a thread's posts beyond reading them: block an author, react,
reply, edit, remove; its author retitling it; and what staff do to the thread: pin, lock,
slow mode, retitle.

A part of :class:`screens.thread.ThreadScreen`, kept apart so that each file holds one
thing; every write goes through the domain, which checks permissions itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.content import Content
from textual.screen import Screen

from models import blocks, posting, reactions
from models.entities import ReactionKind
from models.policy import Action, Context
from models.text import TITLE_MAX, clean_line
from models.views import BoardSummary, PostView, ThreadSummary
from screens import format
from screens.session import actor_of, attempt, flag_notice, may, problem
from screens.slow_mode import pace_text
from screens.widgets.post import PostWidget

if TYPE_CHECKING:
    from screens.thread import ReaderSafety


class ThreadWrites(Screen[None]):
    """Blocking, reactions, replies, edits, removals, pins, locks and slow mode.

    :class:`screens.thread.ThreadScreen` provides the thread, its loaded posts and
    ``load``, which rebuilds the tree around a post after a change."""

    thread_id: int
    thread: ThreadSummary | None
    board: BoardSummary | None
    order: list[int]
    collapsed: set[int]
    safety: ReaderSafety
    load: Callable[..., object]
    _show_thread: Callable[[ThreadSummary, BoardSummary], None]
    action_refresh: Callable[[], None]
    _shown_title: Callable[[], str]
    opening_author_id: int | None
    veiled: bool

    # -- keeping safe -------------------------------------------------------------------

    def _ask_block(self, post: PostView) -> None:
        from screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.set_blocked(post, True)

        question = Content.assemble(
            "Block ",
            format.line(post.author, "bold"),
            "? Their posts will be folded for you and they cannot reply to your posts. "
            "They are not told.",
        )
        # Enter blocks: it is the safe answer for someone being hurt, and undone with b.
        confirm = ConfirmScreen(question, yes="Block", no="Cancel", enter_says_yes=True)
        self.app.push_screen(confirm, answered)

    @work(group="write")
    async def set_blocked(self, post: PostView, blocked: bool) -> None:
        actor = actor_of(self.app)
        change = blocks.block if blocked else blocks.unblock
        if not await attempt(self, change(actor, post.author_id)):
            return
        name = clean_line(post.author)
        if blocked:
            self.notify(f"You blocked {name}. They are not told.", markup=False)
        else:
            self.notify(f"You unblocked {name}.", markup=False)
        self.load(focus=post.id, count=len(self.order))

    def _pick_reaction(self, widget: PostWidget) -> None:
        from screens.react import ReactScreen

        def done(changed: bool | None) -> None:
            if changed:
                self.refresh_reactions(widget)

        screen = ReactScreen(widget.post.id, widget.post.author, widget.reactions, widget.mine)
        self.app.push_screen(screen, done)

    @work(group="react")
    async def toggle_reaction(self, widget: PostWidget, kind: ReactionKind) -> None:
        from screens.react import toggle

        if await attempt(self, toggle(self.app, widget.post.id, kind, kind in widget.mine)):
            await self._show_reactions(widget)

    @work(group="react")
    async def refresh_reactions(self, widget: PostWidget) -> None:
        await self._show_reactions(widget)

    async def _show_reactions(self, widget: PostWidget) -> None:
        try:
            counts, own = await reactions.thread_reactions(self.thread_id, actor_of(self.app))
        except Exception as error:
            self.notify(problem(error), severity="error", markup=False)
            return
        mine: dict[int, set[ReactionKind]] = {}
        for post_id, kind in own:
            mine.setdefault(post_id, set()).add(kind)
        self.safety.counts, self.safety.mine = counts, mine
        post_id = widget.post.id
        await widget.set_reactions(counts.get(post_id, {}), mine.get(post_id, set()))
        if widget.is_attached and self.focused is None:
            widget.focus(scroll_visible=False)

    # -- writing ------------------------------------------------------------------------

    def _title(self) -> str:
        return clean_line(self._shown_title())

    def _compose_reply(self, post: PostView) -> None:
        from screens.compose import ComposeScreen

        def posted(post_id: int | None) -> None:
            if post_id is not None:
                self.collapsed.discard(post.id)
                self.notify("Your reply is posted.", markup=False)
                self.load(focus=post_id, count=len(self.order) + 1)

        self.app.push_screen(ComposeScreen.reply_to(post, self._title()), posted)

    def _compose_edit(self, post: PostView) -> None:
        from screens.compose import ComposeScreen

        def saved(post_id: int | None) -> None:
            if post_id is not None:
                self.notify("Your post is updated.", markup=False)
                self.load(focus=post_id, count=len(self.order))

        self.app.push_screen(ComposeScreen.edit(post, self._title()), saved)

    def _ask_remove(self, post: PostView) -> None:
        from screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.remove_post(post)

        mine = post.author_id == actor_of(self.app).id
        question = (
            "Remove your post? Its replies stay; your words will be gone."
            if mine
            else "Remove this post? Its replies stay. This is logged."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Remove", no="Keep"), answered)

    @work(group="write")
    async def remove_post(self, post: PostView) -> None:
        if await attempt(self, posting.remove_post(actor_of(self.app), post.id)):
            self.notify("The post is removed.", markup=False)
            self.load(focus=post.id, count=len(self.order))

    def may_edit_title(self) -> bool:
        """The thread's author may retitle it, and staff may (logged); not while the
        thread is behind a warning the reader has not chosen to lift."""
        if self.thread is None or self.veiled:
            return False
        return may(self.app, Action.EDIT_ANY_THREAD_TITLE) or may(
            self.app, Action.EDIT_OWN_THREAD_TITLE, Context(owner_id=self.opening_author_id)
        )

    def action_edit_title(self) -> None:
        from screens.ask import AskScreen

        thread = self.thread
        if thread is None or not self.may_edit_title():
            return
        own = self.opening_author_id == actor_of(self.app).id
        heading = "Change your thread's title" if own else "Change this thread's title (logged)"

        async def save(words: str) -> None:
            await posting.edit_thread_title(actor_of(self.app), self.thread_id, words)

        def saved(words: str | None) -> None:
            if words is not None:
                self.notify("The title is changed.", markup=False)
                self.action_refresh()

        screen = AskScreen(
            heading, "Title", save, yes="Save title", required=True, value=thread.title,
            max_length=TITLE_MAX,
        )  # fmt: skip
        self.app.push_screen(screen, saved)

    def action_flag(self, flag: str) -> None:
        if self.thread is not None:
            self.set_flag(flag, not getattr(self.thread, flag))

    def action_slow_mode(self) -> None:
        from screens.slow_mode import SlowModeScreen

        if self.thread is None:
            return

        def done(minutes: int | None) -> None:
            if minutes is None or self.thread is None or self.board is None:
                return
            self.safety.slow_mode = minutes or None
            self._show_thread(self.thread, self.board)
            if minutes:
                self.notify(f"Slow mode is on: {pace_text(minutes)}.", markup=False)
            else:
                self.notify("Slow mode is off.", markup=False)

        screen = SlowModeScreen(self.thread_id, self._title(), self.safety.slow_mode or 0)
        self.app.push_screen(screen, done)

    @work(group="write")
    async def set_flag(self, flag: str, value: bool) -> None:
        write = posting.set_thread_flag(actor_of(self.app), self.thread_id, flag, value)
        if await attempt(self, write):
            self.notify(flag_notice(flag, value), markup=False)
            self.action_refresh()
