"""Search: posts found by their words, the most relevant first, a page at a time.

Enter in the query (or the author field) searches; changing a filter searches again; enter
on a result opens its thread at the post. The query and the filters of the search shown
are kept, so "… more" always continues that search, whatever is typed meanwhile.
"""

from __future__ import annotations

from datetime import datetime

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Mount
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from models import boards, search, search_query
from models.search import SearchFilters, SearchHit
from models.views import Page
from screens import format
from screens.paged_screen import PagedScreen
from screens.session import actor_of, reported
from screens.widgets.footer import KeyFooter
from screens.widgets.option_list import OptionList
from screens.widgets.safe_input import SafeInput
from screens.widgets.top_bar import TopBar

ASK = 'Type what you are looking for and press enter: "a phrase", -leave out, this OR that.'
"""The status line before a search, and after an empty one."""
FOUND = "The most relevant first. Enter opens the thread at the post; / starts a new search."
MATCH = "bold reverse $text-accent"
"""How a matched word stands out in a snippet."""


def snippet_line(hit: SearchHit) -> Content:
    """The words around what matched, the matches highlighted; or, for a post the reader
    chose not to see unasked, the warning instead."""
    if hit.snippet is None:
        return Content.assemble(
            ("Content warning: ", "bold $text-error"),
            format.line(hit.warning),
            ("  (open the thread to choose whether to read it)", "italic $text-muted"),
        )
    # Each segment is cleaned again here (block keeps its spaces; a snippet is one line).
    return Content.assemble(
        *(format.block(words, MATCH if matched else "") for words, matched in hit.snippet)
    )


def hit_prompt(hit: SearchHit) -> Content:
    title = (
        format.line(hit.title, "bold")
        if hit.title is not None
        else Content.styled("Title hidden: it mentions a topic you hide", "italic $text-muted")
    )
    where = format.join(
        format.line(hit.board, "$text-secondary"),
        Content.assemble("by ", format.line(hit.author, "$text-secondary")),
        format.moment_text(hit.created_at),
        None if hit.opening else "a reply",
    )
    return Content("\n").join([title, where, snippet_line(hit)])


class SearchScreen(PagedScreen):
    """A query field, the filters, and the results."""

    CSS_PATH = "search.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("slash", "new_search", "New search"),
        Binding("f5", "refresh", "Search again"),
    ]
    list_id = "results"
    more_words = "… more results"
    empty_words = "No posts match. Try other words, or fewer filters."

    def __init__(self, board_id: int | None = None) -> None:
        super().__init__()
        self.board_id = board_id
        """The board the filter starts on (opened from a board), else every board."""
        self.searched: tuple[str, SearchFilters] | None = None
        """The query and filters of the results shown; None before a search."""

    def compose(self) -> ComposeResult:
        signed_in = not actor_of(self.app).is_guest
        yield TopBar("Search")
        with Vertical(id="content"):
            yield SafeInput(
                id="query",
                max_length=search_query.QUERY_MAX,
                placeholder='Words to look for: "a phrase", -leave out, this OR that',
            )
            with Horizontal(id="filters"):
                yield Select[int]([], prompt="Every board", id="board")
                yield SafeInput(id="author", max_length=40, placeholder="Author's username")
                yield Checkbox("No reply yet", id="unanswered")
                if signed_in:
                    yield Checkbox("My threads", id="mine")
            yield OptionList(id="results", markup=False)
            yield Static(ASK, id="status", markup=False)
        yield KeyFooter()

    def on_mount(self, event: Mount) -> None:
        event.prevent_default()  # no first page to load: nothing is searched yet
        self.query_one("#query", Input).focus()
        self.live.start()
        self.load_boards()

    @work(group="boards")
    @reported
    async def load_boards(self) -> None:
        listed = await boards.list_boards()
        choice = self.query_one("#board", Select)
        with self.prevent(Select.Changed):
            choice.set_options([(format.line(b.name), b.id) for b in listed])
            if any(b.id == self.board_id for b in listed):
                choice.value = self.board_id

    # -- searching ----------------------------------------------------------------------

    def filters(self) -> SearchFilters:
        board = self.query_one("#board", Select)
        mine = self.query("#mine")
        return SearchFilters(
            board_id=None if board.is_blank() else int(board.value),  # type: ignore[arg-type]
            author=self.query_one("#author", Input).value.strip() or None,
            unanswered=self.query_one("#unanswered", Checkbox).value,
            mine=bool(mine) and mine.first(Checkbox).value,
        )

    def submit(self) -> None:
        """Search for what the query field says, with the filters as they are now."""
        query = self.query_one("#query", Input).value
        self.workers.cancel_group(self, "more")  # a page of the last search stays out
        self.items, self.next_cursor = [], None
        self.options.clear_options()
        if not query.strip():
            self.searched = None
            self._status(ASK)
            return
        self.searched = (query, self.filters())
        self._status("Searching…")
        self.load()

    async def fetch(self, after: str | None) -> Page[SearchHit]:
        if self.searched is None:
            return Page([], None)
        query, filters = self.searched
        return await search.search(actor_of(self.app), query, filters, after)

    def prompt(self, item: SearchHit, now: datetime) -> tuple[Content, str]:
        return hit_prompt(item), f"post-{item.post_id}"

    def page_shown(self, first: bool) -> None:
        if first and self.items:
            self._status(FOUND)
            self.options.focus()

    def apply_changes(self, changes: object) -> None:
        if self.searched is not None:
            self.load(keep=True)

    @on(Input.Submitted, "#query, #author")
    def _submitted(self, event: Input.Submitted) -> None:
        self.submit()

    @on(Select.Changed, "#board")
    @on(Checkbox.Changed)
    def _filter_changed(self, event: Select.Changed | Checkbox.Changed) -> None:
        if self.query_one("#query", Input).value.strip():
            self.submit()

    def action_refresh(self) -> None:
        self.submit()

    def action_new_search(self) -> None:
        query = self.query_one("#query", Input)
        query.focus()
        query.select_all()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_search":  # in a text field, / is a character
            return not isinstance(self.focused, Input | TextArea)
        return True

    # -- opening a result ---------------------------------------------------------------

    def chosen(self, item: SearchHit) -> None:
        self.open_hit(item)

    @work(exclusive=True, group="open")
    @reported
    async def open_hit(self, hit: SearchHit) -> None:
        from screens.thread import show_thread

        await show_thread(self.app, hit.thread_id, focus_post=hit.post_id, over=self)
