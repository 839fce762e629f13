"""Benchmark `forum web`: many browser visitors of the real app on one small server.

    python scripts/bench_web.py                       # steps 1, 10, 100; 10 at once
    python scripts/bench_web.py --steps 1,20 --burst 5 --presses 20   # a quick run

Makes a fresh SQLite database in a temporary folder with demo data (`forum db seed
--demo 50`), starts `forum web` on 127.0.0.1 as a child process and opens visitors with
a plain websocket client (aiohttp's), speaking the page's messages, as a browser's page
would (the browser itself is for the correctness tests in tests/web). Every visitor is a
guest on the boards, as the page opens. For each step it prints:

  first screen   time from opening the websocket to the boards screen fully drawn (board
                 names and the get-help key received), median and p95, for that step's
                 newcomers
  memory         the server's PSS (/proc/PID/smaps_rollup) and its growth per visitor
                 since the first visitor
  keystroke      one visitor moves the highlight down and up the board list: time from
                 sending the key to the first byte of the redrawn screen, median and p95

then closes every visitor and times --burst visitors opening the page at once.

Targets: <= 8 MB a visitor at 100 visitors, keystroke p95 <= 50 ms with 100 visitors,
first screen p95 <= 1 s with 10 opening at once. The measuring helpers are
scripts/bench_ssh.py's. All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench_ssh import (  # noqa: E402
    Server,
    Session,
    fresh_forum,
    keystroke_latency,
    p95,
    pss_mb,
    say,
    stop_server,
    until_idle,
)

TARGETS = {"memory_mb": 8.0, "keystroke_p95_ms": 50.0, "burst_p95_s": 1.0}
SIZE = (100, 30)


async def start_web(env: dict[str, str], log: Path) -> Server:
    argv = [
        sys.executable,
        "-m",
        "forum",
        "web",
        "--port",
        "0",
        "--log-level",
        "info",
        "--max-unauthenticated-per-address",
        "1000",
    ]  # every visitor is on 127.0.0.1
    process = await asyncio.create_subprocess_exec(
        *argv, env=env, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=log.open("wb")
    )  # fmt: skip
    assert process.stdout is not None
    while True:
        line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
        if not line:
            raise SystemExit(f"forum web ended early; its log is in {log}")
        if found := re.search(r"Web page on 127\.0\.0\.1:(\d+)", line):
            return Server(process, int(found.group(1)), log)


class Socket:
    """What bench_ssh's keystroke timing writes to (an SSH channel there): typing, sent
    as the page sends it."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._ws = ws
        self._sending: set[asyncio.Task[None]] = set()

    def write(self, data: bytes) -> None:
        task = asyncio.create_task(self._ws.send_str(json.dumps(["stdin", data.decode()])))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)


@dataclass
class Visitor:
    ws: aiohttp.ClientWebSocketResponse
    chan: Socket
    session: Session
    """bench_ssh's screen watcher, fed the websocket's output."""
    first_screen: float
    reader: asyncio.Task[None]


async def visit(client: aiohttp.ClientSession, port: int) -> Visitor:
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    ws = await client.ws_connect(
        f"{base}/ws?width={SIZE[0]}&height={SIZE[1]}", headers={"Origin": base},
        max_msg_size=0, autoping=True,
    )  # fmt: skip
    session = Session()

    async def read() -> None:
        async for message in ws:
            if message.type is aiohttp.WSMsgType.BINARY:
                session.data_received(message.data, None)

    reader = asyncio.create_task(read())
    await asyncio.wait_for(session.drawn.wait(), 60)
    return Visitor(ws, Socket(ws), session, time.monotonic() - started, reader)


async def visit_many(
    client: aiohttp.ClientSession, port: int, count: int, *, at_once: int, label: str
) -> list[Visitor]:
    gate = asyncio.Semaphore(at_once)
    done = 0

    async def one() -> Visitor:
        nonlocal done
        async with gate:
            visitor = await visit(client, port)
        done += 1
        say(f"{label}: {done}/{count} visitors drawn")
        return visitor

    return list(await asyncio.gather(*(one() for _ in range(count))))


async def leave_all(visitors: list[Visitor]) -> None:
    await asyncio.gather(*(v.ws.close() for v in visitors), return_exceptions=True)
    await asyncio.gather(*(v.reader for v in visitors), return_exceptions=True)


@dataclass
class Step:
    visitors: int
    first_median: float
    first_p95: float
    pss: float
    per_visitor: float | None
    key_median: float
    key_p95: float


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="forum-bench-web-") as tmp:
        env = await fresh_forum(tmp, args.demo, None)
        say("starting forum web")
        log = Path(args.server_log or Path(tmp) / "server.log")
        server = await start_web(env, log)
        try:
            async with aiohttp.ClientSession() as client:
                steps = await run_steps(client, server, args)
                await until_idle(server.pid)
                burst = await visit_many(client, server.port, args.burst, at_once=args.burst,
                                         label=f"{args.burst} at once")  # fmt: skip
                await leave_all(burst)
        except BaseException:
            print(f"\nserver log:\n{server.log.read_text()[-4000:]}", file=sys.stderr)
            raise
        finally:
            await stop_server(server)
        say("")
        report(steps, [v.first_screen for v in burst])


async def run_steps(
    client: aiohttp.ClientSession, server: Server, args: argparse.Namespace
) -> list[Step]:
    visitors: list[Visitor] = []
    baseline: float | None = None
    results = []
    for target in args.steps:
        label = f"step {target}"
        new = await visit_many(client, server.port, target - len(visitors),
                               at_once=args.at_once, label=label)  # fmt: skip
        visitors += new
        say(f"{label}: letting the server settle")
        await asyncio.sleep(args.settle)
        pss = pss_mb(server.pid)
        if baseline is None:
            baseline = pss  # the first visitor pays for imports, styles and caches
        per = (pss - baseline) / (len(visitors) - 1) if len(visitors) > 1 else None
        say(f"{label}: {args.presses} keystrokes in one visitor's page")
        keys = await keystroke_latency(visitors[0], args.presses)  # type: ignore[arg-type]
        times = [v.first_screen for v in new]
        step = Step(len(visitors), statistics.median(times), p95(times), pss, per,
                    statistics.median(keys), p95(keys))  # fmt: skip
        results.append(step)
        print_step(step)
    say(f"closing {len(visitors)} visitors")
    await leave_all(visitors)
    return results


def header() -> None:
    print(
        "                first screen (ms)    server memory (PSS)       keystroke (ms)\n"
        "visitors    median     p95     total      per visitor      median    p95"
    )


def print_step(step: Step) -> None:
    per = f"{step.per_visitor:6.2f} MB" if step.per_visitor is not None else "     -   "
    say("")
    print(
        f"{step.visitors:>8}  {step.first_median * 1000:7.0f} {step.first_p95 * 1000:7.0f}  "
        f"{step.pss:8.1f} MB {per}     {step.key_median * 1000:6.1f} {step.key_p95 * 1000:6.1f}",
        flush=True,
    )


def report(steps: list[Step], burst: list[float]) -> None:
    print(
        f"\n{len(burst)} visitors opening the page at once: first screen median "
        f"{statistics.median(burst) * 1000:.0f} ms, p95 {p95(burst) * 1000:.0f} ms, "
        f"max {max(burst) * 1000:.0f} ms"
    )
    print("\nTargets:")
    last = steps[-1]
    at_100 = next((s for s in steps if s.visitors >= 100), last)
    checks = [
        (f"memory per visitor at {last.visitors}", last.per_visitor or 0.0,
         TARGETS["memory_mb"], "MB"),
        (f"keystroke p95 with {at_100.visitors} visitors", at_100.key_p95 * 1000,
         TARGETS["keystroke_p95_ms"], "ms"),
        (f"first screen p95, {len(burst)} at once", p95(burst), TARGETS["burst_p95_s"], "s"),
    ]  # fmt: skip
    for name, value, target, unit in checks:
        verdict = "ok" if value <= target else "MISSED"
        print(f"  {name:<40} {value:8.2f} {unit:<2} (target <= {target:g} {unit})  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--steps",
        default="1,10,100",
        help="visitor counts to measure at, rising (default: 1,10,100)",
    )
    parser.add_argument(
        "--burst",
        type=int,
        default=10,
        help="visitors opening the page at once at the end (default: 10)",
    )
    parser.add_argument(
        "--at-once",
        type=int,
        default=10,
        help="visitors arriving at a time during the steps (default: 10)",
    )
    parser.add_argument("--demo", type=int, default=50, help="demo threads (default: 50)")
    parser.add_argument(
        "--presses", type=int, default=60, help="keystrokes timed at each step (default: 60)"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=2.0,
        help="seconds to wait before measuring memory (default: 2)",
    )
    parser.add_argument(
        "--server-log", metavar="PATH", help="keep the server's log here (default: thrown away)"
    )
    args = parser.parse_args()  # fmt: skip
    args.steps = sorted({int(s) for s in args.steps.split(",")})
    if args.steps[0] < 1:
        parser.error("steps must be at least 1")
    header()
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
