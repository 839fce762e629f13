"""Upgrading a database written before live updates (schema 0004) keeps every post.

A file at the old schema is filled with the rows that version wrote (a person, a thread,
its replies), then `forum db migrate` brings it to the newest schema: every post is still
there and reads as before, the new tables (notifications, follows, read marks) work, and
search finds the posts written before it existed.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from tests.cli.process import run_forum
from tests.database.support import server

OLD = "forum.0004_drafts"
REPLIES = 40
MIGRATE_TO_OLD = f"""
import asyncio, sys
from tortoise import Tortoise
from tortoise.migrations.api import migrate
from forum.database import tortoise_config

async def main():
    try:
        await migrate(config=tortoise_config(sys.argv[1]), target={OLD!r})
    finally:
        await Tortoise.close_connections()

asyncio.run(main())
"""


def migrate_to_old(url: str) -> None:
    """The schema as it was at ``OLD``, made in a process of its own: Tortoise's migrate
    opens and closes the process's connections, the suite's own among them."""
    done = subprocess.run(
        [sys.executable, "-c", MIGRATE_TO_OLD, url], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def _old_rows(path: Path, replies: int = REPLIES) -> None:
    at = datetime(2026, 1, 5, 9, 30, tzinfo=UTC).isoformat(sep=" ")
    db = sqlite3.connect(path)
    with db:
        db.execute(
            "INSERT INTO boards (id, slug, name, description, position, locked, thread_count,"
            " unanswered_count) VALUES (1, 'b', 'A board', 'Old', 1, 0, 1, 0)"
        )
        db.execute(
            "INSERT INTO users (id, username, username_key, display_name, password_hash, role,"
            " created_at) VALUES (1, 'ann', 'ann', 'Ann', '', 'member', ?)",
            (at,),
        )
        db.execute(
            "INSERT INTO threads (id, board_id, author_id, title, created_at, last_activity_at,"
            " reply_count, post_seq, pinned, locked) VALUES (1, 1, 1, 'Before', ?, ?, ?, ?, 0, 0)",
            (at, at, replies, replies + 1),
        )
        for n in range(replies + 1):
            db.execute(
                "INSERT INTO posts (id, thread_id, author_id, parent_id, path, depth, body,"
                " created_at, client_key) VALUES (?, 1, 1, ?, ?, ?, ?, ?, ?)",
                (n + 1, None if n == 0 else 1, "00000" if n == 0 else f"00000{n:05d}",
                 0 if n == 0 else 1, f"Post {n}", at, f"old-key-{n:04d}"),
            )  # fmt: skip
    db.close()


async def test_an_old_database_upgrades_keeping_every_post(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    url = f"sqlite://{path}"
    migrate_to_old(url)
    _old_rows(path)

    env = {"FORUM_DATABASE_URL": url, "FORUM_DATA_DIR": str(tmp_path)}
    result = run_forum("db", "migrate", env=env)
    assert result.returncode == 0, result.stderr
    db = sqlite3.connect(path)
    try:
        assert db.execute("SELECT count(*) FROM posts").fetchone() == (REPLIES + 1,)
        bodies = [b for (b,) in db.execute("SELECT body FROM posts ORDER BY path")]
        assert bodies == [f"Post {n}" for n in range(REPLIES + 1)]
        tables = {t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"notifications", "follows", "read_marks"} <= tables
    finally:
        db.close()


async def test_an_upgrade_indexes_the_old_posts_for_search_showing_its_progress(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    url = f"sqlite://{path}"
    migrate_to_old(url)
    _old_rows(path, replies=12_000)

    env = {"FORUM_DATABASE_URL": url, "FORUM_DATA_DIR": str(tmp_path)}
    result = run_forum("db", "migrate", env=env)
    assert result.returncode == 0, result.stderr
    assert "Indexing posts for search: 10,000 of 12,001" in result.stderr
    assert "Indexing posts for search: 12,001 of 12,001" in result.stderr
    db = sqlite3.connect(path)
    try:
        match = "SELECT rowid FROM post_search WHERE post_search MATCH ? ORDER BY rowid"
        assert db.execute(match, ["before"]).fetchall() == [(1,)]  # the thread's title
        assert db.execute(match, ["11999"]).fetchall() == [(12_000,)]
        assert len(db.execute(match, ["post"]).fetchall()) == 12_001
    finally:
        db.close()


async def test_an_upgrade_indexes_the_old_posts_for_search_on_postgresql():
    """On either run of the suite: a database of its own on the test server (it fails,
    never skips, if PostgreSQL cannot be reached)."""
    import asyncpg

    userinfo, host, port = server()
    base, name = f"postgres://{userinfo}@{host}:{port}", f"forum_upgrade_{os.getpid()}"
    url = f"{base}/{name}"
    admin = await asyncpg.connect(f"{base}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    migrate_to_old(url)
    at = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    db = await asyncpg.connect(url)
    try:
        await db.execute(
            "INSERT INTO boards (id, slug, name, description, position, locked, thread_count,"
            " unanswered_count) VALUES (1, 'b', 'A board', 'Old', 1, false, 1, 0);"
            "INSERT INTO users (id, username, username_key, display_name, password_hash, role,"
            " created_at) VALUES (1, 'ann', 'ann', 'Ann', '', 'member', now())"
        )
        await db.execute(
            "INSERT INTO threads (id, board_id, author_id, title, created_at, last_activity_at,"
            " reply_count, post_seq, pinned, locked) VALUES (1, 1, 1, 'Counselling', $1, $1,"
            " 1, 2, false, false)",
            at,
        )
        await db.executemany(
            "INSERT INTO posts (id, thread_id, author_id, parent_id, path, depth, body,"
            " created_at, client_key) VALUES ($1, 1, 1, $2, $3, $4, $5, $6, $7)",
            [(1, None, "00000", 0, "My first session.", at, "old-key-0"),
             (2, 1, "0000000001", 1, "Mine went well.", at, "old-key-1")],
        )  # fmt: skip
    finally:
        await db.close()

    result = run_forum("db", "migrate", env={"FORUM_DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    db = await asyncpg.connect(url)
    try:
        match = "SELECT id FROM posts WHERE search @@ websearch_to_tsquery('english', $1)"
        assert [r["id"] for r in await db.fetch(match, "counselling")] == [1]  # by its title
        assert [r["id"] for r in await db.fetch(match, "went")] == [2]
        assert await db.fetchval("SELECT count(*) FROM pg_indexes WHERE indexname = $1",
                                 "posts_search_gin") == 1  # fmt: skip
    finally:
        await db.close()
        admin = await asyncpg.connect(f"{base}/postgres")
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
