"""The help screen: every key the person can use, screen by screen, read from the
bindings themselves so it can never drift from what the keys really do."""

from __future__ import annotations

from collections.abc import Iterable

from textual.actions import parse
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from models.policy import Action, Context
from screens.session import actor_of, may
from screens.widgets.footer import KeyFooter
from screens.widgets.top_bar import TopBar

ONLY_SOME_SCREENS = {"search"}
"""App keys that work only on some screens: listed with those, not under "Everywhere"."""
OPENING_SEARCH = Binding("slash", "search", "Search (on the boards, a board and a thread)")

EXTRA_EVERYWHERE = [
    ("ctrl+p", "Command palette: search every action"),
    ("tab / shift+tab", "Move between fields, lists and buttons"),
]


def sections() -> list[tuple[str, Iterable[BindingType], Action | None]]:
    """(heading, bindings, what a person must be allowed to do to be shown them) for every
    place that has keys of its own."""
    from screens.audit_log import AuditLogScreen
    from screens.board import BoardScreen
    from screens.boards import BoardsScreen
    from screens.compose import ComposeScreen
    from screens.crisis_phrases import CrisisPhrasesScreen
    from screens.register import RegisterScreen
    from screens.report import ReportScreen
    from screens.resources_pane import ResourcesPane
    from screens.review_queue import ReviewQueueScreen
    from screens.safety_settings import SafetySettingsScreen
    from screens.search import SearchScreen
    from screens.sign_in import SignInScreen
    from screens.thread import ThreadScreen
    from screens.widgets.post import PostWidget

    return [
        ("Signing in", SignInScreen.BINDINGS, None),
        ("Creating an account", RegisterScreen.BINDINGS, None),
        ("Boards", BoardsScreen.BINDINGS, None),
        ("A board's threads", BoardScreen.BINDINGS, None),
        ("A thread", ThreadScreen.BINDINGS, None),
        ("On a post in a thread", PostWidget.BINDINGS, None),
        ("Searching", [OPENING_SEARCH, *SearchScreen.BINDINGS], None),
        ("Writing a post", ComposeScreen.BINDINGS, Action.REPLY),
        ("Reporting a post", ReportScreen.BINDINGS, Action.REPORT_POST),
        ("Safety settings", SafetySettingsScreen.BINDINGS, Action.HIDE_TOPICS),
        ("Resources pane (moderators and admins)", ResourcesPane.BINDINGS, Action.PIN_RESOURCE),
        ("Review queue (moderators and admins)", ReviewQueueScreen.BINDINGS, Action.REVIEW_REPORTS),
        ("Audit log (moderators and admins)", AuditLogScreen.BINDINGS, Action.VIEW_AUDIT_LOG),
        ("Crisis phrases (admins)", CrisisPhrasesScreen.BINDINGS, Action.EDIT_CRISIS_PHRASES),
    ]


KEY_NEEDS = {
    "new_thread": Action.START_THREAD,
    "flag:pinned": Action.PIN_THREAD,
    "flag:locked": Action.LOCK_THREAD,
    "slow_mode": Action.SET_SLOW_MODE,
    "edit_title": Action.EDIT_OWN_THREAD_TITLE,
    "reply": Action.REPLY,
    "edit": Action.EDIT_OWN_POST,
    "remove": Action.REMOVE_OWN_POST,
    "pick_reaction": Action.REACT,
    "react": Action.REACT,
    "report": Action.REPORT_POST,
    "block": Action.BLOCK_USER,
    "unblock": Action.BLOCK_USER,
}
"""Keys in the sections anyone sees that only some people can use, by action (or action
and first argument, where the argument decides), with what a person must be allowed to
do to use them. The boards screen's ``open`` keys follow :func:`screens.boards.can_open`."""


def usable(app: App, binding: Binding) -> bool:
    """Whether the person using ``app`` can use the key at all (so the list shows it)."""
    from screens.boards import can_open

    _, name, arguments = parse(binding.action)
    argument = str(arguments[0]) if arguments else ""
    if name == "open":
        return can_open(app, argument)
    need = KEY_NEEDS.get(f"{name}:{argument}", KEY_NEEDS.get(name))
    return need is None or may(app, need, Context(owner_id=actor_of(app).id))


class KeysScreen(Screen[None]):
    """Lists every key. Escape goes back."""

    CSS_PATH = "keys.tcss"
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield TopBar("Keys")
        with VerticalScroll(id="keys-body"):
            yield Static("Every key", id="keys-title")
            yield Static(
                "Everything also works with the mouse: click a board, a thread, a post's "
                "arrow to fold it, or a button.",
                id="keys-intro",
            )
            app_bindings = [
                b
                for b in getattr(type(self.app), "BINDINGS", [])
                if not (isinstance(b, Binding) and b.action in ONLY_SOME_SCREENS)
            ]
            everywhere = self._table(app_bindings, EXTRA_EVERYWHERE)
            yield Static("Everywhere", classes="keys-heading")
            yield Static(everywhere, classes="keys-table")
            for heading, bindings, need in sections():
                if need is not None and not may(self.app, need):
                    continue  # staff keys only for staff, writing keys only for writers
                yield Static(heading, classes="keys-heading")
                yield Static(self._table(bindings), classes="keys-table")
        yield KeyFooter()

    def _table(
        self, bindings: Iterable[BindingType], extra: Iterable[tuple[str, str]] = ()
    ) -> Content:
        described: dict[str, list[str]] = {}
        for item in bindings:
            binding = item if isinstance(item, Binding) else Binding(*item)
            if not binding.description or binding.system or not usable(self.app, binding):
                continue
            keys = " / ".join(self.app.get_key_display(b) for b in Binding.make_bindings([binding]))
            if binding.description not in described.setdefault(keys, []):
                described[keys].append(binding.description)
        rows = [(keys, " / ".join(descriptions)) for keys, descriptions in described.items()]
        rows += list(extra)
        width = max((len(k) for k, _ in rows), default=0) + 2
        return Content("\n").join(
            Content.assemble((k.ljust(width), "bold $accent"), d) for k, d in rows
        )
