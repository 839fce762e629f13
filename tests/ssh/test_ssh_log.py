"""What the server's log says: one line when a session starts and one when it ends (who,
from where, how long, why), and for a client that only did something ordinary (left
early, cut the connection, sent a name or password too long to be anyone's) one line,
never a warning flood or a traceback, and never the whole text the client sent."""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import struct

import asyncssh
import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import OptionList

from models.account_deletion import delete_account
from models.seed import BOARDS
from tests.helpers import make_user

from .support import PASSWORD, CounterApp, Terminal

FIRST_BOARD = BOARDS[0][1]


def messages(caplog: pytest.LogCaptureFixture, start: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith(start)]


def problems(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Warnings and errors from any logger (asyncio's included)."""
    return [
        f"{r.name} {r.levelname}: {r.getMessage()}"
        for r in caplog.records
        if r.levelno >= logging.WARNING
    ]


class HeldTerminal(Terminal):
    """A client session whose socket the test holds (to reset the connection), and that
    knows when the server first sent anything."""

    sock: socket.socket

    def __init__(self, columns: int, rows: int) -> None:
        super().__init__(columns, rows)
        self.answered = asyncio.Event()

    def data_received(self, data: bytes, datatype: object) -> None:
        super().data_received(data, datatype)
        self.answered.set()


async def open_session(port: int, username: str, **options: object) -> HeldTerminal:
    """A pty session as `ssh` opens it, on a socket the test made."""
    sock = socket.create_connection(("127.0.0.1", port))
    conn = await asyncssh.connect(
        sock=sock, username=username, known_hosts=None, agent_path=None, config=None,
        client_keys=None, **options,
    )  # fmt: skip
    _chan, terminal = await conn.create_session(
        lambda: HeldTerminal(80, 24), term_type="xterm-256color", term_size=(80, 24), encoding=None
    )
    terminal.conn, terminal.sock = conn, sock
    return terminal


def reset(terminal: HeldTerminal) -> None:
    """Cut the connection as a client whose network fails does: a TCP reset, at once."""
    assert terminal.conn is not None
    terminal.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    terminal.conn._transport.abort()  # the client stops reading it (asyncio closes it later)
    terminal.sock.close()  # and the reset goes out now


async def test_a_session_start_and_end_are_one_line_each(serve, connect, caplog):
    caplog.set_level(logging.INFO)
    server = await serve()
    terminal = await connect(server, "alice", password=PASSWORD, size=(90, 30))
    await terminal.wait_for("hello alice")
    (session,) = server.sessions
    terminal.send(b"q")
    await asyncio.wait_for(session.task, 5)
    assert messages(caplog, "session started") == [
        "session started: 'alice' from 127.0.0.1 ('xterm-256color', 90x30)"
    ]
    (ended,) = messages(caplog, "session ended")
    assert re.fullmatch(r"session ended: 'alice' from 127\.0\.0\.1 after [\d.]+ s: quit", ended)


async def test_a_disconnect_ends_the_app_and_says_the_client_left(serve, connect, caplog):
    caplog.set_level(logging.INFO)
    server = await serve()
    terminal = await connect(server, "guest")
    await terminal.wait_for("hello guest")
    (session,) = server.sessions
    await terminal.close()
    await asyncio.wait_for(session.task, 5)
    assert not server.sessions
    (ended,) = messages(caplog, "session ended")
    assert ended.startswith("session ended: 'guest' from 127.0.0.1 after ")
    assert ended.endswith(" s: the client disconnected")
    assert problems(caplog) == []


async def test_a_client_cut_off_while_its_screen_is_written_is_an_ordinary_end(serve, caplog):
    caplog.set_level(logging.INFO)
    apps: list[CounterApp] = []

    def factory(info):
        apps.append(CounterApp(info))
        return apps[-1]

    server = await serve(app_factory=factory)
    terminal = await open_session(server.port, "guest")
    await terminal.wait_for("hello guest")
    (session,) = server.sessions
    # On a busy server the reset often arrives while a screen update is being sent, before
    # asyncio has read it; here the two happen in one step of the event loop, so always.
    reset(terminal)
    apps[0].copy_to_clipboard("x" * 300_000)  # one large write: a dozen SSH packets
    await asyncio.wait_for(session.task, 5)
    (ended,) = messages(caplog, "session ended")
    assert " s: the client disconnected" in ended
    assert problems(caplog) == []


class BoardsFirst(Screen[None]):
    def compose(self) -> ComposeResult:
        yield OptionList("Introductions", id="boards")

    def on_mount(self) -> None:
        self.query_one("#boards", OptionList).focus()


class LoadsFirst(App[None]):
    """Starts as ForumApp does: loads what the first screen shows, then shows it."""

    def __init__(self, loaded: asyncio.Event) -> None:
        super().__init__()
        self.loaded = loaded

    async def on_mount(self) -> None:
        await self.loaded.wait()
        await self.push_screen(BoardsFirst())


async def test_a_client_that_leaves_before_its_first_screen_is_no_crash(serve, caplog):
    caplog.set_level(logging.INFO)
    loaded = asyncio.Event()
    server = await serve(app_factory=lambda info: LoadsFirst(loaded))
    terminal = await open_session(server.port, "guest")
    await terminal.answered.wait()  # the app has set up the terminal and is loading
    (session,) = server.sessions
    await terminal.close()
    loaded.set()  # the screen comes as the app stops: its widgets are never mounted
    await asyncio.wait_for(session.task, 5)
    (ended,) = messages(caplog, "session ended")
    assert ended.endswith("s: the client disconnected, before the first screen")
    assert problems(caplog) == []
    assert not [r for r in caplog.records if r.exc_info and r.levelno >= logging.INFO]


async def test_guests_that_leave_at_once_end_in_one_line_each(forum_server, caplog):
    caplog.set_level(logging.INFO)
    for _ in range(5):
        terminal = await open_session(forum_server.port, "guest")
        await terminal.answered.wait()
        await terminal.close()
        await asyncio.gather(*(s.task for s in list(forum_server.sessions) if s.task))
    assert len(messages(caplog, "session ended: 'guest'")) == 5
    assert problems(caplog) == []


async def test_a_user_name_too_long_for_any_account_is_refused_in_one_short_line(
    forum_server, caplog
):
    caplog.set_level(logging.INFO)
    name = "a" * 1000
    with pytest.raises(asyncssh.PermissionDenied):
        await open_session(forum_server.port, name, password="a guess")
    assert problems(caplog) == []
    assert messages(caplog, "password refused for") == [
        f"password refused for {'a' * 40!r}…(1000 chars) from 127.0.0.1"
    ]
    # (asyncssh's own INFO lines show it all, but `forum serve` logs only its warnings)
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("forum")]
    assert not [line for line in ours if "a" * 41 in line]


@pytest.mark.parametrize("username", ["alice", "nobody"])
async def test_a_password_too_long_for_any_account_is_a_wrong_password(
    forum_server, caplog, username
):
    await make_user("alice")
    caplog.set_level(logging.INFO)
    with pytest.raises(asyncssh.PermissionDenied):
        await open_session(forum_server.port, username, password="p" * 5000)
    assert messages(caplog, "password refused for") == [
        f"password refused for {username!r} from 127.0.0.1"
    ]
    assert problems(caplog) == []
    # ... and the right password still works.
    if username == "alice":
        terminal = await open_session(forum_server.port, "alice", password="correct horse")
        await terminal.wait_for(FIRST_BOARD)
        await terminal.close()


async def test_a_guest_who_signs_in_is_logged_under_both_names(forum_server, connect, caplog):
    caplog.set_level(logging.INFO)
    await make_user("ann")
    terminal = await connect(forum_server, "guest", size=(100, 30))
    await terminal.wait_for("browsing as a guest")
    terminal.send(b"\x0f")  # ctrl+o: sign in
    await terminal.wait_for("your username")
    terminal.send(b"ann\rcorrect horse\r")
    await terminal.wait_for_condition(lambda: terminal.screen.display[0].rstrip().endswith("ann"))
    (session,) = forum_server.sessions
    terminal.send(b"\x11")  # ctrl+q
    await asyncio.wait_for(session.task, 10)
    assert messages(caplog, "sign-in form:") == ["sign-in form: 'ann' signed in from 127.0.0.1"]
    (ended,) = messages(caplog, "session ended")
    assert ended.startswith("session ended: 'guest' (signed in as 'ann') from 127.0.0.1 after ")
    assert ended.endswith(": quit")


async def test_accounts_made_and_deleted_are_logged_without_the_deleted_name(db, caplog):
    caplog.set_level(logging.INFO, logger="forum.accounts")
    ann = await make_user("ann")
    await delete_account(ann, "correct horse")
    assert messages(caplog, "account") == [
        "account created: 'ann' (member)",
        f"account deleted: user {ann.id}",
    ]
