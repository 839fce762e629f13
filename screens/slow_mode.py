"""Put a thread in slow mode (one post per person per N minutes), or take it out."""

from __future__ import annotations

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

PACES: list[tuple[str, int]] = [
    ("Off", 0),
    ("1 post every 5 minutes", 5),
    ("1 post every 15 minutes", 15),
    ("1 post every 30 minutes", 30),
    ("1 post an hour", 60),
    ("1 post every 4 hours", 240),
]


def pace_text(minutes: int) -> str:
    """``one post per person every 15 minutes``."""
    return f"one post per person every {format.count(minutes, 'minute')}"


class SlowModeScreen(ModalScreen["int | None"]):
    """Dismisses with the minutes set (0 for off), or None when cancelled."""

    CSS_PATH = "slow_mode.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Set", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, thread_id: int, title: str, minutes: int = 0) -> None:
        super().__init__()
        self.thread_id = thread_id
        self.title_shown = title
        """The thread's title (user text: shown plain)."""
        self.minutes = minutes
        """The pace now, to start from."""

    def compose(self) -> ComposeResult:
        options = list(PACES)
        if self.minutes and self.minutes not in {m for _, m in PACES}:
            options.append((f"1 post every {self.minutes} minutes", self.minutes))
        with Vertical(id="dialog"):
            yield Static(
                Content.assemble("Slow mode for ", format.line(self.title_shown, "bold")),
                id="slow-title",
                markup=False,
            )
            yield Static(
                "Everyone but moderators waits between posts in this thread. It shows on "
                "the thread and is logged.",
                id="slow-help",
            )
            yield Label("Pace")
            yield Select(options, value=self.minutes, allow_blank=False, id="pace")
            yield Label("Why (optional, for the log)")
            yield SafeInput(id="reason", max_length=text.NOTE_MAX)
            yield Static("", id="slow-error", markup=False)
            with Horizontal(id="slow-buttons"):
                yield Button("Set", id="yes", variant="primary")
                yield Button("Cancel", id="no")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#pace").focus()

    @on(Button.Pressed, "#yes")
    def _yes(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#no")
    def _no(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        if not any(w.is_running for w in self.workers if w.group == "save"):
            self.save()

    @work(group="save")
    async def save(self) -> None:
        minutes = int(self.query_one("#pace", Select).value)  # type: ignore[arg-type]
        reason = self.query_one("#reason", SafeInput).value
        error = self.query_one("#slow-error", Static)
        error.update("")
        try:
            await moderation.set_slow_mode(
                actor_of(self.app), self.thread_id, minutes or None, reason
            )
        except Exception as failure:
            error.update(problem(failure))
            return
        self.dismiss(minutes)
