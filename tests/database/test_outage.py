"""The database going away and coming back, as the operator and the sessions see it.

The proxy cuts every connection and refuses new ones, as a PostgreSQL restart does, at the
moment the test chooses; the shared server is never restarted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator

import asyncpg
import pytest
from tortoise.connection import get_connections

from forum.db_pool import NoConnection, PostgresClient
from screens.session import UNREACHABLE, problem
from tests.database.proxy import Proxy
from tests.database.support import Heard, checked_out, forum_client

GUARD = 30.0
"""Seconds after which a test that would hang on the old code fails instead."""


@contextlib.contextmanager
def heard(wanted: str) -> Iterator[asyncio.Event]:
    handler = Heard(wanted)
    logger = logging.getLogger("forum")
    logger.addHandler(handler)
    try:
        yield handler.event
    finally:
        logger.removeHandler(handler)


def lines(caplog: pytest.LogCaptureFixture, text: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if text in r.getMessage()]


async def write(db: PostgresClient) -> None:
    async with db._in_transaction() as tx:
        await tx.execute_query("SELECT 1")


async def test_the_outage_and_the_recovery_are_each_logged_once(proxy, caplog):
    caplog.set_level(logging.INFO)
    async with forum_client(proxy) as db:
        with heard("database unreachable") as down:
            await proxy.cut()
            # The pool retries its lost connection on its own, and fails.
            await asyncio.wait_for(down.wait(), GUARD)
        for _ in range(3):  # sessions keep trying meanwhile
            with pytest.raises(OSError):
                await db.execute_query("SELECT 1")
        await proxy.restore()
        assert await db.execute_query_dict("SELECT 1 AS one") == [{"one": 1}]
        await write(db)

    unreachable = lines(caplog, "database unreachable")
    assert [r.levelname for r in unreachable] == ["WARNING"]
    assert "ConnectionRefusedError" in unreachable[0].getMessage()
    back = lines(caplog, "database reachable again after")
    assert [r.levelname for r in back] == ["INFO"]
    assert not lines(caplog, "Failed to restore the pool connection floor")


async def test_when_every_connection_is_taken_the_next_query_gives_up(proxy, caplog):
    async with forum_client(proxy, maxsize=2, acquire_timeout=0.05) as db:
        async with contextlib.AsyncExitStack() as held:  # a leak, or a burst of slow queries
            for _ in range(2):
                await held.enter_async_context(db.acquire_connection())
            for query in (db.execute_query("SELECT 1"), write(db)):
                with pytest.raises(NoConnection) as refused:
                    await asyncio.wait_for(query, GUARD)
                assert str(refused.value) == "no database connection within 0.05 s"
                assert problem(refused.value) == UNREACHABLE
        assert await db.execute_query_dict("SELECT 1 AS one") == [{"one": 1}]
    warned = lines(caplog, "no database connection within 0.05 s (2 of 2 in use)")
    assert [r.levelname for r in warned] == ["WARNING", "WARNING"]


async def _cancel(task: asyncio.Task[None], proxy: Proxy) -> None:
    task.cancel()


async def _time_out(task: asyncio.Task[None], proxy: Proxy) -> None:
    pass  # the command timeout ends it


async def _server_goes(task: asyncio.Task[None], proxy: Proxy) -> None:
    await proxy.cut()
    await proxy.restore()


@pytest.mark.parametrize(
    ("how", "command_timeout"),
    [(_cancel, 30.0), (_time_out, 0.05), (_server_goes, 30.0)],
    ids=["cancelled", "timeout", "server gone"],
)
async def test_a_transaction_that_fails_to_begin_gives_its_connection_back(
    proxy: Proxy,
    how: Callable[[asyncio.Task[None], Proxy], Awaitable[None]],
    command_timeout: float,
):
    """The session ends (its task is cancelled), BEGIN times out, or the server goes, while
    BEGIN is on its way: the session gets the real error, the connection goes back to the
    pool, and the task's later queries do not run on it."""
    async with forum_client(proxy, command_timeout=command_timeout) as db:

        async def begin_then_query() -> None:
            with contextlib.suppress(TimeoutError, asyncpg.ConnectionDoesNotExistError):
                await write(db)
            assert get_connections().get("default") is db

        proxy.hold()
        task = asyncio.create_task(begin_then_query())
        await asyncio.wait_for(proxy.held.wait(), GUARD)
        await how(task, proxy)
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, GUARD)
        proxy.release()
        assert checked_out(db) == 0
        assert await db.execute_query_dict("SELECT 1 AS one") == [{"one": 1}]


async def test_after_an_outage_no_connection_stays_checked_out(proxy):
    async with forum_client(proxy, maxsize=4) as db:
        worked_since_restore = [asyncio.Event() for _ in range(8)]
        restored = asyncio.Event()

        async def session(done: asyncio.Event) -> None:
            while True:
                try:
                    await write(db)
                    await db.execute_query("SELECT 1")
                except Exception:  # shown as "could not be reached"; they try again
                    await asyncio.sleep(0)
                    continue
                if restored.is_set():
                    done.set()

        with heard("database unreachable") as down:
            sessions = [asyncio.create_task(session(done)) for done in worked_since_restore]
            await proxy.cut()
            await asyncio.wait_for(down.wait(), GUARD)
        await proxy.restore()
        restored.set()
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in worked_since_restore)), GUARD)
        for task in sessions:  # the people leave, whatever their session was doing
            task.cancel()
        await asyncio.gather(*sessions, return_exceptions=True)
        assert checked_out(db) == 0
        # Every connection the pool holds is idle (those cancelled mid-BEGIN were closed,
        # so how many are left varies), and the pool still serves.
        assert db._pool.get_idle_size() == db._pool.get_size()
        assert await db.execute_query_dict("SELECT 1 AS one") == [{"one": 1}]
