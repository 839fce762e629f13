"""Colours are chosen from the client's TERM and COLORTERM, not the server's."""

from __future__ import annotations

import pytest

from forum.ssh.console import client_console, color_system_for


@pytest.mark.parametrize(
    ("term", "colorterm", "expected"),
    [
        ("xterm-256color", "", "256"),
        ("xterm-256color", "truecolor", "truecolor"),
        ("screen-256color", "24bit", "truecolor"),
        ("xterm", "", "standard"),
        ("vt100", "", "standard"),
        ("xterm-kitty", "", "truecolor"),
        ("alacritty", "", "truecolor"),
        ("xterm-direct", "", "truecolor"),
        ("dumb", "", None),
    ],
)
def test_color_system_for(term, colorterm, expected):
    assert color_system_for(term, colorterm) == expected


def test_console_ignores_the_server_environment(monkeypatch):
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.setenv("TERM", "xterm-kitty")
    assert client_console("xterm", "").color_system == "standard"
    assert client_console("xterm-256color", "").color_system == "256"
