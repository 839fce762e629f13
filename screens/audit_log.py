"""The audit log: every moderator and admin action, newest first: who, what, when, why."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static

from models import moderation
from models.moderation import AuditEntry
from screens import format
from screens.session import actor_of, problem
from screens.widgets.footer import KeyFooter
from screens.widgets.paged_list import MORE, add_page
from screens.widgets.top_bar import TopBar

LOAD_AHEAD = 5


def entry_prompt(entry: AuditEntry) -> Content:
    when = entry.created_at.strftime("%-d %b %Y %H:%M")
    what = format.join(
        format.line(entry.actor, "bold $text-secondary"),
        Content.styled(entry.action, "bold"),
        f"{entry.target_kind} #{entry.target_id}",
        Content.styled(when, "$text-muted"),
    )
    why = (
        Content.assemble(("why: ", "$text-muted"), format.line(entry.reason))
        if entry.reason
        else Content.styled("no reason given", "italic $text-muted")
    )
    return Content("\n").join([what, why])


class AuditLogScreen(Screen[None]):
    """Read the log a page at a time (moderators and admins)."""

    CSS_PATH = "audit_log.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("f5", "refresh", "Refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[AuditEntry] = []
        self.next_cursor: str | None = None
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield TopBar("Audit log")
        with Vertical(id="content"):
            yield Static("Every moderator and admin action, newest first", id="heading")
            yield OptionList(id="entries", markup=False)
            yield Static("", id="status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#entries", OptionList).focus()
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        try:
            page = await moderation.audit_log(actor_of(self.app))
        except Exception as error:
            self._status(problem(error))
            return
        self.entries = list(page.items)
        self.next_cursor = page.next_cursor
        options = self.query_one("#entries", OptionList)
        options.clear_options()
        self._add(page.items)
        if self.entries:
            options.highlighted = 0
        self._status("" if self.entries else "Nothing yet: no moderator or admin has acted.")
        self.loaded = True

    @work(exclusive=True, group="more")
    async def load_more(self) -> None:
        if self.next_cursor is None:
            return
        try:
            page = await moderation.audit_log(actor_of(self.app), before=self.next_cursor)
        except Exception as error:
            self._status(problem(error))
            return
        self.entries.extend(page.items)
        self.next_cursor = page.next_cursor
        self._add(page.items)

    def _add(self, entries: list[AuditEntry]) -> None:
        add_page(
            self.query_one("#entries", OptionList),
            ((entry_prompt(entry), f"entry-{entry.id}") for entry in entries),
            "… older entries" if self.next_cursor is not None else None,
        )

    @on(OptionList.OptionHighlighted, "#entries")
    def _near_end(self, event: OptionList.OptionHighlighted) -> None:
        if self.next_cursor is not None and event.option_index >= len(self.entries) - LOAD_AHEAD:
            self.load_more()

    @on(OptionList.OptionSelected, "#entries")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == MORE:
            self.load_more()

    def _status(self, message: str) -> None:
        self.query_one("#status", Static).update(message)

    def action_refresh(self) -> None:
        self.load()
