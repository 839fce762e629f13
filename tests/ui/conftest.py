"""Helpers for driving the real app with Pilot on the real (per-test, freshly seeded)
database from tests/conftest.py."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

import pytest
from textual.app import App
from textual.message_pump import MessagePump
from textual.pilot import Pilot
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

from models import clock

FROZEN = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
SIZE = (100, 40)
ScreenT = TypeVar("ScreenT", bound=Screen)


def screen_text(app: App) -> str:
    """What the person sees on the active screen, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def settle(pilot: Pilot, within: float = 10.0) -> str:
    """Let the app finish everything it has started, then return the screen's text.

    One round: ``pilot.pause()`` (every message queued on the app and the active screen is
    handled), then wait for every running worker (``app.workers``) to end. Rounds repeat
    until one finds no worker running and no message or callback queued on any node of
    any screen on the stack, so the messages a worker posts as it ends (and the workers
    their handlers start) are handled too. Nothing is polled on a timer.

    - An error in a message handler or a worker is raised here, as it happened (the app
      stops on it; Textual would only re-raise it when the test leaves ``run_test``).
    - A worker still running after ``within`` seconds fails the test with the screen's
      text and the workers' names: there are no long-lived workers in the forum.
    - Timers are not waited for. The forum's own (the draft autosave after 2 s of quiet,
      the preview after 0.25 s) can be held and run by hand: see ``held_timers``.
      Textual's (a cursor's blink, a notification's timeout) change nothing a test reads.

    Use it after anything that starts work: ``await pilot.press("enter")``, then
    ``text = await settle(pilot)``, then ``assert ...``. To wait for the app to stop
    after ctrl+q, use ``quits``.
    """
    app = pilot.app
    deadline = time.monotonic() + within
    while True:
        await pilot.pause()
        _raise_app_error(app)
        running = [w for w in app.workers if w.state is WorkerState.RUNNING]
        if running:
            await _wait_for_workers(app, running, deadline - time.monotonic())
            continue
        if not _busy(app):
            return screen_text(app)
        if time.monotonic() > deadline:
            raise AssertionError(f"messages still queued; screen was:\n{screen_text(app)}")


async def settled_on(pilot: Pilot, screen_type: type[ScreenT]) -> ScreenT:
    """``settle``, then the active screen, which must be a ``screen_type``:
    ``board = await settled_on(pilot, BoardScreen)``."""
    text = await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, screen_type), (
        f"on {type(screen).__name__}, not {screen_type.__name__}; screen was:\n{text}"
    )
    return screen


async def _wait_for_workers(app: App, workers: list, within: float) -> None:
    """Wait for ``workers`` to end; a cancelled one (an exclusive worker replaced) is fine,
    a failed one raises its error. (``app.workers.wait_for_complete`` stops at the first
    cancelled worker, so each is awaited here.)"""
    waits = [asyncio.ensure_future(worker.wait()) for worker in workers]
    _done, pending = await asyncio.wait(waits, timeout=max(within, 0))
    for wait in pending:
        wait.cancel()
    if pending:
        names = [w.name for w in workers if not w.is_finished]
        raise AssertionError(f"workers {names} still running; screen was:\n{screen_text(app)}")
    _raise_app_error(app)
    for wait in waits:
        error = wait.exception()
        if isinstance(error, WorkerFailed):
            raise error.error
        if error is not None and not isinstance(error, WorkerCancelled):
            raise error


def _raise_app_error(app: App) -> None:
    """Raise the error the app stopped on, if any (Textual keeps it for ``run_test``)."""
    error = app._exception
    if error is not None:
        raise error.error if isinstance(error, WorkerFailed) else error


def _busy(app: App) -> bool:
    """Whether a message or callback is still queued on the app or any node of a screen."""
    nodes: list[MessagePump] = [app]
    for screen in app.screen_stack:
        nodes.extend(screen.walk_children(with_self=True))
    return any(not node._message_queue.empty() or node._next_callbacks for node in nodes)


async def quits(pilot: Pilot, within: float = 10.0) -> None:
    """Wait until the app has stopped (after ctrl+q), raising the error it stopped on, if
    any; fail with the screen's text if it is still running after ``within`` seconds."""
    app = pilot.app
    try:
        await asyncio.wait_for(asyncio.shield(app.task), within)
    except TimeoutError:
        raise AssertionError(f"the app did not quit; screen was:\n{screen_text(app)}") from None
    _raise_app_error(app)
    assert not app.is_running


class HeldTimer(Timer):
    """A one-shot timer of the forum's own, held: it never fires by itself."""

    def __init__(self, node: MessagePump, delay: float, callback: Callable, name: str | None):
        super().__init__(node, delay, name=name, callback=callback)
        self.node = node
        self.delay = delay
        self.callback = callback
        self.armed = True
        """Set until it is stopped (the screen re-arms on every keystroke) or run."""

    def stop(self) -> None:
        self.armed = False

    def fire(self) -> None:
        """Do what the timer would do when its delay runs out."""
        self.armed = False
        self.node.call_later(self.callback)


class HeldTimers:
    """Every one-shot timer the forum's screens have set during the test (``held_timers``)."""

    def __init__(self) -> None:
        self.timers: list[HeldTimer] = []

    @property
    def armed(self) -> list[HeldTimer]:
        return [timer for timer in self.timers if timer.armed]

    async def run(self, pilot: Pilot, after: float | None = None) -> str:
        """Run every timer still armed, as if its delay ran out now, then ``settle``.

        With ``after``, only those due within that many seconds of quiet: ``after=0.4``
        renders the preview (0.25 s) but does not keep the draft (2 s)."""
        await settle(pilot)  # a message on its way (a change heard) may set one
        due = [t for t in self.armed if after is None or t.delay <= after]
        assert due, "no timer of the forum is waiting to run"
        for timer in due:
            timer.fire()
        return await settle(pilot)


@pytest.fixture
def held_timers(monkeypatch) -> HeldTimers:
    """The forum's own one-shot timers are held: ``await held_timers.run(pilot)`` runs the
    ones still armed now, then settles. They are the compose screen's draft autosave
    (2 s after typing stops) and preview (0.25 s): held, a test says when the pause in
    typing is over, instead of sleeping through it. A timer is the forum's when its
    callback is defined in ``screens``; Textual's own timers run as usual."""
    held = HeldTimers()
    real = MessagePump.set_timer

    def set_timer(node, delay, callback=None, *, name=None, pause=False):
        if not (getattr(callback, "__module__", None) or "").startswith("screens."):
            return real(node, delay, callback, name=name, pause=pause)
        held.timers.append(HeldTimer(node, delay, callback, name))
        return held.timers[-1]

    monkeypatch.setattr(MessagePump, "set_timer", set_timer)
    return held


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


@pytest.fixture(autouse=True)
def _no_animations(monkeypatch):
    """Scrolls and button presses happen at once: tests wait for nothing to glide."""
    import textual.constants

    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")
