"""The home screen: every board with its threads, last activity and who is still waiting."""

from __future__ import annotations

import importlib
from typing import NamedTuple

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual.widgets.option_list import Option

from models import boards, clock, moderation, reports, resources, unread
from models.changes import Change, Kind
from models.policy import OWNER_ACTIONS, Action, Context
from models.views import BoardSummary, PostView, ResourceView
from screens import format
from screens.actor_changes import about_me
from screens.live import LiveUpdates, everything
from screens.messages import SignInRequested, SignOutRequested
from screens.resources_pane import ResourcesPane, help_first
from screens.session import actor_of, may, problem, refresh_actor, reported
from screens.suspend import suspension_notice
from screens.widgets.footer import KeyFooter
from screens.widgets.option_list import OptionList
from screens.widgets.top_bar import TopBar


def board_prompt(board: BoardSummary, now, new: int = 0) -> Content:
    waiting = board.unanswered_count
    stats = format.join(
        format.count(board.thread_count, "thread"),
        Content.styled(f"{waiting:,} waiting for a reply", "$text-warning") if waiting else "",
        f"last activity {format.ago(board.last_activity_at, now)}"
        if board.last_activity_at
        else "no posts yet",
        Content.styled("closed", "$text-error") if board.locked else "",
    )
    name = format.join(
        format.line(board.name, "bold"),
        Content.styled(f"● {format.count(new, 'thread')} with something new", "bold $text-accent")
        if new
        else None,
        separator="  ",
    )
    return Content("\n").join([name, format.line(board.description, "$text-muted"), stats])


class BoardsData(NamedTuple):
    """Everything the boards screen shows from the database."""

    boards: list[BoardSummary]
    new: dict[int, int]
    """For each board, how many of its threads have something new for the person."""
    notice: Content
    resources: list[ResourceView]


async def fetch_boards(app) -> tuple[list[BoardSummary], dict[int, int]]:
    """The boards, and how many threads on each have something new for the person."""
    return await boards.list_boards(), await unread.new_on_boards(actor_of(app))


async def fetch_boards_data(app) -> BoardsData:
    notice = await board_notice(app)  # first: it asks who the person is now
    found, new = await fetch_boards(app)
    return BoardsData(found, new, notice, help_first(await resources.list_resources(None)))


async def board_notice(app) -> Content:
    """A suspension, new notes from moderators, and (for staff) reports waiting."""
    actor = await refresh_actor(app)  # a suspension applies at once
    if actor.is_guest:
        return Content()
    lines: list[Content] = []
    if (suspended := suspension_notice(actor, clock.now())) is not None:
        lines.append(suspended)
    unread = await moderation.unread_note_count(actor)
    if unread:
        lines.append(
            Content.styled(
                f"You have {format.count(unread, 'new note')} from a moderator: press m to read.",
                "bold $text-accent",
            )
        )
    if may(app, Action.REVIEW_REPORTS) and (waiting := await reports.open_report_count()):
        lines.append(
            Content.styled(
                f"{format.count(waiting, 'open report')} in the review queue: press Q.",
                "$text-warning",
            )
        )
    return Content("\n").join(lines)


COUNTS = frozenset({Kind.THREAD_STARTED, Kind.REPLY_POSTED, Kind.POST_REMOVED})
"""Changes to a board's threads, last activity, or threads waiting for a reply."""
NOTICE = frozenset({Kind.NOTE, Kind.REPORTS})
"""Changes to the notice: a note for this person, a report opened or closed (staff)."""


def board_options(found: list[BoardSummary], new: dict[int, int], now) -> list[Option | None]:
    """One option a board, with a divider (None) between them."""
    options: list[Option | None] = []
    for board in found:
        prompt = board_prompt(board, now, new.get(board.id, 0))
        options += [Option(prompt, id=f"board-{board.id}"), None]
    return options[:-1]


SAFETY_SCREENS = {
    "unanswered": ("screens.unanswered", "UnansweredScreen", None),
    "notes": ("screens.notes", "NotesScreen", None),  # anyone signed in (see can_open)
    "safety": ("screens.safety_settings", "SafetySettingsScreen", Action.HIDE_TOPICS),
    "ssh_keys": ("screens.ssh_keys", "SshKeysScreen", Action.MANAGE_OWN_KEYS),
    "account": ("screens.account_settings", "AccountSettingsScreen", Action.CHANGE_OWN_PASSWORD),
    "review_queue": ("screens.review_queue", "ReviewQueueScreen", Action.REVIEW_REPORTS),
    "people": ("screens.people", "PeopleScreen", Action.SUSPEND_USER),
    "audit_log": ("screens.audit_log", "AuditLogScreen", Action.VIEW_AUDIT_LOG),
    "crisis_phrases": ("screens.crisis_phrases", "CrisisPhrasesScreen", Action.EDIT_CRISIS_PHRASES),
}
"""Each screen opened from the boards screen or the palette: where it lives, and what a
person must be allowed to do to be offered it (loaded on first use, to start fast)."""


def can_open(app, what: str) -> bool:
    """Whether to offer the screen ``what``: hidden from whoever cannot use it."""
    if what not in SAFETY_SCREENS:
        return False
    if what == "notes":  # a suspended person still reads the notes sent to them
        return not actor_of(app).is_guest
    action = SAFETY_SCREENS[what][2]
    if action in OWNER_ACTIONS:
        return may(app, action, Context(owner_id=actor_of(app).id))
    return action is None or may(app, action)


def open_safety_screen(app, what: str) -> None:
    """Open one of the screens above (from a key, or the command palette)."""
    if not can_open(app, what):
        return
    module, name, _ = SAFETY_SCREENS[what]
    opened = getattr(importlib.import_module(module), name)
    if not isinstance(app.screen, opened):
        app.push_screen(opened())


class BoardsScreen(Screen[None]):
    """Pick a board; ``n`` starts a thread in the highlighted one."""

    CSS_PATH = "boards.tcss"
    BINDINGS = [
        Binding("n", "new_thread", "New thread"),
        Binding("Q", "open('review_queue')", "Review queue"),
        Binding("u", "open('unanswered')", "No reply yet"),
        Binding("m", "open('notes')", "Notes"),
        Binding("ctrl+r", "toggle_resources", "Resources"),
        Binding("f5", "refresh", "Refresh"),
        Binding("ctrl+o", "sign_in", "Sign in"),
        Binding("ctrl+o", "sign_out", "Sign out"),
        Binding("s", "open('safety')", "Safety settings", show=False),
        Binding("A", "open('audit_log')", "Audit log", show=False),
        Binding("C", "open('crisis_phrases')", "Crisis phrases", show=False),
        Binding("K", "open('ssh_keys')", "SSH keys", show=False),
        Binding("y", "open('account')", "Your account", show=False),
        Binding("U", "open('people')", "People", show=False),
    ]

    def __init__(self, ready: BoardsData | None = None) -> None:
        super().__init__()
        self.boards: list[BoardSummary] = []
        """The boards as last loaded, in the list's order."""
        self._ready = ready
        """What to show at once (see `prepared`); None: load it after mounting."""
        self._returned = False
        """Whether the screen has been shown before (coming back to it reloads)."""
        self.live = LiveUpdates(self, self._concerns, self._apply_changes, while_covered=False)
        """What others change that this screen shows (see screens.live)."""
        self._due: set[str] = set()
        """What changes made elsewhere left to show again: "boards", "notice"."""

    @classmethod
    async def prepared(cls, app) -> BoardsScreen:
        """The screen with its boards, notice and resources already loaded, so its first
        frame is complete: one drawing instead of one per arrival. If loading fails, the
        screen loads again once shown, and says what went wrong there."""
        try:
            return cls(await fetch_boards_data(app))
        except Exception as error:
            problem(error)  # logged; shown if loading again fails too
            return cls()

    def compose(self) -> ComposeResult:
        ready = self._ready
        notice = ready.notice if ready is not None else Content()
        yield TopBar("Boards")
        with Horizontal(id="main"):
            with Vertical(id="content"):
                yield Static("Boards", id="heading")
                yield Static(notice, id="notice", markup=False, classes="" if notice else "-empty")
                options = (
                    board_options(ready.boards, ready.new, clock.now()) if ready is not None else []
                )
                yield OptionList(*options, id="boards", markup=False)
                yield Static("", id="status", markup=False)
            yield ResourcesPane(None, items=ready.resources if ready is not None else None)
        yield KeyFooter()

    def on_mount(self) -> None:
        options = self.query_one("#boards", OptionList)
        options.focus()
        self.live.start()
        if self._ready is None:
            self.load()
            return
        self.boards = self._ready.boards
        self._ready = None
        if self.boards:
            options.highlighted = 0

    def on_screen_resume(self) -> None:
        if self._returned:
            self.load()  # counts change while you read a thread
        self._returned = True

    def on_unmount(self) -> None:
        self.live.stop()

    @work(exclusive=True, group="load")
    @reported
    async def load(self) -> None:
        self._due.clear()  # this shows everything; what comes meanwhile is due again
        notice = await board_notice(self.app)
        found = await fetch_boards(self.app)
        self.query_one("#status", Static).update("")
        self._show_notice(notice)
        self._show_boards(*found)

    def _show_notice(self, notice: Content) -> None:
        self.query_one("#notice", Static).update(notice)
        self.query_one("#notice").set_class(not notice, "-empty")
        self.query_one(TopBar).refresh_who()  # the notice asked who the person is now
        self.refresh_bindings()

    def _show_boards(self, found: list[BoardSummary], new: dict[int, int]) -> None:
        """Show ``found``: in place when the same boards are listed (the highlight and the
        scroll stay), else listed again with the same board highlighted."""
        options = self.query_one("#boards", OptionList)
        now = clock.now()
        if [b.id for b in found] == [b.id for b in self.boards]:
            for board in found:
                prompt = board_prompt(board, now, new.get(board.id, 0))
                options.replace_option_prompt(f"board-{board.id}", prompt)
            self.boards = found
            return
        kept = self.highlighted_board()
        self.boards = found
        options.clear_options()
        options.add_options(board_options(found, new, now))
        if found:
            ids = [b.id for b in found]
            options.highlighted = ids.index(kept.id) if kept is not None and kept.id in ids else 0

    # -- what others do meanwhile -------------------------------------------------------

    def _concerns(self, change: Change) -> bool:
        return change.kind in COUNTS or change.kind in NOTICE or about_me(self, change)

    def _apply_changes(self, changes: list[Change]) -> None:
        if everything(changes):
            self._due |= {"boards", "notice"}
        for change in changes:
            self._due.add("boards" if change.kind in COUNTS else "notice")
        self.live_update()

    @work(exclusive=True, group="live")
    @reported
    async def live_update(self) -> None:
        # A newer burst cancels this one: what is left undone here stays to do then.
        due = set(self._due)
        if not self.is_active:
            # Who the person is now is asked by the screen in front (coming back reloads
            # this one): see screens.actor_changes.follow_actor.
            due.discard("notice")
        notice = await board_notice(self.app) if "notice" in due else None
        found = await fetch_boards(self.app) if "boards" in due else None
        if notice is not None:
            self._show_notice(notice)
        if found is not None:
            self._show_boards(*found)
        self._due -= due

    def show_problem(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    def highlighted_board(self) -> BoardSummary | None:
        option = self.query_one("#boards", OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        board_id = int(option.id.removeprefix("board-"))
        return next((b for b in self.boards if b.id == board_id), None)

    @on(OptionList.OptionSelected, "#boards")
    def _open(self, event: OptionList.OptionSelected) -> None:
        from screens.board import BoardScreen

        board = self.highlighted_board()
        if board is not None:
            self.app.push_screen(BoardScreen(board))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        guest = actor_of(self.app).is_guest
        if action == "sign_in":
            return guest
        if action == "sign_out":
            return not guest
        if action == "new_thread":
            return may(self.app, Action.START_THREAD, Context())
        if action == "open":
            return can_open(self.app, str(parameters[0]) if parameters else "")
        return True

    def action_open(self, what: str) -> None:
        open_safety_screen(self.app, what)

    def action_new_thread(self) -> None:
        from screens.compose import ComposeScreen

        board = self.highlighted_board()
        if board is None:
            return
        if not may(self.app, Action.START_THREAD, Context(board_locked=board.locked)):
            self.notify("This board is closed to new threads.", markup=False)
            return

        def posted(opening: PostView | None) -> None:
            if opening is not None:
                self.load()
                self.open_new_thread(opening.thread_id)

        self.app.push_screen(ComposeScreen.new_thread(self.boards, board.id), posted)

    @work(group="open")
    async def open_new_thread(self, thread_id: int) -> None:
        from screens.thread import show_thread

        await show_thread(self.app, thread_id, over=self)

    def action_toggle_resources(self) -> None:
        self.query_one(ResourcesPane).toggle()

    def action_refresh(self) -> None:
        self.load()
        self.query_one(ResourcesPane).reload()

    def action_sign_in(self) -> None:
        self.post_message(SignInRequested())

    def action_sign_out(self) -> None:
        self.post_message(SignOutRequested())
