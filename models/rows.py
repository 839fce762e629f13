"""The columns the thread and post reads select, and how a row becomes a view.

Shared by :mod:`models.boards` (a board's thread list), :mod:`models.threads` (a thread
and its reply tree) and :mod:`models.posting` (the view of a post just written).
"""

from __future__ import annotations

from models.views import PostView, ThreadSummary

LIMIT_SAMPLE = 987_654_321
"""A stand-in for a row limit when shaping a query (see :class:`models.prepared.Prepared`)."""

THREAD_FIELDS = (
    "id", "board_id", "title", "author", "created_at", "last_activity_at", "reply_count",
    "pinned", "locked", "content_warning", "slow_mode_minutes",
)  # fmt: skip
"""In ThreadSummary's order; ``author`` is the author's display name."""
THREAD_COLUMNS = (*THREAD_FIELDS[:3], *THREAD_FIELDS[4:], "author")
"""The columns :func:`thread_values` selects, in its order (the joined author last)."""

POST_FIELDS = (
    "id", "thread_id", "parent_id", "author_id", "depth", "body", "created_at", "edited_at",
    "path", "removed_at", "removed_by_id", "content_warning",
)  # fmt: skip
POST_COLUMNS = (*POST_FIELDS, "author")
"""The columns :func:`post_values` selects, in its order (the joined author last)."""


def thread_values(query):
    return query.values(*THREAD_FIELDS[:3], *THREAD_FIELDS[4:], author="author__display_name")


def thread_row(row) -> ThreadSummary:
    # values() puts the joined author last; ThreadSummary has it fourth.
    return ThreadSummary(*row[:3], row[-1], *row[3:-1])


def post_values(query):
    return query.values(*POST_FIELDS, author="author__display_name")


def post_view(row) -> PostView:
    """A post as readers see it: a removed post keeps its place, not its words."""
    (pid, thread_id, parent, author_id, depth, body, created, edited, path, removed_at,
     removed_by, cw, author) = row  # fmt: skip
    removed = removed_at is not None
    by_moderator = removed and removed_by is not None and removed_by != author_id
    return PostView(
        pid, thread_id, parent, author_id, author, depth, "" if removed else body, created,
        edited, removed, by_moderator, path, None if removed else cw,
    )  # fmt: skip


def post_view_of(post, author: str) -> PostView:
    """The view of a ``Post`` entity just written, its author's display name given."""
    return post_view(
        (post.id, post.thread_id, post.parent_id, post.author_id, post.depth, post.body,
         post.created_at, post.edited_at, post.path, post.removed_at, post.removed_by_id,
         post.content_warning, author)
    )  # fmt: skip
