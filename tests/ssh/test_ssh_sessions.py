"""Signing in and using the App over a real SSH connection (asyncssh client + pyte)."""

from __future__ import annotations

import asyncio
import logging
import sys

import asyncssh
import pytest

from forum.ssh import Limits, stdio

from .support import PASSWORD, CounterApp


async def test_password_sign_in_shows_the_app(serve, connect):
    server = await serve()
    term = await connect(server, "alice", password=PASSWORD)
    await term.wait_for("hello alice")
    await term.wait_for("principal {'user': 'alice'}")
    term.send(b"b")
    await term.wait_for("count 1")
    term.send(b"q")
    await asyncio.wait_for(term.closed.wait(), 5)
    assert term.chan.get_exit_status() == 0
    # The client's terminal is put back: alternate screen left, cursor shown, mouse off.
    tail = bytes(term.raw[-200:])
    assert b"\x1b[?1049l" in tail and b"\x1b[?25h" in tail and b"\x1b[?1000l" in tail


async def test_public_key_sign_in(serve, connect, bob_key):
    server = await serve()
    term = await connect(server, "bob", key=bob_key)
    await term.wait_for("hello bob")
    await term.wait_for("principal {'user': 'bob'}")


async def test_key_not_registered_for_that_user_is_refused(serve, connect, bob_key):
    server = await serve()
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(server, "alice", key=bob_key)


async def test_no_auth_username_gets_in_without_credentials(serve, connect):
    server = await serve()
    term = await connect(server, "new")
    await term.wait_for("hello new")
    await term.wait_for("principal None")


async def test_wrong_password_is_refused(serve, connect, authenticator):
    server = await serve()
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(server, "alice", password="wrong")
    assert [name for name, _ in authenticator.password_checks] == ["alice"]


async def test_window_resize_changes_the_layout(serve, connect):
    server = await serve()
    term = await connect(server, "guest", size=(80, 24))
    await term.wait_for("width 76 rows 24")
    assert term.screen.display[0].rstrip().endswith("EDGE")
    assert term.screen.display[0].index("EDGE") == 76
    term.resize(120, 40)
    await term.wait_for("width 116 rows 40")
    assert term.screen.display[0].index("EDGE") == 116


async def test_initial_size_comes_from_the_pty_request(serve, connect):
    server = await serve()
    term = await connect(server, "guest", size=(60, 20))
    await term.wait_for("width 56 rows 20")


async def test_lone_escape_key_is_delivered(serve, connect):
    server = await serve()
    term = await connect(server, "guest")
    await term.wait_for("hello guest")
    term.send(b"\x1b")  # nothing follows: only the escape-delay timer can release it
    await term.wait_for("escape pressed", within=3)


async def test_escape_sequence_split_across_packets_is_one_key(serve, connect):
    server = await serve()
    term = await connect(server, "guest")
    await term.wait_for("hello guest")
    term.send(b"\x1b[")
    await asyncio.sleep(0.03)  # shorter than the escape delay
    term.send(b"A")  # cursor up: must not be read as Escape then "[A"
    await asyncio.sleep(0.3)
    assert "escape pressed" not in term.text


async def test_a_crash_ends_only_that_session(serve, connect, caplog):
    server = await serve()
    one = await connect(server, "alice", password=PASSWORD)
    two = await connect(server, "guest")
    await one.wait_for("hello alice")
    await two.wait_for("hello guest")
    with caplog.at_level(logging.ERROR, logger="forum.ssh"):
        one.send(b"x")
        await asyncio.wait_for(one.closed.wait(), 5)
    await one.wait_for("Sorry: something went wrong on our side")
    assert one.chan.get_exit_status() == 1
    record = next(r for r in caplog.records if "crashed" in r.getMessage())
    assert "'alice'" in record.getMessage()
    assert record.exc_info and "crashed on purpose" in str(record.exc_info[1])
    assert "in action_crash" in logging.Formatter().formatException(record.exc_info)
    # The other session carries on.
    two.send(b"b")
    await two.wait_for("count 1")
    assert not two.closed.is_set()
    assert len(server.sessions) == 1


async def test_a_crash_in_a_worker_is_logged_with_its_traceback(serve, connect, caplog):
    server = await serve()
    term = await connect(server, "guest")
    await term.wait_for("hello guest")
    with caplog.at_level(logging.ERROR, logger="forum.ssh"):
        term.send(b"w")
        await asyncio.wait_for(term.closed.wait(), 5)
    await term.wait_for("Sorry: something went wrong on our side")
    record = next(r for r in caplog.records if "crashed" in r.getMessage())
    logged = logging.Formatter().formatException(record.exc_info)
    assert "a worker crashed on purpose" in logged and "in explode" in logged


async def test_app_factory_failure_apologises(serve, connect, caplog):
    def broken_factory(info):
        raise LookupError("no such forum")

    server = await serve(app_factory=broken_factory)
    with caplog.at_level(logging.ERROR, logger="forum.ssh"):
        term = await connect(server, "guest")
        await asyncio.wait_for(term.closed.wait(), 5)
    assert "Sorry: something went wrong" in term.text
    assert any("crashed" in r.getMessage() for r in caplog.records)


async def test_session_without_a_pty_is_told_to_use_one(serve):
    server = await serve()
    async with asyncssh.connect(
        "127.0.0.1", server.port, username="guest", known_hosts=None,
        client_keys=None, agent_path=None, config=None,
    ) as conn:  # fmt: skip
        result = await conn.run(term_type=None, encoding=None, timeout=5)
    assert b"needs a terminal" in result.stdout
    assert result.exit_status == 1


async def test_commands_are_refused(serve):
    server = await serve()
    async with asyncssh.connect(
        "127.0.0.1", server.port, username="guest", known_hosts=None,
        client_keys=None, agent_path=None, config=None,
    ) as conn:  # fmt: skip
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.run("cat /etc/passwd", term_type="xterm", timeout=5)


@pytest.mark.parametrize(
    ("env", "expected", "unexpected"),
    [
        ({}, b"\x1b[38;5;", b"\x1b[38;2;"),
        ({"COLORTERM": "truecolor"}, b"\x1b[38;2;", b"\x1b[38;5;"),
    ],
)
async def test_colours_follow_the_clients_terminal(serve, connect, env, expected, unexpected):
    server = await serve()
    term = await connect(server, "guest", env=env)
    await term.wait_for("hello guest")
    assert expected in term.raw and unexpected not in term.raw


def colours(term) -> set[str]:
    """Every foreground and background colour on the emulated screen."""
    buffer = term.screen.buffer
    return {c for row in buffer.values() for char in row.values() for c in (char.fg, char.bg)}


class ColourfulApp(CounterApp):
    CSS = "#who { color: $accent; background: $primary-muted; }"


def grey(colour: str) -> bool:
    if colour in ("default", "black", "white", "brightblack", "brightwhite"):
        return True
    return len(colour) == 6 and colour[0:2] == colour[2:4] == colour[4:6]


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"NO_COLOR": "1", "COLORTERM": "truecolor"}])
async def test_a_client_that_sends_no_color_sees_shades_of_grey(serve, connect, env, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    server = await serve(app_factory=ColourfulApp)
    coloured, plain = await connect(server, "guest"), await connect(server, "guest", env=env)
    await coloured.wait_for("hello guest")
    await plain.wait_for("hello guest")
    await asyncio.sleep(0.2)
    assert not all(grey(c) for c in colours(coloured))  # the theme's colours...
    assert all(grey(c) for c in colours(plain)), colours(plain)  # ...and none of them here
    assert len(colours(plain)) > 1  # still shades of grey, not a blank page


async def test_the_servers_no_color_does_not_take_colour_from_its_clients(
    serve, connect, monkeypatch
):
    monkeypatch.setenv("NO_COLOR", "1")
    server = await serve(app_factory=ColourfulApp)
    term = await connect(server, "guest")
    await term.wait_for("hello guest")
    await asyncio.sleep(0.2)
    assert not all(grey(c) for c in colours(term))


async def test_max_sessions_turns_newcomers_away_politely(serve, connect, caplog):
    server = await serve(limits=Limits(max_sessions=1))
    first = await connect(server, "guest")
    await first.wait_for("hello guest")
    with caplog.at_level(logging.WARNING, logger="forum.ssh"):
        second = await connect(server, "new")
        await asyncio.wait_for(second.closed.wait(), 5)
    assert "forum is full right now" in second.text
    assert "try again in a few minutes" in second.text
    assert any("limit max_sessions" in r.getMessage() for r in caplog.records)
    # The first session is untouched, and a place frees up when it leaves.
    first.send(b"q")
    await asyncio.wait_for(first.closed.wait(), 5)
    third = await connect(server, "new")
    await third.wait_for("hello new")


class PrintingApp(CounterApp):
    """Prints while running, as a careless screen might."""

    def on_mount(self) -> None:
        print(f"print from {self.info.username}")
        self.begin_capture_print(self)

    def on_print(self, event) -> None:
        if event.text.strip():  # print() writes the text and the newline separately
            self.query_one("#key").update(f"captured {event.text.strip()}")

    def action_bump(self) -> None:
        super().action_bump()
        print(f"bumped {self.info.username}")


async def test_overlapping_sessions_share_one_stdout(serve, connect):
    server = await serve(app_factory=PrintingApp)
    assert sys.stdout is stdio.stdout and sys.stderr is stdio.stderr
    one = await connect(server, "alice", password=PASSWORD)
    two = await connect(server, "guest")
    await one.wait_for("hello alice")
    await two.wait_for("hello guest")
    # Each app's prints reach only that app, whichever started first.
    two.send(b"b")
    await two.wait_for("captured bumped guest")
    one.send(b"b")
    await one.wait_for("captured bumped alice")
    assert "guest" not in one.text
    # Ending them in start order (the order that breaks per-app redirects) leaves
    # sys.stdout on the shared stream, not on a dead app.
    one.send(b"q")
    await asyncio.wait_for(one.closed.wait(), 5)
    two.send(b"b")
    await two.wait_for("captured bumped guest")
    two.send(b"q")
    await asyncio.wait_for(two.closed.wait(), 5)
    assert sys.stdout is stdio.stdout and sys.stderr is stdio.stderr


async def test_end_of_input_ends_the_session(serve, connect):
    server = await serve()
    term = await connect(server, "guest")
    await term.wait_for("hello guest")
    term.chan.write_eof()
    await asyncio.wait_for(term.closed.wait(), 5)
    assert not server.sessions


async def test_closing_the_server_ends_sessions_with_a_message(serve, connect):
    server = await serve()
    term = await connect(server, "guest")
    await term.wait_for("hello guest")
    (session,) = server.sessions
    server.close()
    await asyncio.wait_for(server.wait_closed(), 10)
    await asyncio.wait_for(term.closed.wait(), 5)
    assert "forum is restarting" in term.text
    assert session.task.done() and not server.sessions and not server.connections
    assert not [t for t in asyncio.all_tasks() if t.get_name().startswith("forum session")]


async def test_someone_connecting_while_the_server_stops_is_told_it_is_restarting(
    serve, connect, caplog
):
    caplog.set_level(logging.INFO, logger="forum.ssh")
    server = await serve()
    term = await connect(server, "guest")
    await term.wait_for("hello guest")
    server.close()  # the sessions are ending; the listener is still open
    with pytest.raises(asyncssh.DisconnectError) as refused:
        await asyncssh.connect("127.0.0.1", server.port, username="guest", known_hosts=None)
    assert refused.value.reason == "The forum is restarting: please connect again in a minute."
    await asyncio.wait_for(server.wait_closed(), 10)
    assert "stopping: 1 session still open" in caplog.text
    assert "refused 'guest' from 127.0.0.1: the server is stopping" in caplog.text


async def test_links_are_shown_not_opened_on_the_server(serve, connect, monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda *args, **kwargs: opened.append(args))
    server = await serve()
    term = await connect(server, "guest", size=(100, 30))
    await term.wait_for("hello guest")
    term.send(b"o")
    await term.wait_for("https://example.org/help")
    assert opened == []


async def test_file_delivery_is_refused(serve, connect, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    server = await serve()
    term = await connect(server, "guest", size=(100, 30))
    await term.wait_for("hello guest")
    term.send(b"d")
    await term.wait_for("delivery refused: files cannot be delivered over SSH")
    assert list(tmp_path.iterdir()) == []
