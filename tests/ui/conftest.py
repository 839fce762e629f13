"""Helpers for driving the real app with Pilot on the real (per-test, freshly seeded)
database from tests/conftest.py."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from textual.app import App
from textual.pilot import Pilot

from models import clock

FROZEN = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
SIZE = (100, 40)


def screen_text(app: App) -> str:
    """What the person sees on the active screen, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def until(pilot: Pilot, check: Callable[[], object], within: float = 10.0) -> None:
    """Let the app run until ``check()`` is truthy (workers finish at their own pace)."""
    deadline = time.monotonic() + within
    while True:
        try:
            if check():
                return
        except Exception:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(
                f"gave up waiting for {check}; screen was:\n{screen_text(pilot.app)}"
            )
        await pilot.pause(0.02)


async def shows(pilot: Pilot, *texts: str, within: float = 10.0) -> str:
    """Wait until every one of ``texts`` is on screen; return the screen."""
    await until(pilot, lambda: all(t in screen_text(pilot.app) for t in texts), within)
    return screen_text(pilot.app)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type text key by key (a space is the "space" key)."""
    await pilot.press(*[{" ": "space", "\n": "enter"}.get(c, c) for c in text])


@pytest.fixture
def frozen_clock():
    """Every "now" in the domain and the UI is one fixed instant (for snapshots)."""
    clock.set_clock(lambda: FROZEN)
    yield FROZEN
    clock.set_clock(None)


def widget_text(app: App, selector: str) -> str:
    """What the person sees inside one widget's region of the screen."""
    region = app.screen.query_one(selector).region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return "\n".join(line[region.x : region.right] for line in lines)
