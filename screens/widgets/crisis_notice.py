"""The gentle note the compose screen shows when the words being written contain crisis
language (the admins' phrase list in models/crisis.py).

It only shows the crisis lines beside the draft: it never blocks or delays the post and
tells no one else. The phrase list and the lines load once, when the compose screen
opens; every keystroke then matches without a query.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from models import crisis, resources
from models.seed import CRISIS_LINES
from screens import format
from screens.session import problem

INTRO = (
    "It sounds like things may be really hard right now. You don't have to carry this "
    "alone: these lines are free and confidential, and someone is there to listen, any time."
)
AFTER = "Press ctrl+g for every line. Your post goes out as usual; only you see this note."


class CrisisNotice(Vertical):
    """Hidden until :meth:`check` finds crisis language in the draft."""

    DEFAULT_CSS = """
    CrisisNotice {
        height: auto; max-height: 12; display: none;
        border: round $accent; padding: 0 1; margin: 0 1;
        background: $boost;
    }
    CrisisNotice.-shown { display: block; }
    CrisisNotice > Static { height: auto; }
    CrisisNotice > #crisis-intro { text-style: bold; color: $text-primary; }
    CrisisNotice > #crisis-after { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__(id="crisis-notice")
        self.detector: crisis.Detector | None = None
        """Loaded on mount; until then nothing matches."""
        self._pending = ""
        """The latest text checked before the phrase list arrived."""

    def compose(self) -> ComposeResult:
        yield Static(INTRO, id="crisis-intro", markup=False)
        yield Static("", id="crisis-lines", markup=False)
        yield Static(AFTER, id="crisis-after", markup=False)

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="crisis")
    async def load(self) -> None:
        try:
            self.detector = await crisis.detector()
            found = [(r.title, r.contact) for r in await resources.crisis_resources()]
        except Exception as error:
            problem(error)  # logged; the phrases and lines the forum ships with stand in
            self.detector = crisis.Detector(crisis.DEFAULT_PHRASES)
            found = []
        if not found:  # the lines the forum ships with: help never fails
            found = [(title, contact) for title, _, contact in CRISIS_LINES]
        lines = [
            Content.assemble(
                format.line(title, "bold"), ("  → ", "$accent"), format.line(contact, "$accent")
            )
            for title, contact in found[:4]
        ]
        self.query_one("#crisis-lines", Static).update(Content("\n").join(lines))
        if self._pending:
            self.check(self._pending)

    @property
    def shown(self) -> bool:
        return self.has_class("-shown")

    def check(self, text: str) -> bool:
        """Show or hide the note for ``text``; returns whether it is shown."""
        if self.detector is None:
            self._pending = text
            return False
        found = self.detector.matches(text)
        self.set_class(found, "-shown")
        return found
