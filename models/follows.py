"""Following a thread (told of its replies) or muting it (told nothing from it)."""

from __future__ import annotations

from models import clock
from models.accounts import current
from models.actor import Actor
from models.entities import Follow, Thread
from models.enums import FollowState
from models.errors import NotFound
from models.policy import Action, Context, require


async def state(actor: Actor, thread_id: int) -> FollowState:
    if actor.is_guest:
        return FollowState.NOT_FOLLOWING
    muted = await Follow.filter(user_id=actor.id, thread_id=thread_id).values_list(
        "muted", flat=True
    )
    if not muted:
        return FollowState.NOT_FOLLOWING
    return FollowState.MUTED if muted[0] else FollowState.FOLLOWING


async def toggle(actor: Actor, thread_id: int) -> FollowState:
    """``w`` on a thread: follow it; a followed thread is muted; a muted one followed."""
    actor = await current(actor)
    require(actor, Action.FOLLOW_THREAD, Context(), clock.now())
    if not await Thread.exists(id=thread_id):
        raise NotFound("That thread does not exist.")
    now = await state(actor, thread_id)
    if now is FollowState.NOT_FOLLOWING:
        await Follow.create(user_id=actor.id, thread_id=thread_id, created_at=clock.now())
        state_now = FollowState.FOLLOWING
    else:
        state_now = FollowState.MUTED if now is FollowState.FOLLOWING else FollowState.FOLLOWING
        await Follow.filter(user_id=actor.id, thread_id=thread_id).update(
            muted=state_now is FollowState.MUTED
        )
    return state_now
