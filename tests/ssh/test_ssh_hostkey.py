"""The host key: made once with mode 0600, the same on every start."""

from __future__ import annotations

import os
import stat
from concurrent.futures import ThreadPoolExecutor

import asyncssh
import pytest

from forum.ssh import host_key_fingerprint, load_or_create_host_key, start_server

from .support import CounterApp, FakeAuthenticator


def test_created_private_and_reused(tmp_path):
    path = tmp_path / "keys" / "host_ed25519"
    key = load_or_create_host_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert key.get_algorithm() == "ssh-ed25519"
    again = load_or_create_host_key(path)
    assert again.public_data == key.public_data
    assert host_key_fingerprint(path) == key.get_fingerprint("sha256")
    assert host_key_fingerprint(path).startswith("SHA256:")
    assert [p.name for p in path.parent.iterdir()] == ["host_ed25519"]  # no temp left


def test_created_private_even_with_a_permissive_umask(tmp_path):
    old = os.umask(0)
    try:
        load_or_create_host_key(tmp_path / "k")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "k").stat().st_mode) == 0o600


def test_concurrent_starts_agree_on_one_key(tmp_path):
    path = tmp_path / "k"
    with ThreadPoolExecutor(8) as pool:
        keys = list(pool.map(lambda _: load_or_create_host_key(path).public_data, range(8)))
    assert len(set(keys)) == 1


def test_readable_key_is_refused(tmp_path):
    path = tmp_path / "k"
    load_or_create_host_key(path)
    path.chmod(0o644)
    with pytest.raises(PermissionError, match="chmod 600"):
        load_or_create_host_key(path)


async def _server_key(path, bob_key) -> str:
    server = await start_server(
        "127.0.0.1", 0, host_key_path=path, app_factory=CounterApp,
        authenticator=FakeAuthenticator(bob_key),
    )  # fmt: skip
    try:
        async with asyncssh.connect(
            "127.0.0.1", server.port, username="guest", known_hosts=None,
            client_keys=None, agent_path=None, config=None,
        ) as conn:  # fmt: skip
            return conn.get_server_host_key().get_fingerprint("sha256")
    finally:
        server.close()
        await server.wait_closed()


async def test_host_key_is_stable_across_restarts(tmp_path, bob_key):
    path = tmp_path / "host_key"
    first = await _server_key(path, bob_key)
    second = await _server_key(path, bob_key)
    assert first == second == host_key_fingerprint(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
