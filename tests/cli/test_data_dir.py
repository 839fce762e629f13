"""A data directory that cannot be created is one line, whichever command needs it."""

from __future__ import annotations

import pytest

from tests.cli.process import one_error_line, run_forum


@pytest.mark.parametrize(
    "command",
    [("db", "migrate"), ("user", "create", "alice", "--password-stdin"), ("serve", "--port", "0")],
    ids=["db migrate", "user create", "serve"],
)
def test_a_data_dir_under_a_file_is_one_line(tmp_path, command):
    (tmp_path / "a_file").write_text("not a folder\n")
    data_dir = tmp_path / "a_file" / "sub"
    result = run_forum("--data-dir", str(data_dir), *command, stdin="a long password\n")
    assert result.returncode == 1
    assert one_error_line(result) == (
        f"Error: Cannot create the data directory {data_dir}: Not a directory"
    )
