"""One board: its threads, pinned first, a page at a time, in one of three orders."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static, Tab, Tabs

from models import boards, clock, posting, threads, unread, warnings
from models.boards import ORDERS, Order
from models.changes import Change, Kind
from models.policy import Action, Context
from models.views import BoardSummary, Page, PostView, ThreadSummary
from screens import format
from screens.actor_changes import about_me, follow_actor
from screens.live import everything
from screens.paged_screen import PagedScreen
from screens.resources_pane import ResourcesPane
from screens.session import actor_of, attempt, flag_notice, may, reported
from screens.suspend import suspension_notice
from screens.widgets.footer import KeyFooter
from screens.widgets.option_list import OptionList
from screens.widgets.top_bar import TopBar

ORDER_NAMES: dict[Order, str] = {
    "active": "Active",
    "newest": "Newest",
    "unanswered": "No reply yet",
}


def title_line(title: str, topics: Sequence[str]) -> Content:
    """A thread's title, or, if it names one of the reader's hidden topics, which one."""
    hidden = warnings.warning_for(None, title, list(topics)) if topics else None
    if hidden is None:
        return format.line(title, "bold")
    return Content.assemble(
        ("Title hidden: it mentions ", "italic $text-muted"),
        format.line(hidden, "italic $text-muted"),
    )


def news_badge(new: int | None) -> Content:
    """What is new in a thread for the reader: ``new`` posts since their last visit, or
    (None) the whole thread, not opened yet."""
    words = "new" if new is None else f"{new:,} new"
    return Content.styled(f"● {words}", "bold $text-accent")


def thread_prompt(
    thread: ThreadSummary, now, topics: Sequence[str] = (), new: int | None = 0
) -> Content:
    badges: list[Content] = []
    if thread.pinned:
        badges.append(Content.styled(" PINNED ", "bold $text-accent on $accent-muted"))
    if thread.locked:
        badges.append(Content.styled(" LOCKED ", "bold $text-warning on $warning-muted"))
    title = format.join(*badges, title_line(thread.title, topics), separator=" ")
    waiting = (
        Content.styled("○ no reply yet", "bold $text-warning")
        if thread.unanswered
        else format.count(thread.reply_count, "reply", "replies")
    )
    meta = format.join(
        Content.assemble("by ", format.line(thread.author, "$text-secondary")),
        waiting,
        news_badge(new) if new != 0 else None,
        f"active {format.ago(thread.last_activity_at, now)}",
        Content.assemble(("CW: ", "bold $text-error"), format.line(thread.content_warning))
        if thread.content_warning
        else None,
    )
    return Content("\n").join([title, meta])


def news_line(new_threads: int, new_replies: int) -> str:
    """What happened on the board since its list was loaded, and how to see it."""
    parts = []
    if new_threads:
        parts.append(format.count(new_threads, "new thread"))
    if new_replies:
        has = "has" if new_replies == 1 else "have"
        parts.append(f"{format.count(new_replies, 'thread')} {has} new replies")
    if not parts:
        return ""
    them = "it" if new_threads + new_replies == 1 else "them"
    return f"{', '.join(parts)}: press . to show {them}."


class BoardScreen(PagedScreen):
    """Threads of one board; enter opens one, ``o`` switches the order."""

    CSS_PATH = "board.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Boards"),
        Binding("n", "new_thread", "New thread"),
        Binding("o", "next_order", "Order"),
        Binding("ctrl+r", "toggle_resources", "Resources"),
        Binding("f5", "refresh", "Refresh"),
        Binding("P", "flag('pinned')", "Pin/unpin"),
        Binding("L", "flag('locked')", "Lock/unlock"),
        Binding(".", "show_news", "Show new"),
    ]
    list_id = "threads"
    more_words = "… more threads"
    live_while_covered = False  # on_screen_resume reloads the list

    def __init__(self, board: BoardSummary, order: Order = "active") -> None:
        super().__init__()
        self.board = board
        """The board as listed; reloaded for fresh counts."""
        self.order: Order = order
        """How the threads are sorted."""
        self.topics: list[str] = []
        """The reader's hidden topics (loaded with the first page): titles naming one are
        not shown."""
        self.new_threads: set[int] = set()
        """Threads started here by others since the list was loaded, not listed yet."""
        self.new_replies: set[int] = set()
        """Threads here others replied to since the list was loaded (``.`` shows the list
        in its order again)."""
        self._news_at_load: tuple[set[int], set[int]] = (set(), set())
        """The news when the list last started loading: what that load shows."""
        self.unread: dict[int, int | None] = {}
        """Listed threads with something new for the reader: how many posts (None: the
        whole thread, never opened)."""
        self._stale: set[int] = set()
        """Listed threads whose rows are to be drawn again from the domain."""
        self._follow = False
        """Whether the person's own account changed (their keys are to follow)."""
        self._said = ""
        """What the status line says when there is no news (a problem, an empty board)."""

    @property
    def threads(self) -> list[ThreadSummary]:
        """The threads loaded so far, in list order."""
        return self.items

    @property
    def empty_words(self) -> str:  # type: ignore[override]
        if self.order == "unanswered":
            return "Every thread here has a reply."
        return "No threads yet. Press n to start one."

    def compose(self) -> ComposeResult:
        yield TopBar(self.board.name)
        with Horizontal(id="main"):
            with Vertical(id="content"):
                yield Static(format.line(self.board.name), id="heading", markup=False)
                yield Static(format.line(self.board.description), id="description", markup=False)
                yield Static("", id="notice", markup=False, classes="-empty")
                yield Tabs(*(Tab(ORDER_NAMES[o], id=o) for o in ORDERS), active=self.order)
                yield OptionList(id="threads", markup=False)
                yield Static("", id="status", markup=False)
            yield ResourcesPane(self.board.id)
        yield KeyFooter()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.load(keep=True)

    # -- loading ------------------------------------------------------------------------

    @on(Tabs.TabActivated)
    def _order(self, event: Tabs.TabActivated) -> None:
        event.stop()
        order = event.tab.id
        if order in ORDERS and order != self.order:  # the first page loads on mount
            self.order = order  # type: ignore[assignment]
            self.load()

    async def fetch(self, after: str | None) -> Page[ThreadSummary]:
        if after is None:
            self._news_at_load = (set(self.new_threads), set(self.new_replies))
            actor = await follow_actor(self)  # a suspension applies at once
            self.topics = await warnings.hidden_topics(actor)
        page = await boards.board_threads(self.board.id, self.order, after=after)
        await self._count_unread([thread.id for thread in page.items])
        return page

    async def _count_unread(self, thread_ids: list[int]) -> None:
        found = await unread.new_in_threads(actor_of(self.app), thread_ids)
        for thread_id in thread_ids:
            self.unread.pop(thread_id, None)
        self.unread.update(found)

    def page_shown(self, first: bool) -> None:
        if first:
            threads_seen, replies_seen = self._news_at_load
            self.new_threads -= threads_seen
            self.new_replies -= replies_seen
            self._show_news()
            self._show_notice()

    def prompt(self, item: ThreadSummary, now: datetime) -> tuple[Content, str]:
        new = self.unread.get(item.id, 0)
        return thread_prompt(item, now, self.topics, new), f"thread-{item.id}"

    def chosen(self, item: ThreadSummary) -> None:
        self.open_thread(item.id)

    # -- what others do meanwhile -------------------------------------------------------

    def _lists(self, thread_id: int | None) -> bool:
        return thread_id is not None and any(t.id == thread_id for t in self.items)

    def concerns(self, change: Change) -> bool:
        if change.kind in (Kind.THREAD_STARTED, Kind.REPLY_POSTED):
            return change.board_id == self.board.id
        if change.kind in (Kind.THREAD, Kind.POST_REMOVED):
            return change.board_id == self.board.id or self._lists(change.thread_id)
        return about_me(self, change)

    def apply_changes(self, changes: list[Change]) -> None:
        """New threads and replies are announced, not listed: the reader's highlight and
        scroll stay where they are until ``.``. The rows of listed threads that changed
        are drawn again in place."""
        if everything(changes):
            self.load(keep=True)
            return
        me = actor_of(self.app).id
        for change in changes:
            if about_me(self, change):
                self._follow = True
                continue
            listed = self._lists(change.thread_id)
            if listed:
                self._stale.add(change.thread_id)  # type: ignore[arg-type]
            if change.user_id == me or change.thread_id is None:
                continue  # one's own thread or reply is no news to oneself
            if change.kind is Kind.THREAD_STARTED and not listed:
                self.new_threads.add(change.thread_id)
            elif change.kind is Kind.REPLY_POSTED and change.thread_id not in self.new_threads:
                self.new_replies.add(change.thread_id)
        self.live_update()

    @work(exclusive=True, group="live")
    @reported
    async def live_update(self) -> None:
        # A newer burst cancels this one: what is left undone here stays to do then.
        if self._follow:
            await follow_actor(self)
            self._follow = False
            self._show_notice()
        stale = set(self._stale)
        fresh = [await threads.get_thread(thread_id) for thread_id in stale]
        await self._count_unread([thread.id for thread in fresh])
        now = clock.now()
        for thread in fresh:
            if self._lists(thread.id):
                index = next(i for i, t in enumerate(self.items) if t.id == thread.id)
                self.items[index] = thread
                prompt, option_id = self.prompt(thread, now)
                self.options.replace_option_prompt(option_id, prompt)
        self._stale -= stale
        self._show_news()
        self.refresh_bindings()

    def _status(self, message: str) -> None:
        self._said = message
        self._show_news()

    show_problem = _status

    def _show_news(self) -> None:
        """News of what others wrote takes the status line's place: one line either way,
        so the rows the reader sees do not move when it comes."""
        words = news_line(len(self.new_threads), len(self.new_replies))
        shown = Content.styled(words, "bold $text-accent") if words else self._said
        self.query_one("#status", Static).update(shown)

    def _show_notice(self) -> None:
        suspended = suspension_notice(actor_of(self.app), clock.now())
        notice = self.query_one("#notice", Static)
        notice.update(suspended or "")
        notice.set_class(suspended is None, "-empty")

    @work(exclusive=True, group="open")
    async def open_thread(self, thread_id: int, focus_post: int | None = None) -> None:
        from screens.thread import show_thread

        await show_thread(
            self.app, thread_id, board_id=self.board.id, focus_post=focus_post, over=self
        )

    # -- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_thread":
            return may(self.app, Action.START_THREAD, Context(board_locked=self.board.locked))
        if action == "flag":
            return may(self.app, Action.PIN_THREAD) and self.highlighted_item() is not None
        if action == "show_news":
            return bool(self.new_threads or self.new_replies)
        return True

    def action_show_news(self) -> None:
        self.load(keep=True)

    def action_next_order(self) -> None:
        tabs = self.query_one(Tabs)
        tabs.active = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]

    def action_new_thread(self) -> None:
        from screens.compose import ComposeScreen

        def posted(opening: PostView | None) -> None:
            if opening is not None:
                self.open_thread(opening.thread_id)

        self.app.push_screen(ComposeScreen.new_thread([self.board], self.board.id), posted)

    def action_toggle_resources(self) -> None:
        self.query_one(ResourcesPane).toggle()

    def action_refresh(self) -> None:
        self.load(keep=True)
        self.query_one(ResourcesPane).reload()

    def action_flag(self, flag: str) -> None:
        thread = self.highlighted_item()
        if thread is not None:
            self.set_flag(thread, flag)

    @work(group="flag")
    async def set_flag(self, thread: ThreadSummary, flag: str) -> None:
        value = not getattr(thread, flag)
        write = posting.set_thread_flag(actor_of(self.app), thread.id, flag, value)
        if await attempt(self, write):
            self.notify(flag_notice(flag, value), markup=False)
            self.load(keep=True)
