"""The real forum over real SSH: asyncssh clients with a pty, their output on a pyte
screen, the real ForumApp and accounts on the test database."""

from __future__ import annotations

import asyncio
import logging

import asyncssh
import pytest

from models import accounts, boards, keys, posting, reports, threads
from models.entities import ReportReason, Role
from models.seed import BOARDS
from tests.helpers import key, make_thread, make_user

from .keys import CTRL_G, CTRL_Q, CTRL_S, ENTER, ESCAPE, F5, TAB

PASSWORD = "correct horse"  # tests.helpers.make_user's
FIRST_BOARD = BOARDS[0][1]
GET_HELP_HINT = "Get help now"


async def settle() -> None:
    """Let the app act on a key that moves the focus before typing on. Keys that arrive
    together (as from a paste) all go to the field focused when they are read, while a
    person's typing comes a keystroke at a time."""
    await asyncio.sleep(0.25)


async def test_password_sign_in_opens_the_boards(connect):
    await make_user("alice")
    terminal = await connect("alice", password=PASSWORD)
    await terminal.wait_for(FIRST_BOARD)
    # Signed in: the top bar names the person (a guest's says "browsing as a guest").
    assert terminal.screen.display[0].rstrip().endswith("alice")
    assert GET_HELP_HINT in terminal.text


async def test_wrong_password_and_unknown_user_are_refused(connect):
    await make_user("alice")
    with pytest.raises(asyncssh.PermissionDenied):
        await connect("alice", password="not her password")
    with pytest.raises(asyncssh.PermissionDenied):
        await connect("nobody", password=PASSWORD)


async def test_key_sign_in_for_a_key_only_account(connect):
    await accounts.register("kim", None)  # no password at all
    key = asyncssh.generate_private_key("ssh-ed25519", comment="kim@laptop")
    await keys.add_key_for("kim", key.export_public_key().decode())
    terminal = await connect("kim", key=key)
    await terminal.wait_for(FIRST_BOARD)
    assert terminal.screen.display[0].rstrip().endswith("kim")
    assert (await keys.list_keys(await accounts.find("kim")))[0].last_used_at is not None


async def test_a_key_of_another_account_is_refused(connect):
    await make_user("alice")
    await make_user("mallory")
    key = asyncssh.generate_private_key("ssh-ed25519")
    await keys.add_key_for("mallory", key.export_public_key().decode())
    with pytest.raises(asyncssh.PermissionDenied):
        await connect("alice", key=key)


async def test_guest_browses_read_only_with_help_one_key_away(connect):
    terminal = await connect("guest")
    await terminal.wait_for("browsing as a guest")
    await terminal.wait_for(FIRST_BOARD)
    assert "Sign in" in terminal.text and GET_HELP_HINT in terminal.text
    assert "New thread" not in terminal.text
    terminal.send(CTRL_G)
    await terminal.wait_for("You don't have to go through this alone.")
    terminal.send(ESCAPE)
    await terminal.wait_for(FIRST_BOARD)


async def test_new_user_signs_up_and_can_sign_in_again(connect):
    terminal = await connect("new")
    await terminal.wait_for("Create an account")
    assert GET_HELP_HINT in terminal.text
    password = "a long enough passphrase"
    dots = "•" * len(password)  # how a password field shows it
    for typed, shown, times in [
        ("newcomer", "newcomer", 1),
        ("New Comer", "New Comer", 1),
        (password, dots, 1),
        (password, dots, 2),
    ]:
        terminal.send(typed.encode())
        await terminal.wait_for_condition(lambda s=shown, n=times: terminal.text.count(s) >= n)
        terminal.send(ENTER)
        await settle()
    await terminal.wait_for(FIRST_BOARD)
    await terminal.wait_for("New Comer")
    actor = await accounts.sign_in("newcomer", password)
    assert actor.display_name == "New Comer"
    again = await connect("newcomer", password=password)
    await again.wait_for("New Comer")


async def test_starting_a_thread(connect):
    await make_user("alice")
    terminal = await connect("alice", password=PASSWORD)
    await terminal.wait_for(FIRST_BOARD)
    await terminal.wait_for("New thread")
    terminal.send(b"n")
    await terminal.wait_for("What would you like to talk about?")
    terminal.send(b"First night shift in years")
    for _ in range(2):  # past the content warning, to the body
        await settle()
        terminal.send(TAB)
    await settle()
    terminal.send(b"I start tomorrow and I can't sleep.")
    terminal.send(CTRL_S)
    await terminal.wait_for("started by alice")  # the new thread's own screen
    await terminal.wait_for("First night shift in years")
    await terminal.wait_for("I start tomorrow and I can't sleep.")
    board = (await boards.list_boards())[0]
    page = await boards.board_threads(board.id, "newest")
    assert [t.title for t in page.items] == ["First night shift in years"]


async def test_a_reply_in_one_session_reaches_the_other_with_no_key_pressed(connect):
    alice = await make_user("alice")
    await make_user("bob")
    thread_id, _post_id = await make_thread(alice, "Telling my sister", "How do I start?")
    reader = await connect("alice", password=PASSWORD)
    writer = await connect("bob", password=PASSWORD)
    for terminal in (reader, writer):
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
    await writer.wait_for("1 reply")  # back on the thread, the reply in place
    view = await threads.open_thread(thread_id, limit=10)
    assert [p.body for p in view.posts][-1] == "Start with a text; it is easier than a call."

    # alice presses nothing: the reply comes to her open thread, and her top bar counts it
    await reader.wait_for("Start with a text; it is easier than a call.", within=2)
    await reader.wait_for("1 new (i)", within=2)
    reader.send(b"i")
    await reader.wait_for("bob replied to your post in Telling my sister")
    reader.send(ENTER)
    await reader.wait_for_condition(lambda: "new (i)" not in reader.screen.display[0])
    assert "Start with a text; it is easier than a call." in reader.text


async def test_window_resize_redraws_at_the_new_size(connect):
    await make_user("alice")
    terminal = await connect("alice", password=PASSWORD, size=(80, 24))
    await terminal.wait_for(FIRST_BOARD)
    await terminal.wait_for_condition(lambda: terminal.screen.display[23].strip() != "")
    terminal.resize(132, 40)
    await terminal.wait_for_condition(
        lambda: (
            terminal.screen.display[39].strip() != ""  # the footer, on the new last row
            and terminal.screen.display[0].rstrip().endswith("alice")
            and len(terminal.screen.display[0].rstrip()) > 120
        )
    )
    terminal.resize(70, 20)
    await terminal.wait_for_condition(lambda: terminal.screen.display[19].strip() != "")
    assert len(terminal.screen.display[0].rstrip()) <= 70


async def test_quit_key_ends_the_session(connect):
    terminal = await connect("guest")
    await terminal.wait_for(FIRST_BOARD)
    terminal.send(CTRL_Q)
    await terminal.wait_closed()
    assert terminal.chan.get_exit_status() == 0


async def test_each_session_stays_its_own_person_while_others_change(connect):
    """Two people in one server process: a role change and a suspension lifted for one,
    replies, reloads and moves in the other, and neither ever shows as the other."""
    ann = await make_user("ann")
    await make_user("bob")
    ada = await make_user("ada", "admin")
    thread_id, root = await make_thread(ann, "My week", "It has been a lot.")
    ann_key = asyncssh.generate_private_key("ssh-ed25519")
    await keys.add_key_for("ann", ann_key.export_public_key().decode())
    mine = await connect("ann", key=ann_key)
    theirs = await connect("bob", password=PASSWORD)
    for terminal in (mine, theirs):
        await terminal.wait_for(FIRST_BOARD)
        terminal.send(ENTER)
        await terminal.wait_for("My week")
        terminal.send(ENTER)
        await terminal.wait_for("It has been a lot.")
    await accounts.change_role(ada, "bob", "moderator")
    bob = await accounts.find("bob")
    await posting.reply(bob, root, "Thinking of you.", key())
    for _ in range(3):
        mine.send(F5)
        theirs.send(F5)
        await theirs.wait_for("bob · moderator")
        await mine.wait_for_condition(
            lambda: "Thinking of you." in mine.text and "ann · you" in mine.text
        )
        mine.send(b"j")
        await asyncio.sleep(0.3)
        assert mine.screen.display[0].rstrip().endswith("ann"), mine.text
        assert "bob · you" not in mine.text and "moderator" not in mine.text, mine.text
    assert (await threads.get_thread(thread_id)).reply_count == 1


async def test_signing_in_inside_a_session_counts_towards_the_password_throttle(
    connect, forum_server, caplog
):
    await make_user("bob")
    terminal = await connect("guest")
    await terminal.wait_for(FIRST_BOARD)
    terminal.send(b"\x0f")  # ctrl+o: sign in
    await terminal.wait_for("Password")
    terminal.send(b"bob" + ENTER)
    await settle()

    def refused() -> int:  # logged once the failure is counted
        return sum("sign-in form: password refused" in r.getMessage() for r in caplog.records)

    with caplog.at_level(logging.INFO, logger="forum.ssh"):
        for n in range(1, forum_server.limits.password_throttle_after + 1):
            terminal.send(b"not his password" + ENTER)
            await terminal.wait_for_condition(lambda n=n: refused() == n)
            await terminal.wait_for("do not match an account")
            assert await forum_server.throttle.failures("bob") == n
    # The same count holds for `ssh bob@host`: the next password waits, and that is logged.
    with (
        caplog.at_level(logging.WARNING, logger="forum.ssh"),
        pytest.raises(asyncssh.PermissionDenied),
    ):
        await connect("bob", password="still not his")
    assert any("limit password_throttle" in r.getMessage() for r in caplog.records)


async def test_a_danger_report_reaches_a_moderator_on_another_screen_at_once(connect):
    alice, bob = await make_user("alice"), await make_user("bob")
    await make_user("mod", Role.MODERATOR)
    _thread_id, opening = await make_thread(alice, "Tonight", "I do not want to be here.")
    moderator = await connect("mod", password=PASSWORD)
    await moderator.wait_for(FIRST_BOARD)  # on the boards, not the review queue
    moderator.send(ENTER)
    await moderator.wait_for("Tonight")  # a board: another screen still
    await reports.report_post(bob, opening, ReportReason.DANGER, "please check on her")
    await moderator.wait_for("1 danger report", within=2)  # no key pressed
