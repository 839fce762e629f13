"""One board: its threads, pinned first, a page at a time, in one of three orders."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static, Tab, Tabs

from models import boards, clock, posting, warnings
from models.boards import ORDERS, Order
from models.policy import Action, Context
from models.views import BoardSummary, PostView, ThreadSummary
from screens import format
from screens.resources_pane import ResourcesPane
from screens.session import actor_of, attempt, flag_notice, may, reported
from screens.widgets.footer import KeyFooter
from screens.widgets.option_list import OptionList
from screens.widgets.paged_list import MORE, add_page
from screens.widgets.top_bar import TopBar

ORDER_NAMES: dict[Order, str] = {
    "active": "Active",
    "newest": "Newest",
    "unanswered": "No reply yet",
}
LOAD_AHEAD = 5
"""Load the next page when the highlight gets this close to the end."""


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


class BoardScreen(Screen[None]):
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

    def __init__(self, board: BoardSummary, order: Order = "active") -> None:
        super().__init__()
        self.board = board
        """The board as listed; reloaded for fresh counts."""
        self.order: Order = order
        """How the threads are sorted."""
        self.threads: list[ThreadSummary] = []
        """The threads loaded so far, in list order."""
        self.next_cursor: str | None = None
        """Where the next page starts, or None when every thread is loaded."""
        self.topics: list[str] = []
        """The reader's hidden topics: titles naming one are not shown."""

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

    def on_mount(self) -> None:
        self.query_one("#threads", OptionList).focus()

    def on_screen_resume(self) -> None:
        if self.threads:
            self.load(keep=self.highlighted_thread())

    # -- loading ------------------------------------------------------------------------

    @on(Tabs.TabActivated)
    def _order(self, event: Tabs.TabActivated) -> None:
        event.stop()
        order = event.tab.id
        if order in ORDERS and (order != self.order or not self.threads):
            self.order = order  # type: ignore[assignment]
            self.load()

    @work(exclusive=True, group="load")
    @reported
    async def load(self, keep: ThreadSummary | None = None) -> None:
        """Load the first page again (after a change), keeping the highlight if we can."""
        status = self.query_one("#status", Static)
        page = await boards.board_threads(self.board.id, self.order)
        self.topics = await warnings.hidden_topics(actor_of(self.app))
        status.update("" if page.items else self._empty())
        self.threads = list(page.items)
        self.next_cursor = page.next_cursor
        options = self.query_one("#threads", OptionList)
        options.clear_options()
        self._add(page.items)
        if self.threads:
            index = next((i for i, t in enumerate(self.threads) if keep and t.id == keep.id), 0)
            options.highlighted = index
        self.refresh_bindings()

    @work(exclusive=True, group="more")
    @reported
    async def load_more(self) -> None:
        if self.next_cursor is None:
            return
        page = await boards.board_threads(self.board.id, self.order, after=self.next_cursor)
        self.threads.extend(page.items)
        self.next_cursor = page.next_cursor
        self._add(page.items)

    def show_problem(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    def _add(self, threads: list[ThreadSummary]) -> None:
        now = clock.now()
        add_page(
            self.query_one("#threads", OptionList),
            (
                (thread_prompt(thread, now, self.topics), f"thread-{thread.id}")
                for thread in threads
            ),
            "… more threads" if self.next_cursor is not None else None,
        )

    def _empty(self) -> str:
        if self.order == "unanswered":
            return "Every thread here has a reply."
        return "No threads yet. Press n to start one."

    @on(OptionList.OptionHighlighted, "#threads")
    def _near_end(self, event: OptionList.OptionHighlighted) -> None:
        if self.next_cursor is not None and event.option_index >= len(self.threads) - LOAD_AHEAD:
            self.load_more()
        self.refresh_bindings()

    def highlighted_thread(self) -> ThreadSummary | None:
        index = self.query_one("#threads", OptionList).highlighted
        return self.threads[index] if index is not None and index < len(self.threads) else None

    @on(OptionList.OptionSelected, "#threads")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == MORE:
            self.load_more()
            return
        thread = self.highlighted_thread()
        if thread is not None:
            self.open_thread(thread.id)

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
            return may(self.app, Action.PIN_THREAD) and self.highlighted_thread() is not None
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
        self.load(keep=self.highlighted_thread())
        self.query_one(ResourcesPane).reload()

    def action_flag(self, flag: str) -> None:
        thread = self.highlighted_thread()
        if thread is not None:
            self.set_flag(thread, flag)

    @work(group="flag")
    async def set_flag(self, thread: ThreadSummary, flag: str) -> None:
        value = not getattr(thread, flag)
        write = posting.set_thread_flag(actor_of(self.app), thread.id, flag, value)
        if await attempt(self, write):
            self.notify(flag_notice(flag, value), markup=False)
            self.load(keep=thread)
