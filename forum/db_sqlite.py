"""The SQLite client the forum runs on (its Tortoise ``engine``): tortoise-orm's with one
change.

A transaction whose start fails or is cancelled gives its lock back. SQLite has one
connection, and tortoise-orm 1.1.9's ``SqliteTransactionContext.__aenter__`` takes the
lock that keeps every other query off it, then sends ``BEGIN``; if that raises (a session
ending while it is in flight), ``__aexit__`` never runs and the lock is held for ever:
every query of every session waits on it, and the whole forum stands still.
"""

from __future__ import annotations

import contextlib

from tortoise.backends.base.client import TransactionalDBClient, TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.connection import get_connections


class Transaction(SqliteTransactionContext):
    async def __aenter__(self) -> TransactionalDBClient:
        await self._trxlock.acquire()
        token = None
        try:
            await self.ensure_connection()
            token = get_connections().set(self.connection_name, self.connection)
            await self.connection.begin()
        except BaseException:
            try:
                if token is not None:
                    get_connections().reset(token)
                # BEGIN may have run: end what it started before anyone else may query (a
                # rollback outside a transaction does nothing).
                with contextlib.suppress(Exception):
                    await self.connection._connection.rollback()
            finally:
                self._trxlock.release()
            raise
        self.token = token
        return self.connection


class ForumSqliteClient(SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return Transaction(SqliteTransactionWrapper(self), self._lock)


client_class = ForumSqliteClient
"""What Tortoise looks up in an ``engine`` module."""
