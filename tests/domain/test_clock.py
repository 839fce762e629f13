"""Dates and times are written one way, for everyone, whatever the server's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from models.clock import day_text, moment_text

DAWN = datetime(2026, 12, 6, 6, 50, tzinfo=UTC)


@pytest.mark.parametrize(
    ("when", "written"),
    [
        (DAWN, "6 Dec 2026, 06:50 UTC"),  # a one-digit day is not padded
        (datetime(2026, 12, 31, 23, 5, tzinfo=UTC), "31 Dec 2026, 23:05 UTC"),
        (DAWN.replace(tzinfo=None), "6 Dec 2026, 06:50 UTC"),  # a backend without zones
        (DAWN.astimezone(timezone(timedelta(hours=-8))), "6 Dec 2026, 06:50 UTC"),
    ],
)
def test_a_moment_is_written_in_utc_the_friendly_way(when, written):
    assert moment_text(when) == written


def test_a_day_is_written_the_same_way_as_a_moment_starts():
    assert day_text(date(2026, 3, 1)) == "1 Mar 2026"
    late_in_new_york = datetime(2026, 12, 5, 22, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert day_text(late_in_new_york) == "6 Dec 2026"  # its day in UTC
    assert moment_text(DAWN).startswith(day_text(DAWN))
