"""A thread: the opening post and its reply tree, loaded a screenful at a time.

The domain returns posts in reading order (each post followed by its replies), so a page
of posts always finds its parents already on screen. Only :data:`FIRST_PAGE` posts load
at first; more load as you move or scroll toward the end, so a thread with ten thousand
replies opens at once and never freezes the interface.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Markdown, Static

from models import clock, posting, threads
from models.policy import Action, Context
from models.text import clean_line
from models.views import BoardSummary, PostView, ThreadSummary
from screens import format
from screens.messages import PostAction
from screens.session import actor_of, may, problem
from screens.widgets.footer import KeyFooter
from screens.widgets.post import PostWidget
from screens.widgets.resources_pane import ResourcesPane
from screens.widgets.top_bar import TopBar

FIRST_PAGE = 25
"""Posts loaded when the thread opens: more than fill the largest usual screen."""
PAGE = 50
"""Posts loaded each time the reader nears the end of what is loaded."""
MOUNT_CHUNK = 15
"""Posts mounted per step, so key presses are handled between steps."""
LOAD_AHEAD = 8
"""Load the next page when the focused post is this close to the last loaded one."""


class ThreadScreen(Screen[None]):
    """Read a thread; move between posts, collapse branches, reply, edit, remove."""

    CSS_PATH = "thread.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+r", "toggle_resources", "Resources"),
        Binding("f5", "refresh", "Refresh"),
        Binding("m", "load_more", "More"),
        Binding("P", "flag('pinned')", "Pin/unpin"),
        Binding("L", "flag('locked')", "Lock/unlock"),
    ]

    def __init__(self, thread_id: int, *, focus_post: int | None = None) -> None:
        super().__init__()
        self.thread_id = thread_id
        """The thread shown."""
        self.focus_post = focus_post
        """The post to focus once loaded (None: the opening post)."""
        self.thread: ThreadSummary | None = None
        self.board: BoardSummary | None = None
        self.posts: dict[int, PostWidget] = {}
        """Every loaded post's widget, by post id."""
        self.order: list[int] = []
        """Loaded post ids in reading order."""
        self.collapsed: set[int] = set()
        """Posts whose branch the reader folded: kept across reloads."""
        self.next_cursor: str | None = None
        """Where the next page starts, or None when the whole thread is loaded."""
        self.ready = False
        """True once the first screenful is on screen (tests and the benchmark wait on it)."""

    def compose(self) -> ComposeResult:
        yield TopBar("Thread")
        with Horizontal(id="main"):
            with VerticalScroll(id="posts"):
                yield Static("Loading…", id="title", markup=False)
                yield Static("", id="meta", markup=False)
                yield Static("", id="notice", markup=False)
                yield Vertical(id="tree")
                yield Button("Load more replies", id="more")
                yield Static("", id="status", markup=False)
            yield ResourcesPane(None)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#more", Button).display = False
        self.watch(self.query_one("#posts"), "scroll_y", self._scrolled, init=False)
        self.load(focus=self.focus_post)

    # -- loading ------------------------------------------------------------------------

    @work(exclusive=True, group="load")
    async def load(self, focus: int | None = None, count: int = FIRST_PAGE) -> None:
        """(Re)load the first ``count`` posts and rebuild the tree."""
        try:
            view = await threads.open_thread(self.thread_id, limit=count)
        except Exception as error:
            self._status(problem(error))
            return
        self._show_thread(view.thread, view.board)
        tree = self.query_one("#tree", Vertical)
        await tree.remove_children()
        self.posts.clear()
        self.order.clear()
        await self._add(view.posts)
        self._set_cursor(view.next_cursor)
        self._status("")
        target = self.posts.get(focus) if focus is not None else None
        if target is None and self.order:
            target = self.posts[self.order[0]]
        if target is not None:
            self._reveal(target)
            self.call_after_refresh(self._focus, target)
        self.ready = True

    @work(exclusive=True, group="more")
    async def load_more(self) -> None:
        if self.next_cursor is None:
            return
        self._status("Loading more replies…")
        try:
            view = await threads.open_thread(self.thread_id, after=self.next_cursor, limit=PAGE)
        except Exception as error:
            self._status(problem(error))
            return
        await self._add(view.posts)
        self._set_cursor(view.next_cursor)
        self._status("")

    async def _add(self, posts: list[PostView]) -> None:
        """Build widgets for ``posts`` and mount each under its parent, a chunk at a time."""
        now = clock.now()
        actor = actor_of(self.app)
        thread, board = self.thread, self.board
        can_reply = (
            thread is not None
            and board is not None
            and may(
                self.app,
                Action.REPLY,
                Context(thread_locked=thread.locked, board_locked=board.locked),
            )
        )
        moderator = may(self.app, Action.REMOVE_ANY_POST)
        groups: dict[Widget, list[PostWidget]] = {}
        tree = self.query_one("#tree", Vertical)
        for post in posts:
            own = actor.id is not None and post.author_id == actor.id
            widget = PostWidget(
                post, own=own, can_reply=can_reply, can_remove=own or moderator, now=now
            )
            if post.id in self.collapsed:
                widget.add_class("-collapsed")
            parent = self.posts.get(post.parent_id) if post.parent_id is not None else None
            if parent is None:
                groups.setdefault(tree, []).append(widget)
            elif parent.is_mounted:
                groups.setdefault(parent.replies, []).append(widget)
            else:
                parent.pending.append(widget)
            self.posts[post.id] = widget
            self.order.append(post.id)
        for box, widgets in groups.items():
            for start in range(0, len(widgets), MOUNT_CHUNK):
                await box.mount_all(widgets[start : start + MOUNT_CHUNK])
        for post_id in self.collapsed:
            if (widget := self.posts.get(post_id)) is not None:
                widget.set_collapsed(True)  # recount what the fold hides

    def _set_cursor(self, cursor: str | None) -> None:
        self.next_cursor = cursor
        self.query_one("#more", Button).display = cursor is not None
        self.refresh_bindings()

    def _show_thread(self, thread: ThreadSummary, board: BoardSummary) -> None:
        self.thread, self.board = thread, board
        self.query_one(TopBar).set_where(board.name, thread.title)
        pane = self.query_one(ResourcesPane)
        if pane.board_id != board.id:
            pane.board_id = board.id
            pane.reload()
        badges = []
        if thread.pinned:
            badges.append(Content.styled(" PINNED ", "bold $text-accent on $accent-muted"))
        if thread.locked:
            badges.append(Content.styled(" LOCKED ", "bold $text-warning on $warning-muted"))
        self.query_one("#title", Static).update(
            format.join(*badges, format.line(thread.title, "bold"), separator=" ")
        )
        self.query_one("#meta", Static).update(
            format.join(
                Content.assemble("in ", format.line(board.name, "$text-secondary")),
                Content.assemble("started by ", format.line(thread.author, "bold")),
                format.ago(thread.created_at, clock.now()),
                format.count(thread.reply_count, "reply", "replies"),
            )
        )
        notices: list[Content] = []
        if thread.content_warning:
            notices.append(
                Content.assemble(
                    ("Content warning: ", "bold $text-error"), format.line(thread.content_warning)
                )
            )
        if thread.locked:
            notices.append(
                Content.styled("This thread is locked: it takes no new replies.", "$text-warning")
            )
        if actor_of(self.app).is_guest:
            notices.append(
                Content.styled("You are browsing as a guest: sign in to reply.", "$text-muted")
            )
        notice = self.query_one("#notice", Static)
        notice.update(Content("\n").join(notices))
        notice.display = bool(notices)
        self.refresh_bindings()

    def _status(self, message: str) -> None:
        self.query_one("#status", Static).update(message)

    def _scrolled(self, scroll_y: float) -> None:
        scroll = self.query_one("#posts", VerticalScroll)
        if self.next_cursor is not None and scroll_y >= scroll.max_scroll_y - scroll.size.height:
            self.load_more()

    @on(Button.Pressed, "#more")
    def _more(self, event: Button.Pressed) -> None:
        event.stop()
        self.load_more()

    # -- moving around ------------------------------------------------------------------

    def _focus(self, widget: PostWidget) -> None:
        if not widget.is_attached:
            return
        widget.focus(scroll_visible=False)
        widget.card.scroll_visible(animate=False)
        index = self.order.index(widget.post.id) if widget.post.id in self.posts else 0
        if index >= len(self.order) - LOAD_AHEAD:
            self.load_more()

    def _reveal(self, widget: PostWidget) -> None:
        """Unfold every branch above ``widget`` so it can be seen."""
        parent = widget.parent_post
        while parent is not None:
            if parent.collapsed:
                self.collapsed.discard(parent.post.id)
                parent.set_collapsed(False)
            parent = parent.parent_post

    @staticmethod
    def next_visible(widget: PostWidget) -> PostWidget | None:
        """The post after ``widget`` in reading order, skipping folded branches."""
        if not widget.collapsed and (replies := widget.reply_widgets()):
            return replies[0]
        node: PostWidget | None = widget
        while node is not None:
            siblings = (
                [w for w in node.parent.children if isinstance(w, PostWidget)]
                if node.parent
                else []
            )
            at = siblings.index(node)
            if at + 1 < len(siblings):
                return siblings[at + 1]
            node = node.parent_post
        return None

    @staticmethod
    def previous_visible(widget: PostWidget) -> PostWidget | None:
        """The post before ``widget`` in reading order, skipping folded branches."""
        siblings = (
            [w for w in widget.parent.children if isinstance(w, PostWidget)]
            if widget.parent
            else []
        )
        at = siblings.index(widget)
        if at == 0:
            return widget.parent_post
        node = siblings[at - 1]
        while not node.collapsed and (replies := node.reply_widgets()):
            node = replies[-1]
        return node

    @on(PostAction)
    def _post_action(self, event: PostAction) -> None:
        event.stop()
        widget = self.posts.get(event.post_id)
        if widget is None:
            return
        if event.action == "next":
            if (after := self.next_visible(widget)) is not None:
                self._focus(after)
            elif self.next_cursor is not None:
                self.load_more()
        elif event.action == "previous":
            if (before := self.previous_visible(widget)) is not None:
                self._focus(before)
        elif event.action == "toggle":
            folded = not widget.collapsed
            widget.set_collapsed(folded)
            (self.collapsed.add if folded else self.collapsed.discard)(widget.post.id)
            self._focus(widget)
        elif event.action == "parent":
            if (parent := widget.parent_post) is not None:
                self._focus(parent)
        elif event.action == "reply":
            self._compose_reply(widget.post)
        elif event.action == "edit":
            self._compose_edit(widget.post)
        elif event.action == "remove":
            self._ask_remove(widget.post)

    # -- writing ------------------------------------------------------------------------

    def _title(self) -> str:
        return clean_line(self.thread.title) if self.thread else ""

    def _compose_reply(self, post: PostView) -> None:
        from screens.compose import ComposeScreen

        def posted(post_id: int | None) -> None:
            if post_id is not None:
                self.collapsed.discard(post.id)
                self.notify("Your reply is posted.", markup=False)
                self.load(focus=post_id, count=max(FIRST_PAGE, len(self.order) + 1))

        self.app.push_screen(ComposeScreen.reply_to(post, self._title()), posted)

    def _compose_edit(self, post: PostView) -> None:
        from screens.compose import ComposeScreen

        def saved(post_id: int | None) -> None:
            if post_id is not None:
                self.notify("Your post is updated.", markup=False)
                self.load(focus=post_id, count=max(FIRST_PAGE, len(self.order)))

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
        try:
            await posting.remove_post(actor_of(self.app), post.id)
        except Exception as error:
            self.notify(problem(error), severity="error", markup=False)
            return
        self.notify("The post is removed.", markup=False)
        self.load(focus=post.id, count=max(FIRST_PAGE, len(self.order)))

    # -- screen actions -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "flag":
            return self.thread is not None and may(self.app, Action.PIN_THREAD)
        if action == "load_more":
            return self.next_cursor is not None
        return True

    def action_toggle_resources(self) -> None:
        self.query_one(ResourcesPane).toggle()

    def action_refresh(self) -> None:
        focused = self.focused
        keep = focused.post.id if isinstance(focused, PostWidget) else None
        self.load(focus=keep, count=max(FIRST_PAGE, len(self.order)))
        self.query_one(ResourcesPane).reload()

    def action_load_more(self) -> None:
        self.load_more()

    def action_flag(self, flag: str) -> None:
        if self.thread is not None:
            self.set_flag(flag, not getattr(self.thread, flag))

    @work(group="write")
    async def set_flag(self, flag: str, value: bool) -> None:
        try:
            await posting.set_thread_flag(actor_of(self.app), self.thread_id, flag, value)
        except Exception as error:
            self.notify(problem(error), severity="error", markup=False)
            return
        verb = {"pinned": ("Unpinned", "Pinned"), "locked": ("Unlocked", "Locked")}[flag][value]
        self.notify(f"{verb} the thread.", markup=False)
        self.action_refresh()

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        # Never open a link on the machine running the app (over SSH that is the server).
        event.stop()
        self.notify(
            f"Link: {clean_line(event.href)}",
            title="Links are not opened here",
            markup=False,
            timeout=10,
        )
