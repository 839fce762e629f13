"""The process's change listener when PostgreSQL goes away and comes back.

The proxy cuts the listener's connection and refuses new ones, as a restart does; the
listener must come back by itself, tell every session to reload once (what was sent
meanwhile is lost), and then hear new changes again.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest

from forum.live_feed import PostgresListener
from models import changes
from models.changes import CHANNEL, Change, Kind
from tests.database.proxy import Proxy
from tests.database.support import server

GUARD = 30.0
"""Seconds after which a test that would hang fails instead."""


@pytest.fixture
async def heard() -> AsyncIterator[asyncio.Queue[Change]]:
    got: asyncio.Queue[Change] = asyncio.Queue()
    stop = changes.subscribe(got.put_nowait)
    yield got
    stop()


def _through(proxy: Proxy) -> dict[str, object]:
    userinfo = server()[0]
    user, _, password = userinfo.partition(":")
    found = {"host": "127.0.0.1", "port": proxy.port, "user": user or "postgres"}
    return found | {"database": "postgres"} | ({"password": password} if password else {})


async def _from_another_process(change: Change) -> None:
    """Notify as another forum process would (its origin is not ours)."""
    _, host, port = server()
    user = server()[0].partition(":")[0] or "postgres"
    other = await asyncpg.connect(host=host, port=port, user=user, database="postgres")
    try:
        (payload,) = changes.payloads([change], origin="another-process")
        await other.execute("SELECT pg_notify($1, $2)", CHANNEL, payload)
    finally:
        await other.close()


async def test_the_listener_comes_back_after_a_restart_and_everyone_reloads(proxy, heard):
    listener = PostgresListener(_through(proxy))
    task = asyncio.create_task(listener.run())
    try:
        await asyncio.wait_for(listener.listening.wait(), GUARD)
        await _from_another_process(Change(Kind.RESOURCES))
        assert await asyncio.wait_for(heard.get(), GUARD) == Change(Kind.RESOURCES)

        await proxy.cut()  # PostgreSQL restarts: the connection drops, new ones fail
        await proxy.restore()
        assert await asyncio.wait_for(heard.get(), GUARD) == Change(Kind.EVERYTHING)
        assert listener.reconnections == 1

        reply = Change(Kind.REPLY_POSTED, 1, 2, 3, 4)
        await _from_another_process(reply)
        assert await asyncio.wait_for(heard.get(), GUARD) == reply
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_the_listener_ignores_its_own_process_and_what_is_not_a_change(proxy, heard):
    listener = PostgresListener(_through(proxy))
    task = asyncio.create_task(listener.run())
    try:
        await asyncio.wait_for(listener.listening.wait(), GUARD)
        _, host, port = server()
        other = await asyncpg.connect(host=host, port=port, user="postgres", database="postgres")
        try:
            (own,) = changes.payloads([Change(Kind.RESOURCES)])  # told here when it committed
            await other.execute("SELECT pg_notify($1, $2)", CHANNEL, own)
            await other.execute("SELECT pg_notify($1, $2)", CHANNEL, "not json")
        finally:
            await other.close()
        await _from_another_process(Change(Kind.THREAD, thread_id=7))
        assert await asyncio.wait_for(heard.get(), GUARD) == Change(Kind.THREAD, thread_id=7)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
