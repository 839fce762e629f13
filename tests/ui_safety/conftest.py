"""Helpers for the safety screens' Pilot tests; the rest come from tests/ui/conftest.py."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from models import clock
from tests.ui.conftest import frozen_clock  # noqa: F401  (a fixture, used by name)


@pytest.fixture
def moving_clock():
    """A clock the test moves by hand: ``moving_clock["now"] += timedelta(...)``."""
    state = {"now": datetime.now(UTC).replace(microsecond=0)}
    clock.set_clock(lambda: state["now"])
    yield state
    clock.set_clock(None)
