"""Suspend someone for a period, with a reason they will see (moderators and admins)."""

from __future__ import annotations

from datetime import UTC, datetime

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from models import moderation, text
from screens import format
from screens.session import actor_of, problem
from screens.widgets.footer import KeyFooter
from screens.widgets.safe_input import SafeInput

PERIODS: list[tuple[str, float]] = [
    ("1 day", 1),
    ("3 days", 3),
    ("1 week", 7),
    ("30 days", 30),
    ("1 year", 365),
]


def until_text(when: datetime) -> str:
    """When a suspension ends, the same for everyone: ``14 Mar 2025, 09:30 UTC``."""
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%-d %b %Y, %H:%M UTC")


class SuspendScreen(ModalScreen["datetime | None"]):
    """Dismisses with when the suspension ends, or None when cancelled."""

    CSS_PATH = "suspend.tcss"
    BINDINGS = [
        Binding("ctrl+s", "suspend", "Suspend", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, user_id: int, name: str) -> None:
        super().__init__()
        self.user_id = user_id
        """Who is suspended."""
        self.name_shown = name
        """Their display name (user text: shown plain)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Content.assemble("Suspend ", format.line(self.name_shown, "bold")),
                id="suspend-title",
                markup=False,
            )
            yield Static(
                "They can still read, but not post or react. They will see until when and "
                "why. This is logged.",
                id="suspend-help",
            )
            yield Label("For how long")
            yield Select(PERIODS, value=3, allow_blank=False, id="period")
            yield Label("Why (they will see this)")
            yield SafeInput(id="reason", max_length=text.NOTE_MAX)
            yield Static("", id="suspend-error", markup=False)
            with Horizontal(id="suspend-buttons"):
                yield Button("Suspend", id="yes", variant="error")
                yield Button("Cancel", id="no")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#reason").focus()

    @on(Button.Pressed, "#yes")
    def _yes(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_suspend()

    @on(Button.Pressed, "#no")
    def _no(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_suspend()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_suspend(self) -> None:
        if not any(w.is_running for w in self.workers if w.group == "suspend"):
            self.suspend()

    @work(group="suspend")
    async def suspend(self) -> None:
        days = float(self.query_one("#period", Select).value)  # type: ignore[arg-type]
        reason = self.query_one("#reason", SafeInput).value
        error = self.query_one("#suspend-error", Static)
        error.update("")
        try:
            until = await moderation.suspend(actor_of(self.app), self.user_id, days, reason)
        except Exception as failure:
            error.update(problem(failure))
            return
        self.dismiss(until)


def suspension_notice(actor, now: datetime) -> Content | None:
    """What a suspended person sees on every screen: until when and why, and that they
    can still read. None when they are not suspended."""
    if actor.is_guest or not actor.suspended_at(now):
        return None
    why = actor.suspended_reason or "no reason was given"
    return Content.assemble(
        ("Your account is suspended until ", "$text-warning"),
        (until_text(actor.suspended_until), "bold $text-warning"),
        (". Why: ", "$text-warning"),
        format.line(why, "$text-warning"),
        (". You can still read, and get help any time with ctrl+g.", "$text-warning"),
    )
