"""Benchmark `forum serve`: many SSH sessions of the real app on one small server.

    python scripts/bench_ssh.py                      # steps 1, 10, 100, 200; 50 at once
    python scripts/bench_ssh.py --steps 1,20 --burst 10 --idle-seconds 3   # a quick run
    python scripts/bench_ssh.py --workers 2          # every core, on a fresh PostgreSQL

Makes a fresh SQLite database in a temporary folder (with --workers above 1, a fresh
PostgreSQL database on --postgres) with demo data from `forum db seed --demo 50`, plus
bench accounts with passwords, starts `forum serve` on 127.0.0.1 as a child process
(with --workers N, its N worker processes), and opens pty sessions with asyncssh clients
(every --user-every-th one signs in with a password, the others as guest). Memory and
CPU count every process of the server. For each step it prints:

  first screen   time from connecting to the boards screen fully drawn (board names and
                 the get-help key received), median and p95, for that step's newcomers
  memory         the server's PSS (/proc/PID/smaps_rollup) and its growth per session
                 since the first session
  idle CPU       the server's CPU time over --idle-seconds with every session connected
  keystroke      one session moves the highlight down and up the board list: time from
                 sending the key to the first byte of the redrawn screen, p95
  loop lag       how late the server's event loop ran what was due while every session
                 was connected (its own probe, reported on SIGUSR1: forum/ssh/loop_lag.py):
                 p99 and the longest stall, the worst worker's

then closes every session and times --burst sessions connecting at once; then the same
burst against a baseline in the same run: a bare Textual app showing one line, behind the
same SSH server (scripts/bare_ssh_server.py), so the ratio says what the forum adds; and
each burst's server CPU divided by the machine's cores, the soonest it could all be done
even if every core were put to work; and the forum's longest event loop stall during it.

Targets (a 2-core machine): <= 8 MB a session at 200 sessions, idle CPU <= 2 % of one
core with 200 idle sessions, keystroke p95 <= 50 ms with 100 others connected, first
screen p95 <= 1 s with 50 connecting at once (<= 1.5 s with --workers 2), loop lag p99
<= 50 ms with every session connected, the longest stall <= 150 ms during the burst.
All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import asyncssh

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.seed import BOARDS  # noqa: E402

PASSWORD = "bench password 1"
READY = (BOARDS[0][1].encode(), b"Get help")
"""Bytes that are all on a fully drawn boards screen: the first board's name (the list
has loaded from the database) and the get-help key in the footer."""
TARGETS = {
    "memory_mb": 8.0, "burst_p95_s": 1.0, "idle_cpu_pct": 2.0, "keystroke_p95_ms": 50.0,
    "lag_p99_ms": 50.0, "stall_ms": 150.0,
}  # fmt: skip
WORKERS_BURST_P95_S = 1.5
"""The burst's target with more than one worker (the 2-core machine's, --workers 2)."""
LAG = re.compile(rb"event loop over [\d.]+ s: lag p99 ([\d.]+) ms, longest stall ([\d.]+) ms")
KEYS = (b"\x1b[B", b"\x1b[A")  # down, up


def say(text: str) -> None:
    """Progress, on stderr, over the previous progress line."""
    print(f"\r\033[K{text}", end="", file=sys.stderr, flush=True)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


# ------------------------------------------------------------------ the server process
def tree(pid: int) -> list[int]:
    """The process and its children (a server's workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *(int(child) for child in children)]


def pss_mb(pid: int) -> float:
    """PSS of the process and its children, MB."""
    total = 0.0
    for one in tree(pid):
        for line in Path(f"/proc/{one}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) / 1024
    return total


def cpu_seconds(pid: int) -> float:
    """CPU time of the process and its (running) children."""
    total = 0.0
    for one in tree(pid):
        fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


async def forum(env: dict[str, str], *args: str) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "forum", *args, env=env, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await process.communicate()
    if process.returncode:
        raise SystemExit(f"forum {' '.join(args)} failed:\n{out.decode()}")


async def make_accounts(env: dict[str, str], count: int) -> None:
    from forum import config
    from forum.database import connected
    from models import accounts

    settings = config.load(env["FORUM_DATA_DIR"], env["FORUM_DATABASE_URL"])
    async with connected(settings):
        for n in range(count):
            await accounts.register(f"bench{n}", PASSWORD)


@dataclass
class Server:
    process: asyncio.subprocess.Process
    port: int
    log: Path
    workers: int = 1

    @property
    def pid(self) -> int:
        return self.process.pid


async def start_server(env: dict[str, str], log: Path, workers: int = 1) -> Server:
    server = await _listening(
        [sys.executable, "-m", "forum", "serve", "--port", "0", "--log-level", "info",
         "--workers", str(workers),
         "--max-unauthenticated-per-address", "1000"],  # every client is on 127.0.0.1
        env, log,
    )  # fmt: skip
    server.workers = workers
    return server


async def loop_lag(server: Server, within: float = 30.0) -> tuple[float, float]:
    """The event loop's lag p99 and longest stall (ms) since the last call, the worst
    worker's: SIGUSR1 makes each process log its own and start afresh."""
    before = len(LAG.findall(server.log.read_bytes()))
    server.process.send_signal(signal.SIGUSR1)
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = LAG.findall(server.log.read_bytes())[before:]
        if len(found) >= server.workers:
            return max(float(p99) for p99, _ in found), max(float(most) for _, most in found)
        await asyncio.sleep(0.05)
    raise SystemExit(f"the server did not report its event loop; its log is in {server.log}")


async def start_bare_server(env: dict[str, str], host_key: Path, log: Path) -> Server:
    """The baseline: a bare Textual app behind the same SSH server (bare_ssh_server.py)."""
    script = ROOT / "scripts" / "bare_ssh_server.py"
    return await _listening([sys.executable, str(script), "--host-key", str(host_key)], env, log)


async def _listening(argv: list[str], env: dict[str, str], log: Path) -> Server:
    process = await asyncio.create_subprocess_exec(
        *argv, env=env, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=log.open("wb")
    )
    assert process.stdout is not None
    while True:
        line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
        if not line:
            raise SystemExit(f"{argv[1]} ended early; its log is in {log}")
        if found := re.search(r"Listening on 127\.0\.0\.1:(\d+)", line):
            return Server(process, int(found.group(1)), log)


async def stop_server(server: Server) -> None:
    server.process.terminate()
    await asyncio.wait_for(server.process.wait(), 30)


# ------------------------------------------------------------------------ the clients
class Session(asyncssh.SSHClientSession[bytes]):
    """A pty session that notes when the screen is fully drawn and when output arrives."""

    def __init__(self) -> None:
        self.seen = [False] * len(READY)
        self.tail = b""
        self.drawn = asyncio.Event()
        self.output = asyncio.Event()
        self.last_output = time.monotonic()

    def data_received(self, data: bytes, datatype: object) -> None:
        self.last_output = time.monotonic()
        self.output.set()
        if not self.drawn.is_set():
            window = self.tail + data
            self.seen = [s or marker in window for s, marker in zip(self.seen, READY, strict=True)]
            self.tail = window[-64:]
            if all(self.seen):
                self.drawn.set()


@dataclass
class Client:
    conn: asyncssh.SSHClientConnection
    chan: asyncssh.SSHClientChannel[bytes]
    session: Session
    first_screen: float


async def connect(port: int, n: int, user_every: int, users: int) -> Client:
    as_user = user_every > 0 and n % user_every == 0
    username = f"bench{(n // user_every) % users}" if as_user else "guest"
    started = time.monotonic()
    conn = await asyncssh.connect(
        "127.0.0.1", port, username=username, password=PASSWORD if as_user else None,
        known_hosts=None, client_keys=None, agent_path=None, config=None,
    )  # fmt: skip
    chan, session = await conn.create_session(
        Session, term_type="xterm-256color", term_size=(100, 30), encoding=None
    )
    await asyncio.wait_for(session.drawn.wait(), 60)
    return Client(conn, chan, session, time.monotonic() - started)


async def connect_many(
    port: int, first: int, count: int, *, at_once: int, user_every: int, users: int, label: str
) -> list[Client]:
    gate = asyncio.Semaphore(at_once)
    done = 0

    async def one(n: int) -> Client:
        nonlocal done
        async with gate:
            client = await connect(port, n, user_every, users)
        done += 1
        say(f"{label}: {done}/{count} sessions drawn")
        return client

    return list(await asyncio.gather(*(one(first + n) for n in range(count))))


async def close_all(clients: list[Client]) -> None:
    for client in clients:
        client.conn.close()
    await asyncio.gather(*(c.conn.wait_closed() for c in clients), return_exceptions=True)


async def quiet(session: Session, seconds: float, within: float = 10.0) -> bool:
    """Wait until the session has had no output for `seconds`."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        idle = time.monotonic() - session.last_output
        if idle >= seconds:
            return True
        await asyncio.sleep(seconds - idle)
    return False


async def keystroke_latency(client: Client, presses: int) -> list[float]:
    """Seconds from each key to the first byte of the screen update it causes."""
    session = client.session
    if not await quiet(session, 0.3):
        print("\n  (the session was never quiet: latency may be understated)", file=sys.stderr)
    times = []
    for n in range(presses):
        session.output.clear()
        sent = time.monotonic()
        client.chan.write(KEYS[n % 2])
        await asyncio.wait_for(session.output.wait(), 10)
        times.append(session.last_output - sent)
        await quiet(session, 0.05)
    return times


# ---------------------------------------------------------------------------- the run
@dataclass
class Step:
    sessions: int
    first_median: float
    first_p95: float
    pss: float
    per_session: float | None
    idle_cpu: float
    key_p95: float
    key_median: float
    start_cpu: float
    """Server CPU seconds per session started in this step."""
    lag_p99: float
    lag_longest: float
    """The event loop's lag (ms) while every session was connected (idle, then keys)."""


async def measure_idle_cpu(pid: int, seconds: float) -> float:
    start, started = cpu_seconds(pid), time.monotonic()
    while (left := seconds - (time.monotonic() - started)) > 0:
        say(f"  idle CPU: {left:.0f} s left")
        await asyncio.sleep(min(1.0, left))
    return (cpu_seconds(pid) - start) / (time.monotonic() - started) * 100


async def fresh_forum(tmp: str, demo: int, postgres: str | None) -> dict[str, str]:
    """The environment of a forum on a new database (SQLite in `tmp`, or a fresh one on
    the PostgreSQL server `postgres`), seeded with `demo` demo threads."""
    data = Path(tmp) / "data"
    url = f"sqlite://{data / 'bench.sqlite3'}"
    if postgres is not None:
        import asyncpg

        say("making a fresh PostgreSQL database forum_bench_ssh")
        admin = await asyncpg.connect(f"{postgres}/postgres")
        await admin.execute("DROP DATABASE IF EXISTS forum_bench_ssh WITH (FORCE)")
        await admin.execute("CREATE DATABASE forum_bench_ssh")
        await admin.close()
        url = f"{postgres}/forum_bench_ssh"
    env = {**os.environ, "FORUM_DATA_DIR": str(data), "FORUM_DATABASE_URL": url,
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    say(f"seeding a fresh database with {demo} demo threads")
    await forum(env, "db", "seed", "--demo", str(demo))
    return env


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="forum-bench-") as tmp:
        env = await fresh_forum(tmp, args.demo, args.postgres if args.workers > 1 else None)
        await make_accounts(env, args.users)
        say(f"starting forum serve with {args.workers} worker(s)")
        log = Path(args.server_log or Path(tmp) / "server.log")
        server = await start_server(env, log, args.workers)
        try:
            steps = await run_steps(server, args)
            burst = await run_burst(server, args, probe=True)
        except BaseException:
            print(f"\nserver log:\n{server.log.read_text()[-4000:]}", file=sys.stderr)
            raise
        finally:
            await stop_server(server)
        say("starting the baseline: a bare Textual app behind the same SSH server")
        bare = await start_bare_server(env, Path(tmp) / "bare_host_key", Path(tmp) / "bare.log")
        try:
            baseline = await run_burst(bare, args, probe=False)
        finally:
            await stop_server(bare)
        say("")
        report(args, steps, burst, baseline)


async def run_steps(server: Server, args: argparse.Namespace) -> list[Step]:
    clients: list[Client] = []
    baseline: float | None = None
    results = []
    for target in args.steps:
        label = f"step {target}"
        cpu_before = cpu_seconds(server.pid)
        new = await connect_many(
            server.port, len(clients), target - len(clients), at_once=args.at_once,
            user_every=args.user_every, users=args.users, label=label,
        )  # fmt: skip
        start_cpu = (cpu_seconds(server.pid) - cpu_before) / len(new)
        clients += new
        say(f"{label}: letting the server settle")
        await asyncio.sleep(args.settle)
        pss = pss_mb(server.pid)
        if baseline is None:
            baseline = pss  # the first session pays for imports, styles and caches
        per = (pss - baseline) / (len(clients) - 1) if len(clients) > 1 else None
        await loop_lag(server)  # from here: every session connected
        idle = await measure_idle_cpu(server.pid, args.idle_seconds)
        say(f"{label}: {args.presses} keystrokes in one session")
        keys = await keystroke_latency(clients[0], args.presses)
        lag_p99, lag_longest = await loop_lag(server)
        times = [c.first_screen for c in new]
        step = Step(
            len(clients), statistics.median(times), p95(times), pss, per, idle,
            p95(keys), statistics.median(keys), start_cpu, lag_p99, lag_longest,
        )  # fmt: skip
        results.append(step)
        print_step(results[-1])
    say(f"closing {len(clients)} sessions")
    await close_all(clients)
    return results


async def until_idle(pid: int, within: float = 120.0) -> None:
    """Wait until the server uses under 5 % of a core (it tidies up after sessions end)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        await asyncio.sleep(1.0)
        if cpu_seconds(pid) - before < 0.05:
            return
        say("waiting for the server to go idle")


@dataclass
class Burst:
    times: list[float]
    cpu: float
    """Server CPU seconds used while they connected."""
    wall: float
    longest_stall: float | None = None
    """The server's longest event loop stall meanwhile, ms (the forum's probe)."""


async def run_burst(server: Server, args: argparse.Namespace, probe: bool) -> Burst:
    await until_idle(server.pid)
    if probe:
        await loop_lag(server)
    cpu_before, started = cpu_seconds(server.pid), time.monotonic()
    clients = await connect_many(
        server.port, 0, args.burst, at_once=args.burst, user_every=args.user_every,
        users=args.users, label=f"{args.burst} at once",
    )  # fmt: skip
    burst = Burst(
        [c.first_screen for c in clients],
        cpu_seconds(server.pid) - cpu_before,
        time.monotonic() - started,
    )
    if probe:
        burst.longest_stall = (await loop_lag(server))[1]
    await close_all(clients)
    return burst


def print_step(step: Step) -> None:
    per = f"{step.per_session:6.2f} MB" if step.per_session is not None else "     -   "
    say("")
    print(
        f"{step.sessions:>8}  {step.first_median * 1000:7.0f} {step.first_p95 * 1000:7.0f}  "
        f"{step.pss:8.1f} MB {per}  {step.idle_cpu:7.2f} %  "
        f"{step.key_median * 1000:6.1f} {step.key_p95 * 1000:6.1f}  "
        f"{step.start_cpu * 1000:7.0f}  {step.lag_p99:6.1f} {step.lag_longest:7.1f}",
        flush=True,
    )


def header() -> None:
    print(
        "                first screen (ms)    server memory (PSS)    idle CPU   keystroke (ms)"
        "  server CPU      loop lag (ms)\n"
        "sessions    median     p95     total      per session    of 1 core  median    p95"
        "  per start (ms)   p99 longest"
    )


def describe(result: Burst) -> str:
    times = result.times
    return (
        f"first screen median {statistics.median(times) * 1000:.0f} ms, "
        f"p95 {p95(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms; the server used "
        f"{result.cpu:.1f} s of CPU ({result.cpu / len(times) * 1000:.0f} ms a session) "
        f"in {result.wall:.1f} s"
    )


def report(args: argparse.Namespace, steps: list[Step], result: Burst, baseline: Burst) -> None:
    burst = result.times
    print(f"\n{len(burst)} sessions connecting at once:")
    print(f"  forum:            {describe(result)}; longest loop stall "
          f"{result.longest_stall:.0f} ms")  # fmt: skip
    print(f"  bare Textual app: {describe(baseline)}")
    print(
        f"  ratio, forum / bare app: p95 {p95(burst) / p95(baseline.times):.2f}x, "
        f"server CPU {result.cpu / baseline.cpu:.2f}x"
    )
    cores = os.cpu_count() or 1
    print(
        f"  the least time this CPU takes with all {cores} cores busy (server CPU / cores): "
        f"forum {result.cpu / cores:.2f} s, bare app {baseline.cpu / cores:.2f} s"
    )
    print("\nTargets:")
    last = steps[-1]
    at_100 = next((s for s in steps if s.sessions >= 100), None)
    burst_target = TARGETS["burst_p95_s"] if args.workers == 1 else WORKERS_BURST_P95_S
    checks = [
        (f"memory per session at {last.sessions}", last.per_session or 0.0,
         TARGETS["memory_mb"], "MB"),
        (f"first screen p95, {len(burst)} at once", p95(burst), burst_target, "s"),
        (f"idle CPU with {last.sessions} idle", last.idle_cpu, TARGETS["idle_cpu_pct"], "%"),
        (f"loop lag p99 with {last.sessions} connected", last.lag_p99, TARGETS["lag_p99_ms"],
         "ms"),
        (f"longest stall, {len(burst)} at once", result.longest_stall or 0.0,
         TARGETS["stall_ms"], "ms"),
    ]  # fmt: skip
    if at_100 is not None:
        checks.append(
            (f"keystroke p95 with {at_100.sessions - 1} others", at_100.key_p95 * 1000,
             TARGETS["keystroke_p95_ms"], "ms")
        )  # fmt: skip
    for name, value, target, unit in checks:
        verdict = "ok" if value <= target else "MISSED"
        print(f"  {name:<40} {value:8.2f} {unit:<2} (target <= {target:g} {unit})  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--steps",
        default="1,10,100,200",
        help="session counts to measure at, rising (default: 1,10,100,200)",
    )
    parser.add_argument(
        "--burst", type=int, default=50, help="sessions connecting at once at the end (default: 50)"
    )
    parser.add_argument(
        "--at-once",
        type=int,
        default=10,
        help="sessions connecting at a time during the steps (default: 10)",
    )
    parser.add_argument(
        "--user-every",
        type=int,
        default=4,
        help="every Nth session signs in with a password, the rest as guest; "
        "0: all guests (default: 4)",
    )
    parser.add_argument("--users", type=int, default=10, help="bench accounts (default: 10)")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="forum serve --workers: more than 1 runs on PostgreSQL (default: 1)",
    )
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432",
        help="the PostgreSQL server for --workers above 1 (its database forum_bench_ssh is "
        "made afresh; default: postgres://postgres@127.0.0.1:5432)",
    )
    parser.add_argument("--demo", type=int, default=50, help="demo threads (default: 50)")
    parser.add_argument(
        "--idle-seconds",
        type=float,
        default=10.0,
        help="how long idle CPU is measured at each step (default: 10)",
    )
    parser.add_argument(
        "--presses", type=int, default=60, help="keystrokes timed at each step (default: 60)"
    )
    parser.add_argument(
        "--server-log", metavar="PATH", help="keep the server's log here (default: thrown away)"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=2.0,
        help="seconds to wait before measuring memory (default: 2)",
    )
    args = parser.parse_args()  # fmt: skip
    args.steps = sorted({int(s) for s in args.steps.split(",")})
    if args.steps[0] < 1:
        parser.error("steps must be at least 1")
    header()
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
