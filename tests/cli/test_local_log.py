"""The local app's log: the terminal is the app's, so warnings and errors go to a file."""

from __future__ import annotations

import logging

from forum.config import Settings
from forum.local import LOG_FILE, logging_to_file


def test_warnings_and_errors_go_to_the_log_file_in_the_data_dir_while_the_app_runs(tmp_path):
    data_dir = tmp_path / "data"
    settings = Settings(data_dir=data_dir, database_url=f"sqlite://{data_dir / 'f.sqlite3'}")
    screens = logging.getLogger("forum.screens")
    with logging_to_file(settings):
        screens.info("an ordinary event")
        screens.warning("could not reach the database in BoardsScreen.load: TimeoutError")
        try:
            1 / 0  # noqa: B018
        except ZeroDivisionError as error:
            screens.error("unexpected error in BoardsScreen.load", exc_info=error)
    screens.error("after the app has ended")
    text = (data_dir / LOG_FILE).read_text()
    assert "WARNING forum.screens: could not reach the database in BoardsScreen.load" in text
    assert "ERROR   forum.screens: unexpected error in BoardsScreen.load" in text
    assert "Traceback (most recent call last)" in text and "ZeroDivisionError" in text
    assert "an ordinary event" not in text and "after the app has ended" not in text
