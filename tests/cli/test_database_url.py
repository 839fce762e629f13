"""A database URL must say where the database is; otherwise the command refuses it.

A PostgreSQL URL without a host or a database used to fall back to libpq's defaults (the
Unix socket, a database named after the current user) and write the forum's schema there.
"""

from __future__ import annotations

import pytest

from tests.cli.process import one_error_line, run_forum

NOWHERE = {"PGHOST": "127.0.0.1", "PGPORT": "1", "PGDATABASE": "forum_nowhere"}
"""libpq's defaults pointed at a closed port: a URL that slips through reaches no database."""

URLS = {
    "no host, no database": ("postgres://", "names no host"),
    "no host": ("postgres:///forum_cli_nohost", "names no host"),
    "user but no host": ("postgresql://postgres@/forum_cli_nohost", "names no host"),
    "no database": ("postgres://postgres@127.0.0.1:5432", "names no database"),
    "a slash but no database": ("asyncpg://postgres@127.0.0.1:5432/", "names no database"),
    "broken IPv6 host": ("postgres://postgres@[::1/db", "Invalid IPv6 URL"),
    "port not a number": ("postgres://postgres:secret@127.0.0.1:abc/db", "Port could not"),
    "sqlite without a path": ("sqlite://", "names no file"),
}


@pytest.mark.parametrize(("url", "reason"), URLS.values(), ids=URLS.keys())
@pytest.mark.parametrize(
    "command",
    [("db", "migrate"), ("user", "create", "alice", "--password-stdin"), ("serve", "--port", "0")],
    ids=["db migrate", "user create", "serve"],
)
def test_a_url_that_does_not_say_where_is_refused_in_one_line(tmp_path, url, reason, command):
    result = run_forum(
        "--data-dir", str(tmp_path), "--database-url", url, *command,
        env=NOWHERE, stdin="a long password\n",
    )  # fmt: skip
    assert result.returncode == 1
    line = one_error_line(result)
    assert reason in line
    assert "secret" not in line  # the password is never printed
