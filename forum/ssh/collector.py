"""Garbage collection for a process holding hundreds of long-lived sessions.

Each session's App keeps about 20,000 objects the cyclic collector tracks. CPython
(3.11) runs a full collection whenever the long-lived objects have grown by a quarter,
so while people connect it keeps scanning every session already there: measured, 15
full collections while 100 sessions connected, up to 1.4 s each with every session
frozen meanwhile, and about 3 s for one full collection with 200 sessions.

So, as big Python servers do (`gc.freeze`): objects that have survived a young
collection are moved a few seconds after a session starts to the permanent generation,
which the collector never scans; young objects are still collected as usual. Frozen
objects that later become garbage (the App of a session that ended, screens closed long
after they opened) are only reclaimed by a full collection over everything, which is run
here on purpose, rarely: once sessions that ended since the last one reach a quarter of
those still running (the same growth rule CPython uses, counted in sessions instead of
objects), or after `full_every` seconds at most if anything was frozen meanwhile. It
waits `full_delay` seconds after the trigger and `full_interval` after the previous one,
so that many people leaving at once (a network outage, a restart of a proxy) cost one
full collection, not one per quarter of those left. A full collection stops every session
for a while (1.5 s with 100 sessions' worth of garbage), so it also waits until nobody
is arriving (connected but not yet shown a first screen) and nobody has for `quiet`
seconds, for at most `max_defer`: people arriving in a crowd see their first screen
instead of a pause.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time

logger = logging.getLogger("forum.ssh")

YOUNG_THRESHOLD = 5000
"""Allocations between collections of the youngest generation (CPython's default: 700)."""


class Collector:
    """Freezes what sessions keep; collects in full when enough of them have ended."""

    def __init__(
        self,
        *,
        freeze_delay: float = 1.0,
        min_ended: int = 8,
        full_every: float = 900.0,
        full_delay: float = 2.0,
        full_interval: float = 30.0,
        quiet: float = 3.0,
        max_defer: float = 120.0,
    ) -> None:
        self.freeze_delay = freeze_delay
        """Seconds after a session starts before what it keeps is frozen."""
        self.min_ended = min_ended
        """Ended sessions that always justify a full collection."""
        self.full_every = full_every
        """Longest time between full collections while anything is being frozen."""
        self.full_delay = full_delay
        """Seconds from a trigger to the full collection (lets a wave of exits finish)."""
        self.full_interval = full_interval
        """Shortest time between two full collections triggered by exits."""
        self.quiet = quiet
        """Seconds without anyone arriving before a full collection may run."""
        self.max_defer = max_defer
        """Longest a due full collection waits for such a quiet moment."""
        self._arriving = 0
        """Connections not yet shown their first screen (nor closed)."""
        self._last_arrival = float("-inf")
        self._due: float | None = None
        """When the pending full collection fell due (None: none pending)."""
        self._full: asyncio.TimerHandle | None = None
        self._freeze: asyncio.TimerHandle | None = None
        self._ended = 0
        self._froze_since_full = False
        self._last_full = time.monotonic()
        self._running = False
        self._thresholds = gc.get_threshold()

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        self._thresholds = gc.get_threshold()
        # A session's start allocates about 100,000 objects: collecting the youngest
        # every 700 allocations (the default) is mostly wasted work.
        gc.set_threshold(YOUNG_THRESHOLD, *self._thresholds[1:])
        gc.collect()
        gc.freeze()  # the code and data every session shares: never scanned again
        self._last_full = time.monotonic()

    def stop(self) -> None:
        """Put every frozen object back under the collector's care."""
        if not self._running:
            return
        self._running = False
        for timer in (self._freeze, self._full):
            if timer is not None:
                timer.cancel()
        self._freeze = self._full = None
        gc.set_threshold(*self._thresholds)
        gc.unfreeze()

    @property
    def arriving(self) -> int:
        """Connections on their way to a first screen."""
        return self._arriving

    def arrival_started(self) -> None:
        """Someone connected: their session is on its way."""
        self._arriving += 1
        self._last_arrival = time.monotonic()

    def arrival_ended(self) -> None:
        """Their first screen is drawn (or they left before it was)."""
        self._arriving = max(0, self._arriving - 1)
        self._last_arrival = time.monotonic()

    def session_started(self) -> None:
        if self._running and self._freeze is None:
            loop = asyncio.get_running_loop()
            self._freeze = loop.call_later(self.freeze_delay, self._freeze_now)

    def session_ended(self, running: int) -> None:
        if not self._running:
            return
        self._ended += 1
        if self._full is None and self._ended >= max(self.min_ended, running // 4):
            wait = max(self.full_delay, self._last_full + self.full_interval - time.monotonic())
            self._full = asyncio.get_running_loop().call_later(wait, self._full_now)

    def _full_now(self) -> None:
        self._full = None
        if not self._running:
            return
        now = time.monotonic()
        if self._due is None:
            self._due = now
        wait = self.quiet if self._arriving else self.quiet - (now - self._last_arrival)
        if wait > 0 and now - self._due < self.max_defer:
            wait = min(wait, self._due + self.max_defer - now)
            self._full = asyncio.get_running_loop().call_later(wait, self._full_now)
            return
        self.full_collection(f"{self._ended} sessions ended")

    def _freeze_now(self) -> None:
        self._freeze = None
        if not self._running:
            return
        if self._froze_since_full and time.monotonic() - self._last_full > self.full_every:
            self.full_collection("periodic")
            return
        gc.collect(1)  # young garbage is not worth keeping for ever
        gc.freeze()
        self._froze_since_full = True

    def full_collection(self, reason: str) -> None:
        if self._full is not None:
            self._full.cancel()
            self._full = None
        started = time.perf_counter()
        gc.unfreeze()
        freed = gc.collect()
        gc.freeze()
        self._ended = 0
        self._due = None
        self._froze_since_full = False
        self._last_full = time.monotonic()
        logger.info(
            "full garbage collection (%s): %d objects freed in %.0f ms",
            reason,
            freed,
            (time.perf_counter() - started) * 1000,
        )
