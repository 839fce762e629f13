"""What a fresh forum starts with: warm boards and real crisis lines, so help is never absent."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import clock
from models.entities import Board, Resource, ResourceKind

BOARDS = [
    (
        "introductions",
        "Introductions",
        "New here? Say hello, share as much or as little as you like.",
    ),
    (
        "people-you-trust",
        "Talking to people you trust",
        "Opening up to friends and family: how to start, what helped, what didn't.",
    ),
    (
        "asking-for-help",
        "Asking for help",
        "Asking is strength, not weakness. Say what you need; someone will listen.",
    ),
    (
        "support-groups",
        "Support groups",
        "Finding, starting and getting the most from groups of people who understand.",
    ),
    (
        "online-resources",
        "Online resources",
        "Apps, sites, courses and communities that helped you, shared for others.",
    ),
    (
        "professional-help",
        "Reaching out to professionals",
        "Counsellors, therapists, doctors: finding one, first sessions, what to expect.",
    ),
    (
        "small-wins",
        "Small wins",
        "Got out of bed, made the call, had a good day? Tell us. Every step counts.",
    ),
]

CRISIS_LINES = [
    (
        "988 Suicide & Crisis Lifeline (US)",
        "Free, confidential support 24/7 for anyone in distress, by call, text or chat.",
        "Call or text 988 · chat at 988lifeline.org",
    ),
    (
        "Samaritans (UK and Ireland)",
        "Someone to talk to, any time of day or night, about whatever you are going through.",
        "Call 116 123 (free) · jo@samaritans.org",
    ),
    (
        "Crisis Text Line (US)",
        "Text with a trained crisis counsellor, free and around the clock.",
        "Text HOME to 741741",
    ),
    (
        "Find a Helpline (every other country)",
        "Free, confidential helplines in more than 130 countries, searchable by topic.",
        "findahelpline.com",
    ),
]


async def seed_if_empty() -> bool:
    """Add the default boards, resources and crisis phrases to an empty database.

    True if it added the boards. The crisis phrases are checked separately so that a
    database made before they existed gets them too.
    """
    from models.crisis import seed_phrases

    await seed_phrases()
    async with in_transaction():
        if await Board.exists():
            return False
        await Board.bulk_create(
            [
                Board(slug=slug, name=name, description=about, position=i)
                for i, (slug, name, about) in enumerate(BOARDS)
            ]
        )
        if not await Resource.exists():
            now = clock.now()
            await Resource.bulk_create(
                [
                    Resource(
                        title=title,
                        description=about,
                        contact=contact,
                        kind=ResourceKind.CRISIS_LINE,
                        board_id=None,
                        position=i,
                        pinned_at=now,
                        verified_at=now.date(),
                    )
                    for i, (title, about, contact) in enumerate(CRISIS_LINES)
                ]
            )
    return True
