"""The domain's one source of "now", so tests can move time (rate limits, suspensions),
and the one way a date or a time is written for people, in the domain's messages and on
every screen alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    return _now()


def set_clock(source: Callable[[], datetime] | None) -> None:
    """Use ``source`` for the current time; ``None`` goes back to the real clock."""
    global _now
    _now = source or (lambda: datetime.now(UTC))


@contextmanager
def moved(source: Callable[[], datetime]) -> Iterator[None]:
    """Use ``source`` for the current time inside the block, then the clock from before."""
    global _now
    before, _now = _now, source
    try:
        yield
    finally:
        _now = before


def _in_utc(when: datetime) -> datetime:
    # Times are stored in UTC; a backend that hands them back without a zone means UTC.
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def day_text(day: date) -> str:
    """A day as people read it: ``6 Dec 2026`` (a datetime gives its day in UTC)."""
    if isinstance(day, datetime):
        day = _in_utc(day).date()
    return f"{day.day} {day:%b %Y}"


def moment_text(when: datetime) -> str:
    """A moment as people read it, the same for everyone: ``6 Dec 2026, 06:50 UTC``."""
    when = _in_utc(when)
    return f"{day_text(when.date())}, {when:%H:%M} UTC"
