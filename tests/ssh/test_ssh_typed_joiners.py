"""Joiners typed, not pasted: a Persian keyboard types U+200C (ZWNJ) as a key of its own,
and an emoji picker may type a family's U+200D (ZWJ) one character at a time. Textual
drops keys whose character is not printable, and both are format characters, so the
title and the post lost them as they were typed."""

from __future__ import annotations

from models.entities import Post, Thread
from tests.helpers import make_user

TITLE = "کتاب\u200cها"  # "books": the plural suffix stays apart by ZWNJ
BODY = "\U0001f468\u200d\U0001f469\u200d\U0001f467 می\u200cخواهم"  # a family; "I want"


async def test_joiners_typed_into_a_new_thread_are_kept(forum_server, connect):
    await make_user("ann")
    terminal = await connect(forum_server, "ann", password="correct horse", size=(100, 40))
    await terminal.wait_for("Get help")
    terminal.send(b"n")  # a new thread; the title has the focus
    await terminal.wait_for("What would you like to talk about?")
    for character in f"{TITLE}\t\t{BODY}":  # key by key, as a keyboard sends them
        terminal.send(character.encode())
    terminal.send(b"\x13")  # ctrl+s: post
    await terminal.wait_for("started by ann")  # the new thread's own screen
    thread = await Thread.get(title=TITLE)
    opening = await Post.get(thread_id=thread.id)
    assert opening.body == BODY
