"""Deleting one's own account.

What the person wrote stays where it is, so the threads others replied to keep their
shape; it shows as written by "a former member". What was theirs alone goes: SSH keys,
drafts, the notes moderators sent them, their reactions, blocks (theirs and of them) and
hidden topics. Reports they filed stay open for moderators, shown as from a former member:
someone reported as in danger still needs looking after. The audit log keeps what they did
as a moderator, under the same name.

The row itself is kept, anonymised (see :mod:`models.accounts`): the username is never
given out again, so nobody can take it and be taken for the person who left.
"""

from __future__ import annotations

import logging

from tortoise.expressions import Q

from models import clock
from models.accounts import FORMER_MEMBER, check_own_password, current, tombstone
from models.actor import Actor
from models.changes import Change, Kind, writing
from models.entities import (
    Block,
    Draft,
    Follow,
    HiddenTopic,
    Note,
    Notification,
    Reaction,
    ReadMark,
    Role,
    SshKey,
    User,
)  # fmt: skip
from models.errors import Conflict
from models.policy import Action, Context, require

log = logging.getLogger("forum.accounts")

OWN_ROWS = (SshKey, Draft, Reaction, HiddenTopic, Follow, ReadMark)
"""Tables whose rows belong to one person through ``user_id`` and go with the account."""


async def delete_account(actor: Actor, password: str | None) -> None:
    """Delete ``actor``'s account after checking its password (if it has one).

    Every open session of the account is refused from its next step on
    (:class:`models.errors.AccountClosed`).
    """
    actor = await current(actor)
    require(actor, Action.DELETE_OWN_ACCOUNT, Context(owner_id=actor.id), clock.now())
    await check_own_password(actor.id, password)  # type: ignore[arg-type]
    user = await User.get(id=actor.id)
    if user.role == Role.ADMIN and await User.filter(role=Role.ADMIN).count() == 1:
        raise Conflict(
            "You are the forum's only admin: make someone else an admin first "
            "(or the operator can, with 'forum user role')."
        )
    async with writing() as batch:
        batch.add(Change(Kind.PERSON, user_id=user.id))
        for model in OWN_ROWS:
            await model.filter(user_id=user.id).delete()
        await Note.filter(recipient_id=user.id).delete()
        await Notification.filter(recipient_id=user.id).delete()
        await Block.filter(Q(blocker_id=user.id) | Q(blocked_id=user.id)).delete()
        await User.filter(id=user.id).update(
            username="",
            username_key=tombstone(user.username_key),
            display_name=FORMER_MEMBER,
            password_hash="",
            role=Role.MEMBER,
            last_seen_at=None,
            suspended_until=None,
            suspended_reason=None,
        )
    log.info("account deleted: user %d", user.id)  # the name goes with the account
