"""End-to-end fixtures: the real forum app and accounts behind a real SSH server, on the
test database (freshly seeded for each test), and asyncssh clients on a pty whose output
feeds a pyte screen."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import asyncssh
import pytest

from forum.ssh import ForumServer, Limits, start_server
from forum.ssh.accounts import ForumAuthenticator, forum_app
from models import sign_in_failures
from tests.e2e.served import forum_env, pg_env  # noqa: F401 -- fixtures for every e2e test
from tests.ssh.support import Terminal, open_terminal

Connect = Callable[..., Awaitable[Terminal]]


@pytest.fixture(scope="session")
def forum_host_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e2e-hostkey") / "ssh_host_ed25519_key"


@pytest.fixture
async def forum_server(db: str, forum_host_key: Path) -> AsyncIterator[ForumServer]:
    """`forum serve` in this process: ForumApp for every session, the domain's accounts."""
    server = await start_server(
        "127.0.0.1",
        0,
        host_key_path=forum_host_key,
        app_factory=forum_app,
        authenticator=ForumAuthenticator(),
        limits=Limits(),
        failures=sign_in_failures,  # as `forum serve` counts them
    )
    yield server
    server.close()
    await server.wait_closed()
    assert not server.sessions and not server.connections
    leftover = [t for t in asyncio.all_tasks() if t.get_name().startswith("forum session")]
    assert not leftover, leftover


@pytest.fixture
async def connect(forum_server: ForumServer) -> AsyncIterator[Connect]:
    """Open a pty session on the forum server as `ssh` would; all closed after the test."""
    terminals: list[Terminal] = []

    async def open_one(
        username: str,
        *,
        password: str | None = None,
        key: asyncssh.SSHKey | None = None,
        size: tuple[int, int] = (100, 30),
    ) -> Terminal:
        terminal = await open_terminal(
            forum_server.port, username, password=password, key=key, size=size
        )
        terminals.append(terminal)
        return terminal

    yield open_one
    for terminal in terminals:
        await terminal.close()
