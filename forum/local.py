"""Running the forum in this terminal, on the configured database."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from forum.config import LOG_FORMAT, Settings, ensure_data_dir

LOG_FILE = "forum.log"
"""Where the local app's warnings and errors go, in the data directory."""


async def run_local(settings: Settings) -> None:
    """Run the app in this terminal; the database opens while the sign-in screen shows.

    Opening the database (migrations checked, first-run seeding) runs in its own task, so
    it overlaps the app's start instead of delaying the first screen. ``connected`` opens
    and closes the database in that one task, as Tortoise requires. Anything the person
    can do before it is open waits for it (``app.database_ready``). If the database
    cannot be opened the app closes and the error is raised here, as before.
    """
    from forum.app import ForumApp

    ready = asyncio.Event()
    finished = asyncio.Event()
    app = ForumApp(database_ready=ready)

    async def database() -> None:
        # Load the database layer once the first screen is up: importing the ORM costs a
        # quarter of a second that the person would otherwise watch a blank terminal for.
        shown = asyncio.ensure_future(app.first_screen_shown.wait())
        gone = asyncio.ensure_future(finished.wait())
        await asyncio.wait([shown, gone], return_when=asyncio.FIRST_COMPLETED)
        shown.cancel()
        gone.cancel()
        if finished.is_set():
            return
        from forum.database import connected
        from forum.live_feed import hearing

        try:
            async with connected(settings), hearing(settings):
                ready.set()
                await finished.wait()
        except BaseException:
            app.exit()
            raise

    with logging_to_file(settings):
        task = asyncio.create_task(database(), name="database")
        try:
            await app.run_async()
        finally:
            finished.set()
            await task  # closes the database; raises what opening it raised


@contextmanager
def logging_to_file(settings: Settings) -> Iterator[None]:
    """Warnings and errors (a bug's traceback, the database going away) are appended to
    forum.log in the data directory while the app runs. The terminal is the app's, and
    Python's fallback handler writes to stderr, which Textual captures and drops."""
    ensure_data_dir(settings)
    handler = logging.FileHandler(settings.data_dir / LOG_FILE, encoding="utf-8", delay=True)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
        handler.close()
