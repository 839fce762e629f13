"""The limits that protect the server from guessing, floods and slow clients."""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import time

import asyncssh
import pytest

from forum.ssh import Limits

from .support import PASSWORD


class Guesser(asyncssh.SSHClient):
    """Keeps offering wrong passwords for as long as the server lets it."""

    def __init__(self, guesses: int = 50) -> None:
        self.offered = 0
        self.guesses = guesses

    def password_auth_requested(self) -> str | None:
        if self.offered >= self.guesses:
            return None
        self.offered += 1
        return f"guess {self.offered}"


async def guess(server, username: str, guesses: int = 50) -> Guesser:
    """Connect and offer wrong passwords until refused; return the client object."""
    conn, client = None, None
    try:
        conn, client = await asyncssh.create_connection(
            lambda: Guesser(guesses), "127.0.0.1", server.port, username=username,
            known_hosts=None, client_keys=None, agent_path=None, config=None,
            preferred_auth="password",
        )  # fmt: skip
    except (asyncssh.PermissionDenied, asyncssh.DisconnectError, ConnectionError):
        pass
    finally:
        if conn is not None:
            conn.close()
    return client


async def sign_in(server, username: str, password: str) -> bool:
    try:
        conn = await asyncssh.connect(
            "127.0.0.1", server.port, username=username, password=password,
            known_hosts=None, client_keys=None, agent_path=None, config=None,
            preferred_auth="password",
        )  # fmt: skip
    except asyncssh.PermissionDenied:
        return False
    conn.close()
    await conn.wait_closed()
    return True


async def test_seventh_attempt_never_reaches_the_account_system(serve, authenticator, caplog):
    server = await serve()
    with caplog.at_level(logging.WARNING, logger="forum.ssh"):
        await guess(server, "alice")
    assert len(authenticator.password_checks) == 6
    assert any("limit max_auth_attempts" in r.getMessage() for r in caplog.records)
    await asyncio.sleep(0.1)
    assert not server.connections  # the server hung up


async def test_rejected_keys_count_toward_the_cap(serve, authenticator):
    server = await serve(limits=Limits(max_auth_attempts=3))
    keys = [asyncssh.generate_private_key("ssh-ed25519") for _ in range(4)]
    with pytest.raises((asyncssh.PermissionDenied, asyncssh.DisconnectError)):
        await asyncssh.connect(
            "127.0.0.1", server.port, username="alice", client_keys=keys, password=PASSWORD,
            known_hosts=None, agent_path=None, config=None,
            preferred_auth=["publickey", "password"],
        )  # fmt: skip
    assert authenticator.password_checks == []  # three keys refused: no password asked


async def test_login_timeout_closes_a_silent_connection(serve, caplog):
    server = await serve(limits=Limits(login_timeout=0.5))
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="forum.ssh"):
        banner = await reader.readline()
        assert banner.startswith(b"SSH-2.0-")
        rest = await asyncio.wait_for(reader.read(), 5)  # to EOF
    elapsed = time.monotonic() - started
    writer.close()
    assert rest == b""
    assert elapsed > 0.4  # not at once: after the timeout (how much later depends on load)
    assert any("limit login_timeout" in r.getMessage() for r in caplog.records)


async def _is_closed(reader: asyncio.StreamReader, within: float) -> bool:
    try:
        while await asyncio.wait_for(reader.read(1024), within):
            pass
    except TimeoutError:
        return False
    except ConnectionError:
        return True
    return True


async def test_unauthenticated_connections_per_address_are_capped(serve, connect, caplog):
    server = await serve(limits=Limits(max_unauthenticated_per_address=2))
    first = await asyncio.open_connection("127.0.0.1", server.port)
    second = await asyncio.open_connection("127.0.0.1", server.port)
    with caplog.at_level(logging.WARNING, logger="forum.ssh"):
        third = await asyncio.open_connection("127.0.0.1", server.port)
        assert await _is_closed(third[0], within=2)
    assert any("limit max_unauthenticated_per_address" in r.getMessage() for r in caplog.records)
    assert not await _is_closed(first[0], within=0.2)
    assert not await _is_closed(second[0], within=0.01)
    # Once one goes, another may come; and signed-in connections don't count.
    first[1].close()
    await asyncio.sleep(0.1)
    term = await connect(server, "guest")
    await term.wait_for("hello guest")
    fourth = await asyncio.open_connection("127.0.0.1", server.port)
    assert not await _is_closed(fourth[0], within=0.2)
    for _reader, writer in (second, third, fourth):
        writer.close()


THROTTLED = re.compile(
    r"limit password_throttle: .* for '(?P<name>\w+)'; waiting (?P<seconds>[\d.]+) s"
)
"""The line the server logs when it delays a password check."""


def _throttle_waits(caplog) -> list[tuple[str, float]]:
    """(account, seconds) for each password check the server delayed, as it logged them."""
    found = (THROTTLED.search(r.getMessage()) for r in caplog.records)
    return [(m["name"], float(m["seconds"])) for m in found if m]


async def test_password_throttle_grows_and_resets_on_success(serve, authenticator, caplog):
    limits = Limits(password_throttle_base=0.1, password_throttle_max=10)
    server = await serve(limits=limits)
    caplog.set_level(logging.WARNING, logger="forum.ssh")
    await guess(server, "alice", guesses=5)  # five failures: no delay yet
    checks = authenticator.password_checks
    assert len(checks) == 5
    assert _throttle_waits(caplog) == []

    caplog.clear()
    started = time.monotonic()
    await guess(server, "alice", guesses=3)
    assert _throttle_waits(caplog) == [("alice", 0.1), ("alice", 0.2), ("alice", 0.4)]
    times = [started] + [t for _, t in checks[5:]]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(gaps) == 3  # and the server really waited before each check:
    assert gaps[0] >= 0.1 and gaps[1] >= 0.2 and gaps[2] >= 0.4

    # Another account is not slowed down by alice's failures.
    caplog.clear()
    assert not await sign_in(server, "bob", "nope")
    assert _throttle_waits(caplog) == []

    # The right password still gets in (after the delay: never a lock), and resets it.
    caplog.clear()
    assert await sign_in(server, "alice", PASSWORD)
    assert _throttle_waits(caplog) == [("alice", 0.8)]
    caplog.clear()
    assert not await sign_in(server, "alice", "wrong again")
    assert _throttle_waits(caplog) == []


async def _fill_output(term, rounds: int) -> None:
    """Make the app repaint the whole screen many times (every resize redraws it)."""
    for n in range(rounds):
        term.chan.change_terminal_size(101 - n % 2, 30)  # ends on 100 columns
        await asyncio.sleep(0.03)


async def test_slow_client_output_is_bounded_then_repainted(serve, connect, caplog):
    limits = Limits(write_buffer_high=8 * 1024, write_buffer_low=2 * 1024)
    server = await serve(limits=limits)
    term = await connect(server, "guest", size=(100, 30), window=32 * 1024)
    await term.wait_for("hello guest")
    (session,) = server.sessions
    link, chan = session._link, session._chan
    term.chan.pause_reading()  # the client stops reading: its window stops opening
    with caplog.at_level(logging.INFO, logger="forum.ssh"):
        await _fill_output(term, 40)
    assert link.dropped_writes > 0
    assert chan.get_write_buffer_size() < 64 * 1024  # ~40 full screens were produced
    assert any("limit write_buffer_high" in r.getMessage() for r in caplog.records)
    # While it is behind, its screen changes; none of those updates are sent...
    dropped = link.dropped_writes
    term.send(b"bbb")
    for _ in range(100):
        if link.dropped_writes > dropped:
            break
        await asyncio.sleep(0.01)
    assert link.dropped_writes > dropped
    # ...so only a full repaint once it catches up can show the current state.
    term.chan.resume_reading()
    await term.wait_for("count 3")
    await term.wait_for("width 96 rows 30")
    assert term.screen.display[0].index("EDGE") == 96


async def test_client_that_never_reads_is_disconnected(serve, connect, caplog):
    limits = Limits(write_buffer_high=4 * 1024, write_buffer_low=1024, output_stall_timeout=0.5)
    server = await serve(limits=limits)
    term = await connect(server, "guest", size=(100, 30), window=16 * 1024)
    await term.wait_for("hello guest")
    (session,) = server.sessions
    term.chan.pause_reading()
    with caplog.at_level(logging.WARNING, logger="forum.ssh"):
        await _fill_output(term, 20)
        await asyncio.wait_for(session.task, 5)
    assert not server.sessions
    assert any("limit output_stall_timeout" in r.getMessage() for r in caplog.records)


class FreezableProxy:
    """A TCP relay that can stop passing bytes, like a network path that died."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.flowing = asyncio.Event()
        self.flowing.set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: list[asyncio.StreamWriter] = []
        self._server: asyncio.Server | None = None

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        return self._server.sockets[0].getsockname()[1]

    async def _accept(self, reader, writer) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self._writers += [writer, up_writer]
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            task = asyncio.create_task(self._pipe(source, sink))
            self._tasks.add(task)

    async def _pipe(self, source, sink) -> None:
        try:
            while data := await source.read(65536):
                await self.flowing.wait()
                sink.write(data)
        except ConnectionError:
            pass

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for writer in self._writers:
            writer.close()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


async def test_dead_client_is_dropped_by_keepalive(serve, connect, caplog):
    server = await serve(limits=Limits(keepalive_interval=0.2, keepalive_count_max=2))
    proxy = FreezableProxy(server.port)
    try:
        term = await connect(server, "guest", port=await proxy.start())
        await term.wait_for("hello guest")
        (session,) = server.sessions
        proxy.flowing.clear()  # the client's network goes away without a word
        with caplog.at_level(logging.INFO, logger="forum.ssh"):
            await asyncio.wait_for(session.task, 5)
        assert not server.sessions
        assert any("limit keepalive" in r.getMessage() for r in caplog.records)
    finally:
        await proxy.close()


async def test_keys_are_not_offered_to_users_without_any(serve, authenticator, connect):
    async def has_keys(username: str) -> bool:
        return username in authenticator.keys

    authenticator.has_keys = has_keys
    server = await serve(limits=Limits(max_auth_attempts=3))
    keys = [asyncssh.generate_private_key("ssh-ed25519") for _ in range(4)]
    conn = await asyncssh.connect(
        "127.0.0.1", server.port, username="alice", client_keys=keys, password=PASSWORD,
        known_hosts=None, agent_path=None, config=None,
        preferred_auth=["publickey", "password"],
    )  # fmt: skip
    conn.close()
    await conn.wait_closed()
    assert [name for name, _ in authenticator.password_checks] == ["alice"]


async def test_sessions_per_connection_are_capped(serve, connect, caplog):
    server = await serve(limits=Limits(max_sessions_per_connection=2))
    first = await connect(server, "guest")
    await first.wait_for("hello guest")
    _chan, second = await first.conn.create_session(
        lambda: type(first)(80, 24), term_type="xterm", term_size=(80, 24), encoding=None
    )
    await second.wait_for("hello guest")
    with (
        caplog.at_level(logging.WARNING, logger="forum.ssh"),
        pytest.raises(asyncssh.ChannelOpenError),
    ):
        await first.conn.create_session(
            lambda: type(first)(80, 24), term_type="xterm", term_size=(80, 24)
        )
    assert any("limit max_sessions_per_connection" in r.getMessage() for r in caplog.records)
    second.send(b"q")
    await asyncio.wait_for(second.closed.wait(), 5)
    _chan, third = await first.conn.create_session(
        lambda: type(first)(80, 24), term_type="xterm", term_size=(80, 24), encoding=None
    )
    await third.wait_for("hello guest")


async def test_the_server_knows_who_is_still_arriving(serve, connect):
    """The garbage collector waits while anyone is between connecting and a first screen
    (forum/ssh/collector.py); the connection callbacks keep that count."""
    server = await serve()
    waiting = await asyncio.open_connection("127.0.0.1", server.port)  # never signs in
    await asyncio.sleep(0.1)
    assert server.collector.arriving == 1
    term = await connect(server, "guest")
    await term.wait_for("hello guest")
    assert server.collector.arriving == 1  # the guest has arrived; the other has not
    waiting[1].close()
    await term.wait_for_condition(lambda: server.collector.arriving == 0, within=5)
