"""Reading a thread: its whole reply tree in one ordered query, or a page of it."""

from __future__ import annotations

from models.boards import _THREAD_FIELDS, get_board
from models.entities import Post, Thread
from models.errors import NotFound, ValidationError
from models.views import PostView, ThreadSummary, ThreadView

_POST_FIELDS = (
    "id",
    "parent_id",
    "author_id",
    "depth",
    "body",
    "created_at",
    "edited_at",
    "path",
    "removed_at",
    "removed_by_id",
)


async def get_thread(thread_id: int) -> ThreadSummary:
    row = (
        await Thread.filter(id=thread_id)
        .first()
        .values(*_THREAD_FIELDS, author="author__display_name")
    )
    if row is None:
        raise NotFound("That thread does not exist.")
    return ThreadSummary(**row)


async def open_thread(
    thread_id: int, after: str | None = None, limit: int | None = None
) -> ThreadView:
    """The thread and its posts in reading order (depth first, oldest sibling first).

    With ``limit`` only that many posts come back, starting after the post whose path is
    ``after``; ``next_cursor`` continues from there. Very large threads load a screenful
    at a time this way.
    """
    thread = await get_thread(thread_id)
    board = await get_board(thread.board_id)
    query = Post.filter(thread_id=thread_id).order_by("path")
    if after is not None:
        if not after or len(after) > 510:
            raise ValidationError("cursor", "is not one this thread gave out")
        query = query.filter(path__gt=after)
    if limit is not None:
        query = query.limit(max(1, limit) + 1)
    rows = await query.values(*_POST_FIELDS, author="author__display_name")
    more = limit is not None and len(rows) > limit
    posts = [_post_view(row) for row in (rows[:limit] if more else rows)]
    return ThreadView(thread, board, posts, posts[-1].path if more else None)


def _post_view(row: dict) -> PostView:
    removed_at = row.pop("removed_at")
    removed_by = row.pop("removed_by_id")
    removed = removed_at is not None
    return PostView(
        **row | {"body": "" if removed else row["body"]},
        removed=removed,
        removed_by_moderator=removed and removed_by is not None and removed_by != row["author_id"],
    )
