"""What a database URL must say before the forum will use it.

A PostgreSQL URL that leaves out its host or database does not fail: libpq (and asyncpg)
fill the gaps from their defaults (the Unix socket, a database named after the current
user), and the forum would write its schema into whichever database that is. So the URL
must name both. Checked without importing the ORM, so that reading the settings stays
cheap for the local app's first screen.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

POSTGRES_SCHEMES = ("postgres://", "postgresql://", "asyncpg://")
SQLITE_SCHEME = "sqlite://"
SHAPES = "sqlite://PATH or postgres://USER@HOST:PORT/DB"


class InvalidURL(ValueError):
    """A database URL that cannot be used, explained in one line."""


def check(url: str) -> None:
    """Raise InvalidURL unless ``url`` is an SQLite path or a PostgreSQL URL naming its
    host and database."""
    if url.startswith(POSTGRES_SCHEMES):
        _check_postgres(url)
    elif url.startswith(SQLITE_SCHEME):
        if not sqlite_path(url):
            raise InvalidURL(f"The database URL {url} names no file: use {SHAPES}")
    else:
        raise InvalidURL(f"Unsupported database URL scheme {url.split(':')[0]!r}: use {SHAPES}")


def _check_postgres(url: str) -> None:
    shown = safe_url(url)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- parsing the port is what raises for "host:abc"
    except ValueError as error:  # "Invalid IPv6 URL", a port that is not a number...
        raise InvalidURL(f"Invalid database URL {shown}: {error}") from None
    query = parse_qs(parts.query)
    if not (parts.hostname or query.get("host")):
        raise InvalidURL(f"The database URL {shown} names no host: use {SHAPES}")
    if not (parts.path.lstrip("/") or query.get("database")):
        raise InvalidURL(f"The database URL {shown} names no database: use {SHAPES}")


def sqlite_path(url: str) -> str:
    """The file an ``sqlite://`` URL names, as Tortoise reads it (query string dropped)."""
    return url.removeprefix(SQLITE_SCHEME).partition("?")[0]


def safe_url(url: str) -> str:
    """The database URL without its password, for printing."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        credentials, _, host = rest.rpartition("@")
        rest = f"{credentials.split(':')[0]}@{host}"
    return f"{scheme}{sep}{rest}"
