"""The forum's PostgreSQL client on the test server, and ways to watch it."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from tortoise.context import TortoiseContext

from forum.database import tortoise_config
from forum.db_pool import PostgresClient
from tests.database.proxy import Proxy

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def server() -> tuple[str, str, int]:
    """(user info, host, port) of the test server."""
    url = os.environ.get("FORUM_TEST_DATABASE_URL", "")
    if not url.startswith(("postgres", "asyncpg")):
        url = DEFAULT_SERVER
    parts = urlsplit(url)
    userinfo = parts.netloc.rpartition("@")[0]
    return userinfo, parts.hostname or "127.0.0.1", parts.port or 5432


@asynccontextmanager
async def forum_client(proxy: Proxy, **credentials: object) -> AsyncIterator[PostgresClient]:
    """The forum's own client (as ``tortoise_config`` sets it up) through ``proxy``, with
    the settings the test chooses, in a Tortoise context of its own."""
    config = tortoise_config(f"postgres://{server()[0]}@127.0.0.1:{proxy.port}/postgres")
    config["connections"]["default"]["credentials"].update(credentials)
    async with TortoiseContext() as context:
        await context.init(config=config)
        db = context.connections.get("default")
        assert isinstance(db, PostgresClient)
        await db.execute_query("SELECT 1")  # the pool is open
        yield db


def checked_out(db: PostgresClient) -> int:
    pool = db._pool
    return pool.get_size() - pool.get_idle_size()


class Heard(logging.Handler):
    """Lets a test await a log line instead of sleeping."""

    def __init__(self, wanted: str) -> None:
        super().__init__()
        self.wanted = wanted
        self.event = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith(self.wanted):
            self.event.set()
