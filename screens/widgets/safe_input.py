"""A one-line text field that drops terminal control characters from pasted text.

Pasted text keeps its escape sequences; without this a paste could make the writer's own
terminal clear, retitle or write its clipboard while they type. The domain cleans text
again when it is stored.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from models.text import clean_line


class SafeInput(Input):
    """An :class:`Input` whose pastes are cleaned to one plain line."""

    def _on_paste(self, event: events.Paste) -> None:
        # Textual calls every class's handler in MRO order: clean the text here and
        # Input's own handler inserts it next.
        event.text = clean_line(event.text)
