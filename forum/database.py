"""Starting and stopping the database: connect, migrate to head, seed when empty.

``Tortoise.init`` and ``Tortoise.close_connections`` must run in the same task (else the
aiosqlite thread keeps the process alive), so callers use :func:`connected` as one
``async with`` block around their whole run.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.config_generator import generate_config
from tortoise.migrations.api import migrate as run_migrations

from forum import startup
from forum.config import SEARCH_LANGUAGE, STARTUP_TIMEOUT, Settings, ensure_data_dir
from forum.db_url import SQLITE_SCHEME, sqlite_path

APP = "forum"
MODELS = ["models.entities"]
MIGRATIONS = "models.migrations"
COMMAND_TIMEOUT = 30.0
"""Seconds: asyncpg waits for ever by default."""


async def keep_session(connection: object) -> None:
    """Pool reset that skips asyncpg's default ``RESET ALL; UNLISTEN *; ...`` round trip.

    That reset doubles the cost of every small query. The forum never changes session
    state (no SET, LISTEN, advisory locks or open cursors), and asyncpg still rolls back a
    transaction left open before calling this.
    """


def tortoise_config(database_url: str) -> dict[str, Any]:
    url = database_url.replace("postgresql://", "postgres://", 1).replace(
        "asyncpg://", "postgres://", 1
    )
    config = generate_config(url, app_modules={APP: MODELS}, testing=False)
    config["apps"][APP]["migrations"] = MIGRATIONS
    credentials = config["connections"]["default"]["credentials"]
    if url.startswith("postgres://"):
        config["connections"]["default"]["engine"] = "forum.db_pool"
        credentials.setdefault("command_timeout", COMMAND_TIMEOUT)
        credentials.setdefault("maxsize", 10)
        credentials.setdefault("reset", keep_session)
    else:
        config["connections"]["default"]["engine"] = "forum.db_sqlite"
    return config


TORTOISE_ORM = tortoise_config("sqlite://forum-dev.sqlite3")
"""For ``tortoise makemigrations`` (see [tool.tortoise] in pyproject.toml)."""


async def migrate(
    database_url: str,
    *,
    step_seconds: float = STARTUP_TIMEOUT,
    search_language: str = SEARCH_LANGUAGE,
) -> None:
    """Bring the schema to the newest migration, and the search index to the language
    asked for; safe to run on every start."""
    from models import search_index

    if database_url.startswith(SQLITE_SCHEME):
        await asyncio.to_thread(startup.check_sqlite_file, sqlite_path(database_url))
    try:
        async with startup.step("connecting and migrating", step_seconds):
            await run_migrations(config=tortoise_config(database_url))
            await search_index.use_language(search_language, _indexing)
    finally:
        await Tortoise.close_connections()


def _indexing(done: int, total: int) -> None:
    print(f"Indexing posts for search: {done:,} of {total:,}", file=sys.stderr, flush=True)


async def open_database(settings: Settings, *, seed: bool = True) -> None:
    from models import limits
    from models.seed import seed_if_empty

    limits.configure(limits.PostingLimits(**settings.posting_limits))  # type: ignore[arg-type]
    if not settings.is_postgres:
        ensure_data_dir(settings)
    await migrate(
        settings.database_url,
        step_seconds=settings.startup_timeout,
        search_language=settings.search_language,
    )
    async with startup.step("connecting", settings.startup_timeout):
        await Tortoise.init(
            config=tortoise_config(settings.database_url), _enable_global_fallback=True
        )
    if seed:
        async with startup.step("adding the default boards", settings.startup_timeout):
            await seed_if_empty()


@asynccontextmanager
async def connected(settings: Settings, *, seed: bool = True) -> AsyncIterator[None]:
    try:
        await open_database(settings, seed=seed)
        yield
    finally:
        await Tortoise.close_connections()
