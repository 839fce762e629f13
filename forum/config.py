"""Where the forum keeps its data and which database it talks to."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import platformdirs

POSTGRES_SCHEMES = ("postgres://", "postgresql://", "asyncpg://")


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

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(POSTGRES_SCHEMES)


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("forum", appauthor=False))


def load(data_dir: str | Path | None = None, database_url: str | None = None) -> Settings:
    directory = Path(data_dir).expanduser() if data_dir else default_data_dir()
    url = database_url or f"sqlite://{directory / 'forum.sqlite3'}"
    if not url.startswith(("sqlite://", *POSTGRES_SCHEMES)):
        raise ConfigError(
            f"Unsupported database URL scheme {url.split(':')[0]!r}: use sqlite://PATH or "
            "postgres://USER@HOST:PORT/DB"
        )
    return Settings(data_dir=directory, database_url=url, posting_limits=posting_limits(os.environ))


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
