"""Reading a thread: its whole reply tree in one ordered query, or a page of it, and what
one reader's safety choices mean for it."""

from __future__ import annotations

from models import blocks, reactions, warnings
from models.actor import Actor
from models.boards import get_board
from models.entities import Post, ReactionKind, Thread
from models.errors import NotFound, ValidationError
from models.posting import SEGMENT
from models.prepared import ID_SAMPLE, Prepared
from models.rows import (
    LIMIT_SAMPLE,
    POST_COLUMNS,
    THREAD_COLUMNS,
    post_values,
    post_view,
    thread_row,
    thread_values,
)
from models.shared_reads import shared
from models.views import PostView, ReaderSafety, ThreadSummary, ThreadView

_PATH = "\x00sample-path"

_THREAD = Prepared(
    Thread, THREAD_COLUMNS, lambda i: thread_values(Thread.filter(id=i).limit(1)), ID_SAMPLE
)


def _posts(paged: bool, where: str | None) -> Prepared:
    """Posts in reading order: all, or those after (``gt``) or from (``gte``) a path."""

    def build(thread_id, path, limit):
        q = Post.filter(thread_id=thread_id).order_by("path")
        if where is not None:
            q = q.filter(**{f"path__{where}": path})
        if paged:
            q = q.limit(limit)
        return post_values(q)

    return Prepared(Post, POST_COLUMNS, build, ID_SAMPLE, _PATH, LIMIT_SAMPLE)


_TREE = {(p, where): _posts(p, where) for p in (False, True) for where in (None, "gt", "gte")}


async def get_thread(thread_id: int) -> ThreadSummary:
    rows = await shared(("thread", thread_id), lambda: _THREAD.rows(thread_id))
    if not rows:
        raise NotFound("That thread does not exist.")
    return thread_row(rows[0])


def _check_path(path: str | None, name: str) -> None:
    if path is not None and (not path or len(path) > 510 or not path.isalnum()):
        raise ValidationError(name, "is not one this thread gave out")


async def open_thread(
    thread_id: int, after: str | None = None, limit: int | None = None, start: str | None = None
) -> ThreadView:
    """The thread and its posts in reading order (depth first, oldest sibling first).

    With ``limit`` only that many posts come back, starting after the post whose path is
    ``after``; ``next_cursor`` continues from there. Very large threads load a screenful
    at a time this way.

    With ``start`` (a post's path) the posts come from that post on, after the posts it
    replies to, up to the opening post: what it takes to read it in place. The posts
    between them are left out (see :func:`open_thread_at`). ``limit`` counts those it
    replies to as well (at least the post itself comes), so reloading as many posts as
    are shown shows the same ones.
    """
    _check_path(after, "cursor")
    _check_path(start, "start")
    thread = await get_thread(thread_id)
    board = await get_board(thread.board_id)
    above: list[PostView] = []
    if start is not None and after is None:
        above = await _ancestors(thread_id, start)
        if limit is not None:
            limit = max(1, limit - len(above))
    from_path = after if after is not None else start
    where = "gt" if after is not None else "gte" if start is not None else None
    query = _TREE[(limit is not None, where)]
    rows = await query.rows(thread_id, from_path, None if limit is None else max(1, limit) + 1)
    more = limit is not None and len(rows) > limit
    posts = above + [post_view(row) for row in (rows[:limit] if more else rows)]
    return ThreadView(thread, board, posts, posts[-1].path if more else None, start)


async def open_thread_at(thread_id: int, post_id: int, limit: int) -> ThreadView:
    """The first ``limit`` posts of the thread if they hold ``post_id``; otherwise the
    post and what follows it, under the posts it replies to (``start`` says so)."""
    found = await Post.filter(id=post_id, thread_id=thread_id).values_list("path", flat=True)
    if not found:
        raise NotFound("That post is not in this thread.")
    path = str(found[0])
    before = await Post.filter(thread_id=thread_id, path__lt=path).count()
    if before < limit:
        return await open_thread(thread_id, limit=limit)  # on the first page
    if before == len(path) // SEGMENT - 1:  # only the posts it replies to come first
        return await open_thread(thread_id, limit=before + limit)
    return await open_thread(thread_id, limit=limit, start=path)


async def _ancestors(thread_id: int, path: str) -> list[PostView]:
    """The posts above the one at ``path``, opening post first (each path's prefixes)."""
    prefixes = [path[:end] for end in range(SEGMENT, len(path), SEGMENT)]
    if not prefixes:
        return []
    query = post_values(Post.filter(thread_id=thread_id, path__in=prefixes).order_by("path"))
    return [post_view(row) for row in await _TREE[(False, None)].rows_of(query)]


async def posts_by_id(thread_id: int, post_ids: list[int]) -> list[PostView]:
    """Posts of one thread as readers see them, in reading order (the ones a live update
    says changed); ids not in the thread are left out."""
    if not post_ids:
        return []
    ids = tuple(sorted(set(post_ids)))

    async def read() -> tuple[PostView, ...]:
        query = Post.filter(thread_id=thread_id, id__in=ids).order_by("path")
        return tuple(
            post_view(row) for row in await _TREE[(False, None)].rows_of(post_values(query))
        )

    # Every session showing the thread asks at once when a reply arrives: one query.
    return list(await shared(("posts", thread_id, ids), read))


async def reader_safety(reader: Actor, thread: ThreadSummary) -> ReaderSafety:
    """The reader's blocks and hidden topics, the thread's reactions (and which are the
    reader's own) and its slow mode: everything a thread screen needs to show each post
    safely for this reader."""
    counts, mine = await reaction_state(reader, thread.id)
    return ReaderSafety(
        blocked=await blocks.blocked_ids(reader),
        topics=tuple(await warnings.hidden_topics(reader)),
        counts=counts,
        mine=mine,
        slow_mode=thread.slow_mode_minutes,
    )


async def reaction_state(
    reader: Actor, thread_id: int
) -> tuple[dict[int, dict[ReactionKind, int]], dict[int, frozenset[ReactionKind]]]:
    """The thread's reactions per post and kind, and the reader's own per post."""
    counts, own = await reactions.thread_reactions(thread_id, reader)
    mine: dict[int, set[ReactionKind]] = {}
    for post_id, kind in own:
        mine.setdefault(post_id, set()).add(kind)
    return counts, {post_id: frozenset(kinds) for post_id, kinds in mine.items()}
