"""An SQLite database that cannot be opened ends the command with one line, at once.

tortoise-orm 1.1.9 leaves its connection lock held when the connect fails, so these
commands used to hang for ever, printing nothing.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from forum.ssh.hostkey import load_or_create_host_key
from tests.cli.process import one_error_line, run_forum

COMMANDS = {
    "db migrate": ("db", "migrate"),
    "user create": ("user", "create", "alice", "--password-stdin"),
    "serve": ("serve", "--port", "0"),
}


def _missing_folder(tmp: Path, data: Path) -> Path:
    return tmp / "nonexistent" / "dir" / "x.sqlite3"


def _a_directory(tmp: Path, data: Path) -> Path:
    (tmp / "db.sqlite3").mkdir()
    return tmp / "db.sqlite3"


def _corrupt_file(tmp: Path, data: Path) -> Path:
    (tmp / "db.sqlite3").write_bytes(b"this is no database\n" * 300)
    return tmp / "db.sqlite3"


def _in_a_read_only_data_dir(tmp: Path, data: Path) -> Path:
    data.chmod(0o500)
    return data / "forum.sqlite3"


CASES = {
    "missing folder": (_missing_folder, "does not exist"),
    "a directory": (_a_directory, "is a directory"),
    "corrupt file": (_corrupt_file, "is not an SQLite database"),
    "data dir not writable": (_in_a_read_only_data_dir, "is not writable"),
}


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """A data dir as an earlier ``forum serve`` left it: it holds the SSH host key."""
    data = tmp_path / "data"
    data.mkdir()
    load_or_create_host_key(data / "ssh_host_ed25519_key")
    yield data
    data.chmod(0o700)  # writable again, so that pytest can remove it


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_an_unusable_sqlite_database_is_one_line_naming_it(tmp_path, data_dir, command, case):
    make, reason = case
    database = make(tmp_path, data_dir)
    result = run_forum(
        "--data-dir", str(data_dir), "--database-url", f"sqlite://{database}", *command,
        stdin="a long password\n", as_unprivileged=True,
    )  # fmt: skip
    assert result.returncode == 1
    line = one_error_line(result)
    assert str(database) in line and reason in line


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never answers: a database that hangs."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_database_that_never_answers_is_one_line_after_the_startup_timeout(
    data_dir, silent_server, command
):
    result = run_forum(
        "--data-dir", str(data_dir),
        "--database-url", f"postgres://postgres@127.0.0.1:{silent_server}/forum_never",
        *command,
        env={"FORUM_STARTUP_TIMEOUT": "1"}, stdin="a long password\n",
    )  # fmt: skip
    assert result.returncode == 1
    assert "did not answer within 1 s" in one_error_line(result)
