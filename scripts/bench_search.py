"""Search figures for bench_db.py: post bodies with words to find, the searches timed
(median and p95, beside the same SQL replayed raw), and a post with its index update
against the same post without it.

The bodies are 8 to 40 words drawn from a Zipf-like vocabulary (the words of the social
support article, then 20,000 made-up ones), so common words are common and rare ones
rare. Every fifth post says "counselling" (100,000 of 500,000 posts) and every 500th
"first counselling session".
"""

from __future__ import annotations

import itertools
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from tortoise import connections

from models import blocks, posting, search
from models.actor import Actor
from models.search import SearchFilters

ARTICLE = Path("/work/shared/social-support-article.txt")
COMMON_WORD = "counselling"
PHRASE = "first counselling session"
SEARCHES = {
    "two words": ("support group", 50),
    "quoted phrase": (f'"{PHRASE}"', 100),
    "100,000 posts": (COMMON_WORD, 100),
}
"""Name: (query, target for its p95 in ms)."""
BLOCKED = 5
"""People the filtered search's reader blocked (their posts are left out before ranking)."""
INDEX_RATIO_TARGET = 1.3
REPLY = (
    "Thinking of you today. My first counselling session was hard too, but the support "
    "group helped me more than I expected."
)


class Bodies:
    """Post bodies, the same for the same seed."""

    def __init__(self, seed: int = 13) -> None:
        self.rng = random.Random(seed)
        article = ARTICLE.read_text() if ARTICLE.exists() else "we all need support groups"
        words = [w.strip(".,:;()\"'’“”!?").lower() for w in article.split()]
        vocabulary = list(dict.fromkeys(w for w in words if w.isalpha() and "counsel" not in w))
        syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai")]
        made_up: set[str] = set()
        while len(made_up) < 20_000:
            made_up.add("".join(self.rng.choices(syllables, k=self.rng.randint(2, 4))))
        self.vocabulary = vocabulary + sorted(made_up)
        weights = [1 / (rank + 1) for rank in range(len(self.vocabulary))]
        self.cumulative = list(itertools.accumulate(weights))

    def __call__(self, post_id: int) -> str:
        words = self.rng.choices(
            self.vocabulary, cum_weights=self.cumulative, k=self.rng.randint(8, 40)
        )
        if post_id % 500 == 0:
            words.insert(self.rng.randrange(len(words)), PHRASE)
        elif post_id % 5 == 0:
            words.insert(self.rng.randrange(len(words)), COMMON_WORD)
        words[0] = words[0].capitalize()
        return " ".join(words) + "."


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] * 1000


async def measure(
    reader: Actor,
    timed: Callable[[Callable[[], Awaitable[object]], int], Awaitable[list[float]]],
    captured: Callable[[Callable[[], Awaitable[object]]], Awaitable[list[tuple[str, list]]]],
    raw,
    repeat: int,
) -> None:
    """Each search's first page for ``reader``: ORM and raw medians, p95s, the target."""
    print(
        f"\n{'search':16} {'median':>8} {'p95':>8} {'raw med':>8} {'raw p95':>8} {'hits':>6}"
        "  target"
    )
    board = SearchFilters(board_id=1)
    for n in range(BLOCKED):
        await blocks.block(reader, reader.id + 100 + n)  # type: ignore[operator]
    searches = {
        name: (query, target, SearchFilters()) for name, (query, target) in SEARCHES.items()
    }
    searches[f"board, {BLOCKED} blocked"] = (COMMON_WORD, None, board)
    for name, (query, target, filters) in searches.items():

        async def op(query=query, filters=filters):
            return await search.search(reader, query, filters)

        statements = await captured(op)
        samples = await timed(op, repeat)
        replay = raw.replayer(statements, writes=False)
        raw_samples = await timed(replay, repeat)
        page = await op()
        verdict = "" if target is None else f"p95 <= {target} ms "
        verdict += "" if target is None else "ok " if p95(samples) <= target else "MISSED "
        print(
            f"{name:16} {median(samples):8.2f} {p95(samples):8.2f} {median(raw_samples):8.2f} "
            f"{p95(raw_samples):8.2f} {len(page.items):6}  {verdict}({query})"
        )
    for n in range(BLOCKED):
        await blocks.unblock(reader, reader.id + 100 + n)  # type: ignore[operator]


def median(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def compare_index_updates(writer: Actor, parent_id: int, repeat: int) -> None:
    """The same reply with the index kept in step and without (the triggers off), in
    alternating blocks in this process, so a busy machine slows both alike."""
    fresh = iter(range(10**9))

    async def reply():
        await posting.reply(writer, parent_id, REPLY, f"index{next(fresh):09d}")

    samples: dict[bool, list[float]] = {True: [], False: []}
    block = 10
    await reply()
    for _ in range(max(1, repeat * 6 // block)):
        for indexed in (True, False):
            async with index_kept(indexed):
                await reply()  # the first after a schema change prepares its statements
                for _ in range(block):
                    t0 = time.perf_counter()
                    await reply()
                    samples[indexed].append(time.perf_counter() - t0)
    kept, bare = median(samples[True]), median(samples[False])
    ratio = kept / bare
    verdict = "ok" if ratio <= INDEX_RATIO_TARGET else "MISSED"
    print(
        f"\nreply with its index update {kept:.2f} ms (p95 {p95(samples[True]):.2f}), "
        f"without {bare:.2f} ms (p95 {p95(samples[False]):.2f}): {ratio:.2f}x "
        f"(target <= {INDEX_RATIO_TARGET}x {verdict})"
    )


SQLITE_TRIGGER = "posts_search_insert"
"""The trigger that indexes a new post on SQLite (PostgreSQL's is ``posts_search``)."""


class index_kept:
    """``async with index_kept(False)``: the search triggers are off inside."""

    def __init__(self, on: bool) -> None:
        self.on = on
        self.saved: list[str] = []

    async def __aenter__(self) -> None:
        if self.on:
            return
        conn = connections.get("default")
        if conn.capabilities.dialect == "postgres":
            await conn.execute_script("ALTER TABLE posts DISABLE TRIGGER posts_search")
            return
        rows = await conn.execute_query_dict(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [SQLITE_TRIGGER]
        )
        self.saved = [row["sql"] for row in rows]
        await conn.execute_script(f"DROP TRIGGER {SQLITE_TRIGGER}")

    async def __aexit__(self, *exc: object) -> None:
        if self.on:
            return
        conn = connections.get("default")
        if conn.capabilities.dialect == "postgres":
            await conn.execute_script("ALTER TABLE posts ENABLE TRIGGER posts_search")
            return
        for sql in self.saved:
            await conn.execute_script(sql)
