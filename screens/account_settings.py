"""Your account: the name shown on your posts, your password, and leaving the forum.

Changing the password and deleting the account ask for the current password first. Over
SSH that check goes through the server's password throttle (``app.password_sign_in``), as
signing in does, so this form is no way around it.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from models import accounts, text
from models.account_deletion import delete_account
from models.errors import AuthenticationFailed, ValidationError
from screens import format
from screens.confirm import ConfirmScreen
from screens.messages import SignOutRequested
from screens.session import actor_of, refresh_actor, reported
from screens.type_ahead import TypeAheadForm
from screens.widgets.footer import KeyFooter
from screens.widgets.safe_input import SafeInput
from screens.widgets.top_bar import TopBar

GOES = (
    "Your posts and threads stay where they are, so the conversations others joined keep "
    "their shape; they will show as written by “a former member”. Your SSH keys, drafts, "
    "notes from moderators, reactions, blocks and hidden topics are deleted. Reports you "
    "made stay with the moderators, from “a former member”. Your username is never given "
    "to anyone else, so nobody can pass for you."
)


def _password_field(field_id: str, placeholder: str) -> Input:
    return Input(id=field_id, password=True, placeholder=placeholder, max_length=1024)


class AccountSettingsScreen(TypeAheadForm[None]):
    """Change the display name or password; delete the account (asked twice)."""

    CSS_PATH = "account_settings.tcss"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]
    ENTER_MOVES = {"current-password": "new-password", "new-password": "new-password-again"}
    """Enter saves the name, changes the password from the last of its fields, and asks
    about deleting from the password under that heading."""

    def __init__(self) -> None:
        super().__init__()
        self.has_password = True
        """Whether the account has a password to give (key-only accounts have none)."""
        self.loaded = False
        """True once the form shows what is stored (tests wait on it)."""

    def compose(self) -> ComposeResult:
        actor = actor_of(self.app)
        yield TopBar("Your account")
        with VerticalScroll(id="account-body"):
            yield Static("Display name", classes="account-heading")
            yield Static(
                Content.assemble(
                    "Shown on your posts and threads, old and new. Leave it empty to show "
                    "your username, ",
                    format.line(f"@{actor.username}", "bold"),
                    ".",
                ),
                classes="account-intro",
            )
            yield SafeInput(actor.display_name, id="display-name", max_length=text.DISPLAY_NAME_MAX)
            yield Button("Save name", id="save-name")
            yield Static("Password", classes="account-heading")
            yield Static("", id="password-intro", classes="account-intro")
            yield Label("Current password", classes="current-password")
            yield _password_field("current-password", "your password now")
            yield Label("New password")
            yield _password_field("new-password", f"at least {text.PASSWORD_MIN} characters")
            yield Label("New password again")
            yield _password_field("new-password-again", "the same again")
            yield Button("Change password", id="change-password")
            yield Static("Delete your account", classes="account-heading")
            yield Static(GOES, classes="account-intro")
            yield Label("Your password, to confirm", classes="current-password")
            yield _password_field("delete-password", "your password")
            with Horizontal(id="delete-buttons"):
                yield Button("Delete my account…", id="delete", variant="error")
            yield Static("", id="status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#display-name", Input).focus()
        self.load()

    @work(exclusive=True, group="load")
    @reported
    async def load(self) -> None:
        actor = await refresh_actor(self.app)
        self._show_password_fields(await accounts.has_password(actor))
        self.loaded = True

    def _show_password_fields(self, has_password: bool) -> None:
        """Ask for the current password only of someone who has one."""
        self.has_password = has_password
        for widget in self.query(".current-password, #current-password, #delete-password"):
            widget.display = has_password
        self.query_one("#password-intro", Static).update(
            "Give your current password, then the new one twice."
            if has_password
            else "You sign in with an SSH key. You can add a password too."
        )

    def _status(self, message: str, ok: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(message)
        status.set_class(ok, "ok")
        if message:
            self.call_after_refresh(status.scroll_visible, animate=False)

    show_problem = _status
    """Where ``@reported`` workers say what went wrong."""

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    async def _check_current(self, field_id: str) -> str | None:
        """The current password typed in ``field_id``, once the server's throttle (over
        SSH) accepted it; the domain checks it again. None for a key-only account."""
        if not self.has_password:
            return None
        password = self._value(field_id)
        if not password:
            raise ValidationError("current password", "is needed first")
        throttled = getattr(self.app, "password_sign_in", None)
        if throttled is not None:
            try:
                await throttled(actor_of(self.app).username, password)
            except AuthenticationFailed:
                raise ValidationError("current password", "is not right") from None
        return password

    # -- display name -------------------------------------------------------------------

    @on(Input.Submitted, "#display-name")
    @on(Button.Pressed, "#save-name")
    def _save_name(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        self.save_name()

    @work(exclusive=True, group="write")
    @reported
    async def save_name(self) -> None:
        renamed = await accounts.change_display_name(
            actor_of(self.app), self._value("display-name")
        )
        if hasattr(self.app, "actor"):
            self.app.actor = renamed  # type: ignore[attr-defined]
        self.query_one("#display-name", Input).value = renamed.display_name
        self.query_one(TopBar).refresh_who()
        self._status(f"Your posts now show {renamed.display_name}.", ok=True)

    # -- password -----------------------------------------------------------------------

    @on(Input.Submitted, "#new-password-again")
    @on(Button.Pressed, "#change-password")
    def _change(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        self.change_password()

    @work(exclusive=True, group="write")
    @reported
    async def change_password(self) -> None:
        new, again = self._value("new-password"), self._value("new-password-again")
        if new != again:
            self._status("The new passwords are not the same: type them again.")
            self._clear("new-password", "new-password-again")
            self.query_one("#new-password", Input).focus()
            return
        try:
            text.password(new)  # the rules first: no guess at the current one is spent
            current = await self._check_current("current-password")
            await accounts.change_password(actor_of(self.app), current, new)
        finally:
            self._clear("current-password")
        self._clear("new-password", "new-password-again")
        # The fields move first, then the line saying so is brought into view.
        self._show_password_fields(True)
        self._status("Your password is changed.", ok=True)

    def _clear(self, *field_ids: str) -> None:
        for field_id in field_ids:
            self.query_one(f"#{field_id}", Input).value = ""

    # -- deleting the account -------------------------------------------------------------

    @on(Input.Submitted, "#delete-password")
    @on(Button.Pressed, "#delete")
    def _delete(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        self.action_delete_account()

    def action_delete_account(self) -> None:
        if self.has_password and not self._value("delete-password"):
            self._status("Type your password above the button first.")
            self.query_one("#delete-password", Input).focus()
            return
        name = format.line(actor_of(self.app).username, "bold")
        first = Content.assemble("Delete your account ", name, "?\n\n", GOES)
        last = Content.assemble("This cannot be undone. Delete ", name, " for good and sign out?")

        def answered_last(yes: bool | None) -> None:
            if yes:
                self.delete()

        def answered_first(yes: bool | None) -> None:
            if yes:
                self.app.push_screen(
                    ConfirmScreen(last, yes="Delete for good", no="Keep my account"), answered_last
                )

        self.app.push_screen(
            ConfirmScreen(first, yes="Delete my account", no="Keep it"), answered_first
        )

    @work(exclusive=True, group="write")
    @reported
    async def delete(self) -> None:
        try:
            password = await self._check_current("delete-password")
            await delete_account(actor_of(self.app), password)
        finally:
            self._clear("delete-password")
        self.app.notify("Your account is deleted. Take care of yourself.", markup=False)
        self.post_message(SignOutRequested())
