"""`forum serve` as real processes, as an operator runs them, on the test database."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from tests.database.support import server


@pytest.fixture
def forum_env(db: str, tmp_path: Path) -> dict[str, str]:
    """`forum`'s environment: a data directory of its own, the test database."""
    return {
        **os.environ,
        "FORUM_DATA_DIR": str(tmp_path / "data"),
        "FORUM_DATABASE_URL": db,
        "FORUM_LOG_LEVEL": "info",
    }


@pytest.fixture
async def pg_env(forum_env: dict[str, str]) -> AsyncIterator[dict[str, str]]:
    """`forum`'s environment on a new, empty PostgreSQL database (the servers migrate it),
    on either run of the suite: what it serves needs PostgreSQL, and fails, never skips,
    if it cannot be reached."""
    userinfo, host, port = server()
    name = f"forum_workers_{os.getpid()}"
    try:
        admin = await asyncpg.connect(f"postgres://{userinfo}@{host}:{port}/postgres", timeout=10)
    except (OSError, asyncpg.PostgresError) as error:
        pytest.fail(f"PostgreSQL at {host}:{port} is not reachable: {error}", pytrace=False)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**forum_env, "FORUM_DATABASE_URL": f"postgres://{userinfo}@{host}:{port}/{name}"}
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


class Served:
    """A `forum serve` process, with what it printed at start and what it logs."""

    def __init__(self, process: asyncio.subprocess.Process, printed: list[str]) -> None:
        self.process = process
        self.printed = printed
        text = "\n".join(printed)
        self.fingerprint = re.search(r"fingerprint: (SHA256:\S+)", text).group(1)
        self.port = int(re.search(r"Listening on 127\.0\.0\.1:(\d+)", text).group(1))
        self.log = ""
        """What the server has logged so far (stderr)."""
        self._logged = asyncio.Condition()
        self._reader = asyncio.create_task(self._read_log())

    async def _read_log(self) -> None:
        assert self.process.stderr is not None
        while line := await self.process.stderr.readline():
            async with self._logged:
                self.log += line.decode()
                self._logged.notify_all()

    async def logged(self, text: str, within: float = 20) -> str:
        """Wait until the log shows ``text`` (a regular expression); return the match."""

        async def seen() -> str:
            async with self._logged:
                await self._logged.wait_for(lambda: re.search(text, self.log) is not None)
                return re.search(text, self.log).group(0)

        try:
            return await asyncio.wait_for(seen(), within)
        except TimeoutError:
            raise AssertionError(f"not logged in {within} s: {text!r}\n{self.log}") from None

    async def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str]:
        self.process.send_signal(signum)
        await asyncio.wait_for(self.process.wait(), 30)
        await self._reader
        return self.process.returncode, self.log


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
