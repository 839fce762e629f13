"""A small yes/no question over the current screen."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from screens.widgets.footer import KeyFooter


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True for yes, False for no (escape is no)."""

    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        Binding("escape,n", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(
        self,
        question: str | Content,
        *,
        yes: str = "Yes",
        no: str = "No",
        enter_says_yes: bool = False,
    ) -> None:
        super().__init__()
        self.question = question if isinstance(question, Content) else Content(question)
        """Shown as plain content: callers build it from user text with screens.format."""
        self.labels = (yes, no)
        self.enter_says_yes = enter_says_yes
        """Which button has the focus. No, unless yes is the safe answer (blocking
        someone): most questions guard something that cannot be undone."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="question", markup=False)
            with Horizontal(id="answers"):
                yes, no = ("primary", "default") if self.enter_says_yes else ("error", "primary")
                yield Button(self.labels[0], id="yes", variant=yes)
                yield Button(self.labels[1], id="no", variant=no)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#yes" if self.enter_says_yes else "#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
