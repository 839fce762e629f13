"""The review queue a page at a time: every open report appears once, newest first, even
when many were filed in the same instant (a burst, or a clock that stands still)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from models import clock, posting, reports
from models.entities import Role
from tests.helpers import key, make_thread, make_user


@pytest.fixture
def still_clock():
    clock.set_clock(lambda: datetime(2025, 3, 14, 9, 30, tzinfo=UTC))
    yield
    clock.set_clock(None)


async def test_reports_filed_in_one_instant_page_through_each_once(still_clock):
    ann = await make_user("ann")
    mod = await make_user("moss", Role.MODERATOR)
    _, root = await make_thread(ann)
    for n in range(7):
        reply = (await posting.reply(ann, root, f"reply {n}", key())).id
        await reports.report_post(mod, reply, "unkind")
    seen, after = [], None
    while True:
        page = await reports.review_queue(mod, after=after, limit=3)
        seen += [r.id for r in page.items]
        if (after := page.next_cursor) is None:
            break
    assert len(seen) == 7 and seen == sorted(seen, reverse=True)
