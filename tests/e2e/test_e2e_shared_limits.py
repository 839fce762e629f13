"""The session cap and the per-address cap hold over two `forum serve` processes on one
database, as two hosts behind a balancer run them: places taken on either count on both."""

from __future__ import annotations

import asyncio

import asyncssh
import pytest

from models.seed import BOARDS
from tests.e2e.served import Served, serve
from tests.ssh.support import open_terminal

FIRST_BOARD = BOARDS[0][1]


async def two_servers(env: dict[str, str], tmp_path, *limits: str) -> list[Served]:
    return [await serve({**env, "FORUM_DATA_DIR": str(tmp_path / name)}, *limits) for name in "ab"]


async def stop_all(servers: list[Served]) -> None:
    for served in servers:
        status, log = await served.stop()
        assert status == 0, log
        assert "Traceback" not in log


async def test_the_session_cap_counts_the_sessions_of_both_servers(forum_env, tmp_path):
    one, other = servers = await two_servers(forum_env, tmp_path, "--max-sessions", "2")
    try:
        here = await open_terminal(one.port, "guest", size=(100, 30))
        there = await open_terminal(other.port, "guest", size=(100, 30))
        for terminal in (here, there):
            await terminal.wait_for(FIRST_BOARD)
        turned_away = await open_terminal(one.port, "guest", size=(100, 30))
        await turned_away.wait_for("forum is full right now (2 people are here)")
        await one.logged("limit max_sessions: 2 sessions running on every server")
        await turned_away.close()

        await there.close()  # its place is given back before its end is logged
        await other.logged("session ended: 'guest'")
        welcome = await open_terminal(one.port, "guest", size=(100, 30))
        await welcome.wait_for(FIRST_BOARD)
        for terminal in (here, welcome):
            await terminal.close()
    finally:
        await stop_all(servers)


class Waiting(asyncssh.SSHClient):
    """A client that reaches the password prompt and never answers it: a connection
    counted as not signed in, on a server that has decided to let it try."""

    def __init__(self, asked: asyncio.Event) -> None:
        self._asked = asked

    async def password_auth_requested(self) -> str:
        self._asked.set()
        await asyncio.Event().wait()  # never answers; the test closes the connection
        return ""


async def waiting_at_the_prompt(port: int) -> asyncio.Task:
    asked = asyncio.Event()
    connecting = asyncio.ensure_future(
        asyncssh.connect(
            "127.0.0.1", port, username="ann", known_hosts=None, config=None,
            agent_path=None, client_keys=None, preferred_auth="password",
            client_factory=lambda: Waiting(asked),
        )
    )  # fmt: skip
    done, _ = await asyncio.wait({connecting, asyncio.create_task(asked.wait())}, timeout=10,
                                 return_when=asyncio.FIRST_COMPLETED)  # fmt: skip
    assert asked.is_set(), f"never asked for a password: {done}"
    return connecting


async def test_the_address_cap_counts_the_waiting_connections_of_both_servers(forum_env, tmp_path):
    servers = await two_servers(forum_env, tmp_path, "--max-unauthenticated-per-address", "2")
    one, other = servers
    waiting = []
    try:
        waiting.append(await waiting_at_the_prompt(one.port))
        waiting.append(await waiting_at_the_prompt(other.port))
        with pytest.raises((OSError, asyncssh.Error)):
            await asyncio.wait_for(
                asyncssh.connect("127.0.0.1", one.port, username="guest", known_hosts=None,
                                 config=None, agent_path=None),
                10,
            )  # fmt: skip
        await one.logged(
            "limit max_unauthenticated_per_address: 127.0.0.1 already has 2 connections "
            "not signed in on every server"
        )
    finally:
        for connecting in waiting:
            connecting.cancel()
        await stop_all(servers)
