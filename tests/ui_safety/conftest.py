"""Helpers for the safety screens' Pilot tests; the rest come from tests/ui/conftest.py.

Every test here runs on a clock that stands still at a fixed instant (the same as
``frozen_clock``'s) unless the test moves it: suspensions, reports and "last verified"
show dates, and a date that depends on the day the suite runs changes how lines wrap.
"""

from __future__ import annotations

import pytest

from models import clock
from tests.ui.conftest import FROZEN, frozen_clock  # noqa: F401  (a fixture, used by name)


@pytest.fixture
def moving_clock():
    """A clock the test moves by hand: ``moving_clock["now"] += timedelta(...)``; it starts
    at ``FROZEN`` (14 Mar 2025, 09:30 UTC), whatever the date the suite runs on."""
    state = {"now": FROZEN}
    clock.set_clock(lambda: state["now"])
    yield state
    clock.set_clock(None)


@pytest.fixture
def db(moving_clock, db):
    """The seeded database, seeded on the fixed clock (so a resource's "last verified"
    is the same day as the test's "now")."""
    return db
