"""A real database for every test: SQLite by default, PostgreSQL when
FORUM_TEST_DATABASE_URL names one (CI runs the suite once per backend).

The schema is migrated once per run; each test starts from the seeded state (default
boards and crisis lines) after every table is emptied.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tortoise import Tortoise, connections

from forum.config import Settings
from forum.database import migrate, tortoise_config
from models import limits, passwords
from models.seed import seed_if_empty

TABLES = [
    "sign_in_failures",
    "server_slots",
    "read_marks",
    "notifications",
    "follows",
    "drafts",
    "notes",
    "crisis_phrases",
    "reactions",
    "hidden_topics",
    "blocks",
    "reports",
    "ssh_keys",
    "mod_actions",
    "resources",
    "posts",
    "threads",
    "boards",
    "users",
]


def _test_url(tmp_root: Path) -> str:
    return os.environ.get("FORUM_TEST_DATABASE_URL") or f"sqlite://{tmp_root / 'test.sqlite3'}"


async def _fresh_postgres(url: str) -> None:
    """Create the test database if missing and empty it, or fail loudly: never skip."""
    import asyncpg

    base, _, name = url.rpartition("/")
    dsn = base.replace("asyncpg://", "postgres://", 1)
    try:
        admin = await asyncpg.connect(f"{dsn}/postgres", timeout=10)
    except (OSError, asyncpg.PostgresError) as error:
        pytest.fail(f"FORUM_TEST_DATABASE_URL={url} is not reachable: {error}", pytrace=False)
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    conn = await asyncpg.connect(url.replace("asyncpg://", "postgres://", 1))
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _test_url(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("data"), database_url=database_url)


@pytest.fixture(scope="session")
async def database(database_url: str) -> AsyncIterator[str]:
    """Migrated once per run; cheap argon2 settings keep the suite fast."""
    if database_url.startswith(("postgres", "asyncpg")):
        await _fresh_postgres(database_url)
    await migrate(database_url)
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    passwords.configure(argon2__memory_cost=1024, argon2__time_cost=1)
    yield database_url
    await Tortoise.close_connections()


@pytest.fixture
async def db(database: str) -> AsyncIterator[str]:
    """An empty, freshly seeded database for one test.

    New-account posting limits are off unless a test turns them on (most tests post as
    brand-new users); the rate-limit tests configure them explicitly.
    """
    limits.configure(limits.NO_LIMITS)
    conn = connections.get("default")
    if database.startswith("sqlite"):
        deletes = "".join(f"DELETE FROM {table};" for table in TABLES)
        await conn.execute_script(
            f"PRAGMA foreign_keys=OFF;{deletes}DELETE FROM sqlite_sequence;PRAGMA foreign_keys=ON;"
        )
    else:
        await conn.execute_script(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
    await seed_if_empty()
    yield database
