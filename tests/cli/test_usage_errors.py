"""Mistakes in the command line are one line ("Error: ..."), as the README promises,
without click's usage block and hint above it."""

from __future__ import annotations

import pytest

from tests.cli.process import one_error_line, run_forum

MISTAKES = {
    "port out of range": (("serve", "--port", "99999"), {}, "'--port'"),
    "port not a number": (("serve",), {"FORUM_SSH_PORT": "abc"}, "'abc' is not a valid integer"),
    "no sessions allowed": (("serve",), {"FORUM_SSH_MAX_SESSIONS": "0"}, "'--max-sessions'"),
    "unknown log level": (("serve", "--log-level", "loud"), {}, "'loud' is not one of"),
    "unknown role": (("user", "create", "alice", "--role", "king"), {}, "'king' is not one of"),
    "unknown role to give": (("user", "role", "alice", "king"), {}, "Invalid value for 'ROLE'"),
    "missing key file": (("user", "add-key", "alice", "/nonexistent.pub"), {}, "No such file"),
    "missing name": (("user", "create"), {}, "Missing argument 'NAME'"),
    "no demo size": (("db", "seed"), {}, "Missing option '--demo'"),
    "demo size zero": (("db", "seed", "--demo", "0"), {}, "0 is not in the range"),
    "unknown command": (("frobnicate",), {}, "No such command 'frobnicate'"),
    "unknown option": (("--colour",), {}, "No such option '--colour'"),
}


@pytest.mark.parametrize(("args", "env", "message"), MISTAKES.values(), ids=MISTAKES.keys())
def test_a_usage_mistake_is_one_line(tmp_path, args, env, message):
    result = run_forum("--data-dir", str(tmp_path), *args, env=env)
    assert result.returncode == 2
    assert message in one_error_line(result)


def test_a_data_dir_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "a_file").write_text("not a folder\n")
    result = run_forum("--data-dir", str(tmp_path / "a_file"), "db", "migrate")
    assert result.returncode == 2
    assert "is a file" in one_error_line(result)


def test_a_group_without_its_command_still_shows_its_help():
    result = run_forum("db")
    assert result.returncode == 2
    assert "migrate" in result.stderr and "seed" in result.stderr
