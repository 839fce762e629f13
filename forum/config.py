"""Where the forum keeps its data and which database it talks to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

POSTGRES_SCHEMES = ("postgres://", "postgresql://", "asyncpg://")


class ConfigError(Exception):
    """A setting that cannot work, explained in one line."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str

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
    return Settings(data_dir=directory, database_url=url)


def ensure_data_dir(settings: Settings) -> None:
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise ConfigError(
            f"Cannot create the data directory {settings.data_dir}: {error.strerror}"
        ) from error
