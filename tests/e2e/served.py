"""`forum serve` as real processes, as an operator runs them, on the test database."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def forum_env(db: str, tmp_path: Path) -> dict[str, str]:
    """`forum`'s environment: a data directory of its own, the test database."""
    return {
        **os.environ,
        "FORUM_DATA_DIR": str(tmp_path / "data"),
        "FORUM_DATABASE_URL": db,
        "FORUM_LOG_LEVEL": "info",
    }


class Served:
    """A `forum serve` process, with what it printed at start."""

    def __init__(self, process: asyncio.subprocess.Process, printed: list[str]) -> None:
        self.process = process
        self.printed = printed
        text = "\n".join(printed)
        self.fingerprint = re.search(r"fingerprint: (SHA256:\S+)", text).group(1)
        self.port = int(re.search(r"Listening on 127\.0\.0\.1:(\d+)", text).group(1))

    async def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str]:
        self.process.send_signal(signum)
        _out, err = await asyncio.wait_for(self.process.communicate(), 20)
        return self.process.returncode, err.decode()


async def serve(env: dict[str, str], *args: str) -> Served:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "forum", "serve", "--port", "0", *args,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    printed: list[str] = []
    try:
        while not printed or not printed[-1].startswith("Listening on"):
            line = await asyncio.wait_for(process.stdout.readline(), 30)
            if not line:
                err = await process.stderr.read()
                raise AssertionError(f"forum serve ended early: {printed} {err.decode()}")
            printed.append(line.decode().rstrip("\n"))
    except BaseException:
        if process.returncode is None:
            process.kill()
        await process.wait()
        raise
    return Served(process, printed)
