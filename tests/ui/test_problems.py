"""What a screen says, and what the log gets, when something fails: a bug is logged with
its traceback and admitted; the database going away is "could not be reached" and one
warning line."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from urllib.parse import urlsplit, urlunsplit

import pytest
from tortoise import connections
from tortoise.context import TortoiseContext

from forum.app import ForumApp
from forum.database import tortoise_config
from forum.db_url import sqlite_path
from models import boards
from screens.session import BROKEN, UNREACHABLE
from tests.database.proxy import Proxy
from tests.ui.conftest import SIZE, settle


def screen_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "forum.screens"]


@pytest.fixture
async def database_gone(database_url: str, tmp_path) -> AsyncIterator[None]:
    """The app's database out of reach, for as long as the test runs, on the suite's
    backend, through the forum's own client (in a Tortoise context of the test's own).

    PostgreSQL: the client reaches the test database through a proxy, which is then cut
    (every connection dropped, new ones refused), as a server restart does.
    SQLite: another process holds the database file's exclusive lock (in rollback-journal
    mode, so reading waits too) and the client gives up at once, not after 5 s."""
    if not database_url.startswith(("postgres", "asyncpg")):
        path = tmp_path / "locked.sqlite3"
        suite, copy = sqlite3.connect(sqlite_path(database_url)), sqlite3.connect(path)
        with closing(suite), closing(copy):
            suite.backup(copy)  # the schema, so that only the lock stands in the way
        config = tortoise_config(f"sqlite://{path}")
        config["connections"]["default"]["credentials"].update(
            journal_mode="DELETE", busy_timeout=0
        )
        async with TortoiseContext() as context:
            await context.init(config=config)
            await connections.get("default").execute_query("SELECT 1")  # the file is open
            other_process = sqlite3.connect(path, isolation_level=None)
            other_process.execute("BEGIN EXCLUSIVE")
            yield
            other_process.close()
        return
    parts = urlsplit(database_url)
    proxy = Proxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    await proxy.start()
    userinfo = parts.netloc.rpartition("@")[0]
    through = urlunsplit(parts._replace(netloc=f"{userinfo}@127.0.0.1:{proxy.port}"))
    try:
        async with TortoiseContext() as context:
            await context.init(config=tortoise_config(through))
            await connections.get("default").execute_query("SELECT 1")  # the pool is open
            await proxy.cut()
            yield
            await proxy.restore()  # so the pool closes cleanly
    finally:
        await proxy.close()


async def test_a_bug_is_logged_with_its_traceback_and_admitted(db, monkeypatch, caplog):
    real = boards.list_boards

    async def broken_list_boards():
        return len(await real()) / 0  # a real defect, after the real query

    monkeypatch.setattr(boards, "list_boards", broken_list_boards)
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        text = await settle(pilot)
    assert BROKEN.split(";")[0] in text
    assert "could not be reached" not in text
    logged = [r for r in screen_lines(caplog) if "BoardsScreen.load" in r.getMessage()]
    assert [r.levelname for r in logged] == ["ERROR"]
    assert logged[0].getMessage() == (
        "unexpected error in BoardsScreen.load: ZeroDivisionError: division by zero"
    )
    assert logged[0].exc_info is not None and logged[0].exc_info[0] is ZeroDivisionError
    assert "in broken_list_boards" in caplog.text  # the traceback, down to the defect


async def test_the_database_gone_is_could_not_be_reached_and_one_warning(database_gone, caplog):
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        text = await settle(pilot)
    assert UNREACHABLE.split(".")[0] in text
    assert BROKEN.split(";")[0] not in text
    logged = screen_lines(caplog)
    assert logged and {r.levelname for r in logged} == {"WARNING"}
    load = [r.getMessage() for r in logged if "BoardsScreen.load" in r.getMessage()]
    assert len(load) == 1
    assert load[0].startswith("could not reach the database in BoardsScreen.load: ")
    assert all(r.exc_info is None for r in logged)  # one line each, no traceback
