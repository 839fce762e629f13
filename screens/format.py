"""Turning domain values into terminal text that is safe to show.

Everything a person typed (titles, bodies, names, resource text) passes through
:func:`line` or :func:`block` on its way to the screen: the domain cleans text when it is
stored, and we clean it again here so nothing that reaches the terminal can move the
cursor, retitle the window, write the clipboard or reorder what a reader sees. The results
are :class:`~textual.content.Content` objects, which Textual never parses as markup.
"""

from __future__ import annotations

from datetime import UTC, datetime

from textual.content import Content

from models.clock import day_text, moment_text
from models.enums import ResourceKind
from models.text import clean_line, terminal_form

__all__ = ["Part", "ago", "block", "count", "day_text", "join", "line", "moment_text"]
"""``day_text`` and ``moment_text`` come from the domain, whose messages write dates the
same way: ``6 Dec 2026`` and ``6 Dec 2026, 06:50 UTC``, on every screen."""

Part = str | Content | tuple[str, str]


def line(value: str | None, style: str = "") -> Content:
    """One line of user text, cleaned, as plain content (never markup)."""
    return Content.styled(terminal_form(clean_line(value or "")), style)


def block(value: str | None, style: str = "") -> Content:
    """Several lines of user text, cleaned (newlines and tabs kept), as plain content."""
    return Content.styled(terminal_form(value or ""), style)


def join(*parts: Part | None, separator: str = " · ") -> Content:
    """Join the non-empty parts with a dim separator: ``a · b · c``."""
    kept = [p for p in parts if p]
    out: list[Part] = []
    for i, part in enumerate(kept):
        if i:
            out.append((separator, "dim"))
        out.append(part)
    return Content.assemble(*out)


def ago(when: datetime | None, now: datetime) -> str:
    """A short relative time: "just now", "5 min ago", "3 h ago", "2 d ago", or a date."""
    if when is None:
        return "never"
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (now - when).total_seconds()
    if seconds < 45:
        return "just now"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min ago"
    hours = round(seconds / 3600)
    if hours < 24:
        return f"{hours} h ago"
    days = round(seconds / 86400)
    if days < 30:
        return f"{days} d ago"
    return day_text(when)


def count(n: int, one: str, many: str | None = None) -> str:
    """``1 reply``, ``2 replies``, ``1,024 threads``."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


KIND_NAMES = {
    ResourceKind.CRISIS_LINE: "Crisis line",
    ResourceKind.COUNSELLING: "Counselling",
    ResourceKind.SUPPORT_GROUP: "Support group",
    ResourceKind.INFORMATION: "Information",
}
"""What each kind of resource is called on screen."""
