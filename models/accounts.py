"""Accounts: register, sign in, change a role; a person's own password and display name.

A deleted account (see :mod:`models.account_deletion`) keeps its row, so its posts keep
their author, but the row is anonymised: it shows as :data:`FORMER_MEMBER` and its
``username_key`` becomes :func:`tombstone` of the name. That hash still holds the name, so
nobody can register it again and be taken for the person who left; the name itself is
not kept.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging

from tortoise.exceptions import IntegrityError

from models import clock, passwords, text
from models.actor import GUEST, Actor
from models.audit import record
from models.changes import Change, Kind, writing
from models.entities import Role, User
from models.errors import (
    AccountClosed,
    AuthenticationFailed,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from models.policy import Action, Context, require
from models.prepared import ID_SAMPLE, Prepared

log = logging.getLogger("forum.accounts")

FORMER_MEMBER = "a former member"
"""What a deleted account's posts, threads and reports show as its name."""
TOMBSTONE = "~"
"""How a deleted account's ``username_key`` starts: no username can (see text.username)."""


def tombstone(key: str) -> str:
    """What a deleted account's ``username_key`` becomes: its name, hashed (fits 32)."""
    return TOMBSTONE + hashlib.sha256(key.encode()).hexdigest()[:31]


def _display_name(value: str | None, fallback: str) -> str:
    shown = text.display_name(value, fallback)
    if shown.casefold() == FORMER_MEMBER:
        raise ValidationError("display name", f"{shown!r} marks deleted accounts: choose another")
    return shown


async def _refuse_taken(name: str, key: str) -> None:
    if await User.exists(username_key=key):
        raise Conflict(f"The username {name!r} is taken.")
    if await User.exists(username_key=tombstone(key)):
        raise Conflict(
            f"The username {name!r} belonged to an account that was deleted: "
            "it is not given out again."
        )


async def register(
    username: str,
    password: str | None,
    display_name: str | None = None,
    role: Role = Role.MEMBER,
) -> Actor:
    """Create an account. ``password`` None makes a key-only account."""
    name = text.username(username)
    shown = _display_name(display_name, name)
    hashed = await passwords.hash_password(text.password(password)) if password is not None else ""
    key = text.username_key(name)
    await _refuse_taken(name, key)
    try:
        user = await User.create(
            username=name,
            username_key=key,
            display_name=shown,
            password_hash=hashed,
            role=role,
            created_at=clock.now(),
        )
    except IntegrityError as error:  # someone took it between the check and the insert
        raise Conflict(f"The username {name!r} is taken.") from error
    log.info("account created: %r (%s)", name, Role(role).value)
    return Actor.from_user(user)


async def sign_in(username: str, password: str) -> Actor:
    """Check the password off the event loop; an outdated hash is replaced on success."""
    if len(password) > text.PASSWORD_MAX:
        # No account can have one (text.password), and passlib refuses over 4,096 bytes.
        raise AuthenticationFailed()
    user = await User.get_or_none(username_key=text.username_key(username))
    ok, new_hash = await passwords.verify(password, user.password_hash if user else None)
    if user is None or not ok:
        raise AuthenticationFailed()
    updates = {"last_seen_at": clock.now()}
    if new_hash:
        updates["password_hash"] = new_hash
    await User.filter(id=user.id).update(**updates)
    return Actor.from_user(user)


async def _live(username: str) -> User | None:
    """The account called ``username``; never a deleted one, even if named by its hash."""
    key = text.username_key(username)
    return None if key.startswith(TOMBSTONE) else await User.get_or_none(username_key=key)


async def find(username: str) -> Actor | None:
    user = await _live(username)
    return Actor.from_user(user) if user else None


async def current(actor: Actor) -> Actor:
    """The actor as stored now: a role change or suspension applies to open sessions at once."""
    if actor.is_guest:
        return GUEST
    rows = await _ACTOR.rows(actor.id)
    if not rows or rows[0][-1].startswith(TOMBSTONE):
        raise AccountClosed()
    uid, username, display_name, role, until, why, created, _ = rows[0]
    return Actor(uid, username, display_name, Role(role), until, why, created)


_ACTOR_FIELDS = (
    "id", "username", "display_name", "role", "suspended_until", "suspended_reason", "created_at",
    "username_key",
)  # fmt: skip
_ACTOR = Prepared(
    User, _ACTOR_FIELDS, lambda i: User.filter(id=i).limit(1).values_list(*_ACTOR_FIELDS), ID_SAMPLE
)


async def change_role(actor: Actor, username: str, role: Role | str, reason: str = "") -> Actor:
    actor = await current(actor)
    require(actor, Action.CHANGE_ROLE, Context(), clock.now())
    new_role = parse_role(role)
    async with writing() as batch:
        user = await User.get_or_none(username_key=text.username_key(username))
        if user is None:
            raise NotFound(f"There is no user called {username!r}.")
        if user.id == actor.id:
            raise PermissionDenied(Action.CHANGE_ROLE.value, "You cannot change your own role.")
        user.role = new_role
        await user.save(update_fields=["role"])
        await record(
            actor, "change role", "user", user.id, f"to {new_role.value}. {reason}".strip()
        )
        batch.add(Change(Kind.PERSON, user_id=user.id))
    return Actor.from_user(user)


async def _named(username: str) -> User:
    """The account called ``username``, for the operator's commands."""
    user = await _live(username)
    if user is None:
        if await User.exists(username_key=tombstone(text.username_key(username))):
            raise NotFound(f"The account {username!r} was deleted by its owner.")
        raise NotFound(f"There is no user called {username!r}.")
    return user


async def set_role_unchecked(username: str, role: Role | str) -> Actor:
    """For the operator's command line (``forum user role``), which runs as the machine owner."""
    user = await _named(username)
    user.role = parse_role(role)
    async with writing() as batch:
        await user.save(update_fields=["role"])
        batch.add(Change(Kind.PERSON, user_id=user.id))
    return Actor.from_user(user)


def parse_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise ValidationError("role", f"must be one of {choices}") from None


# -- a person's own account ---------------------------------------------------------------


async def has_password(actor: Actor) -> bool:
    """Whether the account signs in with a password (key-only accounts have none)."""
    if actor.is_guest:
        return False
    return await User.filter(id=actor.id).exclude(password_hash="").exists()


async def check_own_password(user_id: int, password: str | None) -> None:
    """Refuse unless ``password`` is the account's (an account without one has nothing to
    give): changing the password or deleting the account asks for it first."""
    stored = await User.filter(id=user_id).values_list("password_hash", flat=True)
    if stored and stored[0]:
        ok, _ = await passwords.verify(password or "", stored[0])
        if not ok:
            raise ValidationError("current password", "is not right")


async def change_password(actor: Actor, current_password: str | None, new_password: str) -> None:
    """Set a new password after checking the current one (a key-only account gets one)."""
    actor = await current(actor)
    require(actor, Action.CHANGE_OWN_PASSWORD, Context(owner_id=actor.id), clock.now())
    new = text.password(new_password)
    await check_own_password(actor.id, current_password)  # type: ignore[arg-type]
    await User.filter(id=actor.id).update(password_hash=await passwords.hash_password(new))


async def change_display_name(actor: Actor, display_name: str | None) -> Actor:
    """The name shown on posts; empty means the username. Returns the actor renamed."""
    actor = await current(actor)
    require(actor, Action.CHANGE_DISPLAY_NAME, Context(owner_id=actor.id), clock.now())
    shown = _display_name(display_name, actor.username)
    await User.filter(id=actor.id).update(display_name=shown)
    return dataclasses.replace(actor, display_name=shown)


async def set_password_unchecked(username: str, password: str) -> Actor:
    """For the operator's command line (``forum user set-password``): no current password."""
    user = await _named(username)
    user.password_hash = await passwords.hash_password(text.password(password))
    await user.save(update_fields=["password_hash"])
    return Actor.from_user(user)
