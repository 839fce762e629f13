"""What keeps many sessions cheap in one process: CSS parsed once for every App, no
widget caches kept alive by Textual's class-level cache, and a garbage collector that
does not rescan every session while people connect."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import heapq
import logging
import weakref
from collections.abc import Iterator

from textual._styles_cache import StylesCache
from textual.app import App
from textual.color import Color
from textual.widgets import Label

from forum.app import ForumApp
from forum.ssh.collector import YOUNG_THRESHOLD, Collector
from forum.ssh.styles import SharedStylesheet, share_parsed_css
from models.seed import BOARDS
from screens.textual_compat import release_styles_caches
from tests.e2e.keys import CTRL_Q

from .support import open_terminal

FIRST_BOARD = BOARDS[0][1]
DOWN = b"\x1b[B"

CSS = "Label { color: $accent; padding: 1 2; } #x { border: round $accent; }"


def sheet(accent: str) -> SharedStylesheet:
    made = SharedStylesheet(variables={"accent": accent})
    made.add_source(CSS, read_from=("test.tcss", ""))
    return made


def test_parsed_rules_are_shared_between_stylesheets_with_the_same_variables():
    first, second = sheet("red").rules, sheet("red").rules
    assert [id(r) for r in first] == [id(r) for r in second]
    other = sheet("blue").rules  # another theme: parsed with its own colours
    assert not {id(r) for r in other} & {id(r) for r in first}
    assert first[0].styles.color != other[0].styles.color


def test_reparse_keeps_sharing():
    one = sheet("green")
    rules = one.rules
    one.reparse()
    assert isinstance(one, SharedStylesheet) and [id(r) for r in one.rules] == [
        id(r) for r in rules
    ]


class Small(App[None]):
    CSS = "Label { color: red; }"

    def compose(self):
        yield Label("hi")


async def test_apps_given_the_shared_stylesheet_render_the_same():
    plain, shared = Small(), Small()
    share_parsed_css(shared)
    async with plain.run_test() as a, shared.run_test() as b:
        await a.pause()
        await b.pause()
        assert isinstance(shared.stylesheet, SharedStylesheet)
        assert plain.query_one(Label).styles.color == shared.query_one(Label).styles.color
        assert shared.query_one(Label).styles.color == Color.parse("red")


def test_styles_caches_are_not_kept_alive_by_the_class_cache():
    release_styles_caches()
    cache = StylesCache()
    cache.get_inner_outer(Color(1, 2, 3), Color(4, 5, 6))
    gone = weakref.ref(cache)
    del cache
    gc.collect()
    assert gone() is None


async def test_collector_freezes_after_sessions_start_and_collects_when_they_end(caplog):
    caplog.set_level(logging.INFO, logger="forum.ssh")
    thresholds = gc.get_threshold()
    collector = Collector(freeze_delay=0.01, min_ended=2, full_delay=0.05, full_interval=0, quiet=0)
    collector.start()
    try:
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        frozen = gc.get_freeze_count()
        kept = [[n] for n in range(10_000)]  # what a new session keeps
        collector.session_started()
        await asyncio.sleep(0.1)
        assert gc.get_freeze_count() > frozen + len(kept) // 2
        collector.session_ended(running=1)
        assert "full garbage collection" not in caplog.text
        collector.session_ended(running=1)
        collector.session_ended(running=0)  # one wave of exits: one collection
        await asyncio.sleep(0.2)
        assert caplog.text.count("full garbage collection (3 sessions ended)") == 1
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds


@contextlib.contextmanager
def deferring_collector(full_delay: float, max_defer: float) -> Iterator[Collector]:
    """A running collector that collects after one ended session, deferred while anyone
    arrives and for 0.2 s after."""
    collector = Collector(
        freeze_delay=10,
        min_ended=1,
        full_delay=full_delay,
        full_interval=0,
        quiet=0.2,
        max_defer=max_defer,
    )
    collector.start()
    try:
        yield collector
    finally:
        collector.stop()


async def test_a_full_collection_waits_until_nobody_is_arriving(caplog):
    caplog.set_level(logging.INFO, logger="forum.ssh")
    with deferring_collector(full_delay=0.05, max_defer=5) as collector:
        collector.arrival_started()  # someone connects and is still on the way...
        collector.session_ended(running=0)  # ...when a collection falls due
        await asyncio.sleep(0.5)
        assert "full garbage collection" not in caplog.text
        collector.arrival_ended()  # their first screen is drawn
        await asyncio.sleep(0.1)  # not yet: 0.2 s of nobody arriving first
        assert "full garbage collection" not in caplog.text
        await asyncio.sleep(0.4)
        assert caplog.text.count("full garbage collection (1 sessions ended)") == 1


async def test_a_busy_server_still_collects_after_the_longest_deferral(caplog):
    caplog.set_level(logging.INFO, logger="forum.ssh")
    with deferring_collector(full_delay=0.01, max_defer=0.3) as collector:
        collector.arrival_started()  # one that never finishes arriving
        collector.session_ended(running=0)
        await asyncio.sleep(0.6)
        assert caplog.text.count("full garbage collection") == 1


async def run_guest_session(port: int, index: int) -> None:
    """A guest who connects, sees the boards, presses a key and leaves: every second one
    quits, the others just disconnect."""
    terminal = await open_terminal(port, "guest", size=(100, 30))
    try:
        await terminal.wait_for(FIRST_BOARD)
        terminal.send(DOWN)  # a key sent as an escape sequence: the parser's cache sees it
        if index % 2 == 0:
            terminal.send(CTRL_Q)
            await terminal.wait_closed()
    finally:
        await terminal.close()


def drop_cancelled_timers() -> None:
    """What asyncio does itself once cancelled timers are over half of those scheduled
    (BaseEventLoop._run_once), or to each one at its deadline: forget them. A cancelled
    timer keeps the context it was armed in, with Textual's active_app, until then: on
    PostgreSQL asyncpg's command timeout, cancelled when the query answers, for up to
    COMMAND_TIMEOUT (30 s) after a session's last query."""
    loop = asyncio.get_running_loop()
    scheduled = loop._scheduled  # type: ignore[attr-defined]
    scheduled[:] = [handle for handle in scheduled if not handle.cancelled()]
    heapq.heapify(scheduled)
    loop._timer_cancelled_count = 0  # type: ignore[attr-defined]


def live_apps() -> int:
    drop_cancelled_timers()
    gc.unfreeze()  # the server's collector freezes what sessions keep: count it too
    gc.collect()
    return sum(isinstance(o, ForumApp) for o in gc.get_objects())


async def test_ended_sessions_leave_no_app_alive(forum_server):
    baseline = live_apps()
    for wave in range(5):  # 50 sessions, 10 at a time
        await asyncio.gather(
            *(run_guest_session(forum_server.port, wave * 10 + n) for n in range(10))
        )
        await asyncio.gather(*(s.task for s in list(forum_server.sessions) if s.task))
    assert not forum_server.sessions
    assert live_apps() == baseline
