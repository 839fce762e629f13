"""Rich consoles for a session's App, built from the client's terminal, not the server's.

`App.__init__` builds `app.console` from the server process's environment (TERM,
COLORTERM, NO_COLOR), and Textual renders every frame with that console's colour system.
Over SSH the terminal is the client's, so the console is rebuilt from what the client
sent: the pty request's terminal type, and COLORTERM and NO_COLOR if its ssh sends them
(OpenSSH does with `-o SetEnv=NO_COLOR=1`, or `SendEnv NO_COLOR` in its config).
"""

from __future__ import annotations

from typing import Any, Literal

from rich.console import Console
from textual.app import App
from textual.filter import Monochrome, NoColor

from screens.textual_compat import colour_filters

ColorSystem = Literal["standard", "256", "truecolor"]

_TRUECOLOR_TERMS = ("alacritty", "contour", "foot", "wezterm", "xterm-ghostty", "xterm-kitty")
"""Terminal types that always do 24-bit colour but whose names don't say so (OpenSSH
forwards TERM but not COLORTERM, so without this they would get 16 colours)."""


def color_system_for(term: str, colorterm: str) -> ColorSystem | None:
    """The colour system to render with for a client's TERM and COLORTERM.

    None means no colour at all (a "dumb" terminal).
    """
    term = term.strip().lower()
    colorterm = colorterm.strip().lower()
    if term in ("dumb", "unknown"):
        return None
    if colorterm in ("truecolor", "24bit") or term.endswith("-direct"):
        return "truecolor"
    if term.startswith(_TRUECOLOR_TERMS):
        return "truecolor"
    if term.endswith(("256color", "-256")):
        return "256"
    return "standard"


class _NullFile:
    """Where the consoles "print": Textual writes frames through the driver instead."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


def client_console(term: str, colorterm: str) -> Console:
    """A console like the one `App.__init__` makes, but for the client's terminal."""
    return Console(
        color_system=color_system_for(term, colorterm),
        file=_NullFile(),  # type: ignore[arg-type]
        markup=True,
        highlight=False,
        emoji=False,
        legacy_windows=False,
        _environ={"TERM": term, "COLORTERM": colorterm},
        force_terminal=True,
        safe_box=False,
        soft_wrap=False,
    )


def match_no_color(app: App[Any], no_color: bool) -> None:
    """Colour, or none because the client asked for none (NO_COLOR), whatever the server
    process's own environment says: what `App.__init__` does with NO_COLOR, for the client.
    Colours become shades of grey (the terminal's own colours with ANSI colour on), and
    the ``:nocolor`` CSS pseudo-class applies."""
    current = colour_filters(app)
    filters = [f for f in current if not isinstance(f, Monochrome | NoColor)]
    if no_color:
        filters.append(NoColor() if app.native_ansi_color else Monochrome())
    current[:] = filters  # in place: Textual may hold the list
    app.no_color = no_color


def quiet_console() -> Console:
    """Replaces `app.error_console`, which would print a crashed session's traceback on
    the server's stderr; the server logs the exception itself."""
    return Console(file=_NullFile(), markup=False, highlight=False)  # type: ignore[arg-type]
