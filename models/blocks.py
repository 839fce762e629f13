"""Blocking: a blocked person's posts are collapsed for the blocker, and they cannot reply
directly to the blocker's posts. They are never told."""

from __future__ import annotations

from contextlib import suppress

from tortoise.exceptions import IntegrityError

from models import clock
from models.accounts import current
from models.actor import Actor
from models.entities import Block, User
from models.errors import NotFound, ValidationError
from models.policy import Action, Context, require


async def block(actor: Actor, user_id: int) -> None:
    actor = await current(actor)
    require(actor, Action.BLOCK_USER, Context(), clock.now())
    if user_id == actor.id:
        raise ValidationError("block", "cannot be of yourself")
    if not await User.exists(id=user_id):
        raise NotFound("That person does not exist.")
    with suppress(IntegrityError):  # already blocked: the wish is met
        await Block.create(blocker_id=actor.id, blocked_id=user_id, created_at=clock.now())


async def unblock(actor: Actor, user_id: int) -> None:
    actor = await current(actor)
    require(actor, Action.BLOCK_USER, Context(), clock.now())
    await Block.filter(blocker_id=actor.id, blocked_id=user_id).delete()


async def blocked_ids(actor: Actor) -> frozenset[int]:
    """Who ``actor`` has blocked: the UI collapses their posts."""
    if actor.is_guest:
        return frozenset()
    return frozenset(await Block.filter(blocker_id=actor.id).values_list("blocked_id", flat=True))


async def blocked_users(actor: Actor) -> list[tuple[int, str]]:
    if actor.is_guest:
        return []
    rows = (
        await Block.filter(blocker_id=actor.id)
        .order_by("id")
        .values_list("blocked_id", "blocked__display_name")
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


async def is_blocked_by(actor_id: int, author_id: int) -> bool:
    return await Block.exists(blocker_id=author_id, blocked_id=actor_id)
