"""A screen that lists one keyset-paged list: the first page when it opens (and on f5),
the next page as the reader nears the end or selects the "… more" row."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import OptionDoesNotExist

from models import clock
from models.changes import Change
from models.views import Page
from screens.live import LiveUpdates
from screens.session import reported
from screens.widgets.paged_list import MORE, add_page

LOAD_AHEAD = 5
"""Rows before the end at which the next page is fetched."""


class PagedScreen(Screen[None]):
    """Subclasses name their list and words, and say how to fetch a page and show an item.
    They compose an ``OptionList`` with id :attr:`list_id` and a ``Static`` ``#status``."""

    list_id = "items"
    more_words = "… more"
    empty_words = "Nothing here yet."
    live_while_covered = True
    """False for a screen that reloads each time it is shown again (see screens.live)."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Any] = []
        """Every item loaded so far, in the list's order."""
        self.next_cursor: str | None = None
        """Where the next page starts; None when the last page is shown."""
        self.loaded = False
        """True once the first page is shown (a screen coming back reloads only then)."""
        self.live = LiveUpdates(
            self, self.concerns, self.apply_changes, while_covered=self.live_while_covered
        )
        """What others change in this list, shown as it happens (see screens.live)."""

    async def fetch(self, after: str | None) -> Page[Any]:
        raise NotImplementedError

    def prompt(self, item: Any, now: Any) -> tuple[Content, str]:
        """The item's row and option id."""
        raise NotImplementedError

    @property
    def options(self) -> OptionList:
        return self.query_one(f"#{self.list_id}", OptionList)

    def on_mount(self) -> None:
        self.options.focus()
        self.live.start()
        self.load()

    def on_unmount(self) -> None:
        self.live.stop()

    def concerns(self, change: Change) -> bool:
        """Whether a change committed anywhere changes what this list shows (by default
        none does, but an ``EVERYTHING`` change always reaches :meth:`apply_changes`)."""
        return False

    def apply_changes(self, changes: list[Change]) -> None:
        """Show a burst of changes that concern the list: by default, the first page
        again, the highlighted item kept."""
        self.load(keep=True)

    @work(exclusive=True, group="load")
    @reported
    async def load(self, keep: bool = False) -> None:
        """The first page (again); with ``keep``, the highlight stays on the item it was
        on when the page arrives (the reader may move while it is fetched), if that is
        still listed, else where it was."""
        page = await self.fetch(None)
        kept = self.options.highlighted_option if keep else None
        kept_id = kept.id if kept is not None and kept.id != MORE else None
        kept_at = self.options.highlighted if keep else None
        self.items = list(page.items)
        self.next_cursor = page.next_cursor
        self.options.clear_options()
        self._add(page.items)
        if self.items:
            self.options.highlighted = self._index_of(kept_id, kept_at)
        self._status("" if self.items else self.empty_words)
        self.loaded = True
        self.page_shown(first=True)
        self.refresh_bindings()

    @work(exclusive=True, group="more")
    @reported
    async def load_more(self) -> None:
        if self.next_cursor is None:
            return
        page = await self.fetch(self.next_cursor)
        self.items.extend(page.items)
        self.next_cursor = page.next_cursor
        self._add(page.items)
        self.page_shown(first=False)

    def page_shown(self, first: bool) -> None:
        """After a page is added to the list (``first``: the list was loaded anew)."""

    def _add(self, items: list[Any]) -> None:
        now = clock.now()
        more = self.more_words if self.next_cursor is not None else None
        add_page(self.options, (self.prompt(item, now) for item in items), more)

    def _index_of(self, option_id: str | None, fallback: int | None = None) -> int:
        """Where the option ``option_id`` is listed; when it is not, the item at
        ``fallback`` (or the last), else the top."""
        try:
            return self.options.get_option_index(option_id) if option_id else 0
        except OptionDoesNotExist:
            return min(fallback or 0, len(self.items) - 1)

    def _status(self, message: str) -> None:
        self.query_one("#status", Static).update(message)

    show_problem = _status
    """Where ``@reported`` workers say what went wrong."""

    def highlighted_item(self) -> Any | None:
        index = self.options.highlighted
        return self.items[index] if index is not None and index < len(self.items) else None

    @on(OptionList.OptionHighlighted)
    def _near_end(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is not self.options:
            return
        if self.next_cursor is not None and event.option_index >= len(self.items) - LOAD_AHEAD:
            self.load_more()
        self.refresh_bindings()  # the keys offered can depend on the item highlighted

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is not self.options:
            return
        if event.option.id == MORE:
            self.load_more()
        elif (item := self.highlighted_item()) is not None:
            self.chosen(item)

    def chosen(self, item: Any) -> None:
        """Enter on an item (nothing by default)."""

    def action_refresh(self) -> None:
        self.load()
