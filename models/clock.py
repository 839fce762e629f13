"""The domain's one source of "now", so tests can move time (rate limits, suspensions)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    return _now()


def set_clock(source: Callable[[], datetime] | None) -> None:
    """Use ``source`` for the current time; ``None`` goes back to the real clock."""
    global _now
    _now = source or (lambda: datetime.now(UTC))
