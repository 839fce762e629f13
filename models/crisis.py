"""Crisis-aware compose: a curated phrase list (admins edit it) that, when found in the
text being written, makes the compose screen gently show crisis resources. It never
blocks or delays a post and tells no one."""

from __future__ import annotations

import re

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import clock, text
from models.accounts import current
from models.actor import Actor
from models.audit import record
from models.entities import CrisisPhrase
from models.errors import Conflict, NotFound, ValidationError
from models.policy import Action, Context, require

DEFAULT_PHRASES = [
    "want to die", "wanting to die", "kill myself", "killing myself", "end it all",
    "ending it all", "end my life", "suicide", "suicidal", "hurt myself", "hurting myself",
    "self harm", "self-harm", "no reason to live", "better off without me",
    "can't go on", "cannot go on", "take my own life", "don't want to be here",
]  # fmt: skip
_SPACES = re.compile(r"\s+")


def normalise(value: str) -> str:
    """Case, curly apostrophes and runs of white space do not hide a phrase."""
    return _SPACES.sub(" ", text.clean_text(value).replace("\u2019", "'")).casefold().strip()


class Detector:
    """Matches any of a set of phrases as whole words, in one regular expression."""

    def __init__(self, phrases: list[str]) -> None:
        words = sorted({normalise(p) for p in phrases if normalise(p)}, key=len, reverse=True)
        self.phrases = words
        pattern = "|".join(re.escape(w) for w in words)
        self._regex = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)") if words else None

    def matches(self, value: str) -> bool:
        return bool(self._regex and self._regex.search(normalise(value)))


async def phrases() -> list[str]:
    return list(await CrisisPhrase.all().order_by("phrase").values_list("phrase", flat=True))


async def detector() -> Detector:
    """Load once when the compose screen opens; match on every keystroke without a query."""
    return Detector(await phrases())


async def seed_phrases() -> None:
    if not await CrisisPhrase.exists():
        now = clock.now()
        await CrisisPhrase.bulk_create(
            [CrisisPhrase(phrase=normalise(p), created_at=now) for p in DEFAULT_PHRASES]
        )


async def add_phrase(actor: Actor, phrase: str) -> str:
    actor = await current(actor)
    require(actor, Action.EDIT_CRISIS_PHRASES, Context(), clock.now())
    clean = normalise(phrase)
    if not 2 <= len(clean) <= 80:
        raise ValidationError("phrase", "must be 2-80 characters")
    try:
        async with in_transaction():
            row = await CrisisPhrase.create(phrase=clean, created_at=clock.now())
            await record(actor, "add crisis phrase", "crisis phrase", row.id, clean)
    except IntegrityError:
        raise Conflict(f"{clean!r} is already on the list.") from None
    return clean


async def remove_phrase(actor: Actor, phrase: str) -> None:
    actor = await current(actor)
    require(actor, Action.EDIT_CRISIS_PHRASES, Context(), clock.now())
    clean = normalise(phrase)
    async with in_transaction():
        row = await CrisisPhrase.get_or_none(phrase=clean)
        if row is None:
            raise NotFound(f"{clean!r} is not on the list.")
        await row.delete()
        await record(actor, "remove crisis phrase", "crisis phrase", row.id, clean)
