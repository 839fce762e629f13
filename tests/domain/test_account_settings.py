"""A person's own account: password, display name, deleting it; an operator's password
reset; a thread's author changing its title."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models import (
    accounts,
    blocks,
    clock,
    keys,
    moderation,
    posting,
    reactions,
    reports,
    threads,
    warnings,
)  # fmt: skip
from models.account_deletion import delete_account
from models.entities import Block, Draft, ModAction, Note, Reaction, Report, Role, SshKey, User
from models.errors import (
    AccountClosed,
    AuthenticationFailed,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationError,
)  # fmt: skip
from tests.helpers import make_thread, make_user, public_key_line

PASSWORD = "correct horse"


async def test_a_new_password_works_once_the_current_one_is_given():
    ann = await make_user("ann")
    with pytest.raises(ValidationError, match="Current password is not right"):
        await accounts.change_password(ann, "not my password", "a brand new secret")
    assert (await accounts.sign_in("ann", PASSWORD)).id == ann.id  # unchanged
    await accounts.change_password(ann, PASSWORD, "a brand new secret")
    assert (await accounts.sign_in("ann", "a brand new secret")).id == ann.id
    with pytest.raises(AuthenticationFailed):
        await accounts.sign_in("ann", PASSWORD)


async def test_a_new_password_follows_the_password_rules():
    ann = await make_user("ann")
    with pytest.raises(ValidationError, match="at least 8"):
        await accounts.change_password(ann, PASSWORD, "short")


async def test_a_key_only_account_can_set_its_first_password():
    keyonly = await accounts.register("keyonly", None)
    assert not await accounts.has_password(keyonly)
    await accounts.change_password(keyonly, None, "my first password")
    assert await accounts.has_password(keyonly)
    assert (await accounts.sign_in("keyonly", "my first password")).id == keyonly.id


async def test_a_suspended_person_may_change_their_password_but_not_their_name():
    ann = await make_user("ann")
    mod = await make_user("mod", Role.MODERATOR)
    await moderation.suspend(mod, "ann", 2, "cooling off")
    await accounts.change_password(ann, PASSWORD, "a brand new secret")
    with pytest.raises(PermissionDenied, match="suspended"):
        await accounts.change_display_name(ann, "Annie")


async def test_a_new_display_name_shows_on_the_posts_already_written():
    ann = await make_user("ann")
    thread_id, _ = await make_thread(ann)
    renamed = await accounts.change_display_name(ann, "  Ann \x1b[2J B.  ")
    assert renamed.display_name == "Ann [2J B."  # cleaned like every name
    view = await threads.open_thread(thread_id)
    assert view.thread.author == "Ann [2J B." and view.posts[0].author == "Ann [2J B."
    back = await accounts.change_display_name(ann, "")
    assert back.display_name == "ann"  # empty: the username


async def test_nobody_can_call_themselves_a_former_member():
    ann = await make_user("ann")
    with pytest.raises(ValidationError, match="marks deleted accounts"):
        await accounts.change_display_name(ann, "A Former Member")
    with pytest.raises(ValidationError, match="marks deleted accounts"):
        await accounts.register("bob", PASSWORD, "a former member")


async def test_the_operator_resets_a_password_without_the_old_one():
    await make_user("ann")
    await accounts.set_password_unchecked("ANN", "set by the operator")
    assert (await accounts.sign_in("ann", "set by the operator")).username == "ann"
    with pytest.raises(NotFound, match="no user called 'nobody'"):
        await accounts.set_password_unchecked("nobody", "set by the operator")
    with pytest.raises(ValidationError, match="at least 8"):
        await accounts.set_password_unchecked("ann", "short")


# -- deleting an account ------------------------------------------------------------------


async def _ann_with_everything():
    """ann, with a thread, a reply, a key, a draft, a note, reactions, blocks, hidden topics,
    and a report she made; bob, who replied and reacted too."""
    ann, bob = await make_user("ann"), await make_user("bob")
    mod = await make_user("mod", Role.MODERATOR)
    thread_id, opening = await make_thread(ann)
    reply = (await posting.reply(bob, opening, "I hear you.", "bob-reply-key")).id
    await posting.reply(ann, reply, "Thank you, bob.", "ann-reply-key")
    await keys.add_key(ann, public_key_line())
    await Draft.create(user_id=ann.id, target=f"reply:{reply}", post_id=reply, body="half",
                       saved_at=clock.now())  # fmt: skip
    await moderation.send_note(mod, "ann", "Welcome, ann.")
    await reactions.react(ann, reply, "hug")
    await reactions.react(bob, opening, "hug")
    await blocks.block(ann, mod.id)
    await blocks.block(bob, ann.id)
    await warnings.set_hidden_topics(ann, ["grief"])
    await reports.report_post(ann, reply, "other", "not sure about this")
    return ann, bob, thread_id, opening


async def test_deleting_keeps_the_posts_as_a_former_members_and_removes_the_rest():
    ann, bob, thread_id, _ = await _ann_with_everything()
    await delete_account(ann, PASSWORD)
    view = await threads.open_thread(thread_id)
    assert view.thread.author == "a former member"
    assert [(p.author, p.body) for p in view.posts] == [
        ("a former member", "It has been a lot."),
        ("bob", "I hear you."),
        ("a former member", "Thank you, bob."),
    ]
    for model in (SshKey, Draft, Reaction):
        assert not await model.filter(user_id=ann.id).exists(), model.__name__
    assert not await Note.filter(recipient_id=ann.id).exists()
    assert await Reaction.filter(user_id=bob.id).count() == 1  # others' reactions stay
    assert not await Block.all().exists()  # hers, and bob's of her
    assert await warnings.hidden_topics(ann) == []
    report = await Report.get(reporter_id=ann.id)  # kept for moderators, anonymised
    mod = await make_user("mod2", Role.MODERATOR)
    queued = (await reports.review_queue(mod)).items
    assert [(q.id, q.reporter, q.note) for q in queued] == [
        (report.id, "a former member", "not sure about this")
    ]
    row = await User.get(id=ann.id)
    assert "ann" not in (row.username + row.username_key + row.display_name)
    assert row.password_hash == ""


async def test_a_deleted_account_cannot_sign_in_or_act_and_its_name_is_not_given_out():
    ann, _, _, opening = await _ann_with_everything()
    await delete_account(ann, PASSWORD)
    with pytest.raises(AuthenticationFailed):
        await accounts.sign_in("ann", PASSWORD)
    assert await keys.has_keys("ann") is False
    with pytest.raises(AccountClosed, match="no longer exists"):
        await posting.reply(ann, opening, "Still here?", "after-delete-key")  # another session
    with pytest.raises(AccountClosed):
        await accounts.current(ann)
    for name in ("ann", "ANN"):
        with pytest.raises(Conflict, match="deleted: it is not given out again"):
            await accounts.register(name, PASSWORD)
    with pytest.raises(NotFound, match="was deleted"):
        await accounts.set_password_unchecked("ann", "bring her back")
    assert await accounts.find("ann") is None
    hashed = (await User.get(id=ann.id)).username_key
    assert await accounts.find(hashed) is None  # not even by the name it is kept under
    with pytest.raises(NotFound):
        await accounts.set_password_unchecked(hashed, "bring her back")


async def test_deleting_asks_for_the_password_and_keeps_everything_when_it_is_wrong():
    ann, _, thread_id, _ = await _ann_with_everything()
    with pytest.raises(ValidationError, match="Current password is not right"):
        await delete_account(ann, "a wrong guess")
    assert (await accounts.current(ann)).username == "ann"
    assert (await threads.get_thread(thread_id)).author == "ann"
    assert await SshKey.filter(user_id=ann.id).exists()


async def test_a_key_only_account_is_deleted_without_a_password():
    keyonly = await accounts.register("keyonly", None)
    await delete_account(keyonly, None)
    with pytest.raises(AccountClosed):
        await accounts.current(keyonly)


async def test_a_suspended_person_can_still_leave():
    ann = await make_user("ann")
    mod = await make_user("mod", Role.MODERATOR)
    await moderation.suspend(mod, "ann", 2, "cooling off")
    await delete_account(ann, PASSWORD)
    assert (await User.get(id=ann.id)).display_name == "a former member"


async def test_the_only_admin_cannot_leave_the_forum_without_one():
    admin = await make_user("admin", Role.ADMIN)
    with pytest.raises(Conflict, match="only admin"):
        await delete_account(admin, PASSWORD)
    await make_user("admin2", Role.ADMIN)
    await delete_account(admin, PASSWORD)
    assert (await User.get(id=admin.id)).role == Role.MEMBER


async def test_a_guest_has_no_account_to_delete():
    from models.actor import GUEST

    with pytest.raises(PermissionDenied):
        await delete_account(GUEST, None)


# -- a thread's title ---------------------------------------------------------------------


async def test_the_author_retitles_their_thread_unlogged():
    ann = await make_user("ann")
    thread_id, _ = await make_thread(ann, title="A hard week")
    stored = await posting.edit_thread_title(ann, thread_id, "  A hard\tweek, and a better one ")
    assert stored == "A hard week, and a better one"
    assert (await threads.get_thread(thread_id)).title == stored
    assert not await ModAction.exists()


async def test_someone_elses_thread_title_is_refused_and_kept():
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, _ = await make_thread(ann, title="A hard week")
    with pytest.raises(PermissionDenied, match="your own"):
        await posting.edit_thread_title(bob, thread_id, "Mine now")
    assert (await threads.get_thread(thread_id)).title == "A hard week"


async def test_a_moderator_retitling_a_thread_is_logged_with_the_old_title():
    ann = await make_user("ann")
    mod = await make_user("mod", Role.MODERATOR)
    thread_id, _ = await make_thread(ann, title="Call me at 555-0100")
    await posting.edit_thread_title(mod, thread_id, "Looking for someone to talk to")
    entry = (await moderation.audit_log(mod)).items[0]
    assert (entry.action, entry.target_kind, entry.target_id, entry.reason) == (
        "edit thread title", "thread", thread_id, "was: Call me at 555-0100",
    )  # fmt: skip


async def test_a_title_must_still_be_a_title():
    ann = await make_user("ann")
    thread_id, _ = await make_thread(ann)
    with pytest.raises(ValidationError, match="Title must not be empty"):
        await posting.edit_thread_title(ann, thread_id, " \x1b ")
    with pytest.raises(NotFound):
        await posting.edit_thread_title(ann, thread_id + 1000, "Anything")


async def test_a_suspended_author_cannot_retitle():
    ann = await make_user("ann")
    thread_id, _ = await make_thread(ann)
    await User.filter(id=ann.id).update(
        suspended_until=clock.now() + timedelta(days=1), suspended_reason="cooling off"
    )
    with pytest.raises(PermissionDenied, match="suspended"):
        await posting.edit_thread_title(ann, thread_id, "New title")
