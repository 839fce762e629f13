"""Role x action -> allowed, checked exhaustively through the real domain operations.

Each cell runs the operation as that role. An allowed cell must succeed (and a write must
change something); a refused cell must raise PermissionDenied and leave every table
exactly as it was. New-account posting limits are on, as in production.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from models import (
    accounts,
    blocks,
    clock,
    crisis,
    drafts,
    follows,
    keys,
    limits,
    moderation,
    posting,
    reactions,
    reports,
    resources,
    warnings,
)  # fmt: skip
from models.account_deletion import delete_account
from models.actor import GUEST, Actor
from models.entities import (
    Block,
    CrisisPhrase,
    Draft,
    Follow,
    HiddenTopic,
    ModAction,
    Note,
    Notification,
    Post,
    Reaction,
    Report,
    Resource,
    ResourceKind,
    Role,
    SshKey,
    Thread,
    User,
)  # fmt: skip
from models.errors import PermissionDenied
from models.policy import Action
from tests.helpers import first_board_id, key, make_thread, make_user, public_key_line

ROLES = ["guest", "new member", "member", "author", "moderator", "admin", "suspended"]

# fmt: off
#                        guest  new  member author  mod  admin  suspended
TABLE = {
    "start thread":         (0,   1,    1,     1,     1,    1,     0),
    "reply":                (0,   1,    1,     1,     1,    1,     0),
    "edit post":            (0,   0,    0,     1,     0,    0,     0),
    "remove post":          (0,   0,    0,     1,     1,    1,     0),
    "pin thread":           (0,   0,    0,     0,     1,    1,     0),
    "lock thread":          (0,   0,    0,     0,     1,    1,     0),
    "pin resource":         (0,   0,    0,     0,     1,    1,     0),
    "edit resource":        (0,   0,    0,     0,     1,    1,     0),
    "unpin resource":       (0,   0,    0,     0,     1,    1,     0),
    "reorder resources":    (0,   0,    0,     0,     1,    1,     0),
    "change role":          (0,   0,    0,     0,     0,    1,     0),
    "remove key":           (0,   0,    0,     1,     0,    0,     1),
    "report post":          (0,   1,    1,     1,     1,    1,     1),
    "block user":           (0,   1,    1,     1,     1,    1,     1),
    "react":                (0,   1,    1,     1,     1,    1,     0),
    "follow thread":        (0,   1,    1,     1,     1,    1,     1),
    "choose hidden topics": (0,   1,    1,     1,     1,    1,     1),
    "keep drafts":          (0,   1,    1,     1,     1,    1,     1),
    "dismiss report":       (0,   0,    0,     0,     1,    1,     0),
    "open report":          (0,   0,    0,     0,     1,    1,     0),
    "suspend user":         (0,   0,    0,     0,     1,    1,     0),
    "send note":            (0,   0,    0,     0,     1,    1,     0),
    "set slow mode":        (0,   0,    0,     0,     1,    1,     0),
    "view audit log":       (0,   0,    0,     0,     1,    1,     0),
    "verify resource":      (0,   0,    0,     0,     1,    1,     0),
    "edit crisis phrases":  (0,   0,    0,     0,     0,    1,     0),
    "change own password":  (0,   1,    1,     1,     1,    1,     1),
    "change display name":  (0,   1,    1,     1,     1,    1,     0),
    "delete own account":   (0,   1,    1,     1,     1,    1,     1),
    "edit thread title":    (0,   0,    0,     1,     1,    1,     0),
}
# fmt: on
READS = {"view audit log"}
"""Allowed reads write nothing; they must simply succeed."""

POLICY_ACTION = {
    "edit post": Action.EDIT_OWN_POST, "remove post": Action.REMOVE_OWN_POST,
    "remove key": Action.MANAGE_OWN_KEYS, "dismiss report": Action.REVIEW_REPORTS,
    "open report": Action.REVIEW_REPORTS,
    "edit thread title": Action.EDIT_OWN_THREAD_TITLE,
}  # fmt: skip
SECOND_CASES = {Action.REMOVE_ANY_POST, Action.EDIT_ANY_THREAD_TITLE}
"""Actions the table reaches through another row: acting on someone else's post or thread
as staff ("remove post", "edit thread title" by a moderator or admin)."""


@pytest.fixture(autouse=True)
def production_limits():
    limits.configure(limits.PostingLimits())


async def _actor(role: str) -> tuple[Actor, int]:
    """The acting user, and the opening post of a thread (the actor's own for author and
    suspended). Everyone but the new member joined two days ago."""
    owner = await make_user("owner")
    await make_user("spare-admin", Role.ADMIN)  # so an admin may delete their own account
    if role == "guest":
        actor = GUEST
    else:
        given = {"moderator": Role.MODERATOR, "admin": Role.ADMIN}.get(role, Role.MEMBER)
        actor = await make_user(f"the-{role.replace(' ', '-')}", given)
    target_owner = actor if role in ("author", "suspended") else owner
    _, post = await make_thread(target_owner)
    await keys.add_key_for(target_owner.username, public_key_line())
    await reports.report_post(await make_user("reporter"), post, "unkind")
    if role != "new member":
        await User.all().update(created_at=clock.now() - timedelta(days=2))
    if role == "suspended":
        await User.filter(id=actor.id).update(
            suspended_until=clock.now() + timedelta(days=3), suspended_reason="cooling off"
        )
    return actor, post


async def _do(action: str, actor: Actor, post_id: int) -> None:
    post = await Post.get(id=post_id)
    resource = await Resource.first()
    owner = await User.get(username="owner")
    match action:
        case "start thread":
            await posting.start_thread(actor, await first_board_id(), "Title", "Body", key())
        case "reply":
            await posting.reply(actor, post_id, "I hear you.", key())
        case "edit post":
            await posting.edit_post(actor, post_id, "Edited words")
        case "remove post":
            await posting.remove_post(actor, post_id, "reason")
        case "pin thread":
            await posting.set_thread_flag(actor, post.thread_id, "pinned", True)
        case "lock thread":
            await posting.set_thread_flag(actor, post.thread_id, "locked", True)
        case "pin resource":
            await resources.pin_resource(
                actor, "Local group", "Tuesdays", "library", ResourceKind.SUPPORT_GROUP
            )
        case "edit resource":
            await resources.edit_resource(actor, resource.id, contact="call 111")
        case "unpin resource":
            await resources.unpin_resource(actor, resource.id)
        case "reorder resources":
            second = (await resources.list_resources())[1]
            await resources.move_resource(actor, second.id, -1)
        case "change role":
            await accounts.change_role(actor, "owner", Role.MODERATOR)
        case "remove key":
            await keys.remove_key(actor, (await SshKey.first()).id)
        case "report post":
            await reports.report_post(actor, post_id, "danger", "worried about them")
        case "block user":
            await blocks.block(actor, owner.id)
        case "react":
            await reactions.react(actor, post_id, "hug")
        case "follow thread":
            await follows.toggle(actor, post.thread_id)
        case "choose hidden topics":
            await warnings.set_hidden_topics(actor, ["grief"])
        case "keep drafts":
            await drafts.save(actor, drafts.Target.reply(post_id), "Half a thought")
        case "dismiss report":
            await reports.dismiss_report(actor, (await Report.first()).id)
        case "open report":
            assert await reports.mark_opened(actor, (await Report.first()).id)
        case "suspend user":
            await moderation.suspend(actor, "owner", 1, "cooling off")
        case "send note":
            await moderation.send_note(actor, "owner", "Please keep it kind.")
        case "set slow mode":
            await moderation.set_slow_mode(actor, post.thread_id, 10, "heated")
        case "view audit log":
            await moderation.audit_log(actor)
        case "verify resource":
            await moderation.verify_resource(actor, resource.id)
        case "edit crisis phrases":
            await crisis.add_phrase(actor, "no way out")
        case "change own password":
            await accounts.change_password(actor, "correct horse", "a new long secret")
        case "change display name":
            await accounts.change_display_name(actor, "A new name")
        case "delete own account":
            await delete_account(actor, "correct horse")
        case "edit thread title":
            await posting.edit_thread_title(actor, post.thread_id, "A better title")
        case _:
            raise AssertionError(action)


async def _snapshot() -> list:
    models = (User, Thread, Post, Resource, ModAction, SshKey, Report, Block, Reaction,
              HiddenTopic, Note, CrisisPhrase, Draft, Follow, Notification)  # fmt: skip
    return [await model.all().order_by("id").values() for model in models]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(TABLE))
async def test_role_action_cell(action: str, role: str):
    actor, post_id = await _actor(role)
    before = await _snapshot()
    if TABLE[action][ROLES.index(role)]:
        await _do(action, actor, post_id)
        if action not in READS:
            assert await _snapshot() != before, "an allowed action must write something"
    else:
        with pytest.raises(PermissionDenied) as refused:
            await _do(action, actor, post_id)
        assert refused.value.message, "a refusal explains itself"
        assert await _snapshot() == before, "a refused action writes nothing"


def test_the_table_covers_every_policy_action():
    names = {POLICY_ACTION.get(name, name) for name in TABLE} | SECOND_CASES
    assert names == {a.value for a in Action}


async def test_staff_actions_are_logged_with_who_and_why():
    mod = await make_user("mod", Role.MODERATOR)
    owner = await make_user("owner")
    thread_id, _ = await make_thread(owner)
    await posting.set_thread_flag(mod, thread_id, "pinned", True, "welcome thread")
    row = await ModAction.get(action="pin thread")
    assert (row.actor_id, row.target_kind, row.target_id, row.reason) == (
        mod.id, "thread", thread_id, "welcome thread",
    )  # fmt: skip


async def test_a_role_change_applies_to_an_open_session_at_once():
    admin = await make_user("admin", Role.ADMIN)
    mod = await make_user("mod", Role.MODERATOR)
    await accounts.change_role(admin, "mod", Role.MEMBER)
    with pytest.raises(PermissionDenied):  # ``mod`` still holds its old Actor value
        await resources.pin_resource(mod, "x", "y", "z", ResourceKind.INFORMATION)


async def test_an_admin_cannot_change_their_own_role():
    admin = await make_user("admin", Role.ADMIN)
    with pytest.raises(PermissionDenied, match="own role"):
        await accounts.change_role(admin, "admin", Role.MEMBER)


@pytest.mark.parametrize(
    ("actor_role", "target_role", "allowed"),
    [
        (Role.MODERATOR, Role.MODERATOR, False),
        (Role.MODERATOR, Role.ADMIN, False),
        (Role.ADMIN, Role.MODERATOR, True),
        (Role.ADMIN, Role.ADMIN, False),
    ],
)
async def test_who_can_suspend_staff(actor_role, target_role, allowed):
    actor = await make_user("actor", actor_role)
    await make_user("target", target_role)
    if allowed:
        await moderation.suspend(actor, "target", 1, "needs a break")
    else:
        with pytest.raises(PermissionDenied):
            await moderation.suspend(actor, "target", 1, "needs a break")
