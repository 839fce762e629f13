"""Supportive reactions: one of each kind per person per post, counts shown, no scores."""

from __future__ import annotations

from collections import defaultdict
from contextlib import suppress

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count

from models import changes, clock, notifications
from models.accounts import current
from models.actor import Actor
from models.changes import Change, Kind
from models.entities import Post, Reaction, ReactionKind
from models.errors import NotFound, ValidationError
from models.policy import Action, Context, require

LABELS = {
    ReactionKind.HUG: "hug",
    ReactionKind.ME_TOO: "me too",
    ReactionKind.THANK_YOU: "thank you",
    ReactionKind.HEAR_YOU: "I hear you",
}


def _kind(kind: ReactionKind | str) -> ReactionKind:
    try:
        return ReactionKind(kind)
    except ValueError:
        choices = ", ".join(k.value for k in ReactionKind)
        raise ValidationError("reaction", f"must be one of {choices}") from None


async def react(actor: Actor, post_id: int, kind: ReactionKind | str) -> None:
    actor = await current(actor)
    require(actor, Action.REACT, Context(), clock.now())
    what = _kind(kind)
    found = await Post.filter(id=post_id, removed_at__isnull=True).values_list(
        "thread_id", "author_id", "body", "content_warning", "thread__title",
        "thread__content_warning",
    )  # fmt: skip
    if not found:
        raise NotFound("That post does not exist.")
    thread_id, author_id, *words = found[0]
    with suppress(IntegrityError):  # one of each per person: already there
        async with changes.writing() as batch:
            await Reaction.create(
                post_id=post_id, user_id=actor.id, kind=what, created_at=clock.now()
            )
            batch.add(Change(Kind.REACTIONS, thread_id=thread_id, post_id=post_id))
            await notifications.for_reaction(
                actor, batch, post_id=post_id, thread_id=thread_id, author_id=author_id,
                kind=what, words=" ".join(w for w in words if w),
            )  # fmt: skip


async def unreact(actor: Actor, post_id: int, kind: ReactionKind | str) -> None:
    actor = await current(actor)
    require(actor, Action.REACT, Context(), clock.now())
    async with changes.writing() as batch:
        if await Reaction.filter(post_id=post_id, user_id=actor.id, kind=_kind(kind)).delete():
            thread_id = await Post.filter(id=post_id).first().values_list("thread_id", flat=True)
            batch.add(Change(Kind.REACTIONS, thread_id=thread_id, post_id=post_id))


async def thread_reactions(
    thread_id: int, viewer: Actor
) -> tuple[dict[int, dict[ReactionKind, int]], set[tuple[int, ReactionKind]]]:
    """Counts per post and kind in a thread, and which of them are the viewer's own."""
    rows = await (
        Reaction.filter(post__thread_id=thread_id)
        .annotate(n=Count("id"))
        .group_by("post_id", "kind")
        .values_list("post_id", "kind", "n")
    )
    counts: dict[int, dict[ReactionKind, int]] = defaultdict(dict)
    for post_id, kind, n in rows:
        counts[post_id][ReactionKind(kind)] = n
    mine: set[tuple[int, ReactionKind]] = set()
    if not viewer.is_guest:
        own = await Reaction.filter(post__thread_id=thread_id, user_id=viewer.id).values_list(
            "post_id", "kind"
        )
        mine = {(p, ReactionKind(k)) for p, k in own}
    return dict(counts), mine
