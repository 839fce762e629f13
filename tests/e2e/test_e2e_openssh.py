"""A person's own `ssh`: OpenSSH on a pseudo-terminal, password typed at its prompt."""

from __future__ import annotations

import asyncio
import shutil

import pytest

from models.seed import BOARDS
from tests.helpers import make_user
from tests.ssh.openssh import PtyClient, ssh_args

from .keys import CTRL_Q

pytestmark = pytest.mark.skipif(shutil.which("ssh") is None, reason="needs the OpenSSH client")


async def test_openssh_password_sign_in_browse_and_quit(forum_server, tmp_path):
    await make_user("alice", password="correct horse")
    client = PtyClient(100, 30)
    try:
        password_only = ["-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password"]
        args = ssh_args(forum_server.port, *password_only, batch=False)
        await client.start(*args, "alice@127.0.0.1", home=str(tmp_path))
        await client.wait_for("password:")
        client.type(b"correct horse\r")
        await client.wait_for(BOARDS[0][1])
        assert client.screen.display[0].rstrip().endswith("alice")
        client.type(CTRL_Q)
        assert await asyncio.wait_for(client.process.wait(), 10) == 0
    finally:
        await client.close()
