"""Telling people that someone answered them: replies, reactions, a moderator's removal.

Notifications are written in the same transaction as the write that causes them (the
``for_*`` functions, called by posting and reactions), and the write's change names who
has something new (``Kind.NOTIFIED``), so their open sessions update the count at once.

Nobody is told of their own action, of anything by someone they blocked, of a post in a
topic they hide, or of anything in a thread they muted. Guests get none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import F, Q

from models import clock, cursor, warnings
from models.actor import Actor
from models.changes import Batch, Change, Kind
from models.entities import (
    Block,
    Follow,
    HiddenTopic,
    Notification,
    NotificationKind,
    ReactionKind,
)
from models.views import Page

PAGE = 30
REACTION_WORDS = {
    ReactionKind.HUG: "sent a hug to",
    ReactionKind.ME_TOO: "said me too to",
    ReactionKind.THANK_YOU: "said thank you for",
    ReactionKind.HEAR_YOU: "said I hear you to",
}


@dataclass(frozen=True, slots=True)
class NotificationView:
    id: int
    kind: NotificationKind
    thread_id: int
    post_id: int
    thread_title: str
    who: str
    """The display name of who did it (the latest of a group)."""
    count: int
    reaction: ReactionKind | None
    reason: str | None
    created_at: datetime
    read: bool
    opening: bool
    """Whether the recipient's post is the thread's opening post ("your post", not
    "your reply")."""

    @property
    def text(self) -> str:
        """One plain sentence (user text inside: show it without markup)."""
        yours = "your post" if self.opening else "your reply"
        where = f"in {self.thread_title}"
        if self.kind is NotificationKind.REPLY:
            return f"{self.who} replied to {yours} {where}"
        if self.kind is NotificationKind.THREAD_REPLY:
            return f"{self.who} replied {where}"
        if self.kind is NotificationKind.REACTION:
            people = self.who if self.count == 1 else f"{self.count} people"
            words = REACTION_WORDS.get(self.reaction, "reacted to")  # type: ignore[arg-type]
            return f"{people} {words} {yours} {where}"
        reason = f": {self.reason}" if self.reason else ""
        return f"A moderator removed {yours} {where}{reason}"


async def _told(
    actor_id: int, candidates: set[int], words: str, muting: set[int] | None = None
) -> set[int]:
    """Of ``candidates``, who may be told of ``actor_id``'s post: not the actor, not anyone
    who blocked them or muted the thread (``muting``), or hides a topic in ``words``."""
    people = candidates - {actor_id} - (muting or set())
    if not people:
        return set()
    blocking = await Block.filter(blocker_id__in=people, blocked_id=actor_id).values_list(
        "blocker_id", flat=True
    )
    people -= set(blocking)
    hiding: dict[int, list[str]] = {}
    for user_id, topic in await HiddenTopic.filter(user_id__in=people).values_list(
        "user_id", "topic"
    ):
        hiding.setdefault(user_id, []).append(topic)
    return {p for p in people if not warnings.warning_for(None, words, hiding.get(p, []))}


async def _muting(thread_id: int, people: set[int]) -> set[int]:
    return set(
        await Follow.filter(thread_id=thread_id, user_id__in=people, muted=True).values_list(
            "user_id", flat=True
        )
    )


async def follow_written(actor: Actor, thread_id: int) -> None:
    """Writing in a thread follows it (a mute stays a mute). In the write's transaction."""
    if not await Follow.exists(user_id=actor.id, thread_id=thread_id):
        await Follow.create(user_id=actor.id, thread_id=thread_id, created_at=clock.now())


async def for_reply(
    actor: Actor, batch: Batch, *, post_id: int, thread_id: int, parent_author_id: int,
    starter_id: int, words: str,
) -> None:  # fmt: skip
    """Tell the parent post's author, the thread's starter and its followers of a reply
    (``words``: the thread's title and warning, the reply's warning and body), and follow
    the thread for the writer."""
    follows = dict(await Follow.filter(thread_id=thread_id).values_list("user_id", "muted"))
    followers = {user for user, muted in follows.items() if not muted}
    muting = {user for user, muted in follows.items() if muted}
    told = await _told(
        actor.id,  # type: ignore[arg-type]
        {parent_author_id, starter_id, *followers},
        words,
        muting,
    )
    now = clock.now()
    reply, in_thread = NotificationKind.REPLY, NotificationKind.THREAD_REPLY
    rows = [
        Notification(
            recipient_id=person,
            thread_id=thread_id,
            post_id=post_id,
            actor_id=actor.id,
            created_at=now,
            kind=reply if person == parent_author_id else in_thread,
        )
        for person in sorted(told)
    ]
    if rows:
        await Notification.bulk_create(rows)
        batch.add(Change(Kind.NOTIFIED, users=tuple(sorted(told))))
    if actor.id not in follows:
        await Follow.create(user_id=actor.id, thread_id=thread_id, created_at=now)


async def for_reaction(
    actor: Actor, batch: Batch, *, post_id: int, thread_id: int, author_id: int,
    kind: ReactionKind, words: str,
) -> None:  # fmt: skip
    """Tell the post's author; reactions of one kind to one post, while unread, are one
    notification that counts the people."""
    people = {author_id}
    if not await _told(actor.id, people, words, await _muting(thread_id, people)):  # type: ignore[arg-type]
        return
    now = clock.now()
    grouped = await Notification.filter(
        recipient_id=author_id, post_id=post_id, kind=NotificationKind.REACTION,
        reaction=kind, read_at__isnull=True,
    ).update(count=F("count") + 1, actor_id=actor.id, created_at=now)  # fmt: skip
    if not grouped:
        await Notification.create(
            recipient_id=author_id, thread_id=thread_id, post_id=post_id, actor_id=actor.id,
            kind=NotificationKind.REACTION, reaction=kind, created_at=now,
        )  # fmt: skip
    batch.add(Change(Kind.NOTIFIED, users=(author_id,)))


async def for_removal(
    actor: Actor, batch: Batch, *, post_id: int, thread_id: int, author_id: int, reason: str
) -> None:
    """Tell a post's author that a moderator removed it, and why."""
    if author_id == actor.id:
        return
    await Notification.create(
        recipient_id=author_id, thread_id=thread_id, post_id=post_id, actor_id=actor.id,
        kind=NotificationKind.REMOVAL, reason=reason or None, created_at=clock.now(),
    )  # fmt: skip
    batch.add(Change(Kind.NOTIFIED, users=(author_id,)))


_FIELDS = (
    "id", "kind", "thread_id", "post_id", "thread__title", "actor__display_name", "count",
    "reaction", "reason", "created_at", "read_at", "post__depth",
)  # fmt: skip


async def inbox(
    actor: Actor, after: str | None = None, limit: int = PAGE
) -> Page[NotificationView]:
    """The person's notifications, newest first, a page at a time."""
    if actor.is_guest:
        return Page([], None)
    query = Notification.filter(recipient_id=actor.id).order_by("-created_at", "-id")
    blocked = await Block.filter(blocker_id=actor.id).values_list("blocked_id", flat=True)
    if blocked:  # blocked since: what they did is not shown any more
        query = query.filter(Q(actor_id__isnull=True) | ~Q(actor_id__in=blocked))
    if after:
        t, i = cursor.decode(after, 2)
        at, last = cursor.timestamp(t), cursor.integer(i)
        query = query.filter(Q(created_at__lt=at) | Q(created_at=at, id__lt=last))
    rows = await query.limit(limit + 1).values_list(*_FIELDS)
    items = [_view(row) for row in rows[:limit]]
    more = len(rows) > limit
    return Page(items, cursor.encode(items[-1].created_at, items[-1].id) if more else None)


def _view(row: tuple) -> NotificationView:
    i, kind, thread, post, title, who, count, reaction, reason, at, read_at, depth = row
    kind = NotificationKind(kind)
    # A reply's notification names the post replied to; the others, the post itself.
    opening = depth == (1 if kind is NotificationKind.REPLY else 0)
    return NotificationView(
        i, kind, thread, post, title, who or "A former member", count,
        ReactionKind(reaction) if reaction else None, reason, at, read_at is not None, opening,
    )  # fmt: skip


async def unread_count(actor: Actor) -> int:
    if actor.is_guest:
        return 0
    return await Notification.filter(recipient_id=actor.id, read_at__isnull=True).count()


async def mark_read(actor: Actor, notification_id: int | None = None) -> int:
    """Mark one notification (or, with None, all) as read; returns how many changed. The
    person's other sessions update their count."""
    if actor.is_guest:
        return 0
    from models.changes import writing

    query = Notification.filter(recipient_id=actor.id, read_at__isnull=True)
    if notification_id is not None:
        query = query.filter(id=notification_id)
    async with writing() as batch:
        changed = await query.update(read_at=clock.now())
        if changed:
            batch.add(Change(Kind.NOTIFIED, users=(actor.id,)))  # type: ignore[arg-type]
    return changed
