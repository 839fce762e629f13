"""`forum serve` and `forum user add-key` as an operator runs them: real processes on
the test database, real SSH clients."""

from __future__ import annotations

import asyncio
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import asyncssh
import pytest

from forum.ssh import host_key_fingerprint
from models.seed import BOARDS
from tests.e2e.served import serve
from tests.helpers import make_user
from tests.ssh.support import open_terminal

FIRST_BOARD = BOARDS[0][1]


async def test_serve_prints_a_stable_private_host_key_and_stops_cleanly(forum_env):
    key_path = Path(forum_env["FORUM_DATA_DIR"]) / "ssh_host_ed25519_key"
    first = await serve(forum_env)
    try:
        assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
        assert first.fingerprint == host_key_fingerprint(key_path)
        guest = await open_terminal(first.port, "guest", size=(100, 30))
        assert guest.conn.get_server_host_key().get_fingerprint("sha256") == first.fingerprint
        await guest.wait_for(FIRST_BOARD)
    finally:
        status, log = await first.stop(signal.SIGTERM)
    assert status == 0, log
    await guest.wait_for("forum is restarting")
    await guest.wait_closed()
    assert "SIGTERM: stopping" in log and "Traceback" not in log

    second = await serve(forum_env)
    status, log = await second.stop(signal.SIGINT)
    assert status == 0, log
    assert second.fingerprint == first.fingerprint
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600


async def test_serve_limits_come_from_options_and_the_environment(forum_env):
    served = await serve(
        {**forum_env, "FORUM_SSH_MAX_AUTH_ATTEMPTS": "2"}, "--password-throttle-after", "1"
    )
    try:
        for _ in range(2):
            with pytest.raises(asyncssh.PermissionDenied):
                await asyncssh.connect(
                    "127.0.0.1", served.port, username="nobody", password="wrong password",
                    known_hosts=None, client_keys=None, agent_path=None, config=None,
                )  # fmt: skip
    finally:
        _status, log = await served.stop()
    assert "limit password_throttle" in log


def run_forum(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "forum", *args],
        input=stdin, capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip


async def test_serve_on_a_busy_port_says_so_in_one_line(forum_env):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = await asyncio.to_thread(run_forum, forum_env, "serve", "--port", str(port))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert errors == [f"Error: Cannot listen on 127.0.0.1:{port}: Address already in use"]
    assert "Traceback" not in result.stderr


async def test_add_key_lets_the_account_sign_in_with_it(forum_env, forum_server, tmp_path):
    await make_user("alice")
    key = asyncssh.generate_private_key("ssh-ed25519", comment="alice@laptop")
    key_file = tmp_path / "id_ed25519.pub"
    key_file.write_bytes(key.export_public_key())
    result = await asyncio.to_thread(
        run_forum, forum_env, "user", "add-key", "alice", str(key_file)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"Added ssh-ed25519 key {key.get_fingerprint('sha256')} for alice."
    )
    terminal = await open_terminal(forum_server.port, "alice", key=key, size=(100, 30))
    try:
        await terminal.wait_for(FIRST_BOARD)
        assert terminal.screen.display[0].rstrip().endswith("alice")
    finally:
        await terminal.close()


@pytest.mark.parametrize(
    ("user", "contents", "message"),
    [
        ("zed", "public", "There is no user called 'zed'."),
        ("alice", "private", "private key"),
        ("alice", "", "holds no public key"),
        ("alice", "ssh-ed25519 not-base64!", "damaged"),
    ],
)
async def test_add_key_errors_are_one_line(forum_env, tmp_path, user, contents, message):
    await make_user("alice")
    key = asyncssh.generate_private_key("ssh-ed25519")
    text = {
        "public": key.export_public_key().decode(),
        "private": key.export_private_key().decode(),
    }.get(contents, contents)
    key_file = tmp_path / "key"
    key_file.write_text(text)
    result = await asyncio.to_thread(run_forum, forum_env, "user", "add-key", user, str(key_file))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], lines


async def test_add_key_reads_standard_input(forum_env):
    await make_user("alice")
    key = asyncssh.generate_private_key("ssh-ed25519")
    line = key.export_public_key().decode()
    result = await asyncio.to_thread(run_forum, forum_env, "user", "add-key", "alice", "-",
                                     stdin=line)  # fmt: skip
    assert result.returncode == 0, result.stderr
    again = await asyncio.to_thread(run_forum, forum_env, "user", "add-key", "alice", "-",
                                    stdin=line)  # fmt: skip
    assert again.returncode == 1
    assert again.stderr.strip() == "Error: That key is already on this account."
