"""The crisis phrase list (admins): when a post being written contains one, the compose
screen gently shows the crisis lines. It never blocks a post and tells no one."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from models import crisis
from screens import format
from screens.session import actor_of, reported
from screens.widgets.footer import KeyFooter
from screens.widgets.option_list import OptionList
from screens.widgets.safe_input import SafeInput
from screens.widgets.top_bar import TopBar


class CrisisPhrasesScreen(Screen[None]):
    """Add a phrase with enter; remove the highlighted one with x."""

    CSS_PATH = "crisis_phrases.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("x,delete", "remove", "Remove phrase"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.phrases: list[str] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield TopBar("Crisis phrases")
        with Vertical(id="content"):
            yield Static("Crisis phrases", id="heading")
            yield Static(
                "When someone writes one of these, the compose screen gently shows the "
                "crisis lines. The post is never blocked or delayed, and nobody is told. "
                "Changes are logged.",
                id="intro",
            )
            yield SafeInput(id="phrase", max_length=80, placeholder="Add a phrase, then enter")
            yield OptionList(id="phrases", markup=False)
            yield Static("", id="status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#phrase").focus()
        self.load()

    @work(exclusive=True, group="load")
    @reported
    async def load(self) -> None:
        found = await crisis.phrases()
        self.phrases = found
        options = self.query_one("#phrases", OptionList)
        keep = options.highlighted
        options.clear_options()
        options.add_options(Option(format.line(p), id=f"phrase-{i}") for i, p in enumerate(found))
        if found:
            options.highlighted = min(keep or 0, len(found) - 1)
        self.loaded = True
        self.refresh_bindings()

    def _status(self, message: str) -> None:
        self.query_one("#status", Static).update(message)

    show_problem = _status
    """Where ``@reported`` workers say what went wrong."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action == "remove":
            return self.focused is self.query_one("#phrases") and self.highlighted is not None
        return True

    @property
    def highlighted(self) -> str | None:
        index = self.query_one("#phrases", OptionList).highlighted
        return self.phrases[index] if index is not None and index < len(self.phrases) else None

    @on(Input.Submitted, "#phrase")
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.add(event.value)

    @work(group="write")
    @reported
    async def add(self, phrase: str) -> None:
        added = await crisis.add_phrase(actor_of(self.app), phrase)
        self._status("")
        self.query_one("#phrase", SafeInput).value = ""
        self.notify(f"Added “{added}”.", markup=False)
        self.load()

    def action_remove(self) -> None:
        from screens.confirm import ConfirmScreen

        phrase = self.highlighted
        if phrase is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.remove_phrase(phrase)

        self.app.push_screen(
            ConfirmScreen(f"Remove “{format.line(phrase).plain}” from the list?", yes="Remove"),
            answered,
        )

    @work(group="write")
    @reported
    async def remove_phrase(self, phrase: str) -> None:
        await crisis.remove_phrase(actor_of(self.app), phrase)
        self._status("")
        self.notify(f"Removed “{phrase}”.", markup=False)
        self.load()
