"""Suspend someone for a period, with a reason they will see (moderators and admins)."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content

from models import moderation
from screens import format
from screens.choice_dialog import ChoiceDialog
from screens.session import actor_of

PERIODS: list[tuple[str, float]] = [
    ("1 day", 1),
    ("3 days", 3),
    ("1 week", 7),
    ("30 days", 30),
    ("1 year", 365),
]


class SuspendScreen(ChoiceDialog):
    """Dismisses with when the suspension ends, or None when cancelled."""

    choice_label = "For how long"
    reason_label = "Why (they will see this)"
    yes_label = "Suspend"
    yes_variant = "error"

    def __init__(self, user_id: int, name: str, report_id: int | None = None) -> None:
        super().__init__(
            Content.assemble("Suspend ", format.line(name, "bold")),
            "They can still read, but not post or react. They will see until when and why. "
            "This is logged.",
            PERIODS,
            3,
        )
        self.user_id = user_id
        """Who is suspended."""
        self.report_id = report_id
        """The report about their post that this acts on (closed in the same step), if any."""

    async def act(self, choice: float, reason: str) -> datetime:
        actor, days = actor_of(self.app), float(choice)
        if self.report_id is not None:
            return await moderation.suspend_reported_author(actor, self.report_id, days, reason)
        return await moderation.suspend(actor, self.user_id, days, reason)


def suspension_notice(actor, now: datetime) -> Content | None:
    """What a suspended person sees on every screen: until when and why, and that they
    can still read. None when they are not suspended."""
    if actor.is_guest or not actor.suspended_at(now):
        return None
    why = actor.suspended_reason or "no reason was given"
    return Content.assemble(
        ("Your account is suspended until ", "$text-warning"),
        (format.moment_text(actor.suspended_until), "bold $text-warning"),
        (". Why: ", "$text-warning"),
        format.line(why, "$text-warning"),
        (". You can still read, and get help any time with ctrl+g.", "$text-warning"),
    )
