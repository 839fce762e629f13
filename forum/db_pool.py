"""The PostgreSQL client the forum runs on (its Tortoise ``engine``): tortoise-orm's
asyncpg client with three changes.

- Taking a pooled connection waits at most ``acquire_timeout`` seconds and then raises
  :class:`NoConnection`, so a leaked connection can never freeze every session; sessions
  show it as "could not be reached".
- A transaction whose ``BEGIN`` fails or is cancelled gives its connection back. In
  tortoise-orm 1.1.9 ``TransactionContextPooled.__aenter__`` takes a connection and then
  sends ``BEGIN``; if that raises (a command timeout, or the session ending while it is in
  flight), ``__aexit__`` never runs, the connection stays checked out for ever and the
  task keeps the dead transaction as its connection.
- New connections are opened through :class:`forum.db_health.Reachability`, which logs
  the database going away and coming back.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import asyncpg
from tortoise.backends.asyncpg.client import AsyncpgDBClient, TransactionWrapper
from tortoise.backends.base.client import (
    PoolConnectionWrapper,
    TransactionalDBClient,
    TransactionContext,
    TransactionContextPooled,
)
from tortoise.connection import get_connections
from tortoise.exceptions import DBConnectionError

from forum.db_health import Reachability, quiet_floor_retries

log = logging.getLogger("forum.database")

ACQUIRE_TIMEOUT = 10.0
"""Seconds a query waits for a pooled connection: a free one, or a new one being opened."""
CONNECT_TIMEOUT = 5.0
"""Seconds to open one connection (asyncpg's default is 60)."""


class NoConnection(DBConnectionError):
    """No pooled connection within the acquire timeout: all are in use, or the server
    does not answer."""


async def take(client: PostgresClient) -> Any:
    """A connection from ``client``'s pool, within its acquire timeout."""
    pool = client._pool
    try:
        return await pool.acquire(timeout=client.acquire_timeout)
    except TimeoutError as error:
        in_use = pool.get_size() - pool.get_idle_size()
        log.warning(
            "no database connection within %g s (%d of %d in use)",
            client.acquire_timeout,
            in_use,
            pool.get_max_size(),
        )
        raise NoConnection(f"no database connection within {client.acquire_timeout:g} s") from error


class TimedPoolConnection(PoolConnectionWrapper):
    async def __aenter__(self) -> Any:
        await self.ensure_connection()
        self.connection = await take(self.client)
        return self.connection


class Transaction(TransactionContextPooled):
    async def __aenter__(self) -> TransactionalDBClient:
        await self.ensure_connection()
        connection = await take(self.client._parent)
        self.client._connection = connection
        token = None
        try:
            token = get_connections().set(self.connection_name, self.client)
            await self.client.begin()
        except BaseException:
            if token is not None:
                get_connections().reset(token)
            # Its state is unknown (BEGIN may have run): close it, which frees its place
            # in the pool; the pool opens a new one when it is next needed. If the server
            # closed it, asyncpg has already taken it back (InterfaceError: "released").
            with contextlib.suppress(asyncpg.InterfaceError):
                connection.terminate()
            raise
        self.token = token
        return self.client


class PostgresClient(AsyncpgDBClient):
    def __init__(self, *, acquire_timeout: float = ACQUIRE_TIMEOUT, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.acquire_timeout = float(acquire_timeout)
        self.extra.setdefault("timeout", CONNECT_TIMEOUT)
        self.reachability = Reachability()

    async def create_pool(self, **kwargs: Any) -> asyncpg.Pool:
        quiet_floor_retries()
        # No timers that outlive a session: asyncpg arms one (loop.call_later) when a
        # connection goes back to the pool idle, and one for each statement it caches; a
        # timer's handle keeps a copy of the context of the task that armed it, with
        # Textual's active_app in it, so an ended session's whole App stayed alive for up
        # to 5 minutes. Ten idle connections cost nothing, and the statement cache is still
        # bounded by its size (100 a connection, least recently used first).
        kwargs.setdefault("max_inactive_connection_lifetime", 0)
        kwargs.setdefault("max_cached_statement_lifetime", 0)
        return await asyncpg.create_pool(None, connect=self.reachability.connect, **kwargs)

    def acquire_connection(self) -> TimedPoolConnection:
        return TimedPoolConnection(self, self._pool_init_lock)

    def _in_transaction(self) -> TransactionContext:
        return Transaction(TransactionWrapper(self), self._pool_init_lock)


client_class = PostgresClient
"""What Tortoise looks up in an ``engine`` module."""
