"""Put a thread in slow mode (one post per person per N minutes), or take it out."""

from __future__ import annotations

from textual.content import Content

from models import moderation
from screens import format
from screens.choice_dialog import ChoiceDialog
from screens.session import actor_of

PACES: list[tuple[str, int]] = [
    ("Off", 0),
    ("1 post every 5 minutes", 5),
    ("1 post every 15 minutes", 15),
    ("1 post every 30 minutes", 30),
    ("1 post an hour", 60),
    ("1 post every 4 hours", 240),
]


def pace_text(minutes: int) -> str:
    """``one post per person every 15 minutes``."""
    return f"one post per person every {format.count(minutes, 'minute')}"


class SlowModeScreen(ChoiceDialog):
    """Dismisses with the minutes set (0 for off), or None when cancelled."""

    choice_label = "Pace"
    reason_label = "Why (optional, for the log)"
    yes_label = "Set"
    focus_first = "#choice"

    def __init__(self, thread_id: int, title: str, minutes: int = 0) -> None:
        options = list(PACES)
        if minutes and minutes not in {m for _, m in PACES}:
            options.append((f"1 post every {minutes} minutes", minutes))
        super().__init__(
            Content.assemble("Slow mode for ", format.line(title, "bold")),
            "Everyone but moderators waits between posts in this thread. It shows on the "
            "thread and is logged.",
            options,
            minutes,
        )
        self.thread_id = thread_id

    async def act(self, choice: int, reason: str) -> int:
        minutes = int(choice)
        await moderation.set_slow_mode(actor_of(self.app), self.thread_id, minutes or None, reason)
        return minutes
