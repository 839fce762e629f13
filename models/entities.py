"""The tables the forum stores, as Tortoise models.

Counters that the board and thread lists show (thread count, replies, last activity,
unanswered threads) are kept on the rows and updated in the same transaction as the
write that changes them, so listing never has to count over large tables.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from models.enums import (
    NotificationKind,
    ReactionKind,
    ReportReason,
    ReportStatus,
    ResourceKind,
    Role,
)

__all__ = [
    "NotificationKind", "ReactionKind", "ReportReason", "ReportStatus", "ResourceKind", "Role"
]  # fmt: skip


class User(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=32)
    username_key = fields.CharField(max_length=32, unique=True)
    """The casefolded username: two names differing only by case are one user."""
    display_name = fields.CharField(max_length=64)
    password_hash = fields.CharField(max_length=255, default="")
    """Empty for key-only accounts."""
    role = fields.CharEnumField(Role, max_length=16, default=Role.MEMBER)
    created_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField(null=True)
    suspended_until = fields.DatetimeField(null=True)
    suspended_reason = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "users"


class Board(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=80)
    description = fields.CharField(max_length=200)
    position = fields.IntField(default=0)
    locked = fields.BooleanField(default=False)
    thread_count = fields.IntField(default=0)
    unanswered_count = fields.IntField(default=0)
    last_activity_at = fields.DatetimeField(null=True)

    class Meta:
        table = "boards"


class Thread(Model):
    id = fields.IntField(primary_key=True)
    board = fields.ForeignKeyField("forum.Board", related_name="threads", on_delete=fields.CASCADE)
    author = fields.ForeignKeyField("forum.User", related_name="threads", on_delete=fields.RESTRICT)
    title = fields.CharField(max_length=150)
    content_warning = fields.CharField(max_length=100, null=True)
    created_at = fields.DatetimeField()
    last_activity_at = fields.DatetimeField()
    reply_count = fields.IntField(default=0)
    post_seq = fields.IntField(default=0)
    """How many posts the thread has ever had: the source of each post's path segment."""
    pinned = fields.BooleanField(default=False)
    locked = fields.BooleanField(default=False)
    slow_mode_minutes = fields.IntField(null=True)
    """At most one post per person per this many minutes; None when off."""

    class Meta:
        table = "threads"
        indexes = (
            Index(fields=("board_id", "pinned", "last_activity_at", "id")),
            Index(fields=("board_id", "created_at", "id")),
            Index(fields=("reply_count", "created_at", "id")),
        )


class Post(Model):
    # Its full-text index is the database's own, kept by triggers (migration 0006): the
    # ``search`` tsvector column on PostgreSQL, the ``post_search`` FTS5 table on SQLite.
    id = fields.IntField(primary_key=True)
    thread = fields.ForeignKeyField("forum.Thread", related_name="posts", on_delete=fields.CASCADE)
    author = fields.ForeignKeyField("forum.User", related_name="posts", on_delete=fields.RESTRICT)
    parent = fields.ForeignKeyField(
        "forum.Post", related_name="replies", null=True, on_delete=fields.RESTRICT
    )
    path = fields.CharField(max_length=510)
    """Materialised path: one fixed-width segment per level, so ordering by path is the
    tree in reading order and a whole thread loads in one ordered query."""
    depth = fields.IntField(default=0)
    body = fields.TextField()
    content_warning = fields.CharField(max_length=100, null=True)
    created_at = fields.DatetimeField()
    edited_at = fields.DatetimeField(null=True)
    removed_at = fields.DatetimeField(null=True)
    removed_by = fields.ForeignKeyField(
        "forum.User", related_name="removed_posts", null=True, on_delete=fields.SET_NULL
    )
    removal_reason = fields.CharField(max_length=500, null=True)
    client_key = fields.CharField(max_length=64, unique=True)
    """Made by the client before the first try: a retried submission finds its post."""

    class Meta:
        table = "posts"
        unique_together = (("thread_id", "path"),)


class Resource(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=120)
    description = fields.CharField(max_length=500)
    contact = fields.CharField(max_length=300)
    """How to reach it, as free text: a phone number, a text line, a web address."""
    kind = fields.CharEnumField(ResourceKind, max_length=20)
    board = fields.ForeignKeyField(
        "forum.Board", related_name="resources", null=True, on_delete=fields.CASCADE
    )
    """None for a resource shown on every board."""
    position = fields.IntField(default=0)
    pinned_by = fields.ForeignKeyField(
        "forum.User", related_name="pinned_resources", null=True, on_delete=fields.SET_NULL
    )
    pinned_at = fields.DatetimeField()
    verified_at = fields.DateField(null=True)
    verified_by = fields.ForeignKeyField(
        "forum.User", related_name="verified_resources", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "resources"


class ModAction(Model):
    """Append-only: rows are written by the domain and never updated or deleted."""

    id = fields.IntField(primary_key=True)
    actor = fields.ForeignKeyField(
        "forum.User", related_name="mod_actions", on_delete=fields.RESTRICT
    )
    action = fields.CharField(max_length=40)
    target_kind = fields.CharField(max_length=20)
    target_id = fields.IntField()
    reason = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField()

    class Meta:
        table = "mod_actions"
        indexes = (Index(fields=("created_at", "id")),)


class SshKey(Model):
    """A public key that signs its owner in over SSH (``ssh NAME@host``)."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("forum.User", related_name="ssh_keys", on_delete=fields.CASCADE)
    algorithm = fields.CharField(max_length=64)
    public_key = fields.TextField()
    """The key in OpenSSH's one-line form, without its comment."""
    fingerprint = fields.CharField(max_length=64)
    """SHA256, base64 without padding, as ``ssh-keygen -l`` prints it."""
    label = fields.CharField(max_length=100, default="")
    created_at = fields.DatetimeField()
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "ssh_keys"
        unique_together = (("user_id", "fingerprint"),)


class Report(Model):
    id = fields.IntField(primary_key=True)
    post = fields.ForeignKeyField("forum.Post", related_name="reports", on_delete=fields.CASCADE)
    reporter = fields.ForeignKeyField(
        "forum.User", related_name="reports_made", on_delete=fields.CASCADE
    )
    reason = fields.CharEnumField(ReportReason, max_length=16)
    note = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField()
    status = fields.CharEnumField(ReportStatus, max_length=16, default=ReportStatus.OPEN)
    resolved_by = fields.ForeignKeyField(
        "forum.User", related_name="reports_resolved", null=True, on_delete=fields.SET_NULL
    )
    resolved_at = fields.DatetimeField(null=True)
    opened_at = fields.DatetimeField(null=True)
    """When a moderator first opened it (a danger report leaves the top bars then)."""
    opened_by = fields.ForeignKeyField(
        "forum.User", related_name="reports_opened", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "reports"
        unique_together = (("post_id", "reporter_id"),)
        indexes = (Index(fields=("status", "created_at", "id")),)


class Block(Model):
    id = fields.IntField(primary_key=True)
    blocker = fields.ForeignKeyField(
        "forum.User", related_name="blocks_made", on_delete=fields.CASCADE
    )
    blocked = fields.ForeignKeyField(
        "forum.User", related_name="blocked_by", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField()

    class Meta:
        table = "blocks"
        unique_together = (("blocker_id", "blocked_id"),)


class HiddenTopic(Model):
    """A topic a reader always wants behind a warning."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField(
        "forum.User", related_name="hidden_topics", on_delete=fields.CASCADE
    )
    topic = fields.CharField(max_length=60)

    class Meta:
        table = "hidden_topics"
        unique_together = (("user_id", "topic"),)


class Reaction(Model):
    id = fields.IntField(primary_key=True)
    post = fields.ForeignKeyField("forum.Post", related_name="reactions", on_delete=fields.CASCADE)
    user = fields.ForeignKeyField("forum.User", related_name="reactions", on_delete=fields.CASCADE)
    kind = fields.CharEnumField(ReactionKind, max_length=16)
    created_at = fields.DatetimeField()

    class Meta:
        table = "reactions"
        unique_together = (("post_id", "user_id", "kind"),)


class CrisisPhrase(Model):
    """Words that make the compose screen gently show crisis resources (admins edit these)."""

    id = fields.IntField(primary_key=True)
    phrase = fields.CharField(max_length=80, unique=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "crisis_phrases"


class Note(Model):
    """A private note from a moderator to a member."""

    id = fields.IntField(primary_key=True)
    recipient = fields.ForeignKeyField("forum.User", related_name="notes", on_delete=fields.CASCADE)
    sender = fields.ForeignKeyField(
        "forum.User", related_name="notes_sent", on_delete=fields.CASCADE
    )
    body = fields.TextField()
    created_at = fields.DatetimeField()
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notes"


class Draft(Model):
    """Words someone is still writing, kept so that a dropped connection loses nothing.

    One per person and target: ``thread:<board id>`` for a new thread, ``reply:<post id>``
    for a reply, ``edit:<post id>`` for an edit. Posting or discarding deletes it.
    """

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("forum.User", related_name="drafts", on_delete=fields.CASCADE)
    target = fields.CharField(max_length=32)
    board = fields.ForeignKeyField(
        "forum.Board", related_name="drafts", null=True, on_delete=fields.CASCADE
    )
    """The board a new thread goes to; None for a reply or an edit."""
    post = fields.ForeignKeyField(
        "forum.Post", related_name="drafts", null=True, on_delete=fields.CASCADE
    )
    """The post replied to or edited; None for a new thread."""
    title = fields.CharField(max_length=150, default="")
    content_warning = fields.CharField(max_length=100, default="")
    body = fields.TextField()
    client_key = fields.CharField(max_length=64, default="")
    """The key the compose screen posts with: a post that was stored just before the
    connection dropped is found again instead of being posted twice."""
    saved_at = fields.DatetimeField()

    class Meta:
        table = "drafts"
        unique_together = (("user_id", "target"),)


class Notification(Model):
    """Something a person is told about: a reply to them, reactions, a removal."""

    id = fields.IntField(primary_key=True)
    recipient = fields.ForeignKeyField(
        "forum.User", related_name="notifications", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(NotificationKind, max_length=16)
    thread = fields.ForeignKeyField(
        "forum.Thread", related_name="notifications", on_delete=fields.CASCADE
    )
    post = fields.ForeignKeyField(
        "forum.Post", related_name="notifications", on_delete=fields.CASCADE
    )
    """The post to open: the reply, or the recipient's post reacted to or removed."""
    actor = fields.ForeignKeyField(
        "forum.User", related_name="notified", null=True, on_delete=fields.SET_NULL
    )
    """Who did it (the latest, for grouped reactions)."""
    reaction = fields.CharEnumField(ReactionKind, max_length=16, null=True)
    count = fields.IntField(default=1)
    """How many people, for grouped reactions."""
    reason = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField()
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notifications"
        indexes = (
            Index(fields=("recipient_id", "created_at", "id")),
            Index(fields=("recipient_id", "read_at")),
        )


class Follow(Model):
    """A person following a thread (told of its replies) or muting it (told nothing)."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("forum.User", related_name="follows", on_delete=fields.CASCADE)
    thread = fields.ForeignKeyField(
        "forum.Thread", related_name="followers", on_delete=fields.CASCADE
    )
    muted = fields.BooleanField(default=False)
    created_at = fields.DatetimeField()

    class Meta:
        table = "follows"
        unique_together = (("user_id", "thread_id"),)
        indexes = (Index(fields=("thread_id", "muted")),)


class ReadMark(Model):
    """How far a person has read a thread: posts after ``read_to`` are new to them."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("forum.User", related_name="read_marks", on_delete=fields.CASCADE)
    thread = fields.ForeignKeyField(
        "forum.Thread", related_name="read_marks", on_delete=fields.CASCADE
    )
    read_to = fields.DatetimeField()
    """When the newest post they have seen was written."""

    class Meta:
        table = "read_marks"
        unique_together = (("user_id", "thread_id"),)


class SignInFailure(Model):
    """Wrong passwords for one user name, for the password throttle: kept in the database
    so that it holds across server processes, hosts and restarts. ``key`` is a hash of the
    name as accounts compare names (never the name itself)."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    failures = fields.IntField()
    last_failed_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "sign_in_failures"


class ServerSlot(Model):
    """What one server process holds against a limit shared by every process and host:
    its running sessions (``kind`` "session") or its connections from one address not
    signed in yet (``kind`` "address"). ``beat_at`` is renewed while the process lives, so
    a process that died stops counting once it is stale."""

    id = fields.IntField(primary_key=True)
    process = fields.CharField(max_length=160)
    kind = fields.CharField(max_length=16)
    address = fields.CharField(max_length=64)
    count = fields.IntField()
    beat_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "server_slots"
        unique_together = (("process", "kind", "address"),)
        indexes = (Index(fields=("kind", "address")),)
