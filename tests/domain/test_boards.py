"""Board list counters and keyset pages of threads in each order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models import boards, clock, posting, seed
from models.errors import ValidationError
from tests.helpers import first_board_id, key, make_user


@pytest.fixture
def ticking_clock():
    """Every call to now() is one minute after the last, so orders are unambiguous."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    calls = iter(range(1_000_000))
    clock.set_clock(lambda: start + timedelta(minutes=next(calls)))
    yield
    clock.set_clock(None)


async def test_a_fresh_forum_has_the_default_boards():
    listed = await boards.list_boards()
    assert [b.slug for b in listed] == [slug for slug, _, _ in seed.BOARDS]
    assert all(b.thread_count == 0 and b.last_activity_at is None for b in listed)


async def _threads(count: int) -> list[int]:
    ann = await make_user("ann")
    board = await first_board_id()
    return [
        (await posting.start_thread(ann, board, f"thread {i}", "body", key())).thread_id
        for i in range(count)
    ]


async def _all_pages(board: int, order: str, size: int) -> list[int]:
    seen, after = [], None
    while True:
        page = await boards.board_threads(board, order, after=after, limit=size)
        seen += [t.id for t in page.items]
        if page.next_cursor is None:
            return seen
        after = page.next_cursor


@pytest.mark.usefixtures("ticking_clock")
async def test_active_order_puts_pinned_first_then_latest_activity():
    from models.entities import Role

    ids = await _threads(7)
    bob = await make_user("bob")
    mod = await make_user("mod", Role.MODERATOR)
    root_of_2 = (await posting.Post.get(thread_id=ids[2], depth=0)).id
    await posting.reply(bob, root_of_2, "bump", key())
    await posting.set_thread_flag(mod, ids[0], "pinned", True)
    board = await first_board_id()

    expected = [ids[0], ids[2], ids[6], ids[5], ids[4], ids[3], ids[1]]
    assert await _all_pages(board, "active", 2) == expected
    assert await _all_pages(board, "newest", 3) == list(reversed(ids))
    assert await _all_pages(board, "unanswered", 2) == [i for i in ids if i != ids[2]]
    assert [t.id for t in (await boards.unanswered_threads()).items] == [
        i for i in ids if i != ids[2]
    ]


async def test_pages_never_repeat_or_skip_when_times_are_equal():
    frozen = datetime(2026, 1, 1, tzinfo=UTC)
    clock.set_clock(lambda: frozen)
    try:
        ids = await _threads(9)
    finally:
        clock.set_clock(None)
    board = await first_board_id()
    for order in ("active", "newest", "unanswered"):
        got = await _all_pages(board, order, 4)
        assert sorted(got) == sorted(ids) and len(got) == len(set(got)), order


async def test_a_forged_cursor_is_refused_clearly():
    board = await first_board_id()
    with pytest.raises(ValidationError, match="Cursor"):
        await boards.board_threads(board, "active", after="nonsense")
    with pytest.raises(ValidationError, match="Order"):
        await boards.board_threads(board, "best")  # type: ignore[arg-type]
