"""The typed errors the domain raises. Each carries a message fit to show a person."""

from __future__ import annotations


class ForumError(Exception):
    """Base of every error the domain raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(ForumError):
    """Input broke a rule. ``field`` and ``rule`` say which and how."""

    def __init__(self, field: str, rule: str) -> None:
        super().__init__(f"{field.capitalize()} {rule}.")
        self.field = field
        self.rule = rule


class PermissionDenied(ForumError):
    """The acting user may not do this. Nothing was written."""

    def __init__(self, action: str, reason: str) -> None:
        super().__init__(reason)
        self.action = action


class NotFound(ForumError):
    """The thing asked for does not exist (or is not visible to the actor)."""


class Conflict(ForumError):
    """The action clashes with what is stored, e.g. a username already taken."""


class AuthenticationFailed(ForumError):
    """Unknown user or wrong password: the same message for both, on purpose."""

    def __init__(self) -> None:
        super().__init__("That username and password do not match an account.")


class RateLimited(ForumError):
    """Posting too soon: ``retry_at`` says when it will work."""

    def __init__(self, message: str, retry_at: object) -> None:
        super().__init__(message)
        self.retry_at = retry_at


class AccountClosed(PermissionDenied):
    """The account acting was deleted (perhaps from another session): sign it out."""

    def __init__(self) -> None:
        super().__init__("act", "This account no longer exists.")
