"""The fixed sets of values the domain uses. Plain enums, free of the ORM, so the user
interface can use them (and show its first screen) before the database layer is loaded."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"


class ResourceKind(StrEnum):
    CRISIS_LINE = "crisis_line"
    COUNSELLING = "counselling"
    SUPPORT_GROUP = "support_group"
    INFORMATION = "information"


class ReportReason(StrEnum):
    UNKIND = "unkind"
    SPAM = "spam"
    DANGER = "danger"
    """Someone may be in danger."""
    OTHER = "other"


class ReportStatus(StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"
    ACTIONED = "actioned"


class ReactionKind(StrEnum):
    """Supportive reactions only: there are no downvotes and no scores."""

    HUG = "hug"
    ME_TOO = "me_too"
    THANK_YOU = "thank_you"
    HEAR_YOU = "hear_you"


class NotificationKind(StrEnum):
    REPLY = "reply"
    """Someone replied to your post."""
    THREAD_REPLY = "thread_reply"
    """Someone replied in a thread you started or follow."""
    REACTION = "reaction"
    """People reacted to your post (grouped: one notification per post and kind)."""
    REMOVAL = "removal"
    """A moderator removed your post, with the reason."""


class FollowState(StrEnum):
    NOT_FOLLOWING = "not following"
    FOLLOWING = "following"
    """Told of every reply in the thread."""
    MUTED = "muted"
    """Told of nothing in the thread, not even replies to one's own posts."""
