"""What is new for a person: how far they have read each thread, and what came since.

A thread is new for someone when they have read it and it has replies since, or when it
was started in the last two weeks, after their account was, by someone else, and they
have not opened it. The
thread screen tells how far the reader got (:func:`seen`), at most every few seconds.
Guests keep no read state.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.expressions import F, Q, Subquery
from tortoise.functions import Count

from models import clock
from models.actor import Actor
from models.entities import Block, Post, ReadMark, Thread, User

NEW_FOR = timedelta(days=14)
"""How long a thread nobody has opened counts as new: after that it is simply there."""
SEEN_EVERY = 5.0
"""Seconds between two read marks the thread screen stores for one thread."""


async def seen(actor: Actor, thread_id: int, read_to: datetime) -> None:
    """The reader has seen the thread's posts up to the one written at ``read_to``; the
    mark never moves back."""
    if actor.is_guest:
        return
    moved = await ReadMark.filter(
        user_id=actor.id, thread_id=thread_id, read_to__lt=read_to
    ).update(read_to=read_to)
    if not moved and not await ReadMark.exists(user_id=actor.id, thread_id=thread_id):
        await ReadMark.get_or_create(
            user_id=actor.id, thread_id=thread_id, defaults={"read_to": read_to}
        )


async def read_to(actor: Actor, thread_id: int) -> datetime | None:
    """Up to when the reader has read the thread (None: never opened, or a guest)."""
    if actor.is_guest:
        return None
    found = await ReadMark.filter(user_id=actor.id, thread_id=thread_id).values_list(
        "read_to", flat=True
    )
    return found[0] if found else None


def _blocked(actor: Actor) -> Subquery:
    return Subquery(Block.filter(blocker_id=actor.id).values("blocked_id"))


async def _new_since(actor: Actor) -> datetime:
    """Threads started after this, by others, count as new until opened."""
    joined = await User.filter(id=actor.id).values_list("created_at", flat=True)
    return max(joined[0], clock.now() - NEW_FOR)


async def new_on_boards(actor: Actor) -> dict[int, int]:
    """For each board, how many of its threads have something new for ``actor``."""
    if actor.is_guest:
        return {}
    blocked = _blocked(actor)
    marks = ReadMark.filter(user_id=actor.id)
    counts: dict[int, int] = {}
    rows = await (
        marks.filter(thread__last_activity_at__gt=F("read_to"))
        .exclude(thread__author_id__in=blocked)
        .annotate(n=Count("id"))
        .group_by("thread__board_id")
        .values_list("thread__board_id", "n")
    )
    for board_id, n in rows:
        counts[board_id] = n
    unopened = await (
        Thread.filter(created_at__gt=await _new_since(actor))
        .exclude(author_id=actor.id)
        .exclude(author_id__in=blocked)
        .exclude(id__in=Subquery(marks.values("thread_id")))
        .annotate(n=Count("id"))
        .group_by("board_id")
        .values_list("board_id", "n")
    )
    for board_id, n in unopened:
        counts[board_id] = counts.get(board_id, 0) + n
    return counts


async def new_in_threads(actor: Actor, thread_ids: list[int]) -> dict[int, int | None]:
    """For threads on a board page: how many posts are new since the reader's last visit,
    or None for a thread that is new as a whole (started by someone else since the reader
    joined, in the last two weeks, and not opened yet). Threads with nothing new, and
    posts by people the reader blocked, are left out."""
    if actor.is_guest or not thread_ids:
        return {}
    blocked = _blocked(actor)
    marks = dict(
        await ReadMark.filter(user_id=actor.id, thread_id__in=thread_ids).values_list(
            "thread_id", "read_to"
        )
    )
    found: dict[int, int | None] = {}
    if marks:
        # One count for the page, each thread from its own mark (not one query per thread).
        newer = Q(
            *(Q(thread_id=t, created_at__gt=since) for t, since in marks.items()), join_type="OR"
        )
        rows = await (
            Post.filter(newer)
            .exclude(author_id=actor.id)
            .exclude(author_id__in=blocked)
            .annotate(n=Count("id"))
            .group_by("thread_id")
            .values_list("thread_id", "n")
        )
        found.update((thread_id, n) for thread_id, n in rows if n)
    unopened = [t for t in thread_ids if t not in marks]
    if unopened:
        fresh = await (
            Thread.filter(id__in=unopened, created_at__gt=await _new_since(actor))
            .exclude(author_id=actor.id)
            .exclude(author_id__in=blocked)
            .values_list("id", flat=True)
        )
        found.update((thread_id, None) for thread_id in fresh)
    return found
