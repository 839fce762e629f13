"""Many sessions asking for the same posts at the same moment (a reply has arrived in the
thread they all show) cost one query; a read never hides a change told before it began."""

from __future__ import annotations

import asyncio

from models import changes, posting, threads
from models.changes import Change, Kind
from models.shared_reads import shared
from tests.helpers import key, make_thread, make_user
from tests.statements import counted_statements

READERS = 50


def _post_reads(sent: list[str]) -> list[str]:
    return [s for s in sent if s.lstrip().upper().startswith("SELECT") and '"posts"' in s]


async def test_readers_asking_at_once_share_one_query(db):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    reply = await posting.reply(bob, opening, "Here with you.", key())
    with counted_statements() as sent:
        seen = await asyncio.gather(
            *(threads.posts_by_id(thread_id, [reply.id]) for _ in range(READERS)),
            *(threads.get_thread(thread_id) for _ in range(READERS)),
        )
    posts, headers = seen[:READERS], seen[READERS:]
    assert all([p.body for p in found] == ["Here with you."] for found in posts)
    assert all(header.reply_count == 1 for header in headers)
    assert len(_post_reads(sent)) == 1
    assert len([s for s in sent if '"threads"' in s]) == 1
    posts[0].clear()  # one reader's list is its own
    assert posts[1]


async def test_a_read_after_a_change_does_not_join_one_begun_before_it():
    gate = asyncio.Event()

    async def read_then(value: str) -> str:
        await gate.wait()
        return value

    first = asyncio.ensure_future(shared("k", lambda: read_then("before")))
    joined = asyncio.ensure_future(shared("k", lambda: read_then("never read")))
    await asyncio.wait([first, joined], timeout=0)  # both have asked
    changes.deliver(Change(Kind.RESOURCES))  # told while the first read is on its way
    later = asyncio.ensure_future(shared("k", lambda: read_then("after")))
    gate.set()
    assert await asyncio.gather(first, joined, later) == ["before", "before", "after"]


async def test_a_reader_leaving_does_not_cancel_the_others_read():
    gate = asyncio.Event()

    async def read() -> str:
        await gate.wait()
        return "read"

    leaving = asyncio.ensure_future(shared("k", read))
    staying = asyncio.ensure_future(shared("k", read))
    await asyncio.wait([leaving, staying], timeout=0)  # both have asked
    leaving.cancel()
    gate.set()
    assert await staying == "read"
