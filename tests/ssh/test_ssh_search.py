"""Search over a real SSH session, read through a terminal emulator: a snippet carrying an
escape sequence and markup shows literally, and the terminal is not acted on."""

from __future__ import annotations

from models import posting
from models.entities import Post
from tests.helpers import key, make_thread, make_user

BODY = "Ask about \x1b[2J\x1b]0;pwned\x07sliding scale fees, [b]markup[/b] and [red]x[/red]."


async def test_a_snippet_with_escapes_and_markup_shows_literally(forum_server, connect):
    ann = await make_user("ann")
    _, opening = await make_thread(ann, "Paying for therapy", "What does it cost?")
    reply = await posting.reply(ann, opening, BODY, key())
    # Written past the domain (an old row, a restore): the screen cleans what it shows too.
    await Post.filter(id=reply.id).update(body=BODY)
    terminal = await connect(forum_server, "ann", password="correct horse", size=(100, 30))
    await terminal.wait_for("Introductions")
    terminal.send(b"/")
    await terminal.wait_for("Every board")
    terminal.send(b"sliding scale\r")
    await terminal.wait_for("[b]markup[/b]")
    # PostgreSQL starts the snippet a word later ("… about"), SQLite at the first word.
    assert "about [2J]0;pwnedsliding scale fees, [b]markup[/b] and [red]x[/red]." in (terminal.text)
    assert "Paying for therapy" in terminal.text  # the screen was not cleared under it
    assert b"pwned\x07" not in bytes(terminal.raw) and b"\x1b[2J" not in bytes(terminal.raw)
