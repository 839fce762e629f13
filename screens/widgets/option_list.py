"""Textual's OptionList, minus a redraw of every option after its first frame.

Textual's OptionList forgets every rendered option on each Resize event. It gets one
right after its first frame, when drawing has told it how tall its options are (its
virtual size changes, not its width), so every list was drawn twice before anyone could
read it. Rendered options depend only on the width, so this one forgets them only when
the width has changed.
"""

from __future__ import annotations

from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import OptionList as TextualOptionList

from screens.textual_compat import forget_rendered_options


class OptionList(TextualOptionList):
    """An OptionList that redraws its options only when its width changes."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._drawn_width: int | None = None
        """The width the rendered options were made for (None: not made yet)."""

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._drawn_width is None:
            self._drawn_width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def on_resize(self, event: events.Resize) -> None:
        event.prevent_default()  # Textual's handler (which always forgets) does not run
        if self.scrollable_content_region.width != self._drawn_width:
            self._drawn_width = None
            forget_rendered_options(self)
