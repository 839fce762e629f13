"""Plain read-only values the domain hands to the UI. No ORM objects leave the domain.

Lists are named tuples: read-only like frozen dataclasses but about four times cheaper to
build, which shows when a 10,000-reply thread builds 10,000 of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Generic, NamedTuple, TypeVar

from models.enums import ReactionKind, ResourceKind

T = TypeVar("T")


class BoardSummary(NamedTuple):
    id: int
    slug: str
    name: str
    description: str
    locked: bool
    thread_count: int
    unanswered_count: int
    last_activity_at: datetime | None


class ThreadSummary(NamedTuple):
    id: int
    board_id: int
    title: str
    author: str
    created_at: datetime
    last_activity_at: datetime
    reply_count: int
    pinned: bool
    locked: bool
    content_warning: str | None
    slow_mode_minutes: int | None = None
    """One post per person per this many minutes, when a moderator set slow mode."""

    @property
    def unanswered(self) -> bool:
        return self.reply_count == 0


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a keyset-paginated list; pass ``next_cursor`` back for the next."""

    items: list[T]
    next_cursor: str | None


class PostView(NamedTuple):
    id: int
    thread_id: int
    parent_id: int | None
    author_id: int
    author: str
    depth: int
    body: str
    """Empty when the post was removed: the tree keeps its shape, the words are gone."""
    created_at: datetime
    edited_at: datetime | None
    removed: bool
    removed_by_moderator: bool
    path: str
    content_warning: str | None = None
    """The writer's own warning: show only it until the reader reveals the post."""


@dataclass(frozen=True, slots=True)
class ThreadView:
    thread: ThreadSummary
    board: BoardSummary
    posts: list[PostView]
    """In reading order: each post is followed by its replies, depth first."""
    next_cursor: str | None
    """Set when only a page of the tree was loaded."""
    start: str | None = None
    """Set when the posts begin at this path, under the posts it replies to, and the
    replies before it are left out (:func:`models.threads.open_thread_at`)."""


@dataclass(frozen=True, slots=True)
class ReaderSafety:
    """What one reader's own safety choices, and the thread's reactions, mean for a thread."""

    blocked: frozenset[int] = frozenset()
    """People the reader blocked: their posts are folded."""
    topics: tuple[str, ...] = ()
    """Topics the reader always wants behind a warning."""
    counts: dict[int, dict[ReactionKind, int]] = field(default_factory=dict)
    """Reactions per post and kind."""
    mine: dict[int, frozenset[ReactionKind]] = field(default_factory=dict)
    """The reader's own reactions, per post."""
    slow_mode: int | None = None
    """Minutes between posts when the thread is in slow mode (shown to everyone)."""


class ResourceView(NamedTuple):
    id: int
    title: str
    description: str
    contact: str
    kind: ResourceKind
    board_id: int | None
    position: int
    verified_at: date | None

    @property
    def is_crisis_line(self) -> bool:
        return self.kind == ResourceKind.CRISIS_LINE
