"""The user interface: screens, their widgets and stylesheets."""

from pathlib import Path

SHARED_CSS = Path(__file__).with_name("shared.tcss")
"""Rules several screens share; the app loads it for every screen, before their own."""
