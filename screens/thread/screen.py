"""The thread screen's keys and what they do: replying, editing, removing, reacting,
blocking, reporting, and staff's pin, lock, slow mode and retitle (moving between posts
and folding are the reply tree's own: see :mod:`screens.thread.posts`).

Every write goes through the domain, which checks permissions itself, and returns the
post it made or changed: that one post is inserted or redrawn, the thread is not reloaded.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual.binding import Binding

from models import blocks, follows, posting, threads
from models.enums import FollowState
from models.policy import Action, Context
from models.text import clean_line
from models.views import PostView
from screens.resources_pane import ResourcesPane
from screens.session import actor_of, attempt, flag_notice, may, reported
from screens.slow_mode import pace_text
from screens.thread import dialogs
from screens.thread.reading import ThreadReading
from screens.widgets import post_messages as ask
from screens.widgets.post import PostWidget

FOLLOW_WORDS = {
    FollowState.FOLLOWING: "You follow this thread: you are told of every reply.",
    FollowState.MUTED: "Muted: nothing in this thread will notify you (w again to follow).",
}


class ThreadScreen(ThreadReading):
    """Read a thread; move between posts, fold branches, reply, edit, remove."""

    CSS_PATH = "thread.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+r", "toggle_resources", "Resources"),
        Binding("f5", "refresh", "Refresh"),
        Binding("m", "load_more", "More"),
        Binding("t", "from_start", "From the start"),
        Binding("T", "edit_title", "Edit title"),
        Binding("P", "flag('pinned')", "Pin/unpin"),
        Binding("L", "flag('locked')", "Lock/unlock"),
        Binding("S", "slow_mode", "Slow mode"),
        Binding("v", "reveal_thread", "Show thread"),
        Binding("w", "follow", "Follow/mute"),
        Binding("n", "next_new", "Next new"),
    ]

    def _widget(self, message: ask.PostMessage) -> PostWidget | None:
        message.stop()
        return self.posts.get(message.post_id)

    # -- writing ------------------------------------------------------------------------

    def _title(self) -> str:
        return clean_line(self._shown_title())

    @on(ask.Reply)
    def _reply(self, message: ask.Reply) -> None:
        from screens.compose import ComposeScreen

        if (widget := self._widget(message)) is None:
            return

        def posted(post: PostView | None) -> None:
            if post is not None:
                self.notify("Your reply is posted.", markup=False)
                self.show_new_reply(post)

        self.app.push_screen(ComposeScreen.reply_to(widget.post, self._title()), posted)

    @work(group="write")
    @reported
    async def show_new_reply(self, post: PostView) -> None:
        """Insert the reader's new reply at its place, unfolded, with the keys on it; the
        header counts every reply, others' written meanwhile too."""
        thread = await threads.get_thread(self.thread_id)
        if self.board is not None:
            self.show_summary(thread, self.board)
        if not self.loaded_to(post):  # its place is on a page not loaded yet
            self.load(focus=post.id, at=post.id)
            return
        async with self.changing:  # not into a tree half rebuilt
            widget = await self.post_tree.insert(post)
        self.post_tree.unfold_above(widget)
        self.post_tree.focus_post(widget)

    @on(ask.Edit)
    def _edit(self, message: ask.Edit) -> None:
        from screens.compose import ComposeScreen

        if (widget := self._widget(message)) is None:
            return

        def saved(post: PostView | None) -> None:
            if post is not None:
                self.notify("Your post is updated.", markup=False)
                self.show_changed(post)

        self.app.push_screen(ComposeScreen.edit(widget.post, self._title()), saved)

    @work(group="write")
    async def show_changed(self, post: PostView) -> None:
        self.post_tree.focus_post(await self.post_tree.replace(post))

    @on(ask.Remove)
    def _remove(self, message: ask.Remove) -> None:
        if (widget := self._widget(message)) is None:
            return
        post = widget.post

        def answered(yes: bool | None) -> None:
            if yes:
                self.remove_post(post)

        mine = post.author_id == actor_of(self.app).id
        self.app.push_screen(dialogs.remove_question(mine), answered)

    @work(group="write")
    @reported
    async def remove_post(self, post: PostView) -> None:
        removed = await posting.remove_post(actor_of(self.app), post.id)
        self.notify("The post is removed.", markup=False)
        self.post_tree.focus_post(await self.post_tree.replace(removed))

    # -- keeping safe -------------------------------------------------------------------

    @on(ask.Block)
    def _block(self, message: ask.Block) -> None:
        if (widget := self._widget(message)) is None:
            return
        post = widget.post

        def answered(yes: bool | None) -> None:
            if yes:
                self.set_blocked(post, True)

        self.app.push_screen(dialogs.block_question(post), answered)

    @on(ask.Unblock)
    def _unblock(self, message: ask.Unblock) -> None:
        if (widget := self._widget(message)) is not None:
            self.set_blocked(widget.post, False)

    @work(group="write")
    async def set_blocked(self, post: PostView, blocked: bool) -> None:
        change = blocks.block if blocked else blocks.unblock
        if not await attempt(self, change(actor_of(self.app), post.author_id)):
            return
        name = clean_line(post.author)
        if blocked:
            self.notify(f"You blocked {name}. They are not told.", markup=False)
        else:
            self.notify(f"You unblocked {name}.", markup=False)
        others = self.safety.blocked - {post.author_id}
        changed = replace(self.safety, blocked=others | {post.author_id} if blocked else others)
        await self.post_tree.show_safety(changed)
        if (widget := self.posts.get(post.id)) is not None:
            self.post_tree.focus_post(widget)

    @on(ask.PickReaction)
    def _pick_reaction(self, message: ask.PickReaction) -> None:
        from screens.react import ReactScreen

        if (widget := self._widget(message)) is None:
            return

        def done(changed: bool | None) -> None:
            if changed:
                self.show_reactions(widget)

        screen = ReactScreen(widget.post.id, widget.post.author, widget.reactions, widget.mine)
        self.app.push_screen(screen, done)

    @on(ask.React)
    def _react(self, message: ask.React) -> None:
        if (widget := self._widget(message)) is not None:
            self.toggle_reaction(widget, message)

    @work(group="react")
    @reported
    async def toggle_reaction(self, widget: PostWidget, message: ask.React) -> None:
        from screens.react import toggle

        kind = message.kind
        if await attempt(self, toggle(self.app, widget.post.id, kind, kind in widget.mine)):
            await self._show_reactions(widget)

    @work(group="react")
    @reported
    async def show_reactions(self, widget: PostWidget) -> None:
        await self._show_reactions(widget)

    async def _show_reactions(self, widget: PostWidget) -> None:
        counts, mine = await threads.reaction_state(actor_of(self.app), self.thread_id)
        await self.post_tree.show_safety(replace(self.safety, counts=counts, mine=mine))
        if widget.is_attached and self.focused is None:
            widget.focus(scroll_visible=False)

    @on(ask.Report)
    def _report(self, message: ask.Report) -> None:
        from screens.report import ReportScreen

        if (widget := self._widget(message)) is not None:
            self.app.push_screen(ReportScreen(widget.post))

    # -- the thread itself --------------------------------------------------------------

    def may_edit_title(self) -> bool:
        """The thread's author may retitle it, and staff may (logged); not while the
        thread is behind a warning the reader has not chosen to lift."""
        if self.thread is None or self.veiled:
            return False
        return may(self.app, Action.EDIT_ANY_THREAD_TITLE) or may(
            self.app, Action.EDIT_OWN_THREAD_TITLE, Context(owner_id=self.opening_author_id)
        )

    def action_edit_title(self) -> None:
        thread = self.thread
        if thread is None or not self.may_edit_title():
            return

        async def save(words: str) -> None:
            await posting.edit_thread_title(actor_of(self.app), self.thread_id, words)

        def saved(words: str | None) -> None:
            if words is not None:
                self.notify("The title is changed.", markup=False)
                self.reload()

        own = self.opening_author_id == actor_of(self.app).id
        self.app.push_screen(dialogs.title_dialog(thread.title, own, save), saved)

    def action_flag(self, flag: str) -> None:
        if self.thread is not None:
            self.set_flag(flag, not getattr(self.thread, flag))

    @work(group="write")
    async def set_flag(self, flag: str, value: bool) -> None:
        write = posting.set_thread_flag(actor_of(self.app), self.thread_id, flag, value)
        if await attempt(self, write):
            self.notify(flag_notice(flag, value), markup=False)
            self.reload()

    def action_slow_mode(self) -> None:
        from screens.slow_mode import SlowModeScreen

        if self.thread is None:
            return

        def done(minutes: int | None) -> None:
            if minutes is None or self.thread is None or self.board is None:
                return
            self.post_tree.reader.safety = replace(self.safety, slow_mode=minutes or None)
            self.show_summary(self.thread, self.board)
            if minutes:
                self.notify(f"Slow mode is on: {pace_text(minutes)}.", markup=False)
            else:
                self.notify("Slow mode is off.", markup=False)

        screen = SlowModeScreen(self.thread_id, self._title(), self.safety.slow_mode or 0)
        self.app.push_screen(screen, done)

    # -- screen actions -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "flag":
            return self.thread is not None and may(self.app, Action.PIN_THREAD)
        if action == "load_more":
            return self.next_cursor is not None
        if action == "from_start":
            return self.start is not None
        if action == "slow_mode":
            return self.thread is not None and may(self.app, Action.SET_SLOW_MODE)
        if action == "reveal_thread":
            return self.veiled
        if action == "edit_title":
            return self.may_edit_title()
        if action == "follow":
            return may(self.app, Action.FOLLOW_THREAD)
        if action == "next_new":
            return any(widget.new for widget in self.posts.values())
        return True

    def action_toggle_resources(self) -> None:
        self.query_one(ResourcesPane).toggle()

    def action_refresh(self) -> None:
        self.reload()

    def action_load_more(self) -> None:
        self.load_more()

    def action_from_start(self) -> None:
        self.show_from_start()

    def action_reveal_thread(self) -> None:
        self.reveal_thread()

    def action_next_new(self) -> None:
        """Jump to the next post marked new (after the focused one, then from the top)."""
        order = self.order
        focused = self.focused
        at = order.index(focused.post.id) if isinstance(focused, PostWidget) else -1
        for post_id in order[at + 1 :] + order[: at + 1]:
            if (widget := self.posts[post_id]).new:
                self.post_tree.unfold_above(widget)
                self.post_tree.focus_post(widget)
                return

    @work(group="write")
    @reported
    async def action_follow(self) -> None:
        state = await follows.toggle(actor_of(self.app), self.thread_id)
        self.notify(FOLLOW_WORDS[state], markup=False)
