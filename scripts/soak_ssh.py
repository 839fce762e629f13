"""Soak `forum serve`: hundreds of sessions for minutes, people coming and going, posting.

    python scripts/soak_ssh.py                              # 200 sessions for 10 minutes
    python scripts/soak_ssh.py --sessions 20 --minutes 1    # a quick run
    python scripts/soak_ssh.py --workers 2                  # every core, on PostgreSQL

Starts `forum serve` on a fresh database (SQLite; with --workers above 1, a fresh
PostgreSQL database on --postgres) and holds --sessions SSH sessions, each drawn on a pyte
screen: one in ten is a signed-in poster on the soak thread who replies every 30 s, the
others are guests on the boards. Every second the longest-connected guest leaves and a
new guest arrives. The run ends after --minutes, whatever happens (bounded in time).
Progress goes to stderr; at the end it prints:

  errors          sessions that failed to connect or draw in time, ended without being
                  asked, or posts whose compose screen never closed; and sessions the
                  server logged as crashed (target 0)
  longest stall   the server's event loop, after the warm-up (its own probe, SIGUSR1)
  memory          the server's PSS (every process) after the warm-up and at the end, and
                  its growth (target < 10 %)
  posts           replies sent against replies stored in the database (target: equal)
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_ssh  # noqa: E402
from bench_live import CTRL_S, TITLE, Session, on_thread, open_session  # noqa: E402
from bench_ssh import loop_lag, pss_mb, say  # noqa: E402

from models.seed import BOARDS  # noqa: E402

PASSWORD = "soak password 1"
POSTER_EVERY = 10
"""One session in ten is a poster."""
POST_EVERY = 30.0
"""Seconds between one poster's replies."""
GROWTH_TARGET = 10.0


class Soak:
    def __init__(self, port: int) -> None:
        self.port = port
        self.errors: collections.Counter[str] = collections.Counter()
        self.sent = 0
        self.guests: collections.deque[Session] = collections.deque()
        self.arriving: set[asyncio.Future[None]] = set()

    def error(self, what: str) -> None:
        self.errors[what] += 1

    async def guest(self) -> None:
        try:
            session = await open_session(self.port, "guest", None)
            await session.screen.shows(BOARDS[0][1], 60)
            await session.screen.shows("Get help", 60)
        except (OSError, SystemExit, TimeoutError) as error:
            self.error(f"a guest could not connect or draw: {str(error)[:80]}")
            return
        self.guests.append(session)

    async def poster(self, n: int, until: float) -> None:
        try:
            session = await open_session(self.port, f"soak{n}", PASSWORD)
            await on_thread(session, TITLE)
        except (OSError, SystemExit, TimeoutError) as error:
            self.error(f"a poster could not connect or draw: {str(error)[:80]}")
            return
        count = 0
        await asyncio.sleep(n % POST_EVERY)  # posters spread over the 30 s
        while time.monotonic() + POST_EVERY / 2 < until:
            count += 1
            try:
                session.send(b"r")
                await session.screen.shows("Replying to", 30)
                session.send(f"Soak reply {count} from poster {n}.".encode())
                session.send(CTRL_S)
                self.sent += 1
            except SystemExit:
                self.error("a poster's compose screen did not open")
            await asyncio.sleep(POST_EVERY)
            if "Replying to" in session.screen.text():
                self.error("a poster's compose screen never closed")
        session.conn.close()

    async def churn(self, until: float) -> None:
        """Every second the longest-connected guest leaves and a new one arrives."""
        tick = time.monotonic()
        while (tick := tick + 1.0) < until:
            if self.guests:
                leaving = self.guests.popleft()
                if leaving.chan.is_closing():
                    self.error("a guest's session ended without being asked")
                leaving.conn.close()
            arriving = asyncio.ensure_future(self.guest())
            self.arriving.add(arriving)
            arriving.add_done_callback(self.arriving.discard)
            await asyncio.sleep(max(0.0, tick - time.monotonic()))


async def prepare(env: dict[str, str], posters: int) -> None:
    """Posters' accounts and the soak thread (the default boards come with it)."""
    from forum import config
    from forum.database import connected
    from models import accounts, boards, posting

    settings = config.load(env["FORUM_DATA_DIR"], env["FORUM_DATABASE_URL"])
    async with connected(settings):
        users = [await accounts.register(f"soak{n}", PASSWORD) for n in range(posters)]
        board = (await boards.list_boards())[0].id
        body = "How do we get through this week?"
        await posting.start_thread(users[0], board, TITLE, body, "soak-thread")


async def stored(env: dict[str, str]) -> None:
    """Print how many replies the soak thread holds."""
    from forum import config
    from forum.database import connected
    from models.entities import Post, Thread

    settings = config.load(env["FORUM_DATA_DIR"], env["FORUM_DATABASE_URL"])
    async with connected(settings):
        thread = await Thread.get(title=TITLE)
        print(await Post.filter(thread_id=thread.id, parent_id__isnull=False).count())


async def in_child(env: dict[str, str], *args: str) -> str:
    """Run this script's --prepare or --count in a process of its own (one process's
    Tortoise cannot move from one backend to another)."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, __file__, *args, env=env, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await child.communicate()
    if child.returncode:
        raise SystemExit(f"soak_ssh.py {' '.join(args)} failed")
    return out.decode().strip()


async def run(args: argparse.Namespace) -> None:
    posters = max(1, args.sessions // POSTER_EVERY)
    with tempfile.TemporaryDirectory(prefix="forum-soak-") as tmp:
        env = await bench_ssh.fresh_forum(
            tmp, args.demo, args.postgres if args.workers > 1 else None
        )
        env["FORUM_NEW_ACCOUNT_HOURS"] = "0"  # the posters are new accounts posting a lot
        await in_child(env, "--prepare", "--sessions", str(args.sessions))
        log = Path(args.server_log or Path(tmp) / "server.log")
        server = await bench_ssh.start_server(env, log, args.workers)
        soak = Soak(server.port)
        started = time.monotonic()
        until = started + args.minutes * 60
        try:
            gate = asyncio.Semaphore(10)

            async def one_guest() -> None:
                async with gate:
                    await soak.guest()

            guests = args.sessions - posters
            connecting = [asyncio.ensure_future(one_guest()) for _ in range(guests)]
            tasks = [asyncio.ensure_future(soak.poster(n, until)) for n in range(posters)]
            await asyncio.gather(*connecting)
            say(f"{len(soak.guests)} guests and {posters} posters connected; warming up")
            await asyncio.sleep(max(0.0, started + args.warmup - time.monotonic()))
            warm = pss_mb(server.pid)
            await loop_lag(server)  # the stall is measured from here
            tasks.append(asyncio.ensure_future(soak.churn(until)))
            for left in itertools.count():
                remaining = until - time.monotonic()
                if remaining <= 0:
                    break
                if left % 30 == 0:
                    say(f"soak: {remaining:.0f} s left, {soak.sent} replies sent, "
                        f"{sum(soak.errors.values())} errors")  # fmt: skip
                await asyncio.sleep(min(1.0, remaining))
            _p99, longest = await loop_lag(server)
            end = pss_mb(server.pid)
            await asyncio.gather(*tasks)
            for session in soak.guests:
                session.conn.close()
        finally:
            await bench_ssh.stop_server(server)
        crashed = (await asyncio.to_thread(log.read_text, errors="replace")).count(" crashed ")
        if crashed:
            soak.errors["sessions the server logged as crashed"] += crashed
        kept = int(await in_child(env, "--count"))
    say("")
    report(args, soak, longest, warm, end, kept)


def report(args: argparse.Namespace, soak: Soak, longest: float, warm: float, end: float,
           kept: int) -> None:  # fmt: skip
    errors = sum(soak.errors.values())
    growth = (end - warm) / warm * 100
    print(f"{args.sessions} sessions for {args.minutes:g} minutes, {args.workers} worker(s):")
    print(f"  errors:        {errors}")
    for what, count in soak.errors.most_common():
        print(f"                 {count} x {what}")
    print(f"  longest stall: {longest:.0f} ms (after the {args.warmup:g} s warm-up)")
    print(f"  memory:        {warm:.1f} MB after the warm-up, {end:.1f} MB at the end: "
          f"{growth:+.1f} % (target < {GROWTH_TARGET:g} %)")  # fmt: skip
    print(f"  posts:         {soak.sent} sent, {kept} stored "
          f"({'equal' if kept == soak.sent else 'NOT EQUAL'})")  # fmt: skip
    checks = [("errors", errors == 0), ("memory growth", growth < GROWTH_TARGET),
              ("posts stored", kept == soak.sent)]  # fmt: skip
    print("Targets: " + ", ".join(f"{name} {'ok' if good else 'MISSED'}" for name, good in checks))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=200, help="sessions held (200)")
    parser.add_argument("--minutes", type=float, default=10.0, help="how long it runs (10)")
    parser.add_argument(
        "--warmup", type=float, default=60.0,
        help="seconds from the start before memory and stalls are measured (60)",
    )  # fmt: skip
    parser.add_argument("--workers", type=int, default=1, help="forum serve --workers (1)")
    parser.add_argument(
        "--postgres", default="postgres://postgres@127.0.0.1:5432",
        help="the PostgreSQL server for --workers above 1 (default: %(default)s)",
    )  # fmt: skip
    parser.add_argument("--demo", type=int, default=50, help="demo threads (50)")
    parser.add_argument("--server-log", metavar="PATH", help="keep the server's log here")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--count", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        asyncio.run(prepare(dict(os.environ), max(1, args.sessions // POSTER_EVERY)))
    elif args.count:
        asyncio.run(stored(dict(os.environ)))
    else:
        asyncio.run(run(args))


if __name__ == "__main__":
    main()
