"""Find someone by name and look after their account: suspend or lift a suspension
(moderators and admins), send a private note, promote or demote (admins)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from models import accounts, clock, moderation
from models.actor import Actor
from models.changes import Change, Kind
from models.enums import Role
from models.policy import Action, Context
from screens import format
from screens.actor_changes import about_me, follow_actor
from screens.ask import AskScreen
from screens.live import LiveUpdates
from screens.session import actor_of, may, reported
from screens.suspend import SuspendScreen
from screens.widgets.footer import KeyFooter
from screens.widgets.safe_input import SafeInput
from screens.widgets.top_bar import TopBar

ROLE_NAMES = {Role.MEMBER: "member", Role.MODERATOR: "moderator", Role.ADMIN: "admin"}


def person_card(person: Actor) -> Content:
    now = clock.now()
    lines = [
        format.join(
            format.line(person.display_name, "bold"),
            format.line(f"@{person.username}", "$text-muted"),
            ROLE_NAMES.get(person.role, "member"),  # type: ignore[arg-type]
        )
    ]
    if person.suspended_at(now):
        why = format.line(person.suspended_reason or "no reason given")
        lines.append(
            Content.assemble(
                Content.styled(
                    f"Suspended until {format.moment_text(person.suspended_until)}: ",
                    "$text-warning",
                ),  # type: ignore[arg-type]
                why,
            )
        )
    else:
        lines.append(Content.styled("Not suspended", "$text-muted"))
    return Content("\n").join(lines)


class PeopleScreen(Screen[None]):
    """Type a username and press enter; the keys act on the person shown."""

    AUTO_FOCUS = "#find-name"
    CSS_PATH = "people.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        # Control keys the username field does not use for editing.
        Binding("ctrl+s", "suspend", "Suspend"),
        Binding("ctrl+l", "unsuspend", "Lift suspension"),
        Binding("ctrl+n", "note", "Send a note"),
        Binding("ctrl+t", "role('moderator')", "Make moderator"),
        Binding("ctrl+y", "role('member')", "Make member"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.person: Actor | None = None
        """The person found, as last loaded."""
        self.live = LiveUpdates(self, self._concerns, self._apply_changes)
        """The person shown, or the one using the screen, changed in any session."""

    def compose(self) -> ComposeResult:
        yield TopBar("People")
        with VerticalScroll(id="people-body"):
            yield SafeInput(id="find-name", placeholder="Username, then enter", max_length=32)
            yield Static("", id="person", markup=False)
            yield Static("", id="status", markup=False)
        yield KeyFooter()

    @on(Input.Submitted, "#find-name")
    def _look_up(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.look_up(event.value.strip())

    def on_mount(self) -> None:
        self.live.start()

    def on_unmount(self) -> None:
        self.live.stop()

    def _concerns(self, change: Change) -> bool:
        shown = self.person is not None and change.user_id == self.person.id
        return (change.kind is Kind.PERSON and shown) or about_me(self, change)

    def _apply_changes(self, changes: list[Change]) -> None:
        if self.person is not None:
            self.look_up(self.person.username)  # which asks who is looking again too
        else:
            self.follow()

    @work(exclusive=True, group="follow")
    @reported
    async def follow(self) -> None:
        await follow_actor(self)

    @work(exclusive=True, group="load")
    @reported
    async def look_up(self, username: str) -> None:
        await follow_actor(self)  # one's own role may have changed
        found = await accounts.find(username)
        self.person = found
        self.query_one("#person", Static).update(person_card(found) if found else "")
        self._status("" if found else "There is nobody with that name.")
        self.refresh_bindings()

    def _status(self, message: str, ok: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.set_class(ok, "ok")
        status.update(message)

    show_problem = _status
    """Where ``@reported`` workers say what went wrong."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        person = self.person
        if action in {"suspend", "unsuspend"}:
            if person is None:
                return False
            context = Context(owner_id=person.id, target_role=person.role)
            suspended = person.suspended_at(clock.now())
            if not may(self.app, Action.SUSPEND_USER, context):
                return False
            return suspended if action == "unsuspend" else not suspended
        if action == "note":
            return person is not None and may(self.app, Action.SEND_NOTE)
        if action == "role":
            wanted = Role(str(parameters[0])) if parameters else None
            return (
                person is not None
                and person.role != wanted
                and person.role != Role.ADMIN
                and may(self.app, Action.CHANGE_ROLE)
            )
        return True

    def action_suspend(self) -> None:
        if self.person is not None:
            self.app.push_screen(
                SuspendScreen(self.person.id, self.person.display_name),  # type: ignore[arg-type]
                lambda until: (
                    self._changed(f"Suspended until {format.moment_text(until)}.")
                    if until
                    else None
                ),
            )

    def action_unsuspend(self) -> None:
        person = self.person
        if person is None:
            return

        async def lift(words: str) -> None:
            await moderation.unsuspend(actor_of(self.app), person.id, words)  # type: ignore[arg-type]

        self.app.push_screen(
            AskScreen(
                Content.assemble(
                    "Lift the suspension of ", format.line(person.display_name, "bold")
                ),
                "Why (for the audit log; optional)",
                lift,
                yes="Lift suspension",
            ),
            lambda done: self._changed("Suspension lifted.") if done is not None else None,
        )

    def action_note(self) -> None:
        person = self.person
        if person is None:
            return

        async def send(words: str) -> None:
            await moderation.send_note(actor_of(self.app), person.id, words)  # type: ignore[arg-type]

        self.app.push_screen(
            AskScreen(
                Content.assemble("A private note to ", format.line(person.display_name, "bold")),
                "Only they will see it",
                send,
                yes="Send",
                multiline=True,
                required=True,
            ),
            lambda done: self._changed("Note sent.") if done is not None else None,
        )

    def action_role(self, role: str) -> None:
        if self.person is not None:
            self.change_role(self.person.username, Role(role))

    @work(exclusive=True, group="change")
    @reported
    async def change_role(self, username: str, role: Role) -> None:
        await accounts.change_role(actor_of(self.app), username, role)
        self._changed(f"{username} is now a {ROLE_NAMES[role]}.")

    def _changed(self, message: str) -> None:
        if self.person is not None:
            self.look_up(self.person.username)
        self.notify(message, markup=False)
