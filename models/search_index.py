"""The full-text index of posts: filling it, and the language it stems words for.

What it holds is kept in step by the database itself, in the transaction of every write
(the triggers of migration 0006): a post's words, and for a thread's opening post its
title too, from the moment it is written; an edit replaces them at once, a removal takes
them out (a removed post is found by nothing), a retitled thread re-indexes its opening
post. PostgreSQL keeps a ``tsvector`` in ``posts.search`` (GIN index); SQLite an FTS5 table
``post_search`` whose rowid is the post's id.

The language is a PostgreSQL text-search configuration (``english`` by default: stems
"counselling" and "counsellor" alike and leaves out stop words). SQLite's FTS5 stems
English only: there ``english`` (the porter stemmer) or ``simple`` (no stemming).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.errors import ValidationError

DEFAULT_LANGUAGE = "english"
SQLITE_TOKENIZERS = {
    "english": "porter unicode61 remove_diacritics 2",
    "simple": "unicode61 remove_diacritics 2",
}
BATCH = 10_000
"""Posts indexed a statement when filling: progress shows after each batch."""
SHOW_PROGRESS_FROM = BATCH
"""Fills of fewer posts say nothing."""

Progress = Callable[[int, int], object]
"""Called with (posts done, posts in all) while a large index fills."""

_language = DEFAULT_LANGUAGE


def language() -> str:
    """The language this process indexes and searches in (stop words depend on it)."""
    return _language


async def fill(client: BaseDBAsyncClient, progress: Progress | None = None) -> None:
    """Index every post that is not removed (the index must be empty, or be replaced)."""
    postgres = client.capabilities.dialect == "postgres"
    _, rows = await client.execute_query("SELECT min(id), max(id), count(*) FROM posts")
    low, high, total = rows[0][0], rows[0][1], rows[0][2]
    if not total:
        return
    show = progress if progress is not None and total >= SHOW_PROGRESS_FROM else None
    if postgres:
        batch = (
            "UPDATE posts p SET search = forum_post_search("
            "CASE WHEN p.depth = 0 THEN t.title END, p.body) FROM threads t "
            "WHERE t.id = p.thread_id AND p.removed_at IS NULL AND p.id >= $1 AND p.id < $2"
        )
    else:
        batch = (
            "INSERT INTO post_search (rowid, title, body) "
            "SELECT p.id, CASE WHEN p.depth = 0 THEN t.title ELSE '' END, p.body "
            "FROM posts p JOIN threads t ON t.id = p.thread_id "
            "WHERE p.removed_at IS NULL AND p.id >= ? AND p.id < ?"
        )
    for start in range(low, high + 1, BATCH):
        await client.execute_query(batch, [start, start + BATCH])
        if show is not None:
            show(min(total, round(total * (start + BATCH - low) / (high + 1 - low))), total)
    if not postgres:
        await client.execute_query("INSERT INTO post_search (post_search) VALUES ('optimize')")


async def use_language(name: str, progress: Progress | None = None) -> None:
    """Index and search in ``name`` from now on: when the index was built for another
    language, it is rebuilt (in one transaction: searches see the old index until then)."""
    global _language
    if not re.fullmatch(r"[a-z_]{1,63}", name):
        raise ValidationError(
            "search language", f"must be a lower-case name such as {DEFAULT_LANGUAGE!r}"
        )
    client = connections.get("default")
    if client.capabilities.dialect == "postgres":
        await _postgres_language(client, name, progress)
    else:
        await _sqlite_language(client, name, progress)
    _language = name


async def _postgres_language(client: BaseDBAsyncClient, name: str, progress) -> None:
    _, rows = await client.execute_query("SELECT language::text FROM search_config")
    if rows[0][0] == name:
        return
    _, known = await client.execute_query("SELECT cfgname FROM pg_ts_config ORDER BY 1")
    names = [row[0] for row in known]
    if name not in names:
        raise ValidationError(
            "search language", f"must be one of PostgreSQL's: {', '.join(names)} (not {name!r})"
        )
    async with in_transaction() as conn:
        await conn.execute_query("UPDATE search_config SET language = $1::regconfig", [name])
        await fill(conn, progress)


async def _sqlite_language(client: BaseDBAsyncClient, name: str, progress) -> None:
    if name not in SQLITE_TOKENIZERS:
        raise ValidationError(
            "search language",
            f"on SQLite must be {' or '.join(map(repr, SQLITE_TOKENIZERS))} (not {name!r})",
        )
    _, rows = await client.execute_query(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'post_search'"
    )
    tokenizer = SQLITE_TOKENIZERS[name]
    if f"tokenize = '{tokenizer}'" in rows[0][0]:
        return
    async with in_transaction() as conn:
        # One statement at a time: a script would commit the transaction first.
        await conn.execute_query("DROP TABLE post_search")
        await conn.execute_query(
            f"CREATE VIRTUAL TABLE post_search USING fts5(title, body, tokenize = '{tokenizer}')"
        )
        await fill(conn, progress)
