"""Reading boards and their thread lists (keyset pages, never OFFSET)."""

from __future__ import annotations

from functools import cache
from typing import Literal

from tortoise.expressions import Q

from models import cursor
from models.entities import Board, Thread
from models.errors import NotFound, ValidationError
from models.prepared import ID_SAMPLE, TIME_SAMPLE, Prepared
from models.rows import LIMIT_SAMPLE, THREAD_COLUMNS, thread_row, thread_values
from models.views import BoardSummary, Page, ThreadSummary

Order = Literal["active", "newest", "unanswered"]
ORDERS: tuple[Order, ...] = ("active", "newest", "unanswered")
PAGE_SIZE = 50

BOARD_FIELDS = (
    "id", "slug", "name", "description", "locked", "thread_count", "unanswered_count",
    "last_activity_at",
)  # fmt: skip
# Placeholders the prepared queries are shaped with; each stands for one caller value.
_ID, _AT, _LIMIT = ID_SAMPLE, TIME_SAMPLE, LIMIT_SAMPLE
_AFTER_ID = -987_654_322


_BOARDS = Prepared(
    Board, BOARD_FIELDS, lambda: Board.all().order_by("position", "id").values(*BOARD_FIELDS)
)
_BOARD = Prepared(
    Board, BOARD_FIELDS, lambda i: Board.filter(id=i).limit(1).values(*BOARD_FIELDS), _ID
)


async def list_boards() -> list[BoardSummary]:
    return [BoardSummary(*row) for row in await _BOARDS.rows()]


async def get_board(board: int | str) -> BoardSummary:
    if isinstance(board, int):
        rows = await _BOARD.rows(board)
    else:
        rows = await Board.filter(slug=board).limit(1).values_list(*BOARD_FIELDS)
    if not rows:
        raise NotFound(f"There is no board {board!r}.")
    return BoardSummary(*rows[0])


async def board_threads(
    board_id: int, order: Order = "active", after: str | None = None, limit: int = PAGE_SIZE
) -> Page[ThreadSummary]:
    """One page of a board's threads.

    active: pinned first, then most recent activity; newest: most recently started;
    unanswered: threads with no reply, the longest waiting first.
    """
    return await _page(order, after, limit, board_id)


async def unanswered_threads(
    after: str | None = None, limit: int = PAGE_SIZE
) -> Page[ThreadSummary]:
    """Threads across every board with no reply yet, oldest first, so nobody is left alone."""
    return await _page("unanswered", after, limit, None)


@cache
def _query(order: Order, cursor_pinned: bool | None, has_cursor: bool, one_board: bool) -> Prepared:
    """The prepared query for one shape of page request."""

    def build(board_id, at, after_id, limit):
        q = Thread.filter(board_id=board_id) if one_board else Thread.all()
        if order == "active":
            q = q.order_by("-pinned", "-last_activity_at", "-id")
            if has_cursor:
                p = cursor_pinned
                q = q.filter(
                    Q(pinned__lt=p)
                    | Q(pinned=p, last_activity_at__lt=at)
                    | Q(pinned=p, last_activity_at=at, id__lt=after_id)
                )
        elif order == "newest":
            q = q.order_by("-created_at", "-id")
            if has_cursor:
                q = q.filter(Q(created_at__lt=at) | Q(created_at=at, id__lt=after_id))
        else:
            q = q.filter(reply_count=0).order_by("created_at", "id")
            if has_cursor:
                q = q.filter(Q(created_at__gt=at) | Q(created_at=at, id__gt=after_id))
        return thread_values(q.limit(limit))

    return Prepared(Thread, THREAD_COLUMNS, build, _ID, _AT, _AFTER_ID, _LIMIT)


async def _page(
    order: Order, after: str | None, limit: int, board_id: int | None
) -> Page[ThreadSummary]:
    if order not in ORDERS:
        raise ValidationError("order", f"must be one of {', '.join(ORDERS)}")
    limit = max(1, min(limit, 200))
    pinned, at, after_id = None, _AT, 0
    if after:
        if order == "active":
            p, t, i = cursor.decode(after, 3)
            pinned = p == "1"
        else:
            t, i = cursor.decode(after, 2)
        at, after_id = cursor.timestamp(t), cursor.integer(i)
    query = _query(order, pinned, bool(after), board_id is not None)
    rows = await query.rows(board_id, at, after_id, limit + 1)
    items = [thread_row(row) for row in rows[:limit]]
    if len(rows) <= limit:
        return Page(items, None)
    last = items[-1]
    keys = {
        "active": (last.pinned, last.last_activity_at, last.id),
        "newest": (last.created_at, last.id),
        "unanswered": (last.created_at, last.id),
    }[order]
    return Page(items, cursor.encode(*keys))
