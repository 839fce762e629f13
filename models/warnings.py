"""Content warnings: the writer's own, and topics each reader always wants hidden."""

from __future__ import annotations

import re

from tortoise.transactions import in_transaction

from models import clock, text
from models.accounts import current
from models.actor import Actor
from models.entities import HiddenTopic
from models.errors import ValidationError
from models.policy import Action, Context, require

TOPIC_MAX = 60
TOPICS_MAX = 30


async def hidden_topics(actor: Actor) -> list[str]:
    if actor.is_guest:
        return []
    return list(
        await HiddenTopic.filter(user_id=actor.id).order_by("topic").values_list("topic", flat=True)
    )


async def set_hidden_topics(actor: Actor, topics: list[str]) -> list[str]:
    """Replace the reader's list of topics that always go behind a warning."""
    actor = await current(actor)
    require(actor, Action.HIDE_TOPICS, Context(), clock.now())
    cleaned = sorted({t for t in (text.clean_line(t).casefold() for t in topics) if t})
    if len(cleaned) > TOPICS_MAX:
        raise ValidationError("topics", f"can list at most {TOPICS_MAX} topics")
    if any(len(t) > TOPIC_MAX for t in cleaned):
        raise ValidationError("topic", f"must be at most {TOPIC_MAX} characters")
    async with in_transaction():
        await HiddenTopic.filter(user_id=actor.id).delete()
        await HiddenTopic.bulk_create([HiddenTopic(user_id=actor.id, topic=t) for t in cleaned])
    return cleaned


def warning_for(own_warning: str | None, words: str, topics: list[str]) -> str | None:
    """What to show instead of the text until the reader reveals it, or None to show it.

    The writer's warning comes first; otherwise any of the reader's hidden topics that
    appears in ``words`` (a title or body) as a whole word, whatever its case.
    """
    if own_warning:
        return own_warning
    found = [t for t in topics if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", words, re.IGNORECASE)]
    return ", ".join(found) if found else None
