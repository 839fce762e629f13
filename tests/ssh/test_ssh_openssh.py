"""The real OpenSSH client, in a pseudo-terminal, against the server."""

from __future__ import annotations

import asyncio
import fcntl
import os
import shutil
import signal
import struct
import termios
import time

import pyte
import pytest

pytestmark = pytest.mark.skipif(shutil.which("ssh") is None, reason="needs the OpenSSH client")


class PtyClient:
    """`ssh` running on a pty whose output feeds a pyte screen."""

    def __init__(self, columns: int, rows: int) -> None:
        self.master, self.slave = os.openpty()
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.process: asyncio.subprocess.Process | None = None
        self._set_size(columns, rows)

    def _set_size(self, columns: int, rows: int) -> None:
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    async def start(self, *args: str, home: str) -> None:
        env = {"TERM": "xterm-256color", "HOME": home, "PATH": os.environ.get("PATH", "")}
        self.process = await asyncio.create_subprocess_exec(
            "ssh", *args, stdin=self.slave, stdout=self.slave, stderr=self.slave,
            env=env, start_new_session=True,
        )  # fmt: skip
        os.close(self.slave)
        asyncio.get_running_loop().add_reader(self.master, self._read)

    def _read(self) -> None:
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: ssh exited and the pty closed
            data = b""
        if not data:
            asyncio.get_running_loop().remove_reader(self.master)
            return
        self.stream.feed(data)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def wait_for(self, text: str, within: float = 10.0) -> None:
        deadline = time.monotonic() + within
        while text not in self.text:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared on screen:\n{self.text}")
            await asyncio.sleep(0.02)

    def type(self, data: bytes) -> None:
        os.write(self.master, data)

    def resize(self, columns: int, rows: int) -> None:
        self.screen.resize(rows, columns)
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGWINCH)

    async def close(self) -> None:
        asyncio.get_running_loop().remove_reader(self.master)
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
        os.close(self.master)


def ssh_args(port: int, *extra: str) -> list[str]:
    return [
        "-F", "/dev/null", "-p", str(port),
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "BatchMode=yes", "-o", "IdentityAgent=none", "-o", "LogLevel=ERROR",
        *extra,
    ]  # fmt: skip


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
