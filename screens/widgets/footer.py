"""The footer: "Get help now" always first, and rebuilt only when its keys change.

Textual's Footer lists keys from the focused widget outwards, so app-wide keys come last
and fall off the end of a narrow terminal. Help must always be named, so its key leads.

Textual's Footer also rebuilds all its key widgets whenever focus moves. In a thread,
moving from post to post keeps the same keys, and the rebuild was most of the cost of a
key press; this footer compares what it would show and skips rebuilding when nothing
changed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_ACTION = "get_help"
"""The app's action for the get-help-now screen (see forum/app.py)."""


class KeyFooter(Footer):
    """A :class:`Footer` that leads with the help key and skips needless rebuilds."""

    DEFAULT_CSS = """
    KeyFooter FooterKey.-help { background: $error-muted; text-style: bold; }
    KeyFooter FooterKey.-help .footer-key--key { background: $error; color: $text; }
    """

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

    def _help_binding(self) -> Binding | None:
        # Modal screens leave the app's keys out of their bindings, but the help key is a
        # priority binding and works there too: name it all the same.
        active = (a.binding for a in self.screen.active_bindings.values())
        app_keys = Binding.make_bindings(getattr(type(self.app), "BINDINGS", []))
        for binding in (*active, *app_keys):
            if binding.action == HELP_ACTION and binding.show:
                return binding
        return None

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        help_binding = self._help_binding()
        if help_binding is not None:
            yield FooterKey(
                help_binding.key,
                self.app.get_key_display(help_binding),
                help_binding.description,
                help_binding.action,
                classes="-help",
                tooltip=help_binding.description,
            ).data_bind(compact=Footer.compact)
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.action == HELP_ACTION:
                continue
            yield widget
