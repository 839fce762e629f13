"""The change feed: each write tells what it changed, ids only, once it has committed."""

from __future__ import annotations

import asyncio

import pytest
from tortoise import connections

from models import changes, moderation, posting, reports, resources
from models.changes import Change, Kind
from models.entities import Post, ReportReason, Role
from models.errors import Conflict
from tests.helpers import first_board_id, key, make_thread, make_user


@pytest.fixture
def heard():
    """The changes told in this process during the test, in order."""
    got: list[Change] = []
    stop = changes.subscribe(got.append)
    yield got
    stop()


async def test_a_reply_is_told_with_its_ids_once_it_is_readable(heard):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, opening = await make_thread(ann)
    readable: list[bool] = []

    def check(change: Change) -> None:  # runs as the change is told: committed by then?
        if change.kind is Kind.REPLY_POSTED:
            readable.append(change.post_id is not None)

    stop = changes.subscribe(check)
    try:
        reply = await posting.reply(bob, opening, "You are not alone.", key())
    finally:
        stop()
    told = [c for c in heard if c.kind is Kind.REPLY_POSTED]
    board = await first_board_id()
    assert told == [Change(Kind.REPLY_POSTED, board, thread_id, reply.id, bob.id)]
    assert readable == [True]
    assert await Post.exists(id=reply.id)


async def test_a_write_that_fails_tells_nothing(heard):
    ann, bob = await make_user("ann"), await make_user("bob")
    _, opening = await make_thread(ann)
    await reports.report_post(bob, opening, ReportReason.SPAM)
    heard.clear()
    with pytest.raises(Conflict):
        await reports.report_post(bob, opening, ReportReason.SPAM)  # already reported
    assert heard == []


async def test_a_danger_report_says_so_and_an_operation_of_several_writes_tells_once(heard):
    ann, bob = await make_user("ann"), await make_user("bob")
    mod = await make_user("mod", Role.MODERATOR)
    thread_id, opening = await make_thread(ann)
    await reports.report_post(bob, opening, ReportReason.DANGER)
    assert heard[-1] == Change(Kind.REPORTS, danger=True)
    queue = await reports.review_queue(mod)
    heard.clear()
    await moderation.remove_reported_post(mod, queue.items[0].id, "for your safety")
    assert [c.kind for c in heard].count(Kind.REPORTS) == 1  # closed twice, told once
    assert Change(Kind.POST_REMOVED, None, thread_id, opening, mod.id) in heard


async def test_resource_and_person_changes_are_told(heard):
    mod = await make_user("mod", Role.MODERATOR)
    ann = await make_user("ann")
    await resources.pin_resource(mod, "Helpline", "Someone to talk to", "call 123", "crisis_line")
    await moderation.suspend(mod, ann.id, 1, "a break")
    assert [c for c in heard if c.kind in (Kind.RESOURCES, Kind.PERSON)] == [
        Change(Kind.RESOURCES),
        Change(Kind.PERSON, user_id=ann.id),
    ]


def test_a_write_s_changes_go_over_the_wire_in_one_notification_and_back():
    told = [Change(Kind.REPLY_POSTED, 1, 2, 3, 4), Change(Kind.NOTIFIED, users=(3, 4))]
    (payload,) = changes.payloads(told)
    assert changes.from_payload(payload) == (changes.ORIGIN, told)
    for bad in ('{"o": "x", "c": [{"kind": "no such kind"}]}', "not json", '{"kind": "x"}'):
        with pytest.raises(ValueError):
            changes.from_payload(bad)


def test_changes_too_many_for_one_notification_go_in_several_postgresql_carries():
    wide, starts = changes.MAX_USERS, (100_000, 200_000, 300_000)
    many = [Change(Kind.NOTIFIED, users=tuple(range(n, n + wide))) for n in starts]
    many += [Change(Kind.THREAD, thread_id=n) for n in range(3)]
    sent = changes.payloads(many)
    assert len(sent) == 2 and all(len(p.encode()) < 8000 for p in sent)
    assert [c for p in sent for c in changes.from_payload(p)[1]] == many


def test_many_people_notified_are_told_in_payloads_postgresql_carries():
    batch = changes.Batch()
    batch.add(Change(Kind.NOTIFIED, users=tuple(range(1000))))
    assert [len(c.users) for c in batch.changes] == [400, 400, 200]


async def test_other_processes_hear_a_change_only_once_it_committed(db):
    """PostgreSQL: a listener elsewhere gets the change when (and only if) it commits.
    SQLite: this process notices another connection's commit by the data version."""
    if db.startswith(("postgres", "asyncpg")):
        await _postgres_listener_hears_commits_only(db)
    else:
        await _sqlite_watcher_notices_another_connection(db)


async def _postgres_listener_hears_commits_only(url: str) -> None:
    import asyncpg

    from forum.live_feed import credentials

    listener = await asyncpg.connect(**credentials(url))
    got: asyncio.Queue[str] = asyncio.Queue()
    await listener.add_listener(changes.CHANNEL, lambda *args: got.put_nowait(args[-1]))
    try:
        ann, bob = await make_user("ann"), await make_user("bob")
        _, opening = await make_thread(ann)
        await _through_marker(got)
        await posting.reply(bob, opening, "Here with you.", key())
        (payload,) = await _through_marker(got)  # one notification for the whole write
        origin, told = changes.from_payload(payload)
        # The reply, and ann (whose post it answers) has something new in her inbox.
        assert [change.kind for change in told] == [Kind.REPLY_POSTED, Kind.NOTIFIED]
        assert origin == changes.ORIGIN
        with pytest.raises(RuntimeError):
            async with changes.writing() as batch:
                batch.add(Change(Kind.RESOURCES))
                raise RuntimeError("rolled back")
        assert await _through_marker(got) == []  # nothing came before the marker
    finally:
        await listener.close()


async def _through_marker(got: asyncio.Queue[str]) -> list[str]:
    """What the listener got before a marker sent now, once it has got the marker."""
    marker = [changes.CHANNEL, "marker"]
    await connections.get("default").execute_query("SELECT pg_notify($1, $2)", marker)
    before = []
    while (payload := await asyncio.wait_for(got.get(), 10)) != "marker":
        before.append(payload)
    return before


async def _sqlite_watcher_notices_another_connection(url: str) -> None:
    import sqlite3

    from forum.db_url import sqlite_path
    from forum.live_feed import watch_sqlite

    everything = asyncio.Event()
    stop = changes.subscribe(lambda c: everything.set() if c.kind is Kind.EVERYTHING else None)
    looked = asyncio.Event()
    watcher = asyncio.create_task(watch_sqlite(looked))
    try:
        await looked.wait()
        ann = await make_user("ann")
        await make_thread(ann)  # this process's own writes are told already, not again

        def other_process_writes() -> None:
            with sqlite3.connect(sqlite_path(url)) as other:
                other.execute("UPDATE boards SET description = description || ' '")

        await asyncio.to_thread(other_process_writes)
        await asyncio.wait_for(everything.wait(), 10)
    finally:
        stop()
        watcher.cancel()
