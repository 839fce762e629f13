"""The audit log: every moderator and admin action, newest first: who, what, when, why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from models import moderation
from models.moderation import AuditEntry
from models.views import Page
from screens import format
from screens.paged_screen import PagedScreen
from screens.session import actor_of
from screens.widgets.footer import KeyFooter
from screens.widgets.option_list import OptionList
from screens.widgets.top_bar import TopBar


def entry_prompt(entry: AuditEntry) -> Content:
    when = format.moment_text(entry.created_at)
    what = format.join(
        format.line(entry.actor, "bold $text-secondary"),
        Content.styled(entry.action, "bold"),
        format.line(f"{entry.target_kind} {entry.target_name}")
        if entry.target_name
        else f"{entry.target_kind} #{entry.target_id}",
        Content.styled(when, "$text-muted"),
    )
    why = (
        Content.assemble((f"{entry.note_label}: ", "$text-muted"), format.line(entry.reason))
        if entry.reason
        else Content.styled("no reason given", "italic $text-muted")
    )
    return Content("\n").join([what, why])


class AuditLogScreen(PagedScreen):
    """Read the log a page at a time (moderators and admins)."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("f5", "refresh", "Refresh"),
    ]
    list_id = "entries"
    more_words = "… older entries"
    empty_words = "Nothing yet: no moderator or admin has acted."

    def compose(self) -> ComposeResult:
        yield TopBar("Audit log")
        with Vertical(id="content"):
            yield Static("Every moderator and admin action, newest first", id="heading")
            yield OptionList(id="entries", markup=False)
            yield Static("", id="status", markup=False)
        yield KeyFooter()

    async def fetch(self, after: str | None) -> Page[AuditEntry]:
        return await moderation.audit_log(actor_of(self.app), before=after)

    def prompt(self, item: AuditEntry, now: object) -> tuple[Content, str]:
        return entry_prompt(item), f"entry-{item.id}"
