"""PostgreSQL behind a proxy the test controls, on either run of the suite.

These tests are about the PostgreSQL pool, so they need a PostgreSQL server even on the
SQLite run: the one FORUM_TEST_DATABASE_URL names, else the suite's default server
(127.0.0.1:5432, as scripts/test.sh). If it cannot be reached they fail, never skip. They
only run ``SELECT``s, on the server's ``postgres`` database, so they need no schema.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from tests.database.proxy import Proxy
from tests.database.support import server


@pytest.fixture
async def proxy() -> AsyncIterator[Proxy]:
    userinfo, host, port = server()
    try:
        probe = await asyncpg.connect(f"postgres://{userinfo}@{host}:{port}/postgres", timeout=10)
    except (OSError, asyncpg.PostgresError) as error:
        pytest.fail(f"PostgreSQL at {host}:{port} is not reachable: {error}", pytrace=False)
    await probe.close()
    relay = Proxy(host, port)
    await relay.start()
    yield relay
    await relay.close()
