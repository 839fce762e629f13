"""Telling the database or the network failing apart from a bug.

What an outage really raises (measured through the forum's own PostgreSQL client behind a
proxy that cuts or stalls the connection, and on SQLite with another process holding the
lock): ``ConnectionRefusedError`` when a new connection is refused, ``TimeoutError`` when a
command or a connect times out, asyncpg's ``ConnectionDoesNotExistError`` (a connection
closed mid-query) and ``InterfaceError`` ("the underlying connection is closed"), the
forum's ``NoConnection`` (a Tortoise ``DBConnectionError``) when no pooled connection comes
in time, and on SQLite Tortoise's ``OperationalError`` wrapping ``sqlite3``'s "database is
locked" or "unable to open database file". Anything else a screen meets is a bug.

Tortoise wraps driver errors, sometimes with ``raise ... from`` and sometimes implicitly
(SQLite's ``OperationalError`` keeps the driver's error only as its context), so the chain
is followed: always through ``__cause__``, and through ``__context__`` from Tortoise's own
errors only; a bug raised while handling an outage elsewhere stays a bug.

This module imports the ORM and the drivers: screens import it only once something failed,
so the first screen still shows before the database layer is loaded.
"""

from __future__ import annotations

import socket
import sqlite3

import asyncpg
from tortoise.exceptions import BaseORMException, DBConnectionError

ASYNCPG_OUTAGES = (
    asyncpg.PostgresConnectionError,  # class 08, and a connection closed mid-query
    asyncpg.exceptions.OperatorInterventionError,  # shutting down, starting up, cancelled
    asyncpg.exceptions.InsufficientResourcesError,  # too many clients, disk full
)
"""The server refusing or losing a session, as opposed to refusing a query."""

SQLITE_OUTAGES = (
    "database is locked",
    "database table is locked",
    "unable to open database file",
    "disk i/o error",
)
"""How ``sqlite3.OperationalError`` begins when the file, not the query, is the trouble (a
query's own mistakes, such as "no such table", are bugs)."""


def is_outage(error: BaseException) -> bool:
    """Whether ``error``, or an error it wraps, is the database or the network failing."""
    seen: set[int] = set()
    link: BaseException | None = error
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        if _fails_to_reach(link):
            return True
        wrapped = link.__context__ if isinstance(link, BaseORMException) else None
        link = link.__cause__ or wrapped
    return False


def _fails_to_reach(error: BaseException) -> bool:
    if isinstance(error, (ConnectionError, TimeoutError, socket.gaierror)):
        return True
    if type(error) is OSError:  # no subclass of its own: unreachable host or network
        return True
    if isinstance(error, (DBConnectionError, *ASYNCPG_OUTAGES)):
        return True
    if isinstance(error, asyncpg.InterfaceError):  # a closed or broken connection,
        return not isinstance(error, asyncpg.exceptions.ClientConfigurationError)  # not a setting
    if isinstance(error, sqlite3.OperationalError):
        return str(error).lower().startswith(SQLITE_OUTAGES)
    return False


def describe(error: BaseException) -> str:
    """``Type: message`` on one line, for a log."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
