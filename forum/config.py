"""Where the forum keeps its data and which database it talks to."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import platformdirs

from forum import db_url
from forum.db_url import POSTGRES_SCHEMES

STARTUP_TIMEOUT = 60.0
"""Seconds each start-up step (connect and migrate, seed) may take before the command
gives up with an error instead of hanging: FORUM_STARTUP_TIMEOUT."""
SEARCH_LANGUAGE = "english"
LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
"""One log record a line, in the server's log and the local app's forum.log alike."""


class ConfigError(Exception):
    """A setting that cannot work, explained in one line."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    posting_limits: dict[str, object] = field(default_factory=dict)
    """Overrides of models.limits.PostingLimits for brand-new accounts (environment:
    FORUM_NEW_ACCOUNT_*). Kept as plain values so that reading the settings does not
    import the ORM: the first screen shows before the database layer is loaded."""
    startup_timeout: float = STARTUP_TIMEOUT
    """Seconds each start-up step may take (FORUM_STARTUP_TIMEOUT)."""
    search_language: str = SEARCH_LANGUAGE
    """The language search stems words for (FORUM_SEARCH_LANGUAGE): a PostgreSQL
    text-search configuration; on SQLite english or simple. Changing it rebuilds the
    index at the next start."""

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(POSTGRES_SCHEMES)


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("forum", appauthor=False))


def load(data_dir: str | Path | None = None, database_url: str | None = None) -> Settings:
    directory = Path(data_dir).expanduser() if data_dir else default_data_dir()
    url = database_url or f"sqlite://{directory / 'forum.sqlite3'}"
    try:
        db_url.check(url)
    except db_url.InvalidURL as error:
        raise ConfigError(str(error)) from None
    return Settings(
        data_dir=directory,
        database_url=url,
        posting_limits=posting_limits(os.environ),
        startup_timeout=startup_timeout(os.environ),
        search_language=os.environ.get("FORUM_SEARCH_LANGUAGE", "").strip() or SEARCH_LANGUAGE,
    )


def startup_timeout(environ: Mapping[str, str]) -> float:
    text = environ.get("FORUM_STARTUP_TIMEOUT")
    if text is None:
        return STARTUP_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:  # also refuses nan
        raise ConfigError(
            f"FORUM_STARTUP_TIMEOUT must be a number of seconds above 0, not {text!r}"
        )
    return seconds


LIMIT_VARIABLES = {
    "FORUM_NEW_ACCOUNT_HOURS": ("new_account_period", lambda v: timedelta(hours=float(v))),
    "FORUM_NEW_ACCOUNT_THREADS": ("new_account_threads", int),
    "FORUM_NEW_ACCOUNT_REPLIES": ("new_account_replies", int),
    "FORUM_NEW_ACCOUNT_INTERVAL_SECONDS": (
        "new_account_interval", lambda v: timedelta(seconds=float(v)),
    ),
}  # fmt: skip


def posting_limits(environ: Mapping[str, str]) -> dict[str, object]:
    """New-account limits given in the environment, by PostingLimits field name."""
    values = {}
    for variable, (name, parse) in LIMIT_VARIABLES.items():
        if variable in environ:
            try:
                values[name] = parse(environ[variable])
            except ValueError:
                raise ConfigError(
                    f"{variable} must be a number, not {environ[variable]!r}"
                ) from None
    return values


def ensure_data_dir(settings: Settings) -> None:
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise ConfigError(
            f"Cannot create the data directory {settings.data_dir}: {error.strerror}"
        ) from error
