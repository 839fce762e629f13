"""Benchmark live updates: how soon a reply reaches everyone watching its thread.

    python scripts/bench_live.py                         # 10, 100, 200 watchers, 30 s each
    python scripts/bench_live.py --watchers 10 --seconds 5 --no-postgres   # a quick run

For each number of watchers it opens that many SSH sessions (guests, each with a pyte
screen: a real terminal emulator) on one thread, and one poster session signed in on the
same thread that replies once a second. It prints:

  fan-out        from the poster's ctrl+s (before its commit) to the thread's header on
                 each watcher's screen counting the reply: median and p95, over every
                 reply and watcher
  server CPU     the servers' CPU time over the posting, divided by the updates delivered
                 (replies x watchers)
  delivered      updates seen against updates expected

First on one `forum serve` on SQLite, then (unless --no-postgres) on two `forum serve`
processes on one PostgreSQL database (a fresh one, --postgres names the server), the
watchers split between them and the poster on the first: the reply reaches the second
server through PostgreSQL's NOTIFY.

Targets: fan-out p95 <= 1 s at 200 watchers; <= 5 ms of server CPU per delivered update.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
import pyte

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_ssh  # noqa: E402
from bench_ssh import cpu_seconds, p95, say  # noqa: E402

from models.seed import BOARDS  # noqa: E402

PASSWORD = "bench password 1"
TITLE = "Watching this thread together"
SIZE = (100, 120)
"""Tall enough that the thread, every reply of the run included, fits on one screen."""
ENTER, CTRL_S = b"\r", b"\x13"
TARGETS = {"fanout_p95_s": 1.0, "cpu_per_update_ms": 5.0}


class Screen(asyncssh.SSHClientSession[bytes]):
    """A pty session drawn on a pyte screen; notes when each awaited text first shows."""

    def __init__(self) -> None:
        self.screen = pyte.Screen(*SIZE)
        self.stream = pyte.ByteStream(self.screen)
        self.awaited: dict[str, asyncio.Event] = {}
        self.seen_at: dict[str, float] = {}

    def data_received(self, data: bytes, datatype: object) -> None:
        self.stream.feed(data)
        if self.awaited:
            text = "\n".join(self.screen.display)
            for wanted in [w for w in self.awaited if w in text]:
                self.seen_at[wanted] = time.monotonic()
                self.awaited.pop(wanted).set()

    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def shows(self, wanted: str, within: float = 60.0) -> None:
        if wanted in self.text():
            self.seen_at[wanted] = time.monotonic()
            return
        event = self.awaited.setdefault(wanted, asyncio.Event())
        try:
            await asyncio.wait_for(event.wait(), within)
        except TimeoutError:
            raise SystemExit(f"never showed {wanted!r}; the screen was:\n{self.text()}") from None


@dataclass
class Session:
    conn: asyncssh.SSHClientConnection
    chan: asyncssh.SSHClientChannel[bytes]
    screen: Screen

    def send(self, data: bytes) -> None:
        self.chan.write(data)


async def open_session(port: int, username: str, password: str | None) -> Session:
    conn = await asyncssh.connect(
        "127.0.0.1", port, username=username, password=password,
        known_hosts=None, client_keys=None, agent_path=None, config=None,
    )  # fmt: skip
    chan, screen = await conn.create_session(
        Screen, term_type="xterm-256color", term_size=SIZE, encoding=None
    )
    return Session(conn, chan, screen)


def thread_title(run: int) -> str:
    return f"{TITLE} ({run + 1})"


async def on_thread(session: Session, title: str) -> None:
    """From the boards to the run's thread (the newest and latest active on the first
    board, so the one highlighted there)."""
    await session.screen.shows(BOARDS[0][1])
    await session.screen.shows("Get help")
    session.send(ENTER)
    await session.screen.shows(title)
    session.send(ENTER)
    await session.screen.shows("How do we get through this week?")


def replies_text(count: int) -> str:
    return f"{count:,} repl{'y' if count == 1 else 'ies'}"


@dataclass
class Run:
    label: str
    watchers: int
    latencies: list[float] = field(default_factory=list)
    cpu: float = 0.0
    expected: int = 0

    def line(self) -> str:
        delivered = len(self.latencies)
        per = self.cpu / delivered * 1000 if delivered else float("nan")
        med = statistics.median(self.latencies) * 1000 if delivered else float("nan")
        top = p95(self.latencies) * 1000 if delivered else float("nan")
        return (
            f"{self.label:<28} {self.watchers:>8}  {med:7.0f} {top:7.0f}  {per:9.2f}"
            f"  {delivered:>6}/{self.expected}"
        )


async def watch_and_post(
    ports: list[int], watchers: int, seconds: int, pids: list[int], label: str, title: str
) -> Run:
    run = Run(label, watchers)
    poster = await open_session(ports[0], "poster", PASSWORD)
    await on_thread(poster, title)
    sessions: list[Session] = []
    gate = asyncio.Semaphore(10)

    async def one(port: int) -> Session:
        async with gate:
            session = await open_session(port, "guest", None)
            await on_thread(session, title)
        sessions.append(session)
        say(f"{label}: {len(sessions)}/{watchers} watchers on the thread")
        return session

    ring = itertools.cycle(ports)
    await asyncio.gather(*(one(next(ring)) for _ in range(watchers)))
    count = int(re.search(r"([\d,]+) repl", poster.screen.text()).group(1).replace(",", ""))
    cpu_before = sum(cpu_seconds(pid) for pid in pids)
    started = time.monotonic()
    for n in range(1, seconds + 1):
        say(f"{label}: reply {n}/{seconds}")
        wanted = replies_text(count + n)
        waits = [asyncio.ensure_future(s.screen.shows(wanted, 300)) for s in sessions]
        poster.send(b"r")
        await poster.screen.shows("Replying to")
        poster.send(f"Still here, reply {n}.".encode())
        sent = time.monotonic()
        poster.send(CTRL_S)
        await asyncio.gather(*waits)
        run.latencies += [s.screen.seen_at[wanted] - sent for s in sessions]
        run.expected += watchers
        await asyncio.sleep(max(0.0, started + n - time.monotonic()))
    run.cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
    for session in [poster, *sessions]:
        session.conn.close()
    return run


async def prepare(env: dict[str, str], run: int) -> None:
    """The run's thread, on the first board, and before the first run the poster's
    account (the default boards come with the database). Each run has a thread of its
    own, so that every reply of the run is on the watchers' screens."""
    from forum import config
    from forum.database import connected
    from models import accounts, boards, posting

    settings = config.load(env["FORUM_DATA_DIR"], env["FORUM_DATABASE_URL"])
    async with connected(settings):
        if run == 0:
            await accounts.register("poster", PASSWORD)
        poster = await accounts.sign_in("poster", PASSWORD)
        board = (await boards.list_boards())[0].id
        body = "How do we get through this week?"
        await posting.start_thread(poster, board, thread_title(run), body, f"bench-live-{run}")


async def new_thread(env: dict[str, str], run: int, label: str) -> None:
    # In a process of its own: Tortoise keeps the SQL it built for the first backend it
    # ran on, so one process cannot write to SQLite and then to PostgreSQL.
    child = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--prepare", str(run), env=env
    )
    if await child.wait():
        raise SystemExit(f"{label}: preparing the database failed")


async def fresh_postgres(server: str, name: str) -> str:
    import asyncpg

    admin = await asyncpg.connect(f"{server}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return f"{server}/{name}"


async def measure(args: argparse.Namespace, url: str | None, servers: int, label: str) -> list[Run]:
    with tempfile.TemporaryDirectory(prefix="forum-live-") as tmp:
        data = Path(tmp) / "data"
        env = {
            **os.environ,
            "FORUM_DATA_DIR": str(data),
            "FORUM_DATABASE_URL": url or f"sqlite://{data / 'live.sqlite3'}",
            "PYTHONPATH": str(ROOT),
            "FORUM_NEW_ACCOUNT_HOURS": "0",  # the poster is a new account, posting a lot
        }
        say(f"{label}: preparing the database")
        await new_thread(env, 0, label)
        started = [
            await bench_ssh.start_server(env, Path(tmp) / f"server{n}.log") for n in range(servers)
        ]
        try:
            runs = []
            for number, watchers in enumerate(args.watchers):
                if number:
                    await new_thread(env, number, label)
                run = await watch_and_post(
                    [s.port for s in started], watchers, args.seconds, [s.pid for s in started],
                    label, thread_title(number),
                )  # fmt: skip
                say("")
                print(run.line(), flush=True)
                runs.append(run)
                for server in started:
                    await bench_ssh.until_idle(server.pid)
            return runs
        except BaseException:
            for server in started:
                print(f"\n{server.log.name}:\n{server.log.read_text()[-3000:]}", file=sys.stderr)
            raise
        finally:
            for server in started:
                await bench_ssh.stop_server(server)


async def run(args: argparse.Namespace) -> None:
    print(
        "                                         fan-out (ms)   server CPU   delivered\n"
        "servers                      watchers   median     p95  per update (ms)"
    )
    runs = await measure(args, None, 1, "one forum serve, SQLite")
    if args.postgres:
        url = await fresh_postgres(args.postgres, "forum_bench_live")
        runs += await measure(args, url, 2, "two forum serve, PostgreSQL")
    print("\nTargets:")
    for found in runs:
        checks = [
            ("fan-out p95", p95(found.latencies), TARGETS["fanout_p95_s"], "s"),
            ("CPU per update", found.cpu / max(1, len(found.latencies)) * 1000,
             TARGETS["cpu_per_update_ms"], "ms"),
        ]  # fmt: skip
        for name, value, target, unit in checks:
            verdict = "ok" if value <= target else "MISSED"
            print(
                f"  {found.label}, {found.watchers} watchers: {name} {value:.3f} {unit} "
                f"(target <= {target:g} {unit})  {verdict}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--watchers",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[10, 100, 200],
        help="watcher counts, comma-separated (default: 10,100,200)",
    )
    parser.add_argument("--seconds", type=int, default=30, help="replies, one a second (30)")
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432",
        help="the PostgreSQL server for the two-process run (default: %(default)s)",
    )
    parser.add_argument("--no-postgres", dest="postgres", action="store_const", const=None)
    parser.add_argument("--prepare", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare is not None:
        asyncio.run(prepare(dict(os.environ), args.prepare))
    else:
        asyncio.run(run(args))


if __name__ == "__main__":
    main()
