"""The ``forum`` command as an operator runs it: a real process on a real database."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.cli.process import one_error_line


@pytest.fixture
def run_forum(tmp_path: Path, database_url: str):
    """Run ``forum`` in a subprocess on a database of its own (a fresh SQLite file, or a
    fresh PostgreSQL database when the suite runs on PostgreSQL)."""
    if database_url.startswith("sqlite"):
        url = f"sqlite://{tmp_path / 'cli.sqlite3'}"
    else:
        url = f"{database_url.rpartition('/')[0]}/forum_cli_{uuid.uuid4().hex[:8]}"
        _create_pg(url)
    env = {**os.environ, "FORUM_DATA_DIR": str(tmp_path / "data"), "FORUM_DATABASE_URL": url}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "forum", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    yield run
    if not url.startswith("sqlite"):
        _drop_pg(url)


def _admin_sql(url: str, sql: str) -> None:
    import asyncio

    import asyncpg

    async def go() -> None:
        conn = await asyncpg.connect(
            url.rpartition("/")[0].replace("asyncpg://", "postgres://") + "/postgres"
        )
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(go())


def _create_pg(url: str) -> None:
    _admin_sql(url, f'CREATE DATABASE "{url.rpartition("/")[2]}"')


def _drop_pg(url: str) -> None:
    _admin_sql(url, f'DROP DATABASE IF EXISTS "{url.rpartition("/")[2]}" WITH (FORCE)')


def test_create_user_from_stdin_and_change_role(run_forum):
    made = run_forum(
        "user", "create", "Alice", "--role", "admin", "--password-stdin", stdin="a long password\n"
    )
    assert made.returncode == 0, made.stderr
    assert "Created admin Alice" in made.stdout
    changed = run_forum("user", "role", "alice", "moderator")
    assert changed.returncode == 0 and "Alice is now moderator" in changed.stdout


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ("user", "create", "al", "--password-stdin"),
            "a long password\n",
            "Username must be 3-32",
        ),
        (("user", "create", "alice", "--password-stdin"), "short\n", "Password must be at least 8"),
        (("user", "role", "nobody", "admin"), "", "There is no user called 'nobody'"),
        (
            ("user", "role", "nobody", "king"),
            "",
            "'king' is not one of 'member', 'moderator', 'admin'",
        ),
        (("--database-url", "mysql://x/y", "db", "migrate"), "", "Unsupported database URL"),
        (
            ("--database-url", "postgres://postgres@127.0.0.1:1/x", "db", "migrate"),
            "",
            "Cannot reach the database",
        ),
    ],
)
def test_errors_are_one_clear_line_and_a_nonzero_exit(run_forum, args, stdin, message):
    result = run_forum(*args, stdin=stdin)
    assert result.returncode != 0
    assert message in result.stderr
    assert message in one_error_line(result)


def test_a_taken_name_is_refused_whatever_its_case(run_forum):
    run_forum("user", "create", "Alice", "--password-stdin", stdin="a long password\n")
    again = run_forum("user", "create", "ALICE", "--password-stdin", stdin="a long password\n")
    assert again.returncode == 1 and "taken" in again.stderr


def test_seed_demo_shows_progress_and_writes_threads(run_forum):
    result = run_forum("db", "seed", "--demo", "12")
    assert result.returncode == 0, result.stderr
    assert "Writing demo threads" in result.stderr
    assert "Wrote 12 threads" in result.stdout


def test_migrate_is_repeatable(run_forum):
    assert run_forum("db", "migrate").returncode == 0
    again = run_forum("db", "migrate")
    assert again.returncode == 0 and "up to date" in again.stdout


def test_an_operator_sets_a_new_password_for_someone_locked_out(run_forum):
    run_forum("user", "create", "Alice", "--password-stdin", stdin="a long password\n")
    reset = run_forum("user", "set-password", "ALICE", "--password-stdin", stdin="a new secret\n")
    assert reset.returncode == 0, reset.stderr
    assert reset.stdout.strip() == "Set a new password for Alice."
    short = run_forum("user", "set-password", "alice", "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "Password must be at least 8" in short.stderr
    nobody = run_forum("user", "set-password", "nobody", "--password-stdin", stdin="a new secret\n")
    assert nobody.returncode == 1 and "There is no user called 'nobody'" in nobody.stderr
    assert "Traceback" not in short.stderr + nobody.stderr
