"""The real OpenSSH client, in a pseudo-terminal, against the server."""

from __future__ import annotations

import asyncio
import shutil

import pytest

from .openssh import PtyClient, ssh_args

pytestmark = pytest.mark.skipif(shutil.which("ssh") is None, reason="needs the OpenSSH client")


async def test_openssh_signs_in_with_a_key_resizes_and_quits(serve, bob_key, tmp_path):
    key_file = tmp_path / "id_ed25519"
    bob_key.write_private_key(str(key_file))
    key_file.chmod(0o600)
    server = await serve()
    client = PtyClient(80, 24)
    try:
        await client.start(
            *ssh_args(server.port, "-i", str(key_file), "-o", "IdentitiesOnly=yes"),
            "bob@127.0.0.1",
            home=str(tmp_path),
        )
        await client.wait_for("hello bob")
        await client.wait_for("principal {'user': 'bob'}")
        client.type(b"b")
        await client.wait_for("count 1")
        client.resize(100, 30)
        await client.wait_for("width 96 rows 30")
        client.type(b"q")
        assert await asyncio.wait_for(client.process.wait(), 10) == 0
    finally:
        await client.close()


async def test_openssh_no_auth_user(serve, tmp_path):
    server = await serve()
    client = PtyClient(80, 24)
    try:
        await client.start(
            *ssh_args(server.port, "-o", "PubkeyAuthentication=no"),
            "guest@127.0.0.1",
            home=str(tmp_path),
        )
        await client.wait_for("hello guest")
        client.type(b"\x1b")  # the Escape key, alone
        await client.wait_for("escape pressed", within=3)
        client.type(b"q")
        assert await asyncio.wait_for(client.process.wait(), 10) == 0
    finally:
        await client.close()
