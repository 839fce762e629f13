"""How long the event loop keeps sessions waiting: a probe inside the server.

Every session of a process shares its one event loop, so anything that holds the loop
(a full garbage collection, a long render, a slow synchronous call) freezes every
session for as long. The probe asks to be woken every ``interval`` seconds and records
how late each wake-up came: that lateness is what a keystroke would have waited too.

``forum serve`` logs what it recorded since the last report when it gets SIGUSR1 (each
worker its own line), and resets: ``kill -USR1 PID`` during a load shows that load's
figures (scripts/bench_ssh.py does this).
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

INTERVAL = 0.05
"""Seconds between wake-ups (twenty a second: a few microseconds of CPU each)."""
KEPT = 72_000
"""Lateness samples kept between reports (an hour's at INTERVAL); older ones drop out."""


@dataclass(frozen=True)
class LagReport:
    seconds: float
    """The time the samples cover."""
    samples: int
    p99_ms: float
    longest_ms: float

    def __str__(self) -> str:
        return (
            f"event loop over {self.seconds:.1f} s: lag p99 {self.p99_ms:.1f} ms, "
            f"longest stall {self.longest_ms:.1f} ms ({self.samples} samples)"
        )


class LoopLag:
    """Records the event loop's lateness while it runs (`start` / `stop`)."""

    def __init__(
        self, interval: float = INTERVAL, on_sample: Callable[[float], object] | None = None
    ) -> None:
        self._interval = interval
        self._on_sample = on_sample
        """Told each lateness recorded, in seconds (for tests)."""
        self._late: deque[float] = deque(maxlen=KEPT)
        self._longest = 0.0
        self._since = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._since = asyncio.get_running_loop().time()
        self._task = asyncio.create_task(self._probe(), name="event loop lag probe")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _probe(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + self._interval
            await asyncio.sleep(self._interval)
            late = max(0.0, loop.time() - due)
            self._late.append(late)
            self._longest = max(self._longest, late)  # kept even if its sample drops out
            if self._on_sample is not None:
                self._on_sample(late)

    def report(self) -> LagReport:
        """What was recorded since the last report (or the start); then start afresh."""
        now = asyncio.get_running_loop().time()
        late = sorted(self._late)
        p99 = late[min(len(late) - 1, math.ceil(0.99 * len(late)) - 1)] if late else 0.0
        found = LagReport(now - self._since, len(late), p99 * 1000, self._longest * 1000)
        self._late.clear()
        self._longest = 0.0
        self._since = now
        return found
