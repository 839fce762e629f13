"""A paste is text, never keys: a bracketed paste holding BEL or escape sequences lands in
the compose box whole, and Get help (ctrl+g, BEL) does not open."""

from __future__ import annotations

import pytest
from textual._xterm_parser import XTermParser

from forum.ssh.paste import END, START, PasteGuard
from models.entities import Post
from tests.helpers import make_thread, make_user

PASTED = "Hello\x07 \x1b[31mworld\x1b[0m, \x1b]0;pwned\x07and more\x1b"
"""BEL, colours, a window title (ended by BEL) and a stray ESC at the end."""
CLEAN = "Hello world, and more"


async def test_a_paste_with_bel_and_escapes_is_text_in_the_compose_box(forum_server, connect):
    river = await make_user("river")
    await make_user("ann")
    thread_id, opening = await make_thread(river, "Sleep", "I wake at 4am.")
    terminal = await connect(forum_server, "ann", password="correct horse", size=(100, 30))
    await terminal.wait_for("Introductions")
    terminal.send(b"\r")  # the first board
    await terminal.wait_for("Sleep")
    terminal.send(b"\r")  # its thread
    await terminal.wait_for("I wake at 4am.")
    terminal.send(b"r")
    await terminal.wait_for("Replying to river")
    terminal.send(f"{START}{PASTED}{END}".encode())  # one write, as a terminal sends it
    await terminal.wait_for(CLEAN)
    assert "You don't have to go through this alone." not in terminal.text  # no Get help
    terminal.send(b"\x13")  # ctrl+s: post
    await terminal.wait_for("1 reply")
    reply = await Post.get(thread_id=thread_id, parent_id=opening)
    assert reply.body == CLEAN


def _events(chunks: list[str]) -> list[tuple[str, str]]:
    guard, parser = PasteGuard(), XTermParser(debug=False)
    seen = []
    for chunk in chunks:
        if text := guard.filter(chunk):
            for event in parser.feed(text):
                seen.append((type(event).__name__, getattr(event, "text", None) or event.key))
    return seen


STREAM = f"ab{START}{PASTED}{END}c{START}again{END}"


@pytest.mark.parametrize("cut", range(1, len(STREAM)))
def test_a_paste_split_anywhere_between_reads_is_still_one_paste(cut: int):
    assert _events([STREAM[:cut], STREAM[cut:]]) == [
        ("Key", "a"),
        ("Key", "b"),
        ("Paste", "Hello\x07 world, and more"),
        ("Key", "c"),
        ("Paste", "again"),
    ]


async def test_a_character_split_between_two_reads_arrives_and_typing_goes_on(
    forum_server, connect
):
    river = await make_user("river")
    await make_user("ann")
    await make_thread(river, "Sleep", "I wake at 4am.")
    terminal = await connect(forum_server, "ann", password="correct horse", size=(100, 30))
    await terminal.wait_for("Introductions")
    terminal.send(b"\r")
    await terminal.wait_for("Sleep")
    terminal.send(b"\r")
    await terminal.wait_for("I wake at 4am.")
    terminal.send(b"r")
    await terminal.wait_for("Replying to river")
    terminal.send(b"caf\xc3")  # "café": its last character in two SSH messages
    terminal.send(b"\xa9 au lait")
    await terminal.wait_for("café au lait")
