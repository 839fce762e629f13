"""Does `forum serve` give back what ended sessions held? Sessions come and go in waves.

    python scripts/bench_churn.py                    # 4 waves of 30 guests, 10 at a time
    python scripts/bench_churn.py --waves 2 --per-wave 10

Starts `forum serve` on a fresh SQLite database (as scripts/bench_ssh.py does). In each
wave, --per-wave guest sessions connect, wait for the boards screen, press a key (Down)
and leave. After each wave the script waits for the server's own full garbage collection
(its log line) and prints the server's memory (PSS), what it grew by since the first
wave, and how long that collection paused the server. Then the same waves against the
baseline in the same run: a bare Textual app behind the same SSH server
(scripts/bare_ssh_server.py). A server that frees ended sessions stays level after the
first wave (imports and caches warm up there); one that keeps them grows with every wave.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench_ssh import (  # scripts/ is on the path: this file is run from it
    KEYS,
    Server,
    close_all,
    connect_many,
    fresh_forum,
    pss_mb,
    say,
    start_bare_server,
    start_server,
    stop_server,
)

FULL = re.compile(rb"full garbage collection \([^)]*\): \d+ objects freed in (\d+) ms")


@dataclass
class Wave:
    ended: int
    """Sessions ended so far."""
    pss: float
    pause_ms: int


async def full_collection(server: Server, seen: int, within: float) -> tuple[int, int]:
    """Wait for the server's next full collection after the `seen` ones in its log;
    returns how many it has logged now and the last one's pause."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        found = FULL.findall(server.log.read_bytes())
        if len(found) > seen:
            return len(found), int(found[-1])
        say(f"  waiting for the server's full collection ({deadline - loop.time():.0f} s)")
        await asyncio.sleep(0.5)
    raise SystemExit(f"no full garbage collection logged within {within:g} s; see {server.log}")


async def churn(server: Server, args: argparse.Namespace, label: str) -> list[Wave]:
    waves: list[Wave] = []
    seen = 0
    for n in range(args.waves):
        clients = await connect_many(
            server.port, 0, args.per_wave, at_once=args.at_once, user_every=0, users=1,
            label=f"{label} wave {n + 1}/{args.waves}",
        )  # fmt: skip
        for client in clients:
            client.chan.write(KEYS[0])  # a key through the parser, as a person would
        await close_all(clients)
        seen, pause = await full_collection(server, seen, args.timeout)
        waves.append(Wave((n + 1) * args.per_wave, pss_mb(server.pid), pause))
    return waves


def report(name: str, waves: list[Wave]) -> float:
    """Print the waves; returns the growth per ended session after the first wave (MB)."""
    first = waves[0]
    print(f"\n{name}\n  ended sessions   server PSS   since wave 1   full collection pause")
    for wave in waves:
        print(f"  {wave.ended:>14}  {wave.pss:8.1f} MB  {wave.pss - first.pss:+9.1f} MB"
              f"   {wave.pause_ms:>8} ms")  # fmt: skip
    later = waves[-1].ended - first.ended
    return (waves[-1].pss - first.pss) / later if later else 0.0


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="forum-churn-") as tmp:
        env = await fresh_forum(tmp, 20)
        say("starting forum serve")
        server = await start_server(env, Path(tmp) / "server.log")
        try:
            waves = await churn(server, args, "forum")
        finally:
            await stop_server(server)
        say("starting the baseline: a bare Textual app behind the same SSH server")
        bare = await start_bare_server(env, Path(tmp) / "bare_host_key", Path(tmp) / "bare.log")
        try:
            baseline = await churn(bare, args, "bare app")
        finally:
            await stop_server(bare)
        say("")
        forum_growth = report("forum serve", waves)
        bare_growth = report("bare Textual app, same SSH server", baseline)
        print(
            f"\nkept per ended session after wave 1: forum {forum_growth * 1024:.0f} KB, "
            f"bare app {bare_growth * 1024:.0f} KB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--waves", type=int, default=4, help="waves of sessions (default: 4)")
    parser.add_argument("--per-wave", type=int, default=30, help="sessions a wave (default: 30)")
    parser.add_argument(
        "--at-once", type=int, default=10, help="connecting at a time (default: 10)"
    )
    parser.add_argument(
        "--timeout", type=float, default=120.0,
        help="seconds to wait for the server's full collection after a wave (default: 120)",
    )  # fmt: skip
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
