"""The footer, rebuilt only when the keys it shows actually change.

Textual's Footer rebuilds all its key widgets whenever focus moves. In a thread, moving
from post to post keeps the same keys, and the rebuild was most of the cost of a key
press; this footer compares what it would show and skips rebuilding when nothing changed.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """A :class:`Footer` that skips rebuilding when its keys are unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple | None = None
        """The keys as last shown: (key, description, enabled) for each shown binding."""

    def _signature(self, screen: Screen) -> tuple:
        return tuple(
            (key, active.binding.description, active.enabled, active.binding.show)
            for key, active in screen.active_bindings.items()
        )

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = self._signature(screen)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)
