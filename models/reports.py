"""Reports and the moderators' review queue."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from models import changes, clock, cursor, text
from models.accounts import current
from models.actor import Actor
from models.audit import record
from models.changes import Change, Kind
from models.entities import Post, Report, ReportReason, ReportStatus, Role
from models.errors import Conflict, NotFound, ValidationError
from models.policy import Action, Context, require
from models.views import Page

REASON_LABELS = {
    ReportReason.UNKIND: "Unkind or hurtful",
    ReportReason.SPAM: "Spam or advertising",
    ReportReason.DANGER: "Someone may be in danger",
    ReportReason.OTHER: "Something else",
}


class QueuedReport(NamedTuple):
    """An open report with the post in its context, for the review queue."""

    id: int
    reason: ReportReason
    note: str
    created_at: datetime
    reporter: str
    post_id: int
    post_body: str
    post_removed: bool
    post_author_id: int
    post_author: str
    post_author_role: Role
    thread_id: int
    thread_title: str
    thread_locked: bool


async def report_post(
    actor: Actor, post_id: int, reason: ReportReason | str, note: str = ""
) -> None:
    """File a report. Reporting the same post twice is declined politely."""
    actor = await current(actor)
    require(actor, Action.REPORT_POST, Context(), clock.now())
    try:
        why = ReportReason(reason)
    except ValueError:
        choices = ", ".join(r.value for r in ReportReason)
        raise ValidationError("reason", f"must be one of {choices}") from None
    clean_note = text.optional_line("note", note, text.NOTE_MAX) or ""
    if not await Post.exists(id=post_id):
        raise NotFound("That post does not exist.")
    try:
        async with changes.writing() as batch:
            await Report.create(
                post_id=post_id, reporter_id=actor.id, reason=why, note=clean_note,
                created_at=clock.now(),
            )  # fmt: skip
            batch.add(Change(Kind.REPORTS, danger=why is ReportReason.DANGER))
    except IntegrityError:
        raise Conflict(
            "You have already reported this post. Thank you: a moderator will look at it."
        ) from None


_QUEUE_FIELDS = {
    "id": "id", "reason": "reason", "note": "note", "created_at": "created_at",
    "reporter": "reporter__display_name", "post_id": "post_id", "post_body": "post__body",
    "post_removed_at": "post__removed_at", "post_author_id": "post__author_id",
    "post_author": "post__author__display_name",
    "post_author_role": "post__author__role", "thread_id": "post__thread_id",
    "thread_title": "post__thread__title", "thread_locked": "post__thread__locked",
}  # fmt: skip


async def review_queue(
    actor: Actor, after: str | None = None, limit: int = 50
) -> Page[QueuedReport]:
    """Open reports, newest first, each with its post and thread."""
    actor = await current(actor)
    require(actor, Action.REVIEW_REPORTS, Context(), clock.now())
    query = Report.filter(status=ReportStatus.OPEN).order_by("-created_at", "-id")
    if after:
        t, i = cursor.decode(after, 2)
        at, rid = cursor.timestamp(t), cursor.integer(i)
        query = query.filter(Q(created_at__lt=at) | Q(created_at=at, id__lt=rid))
    rows = await query.limit(limit + 1).values(**_QUEUE_FIELDS)
    items = []
    for row in rows[:limit]:
        removed = row.pop("post_removed_at") is not None
        items.append(QueuedReport(**row | {"post_body": "" if removed else row["post_body"]},
                                  post_removed=removed))  # fmt: skip
    more = len(rows) > limit
    return Page(items, cursor.encode(items[-1].created_at, items[-1].id) if more else None)


async def open_report_count() -> int:
    return await Report.filter(status=ReportStatus.OPEN).count()


async def open_danger_count(actor: Actor) -> int:
    """Open reports that say someone may be in danger and no moderator has opened yet:
    every moderator's top bar shows them, on every screen, until one does. Zero for anyone
    not staff."""
    if not actor.is_staff:
        return 0
    waiting = Report.filter(status=ReportStatus.OPEN, reason=ReportReason.DANGER)
    return await waiting.filter(opened_at__isnull=True).count()


async def mark_opened(actor: Actor, report_id: int) -> bool:
    """A moderator has the report in front of them (its detail in the review queue): the
    first time, note who and when, and tell every moderator (a danger report leaves their
    top bars). Returns whether this was the first time."""
    actor = await current(actor)
    require(actor, Action.REVIEW_REPORTS, Context(), clock.now())
    async with changes.writing() as batch:
        opened = await Report.filter(id=report_id, opened_at__isnull=True).update(
            opened_at=clock.now(), opened_by_id=actor.id
        )
        if opened:
            batch.add(Change(Kind.REPORTS))
    return bool(opened)


class Reported(NamedTuple):
    """What a report is about: the post, its author and its thread."""

    post_id: int
    post_author_id: int
    thread_id: int


async def dismiss_report(actor: Actor, report_id: int, reason: str = "") -> None:
    """Close a report as needing nothing done, with why (for the log)."""
    actor = await current(actor)
    async with changes.writing():
        await close_report(actor, report_id, ReportStatus.DISMISSED)
        why = text.optional_line("reason", reason, text.NOTE_MAX) or ""
        await record(actor, "dismiss report", "report", report_id, why)


async def close_report(
    actor: Actor, report_id: int, status: ReportStatus = ReportStatus.ACTIONED
) -> Reported:
    """Close an open report in the caller's transaction, which records why; returns what it
    was about. The report is closed first: on PostgreSQL the update holds its row until the
    caller commits, so of two moderators acting on one report at once, the second is told
    it is not open any more and does nothing."""
    require(actor, Action.REVIEW_REPORTS, Context(), clock.now())
    async with changes.writing() as batch:
        closed = await Report.filter(id=report_id, status=ReportStatus.OPEN).update(
            status=status, resolved_by_id=actor.id, resolved_at=clock.now()
        )
        if not closed:
            raise NotFound("That report is not open any more.")
        batch.add(Change(Kind.REPORTS))
    about = Report.filter(id=report_id).values_list("post_id", "post__author_id", "post__thread_id")
    return Reported(*(await about)[0])


async def close_reports_on(actor: Actor, post_id: int) -> None:
    """Mark every open report on a post as acted on (after a removal, lock or suspension)."""
    await Report.filter(post_id=post_id, status=ReportStatus.OPEN).update(
        status=ReportStatus.ACTIONED, resolved_by_id=actor.id, resolved_at=clock.now()
    )
