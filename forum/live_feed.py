"""Hearing the changes other processes commit, so every session here shows them too.

In one process the domain hands each committed change to this process's subscribers
itself (``models.changes``). What other processes commit arrives here:

- PostgreSQL: one dedicated connection per process (never a pooled one) listens on the
  change channel, which the writers notify in their own transactions. When it drops (the
  server restarted), it reconnects by itself and then tells every session to reload what
  it shows, once: notifications sent while it was away are lost.
- SQLite: another process on the same file (a local ``forum`` beside ``forum serve``)
  cannot notify. ``PRAGMA data_version`` on this process's connection changes when
  another connection has committed; reading it once a second costs one cheap statement
  for the whole process (no session polls), and a change then reloads what is shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from forum.config import Settings
from models import changes
from models.changes import CHANNEL, ORIGIN, Change, Kind

log = logging.getLogger("forum.live")

RECONNECT_FIRST = 0.1
RECONNECT_MOST = 5.0
"""Seconds between tries to reach PostgreSQL again: doubling from the first to the most."""
SQLITE_EVERY = 1.0
"""Seconds between two looks at SQLite's data version."""


@contextlib.asynccontextmanager
async def hearing(settings: Settings) -> AsyncIterator[PostgresListener | None]:
    """Hear other processes' changes for as long as the block runs (the database is open).
    Yields the PostgreSQL listener (None on SQLite), whose ``listening`` event tests and
    the server's start-up can wait on."""
    url = settings.database_url
    listener = PostgresListener(credentials(url)) if settings.is_postgres else None
    work = listener.run() if listener is not None else watch_sqlite()
    task = asyncio.create_task(work, name="live feed")
    try:
        yield listener
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


class PostgresListener:
    """LISTEN on one connection of its own; reconnect and reload everything when it drops."""

    def __init__(self, credentials: dict[str, Any]) -> None:
        self.credentials = credentials
        self.listening = asyncio.Event()
        """Set while the connection is up and listening."""
        self.reconnections = 0
        """How many times it came back after losing the connection."""

    async def run(self) -> None:
        delay = RECONNECT_FIRST
        first = True
        while True:
            try:
                connection = await self._listen()
            except (OSError, TimeoutError, _postgres_error()) as error:
                log.warning("change listener: no PostgreSQL (%s); again in %gs", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RECONNECT_MOST)
                continue
            delay = RECONNECT_FIRST
            if not first:
                self.reconnections += 1
                log.warning("change listener: listening again; every session reloads")
                changes.deliver(Change(Kind.EVERYTHING))
            first = False
            lost = asyncio.Event()
            connection.add_termination_listener(lambda _connection, lost=lost: lost.set())
            self.listening.set()
            try:
                await lost.wait()
            finally:
                self.listening.clear()
                if not connection.is_closed():
                    connection.terminate()
            log.warning("change listener: lost the connection to PostgreSQL")

    async def _listen(self) -> Any:
        import asyncpg

        connection = await asyncpg.connect(**self.credentials, timeout=5)
        try:
            await connection.add_listener(CHANNEL, _heard)
        except BaseException:
            connection.terminate()
            raise
        return connection


def _heard(_connection: object, _pid: int, _channel: str, payload: str) -> None:
    try:
        origin, told = changes.from_payload(payload)
    except ValueError:
        log.exception("change listener: a notification that is not a change")
        return
    if origin != ORIGIN:  # this process's own were delivered when they committed
        for change in told:
            changes.deliver(change)


async def watch_sqlite(looked: asyncio.Event | None = None) -> None:
    """Tell every session to reload when another connection committed (``looked`` is set
    once the first version is read: changes from then on are noticed)."""
    from tortoise import connections

    connection = connections.get("default")
    seen = None
    while True:
        try:
            rows = await connection.execute_query_dict("PRAGMA data_version")
        except Exception:
            log.exception("change watcher: could not read SQLite's data version")
        else:
            version = rows[0]["data_version"]
            if seen is not None and version != seen:
                changes.deliver(Change(Kind.EVERYTHING))
            seen = version
            if looked is not None:
                looked.set()
        await asyncio.sleep(SQLITE_EVERY)


def credentials(database_url: str) -> dict[str, Any]:
    """What asyncpg needs to open a connection of its own to the forum's database."""
    from forum.database import tortoise_config

    given = tortoise_config(database_url)["connections"]["default"]["credentials"]
    wanted = ("host", "port", "user", "password", "database", "ssl")
    return {key: given[key] for key in wanted if given.get(key) is not None}


def _postgres_error() -> type[Exception]:
    import asyncpg

    return asyncpg.PostgresError
