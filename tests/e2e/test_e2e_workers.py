"""`forum serve --workers N` as an operator runs it: worker processes sharing one port on
one PostgreSQL (see ``pg_env``), a worker that dies started again while
the others serve, SIGTERM draining every worker; one host key for every server."""

from __future__ import annotations

import asyncio
import os
import signal
import stat
from pathlib import Path

from forum.ssh import host_key_fingerprint
from models.seed import BOARDS
from tests.e2e.served import serve
from tests.e2e.test_e2e_serve import run_forum
from tests.ssh.support import open_terminal

FIRST_BOARD = BOARDS[0][1]


def workers_of(pid: int) -> list[int]:
    """The worker processes a server started (its children)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


async def guest_sees_the_boards(port: int) -> None:
    guest = await open_terminal(port, "guest", size=(100, 30))
    try:
        await guest.wait_for(FIRST_BOARD)
    finally:
        await guest.close()


async def test_workers_share_the_port_a_dead_one_is_replaced_and_sigterm_drains(pg_env):
    served = await serve(pg_env, "--workers", "2")
    staying = None
    try:
        assert "with 2 workers" in served.printed[-1]
        first, second = workers_of(served.process.pid)
        # The kernel spreads connections over both; twenty are enough to reach each.
        for _ in range(20):
            await guest_sees_the_boards(served.port)
            if all(f"[worker {n}]: session started" in served.log for n in (1, 2)):
                break
        assert "[worker 1]: session started" in served.log
        assert "[worker 2]: session started" in served.log
        served.process.send_signal(signal.SIGUSR1)  # each worker reports its event loop
        for n in (1, 2):
            await served.logged(
                rf"\[worker {n}\]: event loop over [\d.]+ s: lag p99 [\d.]+ ms, "
                r"longest stall [\d.]+ ms \(\d+ samples\)"
            )

        os.kill(first, signal.SIGKILL)
        died = await served.logged(rf"worker \d \(pid {first}\) ended with exit code -9")
        number = died.split()[1]
        assert f"worker {number} listening" not in served.log.split(died)[1]  # not back yet
        await guest_sees_the_boards(served.port)  # the other worker serves, at once
        restarted = await served.logged(
            rf"\(pid {first}\) ended with exit code -9; starting it again.*\n"
            r"(?:.*\n)*?.*: worker \d listening \(pid \d+\)"
        )
        assert f"listening (pid {first})" not in restarted
        assert len(workers_of(served.process.pid)) == 2 and second in workers_of(served.process.pid)

        staying = await open_terminal(served.port, "guest", size=(100, 30))
        await staying.wait_for(FIRST_BOARD)
    finally:
        status, log = await served.stop(signal.SIGTERM)
    assert status == 0, log
    await staying.wait_for("forum is restarting")
    assert "SIGTERM: stopping 2 workers" in log
    assert "stopping: 1 session still open" in log
    assert "every worker has stopped" in log and "Traceback" not in log


async def test_more_than_one_worker_is_refused_on_sqlite(forum_env, tmp_path):
    env = {**forum_env, "FORUM_DATABASE_URL": f"sqlite://{tmp_path / 'forum.sqlite3'}"}
    result = await asyncio.to_thread(run_forum, env, "serve", "--workers", "2")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Error: --workers 2 needs PostgreSQL (FORUM_DATABASE_URL=postgres://…): an SQLite "
        "file is written by one process at a time. Use --workers 1."
    ]


async def test_every_server_given_one_host_key_shows_the_same_fingerprint(forum_env, tmp_path):
    key = tmp_path / "shared" / "forum_host_key"
    one = await serve(
        {**forum_env, "FORUM_DATA_DIR": str(tmp_path / "one")}, "--host-key", str(key)
    )
    other = await serve(
        {**forum_env, "FORUM_DATA_DIR": str(tmp_path / "other"), "FORUM_SSH_HOST_KEY": str(key)}
    )
    try:
        assert one.fingerprint == other.fingerprint == host_key_fingerprint(key)
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
        assert not (tmp_path / "one" / "ssh_host_ed25519_key").exists()
        guest = await open_terminal(other.port, "guest", size=(100, 30))
        assert guest.conn.get_server_host_key().get_fingerprint("sha256") == one.fingerprint
        await guest.close()
    finally:
        for served in (one, other):
            status, log = await served.stop()
            assert status == 0, log
