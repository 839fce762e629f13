"""What a screen says, and what the log gets, when something fails: a bug is logged with
its traceback and admitted; the database going away is "could not be reached" and one
warning line."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest
from tortoise import connections
from tortoise.context import TortoiseContext

from forum.app import ForumApp
from forum.database import tortoise_config
from forum.db_url import sqlite_path
from models import boards
from screens.notes import NotesScreen
from screens.session import BROKEN, UNREACHABLE
from tests.database.proxy import Proxy
from tests.helpers import make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on


def screen_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "forum.screens"]


@asynccontextmanager
async def out_of_reach(database_url: str) -> AsyncIterator[None]:
    """The database out of reach for the app started inside, on the suite's backend.

    PostgreSQL: the forum's own client (in a Tortoise context of its own) reaches the test
    database through a proxy, which is then cut (every connection dropped, new ones
    refused), as a server restart does. SQLite: another process holds the database's
    write lock, and the suite's own connection gives up at once instead of after 5 s, so
    reading works and writing fails with "database is locked"."""
    if not database_url.startswith(("postgres", "asyncpg")):
        conn = connections.get("default")
        _, [(waited,)] = await conn.execute_query("PRAGMA busy_timeout")
        other_process = sqlite3.connect(sqlite_path(database_url), isolation_level=None)
        other_process.execute("BEGIN IMMEDIATE")
        await conn.execute_script("PRAGMA busy_timeout=0")
        try:
            yield
        finally:
            await conn.execute_script(f"PRAGMA busy_timeout={int(waited)}")
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


async def test_the_database_out_of_reach_is_could_not_be_reached_and_one_warning(
    db, database_url, caplog
):
    ann = await make_user("ann")
    async with out_of_reach(database_url):
        app = ForumApp(start=ann)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await app.push_screen(NotesScreen())  # reads her notes, marks them read
            text = await settle(pilot)
    assert UNREACHABLE.split(".")[0] in text
    assert BROKEN.split(";")[0] not in text
    logged = screen_lines(caplog)
    assert logged and {r.levelname for r in logged} == {"WARNING"}
    notes = [r.getMessage() for r in logged if "NotesScreen.load" in r.getMessage()]
    assert len(notes) == 1
    assert notes[0].startswith("could not reach the database in NotesScreen.load: ")
    assert all(r.exc_info is None for r in logged)  # one line each, no traceback


async def test_a_worker_that_ends_as_its_screen_closes_ends_quietly(db, caplog):
    """Seen in full runs: a live update reached a board as it closed. Textual takes a
    closing screen's widgets away before it stops the screen's workers, so the update
    found its list gone, failed, failed again showing why, and ended the app with an
    error. Closing, it ends quietly; on a screen still shown, the same failure is a bug,
    logged with its traceback and admitted."""
    from screens.board import BoardScreen

    ann = await make_user("ann")
    thread_id, _ = await make_thread(ann, "Rough night", "I could not sleep.")
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        board = await settled_on(pilot, BoardScreen)
        assert "Rough night" in screen_text(app)
        board._stale.add(thread_id)  # a reply to it was heard: its row is drawn again
        update = BoardScreen.live_update.__wrapped__  # the worker's body, run here
        await board.query_one("#threads").remove()  # a list gone from a screen shown: a bug
        await update(board)
        assert [r.levelname for r in screen_lines(caplog)] == ["ERROR"]
        await board.remove_children()  # as the teardown does, children first
        app.pop_screen()
        await settle(pilot)
        caplog.clear()
        board._stale.add(thread_id)
        await update(board)  # the board has closed meanwhile
        assert [r.levelname for r in screen_lines(caplog) if r.levelno > logging.DEBUG] == []
        assert app.return_code is None  # still running: no error ended it
