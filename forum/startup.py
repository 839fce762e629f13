"""Checks and time limits around opening the database, so that start-up ends in one line.

tortoise-orm 1.1.9 hangs for ever when an SQLite file cannot be opened: its
``ConnectionWrapper.__aenter__`` (tortoise/backends/base/client.py, lines 323-326) takes
the connection lock, then the connect fails, and the lock is never released; the
migration recorder swallows that first error (migrations/recorder.py, lines 78-81), so
the next statement waits for the lock. Hence :func:`check_sqlite_file` before connecting,
and :func:`step` around each start-up step in case anything else hangs.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing
from pathlib import Path

from forum.config import ConfigError

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_SECONDS = 5.0
"""How long the check waits for another program's write to finish (SQLite's default)."""


def check_sqlite_file(name: str) -> None:
    """Raise ConfigError, naming the file and what is wrong with it, unless the forum can
    read and write an SQLite database there (creating it if it is missing)."""
    if name == ":memory:":
        return
    path = Path(name)
    folder = path.parent
    if path.is_dir():
        raise ConfigError(f"The SQLite database {path} is a directory, not a file")
    if not folder.exists():
        raise ConfigError(f"Cannot create the SQLite database {path}: {folder} does not exist")
    if not folder.is_dir():
        raise ConfigError(f"Cannot create the SQLite database {path}: {folder} is not a directory")
    if not os.access(folder, os.W_OK | os.X_OK):
        # SQLite writes its journal (or WAL) beside the database, so even an existing file
        # cannot be used from a folder the forum cannot write to.
        raise ConfigError(
            f"Cannot use the SQLite database {path}: the folder {folder} is not writable"
        )
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise ConfigError(f"Cannot use the SQLite database {path}: it is not readable and writable")
    if path.exists() and not _has_sqlite_header(path):
        raise ConfigError(f"The file {path} is not an SQLite database (or it is damaged)")
    try:
        _try_write(path)
    except sqlite3.Error as error:
        raise ConfigError(f"Cannot use the SQLite database {path}: {error}") from None


def _has_sqlite_header(path: Path) -> bool:
    with path.open("rb") as file:
        start = file.read(len(SQLITE_HEADER))
    return start in (b"", SQLITE_HEADER)  # an empty file is a new, empty database


def _try_write(path: Path) -> None:
    """Open the file as the forum will and take the write lock: what the checks above
    cannot see (a damaged schema, a read-only mount, a lock held too long) fails here."""
    with closing(sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)) as db:
        db.execute("SELECT count(*) FROM sqlite_master").fetchall()
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")


@asynccontextmanager
async def step(doing: str, seconds: float) -> AsyncIterator[None]:
    """Give up on a start-up step after ``seconds``, with a one-line ConfigError."""
    try:
        async with asyncio.timeout(seconds) as limit:
            yield
    except TimeoutError:
        if not limit.expired():
            raise  # a timeout of the driver's own: reported as it is
        raise ConfigError(
            f"The database did not answer within {seconds:g} s while {doing} "
            "(FORUM_STARTUP_TIMEOUT sets how long to wait)"
        ) from None
