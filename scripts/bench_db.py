"""Database benchmark: the forum's main reads and a reply on a large database.

    python scripts/bench_db.py --backend postgres     # or sqlite (default sizes below)
    python scripts/bench_db.py --threads 5000 --posts 50000 --repeat 15   # a quick run

Builds a database (default 20 boards, 50,000 threads, 500,000 posts, one thread with
10,000 replies nested up to 30 deep) with a progress bar, then times each domain
operation (medians of --repeat runs) and, in the same run, replays the exact SQL that
operation sent through the raw driver (asyncpg or sqlite3) and prints ORM/raw ratios.
Then the searches (bench_search.py: medians and p95s, raw beside them) and a reply with its
search-index update against the same reply without it.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import bench_search
import click
from tortoise import Tortoise

from forum.database import keep_session, migrate, tortoise_config
from models import accounts, boards, clock, notifications, posting, threads, unread
from models.actor import Actor
from models.posting import _segment

MAX_DEPTH = 30
TARGETS_MS = {
    "board list": 20, "board page": 20, "first screenful": 50, "whole tree": 500,
    "boards + new": 20, "inbox page": 10, "page + new": 20,
}  # fmt: skip
READER, NOTIFIED = 1, 2
"""user1 has read 1,000 old threads and a board's first page (the boards, and that page,
with what is new for them); user2 has 10,000 notifications (the inbox)."""
PAGE = 50
"""Threads on a board's page (boards.PAGE_SIZE)."""
FOLLOWERS = range(3, 9)
"""Follow thread 2: a reply there notifies its starter and these six."""


def live_rows(thread_rows: list[tuple], post_rows: list[tuple]) -> dict[str, list[tuple]]:
    """Read marks, notifications and follows for the live-update figures."""
    rng = random.Random(11)
    first_post = {}
    for row in post_rows:
        first_post.setdefault(row[1], row[0])
    # The reader opened 1,000 old threads, and every thread on the first page of the big
    # thread's board (the big one too), each when it was started: all since is new to them.
    read = {row[0]: row for row in thread_rows[1:1001]}
    read |= {row[0]: row for row in busiest_page(thread_rows)}
    marks = [(n, READER, tid, row[4]) for n, (tid, row) in enumerate(read.items(), 1)]
    start = datetime(2025, 6, 1, tzinfo=UTC)
    notes = []
    for n in range(1, 10_001):
        tid = rng.randrange(1, len(thread_rows) + 1)
        notes.append((n, NOTIFIED, "thread_reply", tid, first_post[tid], 3, 1,
                      start + timedelta(seconds=n)))  # fmt: skip
    follows = [(n, user, 2, False, start) for n, user in enumerate(FOLLOWERS, 1)]
    return {"read_marks": marks, "notifications": notes, "follows": follows}


def busiest_page(thread_rows: list[tuple]) -> list[tuple]:
    """The first page of the big thread's board, most active first (as the board shows)."""
    board = [row for row in thread_rows if row[1] == thread_rows[0][1]]
    return sorted(board, key=lambda row: (row[8], row[5], row[0]), reverse=True)[:PAGE]


# ---------------------------------------------------------------- building the data
def generate(n_boards: int, n_threads: int, n_posts: int, big: int, seed: int = 7):
    """Rows for every table, consistent with what the domain would have written."""
    rng = random.Random(seed)
    body = bench_search.Bodies()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    users = [(i, f"user{i}", f"user{i}", f"User {i}", "", "member", start) for i in range(1, 1001)]
    weights = [1 / (b + 1) for b in range(n_boards)]  # board 1 is the largest
    thread_boards = rng.choices(range(1, n_boards + 1), weights, k=n_threads)
    per_thread = [0] * n_threads
    per_thread[0] = big
    for _ in range(max(0, n_posts - n_threads - big)):
        per_thread[rng.randrange(1, n_threads)] += 1
    thread_rows, post_rows = [], []
    post_id = 0
    for t in range(n_threads):
        tid = t + 1
        created = start + timedelta(seconds=t * 60)
        author = rng.randrange(1, 1001)
        nodes: list[tuple[int, str, int]] = []  # (post id, path, depth)
        at = created
        for n in range(per_thread[t] + 1):
            post_id += 1
            if n == 0:
                parent, path, depth = None, _segment(0), 0
            else:
                if t == 0:  # the big thread: long chains up to MAX_DEPTH, then branch
                    pid, ppath, pdepth = (
                        nodes[-1] if nodes[-1][2] < MAX_DEPTH else rng.choice(nodes)
                    )
                    while pdepth >= MAX_DEPTH:
                        pid, ppath, pdepth = rng.choice(nodes)
                else:
                    pid, ppath, pdepth = rng.choice(nodes)
                parent, path, depth = pid, ppath + _segment(n), pdepth + 1
            at = created + timedelta(seconds=n * 7)
            who = author if n == 0 else rng.randrange(1, 1001)
            post_rows.append(
                (
                    post_id,
                    tid,
                    who,
                    parent,
                    path,
                    depth,
                    body(post_id),
                    at,
                    uuid.UUID(int=post_id).hex,
                )
            )
            nodes.append((post_id, path, depth))
        thread_rows.append(
            (
                tid,
                thread_boards[t],
                author,
                f"Thread {tid}",
                created,
                at,
                per_thread[t],
                per_thread[t] + 1,
                t % 997 == 0,
                False,
            )
        )
    board_rows = []
    for b in range(1, n_boards + 1):
        mine = [r for r in thread_rows if r[1] == b]
        board_rows.append(
            (
                b,
                f"board-{b}",
                f"Board {b}",
                "A board for the benchmark",
                b,
                len(mine),
                sum(1 for r in mine if r[6] == 0),
                max((r[5] for r in mine), default=None),
                False,
            )
        )
    return users, board_rows, thread_rows, post_rows


COLUMNS = {
    "users": (
        "id",
        "username",
        "username_key",
        "display_name",
        "password_hash",
        "role",
        "created_at",
    ),
    "boards": (
        "id",
        "slug",
        "name",
        "description",
        "position",
        "thread_count",
        "unanswered_count",
        "last_activity_at",
        "locked",
    ),
    "threads": (
        "id",
        "board_id",
        "author_id",
        "title",
        "created_at",
        "last_activity_at",
        "reply_count",
        "post_seq",
        "pinned",
        "locked",
    ),
    "read_marks": ("id", "user_id", "thread_id", "read_to"),
    "notifications": (
        "id",
        "recipient_id",
        "kind",
        "thread_id",
        "post_id",
        "actor_id",
        "count",
        "created_at",
    ),
    "follows": ("id", "user_id", "thread_id", "muted", "created_at"),
    "posts": (
        "id",
        "thread_id",
        "author_id",
        "parent_id",
        "path",
        "depth",
        "body",
        "created_at",
        "client_key",
    ),
}


async def load_postgres(url: str, tables: dict[str, list[tuple]]) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        for table, rows in tables.items():
            with click.progressbar(
                length=len(rows), label=f"Loading {table:8}", file=sys.stderr
            ) as bar:
                for i in range(0, len(rows), 20_000):
                    chunk = rows[i : i + 20_000]
                    await conn.copy_records_to_table(table, records=chunk, columns=COLUMNS[table])
                    bar.update(len(chunk))
            top = f"(SELECT max(id) FROM {table})"
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {top})")
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


def load_sqlite(path: str, tables: dict[str, list[tuple]]) -> None:
    import sqlite3

    db = sqlite3.connect(path)
    try:
        for table, rows in tables.items():
            cols = COLUMNS[table]
            sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            with click.progressbar(
                length=len(rows), label=f"Loading {table:8}", file=sys.stderr
            ) as bar:
                for i in range(0, len(rows), 20_000):
                    chunk = [tuple(_sqlite_value(v) for v in row) for row in rows[i : i + 20_000]]
                    db.executemany(sql, chunk)
                    bar.update(len(chunk))
        db.commit()
        db.execute("ANALYZE")
    finally:
        db.close()


def _sqlite_value(value):
    return value.isoformat(sep=" ") if isinstance(value, datetime) else value


# ---------------------------------------------------------------- capturing and replaying SQL
class Capture(logging.Handler):
    """Records every (sql, params) Tortoise sends while attached."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[tuple[str, list]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.args, tuple) and len(record.args) == 2:
            sql, params = record.args
            if isinstance(sql, str):
                self.statements.append((sql, list(params or [])))


async def captured(op: Callable[[], Awaitable[object]]) -> list[tuple[str, list]]:
    logger = logging.getLogger("tortoise.db_client")
    handler, level = Capture(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        await op()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return handler.statements


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def timed(op: Callable[[], Awaitable[object]], repeat: int) -> list[float]:
    """``repeat`` timings after a warm-up; six times as many for sub-10 ms operations,
    whose medians a busy machine otherwise shakes by a tenth of a millisecond."""
    t0 = time.perf_counter()
    await op()  # warm caches and prepared statements
    if time.perf_counter() - t0 < 0.010:
        repeat *= 6
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        await op()
        samples.append(time.perf_counter() - t0)
    return samples


# ---------------------------------------------------------------- main
async def run(args: argparse.Namespace) -> None:
    if args.backend == "postgres":
        url = args.pg_url
        await _recreate_pg(url)
    else:
        folder = Path(args.sqlite_dir or tempfile.mkdtemp(prefix="forum-bench-"))
        db_file = folder / "bench.sqlite3"
        db_file.unlink(missing_ok=True)
        url = f"sqlite://{db_file}"
    print(f"backend {args.backend}: {url}", file=sys.stderr)
    await migrate(url)
    t0 = time.perf_counter()
    users, board_rows, thread_rows, post_rows = generate(
        args.boards, args.threads, args.posts, args.big_replies
    )
    tables = {"users": users, "boards": board_rows, "threads": thread_rows, "posts": post_rows}
    tables |= live_rows(thread_rows, post_rows)
    if args.backend == "postgres":
        await load_postgres(url, tables)
    else:
        load_sqlite(str(db_file), tables)
    print(
        f"built {len(thread_rows):,} threads, {len(post_rows):,} posts in "
        f"{time.perf_counter() - t0:.0f} s",
        file=sys.stderr,
    )

    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    try:
        raw = await RawDriver.open(args.backend, url)
        try:
            await measure(args, raw)
        finally:
            await raw.close()
    finally:
        await Tortoise.close_connections()


async def measure(args: argparse.Namespace, raw: RawDriver) -> None:
    # The domain's "now" is just after the newest post, moving on in real time, so what
    # depends on it (a thread nobody opened is new for two weeks) sees the data as fresh:
    # on the real clock every generated thread is too old to count.
    newest = max(b.last_activity_at for b in await boards.list_boards() if b.last_activity_at)
    began = datetime.now(UTC)
    clock.set_clock(lambda: newest + timedelta(minutes=1) + (datetime.now(UTC) - began))
    try:
        await _measure(args, raw)
    finally:
        clock.set_clock(None)


async def _measure(args: argparse.Namespace, raw: RawDriver) -> None:
    me: Actor = await accounts.find("user1")  # type: ignore[assignment]
    told: Actor = await accounts.find(f"user{NOTIFIED}")  # type: ignore[assignment]
    quiet_thread = 3  # nobody follows it; its posts are answered by their own authors
    big_root = 1
    big_board = (await threads.get_thread(1)).board_id
    fresh = iter(range(10**9))

    def reply_key():
        return f"bench{next(fresh):09d}"

    ops: dict[str, Callable[[], Awaitable[object]]] = {
        "board list": boards.list_boards,
        "board page": lambda: boards.board_threads(1, "active"),
        "first screenful": lambda: threads.open_thread(1, limit=50),
        "whole tree": lambda: threads.open_thread(1),
        "reply": lambda: posting.reply(me, big_root, "Thinking of you today.", reply_key()),
        "boards + new": lambda: _boards_and_new(me),
        "inbox page": lambda: notifications.inbox(told),
        "page + new": lambda: _page_and_new(me, big_board),
    }
    header = f"{'operation':16} {'ORM ms':>9} {'raw ms':>9} {'ratio':>6}  target"
    print(f"\n{header}  (median of {args.repeat}; {args.repeat * 6} under 10 ms)")
    for name, op in ops.items():
        if name == "reply":
            await op()  # the first reply follows the thread: the ones timed do not again
        statements = await captured(op)
        orm = median_ms(await timed(op, args.repeat))
        replay = raw.replayer(statements, writes=name == "reply")
        base = median_ms(await timed(replay, args.repeat))
        target = TARGETS_MS.get(name)
        verdict = "" if target is None else f"<= {target} ms {'ok' if orm <= target else 'MISSED'}"
        print(
            f"{name:16} {orm:9.2f} {base:9.2f} {orm / base:6.2f}  {verdict}"
            f"{' ratio ok' if orm / base <= 1.5 else ' ratio MISSED'}"
        )
    await compare_replies(args, await threads.open_thread(2, limit=1), quiet_thread)
    await bench_search.measure(me, timed, captured, raw, args.repeat)
    quiet = (await threads.open_thread(quiet_thread, limit=1)).posts[0]
    quiet_author: Actor = await accounts.find(f"user{quiet.author_id}")  # type: ignore[assignment]
    await bench_search.compare_index_updates(quiet_author, quiet.id, args.repeat)
    view = await threads.open_thread(1)
    print(
        f"\nbig thread: {len(view.posts):,} posts, deepest reply at depth "
        f"{max(p.depth for p in view.posts)}"
    )


async def _page_and_new(me: Actor, board_id: int) -> None:
    """A board's first page with how many posts are new in each thread the reader read."""
    page = await boards.board_threads(board_id, "active", limit=PAGE)
    await unread.new_in_threads(me, [thread.id for thread in page.items])


async def _boards_and_new(me: Actor) -> None:
    await boards.list_boards()
    await unread.new_on_boards(me)


async def compare_replies(args: argparse.Namespace, followed, quiet_thread: int) -> None:
    """A reply that notifies the thread's starter and six followers, against a reply that
    notifies nobody (its thread's starter replying to their own opening post, unfollowed)."""
    opening = followed.posts[0]
    quiet = (await threads.open_thread(quiet_thread, limit=1)).posts[0]
    author = await accounts.find(f"user{quiet.author_id}")
    if quiet.author_id in FOLLOWERS or opening.author_id == READER:
        print("(the sample threads' authors overlap the followers: figures are rough)")
    writer: Actor = await accounts.find(f"user{READER}")  # type: ignore[assignment]
    fresh = iter(range(10**9))
    told_samples, alone_samples = await alternated(
        lambda: posting.reply(writer, opening.id, "Sending strength.", f"told{next(fresh):09d}"),
        lambda: posting.reply(author, quiet.id, "An update.", f"quiet{next(fresh):09d}"),
        args.repeat * 6,
    )  # fmt: skip
    told, alone = median_ms(told_samples), median_ms(alone_samples)
    ratio = told / alone
    print(
        f"\nreply notifying 7 people {told:.2f} ms, reply notifying nobody {alone:.2f} ms: "
        f"{ratio:.2f}x (target <= 2x {'ok' if ratio <= 2 else 'MISSED'})"
    )


async def alternated(
    first: Callable[[], Awaitable[object]], second: Callable[[], Awaitable[object]], repeat: int
) -> tuple[list[float], list[float]]:
    """``repeat`` timings of each, taken in turn after a warm-up, so that a machine busy
    with something else for a while slows both alike and their ratio holds."""
    samples: tuple[list[float], list[float]] = ([], [])
    await first()
    await second()
    for _ in range(repeat):
        for op, out in ((first, samples[0]), (second, samples[1])):
            t0 = time.perf_counter()
            await op()
            out.append(time.perf_counter() - t0)
    return samples


class RawDriver:
    """The same statements through the bare driver, with no ORM in between."""

    def __init__(self, backend: str, conn) -> None:
        self.backend, self.conn = backend, conn
        self.unique = iter(range(10**9))

    @classmethod
    async def open(cls, backend: str, url: str) -> RawDriver:
        if backend == "postgres":
            import asyncpg

            # A pool configured as the forum's own (forum/database.py), so the ratio shows
            # what the ORM adds, not what pooling costs.
            pool = await asyncpg.create_pool(url, min_size=1, max_size=10, reset=keep_session)
            return cls(backend, pool)
        import sqlite3

        conn = sqlite3.connect(url.removeprefix("sqlite://"), isolation_level=None)
        return cls(backend, conn)

    async def close(self) -> None:
        if self.backend == "postgres":
            await self.conn.close()
        else:
            self.conn.close()

    def replayer(self, statements: list[tuple[str, list]], writes: bool):
        async def replay_pg():
            if writes:
                async with self.conn.acquire() as conn, conn.transaction():
                    for sql, params in statements:
                        if _many(params):  # a bulk insert
                            await conn.executemany(sql, [self._fresh(p) for p in params])
                        else:
                            await conn.fetch(sql, *self._fresh(params))
            else:
                for sql, params in statements:
                    await self.conn.fetch(sql, *params)

        async def replay_sqlite():
            if writes:
                self.conn.execute("BEGIN")
            for sql, params in statements:
                if _many(params):  # a bulk insert
                    self.conn.executemany(sql, [self._fresh(p) for p in params])
                    continue
                self.conn.execute(sql, self._fresh(params) if writes else params).fetchall()
            if writes:
                self.conn.execute("COMMIT")

        return replay_pg if self.backend == "postgres" else replay_sqlite

    def _fresh(self, params: list) -> list:
        """A replayed insert needs its own unique key and path, of the same shape."""
        out = []
        for value in params:
            if isinstance(value, str) and value.startswith("bench"):
                value = f"raw{next(self.unique):011d}"
            elif (
                isinstance(value, str)
                and len(value) % 5 == 0
                and value[:5] == "00000"
                and len(value) > 5
            ):
                value = value[:-5] + f"z{next(self.unique):04d}"[-5:]
            out.append(value)
        return out


def _many(params: list) -> bool:
    return bool(params) and isinstance(params[0], (list, tuple))


async def _recreate_pg(url: str) -> None:
    import asyncpg

    base, _, name = url.rpartition("/")
    admin = await asyncpg.connect(f"{base}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/forum_bench")
    parser.add_argument(
        "--sqlite-dir", help="folder for the SQLite file (default: a temporary one)"
    )
    parser.add_argument("--boards", type=int, default=20)
    parser.add_argument("--threads", type=int, default=50_000)
    parser.add_argument("--posts", type=int, default=500_000)
    parser.add_argument("--big-replies", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=50)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
