"""What moderators and admins do beyond posts: suspensions, private notes, slow mode,
acting on a report, verifying resources, and reading the audit log. Every action is logged."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from models import changes, clock, cursor, posting, reports, text
from models.accounts import current
from models.actor import Actor
from models.audit import record
from models.changes import Change, Kind
from models.entities import ModAction, Note, Resource, Thread, User
from models.errors import NotFound, ValidationError
from models.policy import Action, Context, require
from models.resources import RESOURCE_FIELDS
from models.views import Page, ResourceView

STALE_AFTER = timedelta(days=182)
"""Resources not verified for about six months are shown to moderators as a reminder."""
MAX_SUSPENSION = timedelta(days=3650)


class AuditEntry(NamedTuple):
    id: int
    actor: str
    action: str
    target_kind: str
    target_id: int
    reason: str
    created_at: datetime
    target_name: str | None = None
    """The account's username when the target is a user, a resource's title while it is
    pinned (None for other targets)."""

    @property
    def note_label(self) -> str:
        """What the note is: most say why, some say what the action did."""
        return NOTE_LABELS.get(self.action, "why")


NOTE_LABELS = {"edit resource": "changed", "move resource": "moved"}
"""Actions whose note records what they changed rather than a reason."""


class NoteView(NamedTuple):
    id: int
    sender: str
    body: str
    created_at: datetime
    read: bool


async def _target(username_or_id: str | int) -> User:
    if isinstance(username_or_id, int):
        user = await User.get_or_none(id=username_or_id)
    else:
        user = await User.get_or_none(username_key=text.username_key(username_or_id))
    if user is None:
        raise NotFound("That person does not exist.")
    return user


async def suspend(actor: Actor, user: str | int, days: float, reason: str) -> datetime:
    """Suspend a user for ``days``: they can read, not post, and see until when and why."""
    actor = await current(actor)
    target = await _target(user)
    now = clock.now()
    require(actor, Action.SUSPEND_USER, Context(owner_id=target.id, target_role=target.role), now)
    if not days > 0 or timedelta(days=days) > MAX_SUSPENSION:
        raise ValidationError("suspension", "must last between a moment and ten years")
    why = text.optional_line("reason", reason, text.NOTE_MAX)
    if not why:
        raise ValidationError("reason", "must say why, for the person suspended")
    until = now + timedelta(days=days)
    async with changes.writing() as batch:
        await User.filter(id=target.id).update(suspended_until=until, suspended_reason=why)
        await record(actor, "suspend user", "user", target.id, f"{days:g} days: {why}")
        batch.add(Change(Kind.PERSON, user_id=target.id))
    return until


async def unsuspend(actor: Actor, user: str | int, reason: str = "") -> None:
    actor = await current(actor)
    target = await _target(user)
    require(
        actor,
        Action.SUSPEND_USER,
        Context(owner_id=target.id, target_role=target.role),
        clock.now(),
    )
    async with changes.writing() as batch:
        await User.filter(id=target.id).update(suspended_until=None, suspended_reason=None)
        await record(actor, "unsuspend user", "user", target.id, text.clean_line(reason))
        batch.add(Change(Kind.PERSON, user_id=target.id))


async def send_note(actor: Actor, user: str | int, body: str) -> None:
    """A private note from a moderator to a member (e.g. about a removed post)."""
    actor = await current(actor)
    require(actor, Action.SEND_NOTE, Context(), clock.now())
    target = await _target(user)
    clean = text.body(body)
    async with changes.writing() as batch:
        note = await Note.create(
            recipient_id=target.id, sender_id=actor.id, body=clean, created_at=clock.now()
        )
        await record(actor, "send note", "user", target.id, f"note {note.id}")
        batch.add(Change(Kind.NOTE, users=(target.id,)))


async def my_notes(actor: Actor) -> list[NoteView]:
    if actor.is_guest:
        return []
    rows = (
        await Note.filter(recipient_id=actor.id)
        .order_by("-created_at", "-id")
        .values_list("id", "sender__display_name", "body", "created_at", "read_at")
    )
    return [NoteView(i, s, b, c, r is not None) for i, s, b, c, r in rows]


async def unread_note_count(actor: Actor) -> int:
    """How many notes wait unread: the boards screen says so on every visit."""
    if actor.is_guest:
        return 0
    return await Note.filter(recipient_id=actor.id, read_at__isnull=True).count()


async def mark_notes_read(actor: Actor) -> None:
    if not actor.is_guest:
        await Note.filter(recipient_id=actor.id, read_at__isnull=True).update(read_at=clock.now())


async def set_slow_mode(
    actor: Actor, thread_id: int, minutes: int | None, reason: str = ""
) -> None:
    """One post per person per ``minutes`` in a thread; None or 0 turns it off."""
    actor = await current(actor)
    require(actor, Action.SET_SLOW_MODE, Context(), clock.now())
    if minutes is not None and not 0 <= minutes <= 24 * 60:
        raise ValidationError("slow mode", "must be 0-1440 minutes")
    why = text.clean_line(reason)
    async with changes.writing() as batch:
        if not await Thread.filter(id=thread_id).update(slow_mode_minutes=minutes or None):
            raise NotFound("That thread does not exist.")
        what = f"{minutes} minutes" if minutes else "off"
        await record(actor, "set slow mode", "thread", thread_id, f"{what}. {why}".strip(". "))
        batch.add(Change(Kind.THREAD, thread_id=thread_id, user_id=actor.id))


async def remove_reported_post(actor: Actor, report_id: int, reason: str) -> None:
    """Remove the post a report is about and close the report, in one transaction: if
    anything fails, the post and the report stay as they were.

    Removing someone else's post closes every open report on it (``posting.remove_post``).
    A moderator's own post keeps its other reports open, as anyone's own does (someone
    reported as in danger is not safe because the words are gone), but the report acted on
    here is closed, and that is logged.
    """
    actor = await current(actor)
    async with changes.writing():
        reported = await reports.close_report(actor, report_id)
        await posting.remove_post(actor, reported.post_id, reason)
        if reported.post_author_id == actor.id:
            await record(actor, "action report", "report", report_id, _reason(reason))


async def lock_reported_thread(actor: Actor, report_id: int, reason: str = "") -> None:
    """Lock the thread a report is in and close the report, in one transaction."""
    actor = await current(actor)
    async with changes.writing():
        reported = await reports.close_report(actor, report_id)
        await posting.set_thread_flag(actor, reported.thread_id, "locked", True, reason)
        why = _reason(reason) or "locked the thread"
        await record(actor, "action report", "report", report_id, why)


async def suspend_reported_author(
    actor: Actor, report_id: int, days: float, reason: str
) -> datetime:
    """Suspend the author of the post a report is about (see :func:`suspend`) and close the
    report, in one transaction; returns when the suspension ends."""
    actor = await current(actor)
    async with changes.writing():
        reported = await reports.close_report(actor, report_id)
        until = await suspend(actor, reported.post_author_id, days, reason)
        why = f"suspended the author until {clock.moment_text(until)}"
        await record(actor, "action report", "report", report_id, why)
    return until


def _reason(reason: str) -> str:
    return text.optional_line("reason", reason, text.NOTE_MAX) or ""


async def verify_resource(actor: Actor, resource_id: int) -> None:
    """Record that a moderator checked the resource still works today."""
    actor = await current(actor)
    now = clock.now()
    require(actor, Action.VERIFY_RESOURCE, Context(), now)
    async with changes.writing() as batch:
        batch.add(Change(Kind.RESOURCES))
        if not await Resource.filter(id=resource_id).update(
            verified_at=now.date(), verified_by_id=actor.id
        ):
            raise NotFound("That resource does not exist.")
        await record(actor, "verify resource", "resource", resource_id)


async def stale_resources(actor: Actor) -> list[ResourceView]:
    """Resources not verified in about six months, for the review queue's reminder."""
    actor = await current(actor)
    require(actor, Action.REVIEW_REPORTS, Context(), clock.now())
    cutoff = (clock.now() - STALE_AFTER).date()
    rows = (
        await Resource.filter(verified_at__lt=cutoff)
        .order_by("verified_at", "id")
        .values_list(*RESOURCE_FIELDS)
    )
    never = (
        await Resource.filter(verified_at__isnull=True).order_by("id").values_list(*RESOURCE_FIELDS)
    )
    return [ResourceView(*r) for r in [*never, *rows]]


async def audit_log(actor: Actor, before: str | None = None, limit: int = 100) -> Page[AuditEntry]:
    """Every moderator and admin action, newest first."""
    actor = await current(actor)
    require(actor, Action.VIEW_AUDIT_LOG, Context(), clock.now())
    query = ModAction.all().order_by("-id")
    if before:
        (last,) = cursor.decode(before, 1)
        query = query.filter(id__lt=cursor.integer(last))
    rows = await query.limit(limit + 1).values_list(
        "id", "actor__display_name", "action", "target_kind", "target_id", "reason", "created_at"
    )
    names = {
        "user": await _names(User, "username", {r[4] for r in rows[:limit] if r[3] == "user"}),
        "resource": await _names(
            Resource, "title", {r[4] for r in rows[:limit] if r[3] == "resource"}
        ),
    }
    items = [AuditEntry(*r, names.get(r[3], {}).get(r[4])) for r in rows[:limit]]
    return Page(items, cursor.encode(items[-1].id) if len(rows) > limit else None)


async def _names(model: type[User] | type[Resource], field: str, ids: set[int]) -> dict[int, str]:
    """What the audit log calls its targets: ``field`` of each of ``ids`` still stored."""
    return dict(await model.filter(id__in=ids).values_list("id", field)) if ids else {}
