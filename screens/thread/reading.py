"""Reading a thread: the opening post and its reply tree, loaded a screenful at a time.

The domain returns posts in reading order (each post followed by its replies), so a page
of posts always finds its parents already on screen. Only :data:`FIRST_PAGE` posts load
at first; more load as you move or scroll toward the end, so a thread with ten thousand
replies opens at once and never freezes the interface. A write returns the post it made
or changed, and only that post's widget changes.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Static

from models import clock, threads
from models.changes import Change
from models.policy import Action, Context
from models.views import (
    BoardSummary,
    PostView,
    ReaderSafety,
    ResourceView,
    ThreadSummary,
    ThreadView,
)
from screens.resources_pane import ResourcesPane
from screens.session import actor_of, may, problem, refresh_actor, reported
from screens.thread import following
from screens.thread.header import ThreadHeader, shown_title, thread_veil
from screens.thread.place import keep, place_of
from screens.thread.posts import PostTree
from screens.widgets.footer import KeyFooter
from screens.widgets.post import PostWidget
from screens.widgets.top_bar import TopBar

FIRST_PAGE = 12
"""Fewest posts loaded when the thread opens; taller terminals load a few more (a post
takes at least three rows), so the first screen is always full."""
PAGE = 50
"""Posts loaded each time the reader nears the end of what is loaded."""


def first_page(height: int) -> int:
    """Posts that fill a terminal ``height`` rows tall (a post takes three rows or more)."""
    return max(FIRST_PAGE, height // 3 + 2)


class ThreadReading(Screen[None]):
    """A thread on screen: loading it a page at a time, its header and veil, and where
    the keys are. :class:`screens.thread.screen.ThreadScreen` adds what a reader does."""

    def __init__(
        self,
        thread_id: int,
        *,
        board_id: int | None = None,
        focus_post: int | None = None,
        view: ThreadView | None = None,
        resources: list[ResourceView] | None = None,
        safety: ReaderSafety | None = None,
    ) -> None:
        super().__init__()
        self.thread_id = thread_id
        """The thread shown."""
        self.board_id = view.board.id if view else board_id
        """Its board, when the caller knows it: the resources pane loads at once."""
        self.preloaded = view
        """The first screenful, fetched before the screen opened (see :func:`show_thread`)."""
        self.preloaded_resources = resources
        self.focus_post = focus_post
        """The post to focus once loaded (None: the opening post)."""
        self.thread: ThreadSummary | None = None
        self.board: BoardSummary | None = None
        self.post_tree = PostTree()
        """The posts on screen and the reply tree they form."""
        if safety is not None:
            self.post_tree.reader.safety = safety
        self.next_cursor: str | None = None
        """Where the next page starts, or None when the whole thread is loaded."""
        self.start: str | None = None
        """Set when the thread is shown from this post's path on (under the posts it
        replies to), the replies before it left out: opened at a reported post."""
        self.ready = False
        """True once the first screenful is on screen (tests and the benchmark wait on it)."""
        self._loading_more = False
        self.thread_revealed = False
        """Whether the reader chose to read a thread that has a warning."""
        self.opening_author_id: int | None = None
        """Who started the thread (their own thread is never veiled for them)."""
        self.live = following.live_updates(self)
        """What others change in the thread, shown as it happens."""
        self.changing = asyncio.Lock()
        """Held while the tree changes (a load, a page, a burst of live changes): each
        reads the thread after the one before has shown what it read."""
        self.read_since: datetime | None = None
        """Up to when the reader had read the thread before this visit: posts written
        after it are marked new."""
        self.seen_timer: Timer | None = None
        self._offered: tuple[bool | None, ...] | None = None
        """What :meth:`check_action` said of each of the screen's keys when last asked."""

    @property
    def posts(self) -> dict[int, PostWidget]:
        """Every loaded post's widget, by post id."""
        return self.post_tree.posts

    @property
    def order(self) -> list[int]:
        """Loaded post ids in reading order."""
        return self.post_tree.model.order

    @property
    def safety(self) -> ReaderSafety:
        return self.post_tree.reader.safety

    def parent_of(self, widget: PostWidget) -> PostWidget | None:
        """The post ``widget`` replies to (None for the opening post)."""
        return self.post_tree.parent_of(widget)

    def compose(self) -> ComposeResult:
        view = self.preloaded
        roots: list[PostWidget] = []
        if view is not None:
            self._know(view)
            roots, _ = self.post_tree.place(view.posts, clock.now())
        yield TopBar(*((view.board.name, self._shown_title()) if view else ("Thread",)))
        with Horizontal(id="main"):
            with VerticalScroll(id="posts"):
                yield ThreadHeader()
                earlier = Button(
                    "Earlier replies are left out: show the thread from the start",
                    id="from-start",
                )
                earlier.display = False  # see _show_from_start
                yield earlier
                with self.post_tree:
                    yield from roots
                yield Button("Load more replies", id="more")
                yield Static("", id="status", markup=False)
            # Without a board id the pane loads once the thread says which board.
            yield ResourcesPane(
                self.board_id, load=self.board_id is not None, items=self.preloaded_resources
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.live.start()
        self.watch(self.query_one("#posts"), "scroll_y", self._scrolled, init=False)
        view = self.preloaded
        if view is None:
            self.query_one("#more", Button).display = False
            self._apply_veil()
            self.load(focus=self.focus_post, at=self.focus_post)
            return
        self.preloaded = None
        self.show_summary(view.thread, view.board)
        self._set_start(view.start)
        self._set_cursor(view.next_cursor)
        self._focus_after_load(self.focus_post)

    def on_unmount(self) -> None:
        self.live.stop()

    @work(group="unread")
    @reported
    async def show_unread(self) -> None:
        await following.show_unread(self)

    @work(group="unread")
    @reported
    async def remember_seen(self) -> None:
        await following.screen_seen(self)

    @work(group="live")
    @reported
    async def catch_up(self, changes: list[Change]) -> None:
        """Show what others changed (a burst at a time, one burst after another)."""
        async with self.changing:
            await following.catch_up(self, changes)

    # -- loading ------------------------------------------------------------------------

    def _know(self, view: ThreadView) -> None:
        """Take in the thread, its board and who started it, and what the reader may do."""
        self.thread, self.board = view.thread, view.board
        if view.posts and view.posts[0].parent_id is None:
            self.opening_author_id = view.posts[0].author_id
        thread, board, reader = view.thread, view.board, self.post_tree.reader
        reader.id = actor_of(self.app).id
        reader.can_reply = may(
            self.app, Action.REPLY, Context(thread_locked=thread.locked, board_locked=board.locked)
        )
        reader.moderator = may(self.app, Action.REMOVE_ANY_POST)
        reader.can_react = may(self.app, Action.REACT)
        reader.can_report = may(self.app, Action.REPORT_POST)
        reader.can_block = may(self.app, Action.BLOCK_USER)

    @work(exclusive=True, group="load")
    async def load(
        self,
        focus: int | None = None,
        count: int | None = None,
        *,
        at: int | None = None,
        from_start: bool = False,
        steady: bool = False,
    ) -> None:
        """(Re)load the first ``count`` posts (a screenful) and rebuild the tree: from
        :attr:`start` if set (unless ``from_start``), or from where post ``at`` can be
        read. :attr:`start` changes only once the posts are here. ``steady``: the focused
        post stays at its row on screen (a reload, see :meth:`reload`)."""
        count = max(count or 0, first_page(self.app.size.height))
        self.workers.cancel_group(self, "more")  # a rebuild replaces any page half-mounted
        self._loading_more = False
        async with self.changing:
            await self._load(focus, count, at, from_start, steady)

    async def _load(
        self, focus: int | None, count: int, at: int | None, from_start: bool, steady: bool
    ) -> None:
        try:
            if at is not None:
                view = await threads.open_thread_at(self.thread_id, at, limit=count)
            else:
                start = None if from_start else self.start
                view = await threads.open_thread(self.thread_id, limit=count, start=start)
            safety = await threads.reader_safety(await refresh_actor(self.app), view.thread)
        except Exception as error:
            self._status(problem(error))
            return
        self.post_tree.reader.safety = safety
        self._know(view)
        where = place_of(self) if steady else None
        await self.post_tree.reset(view.posts, clock.now())
        self.show_summary(view.thread, view.board)
        self._set_start(view.start)
        self._set_cursor(view.next_cursor)
        self._status("")
        self._focus_after_load(focus, scroll=not steady)
        await keep(self, self.posts, where)

    def _focus_after_load(self, focus: int | None, scroll: bool = True) -> None:
        if self.veiled:
            self.query_one("#reveal-thread", Button).focus()
        else:
            self._focus_post(focus, scroll=scroll)
        self.app.call_later(self._now_ready)  # after the focus, which is applied later

    def _now_ready(self) -> None:
        self.ready = True
        self.show_unread()

    def _focus_post(self, post_id: int | None, scroll: bool = True) -> None:
        """Bring post ``post_id`` (or the opening post) into view and onto the keys."""
        target = self.posts.get(post_id) if post_id is not None else None
        target = target or self.post_tree.first()
        if target is not None:
            self.post_tree.unfold_above(target)
            self.post_tree.focus_post(target, scroll=scroll)

    def load_more(self) -> None:
        """Load the next page, unless one is loading already.

        Not an exclusive worker: cancelling one half way through mounting its page would
        leave posts counted but not shown, and the next page would then repeat them.
        """
        if self.next_cursor is None or self._loading_more:
            return
        self._loading_more = True
        self._load_page(self.next_cursor)

    @work(group="more")
    async def _load_page(self, cursor: str) -> None:
        try:
            async with self.changing:
                await self._add_page(cursor)
        finally:
            self._loading_more = False

    async def _add_page(self, cursor: str) -> None:
        self._status("Loading more replies…")
        try:
            view = await threads.open_thread(self.thread_id, after=cursor, limit=PAGE)
        except Exception as error:
            self._status(problem(error))
            return
        await self.post_tree.add(view.posts, clock.now())
        following.mark_since(self, [self.posts[post.id] for post in view.posts])
        self._set_cursor(view.next_cursor)
        self._status("")

    def loaded_to(self, post: PostView) -> bool:
        """Whether ``post``'s place is among the loaded posts (not on a page to come)."""
        if self.next_cursor is None:
            return True
        return bool(self.order) and post.path < self.posts[self.order[-1]].post.path

    def refresh_keys(self) -> None:
        """Have the footer draw its keys again if the keys on offer changed. Working out
        every key on offer is one of the dearest parts of drawing a screen, and a reply
        that arrives seldom changes them."""
        actions = [binding.action.partition("(")[0] for binding in type(self).BINDINGS]
        offered = tuple(self.check_action(action, ()) for action in actions)
        if offered != self._offered:
            self._offered = offered
            self.refresh_bindings()

    def _set_start(self, start: str | None) -> None:
        self.start = start
        self._show_from_start()
        self.refresh_keys()

    def _show_from_start(self) -> None:
        """The way back to the thread's start, while it is shown from a later post (and
        not while the whole thread is behind its warning)."""
        self.query_one("#from-start", Button).display = self.start is not None and not self.veiled

    def _set_cursor(self, cursor: str | None) -> None:
        self.next_cursor = cursor
        self.query_one("#more", Button).display = cursor is not None
        self.refresh_keys()

    def show_summary(self, thread: ThreadSummary, board: BoardSummary) -> None:
        self.thread, self.board = thread, board
        self.query_one(TopBar).set_where(board.name, self._shown_title())
        pane = self.query_one(ResourcesPane)
        if pane.board_id != board.id or not pane.items:
            pane.board_id = board.id
            pane.reload()
        self.query_one(ThreadHeader).show(
            thread, board, title=self._shown_title(), safety=self.safety,
            # Times read from when the posts were loaded, as the posts' own do.
            reader=actor_of(self.app), now=self.post_tree.now or clock.now(),
            veil=self.thread_warning,
        )  # fmt: skip
        self._apply_veil()
        self.refresh_keys()

    # -- a thread with a warning ----------------------------------------------------------

    @property
    def thread_warning(self) -> str | None:
        """The thread's warning (or the reader's hidden topics in its title), unless the
        reader wrote it or chose to read it."""
        if self.thread is None or self.thread_revealed:
            return None
        return thread_veil(
            self.thread, self.safety.topics, actor_of(self.app), self.opening_author_id
        )

    @property
    def veiled(self) -> bool:
        return self.thread_warning is not None

    def _shown_title(self) -> str:
        return shown_title(self.thread, self.safety.topics, self.veiled) if self.thread else ""

    def _apply_veil(self) -> None:
        self.query_one(PostTree).display = not self.veiled
        self._show_from_start()

    @on(Button.Pressed, "#reveal-thread")
    def _reveal_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.reveal_thread()

    def reveal_thread(self) -> None:
        if not self.veiled:
            return
        self.thread_revealed = True
        if self.thread is not None and self.board is not None:
            self.show_summary(self.thread, self.board)  # the title, if it was hidden too
        self._focus_post(self.focus_post)

    def _status(self, message: str) -> None:
        self.query_one("#status", Static).update(message)

    def _scrolled(self, scroll_y: float) -> None:
        scroll = self.query_one("#posts", VerticalScroll)
        if self.next_cursor is not None and scroll_y >= scroll.max_scroll_y - scroll.size.height:
            self.load_more()

    @on(Button.Pressed, "#from-start")
    def _from_start_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.show_from_start()

    @on(Button.Pressed, "#more")
    def _more(self, event: Button.Pressed) -> None:
        event.stop()
        self.load_more()

    @on(PostTree.NearEnd)
    def _near_end(self, event: PostTree.NearEnd) -> None:
        event.stop()
        self.load_more()

    def show_from_start(self) -> None:
        if self.start is not None:
            self.load(from_start=True)

    def reload(self) -> None:
        """Load again what is shown, keeping the keys on the same post, at its row."""
        focused = self.focused
        on = focused.post.id if isinstance(focused, PostWidget) else None
        self.load(focus=on, count=len(self.order), steady=True)
        self.query_one(ResourcesPane).reload()
