"""Get help now: every crisis line and how to reach it, one key away from anywhere.

If the database cannot be reached this screen still shows the crisis lines the forum
ships with: help must never be the thing that fails.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from models import resources
from models.seed import CRISIS_LINES
from screens import format
from screens.session import database, problem
from screens.widgets.footer import KeyFooter
from screens.widgets.top_bar import TopBar

EMERGENCY = (
    "If you are in danger right now, call your local emergency number "
    "(911 in the US and Canada, 999 in the UK, 112 across Europe)."
)


def card(title: str, contact: str, description: str) -> Static:
    body = Content("\n").join(
        [
            format.line(title, "bold"),
            Content.assemble(("→ ", "$accent"), format.line(contact, "bold $accent")),
            format.line(description, "$text-muted"),
        ]
    )
    return Static(body, classes="line-card", markup=False)


class GetHelpScreen(Screen[None]):
    """Crisis lines, warmly and plainly. Escape goes back to where you were."""

    CSS_PATH = "get_help.tcss"
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield TopBar("Get help now")
        with VerticalScroll(id="help-body"):
            yield Static("You don't have to go through this alone.", id="help-title")
            yield Static(
                "These lines are free and confidential, and the people who answer want "
                "to hear from you. You can call, text or chat; you don't need to be sure "
                'it is "bad enough".',
                id="help-intro",
                markup=False,
            )
            yield Static(EMERGENCY, id="help-emergency", markup=False)
            yield Vertical(id="help-lines")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        lines = []
        try:
            if await database(self.app, within=3):  # else still opening: a slow first start
                lines = [
                    (r.title, r.contact, r.description) for r in await resources.crisis_resources()
                ]
        except Exception as error:
            problem(error)  # logged
        if not lines:  # never an empty help screen: the lines the forum ships with
            lines = [(title, contact, about) for title, about, contact in CRISIS_LINES]
        box = self.query_one("#help-lines", Vertical)
        await box.remove_children()
        await box.mount_all(card(*line) for line in lines)
