"""The change feed: what a write changed, told to everyone who shows it, after it commits.

A write that others may see runs in :func:`writing` instead of a bare transaction and adds
a :class:`Change` for each thing it changed. A change carries ids only, never text: a
reader's screen asks the domain again, with its own reader's rules (blocks, hidden topics,
staff only), for what it shows.

- In this process, :func:`subscribe` gets every change once the transaction has committed
  (never for a write that rolled back).
- On PostgreSQL the same changes also go out with ``pg_notify`` inside the transaction
  (one notification for a write's changes, as a rule), so
  other processes and hosts hear them exactly when (and only if) it commits; their
  listener hands them to :func:`deliver`. Each carries this process's :data:`ORIGIN`, so a
  process ignores its own when they come back.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import os
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum

log = logging.getLogger("forum.changes")

CHANNEL = "forum_changes"
"""The PostgreSQL notification channel every process listens on."""
ORIGIN = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
"""This process, in the changes it sends: its listener skips its own."""
MAX_USERS = 400
"""User ids in one notification: a payload stays far under PostgreSQL's 8000 bytes."""


class Kind(StrEnum):
    THREAD_STARTED = "thread started"
    REPLY_POSTED = "reply posted"
    POST_EDITED = "post edited"
    POST_REMOVED = "post removed"
    REACTIONS = "reactions changed"
    THREAD = "thread changed"
    """Pinned, locked, put in slow mode, retitled."""
    RESOURCES = "resources changed"
    PERSON = "person changed"
    """Suspended, lifted, given a new role, or their account closed: ``user_id``."""
    REPORTS = "reports changed"
    """A report opened or closed: staff only; ``danger`` when it says someone may be."""
    NOTE = "note sent"
    NOTIFIED = "notified"
    """``users`` have new notifications."""
    EVERYTHING = "everything"
    """Changes may have been missed (a listener reconnected, another process wrote to the
    same SQLite file): reload whatever is shown."""


@dataclass(frozen=True, slots=True)
class Change:
    kind: Kind
    board_id: int | None = None
    thread_id: int | None = None
    post_id: int | None = None
    user_id: int | None = None
    """The person a PERSON change concerns, or who made the change."""
    users: tuple[int, ...] = ()
    """NOTIFIED: who has something new in their inbox; NOTE: who got it."""
    danger: bool = False
    """REPORTS: the report says someone may be in danger."""

    def fields(self) -> dict[str, object]:
        fields = asdict(self).items()
        return {k: v for k, v in fields if v is not None and v is not False and v != ()}

    @classmethod
    def from_fields(cls, fields: dict[str, object]) -> Change:
        fields = dict(fields)
        fields["kind"] = Kind(fields["kind"])
        fields["users"] = tuple(int(u) for u in fields.get("users", ()))  # type: ignore[union-attr]
        return cls(**fields)  # type: ignore[arg-type]


PAYLOAD_BYTES = 7900
"""Most bytes in one notification: PostgreSQL refuses payloads of 8000 and more."""


def payloads(batch: list[Change], origin: str = ORIGIN) -> list[str]:
    """The notifications that carry ``batch``: as few as fit, most often one."""
    sent: list[str] = []
    pending: list[str] = []

    def packed(parts: list[str]) -> str:
        return f'{{"o":{json.dumps(origin)},"c":[{",".join(parts)}]}}'

    for change in batch:
        part = json.dumps(change.fields(), separators=(",", ":"))
        if pending and len(packed([*pending, part]).encode()) > PAYLOAD_BYTES:
            sent.append(packed(pending))
            pending = []
        pending.append(part)
    if pending:
        sent.append(packed(pending))
    return sent


def from_payload(payload: str) -> tuple[str, list[Change]]:
    """The origin and the changes in a notification's payload (ValueError if not one)."""
    try:
        fields = json.loads(payload)
        return fields["o"], [Change.from_fields(part) for part in fields["c"]]
    except (TypeError, KeyError, AttributeError, json.JSONDecodeError) as error:
        raise ValueError(f"not a change: {payload[:200]!r}") from error


Subscriber = Callable[[Change], None]
_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> Callable[[], None]:
    """Call ``subscriber`` with every change from now on; returns how to stop."""
    _subscribers.append(subscriber)
    return lambda: _subscribers.remove(subscriber) if subscriber in _subscribers else None


_told = 0
"""How many changes this process has told (see :func:`told`)."""


def told() -> int:
    """How many changes were told in this process so far: a read begun before the last
    one may not show it (:mod:`models.shared_reads`)."""
    return _told


def writing_now() -> bool:
    """Whether this task is inside :func:`writing` (its reads see its own uncommitted
    changes)."""
    return _batch.get() is not None


def deliver(change: Change) -> None:
    """Hand a committed change to everyone in this process (a bad subscriber is logged,
    and the others still get it)."""
    global _told
    _told += 1
    for subscriber in list(_subscribers):
        try:
            subscriber(change)
        except Exception:
            log.exception("a change subscriber failed on %s", change)


@dataclass
class Batch:
    """The changes of one write, sent when it commits."""

    changes: list[Change] = field(default_factory=list)

    def add(self, change: Change) -> None:
        if change.kind is Kind.NOTIFIED and len(change.users) > MAX_USERS:
            users = change.users
            for start in range(0, len(users), MAX_USERS):
                self.add(Change(Kind.NOTIFIED, users=users[start : start + MAX_USERS]))
            return
        if change not in self.changes:
            self.changes.append(change)


@contextlib.asynccontextmanager
async def writing() -> AsyncIterator[Batch]:
    """A transaction whose changes are told once it has committed.

    Inside another :func:`writing` (one domain operation made of others), the changes join
    the outer batch: they are told when the outermost transaction commits, not before.
    """
    from tortoise.transactions import in_transaction  # the ORM loads when first written

    outer = _batch.get()
    batch = outer or Batch()
    token = _batch.set(batch)
    try:
        async with in_transaction() as connection:
            yield batch
            if outer is None and batch.changes and connection.capabilities.dialect == "postgres":
                for payload in payloads(batch.changes):
                    await connection.execute_query("SELECT pg_notify($1, $2)", [CHANNEL, payload])
    finally:
        _batch.reset(token)
    if outer is None:
        for change in batch.changes:
            deliver(change)


_batch: contextvars.ContextVar[Batch | None] = contextvars.ContextVar("changes", default=None)
"""The batch of the outermost write in progress in this task."""
