"""The text area posts are written in: soft-wrapping, and pastes are cleaned.

Pasted text keeps its escape sequences; without this a paste could make the writer's own
terminal clear, retitle or write its clipboard while they type. The domain cleans text
again when it is stored. (A module of its own so that TextArea loads only when someone
writes.)
"""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from models.text import clean_text
from screens.widgets.safe_input import typed_joiner


class DraftArea(TextArea):
    """A soft-wrapping :class:`TextArea` for post bodies whose pastes are cleaned, and
    where joiners can be typed."""

    DEFAULT_CSS = """
    DraftArea { height: 1fr; }
    """

    async def on_key(self, event: events.Key) -> None:
        if (joiner := typed_joiner(event)) and not self.read_only:
            event.stop()
            event.prevent_default()  # TextArea's own handler would drop it
            self.replace(joiner, *self.selection, maintain_selection_offset=False)

    def on_paste(self, event: events.Paste) -> None:
        # As in SafeInput: TextArea's own handler runs after this one with the clean text.
        event.text = clean_text(event.text)
