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


async def demo_forum() -> dict[str, int]:
    """A small, fixed forum for snapshots and screenshots: people, a pinned thread, a
    thread with a reply tree (an edit, a removal, a deep branch), one still unanswered."""
    from models import posting
    from models.entities import Role
    from tests.helpers import first_board_id, ids, key, make_user

    river = await make_user("river")
    noor = await make_user("noor")
    sam = await make_user("sam_k")
    mod = await make_user("moss", role=Role.MODERATOR)
    board = await first_board_id()
    welcome, _ = ids(
        await posting.start_thread(
            mod,
            board,
            "Welcome: how this place works",
            "Be kind. Say as much or as little as you like.\n\n**Help is one key away:** "
            "press *ctrl+g* on any screen.",
            key(),
        )
    )
    await posting.set_thread_flag(mod, welcome, "pinned", True)
    await posting.start_thread(
        sam,
        board,
        "First week back at work",
        "Some days I sat in the car for a while before going in. Does it get easier?",
        key(),
    )
    thread, opening = ids(
        await posting.start_thread(
            river,
            board,
            "How did you tell your family?",
            "I want to tell my parents I've been seeing a counsellor. I'm scared they'll worry "
            "or think it's their fault.\n\nHow did you start that conversation?",
            key(),
            content_warning="family conflict",
        )
    )
    letter = (
        await posting.reply(
            noor,
            opening,
            "I wrote them a letter first. It gave me time to find the words.",
            key(),
        )
    ).id
    idea = (await posting.reply(river, letter, "A letter is a lovely idea. Thank you.", key())).id
    await posting.reply(noor, idea, "You're welcome. Let us know how it goes.", key())
    sister = (await posting.reply(sam, opening, "I told my sister first.", key())).id
    await posting.edit_post(
        sam,
        sister,
        "I told my sister first, then she helped me tell my mum. Having someone beside you helps.",
    )
    gone = (await posting.reply(noor, opening, "(something I wrote too fast)", key())).id
    await posting.reply(river, gone, "Thank you all, truly.", key())
    await posting.remove_post(noor, gone)
    return {
        "thread": thread,
        "opening": opening,
        "river": river.id,
        "mod": mod.id,
        "board": board,
    }


@pytest.fixture(autouse=True)
def _no_animations(monkeypatch):
    """Scrolls and button presses happen at once: tests wait for nothing to glide."""
    import textual.constants

    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")
