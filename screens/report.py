"""Report a post: a reason from a short list and an optional note.

The reporter sees that the report was received; reporting the same post again is
declined politely (the domain's own words), and nobody else is told who reported.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from models import reports, text
from models.enums import ReportReason
from models.errors import Conflict
from models.views import PostView
from screens import format
from screens.session import actor_of, reported
from screens.widgets.footer import KeyFooter
from screens.widgets.safe_input import SafeInput

RECEIVED = "Thank you. Your report was received: a moderator will look at it soon."


class ReportScreen(ModalScreen[bool]):
    """Dismisses with True when a report was filed (or had been already), else False."""

    CSS_PATH = "report.tcss"
    BINDINGS = [
        Binding("ctrl+s", "send", "Send report", priority=True),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, post: PostView) -> None:
        super().__init__()
        self.post = post
        """The post reported."""
        self.sent = False
        """True once the domain received the report (or had it already)."""

    def compose(self) -> ComposeResult:
        first = next((ln for ln in text.clean_text(self.post.body).splitlines() if ln.strip()), "")
        with Vertical(id="dialog"):
            yield Static(
                Content.assemble("Report a post by ", format.line(self.post.author, "bold")),
                id="report-title",
                markup=False,
            )
            yield Static(format.line(first[:160], "italic $text-muted"), id="report-quote")
            with Vertical(id="report-form"):
                yield Label("What is wrong?")
                with RadioSet(id="reason"):
                    for i, (reason, label) in enumerate(reports.REASON_LABELS.items()):
                        yield RadioButton(label, value=i == 0, name=reason.value)
                yield Label("Anything a moderator should know? (optional)")
                yield SafeInput(id="note", max_length=text.NOTE_MAX, placeholder="Optional note")
            yield Static("", id="report-result", markup=False)
            with Horizontal(id="report-buttons"):
                yield Button("Send report", id="send", variant="primary")
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#reason", RadioSet).focus()

    @property
    def reason(self) -> ReportReason:
        pressed = self.query_one("#reason", RadioSet).pressed_button
        return ReportReason(pressed.name) if pressed and pressed.name else ReportReason.OTHER

    @on(Button.Pressed, "#send")
    def _send(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_send()

    @on(Button.Pressed, "#cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_send()

    def action_close(self) -> None:
        self.dismiss(self.sent)

    def action_send(self) -> None:
        if self.sent:
            self.dismiss(True)
        elif not any(w.is_running for w in self.workers if w.group == "send"):
            self.send()

    @work(group="send")
    @reported
    async def send(self) -> None:
        note = self.query_one("#note", SafeInput).value
        try:
            await reports.report_post(actor_of(self.app), self.post.id, self.reason, note)
        except Conflict as declined:  # already reported: polite, not an error
            self._done(declined.message, "-declined")
            return
        self._done(RECEIVED, "-received")

    def show_problem(self, text: str) -> None:
        result = self.query_one("#report-result", Static)
        result.set_class(True, "-error")
        result.update(text)

    def _done(self, message: str, style: str) -> None:
        self.sent = True
        result = self.query_one("#report-result", Static)
        result.set_classes(style)
        result.update(message)
        self.query_one("#report-form").display = False
        self.query_one("#cancel").display = False
        send = self.query_one("#send", Button)
        send.label = "Close"
        send.focus()
