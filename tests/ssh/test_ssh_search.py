"""Search over a real SSH session, read through a terminal emulator: a snippet carrying an
escape sequence, a bidi override and markup, and a query typed with a bidi override and
brackets, show literally, and the terminal is not acted on."""

from __future__ import annotations

from models import posting
from models.entities import Post
from tests.helpers import key, make_thread, make_user

RLO, PDF = "\u202e", "\u202c"  # right-to-left override, pop directional formatting
BODY = (
    f"Ask about \x1b[2J\x1b]0;pwned\x07{RLO}sliding{PDF} scale fees, [b]markup[/b] and "
    "[red]x[/red]."
)


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
    terminal.send(f"[sliding] {RLO}scale\r".encode())
    await terminal.wait_for("[b]markup[/b]")
    assert "[sliding] scale" in terminal.text  # the query as typed, less the override
    # PostgreSQL starts the snippet a word later ("… about"), SQLite at the first word.
    assert "about [2J]0;pwnedsliding scale fees, [b]markup[/b] and [red]x[/red]." in (terminal.text)
    assert "Paying for therapy" in terminal.text  # the screen was not cleared under it
    raw = bytes(terminal.raw)
    assert b"pwned\x07" not in raw and b"\x1b[2J" not in raw
    assert RLO.encode() not in raw and PDF.encode() not in raw  # words never drawn reversed
