"""Ask for a few words (a reason, a note) and act on them, showing any refusal in place.

The dialog runs the action itself, so a refusal or a lost connection is shown beside the
words and nothing typed is lost; it closes only once the action went through.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from screens.session import reported
from screens.widgets.draft_area import DraftArea
from screens.widgets.footer import KeyFooter
from screens.widgets.safe_input import SafeInput

Act = Callable[[str], Awaitable[object]]


class AskScreen(ModalScreen["str | None"]):
    """Dismisses with the words once ``act`` succeeded, or None when cancelled."""

    CSS_PATH = "ask.tcss"
    BINDINGS = [
        Binding("ctrl+s", "done", "Send", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        title: str | Content,
        label: str,
        act: Act,
        *,
        yes: str = "Done",
        multiline: bool = False,
        required: bool = False,
        placeholder: str = "",
        value: str = "",
        max_length: int = 500,
    ) -> None:
        super().__init__()
        self.heading = title if isinstance(title, Content) else Content(title)
        """What is being done (built from user text with screens.format, never markup)."""
        self.label = label
        self.act = act
        """The domain call, given the words; its refusal is shown in place."""
        self.yes = yes
        self.multiline = multiline
        self.required = required
        """Whether empty words are refused here before asking the domain."""
        self.placeholder = placeholder
        self.value = value
        """The words the field starts with (one line only), the cursor after them."""
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="-multiline" if self.multiline else ""):
            yield Static(self.heading, id="ask-title", markup=False)
            yield Label(self.label)
            if self.multiline:
                yield DraftArea(id="words", soft_wrap=True, placeholder=self.placeholder)
            else:
                yield SafeInput(
                    self.value,
                    id="words",
                    max_length=self.max_length,
                    placeholder=self.placeholder,
                    select_on_focus=False,  # given words are amended, not typed over
                )
            yield Static("", id="ask-error", markup=False)
            with Horizontal(id="ask-buttons"):
                yield Button(self.yes, id="yes", variant="primary")
                yield Button("Cancel", id="no")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#words").focus()

    @property
    def words(self) -> str:
        field = self.query_one("#words")
        return field.text if isinstance(field, TextArea) else field.value  # type: ignore[attr-defined]

    @on(Button.Pressed, "#yes")
    def _yes(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_done()

    @on(Button.Pressed, "#no")
    def _no(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_done()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_done(self) -> None:
        if not any(w.is_running for w in self.workers if w.group == "act"):
            self.run()

    @work(group="act")
    @reported
    async def run(self) -> None:
        error = self.query_one("#ask-error", Static)
        words = self.words.strip()
        if self.required and not words:
            error.update("Please write a few words first.")
            return
        error.update("")
        await self.act(words)
        self.dismiss(words)

    def show_problem(self, text: str) -> None:
        self.query_one("#ask-error", Static).update(text)
