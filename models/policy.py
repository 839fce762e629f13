"""Who may do what: the one place every write asks before it touches the database.

Each domain operation calls :func:`require` with the acting user and the facts the rule
needs (who owns the thing, whether the thread is locked). A refusal raises
:class:`PermissionDenied` before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from models.actor import Actor
from models.clock import moment_text
from models.enums import Role
from models.errors import PermissionDenied


class Action(StrEnum):
    START_THREAD = "start thread"
    REPLY = "reply"
    EDIT_OWN_POST = "edit own post"
    REMOVE_OWN_POST = "remove own post"
    REMOVE_ANY_POST = "remove any post"
    PIN_THREAD = "pin thread"
    LOCK_THREAD = "lock thread"
    PIN_RESOURCE = "pin resource"
    UNPIN_RESOURCE = "unpin resource"
    REORDER_RESOURCES = "reorder resources"
    EDIT_RESOURCE = "edit resource"
    CHANGE_ROLE = "change role"
    MANAGE_OWN_KEYS = "manage own keys"
    REPORT_POST = "report post"
    BLOCK_USER = "block user"
    REACT = "react"
    FOLLOW_THREAD = "follow thread"
    HIDE_TOPICS = "choose hidden topics"
    KEEP_DRAFTS = "keep drafts"
    REVIEW_REPORTS = "review reports"
    SUSPEND_USER = "suspend user"
    SEND_NOTE = "send note"
    SET_SLOW_MODE = "set slow mode"
    VIEW_AUDIT_LOG = "view audit log"
    VERIFY_RESOURCE = "verify resource"
    EDIT_CRISIS_PHRASES = "edit crisis phrases"
    CHANGE_OWN_PASSWORD = "change own password"
    CHANGE_DISPLAY_NAME = "change display name"
    DELETE_OWN_ACCOUNT = "delete own account"
    EDIT_OWN_THREAD_TITLE = "edit own thread title"
    EDIT_ANY_THREAD_TITLE = "edit any thread title"


@dataclass(frozen=True, slots=True)
class Context:
    """Facts about the target that some rules depend on."""

    owner_id: int | None = None
    thread_locked: bool = False
    board_locked: bool = False
    target_role: Role | None = None
    """The role of the user an action is aimed at (suspend, change role)."""


STAFF_ACTIONS = frozenset(
    {
        Action.REMOVE_ANY_POST,
        Action.PIN_THREAD,
        Action.LOCK_THREAD,
        Action.PIN_RESOURCE,
        Action.UNPIN_RESOURCE,
        Action.REORDER_RESOURCES,
        Action.EDIT_RESOURCE,
        Action.REVIEW_REPORTS,
        Action.SUSPEND_USER,
        Action.SEND_NOTE,
        Action.SET_SLOW_MODE,
        Action.VIEW_AUDIT_LOG,
        Action.VERIFY_RESOURCE,
        Action.EDIT_ANY_THREAD_TITLE,
    }
)
ADMIN_ACTIONS = frozenset({Action.CHANGE_ROLE, Action.EDIT_CRISIS_PHRASES})
OWNER_ACTIONS = frozenset(
    {
        Action.EDIT_OWN_POST,
        Action.REMOVE_OWN_POST,
        Action.MANAGE_OWN_KEYS,
        Action.CHANGE_OWN_PASSWORD,
        Action.CHANGE_DISPLAY_NAME,
        Action.DELETE_OWN_ACCOUNT,
        Action.EDIT_OWN_THREAD_TITLE,
    }
)
ALLOWED_WHILE_SUSPENDED = frozenset(
    {
        Action.MANAGE_OWN_KEYS,
        Action.CHANGE_OWN_PASSWORD,
        Action.DELETE_OWN_ACCOUNT,
        Action.REPORT_POST,
        Action.BLOCK_USER,
        Action.HIDE_TOPICS,
        Action.KEEP_DRAFTS,
        Action.FOLLOW_THREAD,
    }
)
"""Keeping oneself safe and looking after one's own account is not taking part, so a
suspension does not stop it; leaving is always possible. A new display name would show
on every post, so it waits until the suspension ends."""


def refusal(actor: Actor, action: Action, context: Context, now: datetime) -> str | None:
    """Why ``actor`` may not do ``action`` in ``context``, or None when they may."""
    if actor.is_guest:
        return "Sign in or create an account to take part."
    if actor.suspended_at(now) and action not in ALLOWED_WHILE_SUSPENDED:
        until = moment_text(actor.suspended_until)  # type: ignore[arg-type]
        why = f" ({actor.suspended_reason})" if actor.suspended_reason else ""
        return f"Your account is suspended until {until}{why}. You can still read."
    if action in ADMIN_ACTIONS:
        return None if actor.role == Role.ADMIN else "Only an admin can do that."
    if action in STAFF_ACTIONS:
        if not actor.is_staff:
            return "Only moderators and admins can do that."
        if action == Action.SUSPEND_USER:
            return _suspend_refusal(actor, context)
        return None
    if action in OWNER_ACTIONS and context.owner_id != actor.id:
        return "You can only change your own posts, threads, keys and account."
    if action == Action.START_THREAD and context.board_locked and not actor.is_staff:
        return "This board is closed to new threads."
    if action == Action.REPLY and context.thread_locked and not actor.is_staff:
        return "This thread is locked: it takes no new replies."
    return None


def _suspend_refusal(actor: Actor, context: Context) -> str | None:
    if context.owner_id == actor.id:
        return "You cannot suspend yourself."
    if context.target_role == Role.ADMIN:
        return "Admins cannot be suspended."
    if context.target_role == Role.MODERATOR and actor.role != Role.ADMIN:
        return "Only an admin can suspend a moderator."
    return None


def allowed(actor: Actor, action: Action, context: Context, now: datetime) -> bool:
    """For the UI: whether to offer the action at all."""
    return refusal(actor, action, context, now) is None


def require(actor: Actor, action: Action, context: Context, now: datetime) -> None:
    reason = refusal(actor, action, context, now)
    if reason is not None:
        raise PermissionDenied(action.value, reason)
