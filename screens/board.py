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

from models import boards, posting, warnings
from models.boards import ORDERS, Order
from models.policy import Action, Context
from models.views import BoardSummary, Page, PostView, ThreadSummary
from screens import format
from screens.paged_screen import PagedScreen
from screens.resources_pane import ResourcesPane
from screens.session import actor_of, attempt, flag_notice, may
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


def thread_prompt(thread: ThreadSummary, now, topics: Sequence[str] = ()) -> Content:
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
        f"active {format.ago(thread.last_activity_at, now)}",
        Content.assemble(("CW: ", "bold $text-error"), format.line(thread.content_warning))
        if thread.content_warning
        else None,
    )
    return Content("\n").join([title, meta])


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
    ]
    list_id = "threads"
    more_words = "… more threads"

    def __init__(self, board: BoardSummary, order: Order = "active") -> None:
        super().__init__()
        self.board = board
        """The board as listed; reloaded for fresh counts."""
        self.order: Order = order
        """How the threads are sorted."""
        self.topics: list[str] = []
        """The reader's hidden topics (loaded with the first page): titles naming one are
        not shown."""

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
            self.topics = await warnings.hidden_topics(actor_of(self.app))
        return await boards.board_threads(self.board.id, self.order, after=after)

    def prompt(self, item: ThreadSummary, now: datetime) -> tuple[Content, str]:
        return thread_prompt(item, now, self.topics), f"thread-{item.id}"

    def chosen(self, item: ThreadSummary) -> None:
        self.open_thread(item.id)

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
        return True

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
