"""The moderation log: append-only, written in the same transaction as the action."""

from __future__ import annotations

from models import clock
from models.actor import Actor
from models.entities import ModAction


async def record(
    actor: Actor, action: str, target_kind: str, target_id: int, reason: str = ""
) -> None:
    await ModAction.create(
        actor_id=actor.id,
        action=action,
        target_kind=target_kind,
        target_id=target_id,
        reason=reason[:500],
        created_at=clock.now(),
    )
