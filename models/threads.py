"""Reading a thread: its whole reply tree in one ordered query, or a page of it."""

from __future__ import annotations

from models.boards import _ID, _LIMIT, _thread_row, get_board, thread_values
from models.boards import _THREAD_COLUMNS as THREAD_COLUMNS
from models.entities import Post, Thread
from models.errors import NotFound, ValidationError
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


def _posts(paged: bool, after: bool) -> Prepared:
    def build(thread_id, path, limit):
        q = Post.filter(thread_id=thread_id).order_by("path")
        if after:
            q = q.filter(path__gt=path)
        if paged:
            q = q.limit(limit)
        return q.values(*POST_FIELDS, author="author__display_name")

    return Prepared(Post, _COLUMNS, build, _ID, _PATH, _LIMIT)


_TREE = {(paged, after): _posts(paged, after) for paged in (False, True) for after in (False, True)}


async def get_thread(thread_id: int) -> ThreadSummary:
    rows = await _THREAD.rows(thread_id)
    if not rows:
        raise NotFound("That thread does not exist.")
    return _thread_row(rows[0])


async def open_thread(
    thread_id: int, after: str | None = None, limit: int | None = None
) -> ThreadView:
    """The thread and its posts in reading order (depth first, oldest sibling first).

    With ``limit`` only that many posts come back, starting after the post whose path is
    ``after``; ``next_cursor`` continues from there. Very large threads load a screenful
    at a time this way.
    """
    if after is not None and (not after or len(after) > 510 or not after.isalnum()):
        raise ValidationError("cursor", "is not one this thread gave out")
    thread = await get_thread(thread_id)
    board = await get_board(thread.board_id)
    query = _TREE[(limit is not None, after is not None)]
    rows = await query.rows(thread_id, after, None if limit is None else max(1, limit) + 1)
    more = limit is not None and len(rows) > limit
    posts = [_post_view(row) for row in (rows[:limit] if more else rows)]
    return ThreadView(thread, board, posts, posts[-1].path if more else None)


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
