"""A one-line text field that drops terminal control characters from pasted text.

Pasted text keeps its escape sequences; without this a paste could make the writer's own
terminal clear, retitle or write its clipboard while they type. The domain cleans text
again when it is stored.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from models.text import JOINERS, clean_line


def typed_joiner(event: events.Key) -> str | None:
    """The ZWNJ or ZWJ a key types, if it types one. Textual's fields insert only keys
    whose character is printable, and these are format characters, so a Persian
    keyboard's ZWNJ key or an emoji picker typing a family did nothing."""
    character = event.character
    return character if character and character in JOINERS else None


class SafeInput(Input):
    """An :class:`Input` whose pastes are cleaned to one plain line, and where joiners
    can be typed."""

    async def on_key(self, event: events.Key) -> None:
        if joiner := typed_joiner(event):
            event.stop()
            event.prevent_default()  # Input's own handler would drop it
            start, end = sorted(self.selection)
            self.replace(joiner, start, end)

    def on_paste(self, event: events.Paste) -> None:
        # Textual calls every class's handler in MRO order: clean the text here and
        # Input's own handler inserts it next.
        event.text = clean_line(event.text)
