"""Terminal widths the layout changes at. The app sets the class on every screen (its
``HORIZONTAL_BREAKPOINTS``) and widgets style themselves by it, as the resources pane
does: below 60 columns it gives way to a one-line bar so that posts keep their width.

Kept apart from the widgets so the app can read it without loading the database layer.
"""

from __future__ import annotations

NARROW = "-narrow"
"""The class a screen has while the terminal is under 60 columns."""
WIDE = "-wide"

BREAKPOINTS = [(0, NARROW), (60, WIDE)]
"""For ``App.HORIZONTAL_BREAKPOINTS``: (from this many columns, the screen's class)."""
