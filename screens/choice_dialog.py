"""A moderator's dialog: pick one of a few choices, give a reason, confirm.

Suspending someone (for how long) and slow mode (what pace) are this same dialog with
different words and a different domain call; each is a small subclass.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from models import text
from screens.session import reported
from screens.widgets.footer import KeyFooter
from screens.widgets.safe_input import SafeInput


class ChoiceDialog(ModalScreen[Any]):
    """Dismisses with what :meth:`act` returned, or None when cancelled."""

    CSS_PATH = "choice_dialog.tcss"
    BINDINGS = [
        Binding("ctrl+s", "confirm", "Confirm", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    choice_label = "Choice"
    reason_label = "Why"
    yes_label = "Confirm"
    yes_variant = "primary"
    focus_first = "#reason"

    def __init__(self, heading: Content, explanation: str, options: list[tuple[str, Any]],
                 value: Any) -> None:  # fmt: skip
        super().__init__()
        self.heading = heading
        """What is being done (built from user text with screens.format, never markup)."""
        self.explanation = explanation
        self.options = options
        self.value = value
        """The choice selected at first."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes=f"-{self.yes_variant}"):
            yield Static(self.heading, id="dialog-title", markup=False)
            yield Static(self.explanation, id="dialog-help", markup=False)
            yield Label(self.choice_label)
            yield Select(self.options, value=self.value, allow_blank=False, id="choice")
            yield Label(self.reason_label)
            yield SafeInput(id="reason", max_length=text.NOTE_MAX)
            yield Static("", id="dialog-error", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(self.yes_label, id="yes", variant=self.yes_variant)
                yield Button("Cancel", id="no")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(self.focus_first).focus()

    @on(Button.Pressed, "#yes")
    @on(Input.Submitted)
    def _yes(self, event: Button.Pressed | Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    @on(Button.Pressed, "#no")
    def _no(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_confirm(self) -> None:
        if not any(w.is_running for w in self.workers if w.group == "act"):
            self.run()

    @work(group="act")
    @reported
    async def run(self) -> None:
        choice = self.query_one("#choice", Select).value
        reason = self.query_one("#reason", SafeInput).value
        self.query_one("#dialog-error", Static).update("")
        result = await self.act(choice, reason)  # refused: the reason is shown in place
        self.dismiss(result)

    def show_problem(self, text: str) -> None:
        self.query_one("#dialog-error", Static).update(text)

    async def act(self, choice: Any, reason: str) -> Any:
        raise NotImplementedError
