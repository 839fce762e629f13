"""Accounts: register, sign in, change a role."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import clock, passwords, text
from models.actor import GUEST, Actor
from models.audit import record
from models.entities import Role, User
from models.errors import (
    AuthenticationFailed,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from models.policy import Action, Context, require
from models.prepared import ID_SAMPLE, Prepared


async def register(
    username: str,
    password: str | None,
    display_name: str | None = None,
    role: Role = Role.MEMBER,
) -> Actor:
    """Create an account. ``password`` None makes a key-only account."""
    name = text.username(username)
    shown = text.display_name(display_name, name)
    hashed = await passwords.hash_password(text.password(password)) if password is not None else ""
    key = text.username_key(name)
    if await User.exists(username_key=key):
        raise Conflict(f"The username {name!r} is taken.")
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
    return Actor.from_user(user)


async def sign_in(username: str, password: str) -> Actor:
    """Check the password off the event loop; an outdated hash is replaced on success."""
    user = await User.get_or_none(username_key=text.username_key(username))
    ok, new_hash = await passwords.verify(password, user.password_hash if user else None)
    if user is None or not ok:
        raise AuthenticationFailed()
    updates = {"last_seen_at": clock.now()}
    if new_hash:
        updates["password_hash"] = new_hash
    await User.filter(id=user.id).update(**updates)
    return Actor.from_user(user)


async def find(username: str) -> Actor | None:
    user = await User.get_or_none(username_key=text.username_key(username))
    return Actor.from_user(user) if user else None


async def current(actor: Actor) -> Actor:
    """The actor as stored now: a role change or suspension applies to open sessions at once."""
    if actor.is_guest:
        return GUEST
    rows = await _ACTOR.rows(actor.id)
    if not rows:
        raise PermissionDenied("act", "This account no longer exists.")
    uid, username, display_name, role, until, why, created = rows[0]
    return Actor(uid, username, display_name, Role(role), until, why, created)


_ACTOR_FIELDS = (
    "id", "username", "display_name", "role", "suspended_until", "suspended_reason", "created_at",
)  # fmt: skip
_ACTOR = Prepared(
    User, _ACTOR_FIELDS, lambda i: User.filter(id=i).limit(1).values_list(*_ACTOR_FIELDS), ID_SAMPLE
)


async def change_role(actor: Actor, username: str, role: Role | str, reason: str = "") -> Actor:
    actor = await current(actor)
    require(actor, Action.CHANGE_ROLE, Context(), clock.now())
    new_role = parse_role(role)
    async with in_transaction():
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
    return Actor.from_user(user)


async def set_role_unchecked(username: str, role: Role | str) -> Actor:
    """For the operator's command line (``forum user role``), which runs as the machine owner."""
    user = await User.get_or_none(username_key=text.username_key(username))
    if user is None:
        raise NotFound(f"There is no user called {username!r}.")
    user.role = parse_role(role)
    await user.save(update_fields=["role"])
    return Actor.from_user(user)


def parse_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise ValidationError("role", f"must be one of {choices}") from None
