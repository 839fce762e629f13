"""Two `forum serve` processes on one database: what a person does on one shows, with no
key pressed, in a session on the other. On PostgreSQL the change travels by NOTIFY; on
one SQLite file, each process notices the other's commits by the data version."""

from __future__ import annotations

import signal

from models.seed import BOARDS
from tests.e2e.served import serve
from tests.helpers import make_thread, make_user
from tests.ssh.support import open_terminal

PASSWORD = "correct horse"
FIRST_BOARD = BOARDS[0][1]
ENTER, CTRL_S = b"\r", b"\x13"


async def test_a_reply_made_through_one_server_shows_live_on_the_other(forum_env):
    ann = await make_user("ann")
    await make_user("bob")
    await make_thread(ann, "Telling my sister", "How do I start?")
    one, other = await serve(forum_env), await serve(forum_env)
    terminals = []
    try:
        reader = await open_terminal(one.port, "ann", password=PASSWORD, size=(100, 30))
        writer = await open_terminal(other.port, "bob", password=PASSWORD, size=(100, 30))
        terminals += [reader, writer]
        for terminal in terminals:
            await terminal.wait_for(FIRST_BOARD)
            terminal.send(ENTER)  # the first board
            await terminal.wait_for("Telling my sister")
            terminal.send(ENTER)  # its only thread
            await terminal.wait_for("How do I start?")
        await writer.wait_for("Reply")
        writer.send(b"r")
        await writer.wait_for("Replying to")
        writer.send(b"Start with a text; it is easier than a call.")
        writer.send(CTRL_S)
        await writer.wait_for("Start with a text; it is easier than a call.")
        # ann presses nothing: the reply comes to her, from the other server
        await reader.wait_for("Start with a text; it is easier than a call.", within=5)
    finally:
        for terminal in terminals:
            await terminal.close()
        for served in (one, other):
            status, log = await served.stop(signal.SIGTERM)
            assert status == 0 and "Traceback" not in log, log
