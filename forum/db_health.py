"""Saying when the database goes away and when it is back: one WARNING, then one INFO.

Every new pooled connection is opened through :meth:`Reachability.connect`, so the first
failed attempt after the pool was up marks the database unreachable and the first success
after that marks it back. While it is down, asyncpg retries the pool's connection floor
and logs a traceback for each retry ("Failed to restore the pool connection floor"); those
retries went through ``connect`` and say nothing the WARNING has not, so
:class:`QuietFloorRetries` drops them. Any other failure asyncpg logs stays visible.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
import traceback
from typing import Any

import asyncpg

from models.outages import describe

log = logging.getLogger("forum.database")

CONNECT_FAILURES = (OSError, asyncpg.PostgresError)
"""What a failed connection attempt raises: refused, reset, timed out (``TimeoutError`` is
an ``OSError``), or the server's refusal ("the database system is starting up", too many
clients, bad password)."""

FLOOR_RETRY = "Failed to restore the pool connection floor"


class Reachability:
    """Whether one pool's server answers, as its last connection attempt found."""

    def __init__(self) -> None:
        self.down_since: float | None = None
        """``time.monotonic()`` at the first failed attempt of this outage."""
        self.was_up = False
        """Whether a connection ever opened: failing to open the pool is start-up's to
        report (in one line, see ``forum.startup``), not an outage."""

    async def connect(self, *args: Any, **kwargs: Any) -> asyncpg.Connection:
        """``asyncpg.connect`` that keeps count; the pool's ``connect`` callback.

        It connects in a context of its own: the socket's reader, registered with the
        event loop for the connection's whole life, keeps the context it was made in, and
        the pool opens connections in whichever session first needs one. In that
        session's context, Textual's ``active_app`` would keep its App alive after the
        session ended, for as long as the connection lasts."""
        opening = asyncpg.connect(*args, **kwargs)
        try:
            connection = await asyncio.create_task(opening, context=contextvars.Context())
        except CONNECT_FAILURES as error:
            self.failed(error)
            raise
        self.succeeded()
        return connection

    def failed(self, error: BaseException) -> None:
        if self.was_up and self.down_since is None:
            self.down_since = time.monotonic()
            log.warning("database unreachable: %s", describe(error))

    def succeeded(self) -> None:
        self.was_up = True
        if self.down_since is not None:
            down_for = time.monotonic() - self.down_since
            self.down_since = None
            log.info("database reachable again after %.1f s", down_for)


class QuietFloorRetries(logging.Filter):
    """Drops asyncpg's floor-retry tracebacks for attempts :class:`Reachability` saw fail."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.getMessage().startswith(FLOOR_RETRY) or not record.exc_info:
            return True
        error, tb = record.exc_info[1], record.exc_info[2]
        counted = any(
            frame.f_code is Reachability.connect.__code__ for frame, _ in traceback.walk_tb(tb)
        )
        return not (counted and isinstance(error, CONNECT_FAILURES))


def quiet_floor_retries() -> None:
    """Install :class:`QuietFloorRetries` on asyncpg's pool logger (once)."""
    pool_log = logging.getLogger("asyncpg.pool")
    if not any(isinstance(f, QuietFloorRetries) for f in pool_log.filters):
        pool_log.addFilter(QuietFloorRetries())
