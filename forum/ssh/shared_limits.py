"""The session cap and the per-address cap, counted over every server process and host.

Each process keeps its own counts exactly, in memory, and writes them to the database
(models.server_slots) as they change; a newcomer is admitted when the total of every
live process, its own place included, is within the limit. Two processes admitting the
last place at the same moment may both turn their newcomer away, never both let theirs
in. A process renews its rows every few seconds; one that died without a word stops
counting once its rows are stale, and one that starts again under the same name (the
same host, port and worker number) forgets its predecessor's at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from collections.abc import Callable

from models import server_slots
from models.server_slots import ADDRESS, SESSIONS

logger = logging.getLogger("forum.ssh")

RENEW_EVERY = 10.0
"""Seconds between a process's renewals of its rows."""
STALE_AFTER = 30.0
"""Seconds after which a process's rows no longer count (it died without a word)."""

__all__ = ["ADDRESS", "SESSIONS", "Place", "SharedLimits", "process_name"]


def process_name(port: int, worker: int) -> str:
    """The name a server process's counts are kept under: the same after a restart."""
    return f"{socket.gethostname()}:{port}:{worker}"


class SharedLimits:
    """What this process holds against the shared limits, kept in step with the database."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.process = ""
        """The name this process's counts are kept under (`process_name`), from `start`."""
        self._clock = clock
        self._ready = asyncio.Event()
        """Set by `start`: a connection arriving in between waits for it."""
        self._held: dict[tuple[str, str], int] = {}
        self._lock = asyncio.Lock()
        """One write at a time, so the database never gets an older count after a newer."""
        self._renewing: asyncio.Task[None] | None = None
        self._releases: set[asyncio.Task[None]] = set()
        self._stopped = False

    async def start(self, process: str) -> None:
        """Count as ``process`` from now on (the name is known once the port is bound)."""
        self.process = process
        async with self._lock:
            await server_slots.leave(process)  # a predecessor that died holds nothing now
            for key, count in self._held.items():
                await server_slots.put(process, *key, count, self._clock())
        self._ready.set()
        self._renewing = asyncio.create_task(self._renew(), name="shared limits")

    async def stop(self) -> None:
        self._stopped = True
        if self._renewing is not None:
            self._renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._renewing
        if self._releases:
            await asyncio.wait(self._releases)
        if self.process:
            await server_slots.leave(self.process)

    async def claim(self, kind: str, address: str, limit: int) -> bool:
        """Take one place of ``kind`` for ``address`` ("" for sessions) if every process's
        total stays within ``limit``; False (and nothing taken) if not. When the database
        cannot say, the place is taken (this process's own count still holds) and the
        failure logged."""
        key = (kind, address)
        await self._ready.wait()
        async with self._lock:
            now = self._clock()
            self._held[key] = self._held.get(key, 0) + 1
            try:
                await server_slots.put(self.process, kind, address, self._held[key], now)
                within = await server_slots.total(kind, address, now - STALE_AFTER) <= limit
            except Exception:
                logger.exception("counting a place of %s over every server failed; taken on "
                                 "this process's own count", kind)  # fmt: skip
                return True
            if within:
                return True
            try:
                await self._put(key, self._drop(key))
            except Exception:
                logger.exception("giving back a refused place of %s failed", kind)
            return False

    def release(self, kind: str, address: str) -> asyncio.Task[None] | None:
        """Give back a place taken with `claim`, written in the background: the task
        that writes it (None after `stop`: every place is given back already)."""
        if self._stopped:
            return None
        task = asyncio.create_task(self._release((kind, address)))
        self._releases.add(task)
        task.add_done_callback(self._releases.discard)
        return task

    async def _release(self, key: tuple[str, str]) -> None:
        try:
            async with self._lock:
                await self._put(key, self._drop(key))
        except Exception:
            logger.exception("giving back a place of %s failed; it is corrected at the next "
                             "change or renewal", key[0])  # fmt: skip

    def _drop(self, key: tuple[str, str]) -> int:
        held = self._held.get(key, 0) - 1
        if held > 0:
            self._held[key] = held
        else:
            self._held.pop(key, None)
        return max(held, 0)

    async def _put(self, key: tuple[str, str], count: int) -> None:
        await server_slots.put(self.process, key[0], key[1], count, self._clock())

    async def _renew(self) -> None:
        failing = False
        while True:
            await asyncio.sleep(RENEW_EVERY)
            try:
                async with self._lock:
                    now = self._clock()
                    rows = await server_slots.renew(self.process, now, now - STALE_AFTER)
                    if rows < len(self._held):  # forgotten while this process stalled
                        for key, count in self._held.items():
                            await server_slots.put(self.process, *key, count, now)
            except Exception:
                if not failing:
                    logger.exception("renewing the shared limits' counts failed; "
                                     "trying again every %g s", RENEW_EVERY)  # fmt: skip
                failing = True
            else:
                if failing:
                    logger.info("the shared limits' counts are renewed again")
                failing = False


class Place:
    """One place claimed as soon as it is asked for (a connection arriving is counted
    before anything async can run), and given back however its claim ends."""

    def __init__(self, limits: SharedLimits, kind: str, address: str, limit: int) -> None:
        self._limits = limits
        self._key = (kind, address)
        self._claim = asyncio.create_task(limits.claim(kind, address, limit))
        self._released = False

    async def admitted(self) -> bool:
        return await asyncio.shield(self._claim)

    def when_refused(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` as soon as the claim is refused (if it is)."""

        def decided(claim: asyncio.Task[bool]) -> None:
            if not claim.cancelled() and not claim.result():
                callback()

        self._claim.add_done_callback(decided)

    def release(self) -> asyncio.Task[None] | None:
        """Give the place back once its claim has ended: the task writing it, if the
        claim has ended already."""
        if self._released:
            return None
        self._released = True
        if self._claim.done():
            return self._give_back(self._claim)
        self._claim.add_done_callback(self._give_back)
        return None

    def _give_back(self, claim: asyncio.Task[bool]) -> asyncio.Task[None] | None:
        if not claim.cancelled() and claim.result():
            return self._limits.release(*self._key)
        return None
