"""Threads across every board with no reply yet, the longest waiting first, so nobody is
left alone."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static

from models import boards, clock
from models.views import ThreadSummary
from screens.board import thread_prompt
from screens.session import problem
from screens.widgets.footer import KeyFooter
from screens.widgets.paged_list import MORE, add_page
from screens.widgets.top_bar import TopBar

LOAD_AHEAD = 5


class UnansweredScreen(Screen[None]):
    """Enter opens a thread; replying takes it off this list."""

    CSS_PATH = "unanswered.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("f5", "refresh", "Refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[ThreadSummary] = []
        self.next_cursor: str | None = None
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield TopBar("Waiting for a reply")
        with Vertical(id="content"):
            yield Static("Waiting for a reply", id="heading")
            yield Static(
                "Threads on every board that nobody has answered yet, the longest waiting "
                "first. A few kind words can mean a lot.",
                id="intro",
            )
            yield OptionList(id="threads", markup=False)
            yield Static("", id="status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#threads", OptionList).focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        try:
            page = await boards.unanswered_threads()
        except Exception as error:
            self._status(problem(error))
            return
        self.threads = list(page.items)
        self.next_cursor = page.next_cursor
        options = self.query_one("#threads", OptionList)
        options.clear_options()
        self._add(page.items)
        if self.threads:
            options.highlighted = 0
        self._status("" if self.threads else "Every thread has a reply. Thank you, everyone.")
        self.loaded = True

    @work(exclusive=True, group="more")
    async def load_more(self) -> None:
        if self.next_cursor is None:
            return
        try:
            page = await boards.unanswered_threads(after=self.next_cursor)
        except Exception as error:
            self._status(problem(error))
            return
        self.threads.extend(page.items)
        self.next_cursor = page.next_cursor
        self._add(page.items)

    def _add(self, threads: list[ThreadSummary]) -> None:
        now = clock.now()
        add_page(
            self.query_one("#threads", OptionList),
            ((thread_prompt(thread, now), f"thread-{thread.id}") for thread in threads),
            "… more threads" if self.next_cursor is not None else None,
        )

    def _status(self, message: str) -> None:
        self.query_one("#status", Static).update(message)

    def highlighted_thread(self) -> ThreadSummary | None:
        index = self.query_one("#threads", OptionList).highlighted
        return self.threads[index] if index is not None and index < len(self.threads) else None

    @on(OptionList.OptionHighlighted, "#threads")
    def _near_end(self, event: OptionList.OptionHighlighted) -> None:
        if self.next_cursor is not None and event.option_index >= len(self.threads) - LOAD_AHEAD:
            self.load_more()

    @on(OptionList.OptionSelected, "#threads")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == MORE:
            self.load_more()
        elif (thread := self.highlighted_thread()) is not None:
            self.open_thread(thread.id)

    @work(exclusive=True, group="open")
    async def open_thread(self, thread_id: int) -> None:
        from screens.thread import thread_screen

        screen = await thread_screen(self.app, thread_id)
        if self.is_current:
            await self.app.push_screen(screen)

    def action_refresh(self) -> None:
        self.load()
