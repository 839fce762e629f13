"""The one search statement, written for each backend's full-text engine.

Both find the posts matching the query among those the reader may see (the filters and
the reader's blocks applied before anything is ranked), score them (PostgreSQL
``ts_rank`` on the ``posts.search`` tsvector, SQLite ``bm25`` on the ``post_search`` FTS5
table; higher is better on both), and return one page in score order, ties newest first,
after the keyset cursor. Snippets come back with each matched word between ``MARK_START``
and ``MARK_END``.

Relevance is ranked among the newest ``RANKED_MAX`` matches: a word in a fifth of all
posts would otherwise be scored in every one of them for each page (100,000 posts: about
200 ms), while the newest ten thousand are scored in a few milliseconds, and any query
that finds fewer is ranked whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise import connections

from models.search_query import Query

RANKED_MAX = 10_000
MARK_START, MARK_END = "\x01", "\x02"
"""Around each matched word in a snippet: control characters, which stored text never
holds (models.text strips them), so no post can fake a highlight."""
SNIPPET_WORDS = 24
HEADLINE = f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={SNIPPET_WORDS}, MinWords=12'
TITLE_WEIGHT = 4.0
"""How much more a word of a thread's title counts than one of its opening post (SQLite;
PostgreSQL weighs the title A against the body's D)."""


@dataclass(frozen=True, slots=True)
class Where:
    """Which posts a search may find, and which page."""

    blocked: tuple[int, ...] = ()
    author_id: int | None = None
    board_id: int | None = None
    unanswered: bool = False
    starter_id: int | None = None
    after: tuple[float, int] | None = None
    """The (score, post id) of the last hit the previous page showed."""
    limit: int = 20


@dataclass(frozen=True, slots=True)
class Row:
    score: float
    post_id: int
    thread_id: int
    board_id: int
    board: str
    title: str
    thread_warning: str | None
    starter_id: int
    author: str
    created_at: datetime
    body: str
    post_warning: str | None
    depth: int
    snippet: str


class _Params:
    """Collects values and writes each backend's placeholder for them."""

    def __init__(self, postgres: bool) -> None:
        self.values: list[Any] = []
        self.postgres = postgres

    def __call__(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}" if self.postgres else "?"


def _filters(where: Where, p: _Params) -> str:
    sql = []
    if where.blocked:
        if p.postgres:
            sql.append(f"p.author_id <> ALL({p(list(where.blocked))}::int[])")
        else:
            sql.append(f"p.author_id NOT IN ({', '.join(p(i) for i in where.blocked)})")
    if where.author_id is not None:
        sql.append(f"p.author_id = {p(where.author_id)}")
    threads = []
    if where.board_id is not None:
        threads.append(f"board_id = {p(where.board_id)}")
    if where.unanswered:
        threads.append("reply_count = 0")
    if where.starter_id is not None:
        threads.append(f"author_id = {p(where.starter_id)}")
    if threads:
        sql.append(f"p.thread_id IN (SELECT id FROM threads WHERE {' AND '.join(threads)})")
    return "".join(f" AND {s}" for s in sql)


def _after(where: Where, p: _Params) -> str:
    if where.after is None:
        return ""
    score, post_id = where.after
    return f" AND (w.score < {p(score)} OR (w.score = {p(score)} AND w.id < {p(post_id)}))"


_PAGE_COLUMNS = (
    "w.score, p.id, p.thread_id, t.board_id, b.name AS board, t.title, "
    "t.content_warning AS thread_warning, t.author_id AS starter_id, u.display_name AS author, "
    "p.created_at, p.body, p.content_warning AS post_warning, p.depth"
)
_PAGE_JOINS = (
    "JOIN posts p ON p.id = w.id JOIN threads t ON t.id = p.thread_id "
    "JOIN boards b ON b.id = t.board_id JOIN users u ON u.id = p.author_id"
)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def postgres(query: Query, where: Where, language: str) -> tuple[str, list[Any]]:
    p = _Params(postgres=True)
    # The query is written into the SQL, not bound: PostgreSQL then knows, when it plans,
    # how many posts hold each word (a prepared plan would guess, and could scan the
    # whole table for a rare word or rank every post holding a common one). It is safe:
    # the language matched [a-z_]+, and the terms hold only letters, marks, digits,
    # spaces, '"' and '-' (models.search_query); quotes are doubled all the same.
    groups, excluded = query.websearch()
    each = [f"websearch_to_tsquery({_literal(language)}, {_literal(g)})" for g in groups]
    each += [f"!!websearch_to_tsquery({_literal(language)}, {_literal(t)})" for t in excluded]
    tsquery = f"({' && '.join(each)})"
    ranked = (
        f"SELECT p.id, ts_rank(p.search, {tsquery})::float8 AS score FROM posts p "
        f"WHERE p.search @@ {tsquery} AND p.removed_at IS NULL{_filters(where, p)} "
        f"ORDER BY p.id DESC LIMIT {RANKED_MAX}"
    )
    headline = f", ts_headline({_literal(language)}, p.body, {tsquery}, {p(HEADLINE)})"
    return _page(ranked, where, p, headline), p.values


def sqlite(query: Query, where: Where) -> tuple[str, list[Any]]:
    p = _Params(postgres=False)
    match = p(query.fts5())
    filters = _filters(where, p)
    join = " JOIN posts p ON p.id = s.rowid" if filters else ""
    ranked = (
        f"SELECT s.rowid AS id, -bm25(post_search, {TITLE_WEIGHT}, 1.0) AS score "
        f"FROM post_search s{join} WHERE post_search MATCH {match}{filters} "
        f"ORDER BY s.rowid DESC LIMIT {RANKED_MAX}"
    )
    return _page(ranked, where, p), p.values


def _page(ranked: str, where: Where, p: _Params, extra: str = "") -> str:
    """The page of ``ranked`` after the cursor, and only then what each hit shows."""
    top = (
        f"SELECT id, score FROM ranked w WHERE TRUE{_after(where, p)} "
        f"ORDER BY score DESC, id DESC LIMIT {p(where.limit)}"
    )
    return (
        f"WITH ranked AS MATERIALIZED ({ranked}), top AS MATERIALIZED ({top}) "
        f"SELECT {_PAGE_COLUMNS}{extra} FROM top w {_PAGE_JOINS} "
        "WHERE p.removed_at IS NULL ORDER BY w.score DESC, w.id DESC"
    )


def sqlite_snippets(query: Query, post_ids: list[int]) -> tuple[str, list[Any]]:
    """FTS5 makes a snippet only in a statement that matches: one for the page's posts."""
    p = _Params(postgres=False)
    sql = (
        f"SELECT rowid, snippet(post_search, 1, char(1), char(2), '', {SNIPPET_WORDS}) "
        f"FROM post_search WHERE post_search MATCH {p(query.fts5())} "
        f"AND rowid IN ({', '.join(p(i) for i in post_ids)})"
    )
    return sql, p.values


async def rows(query: Query, where: Where, language: str) -> list[Row]:
    conn = connections.get("default")
    if conn.capabilities.dialect == "postgres":
        _, found = await conn.execute_query(*postgres(query, where, language))
        return [Row(*row) for row in found]
    _, found = await conn.execute_query(*sqlite(query, where))
    if not found:
        return []
    _, snippets = await conn.execute_query(*sqlite_snippets(query, [r[1] for r in found]))
    by_id = {post_id: snippet for post_id, snippet in snippets}
    return [
        Row(*row[:9], datetime.fromisoformat(row[9]), *row[10:], by_id.get(row[1], ""))
        for row in found
    ]
