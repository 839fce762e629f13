"""What is new for a person: threads with replies since they read them, new threads."""

from __future__ import annotations

from datetime import timedelta

from models import blocks, clock, posting, unread
from models.actor import GUEST
from tests.helpers import first_board_id, key, make_thread, make_user


async def test_a_thread_read_then_answered_is_new_until_read_again():
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    board = await first_board_id()
    await unread.seen(bob, thread_id, clock.now())
    assert await unread.new_on_boards(bob) == {}
    later, last = clock.now() + timedelta(minutes=5), clock.now() + timedelta(minutes=6)
    with clock.moved(lambda: later):
        reply = await posting.reply(ann, opening, "Still awake.", key())
    with clock.moved(lambda: last):
        await posting.reply(ann, opening, "And now.", key())
    assert await unread.new_on_boards(bob) == {board: 1}
    assert await unread.new_in_threads(bob, [thread_id]) == {thread_id: 2}
    await unread.seen(bob, thread_id, reply.created_at)
    assert await unread.new_in_threads(bob, [thread_id]) == {thread_id: 1}
    await unread.seen(bob, thread_id, reply.created_at - timedelta(hours=1))  # never back
    assert await unread.read_to(bob, thread_id) == reply.created_at


async def test_threads_started_after_someone_joined_are_new_until_opened():
    bob = await make_user("bob")
    board = await first_board_id()
    soon = clock.now() + timedelta(minutes=1)
    with clock.moved(lambda: soon):
        ann = await make_user("ann")
        thread_id, _ = await make_thread(ann, "New here", "Hello.")
        cat = await make_user("cat")
        await make_thread(cat, "Also new", "Hi.")
    assert await unread.new_on_boards(bob) == {board: 2}
    await blocks.block(bob, cat.id)
    assert await unread.new_on_boards(bob) == {board: 1}  # not from someone blocked
    await unread.seen(bob, thread_id, clock.now() + timedelta(minutes=1))
    assert await unread.new_on_boards(bob) == {}
    assert await unread.new_on_boards(ann) == {}  # her own thread is not new to her


async def test_guests_keep_no_read_state():
    ann = await make_user("ann")
    thread_id, _ = await make_thread(ann)
    await unread.seen(GUEST, thread_id, clock.now())
    assert await unread.read_to(GUEST, thread_id) is None
    assert await unread.new_on_boards(GUEST) == {}


async def test_a_board_page_counts_each_threads_new_posts_from_its_own_mark():
    ann, bob = await make_user("ann"), await make_user("bob")
    busy, busy_opening = await make_thread(ann, "Busy", "Talk to me.")
    quiet, _ = await make_thread(ann, "Quiet", "Just saying.")
    unopened, _ = await make_thread(ann, "Unopened", "Anyone?")
    early, late = clock.now() + timedelta(minutes=1), clock.now() + timedelta(minutes=2)
    await unread.seen(bob, quiet, late)
    await unread.seen(bob, busy, clock.now())
    with clock.moved(lambda: early):
        await posting.reply(ann, busy_opening, "Still here.", key())
        await posting.reply(bob, busy_opening, "Me too.", key())  # his own: not new to him
        await posting.reply(ann, busy_opening, "Thank you.", key())
    with clock.moved(lambda: late):
        await posting.reply(ann, busy_opening, "Night.", key())
    found = await unread.new_in_threads(bob, [busy, quiet, unopened])
    # quiet was read past its last post; unopened, started after bob joined, is new whole
    assert found == {busy: 3, unopened: None}
    await unread.seen(bob, busy, early)
    await unread.seen(bob, unopened, early)
    assert await unread.new_in_threads(bob, [busy, quiet, unopened]) == {busy: 1}


async def test_a_board_page_leaves_out_what_blocked_people_wrote_and_old_or_own_threads():
    month_ago = clock.now() - timedelta(days=30)
    with clock.moved(lambda: month_ago):
        dan = await make_user("dan")
        old, _ = await make_thread(dan, "Old", "From before bob joined.")
    ann, bob, cat = await make_user("ann"), await make_user("bob"), await make_user("cat")
    talk, opening = await make_thread(ann, "Talk", "Hello.")
    his, _ = await make_thread(bob, "His own", "Mine.")
    by_cat, _ = await make_thread(cat, "By cat", "Hi.")
    await unread.seen(bob, talk, clock.now())
    later = clock.now() + timedelta(minutes=1)
    with clock.moved(lambda: later):
        await posting.reply(cat, opening, "Cat here.", key())
        await posting.reply(ann, opening, "Ann again.", key())
    assert await unread.new_in_threads(bob, [old, talk, his, by_cat]) == {talk: 2, by_cat: None}
    await blocks.block(bob, cat.id)
    assert await unread.new_in_threads(bob, [old, talk, his, by_cat]) == {talk: 1}
