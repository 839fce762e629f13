"""Threads across every board with no reply yet, the longest waiting first, so nobody is
left alone."""

from __future__ import annotations

from datetime import datetime

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from models import boards, warnings
from models.views import Page, ThreadSummary
from screens.board import thread_prompt
from screens.paged_screen import PagedScreen
from screens.session import actor_of
from screens.widgets.footer import KeyFooter
from screens.widgets.option_list import OptionList
from screens.widgets.top_bar import TopBar


class UnansweredScreen(PagedScreen):
    """Enter opens a thread; replying takes it off this list."""

    CSS_PATH = "unanswered.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("f5", "refresh", "Refresh"),
    ]
    list_id = "threads"
    more_words = "… more threads"
    empty_words = "Every thread has a reply. Thank you, everyone."

    def __init__(self) -> None:
        super().__init__()
        self.topics: list[str] = []
        """The reader's hidden topics (loaded with the first page): titles naming one
        are not shown."""

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

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.load()

    async def fetch(self, after: str | None) -> Page[ThreadSummary]:
        if after is None:
            self.topics = await warnings.hidden_topics(actor_of(self.app))
        return await boards.unanswered_threads(after=after)

    def prompt(self, item: ThreadSummary, now: datetime) -> tuple[Content, str]:
        return thread_prompt(item, now, self.topics), f"thread-{item.id}"

    def chosen(self, item: ThreadSummary) -> None:
        self.open_thread(item.id)

    @work(exclusive=True, group="open")
    async def open_thread(self, thread_id: int) -> None:
        from screens.thread import show_thread

        await show_thread(self.app, thread_id, over=self)
