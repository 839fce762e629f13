"""Keys typed ahead of a focus change, as a password manager or a fast typist on a slow
link sends them: the whole burst arrives in one SSH packet, and each key must still go
to the field the person meant, so that a password is never shown in clear."""

from __future__ import annotations

import pytest

from models import accounts
from models.entities import Post, Thread
from tests.helpers import make_user

CTRL_O = b"\x0f"  # sign in, from the boards
CTRL_S = b"\x13"  # post
PASSWORD = "correct horse"  # tests.helpers.make_user's
DOTS = "•"  # how a password field shows each character


@pytest.mark.parametrize("between", ["\r", "\t"], ids=["enter", "tab"])
async def test_a_burst_typed_into_the_sign_in_form_signs_in_without_showing_the_password(
    forum_server, connect, between
):
    await make_user("ann")
    terminal = await connect(forum_server, "guest", size=(100, 30))
    await terminal.wait_for("browsing as a guest")
    terminal.send(CTRL_O)
    await terminal.wait_for("your username")
    terminal.watch(PASSWORD)
    terminal.send(f"ann{between}{PASSWORD}\r".encode())  # one write, one packet
    await terminal.wait_for_condition(lambda: terminal.screen.display[0].rstrip().endswith("ann"))
    assert terminal.watched == {PASSWORD: False}


async def test_a_burst_typed_into_the_sign_up_form_creates_the_account_unseen(
    forum_server, connect
):
    password = "a long enough passphrase"
    terminal = await connect(forum_server, "new", size=(100, 30))
    await terminal.wait_for("Password again")
    terminal.watch(password)
    terminal.watch(DOTS * (2 * len(password)))  # both passwords joined in one field
    terminal.send(f"newcomer\rNew Comer\r{password}\r{password}\r".encode())
    await terminal.wait_for("Welcome, New Comer.")
    assert not any(terminal.watched.values()), terminal.watched
    actor = await accounts.sign_in("newcomer", password)
    assert actor.display_name == "New Comer"


async def test_a_burst_on_the_account_screen_changes_the_password_unseen(forum_server, connect):
    await make_user("ann")
    new = "a new long passphrase"
    terminal = await connect(forum_server, "ann", password=PASSWORD, size=(100, 40))
    await terminal.wait_for("Get help")
    terminal.send(b"y")  # Your account; the display name has the focus
    await terminal.wait_for("New password again")
    for secret in (PASSWORD, new):
        terminal.watch(secret)
    terminal.watch(DOTS * (len(PASSWORD) + len(new)))  # two passwords joined in one field
    # Past the name's Save button to the current password; enter moves on to the next field.
    terminal.send(f"\t\t{PASSWORD}\r{new}\r{new}\r".encode())
    await terminal.wait_for("Your password is changed.")
    assert not any(terminal.watched.values()), terminal.watched
    assert (await accounts.sign_in("ann", new)).username == "ann"


async def test_tab_typed_ahead_in_a_new_thread_goes_to_the_next_field(forum_server, connect):
    await make_user("ann")
    terminal = await connect(forum_server, "ann", password=PASSWORD, size=(100, 40))
    await terminal.wait_for("Get help")
    terminal.send(b"n")  # a new thread; the title has the focus
    await terminal.wait_for("What would you like to talk about?")
    terminal.send(b"Sleepless again\tnight thoughts\tThree nights now." + CTRL_S)
    thread = await wait_for_thread(terminal, "Sleepless again")
    assert thread.content_warning == "night thoughts"
    opening = await Post.filter(thread_id=thread.id).first()
    assert opening is not None and opening.body == "Three nights now."


async def wait_for_thread(terminal, title: str) -> Thread:
    """The thread once the screen shows it posted (the thread screen opens on it)."""
    await terminal.wait_for("started by ann")  # the new thread's own screen
    thread = await Thread.get_or_none(title=title)
    assert thread is not None, await Thread.all().values_list("title", flat=True)
    return thread
