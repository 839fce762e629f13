"""Pick a supportive reaction for a post: hug, me too, thank you, I hear you.

Choosing one you gave already takes it back. There are no downvotes and no scores.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.widgets.option_list import Option

from models import reactions
from models.enums import ReactionKind
from screens import format
from screens.session import actor_of, reported
from screens.widgets.footer import KeyFooter
from screens.widgets.option_list import OptionList
from screens.widgets.reactions import KINDS


async def toggle(app, post_id: int, kind: ReactionKind, mine: bool) -> None:
    """Give ``kind`` to the post, or take it back when it is already yours."""
    if mine:
        await reactions.unreact(actor_of(app), post_id, kind)
    else:
        await reactions.react(actor_of(app), post_id, kind)


class ReactScreen(ModalScreen[bool]):
    """Dismisses with True when a reaction was given or taken back."""

    CSS_PATH = "react.tcss"
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(
        self,
        post_id: int,
        author: str,
        counts: dict[ReactionKind, int],
        mine: set[ReactionKind],
    ) -> None:
        super().__init__()
        self.post_id = post_id
        self.author = author
        """Whose post (user text: shown plain)."""
        self.counts = counts
        self.mine = mine

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Content.assemble("React to ", format.line(self.author, "bold"), "'s post"),
                id="react-title",
                markup=False,
            )
            options = []
            for number, kind in enumerate(KINDS, start=1):
                own = kind in self.mine
                count = self.counts.get(kind, 0)
                options.append(
                    Option(
                        Content.assemble(
                            (f"{number}  ", "bold $accent"),
                            ("✓ " if own else "  ", "bold $text-success"),
                            (reactions.LABELS[kind], "bold" if own else ""),
                            (f"  {count}" if count else "", "$text-muted"),
                            (
                                "  (yours: choose to take it back)" if own else "",
                                "italic $text-muted",
                            ),
                        ),
                        id=kind.value,
                    )
                )
            yield OptionList(*options, id="kinds", markup=False)
            yield Static("", id="react-error", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#kinds", OptionList).focus()

    def on_key(self, event) -> None:
        if event.character in {"1", "2", "3", "4"}:
            event.stop()
            self.choose(KINDS[int(event.character) - 1])

    @on(OptionList.OptionSelected, "#kinds")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(ReactionKind(event.option.id))

    def action_close(self) -> None:
        self.dismiss(False)

    @work(exclusive=True, group="react")
    @reported
    async def choose(self, kind: ReactionKind) -> None:
        await toggle(self.app, self.post_id, kind, kind in self.mine)
        self.dismiss(True)

    def show_problem(self, text: str) -> None:
        self.query_one("#react-error", Static).update(text)
