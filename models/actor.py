"""Who is acting: a read-only view of a signed-in user, or the guest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from models.enums import Role

if TYPE_CHECKING:
    from models.entities import User


@dataclass(frozen=True, slots=True)
class Actor:
    id: int | None
    """None for a guest."""
    username: str
    display_name: str
    role: Role | None
    """None for a guest."""
    suspended_until: datetime | None = None
    suspended_reason: str | None = None
    created_at: datetime | None = None
    """When the account was made (new accounts are rate limited)."""

    @property
    def is_guest(self) -> bool:
        return self.id is None

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.MODERATOR, Role.ADMIN)

    def suspended_at(self, when: datetime) -> bool:
        return self.suspended_until is not None and self.suspended_until > when

    @classmethod
    def from_user(cls, user: User) -> Actor:
        return cls(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=Role(user.role),
            suspended_until=user.suspended_until,
            suspended_reason=user.suspended_reason,
            created_at=user.created_at,
        )


GUEST = Actor(id=None, username="guest", display_name="Guest", role=None)
