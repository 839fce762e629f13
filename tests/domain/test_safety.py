"""Reports, blocking, warnings, reactions, crisis phrases, suspensions, slow mode, audit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models import (
    blocks,
    boards,
    clock,
    crisis,
    limits,
    moderation,
    posting,
    reactions,
    reports,
    resources,
    threads,
    warnings,
)  # fmt: skip
from models.entities import ReactionKind, Resource, Role
from models.errors import Conflict, PermissionDenied, RateLimited
from tests.helpers import first_board_id, ids, key, make_thread, make_user


@pytest.fixture
def frozen_clock():
    """A clock the test moves by hand: ``frozen_clock["now"] += timedelta(...)``. It
    starts at a fixed instant, so no test here depends on the day the suite runs."""
    state = {"now": datetime(2025, 3, 14, 9, 30, tzinfo=UTC)}
    clock.set_clock(lambda: state["now"])
    yield state
    clock.set_clock(None)


@pytest.fixture
def db(frozen_clock, db):
    """Seeded on the fixed clock, so seeded resources are verified on the test's "today"."""
    return db


async def test_reporting_twice_is_declined_and_the_queue_shows_context():
    ann, bob, mod = (
        await make_user("ann"),
        await make_user("bob"),
        await make_user("mod", Role.MODERATOR),
    )
    thread_id, root = await make_thread(ann, "Rough night", "I can't sleep.")
    unkind = (await posting.reply(bob, root, "Just get over it", key())).id
    await reports.report_post(ann, unkind, "unkind", "dismissive")
    with pytest.raises(Conflict, match="already reported"):
        await reports.report_post(ann, unkind, "spam")
    await reports.report_post(bob, root, "danger")

    queue = (await reports.review_queue(mod)).items
    assert [r.post_id for r in queue] == [root, unkind]  # newest first
    assert queue[1].post_body == "Just get over it" and queue[1].post_author == "bob"
    assert queue[1].thread_title == "Rough night" and queue[1].note == "dismissive"
    assert queue[1].post_author_role == Role.MEMBER

    await reports.dismiss_report(mod, queue[0].id, "they are okay, checked in")
    await posting.remove_post(mod, unkind, "unkind to someone struggling")
    assert (await reports.review_queue(mod)).items == []
    assert (await threads.open_thread(thread_id)).posts[1].removed_by_moderator


async def test_blocked_people_cannot_reply_to_the_blocker_and_are_not_told():
    ann, bob = await make_user("ann"), await make_user("bob")
    _, root = await make_thread(ann)
    await blocks.block(ann, bob.id)
    assert await blocks.blocked_ids(ann) == {bob.id}
    with pytest.raises(PermissionDenied) as refused:
        await posting.reply(bob, root, "hey", key())
    assert "block" not in refused.value.message.lower()
    carol_post = (await posting.reply(await make_user("carol"), root, "Thinking of you", key())).id
    await posting.reply(bob, carol_post, "Same here", key())  # others' posts are fine
    await blocks.unblock(ann, bob.id)
    await posting.reply(bob, root, "hey", key())


async def test_warnings_hide_by_the_writers_warning_or_the_readers_topics():
    ann = await make_user("ann")
    assert await warnings.set_hidden_topics(ann, ["Grief", " grief ", "self harm"]) == [
        "grief", "self harm",
    ]  # fmt: skip
    topics = await warnings.hidden_topics(ann)
    assert warnings.warning_for(None, "Coping with GRIEF at work", topics) == "grief"
    assert warnings.warning_for(None, "griefless day", topics) is None
    assert warnings.warning_for("loss", "anything", topics) == "loss"


async def test_a_reply_keeps_its_content_warning():
    ann = await make_user("ann")
    thread_id, root = await make_thread(ann)
    await posting.reply(ann, root, "what happened", key(), content_warning="hospital")
    assert (await threads.open_thread(thread_id)).posts[1].content_warning == "hospital"


async def test_reactions_one_of_each_per_person_with_counts():
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, root = await make_thread(ann)
    await reactions.react(bob, root, "hug")
    await reactions.react(bob, root, "hug")
    await reactions.react(bob, root, "me_too")
    await reactions.react(ann, root, "hug")
    counts, mine = await reactions.thread_reactions(thread_id, bob)
    assert counts[root] == {ReactionKind.HUG: 2, ReactionKind.ME_TOO: 1}
    assert mine == {(root, ReactionKind.HUG), (root, ReactionKind.ME_TOO)}
    await reactions.unreact(bob, root, "hug")
    counts, _ = await reactions.thread_reactions(thread_id, bob)
    assert counts[root][ReactionKind.HUG] == 1


async def test_crisis_language_is_found_gently_and_admins_edit_the_list():
    detect = await crisis.detector()
    assert detect.matches("Some days I want to  DIE, honestly")
    assert detect.matches("I keep thinking I\u2019m better off without me")
    assert not detect.matches("my plant wants to diet")
    admin = await make_user("admin", Role.ADMIN)
    await crisis.add_phrase(admin, "No way OUT")
    assert (await crisis.detector()).matches("there's no way out")
    await crisis.remove_phrase(admin, "no way out")
    assert not (await crisis.detector()).matches("there's no way out")


async def test_new_accounts_are_rate_limited_kindly(frozen_clock):
    limits.configure(limits.PostingLimits())
    ann = await make_user("ann")
    board = await first_board_id()
    await posting.start_thread(ann, board, "one", "body", key())
    with pytest.raises(RateLimited, match="again in 30 seconds"):
        await posting.start_thread(ann, board, "two", "body", key())
    for n in range(2):
        frozen_clock["now"] += timedelta(seconds=31)
        await posting.start_thread(ann, board, f"t{n}", "body", key())
    frozen_clock["now"] += timedelta(seconds=31)
    with pytest.raises(RateLimited, match="first day, new accounts can write 3 threads"):
        await posting.start_thread(ann, board, "four", "body", key())
    frozen_clock["now"] += timedelta(days=1)
    await posting.start_thread(ann, board, "four", "body", key())


async def test_a_retry_is_not_rate_limited(frozen_clock):
    limits.configure(limits.PostingLimits())
    ann = await make_user("ann")
    _, root = await make_thread(ann)
    frozen_clock["now"] += timedelta(seconds=31)
    k = key()
    first = (await posting.reply(ann, root, "thanks", k)).id
    assert (await posting.reply(ann, root, "thanks", k)).id == first


async def test_suspended_users_read_but_do_not_post_and_see_why(frozen_clock):
    ann, mod = await make_user("ann"), await make_user("mod", Role.MODERATOR)
    thread_id, root = await make_thread(ann)
    until = await moderation.suspend(mod, "ann", 2, "repeated unkind replies")
    with pytest.raises(PermissionDenied) as refused:
        await posting.reply(ann, root, "hello?", key())
    assert refused.value.message == (
        "Your account is suspended until 16 Mar 2025, 09:30 UTC (repeated unkind replies). "
        "You can still read."
    )
    assert (await threads.open_thread(thread_id)).posts  # reading still works
    assert until == frozen_clock["now"] + timedelta(days=2)
    frozen_clock["now"] += timedelta(days=2, seconds=1)
    await posting.reply(ann, root, "back", key())


async def test_slow_mode_spaces_out_posts(frozen_clock):
    ann, mod = await make_user("ann"), await make_user("mod", Role.MODERATOR)
    thread_id, root = await make_thread(ann)
    await moderation.set_slow_mode(mod, thread_id, 10, "heated")
    assert (await threads.get_thread(thread_id)).slow_mode_minutes == 10  # everyone sees it
    with pytest.raises(RateLimited):  # her opening post counts too
        await posting.reply(ann, root, "one", key())
    frozen_clock["now"] += timedelta(minutes=10)
    await posting.reply(ann, root, "one", key())
    with pytest.raises(RateLimited, match=r"slow mode.*again in 10 minutes"):
        await posting.reply(ann, root, "two", key())
    await posting.reply(mod, root, "staff are not slowed", key())
    frozen_clock["now"] += timedelta(minutes=10)
    await posting.reply(ann, root, "two", key())


async def test_private_notes_reach_only_their_recipient():
    ann, bob, mod = (
        await make_user("ann"),
        await make_user("bob"),
        await make_user("mod", Role.MODERATOR),
    )
    await moderation.send_note(mod, "ann", "Your post was removed: please keep names out.")
    notes = await moderation.my_notes(ann)
    assert [(n.sender, n.read) for n in notes] == [("mod", False)]
    assert await moderation.unread_note_count(ann) == 1
    assert await moderation.my_notes(bob) == []
    await moderation.mark_notes_read(ann)
    assert (await moderation.my_notes(ann))[0].read
    assert await moderation.unread_note_count(ann) == 0


async def test_stale_resources_are_listed_and_verifying_records_who(frozen_clock):
    mod = await make_user("mod", Role.MODERATOR)
    ids = [r.id for r in await resources.list_resources()]
    assert await moderation.stale_resources(mod) == []
    frozen_clock["now"] += timedelta(days=200)
    assert {r.id for r in await moderation.stale_resources(mod)} == set(ids)
    await moderation.verify_resource(mod, ids[0])
    assert ids[0] not in {r.id for r in await moderation.stale_resources(mod)}
    row = await Resource.get(id=ids[0])
    assert row.verified_by_id == mod.id and row.verified_at == frozen_clock["now"].date()


async def test_audit_log_lists_every_staff_action_newest_first():
    admin, mod = await make_user("admin", Role.ADMIN), await make_user("mod", Role.MODERATOR)
    ann = await make_user("ann")
    thread_id, _ = await make_thread(ann)
    await posting.set_thread_flag(mod, thread_id, "locked", True, "off topic")
    await moderation.suspend(admin, "ann", 1, "spam")
    log = (await moderation.audit_log(mod)).items
    assert [(e.actor, e.action, e.reason) for e in log] == [
        ("admin", "suspend user", "1 days: spam"),
        ("mod", "lock thread", "off topic"),
    ]


async def test_unanswered_lists_oldest_first_across_boards():
    ann, bob = await make_user("ann"), await make_user("bob")
    listed = await boards.list_boards()
    a, _ = ids(await posting.start_thread(ann, listed[0].id, "first", "b", key()))
    _, b_root = ids(await posting.start_thread(ann, listed[1].id, "second", "b", key()))
    c, _ = ids(await posting.start_thread(ann, listed[2].id, "third", "b", key()))
    await posting.reply(bob, b_root, "here for you", key())
    assert [t.id for t in (await boards.unanswered_threads()).items] == [a, c]
