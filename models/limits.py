"""How often people may post: gentle limits for brand-new accounts, and slow mode."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from models.actor import Actor
from models.entities import Post, Thread
from models.errors import RateLimited


@dataclass(frozen=True)
class PostingLimits:
    new_account_period: timedelta = timedelta(days=1)
    new_account_threads: int = 3
    new_account_replies: int = 10
    new_account_interval: timedelta = timedelta(seconds=30)


LIMITS = PostingLimits()
NO_LIMITS = PostingLimits(timedelta(0), 0, 0, timedelta(0))


def configure(limits: PostingLimits) -> None:
    global LIMITS
    LIMITS = limits


def _wait(until: datetime, now: datetime) -> str:
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = (seconds + 59) // 60
    if minutes < 90:
        return f"{minutes} minutes"
    return f"{(minutes + 59) // 60} hours"


async def check_new_account(actor: Actor, starting_thread: bool, now: datetime) -> None:
    """Raise RateLimited if a new account has posted too much or too recently."""
    if actor.is_staff or actor.created_at is None:
        return
    grown_up = actor.created_at + LIMITS.new_account_period
    if now >= grown_up:
        return
    last = (
        await Post.filter(author_id=actor.id)
        .order_by("-created_at")
        .first()
        .values_list("created_at", flat=True)
    )
    if last is not None and now < last + LIMITS.new_account_interval:
        wait = _wait(last + LIMITS.new_account_interval, now)
        every = _wait(now + LIMITS.new_account_interval, now)
        raise RateLimited(
            f"Welcome! New accounts can post once every {every}. You can post again in {wait}.",
            last + LIMITS.new_account_interval,
        )
    if starting_thread:
        made = await Thread.filter(author_id=actor.id).count()
        cap, what = LIMITS.new_account_threads, "threads"
    else:
        made = await Post.filter(author_id=actor.id, parent_id__isnull=False).count()
        cap, what = LIMITS.new_account_replies, "replies"
    if made >= cap:
        raise RateLimited(
            f"Welcome! In their first day, new accounts can write {cap} {what}. Thank you for "
            f"taking part: you can write more in {_wait(grown_up, now)}.",
            grown_up,
        )


async def check_slow_mode(actor: Actor, thread_id: int, minutes: int | None, now: datetime) -> None:
    if not minutes or actor.is_staff:
        return
    last = await (
        Post.filter(thread_id=thread_id, author_id=actor.id)
        .order_by("-created_at")
        .first()
        .values_list("created_at", flat=True)
    )
    if last is not None and now < last + timedelta(minutes=minutes):
        until = last + timedelta(minutes=minutes)
        raise RateLimited(
            f"This thread is in slow mode: one post per person every {minutes} minutes, so "
            f"everyone has room to be heard. You can post again in {_wait(until, now)}.",
            until,
        )
