"""Chromium driven by Playwright, and reading the page's terminal (xterm.js) as text.

Waiting happens in the page: its script resolves once the terminal's screen (its
buffer, read after each write xterm.js has parsed) shows what a test waits for.
Playwright's own wait_for_function cannot run here: it evaluates its predicate as a
string, which the page's Content-Security-Policy forbids, as it should.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from forum.web.channel import WebSocketChannel

CHROMIUM = Path("/usr/bin/chromium")

_WAIT = "([text, gone, within]) => window.forum.waitFor(text, gone, within)"
"""The page's own wait (forum/web/static/forum.js): it resolves once the terminal's
screen, read after each write xterm.js has parsed, shows (or no longer shows) `text`."""


def chromium_or_skip() -> str:
    """Debian's chromium (Playwright's own download cannot work here); on CI its absence
    fails the run instead of skipping."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return str(CHROMIUM)


async def wait_for_text(page: Any, text: str, within: float = 10.0) -> str:
    """Wait until the terminal shows `text`; the whole screen, as text."""
    return await page.evaluate(_WAIT, [text, False, int(within * 1000)])


async def wait_for_gone(page: Any, text: str, within: float = 10.0) -> str:
    """Wait until the terminal no longer shows `text`."""
    return await page.evaluate(_WAIT, [text, True, int(within * 1000)])


async def screen(page: Any) -> str:
    return await page.evaluate("() => window.forum.text()")


async def size(page: Any) -> tuple[int, int]:
    terminal = "window.forum.terminal"
    cols, rows = await page.evaluate(f"() => [{terminal}.cols, {terminal}.rows]")
    return cols, rows


def focused(served, *, web: bool = True) -> str | None:
    """The id of the focused widget in the page's session, or (``web=False``) in the SSH
    one: the test looks inside the server it runs."""
    for session in served.server.sessions:
        app, link = session._app, session._link
        if app is None or link is None:
            continue
        if isinstance(link.channel, WebSocketChannel) == web:
            return app.focused.id if app.focused is not None else None
    return None


async def until(check, within: float = 10.0) -> None:
    """Wait for the server to reach a state (polled: it has no event to wait on)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not check():
        assert loop.time() < deadline, "never happened"
        await asyncio.sleep(0.02)
