"""Acting on a report from the review queue: removing the post, locking the thread or
suspending the author closes the report in the same transaction, and the rule about a
moderator's own post is the domain's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from models import clock, moderation, posting, reports, threads
from models.entities import ModAction, Post, Report, ReportStatus, Role, Thread, User
from models.errors import NotFound, PermissionDenied
from tests.helpers import key, make_thread, make_user

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    """One fixed instant, so the suspension's end reads the same on any day."""
    clock.set_clock(lambda: NOW)
    yield NOW
    clock.set_clock(None)


async def reported_reply(author_role: Role = Role.MEMBER):
    """ann's thread; a reply by bob (or by the moderator) that ann and carol reported."""
    ann, carol = await make_user("ann"), await make_user("carol")
    mod = await make_user("moss", Role.MODERATOR)
    author = mod if author_role == Role.MODERATOR else await make_user("bob", author_role)
    thread_id, root = await make_thread(ann, "Rough night", "I can't sleep.")
    post_id = (await posting.reply(author, root, "Just get over it", key())).id
    await reports.report_post(ann, post_id, "unkind")
    await reports.report_post(carol, post_id, "danger")
    first, second = sorted(await Report.all().values_list("id", flat=True))
    return mod, author, thread_id, post_id, first, second


async def statuses() -> dict[int, ReportStatus]:
    return dict(await Report.all().values_list("id", "status"))


async def log() -> list[tuple[str, str, int, str]]:
    rows = (
        await ModAction.all()
        .order_by("id")
        .values_list("action", "target_kind", "target_id", "reason")
    )
    return [tuple(row) for row in rows]


async def test_removing_someones_reported_post_closes_every_report_on_it():
    mod, _, thread_id, post_id, first, second = await reported_reply()
    await moderation.remove_reported_post(mod, first, "unkind to someone struggling")
    assert await statuses() == {first: ReportStatus.ACTIONED, second: ReportStatus.ACTIONED}
    assert await log() == [("remove post", "post", post_id, "unkind to someone struggling")]
    removed = next(p for p in (await threads.open_thread(thread_id)).posts if p.id == post_id)
    assert removed.removed_by_moderator


async def test_removing_ones_own_reported_post_closes_only_the_report_acted_on():
    mod, _, _, post_id, first, second = await reported_reply(Role.MODERATOR)
    await moderation.remove_reported_post(mod, first, "not my best moment")
    # The other report stays open: the words being gone does not make anyone safe.
    assert await statuses() == {first: ReportStatus.ACTIONED, second: ReportStatus.OPEN}
    assert await log() == [
        ("remove post", "post", post_id, "not my best moment"),
        ("action report", "report", first, "not my best moment"),
    ]
    assert [r.id for r in (await reports.review_queue(mod)).items] == [second]


async def test_locking_from_a_report_locks_the_thread_and_closes_that_report():
    mod, _, thread_id, _, first, second = await reported_reply()
    await moderation.lock_reported_thread(mod, second)
    assert (await Thread.get(id=thread_id)).locked
    assert await statuses() == {first: ReportStatus.OPEN, second: ReportStatus.ACTIONED}
    assert await log() == [
        ("lock thread", "thread", thread_id, ""),
        ("action report", "report", second, "locked the thread"),
    ]


async def test_suspending_the_reported_author_closes_that_report():
    mod, bob, _, _, first, second = await reported_reply()
    until = await moderation.suspend_reported_author(mod, first, 3, "repeated unkind replies")
    assert clock.moment_text(until) == "17 Mar 2025, 09:30 UTC"
    assert (await User.get(id=bob.id)).suspended_until == until
    assert await statuses() == {first: ReportStatus.ACTIONED, second: ReportStatus.OPEN}
    assert await log() == [
        ("suspend user", "user", bob.id, "3 days: repeated unkind replies"),
        ("action report", "report", first, "suspended the author until 17 Mar 2025, 09:30 UTC"),
    ]


async def stored() -> list[list[dict]]:
    """Every row an action on a report could change."""
    return [await m.all().order_by("id").values() for m in (Report, Post, Thread, User, ModAction)]


def failing(module, name: str, when=lambda *args: True):
    """``module.name``, made to fail once its call matches ``when``; the real one otherwise."""
    real = getattr(module, name)

    async def fails(*args, **kwargs):
        if when(*args):
            raise RuntimeError("the disk is full")
        return await real(*args, **kwargs)

    return fails


def logging_the_report(actor, action, *rest) -> bool:
    return action == "action report"


@pytest.mark.parametrize(
    ("act", "author_role", "last_step"),
    [
        (
            lambda mod, report: moderation.remove_reported_post(mod, report, "unkind"),
            Role.MEMBER,
            (reports, "close_reports_on", lambda *args: True),
        ),
        (
            lambda mod, report: moderation.remove_reported_post(mod, report, "mine"),
            Role.MODERATOR,
            (moderation, "record", logging_the_report),
        ),
        (
            lambda mod, report: moderation.lock_reported_thread(mod, report, "heated"),
            Role.MEMBER,
            (moderation, "record", logging_the_report),
        ),
        (
            lambda mod, report: moderation.suspend_reported_author(mod, report, 3, "unkind"),
            Role.MEMBER,
            (moderation, "record", logging_the_report),
        ),
    ],
    ids=["remove", "remove own", "lock", "suspend"],
)
async def test_a_failure_half_way_leaves_nothing_half_done(
    monkeypatch, act, author_role, last_step
):
    mod, _, _, _, first, _ = await reported_reply(author_role)
    before = await stored()
    module, name, when = last_step
    monkeypatch.setattr(module, name, failing(module, name, when))
    with pytest.raises(RuntimeError, match="the disk is full"):
        await act(mod, first)
    assert await stored() == before  # the report still open, the action undone, no log


async def test_a_refusal_after_the_report_was_taken_leaves_it_open():
    ann = await make_user("ann")
    mod = await make_user("moss", Role.MODERATOR)
    other = await make_user("max", Role.MODERATOR)
    _, root = await make_thread(ann)
    post_id = (await posting.reply(other, root, "Just get over it", key())).id
    await reports.report_post(ann, post_id, "unkind")
    before = await stored()
    with pytest.raises(PermissionDenied, match="Only an admin can suspend a moderator"):
        await moderation.suspend_reported_author(mod, (await Report.first()).id, 1, "unkind")
    assert await stored() == before


async def test_a_report_closed_meanwhile_is_not_acted_on():
    mod, _, thread_id, _, first, _ = await reported_reply()
    await reports.dismiss_report(await make_user("max", Role.MODERATOR), first, "they are okay")
    before = await stored()
    with pytest.raises(NotFound, match="not open any more"):
        await moderation.lock_reported_thread(mod, first, "heated")
    assert await stored() == before
    assert not (await Thread.get(id=thread_id)).locked


async def test_members_cannot_act_on_reports():
    _, _, _, _, first, _ = await reported_reply()
    dee = await make_user("dee")
    before = await stored()
    for act in (
        moderation.remove_reported_post(dee, first, "no"),
        moderation.lock_reported_thread(dee, first),
        moderation.suspend_reported_author(dee, first, 1, "no"),
    ):
        with pytest.raises(PermissionDenied, match="Only moderators and admins"):
            await act
    assert await stored() == before
