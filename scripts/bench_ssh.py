"""Measure the SSH server's memory and start-up time per session.

Starts the server in a child process (so its RSS is the server's alone) serving a small
but realistic Textual app, opens sessions with asyncssh clients on a pty, and reports the
server's resident memory growth per session and the time until each session's first
screen arrives.

    python scripts/bench_ssh.py --sessions 50
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

MARKER = b"bench-ready"


def serve(host_key: str) -> None:
    """Child process: run the server, print its port, and stop when stdin closes."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Input, Label, ListItem, ListView

    from forum.ssh import Limits, start_server

    class BenchApp(App[None]):
        def __init__(self, info) -> None:
            super().__init__()
            self.info = info

        def compose(self) -> ComposeResult:
            yield Header()
            yield Label(f"{MARKER.decode()} {self.info.username}")
            yield ListView(*(ListItem(Label(f"post number {n}")) for n in range(50)))
            yield Input(placeholder="Write a reply")
            yield Footer()

    class Anyone:
        async def password(self, username, password):
            return None

        async def public_key(self, username, key):
            return None

        async def no_auth(self, username):
            return True

    async def main() -> None:
        server = await start_server(
            "127.0.0.1", 0, host_key_path=host_key, app_factory=BenchApp,
            authenticator=Anyone(), limits=Limits(max_unauthenticated_per_address=10_000),
        )  # fmt: skip
        print(server.port, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        server.close()
        await server.wait_closed()

    asyncio.run(main())


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def open_session(port: int, n: int):
    import asyncssh

    class Screen(asyncssh.SSHClientSession):
        def __init__(self) -> None:
            self.buffer = bytearray()
            self.ready = asyncio.Event()

        def data_received(self, data, datatype) -> None:
            self.buffer += data
            if MARKER in self.buffer:
                self.ready.set()

    started = time.monotonic()
    conn = await asyncssh.connect(
        "127.0.0.1", port, username=f"user{n}", known_hosts=None, client_keys=None,
        agent_path=None, config=None,
    )  # fmt: skip
    _chan, screen = await conn.create_session(
        Screen, term_type="xterm-256color", term_size=(100, 30), encoding=None
    )
    await asyncio.wait_for(screen.ready.wait(), 60)
    return conn, time.monotonic() - started


async def bench(sessions: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        child = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--serve", os.path.join(tmp, "host_key"),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            port = int(await child.stdout.readline())
            # One session first, so imports and CSS parsing are not counted per session.
            warm, _ = await open_session(port, 0)
            await asyncio.sleep(1)
            before = rss_mb(child.pid)
            conns, times = [warm], []
            for n in range(1, sessions + 1):
                conn, elapsed = await open_session(port, n)
                conns.append(conn)
                times.append(elapsed)
            await asyncio.sleep(1)
            after = rss_mb(child.pid)
            cpu_start = cpu_seconds(child.pid)
            await asyncio.sleep(3)
            idle_cpu = (cpu_seconds(child.pid) - cpu_start) / 3
            print(f"sessions: {sessions}")
            print(f"server RSS: {before:.1f} MB with 1 session, {after:.1f} MB with {sessions + 1}")
            print(f"memory per session: {(after - before) / sessions:.2f} MB")
            print(
                f"connect to first screen: median {statistics.median(times) * 1000:.0f} ms, "
                f"max {max(times) * 1000:.0f} ms (sequential); first {times[0] * 1000:.0f} ms, "
                f"last {times[-1] * 1000:.0f} ms"
            )
            print(f"server CPU with every session idle: {idle_cpu * 100:.0f}% of one core")
            for conn in conns:
                conn.close()
        finally:
            child.stdin.close()
            await asyncio.wait_for(child.wait(), 30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--serve", metavar="HOST_KEY", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
    else:
        asyncio.run(bench(args.sessions))


if __name__ == "__main__":
    main()
