"""The real OpenSSH client on a pseudo-terminal whose output feeds a pyte screen."""

from __future__ import annotations

import asyncio
import fcntl
import os
import signal
import struct
import termios
import time

import pyte


def _take_terminal() -> None:
    """In the child, after setsid: make the pty its controlling terminal, so `ssh` can
    prompt for a password on /dev/tty as it does for a person."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


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
            env=env, start_new_session=True, preexec_fn=_take_terminal,
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


def ssh_args(port: int, *extra: str, batch: bool = True, log_level: str = "ERROR") -> list[str]:
    """Options for `ssh` to 127.0.0.1:`port` that ignore the user's own configuration;
    `batch` False lets it ask for a password; `log_level` INFO shows the server's banner."""
    return [
        "-F", "/dev/null", "-p", str(port),
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", f"BatchMode={'yes' if batch else 'no'}", "-o", "IdentityAgent=none",
        "-o", f"LogLevel={log_level}", *extra,
    ]  # fmt: skip
