"""What every server process holds against the limits they share (forum.ssh.shared_limits):
running sessions, and connections from one address not signed in yet.

Each process writes only its own rows, with the counts it knows exactly, and renews them
while it lives; a total counts the rows renewed since a given time, so a process that died
without a word stops counting once its rows are stale. Times are seconds since the epoch
(every process and host agrees on them).
"""

from __future__ import annotations

from datetime import UTC, datetime

from models.entities import ServerSlot

SESSIONS = "session"
ADDRESS = "address"


def _at(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


async def put(process: str, kind: str, address: str, count: int, now: float) -> None:
    """Set what ``process`` holds of ``kind`` for ``address`` ("" for sessions)."""
    if count <= 0:
        await ServerSlot.filter(process=process, kind=kind, address=address).delete()
        return
    updated = await ServerSlot.filter(process=process, kind=kind, address=address).update(
        count=count, beat_at=_at(now)
    )
    if not updated:
        await ServerSlot.create(
            process=process, kind=kind, address=address, count=count, beat_at=_at(now)
        )


async def total(kind: str, address: str, since: float) -> int:
    """What every process renewed since ``since`` holds of ``kind`` for ``address``."""
    counts = await ServerSlot.filter(
        kind=kind, address=address, beat_at__gt=_at(since)
    ).values_list("count", flat=True)
    return sum(counts)


async def renew(process: str, now: float, since: float) -> int:
    """Renew every row of ``process``, forget every process's rows not renewed since
    ``since``; return how many rows ``process`` has."""
    renewed = await ServerSlot.filter(process=process).update(beat_at=_at(now))
    await ServerSlot.filter(beat_at__lte=_at(since)).delete()
    return renewed


async def leave(process: str) -> None:
    """Forget what ``process`` held: it stops, or starts again after it died."""
    await ServerSlot.filter(process=process).delete()
