"""Wrong passwords counted by user name, for the password throttle (forum.ssh.guards):
in the database, so every server process and host counts the same failures, and a
restart forgets none."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.entities import SignInFailure


def _at(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


async def count(key: str, since: float) -> int:
    """Failures for ``key`` if the last one came after ``since``, else 0."""
    found = await SignInFailure.filter(key=key, last_failed_at__gt=_at(since)).values_list(
        "failures", flat=True
    )
    return found[0] if found else 0


async def add(key: str, now: float, since: float) -> int:
    """Count one more failure at ``now`` (afresh if the last came before ``since``), and
    forget every name whose last failure came before ``since``. Two processes counting
    the same name at once both count: the row is locked while it is read and written."""
    counted = 0
    for _attempt in range(2):
        try:
            async with in_transaction():
                row = await SignInFailure.select_for_update().get_or_none(key=key)
                if row is None:
                    await SignInFailure.create(key=key, failures=1, last_failed_at=_at(now))
                    counted = 1
                else:
                    fresh = row.last_failed_at <= _at(since)
                    row.failures = 1 if fresh else row.failures + 1
                    row.last_failed_at = _at(now)
                    await row.save(update_fields=["failures", "last_failed_at"])
                    counted = row.failures
            break
        except IntegrityError:  # another process counted this name's first failure
            continue
    else:
        counted = await count(key, since)
    await SignInFailure.filter(last_failed_at__lte=_at(since)).delete()
    return counted


async def clear(key: str) -> None:
    await SignInFailure.filter(key=key).delete()
