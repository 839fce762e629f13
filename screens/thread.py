"""A thread: the opening post and its reply tree, loaded a screenful at a time.

The domain returns posts in reading order (each post followed by its replies), so a page
of posts always finds its parents already on screen. Only :data:`FIRST_PAGE` posts load
at first; more load as you move or scroll toward the end, so a thread with ten thousand
replies opens at once and never freezes the interface.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Static

from models import blocks, clock, reactions, resources, threads, warnings
from models.entities import ReactionKind
from models.policy import Action, Context
from models.views import BoardSummary, PostView, ResourceView, ThreadSummary, ThreadView
from screens import format
from screens.messages import PostAction
from screens.session import actor_of, may, problem, refresh_actor
from screens.slow_mode import pace_text
from screens.suspend import suspension_notice
from screens.thread_writes import ThreadWrites
from screens.widgets.footer import KeyFooter
from screens.widgets.post import INDENT_CAP, PostWidget
from screens.widgets.reactions import KINDS
from screens.widgets.resources_pane import ResourcesPane, help_first
from screens.widgets.top_bar import TopBar

FIRST_PAGE = 12
"""Fewest posts loaded when the thread opens; taller terminals load a few more (a post
takes at least three rows), so the first screen is always full."""
PAGE = 50
"""Posts loaded each time the reader nears the end of what is loaded."""
MOUNT_CHUNK = 15
"""Posts mounted per step, so key presses are handled between steps."""
LOAD_AHEAD = 8
"""Load the next page when the focused post is this close to the last loaded one."""


@dataclass
class ReaderSafety:
    """The reader's own safety choices and the thread's reactions, loaded with the posts."""

    blocked: frozenset[int] = frozenset()
    """People the reader blocked: their posts are folded."""
    topics: list[str] = field(default_factory=list)
    """Topics the reader always wants behind a warning."""
    counts: dict[int, dict[ReactionKind, int]] = field(default_factory=dict)
    """Reactions per post and kind."""
    mine: dict[int, set[ReactionKind]] = field(default_factory=dict)
    """The reader's own reactions, per post."""
    slow_mode: int | None = None
    """Minutes between posts when the thread is in slow mode (shown to everyone)."""


async def reader_safety(app: App, thread: ThreadSummary) -> ReaderSafety:
    actor = await refresh_actor(app)  # a suspension applies at once
    counts, own = await reactions.thread_reactions(thread.id, actor)
    mine: dict[int, set[ReactionKind]] = {}
    for post_id, kind in own:
        mine.setdefault(post_id, set()).add(kind)
    return ReaderSafety(
        blocked=await blocks.blocked_ids(actor),
        topics=await warnings.hidden_topics(actor),
        counts=counts,
        mine=mine,
        slow_mode=thread.slow_mode_minutes,
    )


def first_page(height: int) -> int:
    """Posts that fill a terminal ``height`` rows tall (a post takes three rows or more)."""
    return max(FIRST_PAGE, height // 3 + 2)


async def _prepared_screen(
    app: App, thread_id: int, *, board_id: int | None = None, focus_post: int | None = None
) -> ThreadScreen:
    """A thread screen with its first screenful already fetched.

    Fetching first and building the screen with its posts in one go lays the screen out
    once instead of several times, which is most of the cost of opening a thread. If the
    fetch fails, the screen fetches again itself and shows what went wrong.
    """
    page = first_page(app.size.height)
    try:
        if focus_post is None:
            view = await threads.open_thread(thread_id, limit=page)
        else:
            view = await threads.open_thread_at(thread_id, focus_post, limit=page)
        pinned = await resources.list_resources(view.board.id)
        safety = await reader_safety(app, view.thread)
    except Exception:
        return ThreadScreen(thread_id, board_id=board_id, focus_post=focus_post)
    return ThreadScreen(
        thread_id,
        focus_post=focus_post,
        view=view,
        resources=help_first(pinned),
        safety=safety,
    )


async def show_thread(
    app: App,
    thread_id: int,
    *,
    board_id: int | None = None,
    focus_post: int | None = None,
    over: Screen | None = None,
) -> ThreadScreen | None:
    """Open a thread: the one way every screen (and every test) does it.

    Fetches the first screenful, then pushes the screen built with it and returns it. With
    ``over`` (the screen it opens from), nothing opens if the reader has moved on from that
    screen by the time the posts arrive.
    """
    screen = await _prepared_screen(app, thread_id, board_id=board_id, focus_post=focus_post)
    if over is not None and not over.is_current:
        return None
    await app.push_screen(screen)
    return screen


class ThreadScreen(ThreadWrites):
    """Read a thread; move between posts, collapse branches, reply, edit, remove."""

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
    ]

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
        """The first screenful, fetched before the screen opened (see :func:`show_thread`):
        then the screen is built with its posts in one go, which is much faster."""
        self.preloaded_resources = resources
        self.focus_post = focus_post
        """The post to focus once loaded (None: the opening post)."""
        self.thread: ThreadSummary | None = None
        self.board: BoardSummary | None = None
        self.posts: dict[int, PostWidget] = {}
        """Every loaded post's widget, by post id."""
        self.order: list[int] = []
        """Loaded post ids in reading order."""
        self.index: dict[int, int] = {}
        """Each loaded post's place in ``order``."""
        self.collapsed: set[int] = set()
        """Posts whose branch the reader folded: kept across reloads."""
        self.next_cursor: str | None = None
        """Where the next page starts, or None when the whole thread is loaded."""
        self.start: str | None = None
        """Set when the thread is shown from this post's path on (under the posts it
        replies to), the replies before it left out: opened at a reported post."""
        self.ready = False
        """True once the first screenful is on screen (tests and the benchmark wait on it)."""
        self._loading_more = False
        self.safety = safety or ReaderSafety()
        """Blocks, hidden topics, reactions and slow mode, loaded with the posts."""
        self.revealed: set[int] = set()
        """Posts the reader chose to read despite a warning or a block: kept across reloads."""
        self.thread_revealed = False
        """Whether the reader chose to read a thread that has a warning."""
        self.opening_author_id: int | None = None
        """Who started the thread (their own thread is never veiled for them)."""

    def compose(self) -> ComposeResult:
        view = self.preloaded
        roots: list[PostWidget] = []
        if view is not None:
            self.thread, self.board = view.thread, view.board
            roots, _ = self._place(view.posts)
        title, meta, notice = self._thread_parts()
        yield TopBar(*((view.board.name, self._shown_title()) if view else ("Thread",)))
        with Horizontal(id="main"):
            with VerticalScroll(id="posts"):
                yield Static(title, id="title", markup=False)
                yield Static(meta, id="meta", markup=False)
                yield Static(notice, id="notice", markup=False)
                with Vertical(id="veil"):
                    yield Static("", id="veil-text", markup=False)
                    yield Button("Show the thread", id="reveal-thread", variant="primary")
                earlier = Button(
                    "Earlier replies are left out: show the thread from the start",
                    id="from-start",
                )
                earlier.display = False  # see _show_from_start
                yield earlier
                yield Vertical(*roots, id="tree")
                yield Button("Load more replies", id="more")
                yield Static("", id="status", markup=False)
            # Without a board id the pane loads once the thread says which board.
            yield ResourcesPane(
                self.board_id, load=self.board_id is not None, items=self.preloaded_resources
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#notice").display = bool(self.query_one("#notice", Static).visual)
        self._apply_veil()
        self.watch(self.query_one("#posts"), "scroll_y", self._scrolled, init=False)
        view = self.preloaded
        if view is None:
            self.query_one("#more", Button).display = False
            self.load(focus=self.focus_post, at=self.focus_post)
            return
        self.preloaded = None
        self._set_start(view.start)
        self._set_cursor(view.next_cursor)
        self._focus_after_load(self.focus_post)

    # -- loading ------------------------------------------------------------------------

    @work(exclusive=True, group="load")
    async def load(
        self,
        focus: int | None = None,
        count: int | None = None,
        *,
        at: int | None = None,
        from_start: bool = False,
    ) -> None:
        """(Re)load the first ``count`` posts (a screenful) and rebuild the tree: from
        :attr:`start` if set (unless ``from_start``), or from where post ``at`` can be
        read. :attr:`start` changes only once the posts are here."""
        count = max(count or 0, self.first_page)
        self.workers.cancel_group(self, "more")  # a rebuild replaces any page half-mounted
        self._loading_more = False
        try:
            if at is not None:
                view = await threads.open_thread_at(self.thread_id, at, limit=count)
            else:
                start = None if from_start else self.start
                view = await threads.open_thread(self.thread_id, limit=count, start=start)
            self.safety = await reader_safety(self.app, view.thread)
        except Exception as error:
            self._status(problem(error))
            return
        if view.posts and view.posts[0].parent_id is None:
            self.opening_author_id = view.posts[0].author_id
        self._show_thread(view.thread, view.board)
        tree = self.query_one("#tree", Vertical)
        await tree.remove_children()
        self.posts.clear()
        self.order.clear()
        self.index.clear()
        await self._add(view.posts)
        self._set_start(view.start)
        self._set_cursor(view.next_cursor)
        self._status("")
        self._focus_after_load(focus)

    def _focus_after_load(self, focus: int | None) -> None:
        if self.veiled:
            self.query_one("#reveal-thread", Button).focus()
            self.ready = True
            return
        target = self.posts.get(focus) if focus is not None else None
        if target is None and self.order:
            target = self.posts[self.order[0]]
        if target is not None:
            self._reveal(target)
            self._focus(target)
        self.ready = True

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
            self._status("Loading more replies…")
            try:
                view = await threads.open_thread(self.thread_id, after=cursor, limit=PAGE)
            except Exception as error:
                self._status(problem(error))
                return
            await self._add(view.posts)
            self._set_cursor(view.next_cursor)
            self._status("")
        finally:
            self._loading_more = False

    def _place(
        self, posts: list[PostView]
    ) -> tuple[list[PostWidget], dict[PostWidget, list[PostWidget]]]:
        """Make a widget for each post and put it in its place.

        Returns the top-level widgets, and for each post already on screen, the replies
        to mount in its box. Replies of posts not yet mounted ride along inside them.
        """
        now = clock.now()
        actor = actor_of(self.app)
        thread, board = self.thread, self.board
        can_reply = thread is not None and board is not None and may(
            self.app, Action.REPLY,
            Context(thread_locked=thread.locked, board_locked=board.locked),
        )  # fmt: skip
        moderator = may(self.app, Action.REMOVE_ANY_POST)
        can_react = may(self.app, Action.REACT)
        can_report = may(self.app, Action.REPORT_POST)
        can_block = may(self.app, Action.BLOCK_USER)
        safety = self.safety
        roots: list[PostWidget] = []
        later: dict[PostWidget, list[PostWidget]] = {}
        for post in posts:
            own = actor.id is not None and post.author_id == actor.id
            if post.parent_id is None:
                self.opening_author_id = post.author_id
            widget = PostWidget(
                post,
                own=own,
                can_reply=can_reply,
                can_remove=own or moderator,
                now=now,
                # Writers see their own words; everyone else sees the warning first.
                warning=None
                if own
                else warnings.warning_for(post.content_warning, post.body, safety.topics),
                blocked=not own and post.author_id in safety.blocked,
                revealed=post.id in self.revealed,
                reactions=safety.counts.get(post.id),
                mine=safety.mine.get(post.id),
                can_react=can_react,
                can_report=can_report,
                can_block=can_block,
            )
            if post.id in self.collapsed:
                widget.add_class("-collapsed")
            if self._folded_flat(post):
                widget.display = False
            self.posts[post.id] = widget
            self.order.append(post.id)
            self.index[post.id] = len(self.order) - 1
            host = self._host(post)
            if host is None:
                roots.append(widget)
            elif host.is_mounted:
                later.setdefault(host, []).append(widget)
            else:
                host.pending.append(widget)
        return roots, later

    async def _add(self, posts: list[PostView]) -> None:
        """Mount ``posts`` in their places, a chunk at a time."""
        roots, later = self._place(posts)
        groups: list[tuple[Widget, list[PostWidget]]] = [(self.query_one("#tree"), roots)]
        for host, widgets in later.items():
            groups.append((await host.replies(), widgets))
        for box, widgets in groups:
            for start in range(0, len(widgets), MOUNT_CHUNK):
                await box.mount_all(widgets[start : start + MOUNT_CHUNK])
        for post_id in self.collapsed:
            if (widget := self.posts.get(post_id)) is not None:
                widget.set_collapsed(True, self._hidden_count(widget))

    # -- the tree -----------------------------------------------------------------------

    def parent_of(self, widget: PostWidget) -> PostWidget | None:
        """The post ``widget`` replies to (None for the opening post)."""
        parent_id = widget.post.parent_id
        return self.posts.get(parent_id) if parent_id is not None else None

    def _host(self, post: PostView) -> PostWidget | None:
        """Whose replies box ``post`` goes in: its parent's, or past the nesting cap, the
        box of its ancestor at the cap (so the DOM never nests deeper than the cap)."""
        parent = self.posts.get(post.parent_id) if post.parent_id is not None else None
        while parent is not None and parent.post.depth >= INDENT_CAP:
            parent = self.parent_of(parent)
        return parent

    def _folded_flat(self, post: PostView) -> bool:
        """Whether a fold hides ``post`` where nesting cannot: a folded ancestor deeper
        than the cap lays its replies out beside it, so they are hidden one by one."""
        parent = self.posts.get(post.parent_id) if post.parent_id is not None else None
        while parent is not None and parent.post.depth >= INDENT_CAP:
            if parent.collapsed:
                return True
            parent = self.parent_of(parent)
        return False

    def _descendants(self, widget: PostWidget) -> list[PostWidget]:
        """Loaded replies under ``widget`` at any depth: the run that follows it in
        reading order while deeper than it."""
        out: list[PostWidget] = []
        depth = widget.post.depth
        for post_id in self.order[self.index[widget.post.id] + 1 :]:
            other = self.posts[post_id]
            if other.post.depth <= depth:
                break
            out.append(other)
        return out

    def _hidden_count(self, widget: PostWidget) -> int:
        return len(self._descendants(widget))

    def _visible(self, widget: PostWidget) -> bool:
        parent = self.parent_of(widget)
        while parent is not None:
            if parent.collapsed:
                return False
            parent = self.parent_of(parent)
        return True

    def _fold(self, widget: PostWidget, folded: bool) -> None:
        widget.set_collapsed(folded, self._hidden_count(widget) if folded else 0)
        (self.collapsed.add if folded else self.collapsed.discard)(widget.post.id)
        if widget.post.depth >= INDENT_CAP:  # its replies sit beside it: hide each one
            for other in self._descendants(widget):
                other.display = not self._folded_flat(other.post)

    @property
    def first_page(self) -> int:
        return first_page(self.app.size.height)

    def _set_start(self, start: str | None) -> None:
        self.start = start
        self._show_from_start()
        self.refresh_bindings()

    def _show_from_start(self) -> None:
        """The way back to the thread's start, while it is shown from a later post (and
        not while the whole thread is behind its warning)."""
        self.query_one("#from-start", Button).display = self.start is not None and not self.veiled

    def _set_cursor(self, cursor: str | None) -> None:
        self.next_cursor = cursor
        self.query_one("#more", Button).display = cursor is not None
        self.refresh_bindings()

    def _show_thread(self, thread: ThreadSummary, board: BoardSummary) -> None:
        self.thread, self.board = thread, board
        self.query_one(TopBar).set_where(board.name, self._shown_title())
        pane = self.query_one(ResourcesPane)
        if pane.board_id != board.id or not pane.items:
            pane.board_id = board.id
            pane.reload()
        title, meta, notice = self._thread_parts()
        self.query_one("#title", Static).update(title)
        self.query_one("#meta", Static).update(meta)
        self.query_one("#notice", Static).update(notice)
        self.query_one("#notice").display = bool(notice)
        self._apply_veil()
        self.refresh_bindings()

    # -- a thread with a warning ----------------------------------------------------------

    @property
    def thread_warning(self) -> str | None:
        """The thread's warning (or the reader's hidden topics in its title), unless the
        reader wrote it or chose to read it. Its posts' own words are checked post by post."""
        thread = self.thread
        if thread is None or self.thread_revealed:
            return None
        actor = actor_of(self.app)
        if actor.id is not None and self.opening_author_id == actor.id:
            return None
        return warnings.warning_for(thread.content_warning, thread.title, self.safety.topics)

    @property
    def veiled(self) -> bool:
        return self.thread_warning is not None

    def _shown_title(self) -> str:
        """The title, unless it names one of the reader's hidden topics and they have not
        chosen to read the thread (then the title itself stays behind the warning)."""
        thread = self.thread
        if thread is None:
            return ""
        if self.veiled and warnings.warning_for(None, thread.title, self.safety.topics):
            return "Title hidden"
        return thread.title

    def _apply_veil(self) -> None:
        warning = self.thread_warning
        self.query_one("#veil").display = warning is not None
        self.query_one("#tree").display = warning is None
        self._show_from_start()
        if warning is not None:
            self.query_one("#veil-text", Static).update(
                Content("\n").join(
                    [
                        Content.assemble(
                            ("Content warning: ", "bold $text-error"), format.line(warning)
                        ),
                        Content.styled(
                            "This thread stays hidden until you choose to read it.",
                            "$text-muted",
                        ),
                    ]
                )
            )

    @on(Button.Pressed, "#reveal-thread")
    def _reveal_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_reveal_thread()

    def action_reveal_thread(self) -> None:
        if not self.veiled:
            return
        self.thread_revealed = True
        if self.thread is not None and self.board is not None:
            self._show_thread(self.thread, self.board)  # the title, if it was hidden too
        self._apply_veil()
        self.refresh_bindings()
        target = self.posts.get(self.focus_post) if self.focus_post is not None else None
        if target is None and self.order:
            target = self.posts[self.order[0]]
        if target is not None:
            self._reveal(target)
            self._focus(target)

    def _thread_parts(self) -> tuple[Content, Content, Content]:
        """The title line, the line under it, and notices (warning, locked, guest)."""
        thread, board = self.thread, self.board
        if thread is None or board is None:
            return Content("Loading…"), Content(), Content()
        badges = []
        if thread.pinned:
            badges.append(Content.styled(" PINNED ", "bold $text-accent on $accent-muted"))
        if thread.locked:
            badges.append(Content.styled(" LOCKED ", "bold $text-warning on $warning-muted"))
        title = format.join(*badges, format.line(self._shown_title(), "bold"), separator=" ")
        meta = format.join(
            Content.assemble("in ", format.line(board.name, "$text-secondary")),
            Content.assemble("started by ", format.line(thread.author, "bold")),
            format.ago(thread.created_at, clock.now()),
            format.count(thread.reply_count, "reply", "replies"),
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
        if self.safety.slow_mode:
            notices.append(
                Content.styled(f"Slow mode: {pace_text(self.safety.slow_mode)}.", "$text-warning")
            )
        actor = actor_of(self.app)
        if actor.is_guest:
            notices.append(
                Content.styled("You are browsing as a guest: sign in to reply.", "$text-muted")
            )
        elif (suspended := suspension_notice(actor, clock.now())) is not None:
            notices.append(suspended)
        return title, meta, Content("\n").join(notices)

    def _status(self, message: str) -> None:
        self.query_one("#status", Static).update(message)

    def _scrolled(self, scroll_y: float) -> None:
        scroll = self.query_one("#posts", VerticalScroll)
        if self.next_cursor is not None and scroll_y >= scroll.max_scroll_y - scroll.size.height:
            self.load_more()

    @on(Button.Pressed, "#from-start")
    def _from_start_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_from_start()

    @on(Button.Pressed, "#more")
    def _more(self, event: Button.Pressed) -> None:
        event.stop()
        self.load_more()

    # -- moving around ------------------------------------------------------------------

    def _focus(self, widget: PostWidget) -> None:
        if not widget.is_attached:
            return
        widget.focus(scroll_visible=False)
        if widget.post.parent_id is None:
            # The opening post: from the top, with the thread's title and its notices
            # (a long post brought into view on its own would hide them).
            self.query_one("#posts", VerticalScroll).scroll_home(animate=False)
        else:
            widget.scroll_card_visible()
        if self.index.get(widget.post.id, 0) >= len(self.order) - LOAD_AHEAD:
            self.load_more()

    def _reveal(self, widget: PostWidget) -> None:
        """Unfold every branch above ``widget`` so it can be seen."""
        parent = self.parent_of(widget)
        while parent is not None:
            if parent.collapsed:
                self._fold(parent, False)
            parent = self.parent_of(parent)

    def next_visible(self, widget: PostWidget) -> PostWidget | None:
        """The post after ``widget`` in reading order, skipping folded branches."""
        at = self.index[widget.post.id] + 1
        if widget.collapsed:
            at += self._hidden_count(widget)
        for post_id in self.order[at:]:
            other = self.posts[post_id]
            if self._visible(other):
                return other
        return None

    def previous_visible(self, widget: PostWidget) -> PostWidget | None:
        """The post before ``widget`` in reading order, skipping folded branches."""
        for post_id in reversed(self.order[: self.index[widget.post.id]]):
            other = self.posts[post_id]
            if self._visible(other):
                return other
        return None

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
            self._fold(widget, not widget.collapsed)
            self._focus(widget)
        elif event.action == "parent":
            if (parent := self.parent_of(widget)) is not None:
                self._focus(parent)
        elif event.action == "reply":
            self._compose_reply(widget.post)
        elif event.action == "edit":
            self._compose_edit(widget.post)
        elif event.action == "remove":
            self._ask_remove(widget.post)
        elif event.action == "reveal":
            self.revealed.add(widget.post.id)
            self.call_later(widget.reveal)
        elif event.action == "report":
            from screens.report import ReportScreen

            self.app.push_screen(ReportScreen(widget.post))
        elif event.action == "block":
            self._ask_block(widget.post)
        elif event.action == "unblock":
            self.set_blocked(widget.post, False)
        elif event.action == "react":
            self._pick_reaction(widget)
        elif event.action.startswith("react-"):
            kind = KINDS[int(event.action.removeprefix("react-")) - 1]
            self.toggle_reaction(widget, kind)

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
        return True

    def action_toggle_resources(self) -> None:
        self.query_one(ResourcesPane).toggle()

    def action_refresh(self) -> None:
        focused = self.focused
        keep = focused.post.id if isinstance(focused, PostWidget) else None
        self.load(focus=keep, count=len(self.order))
        self.query_one(ResourcesPane).reload()

    def action_load_more(self) -> None:
        self.load_more()

    def action_from_start(self) -> None:
        if self.start is not None:
            self.load(from_start=True)
