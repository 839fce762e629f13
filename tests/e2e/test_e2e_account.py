"""Your account over real SSH: the current password is checked through the server's
password throttle, as signing in is, so the form is no way around it."""

from __future__ import annotations

import asyncio

from models import accounts
from models.seed import BOARDS
from tests.helpers import make_user

from .keys import ENTER, TAB

FIRST_BOARD = BOARDS[0][1]


async def _settle() -> None:
    """Let a key that moves the focus act before typing on (see test_e2e_sessions)."""
    await asyncio.sleep(0.25)


async def test_a_wrong_current_password_counts_towards_the_password_throttle(connect, forum_server):
    await make_user("bob")
    terminal = await connect("bob", password="correct horse")
    await terminal.wait_for(FIRST_BOARD)
    terminal.send(b"y")
    await terminal.wait_for("Give your current password")
    await _settle()
    for keys in (TAB, TAB):  # past the display name and its button
        terminal.send(keys)
        await _settle()
    for words in (b"not his password", b"a new secret", b"a new secret"):
        terminal.send(words + ENTER)
        await _settle()
    await terminal.wait_for("Current password is not right.")
    assert await forum_server.throttle.failures("bob") == 1
    assert (await accounts.sign_in("bob", "correct horse")).username == "bob"  # unchanged
