"""Running the forum in this terminal, on the configured database."""

from __future__ import annotations

import click

from forum.config import Settings
from forum.database import connected


async def run_local(settings: Settings) -> None:
    async with connected(settings):
        # The terminal app arrives with the UI issue; until then say where the data is.
        click.echo(f"forum data: {settings.data_dir}")
        click.echo(f"database: {settings.database_url}")
