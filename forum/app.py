"""The forum's Textual app: one per person, whether in a local terminal or over SSH.

The app assumes the database is already connected (the caller opened it and will close
it) and keeps no process-global state of its own: it reads no environment variables,
opens no browser and writes no files, so the SSH server can run many at once.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from models import changes
from models.actor import GUEST, Actor
from models.changes import Change, Kind
from models.text import clean_line
from screens import SHARED_CSS, live
from screens.breakpoints import BREAKPOINTS
from screens.messages import GetHelpRequested, SignedIn, SignInRequested, SignOutRequested
from screens.sign_in import SignInScreen
from screens.textual_compat import prepare_default_screen

if TYPE_CHECKING:
    from textual.widgets import Markdown

# The other screens are imported when first shown: the sign-in screen comes up sooner.

Start = Actor | Literal["sign-in", "sign-up", "guest"]
SEARCH_FROM = (
    ("screens.boards", "BoardsScreen"),
    ("screens.board", "BoardScreen"),
    ("screens.thread.screen", "ThreadScreen"),
)
"""The screens ``/`` opens the search from (module, class)."""


class ForumApp(App[None]):
    """Sign in, browse boards, read and write threads; help is always one key away."""

    TITLE = "forum"
    BINDINGS = [
        # Priority: it must work inside text fields and on every screen, even modals.
        Binding("ctrl+g", "get_help", "Get help now", priority=True),
        Binding("f1", "keys", "Keys", priority=True),
        Binding("question_mark", "keys", "Keys", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("i", "inbox", "Inbox", show=False),
        Binding("slash", "search", "Search"),  # only where check_action allows it
    ]
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS
    """Screens under 60 columns get ``-narrow``: the resources pane becomes a bar."""
    CSS_PATH = SHARED_CSS

    def __init__(
        self,
        start: Start = "sign-in",
        *,
        database_ready: asyncio.Event | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.database_ready = database_ready
        """Set once the database is open, when the caller opens it while the first screen
        shows (the local terminal does, to start sooner). None: it is open already."""
        self.start = start
        """Where the app opens: a form, guest browsing, or signed in already."""
        self.actor: Actor = start if isinstance(start, Actor) else GUEST
        """Who is using this app; screens read it through screens.session.actor_of."""
        self.password_sign_in: Callable[[str, str], Awaitable[Actor]] | None = None
        """How the sign-in form checks a password; None: the domain's own check. Over SSH,
        the server's, which adds its password throttle."""
        self.link_opener: Callable[[str], bool] | None = None
        """Opens a web address in the person's own browser (the forum in a web page),
        False if it is no address to open; None in a terminal, where the address is
        shown instead."""
        self.show_resources = True
        """Whether the resources pane is shown (one choice for every screen)."""
        self.first_screen_shown = asyncio.Event()
        """Set once the first screen is on the terminal: the local run loads the database
        layer after it, so the person sees the forum sooner."""

        self.live_nodes: set[live.LiveUpdates] = set()
        """What this session's screens show that can change (see screens.live)."""
        self._stop_hearing: Callable[[], None] | None = None
        self.unread_notifications = 0
        """Shown in the top bar of every screen (signed in)."""
        self.danger_reports = 0
        """Open "someone may be in danger" reports: in every moderator's top bar."""
        self._counts = live.LiveUpdates(self, self._counted, self._recount)

        self._first_screen: Screen | None = None
        """The boards screen, loaded before the app starts when it opens there (let go
        once it is on the stack, so the app does not keep it after it is replaced)."""

    async def on_load(self) -> None:
        # Runs before the first screen is made: opening at the boards (signed in over
        # SSH, or a guest), their data is loaded first so the first frame is complete.
        if isinstance(self.start, Actor) or self.start == "guest":
            await self._wait_for_database()
            self._first_screen = await _boards(self)

    def on_ready(self) -> None:
        self.first_screen_shown.set()

    def get_default_screen(self) -> Screen:
        # The first screen is the bottom of the stack itself, not pushed over Textual's
        # blank default one: one screen fewer to build and draw before the person sees
        # anything. Textual does two things for a pushed screen that it skips for the
        # default one, so they are done here: load the screen's CSS file, and record the
        # result callback that switch_screen removes when it replaces this screen.
        screen, self._first_screen = self._first_screen or SignInScreen(), None
        prepare_default_screen(self, screen)
        return screen

    def on_mount(self) -> None:
        # Every committed change reaches this app as a message to itself: a change made in
        # another session's task is never applied to this one's widgets from there.
        self._stop_hearing = changes.subscribe(
            lambda change: self.post_message(live.Changed(change))
        )
        self._counts.start()
        if not self.actor.is_guest:
            self._recount([])
        if self.start == "sign-up":
            self.push_screen(_register())

    def on_unmount(self) -> None:
        if self._stop_hearing is not None:
            self._stop_hearing()

    # -- what others did ----------------------------------------------------------------

    def on_changed(self, message: live.Changed) -> None:
        if self._may_hear(message.change):
            live.offer(self, message.change)

    def _counted(self, change: Change) -> bool:
        """Whether ``change`` may change the counts in the top bar."""
        mine = change.kind is Kind.PERSON and change.user_id == self.actor.id
        return change.kind in (Kind.NOTIFIED, Kind.REPORTS) or mine

    @work(group="counts", exclusive=True)
    async def _recount(self, _changes: list[Change]) -> None:
        from models import notifications, reports
        from screens.session import problem
        from screens.widgets.top_bar import TopBar

        try:
            self.unread_notifications = await notifications.unread_count(self.actor)
            self.danger_reports = await reports.open_danger_count(self.actor)
        except Exception as error:
            problem(error)  # logged; the counts show again with the next change
            return
        for screen in self.screen_stack:
            for bar in screen.query(TopBar):
                bar.refresh()

    def _may_hear(self, change: Change) -> bool:
        """Whether this person is told of ``change`` at all: reports are for staff, notes
        and notifications for the people they are for."""
        if change.kind is Kind.REPORTS:
            return self.actor.is_staff
        if change.kind in (Kind.NOTE, Kind.NOTIFIED):
            return self.actor.id in change.users
        return True

    async def _wait_for_database(self) -> None:
        if self.database_ready is not None:
            await self.database_ready.wait()

    # -- who is signed in ---------------------------------------------------------------

    async def on_signed_in(self, message: SignedIn) -> None:
        self.actor = message.actor
        self.unread_notifications = self.danger_reports = 0
        await self._wait_for_database()
        await self._restart(await _boards(self))
        if not message.actor.is_guest:
            self._recount([])
            self.notify(f"Welcome, {clean_line(message.actor.display_name)}.", markup=False)

    async def on_sign_in_requested(self, message: SignInRequested) -> None:
        self.push_screen(SignInScreen())
        if message.register:
            self.push_screen(_register())

    async def on_sign_out_requested(self, message: SignOutRequested) -> None:
        self.actor = GUEST
        self.unread_notifications = self.danger_reports = 0
        await self._restart(SignInScreen())

    async def _restart(self, screen: Screen) -> None:
        """Leave every open screen and start again from ``screen``."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.switch_screen(screen)

    # -- help, everywhere ---------------------------------------------------------------

    @property
    def signed_in_as(self) -> str | None:
        """The username of who is signed in now (None for a guest), for the server's log."""
        return None if self.actor.is_guest else self.actor.username

    async def action_quit(self) -> None:
        """Quit, after asking if that would throw away something being written."""
        from screens.compose import ComposeScreen, QuitWithDraft

        if isinstance(self.screen, QuitWithDraft):
            self.exit()  # ctrl+q twice: yes
            return
        unsaved = [s for s in self.screen_stack if isinstance(s, ComposeScreen) and s.has_draft()]
        # A signed-in person's drafts are kept, and offered back next time: quit at once.
        if all([s.can_keep() and await s.keep_now() for s in unsaved]):
            self.exit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        await self.push_screen(QuitWithDraft(), answered)

    def action_get_help(self) -> None:
        from screens.get_help import GetHelpScreen

        if not isinstance(self.screen, GetHelpScreen):
            self.push_screen(GetHelpScreen())

    def on_get_help_requested(self, message: GetHelpRequested) -> None:
        self.action_get_help()

    def action_inbox(self) -> None:
        """The inbox: replies and reactions to this person (``i`` on any screen)."""
        from screens.inbox import InboxScreen

        if self.actor.is_guest:
            self.notify("Sign in to be told when someone answers you.", markup=False)
        elif not isinstance(self.screen, InboxScreen):
            self.push_screen(InboxScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":
            return self._search_offered()
        return True

    def _search_offered(self) -> bool:
        """``/`` searches from the boards, a board and a thread, never in a text field."""
        from textual.widgets import Input, TextArea

        screen = self.screen
        if isinstance(screen.focused, Input | TextArea):
            return False
        # A screen whose module is not loaded yet cannot be showing: asking loads nothing
        # (the sign-in screen asks on its first frame, before the database layer loads).
        kinds = [getattr(sys.modules[m], name) for m, name in SEARCH_FROM if m in sys.modules]
        return isinstance(screen, tuple(kinds))

    def action_search(self) -> None:
        """The search screen (``/``; on a board, it starts on that board)."""
        from screens.board import BoardScreen
        from screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            board = self.screen.board.id if isinstance(self.screen, BoardScreen) else None
            self.push_screen(SearchScreen(board_id=board))

    def action_keys(self) -> None:
        from screens.keys import KeysScreen

        if not isinstance(self.screen, KeysScreen):
            self.push_screen(KeysScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Get help now", "Crisis lines and how to reach them", self.action_get_help
        )
        yield SystemCommand("Keys", "Every key on every screen", self.action_keys)
        yield SystemCommand("Boards", "Go back to the list of boards", self._go_boards)
        yield SystemCommand("Search", "Find posts by their words (/)", self.action_search)
        if self.actor.is_guest:
            yield SystemCommand(
                "Sign in", "Sign in to post and reply", lambda: self.post_message(SignInRequested())
            )
            yield SystemCommand(
                "Create account",
                "Make an account to take part",
                lambda: self.post_message(SignInRequested(register=True)),
            )
        else:
            yield SystemCommand(
                "Sign out", "Sign out of the forum", lambda: self.post_message(SignOutRequested())
            )
            yield SystemCommand("Inbox", "Replies and reactions to you (i)", self.action_inbox)
        offered: set[str] = set()
        for active in screen.active_bindings.values():  # the screen's own actions
            binding = active.binding
            if binding.description in offered:
                continue  # one action on two keys (enter and space): offered once
            if binding.show and active.enabled and binding.description and active.node is not self:
                offered.add(binding.description)
                yield SystemCommand(
                    binding.description,
                    f"Key: {self.get_key_display(binding)}",
                    lambda a=active: self.run_action(a.binding.action, a.node),
                )
        for command in self._safety_commands():
            if command.title not in offered:
                yield command
        # Textual's own, minus the screenshot (it would write a file on the server).
        for command in super().get_system_commands(screen):
            if command.title in {"Theme", "Quit", "Maximize", "Minimize"}:
                yield command

    def _safety_commands(self) -> Iterable[SystemCommand]:
        """The safety screens this person may use; the others are not offered at all."""
        from screens.boards import can_open, open_safety_screen

        commands = [
            ("unanswered", "No reply yet", "Threads on every board still waiting for a reply"),
            ("notes", "Notes", "Private notes to you from moderators"),
            ("safety", "Safety settings", "Hidden topics and the people you blocked"),
            ("ssh_keys", "SSH keys", "The keys that sign you in over ssh without a password"),
            ("account", "Your account", "Your display name, your password, deleting the account"),
            ("people", "People", "Find someone: suspend, unsuspend, change their role"),
            ("review_queue", "Review queue", "Open reports, and resources to check"),
            ("audit_log", "Audit log", "Every moderator and admin action"),
            ("crisis_phrases", "Crisis phrases", "The words that bring up help while writing"),
        ]
        for what, title, help_text in commands:
            if can_open(self, what):
                yield SystemCommand(
                    title, help_text, lambda what=what: open_safety_screen(self, what)
                )

    async def _go_boards(self) -> None:
        from screens.boards import BoardsScreen

        if self.actor.is_guest and not any(isinstance(s, BoardsScreen) for s in self.screen_stack):
            await self._restart(await _boards(self))
            return
        while len(self.screen_stack) > 1 and not isinstance(self.screen, BoardsScreen):
            await self.pop_screen()
        if not isinstance(self.screen, BoardsScreen):
            await self.switch_screen(await _boards(self))

    # -- links are never opened here ----------------------------------------------------

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Open it in the person's browser when the forum is in a web page; else show the
        address: over SSH, opening it would happen on the server."""
        if self.link_opener is not None and self.link_opener(url):
            return
        self.notify(
            f"Link: {clean_line(url)}", title="Links are not opened here", markup=False, timeout=10
        )

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        self.open_url(event.href)


async def _boards(app: ForumApp) -> Screen:
    from screens.boards import BoardsScreen

    return await BoardsScreen.prepared(app)


def _register() -> Screen:
    from screens.register import RegisterScreen

    return RegisterScreen()
