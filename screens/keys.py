"""The help screen: every key, screen by screen, read from the bindings themselves so it
can never drift from what the keys really do."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from screens.widgets.footer import KeyFooter
from screens.widgets.top_bar import TopBar

EXTRA_EVERYWHERE = [
    ("ctrl+p", "Command palette: search every action"),
    ("tab / shift+tab", "Move between fields, lists and buttons"),
]


def sections() -> list[tuple[str, Iterable[BindingType]]]:
    """(heading, bindings) for every place that has keys of its own."""
    from screens.audit_log import AuditLogScreen
    from screens.board import BoardScreen
    from screens.boards import BoardsScreen
    from screens.compose import ComposeScreen
    from screens.crisis_phrases import CrisisPhrasesScreen
    from screens.register import RegisterScreen
    from screens.report import ReportScreen
    from screens.review_queue import ReviewQueueScreen
    from screens.safety_settings import SafetySettingsScreen
    from screens.sign_in import SignInScreen
    from screens.thread import ThreadScreen
    from screens.widgets.post import PostWidget
    from screens.widgets.resources_pane import ResourcesPane

    return [
        ("Signing in", SignInScreen.BINDINGS),
        ("Creating an account", RegisterScreen.BINDINGS),
        ("Boards", BoardsScreen.BINDINGS),
        ("A board's threads", BoardScreen.BINDINGS),
        ("A thread", ThreadScreen.BINDINGS),
        ("On a post in a thread", PostWidget.BINDINGS),
        ("Writing a post", ComposeScreen.BINDINGS),
        ("Reporting a post", ReportScreen.BINDINGS),
        ("Safety settings", SafetySettingsScreen.BINDINGS),
        ("Resources pane (moderators and admins)", ResourcesPane.BINDINGS),
        ("Review queue (moderators and admins)", ReviewQueueScreen.BINDINGS),
        ("Audit log (moderators and admins)", AuditLogScreen.BINDINGS),
        ("Crisis phrases (admins)", CrisisPhrasesScreen.BINDINGS),
    ]


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
            app_bindings = getattr(type(self.app), "BINDINGS", [])
            everywhere = self._table(app_bindings, EXTRA_EVERYWHERE)
            yield Static("Everywhere", classes="keys-heading")
            yield Static(everywhere, classes="keys-table")
            for heading, bindings in sections():
                yield Static(heading, classes="keys-heading")
                yield Static(self._table(bindings), classes="keys-table")
        yield KeyFooter()

    def _table(
        self, bindings: Iterable[BindingType], extra: Iterable[tuple[str, str]] = ()
    ) -> Content:
        described: dict[str, list[str]] = {}
        for item in bindings:
            binding = item if isinstance(item, Binding) else Binding(*item)
            if not binding.description or binding.system:
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
