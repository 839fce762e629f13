"""Starting and stopping the database: connect, migrate to head, seed when empty.

``Tortoise.init`` and ``Tortoise.close_connections`` must run in the same task (else the
aiosqlite thread keeps the process alive), so callers use :func:`connected` as one
``async with`` block around their whole run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.config_generator import generate_config
from tortoise.migrations.api import migrate as run_migrations

from forum.config import Settings

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
        credentials.setdefault("command_timeout", COMMAND_TIMEOUT)
        credentials.setdefault("maxsize", 10)
        credentials.setdefault("reset", keep_session)
    return config


TORTOISE_ORM = tortoise_config("sqlite://forum-dev.sqlite3")
"""For ``tortoise makemigrations`` (see [tool.tortoise] in pyproject.toml)."""


async def migrate(database_url: str) -> None:
    """Bring the schema to the newest migration; safe to run on every start."""
    try:
        await run_migrations(config=tortoise_config(database_url))
    finally:
        await Tortoise.close_connections()


async def open_database(settings: Settings, *, seed: bool = True) -> None:
    from models import limits
    from models.seed import seed_if_empty

    limits.configure(limits.PostingLimits(**settings.posting_limits))  # type: ignore[arg-type]
    if not settings.is_postgres:
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    await migrate(settings.database_url)
    await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=True)
    if seed:
        await seed_if_empty()


@asynccontextmanager
async def connected(settings: Settings, *, seed: bool = True) -> AsyncIterator[None]:
    await open_database(settings, seed=seed)
    try:
        yield
    finally:
        await Tortoise.close_connections()
