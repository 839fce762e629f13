"""Upgrading a database written before live updates (schema 0004) keeps every post.

A file at the old schema is filled with the rows that version wrote (a person, a thread,
its replies), then `forum db migrate` brings it to the newest schema: every post is still
there and reads as before, and the new tables (notifications, follows, read marks) work.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from tortoise import Tortoise
from tortoise.migrations.api import migrate

from forum.database import tortoise_config
from tests.cli.process import run_forum

OLD = "forum.0004_drafts"
REPLIES = 40


def _old_rows(path: Path) -> None:
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
            (at, at, REPLIES, REPLIES + 1),
        )
        for n in range(REPLIES + 1):
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
    try:
        await migrate(config=tortoise_config(url), target=OLD)
    finally:
        await Tortoise.close_connections()
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
