"""Sign in, or go on to create an account or browse read-only as a guest."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from models.actor import GUEST
from screens.messages import SignedIn, SignInRequested
from screens.session import database, problem
from screens.type_ahead import TypeAheadForm
from screens.widgets.footer import KeyFooter
from screens.widgets.safe_input import SafeInput
from screens.widgets.top_bar import TopBar

TAGLINE = "Share what you are going through, and listen."


def heading(title: str, line: str) -> Content:
    """A form's title and the line under it (one widget: fewer to build at start-up)."""
    return Content.assemble((title, "bold $text-primary"), "\n", (line, "$foreground-muted"))


class SignInScreen(TypeAheadForm):
    """Username and masked password; a wrong password and an unknown user read the same."""

    CSS_PATH = "sign_in.tcss"
    BINDINGS = [
        Binding("ctrl+n", "register", "Create account"),
        Binding("ctrl+b", "guest", "Browse as guest"),
        Binding("escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield TopBar("Sign in")
        with VerticalScroll(id="page"), Vertical(id="form"):
            yield Static(heading("forum", TAGLINE), id="brand")
            yield Label("Username")
            yield SafeInput(id="username", placeholder="your username", max_length=32)
            yield Label("Password")
            yield Input(id="password", password=True, placeholder="your password", max_length=1024)
            yield Static("", id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Sign in", id="sign-in", variant="primary")
                yield Button("Create account", id="register")
                yield Button("Browse as guest", id="guest")
            yield Static(
                Content.assemble(
                    "Need to talk to someone now? Press ",
                    ("ctrl+g", "bold $accent"),
                    " on any screen.",
                ),
                id="help-hint",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#username", Input).focus()

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#sign-in")
    def _submit(self) -> None:
        self.sign_in()

    @on(Button.Pressed, "#register")
    def action_register(self) -> None:
        self.post_message(SignInRequested(register=True))

    @on(Button.Pressed, "#guest")
    def action_guest(self) -> None:
        self.post_message(SignedIn(GUEST))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":  # only when a guest came here from browsing
            return len(self.app.screen_stack) > 1 and self.is_current
        return True

    def action_back(self) -> None:
        self.dismiss()

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(message)
        # On a short terminal the words (and the buttons under them) may be past the
        # bottom: bring them into view once they are laid out.
        self.call_after_refresh(self.query_one("#buttons").scroll_visible, animate=False)

    @work(exclusive=True, group="sign-in")
    async def sign_in(self) -> None:
        username = self.query_one("#username", Input).value
        password = self.query_one("#password", Input).value
        if not username.strip() or not password:
            self.show_error("Enter your username and password.")
            return
        self.show_error("")
        self.query_one("#sign-in", Button).loading = True
        from models import accounts  # the ORM loads after the first screen

        try:
            await database(self.app)
            check = getattr(self.app, "password_sign_in", None) or accounts.sign_in
            actor = await check(username, password)
        except Exception as error:
            self.show_error(problem(error))
            self.query_one("#password", Input).value = ""
            self.query_one("#password", Input).focus()
            return
        finally:
            self.query_one("#sign-in", Button).loading = False
        self.post_message(SignedIn(actor))
