"""Demo content, written through the domain as people would write it: one cast of people,
the story the pictures show (the README's screenshots and the snapshot tests), and any
number of random threads for trying the forum out (``forum db seed --demo N``)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import timedelta

from models import accounts, boards, clock, posting, resources
from models.actor import Actor
from models.entities import ResourceKind, Role, User

CAST = {
    "river": "river",
    "sam_k": "sam k",
    "noor": "Noor",
    "alex-t": "alex-t",
    "mei": "Mei",
    "jordan": "jordan",
    "priya": "priya",
    "tomas": "Tomás",
    "moss": "moss",
}
"""Every demo account: its username and the name shown on its posts."""
MODERATORS = {"moss"}

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
    """Write ``threads`` random threads with nested replies by the members of the cast;
    ``progress`` gets 1 per thread. Returns how many posts were written."""
    rng = random.Random(threads)
    people = [await person(name) for name in CAST if name not in MODERATORS]
    board_ids = [b.id for b in await boards.list_boards()]
    posts = 0
    for _ in range(threads):
        title, body = rng.choice(_OPENINGS)
        first = await posting.start_thread(
            rng.choice(people), rng.choice(board_ids), title, body, _key()
        )
        ids = [first.id]
        for _ in range(rng.randrange(0, 9)):
            reply = await posting.reply(
                rng.choice(people), rng.choice(ids), rng.choice(_REPLIES), _key()
            )
            ids.append(reply.id)
        posts += len(ids)
        progress(1)
    return posts


async def write_story() -> dict[str, int]:
    """The fixed story the pictures show, each step at its own time before now (callers
    freeze the clock first), so times read naturally: a pinned welcome and a pinned support
    group, a thread with a content warning and a reply tree (an edit, a removal, a branch
    three deep), and threads still waiting for a reply on three boards. Returns the
    ``thread`` with the tree and its ``opening`` post's id."""
    end = clock.now()
    at = [end]

    def ago(**delta: float) -> None:
        at[0] = end - timedelta(**delta)

    with clock.moved(lambda: at[0]):
        ago(days=40)
        river, noor, sam, mei, jordan, tomas, moss = [
            await person(name)
            for name in ("river", "noor", "sam_k", "mei", "jordan", "tomas", "moss")
        ]
        board_list = await boards.list_boards()
        intro, asking, groups = board_list[0].id, board_list[2].id, board_list[3].id
        await resources.pin_resource(
            moss,
            "Thursday peer group at the library",
            "A friendly, free group; come and just listen the first time.",
            "Central Library, room 2 · Thursdays 6pm",
            ResourceKind.SUPPORT_GROUP,
            board_id=groups,
        )
        welcome = await posting.start_thread(
            moss,
            intro,
            "Welcome: how this place works",
            "Be kind. Say as much or as little as you like.\n\n**Help is one key away:** press "
            "*ctrl+g* on any screen for crisis lines.",
            _key(),
        )
        await posting.set_thread_flag(moss, welcome.thread_id, "pinned", True)
        ago(hours=26)
        await posting.start_thread(
            sam,
            intro,
            "Hello from a night-shift worker",
            "Hi all. I work nights and it gets lonely. Just saying hi.",
            _key(),
        )
        ago(hours=9)
        opening = await posting.start_thread(
            river,
            intro,
            "How did you tell your family?",
            "I want to tell my parents I've been seeing a counsellor. I'm scared they'll worry "
            "or think it's their fault.\n\nHow did you start that conversation?",
            _key(),
            content_warning="family conflict",
        )
        ago(hours=8, minutes=10)
        letter = await posting.reply(
            noor,
            opening.id,
            "I wrote them a letter first. It gave me time to find the words, and them time to "
            "take it in.",
            _key(),
        )
        ago(hours=7, minutes=45)
        idea = await posting.reply(
            river, letter.id, "A letter is a lovely idea. Thank you.", _key()
        )
        ago(hours=7)
        await posting.reply(noor, idea.id, "You're welcome. Let us know how it goes?", _key())
        ago(hours=6, minutes=20)
        sister = await posting.reply(sam, opening.id, "I told my sister first.", _key())
        ago(hours=5)
        await posting.edit_post(
            sam,
            sister.id,
            "I told my sister first, then she helped me tell my mum. Having someone *beside* "
            "you helps.",
        )
        ago(hours=4)
        gone = await posting.reply(mei, opening.id, "(something I wrote too fast)", _key())
        ago(hours=3, minutes=30)
        await posting.reply(river, gone.id, "Thank you all, truly. I feel less alone.", _key())
        await posting.remove_post(mei, gone.id)
        ago(hours=2)
        await posting.reply(
            tomas,
            opening.id,
            "My parents surprised me: they were just glad I'd found someone to talk to. I hope "
            "yours are too.",
            _key(),
        )
        ago(minutes=50)
        await posting.start_thread(
            jordan, intro, "First time posting", "Not sure what to say yet. Hi.", _key()
        )
        ago(minutes=30)
        await posting.start_thread(
            mei,
            asking,
            "Nervous about my first appointment",
            "It's on Friday. What do people usually talk about?",
            _key(),
        )
        await posting.start_thread(
            tomas,
            groups,
            "Found a local group",
            "There's one on Thursdays. Has anyone been?",
            _key(),
        )
    return {"thread": opening.thread_id, "opening": opening.id}


async def person(name: str) -> Actor:
    """The cast's account ``name``, made if missing: key-only, joined a month before now (so
    new-account limits pass it by)."""
    if found := await accounts.find(name):
        return found
    role = Role.MODERATOR if name in MODERATORS else Role.MEMBER
    made = await accounts.register(name, None, CAST[name], role=role)
    await User.filter(id=made.id).update(created_at=clock.now() - timedelta(days=30))
    return await accounts.current(made)


def _key() -> str:
    return uuid.uuid4().hex
