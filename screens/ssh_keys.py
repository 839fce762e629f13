"""Your SSH keys: with one on your account, ``ssh NAME@host`` signs you in without a
password. People add, list and remove their own keys here."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from models import clock, keys
from models.keys import KeyView
from screens import format
from screens.session import actor_of, reported
from screens.widgets.footer import KeyFooter
from screens.widgets.option_list import OptionList
from screens.widgets.safe_input import SafeInput
from screens.widgets.top_bar import TopBar


def key_prompt(key: KeyView, now) -> Content:
    used = f"last used {format.ago(key.last_used_at, now)}" if key.last_used_at else "never used"
    return Content("\n").join(
        [
            format.join(format.line(key.label or "(no label)", "bold"), key.algorithm),
            format.join(
                format.line(key.fingerprint, "$text-muted"),
                f"added {format.ago(key.created_at, now)}",
                used,
            ),
        ]
    )


class SshKeysScreen(Screen[None]):
    """Paste a public key (the .pub file's one line) to add it; x removes the highlighted."""

    AUTO_FOCUS = "#key-line"
    CSS_PATH = "ssh_keys.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("x,delete", "remove_key", "Remove key"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[KeyView] = []
        """The account's keys as last loaded, in the list's order."""

    def compose(self) -> ComposeResult:
        yield TopBar("SSH keys")
        with VerticalScroll(id="keys-body"):
            yield Static(
                "With a key on your account, ssh signs you in without a password. Paste the "
                "one line of your public key (for example ~/.ssh/id_ed25519.pub), then enter. "
                "Never paste the private key.",
                classes="keys-intro",
            )
            yield SafeInput(id="key-line", placeholder="ssh-ed25519 AAAA... you@laptop")
            yield Static("", id="status", markup=False)
            yield OptionList(id="keys", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="load")
    @reported
    async def load(self) -> None:
        found = await keys.list_keys(actor_of(self.app))
        self.keys = found
        now = clock.now()
        box = self.query_one("#keys", OptionList)
        box.clear_options()
        if found:
            box.add_options([Option(key_prompt(k, now), id=f"key-{k.id}") for k in found])
            box.highlighted = 0
        else:
            box.add_option(
                Option(Content.styled("No keys yet.", "italic $text-muted"), disabled=True)
            )
        self.refresh_bindings()

    def _status(self, message: str, error: bool = True) -> None:
        status = self.query_one("#status", Static)
        status.set_class(not error, "ok")
        status.update(message)

    show_problem = _status
    """Where ``@reported`` workers say what went wrong."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove_key" and self.is_mounted:
            return self.focused is self.query_one("#keys") and bool(self.keys)
        return True

    @on(Input.Submitted, "#key-line")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.add(event.value)

    @work(exclusive=True, group="change")
    @reported
    async def add(self, line: str) -> None:
        added = await keys.add_key(actor_of(self.app), line)  # refused: the line stays
        self.query_one("#key-line", SafeInput).value = ""
        self._status(f"Added {added.fingerprint}.", error=False)
        self.load()

    def action_remove_key(self) -> None:
        index = self.query_one("#keys", OptionList).highlighted
        if index is not None and index < len(self.keys):
            self.remove_key(self.keys[index])

    @on(OptionList.OptionSelected, "#keys")
    def _selected(self) -> None:
        self.action_remove_key()

    @work(exclusive=True, group="change")
    @reported
    async def remove_key(self, key: KeyView) -> None:
        await keys.remove_key(actor_of(self.app), key.id)
        self._status(f"Removed {key.fingerprint}.", error=False)
        self.load()
