"""SQLite: a write cancelled as its transaction begins (the session ended) must not leave
the one connection locked, or every later query of every session waits for ever."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from tortoise.backends.sqlite.client import SqliteTransactionWrapper

from forum.database import tortoise_config
from forum.db_sqlite import ForumSqliteClient

GUARD = 10.0
"""Seconds after which a query that would wait for ever fails the test instead."""


def test_the_forum_runs_sqlite_on_its_own_client():
    config = tortoise_config("sqlite:///tmp/forum.sqlite3")
    assert config["connections"]["default"]["engine"] == "forum.db_sqlite"


async def test_a_transaction_cancelled_as_it_begins_gives_the_connection_back(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A client of its own, on a file of its own, whichever backend the suite runs on
    (``database``: Tortoise is running)."""
    client = ForumSqliteClient(file_path=str(tmp_path / "forum.sqlite3"), connection_name="t")
    await client.create_connection(with_db=True)
    beginning = asyncio.Event()
    begin = SqliteTransactionWrapper.begin

    async def begin_seen(self: SqliteTransactionWrapper) -> None:
        beginning.set()
        await begin(self)

    monkeypatch.setattr(SqliteTransactionWrapper, "begin", begin_seen)

    async def write() -> None:
        async with client._in_transaction() as connection:
            await connection.execute_query("SELECT 1")

    try:
        task = asyncio.create_task(write())
        await asyncio.wait_for(beginning.wait(), GUARD)
        task.cancel()  # the session ends while BEGIN is on its way
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, GUARD)
        rows = await asyncio.wait_for(client.execute_query_dict("SELECT 2 AS two"), GUARD)
        assert rows == [{"two": 2}]
        await asyncio.wait_for(write(), GUARD)  # and a transaction after it works too
    finally:
        await client.close()
