"""Full-text search over posts, keeping every reader's safety choices.

A search finds posts (a thread's opening post by its title too), ranked by relevance,
ties newest first, a keyset page at a time. What it never shows: a removed post (the index
drops it), a post by someone the reader blocked. What it shows veiled: a post or thread
behind a content warning, or naming a topic the reader hides, comes with the warning in
place of its snippet, and a title naming a hidden topic is left out, as on the board.
Everyone reads the same boards (there are no boards only some may read), so guests, members
and staff search the same posts; only "my threads" needs an account.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime

from models import accounts, blocks, boards, search_index, search_query, text, warnings
from models import cursor as keyset
from models.actor import Actor
from models.errors import PermissionDenied, ValidationError
from models.search_query import ENGLISH_STOP_WORDS
from models.search_sql import MARK_END, MARK_START, Row, Where, rows
from models.views import Page

PAGE_SIZE = 20
PAGE_MAX = 50
_WHITESPACE_RUN = re.compile(r"\s+")
_MARKS = re.compile(f"({MARK_START}|{MARK_END})")


@dataclass(frozen=True, slots=True)
class SearchFilters:
    board_id: int | None = None
    author: str | None = None
    """A username as typed (``@`` in front allowed): only their posts."""
    unanswered: bool = False
    """Only threads with no reply yet."""
    mine: bool = False
    """Only threads the reader started (not for guests)."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    thread_id: int
    post_id: int
    board_id: int
    board: str
    """The board's name."""
    title: str | None
    """The thread's title; None when it names one of the reader's hidden topics (the board
    hides such a title too). A thread's own content warning leaves its title shown, as the
    board does, and puts the warning in place of the snippet."""
    author: str
    """The post's author's display name."""
    created_at: datetime
    snippet: tuple[tuple[str, bool], ...] | None
    """Plain text segments of the post around what matched, True for a matched word; None
    when the post is veiled for this reader (``warning`` says why)."""
    warning: str | None
    """What to show instead of the snippet: the thread's or the post's content warning,
    or the reader's hidden topics it names."""
    opening: bool = False
    """The hit is the thread's opening post (its title may be what matched)."""


async def search(
    reader: Actor,
    query: str,
    filters: SearchFilters = SearchFilters(),
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
) -> Page[SearchHit]:
    """One page of the posts matching ``query`` that ``reader`` may see; pass the page's
    ``next_cursor`` back (with the same query and filters) for the next.

    A query that cannot find anything, an unknown author, a guest asking for their own
    threads or a cursor this search did not give out raise a ForumError saying so.
    """
    language = search_index.language()
    stop_words = ENGLISH_STOP_WORDS if language == "english" else frozenset()
    parsed = search_query.parse(query, stop_words)
    if filters.mine and reader.is_guest:
        raise PermissionDenied("search", "Sign in to search the threads you started.")
    if filters.board_id is not None:
        await boards.get_board(filters.board_id)  # NotFound for a board that is not there
    limit = max(1, min(limit, PAGE_MAX))
    where = Where(
        blocked=tuple(sorted(await blocks.blocked_ids(reader))),
        author_id=await _author_id(filters.author) if filters.author is not None else None,
        board_id=filters.board_id,
        unanswered=filters.unanswered,
        starter_id=reader.id if filters.mine else None,
        after=_after(cursor),
        limit=limit + 1,
    )
    found = await rows(parsed, where, language)
    topics = await warnings.hidden_topics(reader)
    hits = [_hit(row, reader, topics) for row in found[:limit]]
    more = len(found) > limit
    last = found[limit - 1] if more else None
    return Page(hits, keyset.encode(last.score, last.post_id) if last else None)


async def _author_id(typed: str) -> int:
    name = typed.strip().removeprefix("@")
    found = await accounts.find(name) if name else None
    if found is None:
        shown = text.clean_line(name)[:40] or "(empty)"
        raise ValidationError("author", f"{shown!r} is not the username of anyone here")
    return found.id  # type: ignore[return-value]


def _after(value: str | None) -> tuple[float, int] | None:
    if not value:
        return None
    score, post_id = keyset.decode(value, 2)
    try:
        number = float(score)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ValidationError("cursor", "is not one this list gave out")
    return number, keyset.integer(post_id)


def _hit(row: Row, reader: Actor, topics: list[str]) -> SearchHit:
    veil = _veil(row, reader, topics)
    return SearchHit(
        thread_id=row.thread_id,
        post_id=row.post_id,
        board_id=row.board_id,
        board=row.board,
        title=None if warnings.warning_for(None, row.title, topics) else row.title,
        author=row.author,
        created_at=row.created_at,
        snippet=None if veil else segments(row.snippet, row.body),
        warning=veil,
        opening=row.depth == 0,
    )


def _veil(row: Row, reader: Actor, topics: list[str]) -> str | None:
    """As the thread screen decides: the thread's warning (or the hidden topics its title
    names) veils every post of it but for the one who started it; then each post's own
    warning, or the hidden topics its words name."""
    if reader.id is None or reader.id != row.starter_id:
        thread = warnings.warning_for(row.thread_warning, row.title, topics)
        if thread:
            return thread
    return warnings.warning_for(row.post_warning, row.body, topics)


def segments(snippet: str, body: str = "") -> tuple[tuple[str, bool], ...]:
    """A snippet with marked words as (text, matched) segments on one line: every run of
    white space one space, nothing that could act on a terminal, and "…" where it cuts
    ``body`` short."""
    out: list[tuple[str, bool]] = []
    matched = False
    for part in _MARKS.split(snippet):
        if part == MARK_START:
            matched = True
        elif part == MARK_END:
            matched = False
        elif cleaned := _one_line(part):
            out.append((cleaned, matched))
    if not out:
        return ()
    out[0] = (out[0][0].lstrip(), out[0][1])
    out[-1] = (out[-1][0].rstrip(), out[-1][1])
    shown, whole = "".join(t for t, _ in out), _one_line(body).strip()
    if whole and not whole.startswith(shown):
        out.insert(0, ("… ", False))
    if whole and not whole.endswith(shown):
        out.append((" …", False))
    return tuple(segment for segment in out if segment[0])


def _one_line(value: str) -> str:
    return _WHITESPACE_RUN.sub(" ", text.clean_text(value))
