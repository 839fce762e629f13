"""Reading a thread: its whole reply tree in one ordered query, or a page of it."""

from __future__ import annotations

from models.boards import _ID, _LIMIT, _thread_row, get_board, thread_values
from models.boards import _THREAD_COLUMNS as THREAD_COLUMNS
from models.entities import Post, Thread
from models.errors import NotFound, ValidationError
from models.posting import SEGMENT
from models.prepared import Prepared
from models.views import PostView, ThreadSummary, ThreadView

POST_FIELDS = (
    "id", "parent_id", "author_id", "depth", "body", "created_at", "edited_at", "path",
    "removed_at", "removed_by_id", "content_warning",
)  # fmt: skip
_PATH = "\x00sample-path"

_THREAD = Prepared(
    Thread, THREAD_COLUMNS, lambda i: thread_values(Thread.filter(id=i).limit(1)), _ID
)
_COLUMNS = (*POST_FIELDS, "author")


def _posts(paged: bool, where: str | None) -> Prepared:
    """Posts in reading order: all, or those after (``gt``) or from (``gte``) a path."""

    def build(thread_id, path, limit):
        q = Post.filter(thread_id=thread_id).order_by("path")
        if where is not None:
            q = q.filter(**{f"path__{where}": path})
        if paged:
            q = q.limit(limit)
        return q.values(*POST_FIELDS, author="author__display_name")

    return Prepared(Post, _COLUMNS, build, _ID, _PATH, _LIMIT)


_TREE = {(p, where): _posts(p, where) for p in (False, True) for where in (None, "gt", "gte")}


async def get_thread(thread_id: int) -> ThreadSummary:
    rows = await _THREAD.rows(thread_id)
    if not rows:
        raise NotFound("That thread does not exist.")
    return _thread_row(rows[0])


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
    posts = above + [_post_view(row) for row in (rows[:limit] if more else rows)]
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
    query = (
        Post.filter(thread_id=thread_id, path__in=prefixes)
        .order_by("path")
        .values(*POST_FIELDS, author="author__display_name")
    )
    return [_post_view(row) for row in await _TREE[(False, None)].rows_of(query)]


def _post_view(row) -> PostView:
    (
        pid,
        parent,
        author_id,
        depth,
        body,
        created,
        edited,
        path,
        removed_at,
        removed_by,
        cw,
        author,
    ) = row
    removed = removed_at is not None
    by_moderator = removed and removed_by is not None and removed_by != author_id
    return PostView(
        pid, parent, author_id, author, depth, "" if removed else body, created, edited,
        removed, by_moderator, path, None if removed else cw,
    )  # fmt: skip
