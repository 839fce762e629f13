"""Settings from options and the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest

from forum import config


def test_new_account_limits_come_from_the_environment():
    from models.limits import PostingLimits

    limits = PostingLimits(
        **config.posting_limits(
            {"FORUM_NEW_ACCOUNT_THREADS": "5", "FORUM_NEW_ACCOUNT_INTERVAL_SECONDS": "10"}
        )
    )
    assert limits.new_account_threads == 5
    assert limits.new_account_interval == timedelta(seconds=10)
    assert limits.new_account_replies == 10  # the default stays


def test_a_bad_limit_is_one_clear_line(tmp_path):
    env = {**os.environ, "FORUM_DATA_DIR": str(tmp_path), "FORUM_NEW_ACCOUNT_THREADS": "lots"}
    result = subprocess.run(
        [sys.executable, "-m", "forum", "db", "migrate"], env=env, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: FORUM_NEW_ACCOUNT_THREADS must be a number, not 'lots'"


def test_default_database_lives_in_the_data_dir(tmp_path):
    settings = config.load(tmp_path, None)
    assert settings.database_url == f"sqlite://{tmp_path / 'forum.sqlite3'}"
    assert not settings.is_postgres
    assert config.load(tmp_path, "postgresql://u@h/db").is_postgres


def test_unknown_database_schemes_are_refused():
    with pytest.raises(config.ConfigError, match="Unsupported database URL scheme 'mysql'"):
        config.load(None, "mysql://x/y")


def _migrate(tmp_path, **env):
    env = {**os.environ, "FORUM_DATA_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "-m", "forum", "db", "migrate"], env=env, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip


def test_the_search_language_comes_from_the_environment(tmp_path):
    import sqlite3

    env = {"FORUM_DATABASE_URL": f"sqlite://{tmp_path / 'forum.sqlite3'}"}
    assert config.load(tmp_path, None).search_language == "english"
    result = _migrate(tmp_path, FORUM_SEARCH_LANGUAGE="simple", **env)
    assert result.returncode == 0, result.stderr
    db = sqlite3.connect(tmp_path / "forum.sqlite3")
    try:
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'post_search'").fetchone()
    finally:
        db.close()
    assert "tokenize = 'unicode61 remove_diacritics 2'" in sql  # no English stemming
    refused = _migrate(tmp_path, FORUM_SEARCH_LANGUAGE="french", **env)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "Error: Search language on SQLite must be 'english' or 'simple' (not 'french')."
    )
