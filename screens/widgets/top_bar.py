"""The one-line bar at the top of every screen: where you are, and who you are."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from screens import format
from screens.session import actor_of


class TopBar(Widget):
    """``forum > Board > Thread`` on the left, who is signed in on the right.

    One widget drawing one line (not a container of two): it is on every screen, so what
    it costs is paid on every screen's first frame.
    """

    DEFAULT_CSS = """
    TopBar {
        dock: top;
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, *where: str) -> None:
        super().__init__()
        self._where = where
        """The path to the current screen, outermost first (user text: shown plain)."""

    def set_where(self, *where: str) -> None:
        if where != self._where:  # a live reload says the same again: nothing to draw
            self._where = where
            self.refresh()

    def refresh_who(self) -> None:
        self.refresh()

    def render(self) -> RenderResult:
        width = self.content_region.width
        who = self._who()
        who = who.truncate(width // 2, ellipsis=True) if who.cell_length > width // 2 else who
        room = max(0, width - who.cell_length - 2)
        where = self._path(self._where)
        if where.cell_length > room:
            where = where.truncate(room, ellipsis=True)
        gap = max(1, width - where.cell_length - who.cell_length)
        return Content.assemble(where, " " * gap, who)

    @staticmethod
    def _path(where: tuple[str, ...]) -> Content:
        parts: list[Content] = [Content.styled("forum", "bold $accent")]
        parts += [format.line(part) for part in where]
        return format.join(*parts, separator=" › ")

    def _who(self) -> Content:
        actor = actor_of(self.app)
        if actor.is_guest:
            return Content.styled("browsing as a guest", "italic $foreground-muted")
        role = "" if actor.role is None or actor.role.value == "member" else actor.role.value
        who = format.join(format.line(actor.display_name, "bold"), role).stylize_before(
            "$foreground-muted"
        )
        return format.join(*self._counts(), who, separator="  ")

    def _counts(self) -> list[Content]:
        """What waits for this person: danger reports (staff), then their inbox."""
        danger = getattr(self.app, "danger_reports", 0)
        unread = getattr(self.app, "unread_notifications", 0)
        shown = []
        if danger:
            words = format.count(danger, "danger report", "danger reports")
            shown.append(Content.styled(f"⚠ {words} (Q)", "bold $error"))
        if unread:
            shown.append(Content.styled(f"✉ {unread} new (i)", "bold $text-accent"))
        return shown
