"""`forum web` and `forum serve --web-port` as an operator runs them: real processes."""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys

import aiohttp
import pytest

from forum.web.page import CRISIS_LINE
from models.seed import BOARDS
from tests.e2e.served import serve
from tests.ssh.support import open_terminal

FIRST_BOARD = BOARDS[0][1].encode()


async def first_screen(port: int) -> bytes:
    """Open the page's websocket as the page does; what it shows until the boards."""
    base = f"http://127.0.0.1:{port}"
    received = b""
    async with aiohttp.ClientSession() as client:
        async with client.get(base) as page:
            assert CRISIS_LINE.split(" 988")[0] in await page.text()
        ws = await client.ws_connect(f"{base}/ws?width=100&height=30", headers={"Origin": base})
        while FIRST_BOARD not in received:
            message = await asyncio.wait_for(ws.receive(), 20)
            assert message.type is aiohttp.WSMsgType.BINARY, message
            received += message.data
        await ws.close()
    return received


async def test_forum_web_serves_the_page_and_stops_cleanly(forum_env):
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "forum", "web", "--port", "0",
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=forum_env,
    )  # fmt: skip
    try:
        line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
        port = int(re.search(r"Web page on 127\.0\.0\.1:(\d+); open http://", line).group(1))
        assert b"Get help" in await first_screen(port)
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    log = err.decode()
    assert "session started: 'guest' from 127.0.0.1" in log
    assert "every session has ended" in log
    assert "Host key" not in line  # no SSH: no host key made or shown


async def test_serve_with_a_web_port_serves_both_on_one_server(forum_env):
    served = await serve(forum_env, "--web-port", "0", "--max-sessions", "1")
    try:
        web = re.search(r"Web page on 127\.0\.0\.1:(\d+)", "\n".join(served.printed))
        assert web, served.printed
        assert b"Get help" in await first_screen(int(web.group(1)))
        await served.logged("session ended: 'guest' from 127.0.0.1")
        # one session cap for both: an SSH guest takes the only place, the page is told
        terminal = await open_terminal(served.port, "guest", size=(100, 30))
        await terminal.wait_for(FIRST_BOARD.decode())
        assert b"forum is full" in await _refused(int(web.group(1)))
        await terminal.close()
    finally:
        served.process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(served.process.wait(), 30)
    assert served.process.returncode == 0


async def test_every_worker_serves_the_page_on_one_port(pg_env):
    served = await serve(pg_env, "--workers", "2", "--web-port", "0")
    try:
        web = re.search(r"Web page on 127\.0\.0\.1:(\d+) with 2 workers", "\n".join(served.printed))
        assert web, served.printed
        for _ in range(4):  # the kernel spreads them over both workers
            assert b"Get help" in await first_screen(int(web.group(1)))
        assert (
            len(
                set(
                    re.findall(
                        r"forum\.ssh\[worker (\d)\]: session ended",
                        await served.logged(r"(?s)(session ended.*){4}"),
                    )
                )
            )
            >= 1
        )
    finally:
        served.process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(served.process.wait(), 60)
    assert served.process.returncode == 0


async def _refused(port: int) -> bytes:
    base = f"http://127.0.0.1:{port}"
    received = b""
    async with aiohttp.ClientSession() as client:
        ws = await client.ws_connect(f"{base}/ws", headers={"Origin": base})
        async for message in ws:
            received += message.data if message.type is aiohttp.WSMsgType.BINARY else b""
    return received


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--allow-origin", "forum.example.org"], "is not an origin such as https://"),
        (["--forwarded-allow", "10.0.0.0/33"], "is not an IP address or network"),
    ],
)
async def test_bad_web_options_are_one_line(forum_env, args, message):
    done = run_forum(forum_env, "web", "--port", "0", *args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


def run_forum(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "forum", *args], env=env, capture_output=True, text=True,
        timeout=30,
    )  # fmt: skip
