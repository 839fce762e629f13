"""Running the forum in this terminal, on the configured database."""

from __future__ import annotations

from forum.config import Settings
from forum.database import connected


async def run_local(settings: Settings) -> None:
    """Open the database, run the app in this terminal, and close the database after."""
    from forum.app import ForumApp

    async with connected(settings):
        await ForumApp().run_async()
