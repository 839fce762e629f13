"""Measure the terminal app: start-up against a bare Textual app, and a huge thread.

    python scripts/bench_ui.py                 # 9 start-ups of each, 5 opens of the thread
    python scripts/bench_ui.py --runs 15 --replies 10000

Start-up is timed in a real pseudo-terminal: from just before the process is started to
the moment its first screen is on the terminal (a terminal emulator, pyte, reads the
output and we wait for the screen's words). ``forum`` is started as people start it
(``python -m forum`` on a local SQLite file); the bare app is a Textual app showing one
label, started the same way in the same run, so the ratio cancels out the machine.

The big thread (one opening post and --replies replies nested up to 30 deep) is opened
the same way, in the real app on a pty: the time runs from pressing enter on it in the
board's list until the terminal shows the opening post and a screen full of replies.

Targets: start-up at most 1.5x the bare app; the big thread's first screenful within 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import random
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
COLUMNS, ROWS = 100, 32
BARE_APP = """
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("bare app ready")

Bare().run()
"""


# -- start-up in a pseudo-terminal -------------------------------------------------------


def time_to_screen(
    argv: list[str], marker: str, env: dict[str, str], timeout: float = 30.0
) -> float:
    """Seconds from starting ``argv`` on a pty until ``marker`` is on its screen."""
    screen = pyte.Screen(COLUMNS, ROWS)
    stream = pyte.ByteStream(screen)
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    try:
        deadline = started + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.01)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            stream.feed(chunk)
            if any(marker in line for line in screen.display):
                return time.perf_counter() - started
        raise RuntimeError(f"{argv} never showed {marker!r}:\n" + "\n".join(screen.display))
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def terminal_env(workdir: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workdir),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
    }


def startup(runs: int, workdir: Path) -> tuple[list[float], list[float]]:
    env = terminal_env(workdir)
    database = f"sqlite://{workdir / 'startup.sqlite3'}"
    forum = [sys.executable, "-m", "forum", "--data-dir", str(workdir), "--database-url", database]
    bare = [sys.executable, "-c", BARE_APP]
    time_to_screen(forum, "Browse as guest", env)  # creates and migrates the database once
    time_to_screen(bare, "bare app ready", env)  # warms the file cache for both
    forum_times, bare_times = [], []
    for _ in range(runs):  # interleaved, so a busy moment hits both alike
        bare_times.append(time_to_screen(bare, "bare app ready", env))
        forum_times.append(time_to_screen(forum, "Browse as guest", env))
    return forum_times, bare_times


# -- the big thread ------------------------------------------------------------------------


async def build_big_thread(replies: int) -> tuple[int, object]:
    """A thread with ``replies`` replies nested up to 30 deep, written in bulk."""
    from models import accounts, boards, posting
    from models.entities import Post, Thread
    from models.posting import _segment

    rng = random.Random(7)
    people = [await accounts.register(f"reader{i}", None) for i in range(20)]
    board = (await boards.list_boards())[0]
    started = await posting.start_thread(
        people[0],
        board.id,
        "A thread with very many replies",
        "Everyone is welcome to add to this one.",
        uuid.uuid4().hex,
    )
    thread_id, opening = started.thread_id, started.id
    start = datetime.now(UTC) - timedelta(days=30)
    nodes = [(opening, _segment(0), 0)]  # (id, path, depth)
    children: dict[int, int] = {}
    rows = []
    next_id = opening + 1
    for n in range(replies):
        parent_id, parent_path, depth = nodes[rng.randrange(len(nodes))]
        if depth >= 30:
            parent_id, parent_path, depth = nodes[0]
        children[parent_id] = children.get(parent_id, 0) + 1
        path = parent_path + _segment(n + 1)
        body = rng.choice([
            "Thank you for sharing this. You're not alone in it.",
            "It did get easier for me, slowly. Be gentle with yourself in the meantime.",
            "What helped me was writing down *one* thing each evening that went okay.",
            "I hear you. That sounds really hard.",
        ])  # fmt: skip
        rows.append(Post(
            id=next_id, thread_id=thread_id, author_id=rng.choice(people).id,
            parent_id=parent_id, path=path, depth=depth + 1, body=body,
            created_at=start + timedelta(seconds=n), client_key=uuid.uuid4().hex,
        ))  # fmt: skip
        nodes.append((next_id, path, depth + 1))
        next_id += 1
    await Post.bulk_create(rows, batch_size=1000)
    await Thread.filter(id=thread_id).update(post_seq=replies + 1, reply_count=replies)
    return thread_id, people[0]


async def make_big_database(replies: int, workdir: Path) -> str:
    from forum.config import Settings
    from forum.database import connected

    url = f"sqlite://{workdir / 'big.sqlite3'}"
    async with connected(Settings(workdir, url)):
        await build_big_thread(replies)
    return url


def open_big_thread(url: str, workdir: Path, env: dict[str, str]) -> float:
    """Seconds from pressing enter on the big thread until its first screenful shows."""
    argv = [sys.executable, "-m", "forum", "--data-dir", str(workdir), "--database-url", url]
    screen = pyte.Screen(COLUMNS, ROWS)
    stream = pyte.ByteStream(screen)
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))

    def until(check, timeout: float = 30.0) -> None:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if select.select([fd], [], [], 0.005)[0]:
                stream.feed(os.read(fd, 65536))
                if check("\n".join(screen.display)):
                    return
        raise RuntimeError("gave up; screen:\n" + "\n".join(screen.display))

    try:
        until(lambda text: "Browse as guest" in text)
        os.write(fd, b"\x02")  # ctrl+b: browse as a guest
        until(lambda text: "Introductions" in text and "threads" in text)
        os.write(fd, b"\r")
        until(lambda text: "A thread with very many replies" in text)
        started = time.perf_counter()
        os.write(fd, b"\r")
        # The first screenful: the opening post and the screen filled with replies.
        until(lambda text: "Everyone is welcome" in text and text.count("▾ reader") >= 6)
        return time.perf_counter() - started
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="start-ups of each app")
    parser.add_argument("--replies", type=int, default=10_000)
    parser.add_argument("--opens", type=int, default=5, help="times to open the big thread")
    parser.add_argument("--skip-startup", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if not args.skip_startup:
            print(f"start-up to the first screen, median of {args.runs} (pty {COLUMNS}x{ROWS}):")
            forum_times, bare_times = startup(args.runs, workdir)
            forum_s, bare_s = statistics.median(forum_times), statistics.median(bare_times)
            ratio = forum_s / bare_s
            verdict = "ok" if ratio <= 1.5 else "MISSED"
            print(f"  forum    {forum_s * 1000:7.0f} ms")
            print(f"  bare app {bare_s * 1000:7.0f} ms")
            print(f"  ratio    {ratio:7.2f}x   (target <= 1.5x: {verdict})")
        print(
            f"thread with {args.replies:,} replies: enter to first screenful, "
            f"median of {args.opens}:"
        )
        url = asyncio.run(make_big_database(args.replies, workdir))
        opens = [open_big_thread(url, workdir, terminal_env(workdir)) for _ in range(args.opens)]
        first = statistics.median(opens)
        verdict = "ok" if first <= 1 else "MISSED"
        print(
            f"  {first * 1000:7.0f} ms   (target <= 1000 ms: {verdict}; "
            f"all: {', '.join(f'{t * 1000:.0f}' for t in opens)})"
        )


if __name__ == "__main__":
    main()
