"""Reading boards and their thread lists (keyset pages, never OFFSET)."""

from __future__ import annotations

from typing import Literal

from tortoise.expressions import Q

from models import cursor
from models.entities import Board, Thread
from models.errors import NotFound, ValidationError
from models.views import BoardSummary, Page, ThreadSummary

Order = Literal["active", "newest", "unanswered"]
ORDERS: tuple[Order, ...] = ("active", "newest", "unanswered")
PAGE_SIZE = 50

_BOARD_FIELDS = (
    "id",
    "slug",
    "name",
    "description",
    "locked",
    "thread_count",
    "unanswered_count",
    "last_activity_at",
)
_THREAD_FIELDS = (
    "id",
    "board_id",
    "title",
    "created_at",
    "last_activity_at",
    "reply_count",
    "pinned",
    "locked",
    "content_warning",
)


async def list_boards() -> list[BoardSummary]:
    rows = await Board.all().order_by("position", "id").values(*_BOARD_FIELDS)
    return [BoardSummary(**row) for row in rows]


async def get_board(board: int | str) -> BoardSummary:
    where = {"id": board} if isinstance(board, int) else {"slug": board}
    row = await Board.filter(**where).first().values(*_BOARD_FIELDS)
    if row is None:
        raise NotFound(f"There is no board {board!r}.")
    return BoardSummary(**row)


async def board_threads(
    board_id: int, order: Order = "active", after: str | None = None, limit: int = PAGE_SIZE
) -> Page[ThreadSummary]:
    """One page of a board's threads.

    active: pinned first, then most recent activity; newest: most recently started;
    unanswered: threads with no reply, the longest waiting first.
    """
    return await _page(Thread.filter(board_id=board_id), order, after, limit)


async def unanswered_threads(
    after: str | None = None, limit: int = PAGE_SIZE
) -> Page[ThreadSummary]:
    """Threads across every board with no reply yet, oldest first, so nobody is left alone."""
    return await _page(Thread.all(), "unanswered", after, limit)


async def _page(query, order: Order, after: str | None, limit: int) -> Page[ThreadSummary]:
    if order not in ORDERS:
        raise ValidationError("order", f"must be one of {', '.join(ORDERS)}")
    limit = max(1, min(limit, 200))
    if order == "active":
        query = query.order_by("-pinned", "-last_activity_at", "-id")
        if after:
            p, t, i = cursor.decode(after, 3)
            pinned, at, tid = p == "1", cursor.timestamp(t), cursor.integer(i)
            query = query.filter(
                Q(pinned__lt=pinned)
                | Q(pinned=pinned, last_activity_at__lt=at)
                | Q(pinned=pinned, last_activity_at=at, id__lt=tid)
            )
    elif order == "newest":
        query = query.order_by("-created_at", "-id")
        if after:
            t, i = cursor.decode(after, 2)
            at, tid = cursor.timestamp(t), cursor.integer(i)
            query = query.filter(Q(created_at__lt=at) | Q(created_at=at, id__lt=tid))
    else:
        query = query.filter(reply_count=0).order_by("created_at", "id")
        if after:
            t, i = cursor.decode(after, 2)
            at, tid = cursor.timestamp(t), cursor.integer(i)
            query = query.filter(Q(created_at__gt=at) | Q(created_at=at, id__gt=tid))
    rows = await query.limit(limit + 1).values(*_THREAD_FIELDS, author="author__display_name")
    items = [ThreadSummary(**row) for row in rows[:limit]]
    if len(rows) <= limit:
        return Page(items, None)
    last = items[-1]
    keys = {
        "active": (last.pinned, last.last_activity_at, last.id),
        "newest": (last.created_at, last.id),
        "unanswered": (last.created_at, last.id),
    }[order]
    return Page(items, cursor.encode(*keys))
