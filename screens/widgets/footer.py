"""The footer: the keys a person can press here, "Get help now" always first.

Textual's Footer lists keys from the focused widget outwards, so app-wide keys come last
and fall off the end of a narrow terminal. Help must always be named, so its key leads.

Textual's Footer is also a container of one widget per key, recomposed whenever focus
moves. That was most of the cost of drawing a screen (the first one especially, which
decides how soon the forum starts and how many people an SSH server can greet at once).
This footer is a single line drawn from the screen's bindings: a change of keys redraws
one line, and a click finds the key under the pointer.
"""

from __future__ import annotations

from typing import NamedTuple

from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

HELP_ACTION = "get_help"
"""The app's action for the get-help-now screen (see forum/app.py)."""
SEARCH_ACTION = "search"
"""The app's action for the search screen: right after help where it works, as the way
to find anything (the app's keys come last and would fall off the end)."""


class Key(NamedTuple):
    """One key as shown: what to press, what it does, and whether it works right now."""

    key: str
    display: str
    description: str
    enabled: bool
    help: bool = False


class KeyFooter(Widget, can_focus=False):
    """One line of keys: get-help first, then search (where it works), then the screen's,
    the palette key on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--help-key",
        "key-footer--help",
        "key-footer--hover",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: clip;
        .key-footer--key { color: $footer-key-foreground; background: $footer-key-background;
                           text-style: bold; }
        .key-footer--description { color: $footer-description-foreground; }
        .key-footer--help-key { background: $error; color: $text; text-style: bold; }
        .key-footer--help { background: $error-muted; text-style: bold; }
        .key-footer--hover { background: $block-hover-background; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, Key]] = []
        """Where each key was drawn: (first cell, cell after the last, key)."""
        self._hover: str | None = None
        """The key under the mouse pointer, if any."""
        self._drawn: tuple[list[Key], Key | None] | None = None
        """The keys as last drawn (see `keys`)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        # Bindings are refreshed often (each focus move, each screen shown) and most
        # often offer the same keys: drawn again only when they differ.
        if self.keys() != self._drawn:
            self.refresh()

    # What to show ----------------------------------------------------------------------

    def keys(self) -> tuple[list[Key], Key | None]:
        """The keys to show on the left, in order, and the command palette's key."""
        app = self.app
        active = self.screen.active_bindings
        shown: dict[str, Key] = {}  # one key per action, as Textual's Footer does
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = self._key(binding, enabled)
        # Modal screens leave the app's keys out of their bindings, but the help key is a
        # priority binding and works there too: name it all the same.
        help_key = shown.pop(HELP_ACTION, None)
        if help_key is None:
            for binding in Binding.make_bindings(getattr(type(app), "BINDINGS", [])):
                if binding.action == HELP_ACTION and binding.show:
                    help_key = self._key(binding, True)
                    break
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = self._key(binding, enabled)
            shown.pop(binding.action, None)
        search = shown.pop(SEARCH_ACTION, None)
        left = list(shown.values())
        if search is not None:
            left.insert(0, search)
        if help_key is not None:
            left.insert(0, help_key._replace(help=True))
        return left, palette

    def _key(self, binding: Binding, enabled: bool) -> Key:
        return Key(binding.key, self.app.get_key_display(binding), binding.description, enabled)

    # Drawing ---------------------------------------------------------------------------

    def _part(self, key: Key) -> Content:
        key_class, text_class = (
            ("key-footer--help-key", "key-footer--help")
            if key.help
            else ("key-footer--key", "key-footer--description")
        )
        key_style = self.get_visual_style(key_class)
        text_style = self.get_visual_style(text_class)
        part = Content.assemble(
            (f" {key.display} ", key_style),
            (f"{key.description} " if key.description else "", text_style),
        )
        if key.key == self._hover:
            part = part.stylize(self.get_visual_style("key-footer--hover"))
        if not key.enabled:
            part = part.stylize("dim")
        return part

    def render(self) -> RenderResult:
        left, palette = self._drawn = self.keys()
        width = self.size.width
        spans: list[tuple[int, int, Key]] = []
        parts: list[Content] = []
        x = 0
        right = self._part(palette) if palette is not None else Content("")
        room = width - right.cell_length - (1 if palette is not None else 0)
        for key in left:
            part = self._part(key)
            if x + part.cell_length > room and parts:
                break  # what does not fit whole is left out (the palette lists every key)
            parts.append(part)
            spans.append((x, x + part.cell_length, key))
            x += part.cell_length
        line = Content("").join(parts)
        if palette is not None:
            gap = max(1, width - line.cell_length - right.cell_length)
            spans.append((width - right.cell_length, width, palette))
            line = Content.assemble(line, " " * gap, right)
        self._spans = spans
        return line

    # The mouse -------------------------------------------------------------------------

    def _key_at(self, x: int) -> Key | None:
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        hover = key.key if key is not None else None
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
