"""Fixtures for the SSH transport tests: a real server on a free port and asyncssh
clients with a pty, all closed after each test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncssh
import pytest
from textual.app import App

from forum.ssh import ForumServer, Limits, SessionInfo, start_server
from tests.e2e.conftest import forum_host_key, forum_server  # the real forum app

from .support import CounterApp, FakeAuthenticator, Terminal, open_terminal


@pytest.fixture(scope="session")
def bob_key() -> asyncssh.SSHKey:
    return asyncssh.generate_private_key("ssh-ed25519")


@pytest.fixture(scope="session")
def host_key_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostkey") / "ssh_host_ed25519_key"


@pytest.fixture
def authenticator(bob_key: asyncssh.SSHKey) -> FakeAuthenticator:
    return FakeAuthenticator(bob_key)


__all__ = ["forum_host_key", "forum_server"]  # fixtures for tests of the real app

StartServer = Callable[..., Awaitable[ForumServer]]
Connect = Callable[..., Awaitable[Terminal]]


@pytest.fixture
async def serve(
    host_key_path: Path, authenticator: FakeAuthenticator
) -> AsyncIterator[StartServer]:
    """Start a server on a free port (call it inside the test); all are closed after."""
    servers: list[ForumServer] = []

    async def start(
        limits: Limits | None = None,
        app_factory: Callable[[SessionInfo], App[Any]] = CounterApp,
        **options: Any,
    ) -> ForumServer:
        server = await start_server(
            "127.0.0.1",
            0,
            host_key_path=host_key_path,
            app_factory=app_factory,
            authenticator=authenticator,
            limits=limits or Limits(),
            **options,
        )
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()
        await server.wait_closed()
        assert not server.sessions and not server.connections
    leftover = [t for t in asyncio.all_tasks() if t.get_name().startswith("forum session")]
    assert not leftover, leftover


@pytest.fixture
async def connect() -> AsyncIterator[Connect]:
    """Open a session with a pty, as `ssh` does; all are closed after the test."""
    terminals: list[Terminal] = []

    async def open_one(
        server: ForumServer,
        username: str,
        *,
        password: str | None = None,
        key: asyncssh.SSHKey | None = None,
        size: tuple[int, int] = (80, 24),
        term: str = "xterm-256color",
        env: dict[str, str] | None = None,
        window: int = 2 * 1024 * 1024,
        port: int | None = None,
    ) -> Terminal:
        terminal = await open_terminal(
            port or server.port, username, password=password, key=key, size=size,
            term=term, env=env, window=window,
        )  # fmt: skip
        terminals.append(terminal)
        return terminal

    yield open_one
    for terminal in terminals:
        await terminal.close()
