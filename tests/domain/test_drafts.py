"""Drafts: kept per person and target, replaced on save, deleted on post or discard, and
never readable by anyone else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models import clock, drafts, posting
from models.account_deletion import delete_account
from models.actor import GUEST
from models.entities import Draft, User
from models.errors import NotFound, PermissionDenied
from tests.helpers import first_board_id, key, make_thread, make_user

AT = datetime(2026, 12, 6, 6, 50, tzinfo=UTC)


@pytest.fixture
def fixed_clock():
    clock.set_clock(lambda: AT)
    yield AT
    clock.set_clock(None)


async def test_a_saved_draft_comes_back_with_when_it_was_saved(fixed_clock):
    ann = await make_user("ann")
    _, opening = await make_thread(ann)
    target = drafts.Target.reply(opening)
    await drafts.save(
        ann, target, "I hear you,\n\tand", content_warning="grief", client_key="k" * 8
    )
    kept = await drafts.load(ann, target)
    assert kept is not None
    assert (kept.body, kept.content_warning, kept.client_key) == (
        "I hear you,\n\tand",
        "grief",
        "k" * 8,
    )
    assert kept.saved_at == AT


async def test_saving_again_replaces_the_draft(fixed_clock):
    ann = await make_user("ann")
    _, opening = await make_thread(ann)
    target = drafts.Target.reply(opening)
    await drafts.save(ann, target, "First words")
    clock.set_clock(lambda: AT + timedelta(minutes=3))
    await drafts.save(ann, target, "First words, and more")
    kept = await drafts.load(ann, target)
    assert kept is not None and kept.body == "First words, and more"
    assert kept.saved_at == AT + timedelta(minutes=3)
    assert await Draft.filter(user_id=ann.id).count() == 1


async def test_there_is_one_draft_per_target():
    ann = await make_user("ann")
    board = await first_board_id()
    _, opening = await make_thread(ann)
    reply = (await posting.reply(ann, opening, "A reply", key())).id
    targets = {
        drafts.Target.new_thread(board): "a new thread",
        drafts.Target.reply(opening): "to the opening post",
        drafts.Target.reply(reply): "to the reply",
        drafts.Target.edit(reply): "an edit of the reply",
    }
    for target, body in targets.items():
        await drafts.save(ann, target, body, title="A title" if target.kind == "thread" else "")
    for target, body in targets.items():
        kept = await drafts.load(ann, target)
        assert kept is not None and kept.body == body, target
    new_thread = await drafts.load(ann, drafts.Target.new_thread(board))
    assert new_thread is not None and new_thread.title == "A title"


async def test_text_is_cleaned_as_posts_are():
    ann = await make_user("ann")
    board = await first_board_id()
    target = drafts.Target.new_thread(board)
    await drafts.save(ann, target, "ok\x1b]52;c;aGk=\x07\r\nnext", title="Help\x1b[2J  me")
    kept = await drafts.load(ann, target)
    assert kept is not None
    assert "\x1b" not in kept.body and "\x07" not in kept.body and kept.body.endswith("\nnext")
    assert "\x1b" not in kept.title and kept.title.startswith("Help")


async def test_posting_deletes_the_draft():
    ann = await make_user("ann")
    _, opening = await make_thread(ann)
    target = drafts.Target.reply(opening)
    client_key = key()
    await drafts.save(ann, target, "Same here", client_key=client_key)
    await posting.reply(ann, opening, "Same here", client_key)
    await drafts.discard(ann, target)  # what the compose screen does once it is posted
    assert await drafts.load(ann, target) is None
    assert not await Draft.exists(user_id=ann.id)


async def test_a_draft_whose_post_was_stored_is_not_offered_again():
    """The connection dropped after the post was stored but before the draft was deleted."""
    ann = await make_user("ann")
    _, opening = await make_thread(ann)
    target = drafts.Target.reply(opening)
    client_key = key()
    await drafts.save(ann, target, "Same here", client_key=client_key)
    await posting.reply(ann, opening, "Same here", client_key)
    assert await drafts.load(ann, target) is None
    assert not await Draft.exists(user_id=ann.id)


async def test_an_edit_draft_equal_to_the_stored_post_is_not_offered_again():
    ann = await make_user("ann")
    _, opening = await make_thread(ann, body="It has been a lot.")
    target = drafts.Target.edit(opening)
    await drafts.save(ann, target, "It has been a lot, but better.")
    await posting.edit_post(ann, opening, "It has been a lot, but better.")
    assert await drafts.load(ann, target) is None


async def test_discarding_deletes_the_draft_and_an_empty_save_does_too():
    ann = await make_user("ann")
    _, opening = await make_thread(ann)
    target = drafts.Target.reply(opening)
    await drafts.save(ann, target, "Never mind")
    await drafts.discard(ann, target)
    assert await drafts.load(ann, target) is None
    await drafts.save(ann, target, "Again")
    assert await drafts.save(ann, target, "  \n ") is None
    assert not await Draft.exists(user_id=ann.id)
    await drafts.discard(ann, target)  # nothing kept: nothing to do


async def test_nobody_else_can_read_or_discard_a_draft():
    ann = await make_user("ann")
    bob = await make_user("bob")
    _, opening = await make_thread(ann)
    target = drafts.Target.reply(opening)
    await drafts.save(ann, target, "Only mine")
    assert await drafts.load(bob, target) is None
    assert await drafts.load(GUEST, target) is None
    await drafts.discard(bob, target)
    await drafts.save(bob, target, "Bob's own words")
    mine = await drafts.load(ann, target)
    assert mine is not None and mine.body == "Only mine"
    bobs = await drafts.load(bob, target)
    assert bobs is not None and bobs.body == "Bob's own words"


async def test_guests_keep_nothing():
    ann = await make_user("ann")
    _, opening = await make_thread(ann)
    with pytest.raises(PermissionDenied):
        await drafts.save(GUEST, drafts.Target.reply(opening), "Words")
    assert not await Draft.exists()


async def test_a_suspended_person_keeps_their_draft():
    ann = await make_user("ann")
    _, opening = await make_thread(ann)
    await User.filter(id=ann.id).update(suspended_until=clock.now() + timedelta(days=1))
    target = drafts.Target.reply(opening)
    await drafts.save(ann, target, "Words I was writing")
    assert (await drafts.load(ann, target)) is not None


async def test_a_draft_for_something_that_does_not_exist_is_refused():
    ann = await make_user("ann")
    with pytest.raises(NotFound):
        await drafts.save(ann, drafts.Target.reply(999_999), "Words")
    with pytest.raises(NotFound):
        await drafts.save(ann, drafts.Target.new_thread(999_999), "Words")


async def test_deleting_an_account_deletes_its_drafts_and_leaves_others():
    ann = await make_user("ann")
    bob = await make_user("bob")
    board = await first_board_id()
    _, opening = await make_thread(ann)
    await drafts.save(ann, drafts.Target.reply(opening), "One")
    await drafts.save(ann, drafts.Target.new_thread(board), "Two")
    await drafts.save(bob, drafts.Target.reply(opening), "Bob's")
    await delete_account(ann, "correct horse")
    assert not await Draft.exists(user_id=ann.id)
    assert await drafts.load(bob, drafts.Target.reply(opening)) is not None
