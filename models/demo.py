"""Demo content for trying the forum out: a few people and threads with nested replies."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import timedelta

from models import accounts, boards, clock, posting
from models.actor import Actor
from models.entities import User

_PEOPLE = ["river", "sam_k", "noor", "alex-t", "mei", "jordan", "priya", "tomas"]
_OPENINGS = [
    (
        "First week back at work after a hard winter",
        "I went back on Monday. Some days were fine, some I just sat in the car for a while "
        "before going in. Does it get easier?",
    ),
    (
        "How did you tell your family?",
        "I want to tell my parents I've been seeing a counsellor. I'm scared they'll worry "
        "or think it's their fault. How did you start that conversation?",
    ),
    (
        "Found a local support group",
        "There's a group that meets on Thursdays at the library. I'm nervous about going "
        "alone. Has anyone been to one? What is the first time like?",
    ),
    (
        "Sleep has been rough",
        "I keep waking at 4am with my mind racing. I've tried no screens before bed. "
        "**What else** helped you?",
    ),
    (
        "A small win today",
        "I made the phone call I'd been putting off for three weeks. It took two minutes.",
    ),
]
_REPLIES = [
    "Thank you for sharing this. You're not alone in it.",
    "It did get easier for me, slowly. Be gentle with yourself in the meantime.",
    "I hear you. That sounds really hard.",
    "What helped me was writing down *one* thing each evening that went okay.",
    "Me too. Sitting in the car before going in is so familiar.",
    "Have you thought about mentioning it to your doctor? Mine was kinder than I expected.",
    "That's a real win. Well done.",
    "I went to a group like that last year. The first time I only listened, and that was fine.",
]


async def seed_demo(threads: int, progress: Callable[[int], object] = lambda _: None) -> int:
    """Write ``threads`` demo threads with nested replies; ``progress`` gets 1 per thread."""
    rng = random.Random(threads)
    people = [await _person(name) for name in _PEOPLE]
    board_ids = [b.id for b in await boards.list_boards()]
    posts = 0
    for _ in range(threads):
        title, body = rng.choice(_OPENINGS)
        first = await posting.start_thread(
            rng.choice(people), rng.choice(board_ids), title, body, uuid.uuid4().hex
        )
        ids = [first.id]
        for _ in range(rng.randrange(0, 9)):
            reply = await posting.reply(
                rng.choice(people), rng.choice(ids), rng.choice(_REPLIES), uuid.uuid4().hex
            )
            ids.append(reply.id)
        posts += len(ids)
        progress(1)
    return posts


async def _person(name: str) -> Actor:
    """A key-only demo account that joined a month ago (so new-account limits pass it by)."""
    if found := await accounts.find(name):
        return found
    made = await accounts.register(name, None, name.replace("_", " "))
    await User.filter(id=made.id).update(created_at=clock.now() - timedelta(days=30))
    return await accounts.current(made)
