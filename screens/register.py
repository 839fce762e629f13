"""Create an account: a username, an optional display name and a password (twice)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from models.text import PASSWORD_MIN
from screens.messages import SignedIn
from screens.session import database, reported
from screens.sign_in import heading
from screens.type_ahead import TypeAheadForm
from screens.widgets.footer import KeyFooter
from screens.widgets.safe_input import SafeInput
from screens.widgets.top_bar import TopBar

NAME_HINT = "Use a name that doesn't identify you, if you prefer."


class RegisterScreen(TypeAheadForm):
    """Escape goes back to signing in."""

    CSS_PATH = "sign_in.tcss"
    BINDINGS = [Binding("escape", "back", "Back to sign in")]

    def compose(self) -> ComposeResult:
        yield TopBar("Create an account")
        with VerticalScroll(id="page"), Vertical(id="form"):
            yield Static(heading("Create an account", NAME_HINT), id="brand")
            yield Label("Username (3-32 letters, digits, _ or -)")
            yield SafeInput(id="username", max_length=32)
            yield Label("Display name (optional)")
            yield SafeInput(id="display-name", max_length=64)
            yield Label(f"Password (at least {PASSWORD_MIN} characters)")
            yield Input(id="password", password=True, max_length=1024)
            yield Label("Password again")
            yield Input(id="confirm", password=True, max_length=1024)
            yield Static("", id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Create account", id="create", variant="primary")
                yield Button("Back", id="back")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#username", Input).focus()

    @on(Input.Submitted, "#confirm")
    def _submitted(self) -> None:
        self.create()

    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        self.create()

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss()

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(message)
        # On a short terminal the words (and the buttons under them) may be past the
        # bottom: bring them into view once they are laid out.
        self.call_after_refresh(self.query_one("#buttons").scroll_visible, animate=False)

    show_problem = show_error
    """Where ``@reported`` workers say what went wrong."""

    @work(exclusive=True, group="register")
    @reported
    async def create(self) -> None:
        value = {i.id: i.value for i in self.query(Input)}
        if value["password"] != value["confirm"]:
            self.show_error("The two passwords are different.")
            return
        self.show_error("")
        from models import accounts  # the ORM loads after the first screen

        await database(self.app)
        actor = await accounts.register(
            value["username"], value["password"], value["display-name"] or None
        )
        self.post_message(SignedIn(actor))
