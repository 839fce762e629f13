"""The one-line bar at the top of every screen: where you are, and who you are."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from screens import format
from screens.session import actor_of


class TopBar(Horizontal):
    """``forum > Board > Thread`` on the left, who is signed in on the right."""

    DEFAULT_CSS = """
    TopBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    TopBar > #where { width: 1fr; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    TopBar > #who { width: auto; max-width: 50%; padding: 0 1; color: $text-muted;
                    text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *where: str) -> None:
        super().__init__()
        self._where = where
        """The path to the current screen, outermost first (user text: shown plain)."""

    def compose(self) -> ComposeResult:
        yield Static(self._path(self._where), id="where", markup=False)
        yield Static(self._who(), id="who", markup=False)

    def set_where(self, *where: str) -> None:
        self._where = where
        self.query_one("#where", Static).update(self._path(where))

    def refresh_who(self) -> None:
        self.query_one("#who", Static).update(self._who())

    @staticmethod
    def _path(where: tuple[str, ...]) -> Content:
        parts: list[Content] = [Content.styled("forum", "bold $accent")]
        parts += [format.line(part) for part in where]
        return format.join(*parts, separator=" › ")

    def _who(self) -> Content:
        actor = actor_of(self.app)
        if actor.is_guest:
            return Content.styled("browsing as a guest", "italic")
        role = "" if actor.role is None or actor.role.value == "member" else actor.role.value
        return format.join(format.line(actor.display_name, "bold"), role)
