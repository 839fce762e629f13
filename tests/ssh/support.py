"""Test helpers: a small App, a fake account system, and a pty client whose output
feeds a pyte screen."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Callable
from typing import Any

import asyncssh
import pyte
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Label

from forum.ssh import SessionInfo

PASSWORD = "correct horse battery"


class CounterApp(App[None]):
    """Shows who is signed in, a counter ("b" bumps it), its width, and the last key;
    "x" raises, "q" quits."""

    CSS = """
    #edge { dock: right; width: 4; }
    #width { width: 1fr; }
    """
    BINDINGS = [
        Binding("b", "bump", "Bump"),
        Binding("x", "crash", "Crash"),
        Binding("w", "crash_in_worker", "Crash in a worker"),
        Binding("q", "quit", "Quit"),
        Binding("escape", "escaped", "Escape", priority=True),
        Binding("o", "open_link", "Open a link"),
        Binding("d", "download", "Download"),
    ]

    def __init__(self, info: SessionInfo) -> None:
        super().__init__()
        self.info = info
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Label("EDGE", id="edge")
        yield Label(f"hello {self.info.username}", id="who")
        yield Label(f"principal {self.info.principal!r}", id="principal", markup=False)
        yield Label("count 0", id="count")
        yield Label("", id="key")
        yield WidthLabel("", id="width")

    def action_bump(self) -> None:
        self.count += 1
        self.query_one("#count", Label).update(f"count {self.count}")

    def action_crash(self) -> None:
        raise RuntimeError("the test app crashed on purpose")

    def action_crash_in_worker(self) -> None:
        self.run_worker(self.explode())

    async def explode(self) -> None:
        raise RuntimeError("a worker crashed on purpose")

    def action_escaped(self) -> None:
        self.query_one("#key", Label).update("escape pressed")

    def action_open_link(self) -> None:
        self.open_url("https://example.org/help")

    def action_download(self) -> None:
        self.deliver_text(io.StringIO("secret"), save_filename="notes.txt")

    def on_delivery_failed(self, event: Any) -> None:
        self.query_one("#key", Label).update(f"delivery refused: {event.exception}")


class WidthLabel(Label):
    def on_resize(self, event: Any) -> None:
        self.update(f"width {event.size.width} rows {self.app.size.height}")


class FakeAuthenticator:
    """In-memory accounts: alice has a password, bob has a key, "new"/"guest" need nothing."""

    def __init__(self, bob_key: asyncssh.SSHKey) -> None:
        self.passwords = {"alice": PASSWORD}
        self.keys = {"bob": [bob_key.public_data]}
        self.password_checks: list[tuple[str, float]] = []

    async def password(self, username: str, password: str) -> Any | None:
        self.password_checks.append((username, time.monotonic()))
        await asyncio.sleep(0)
        return {"user": username} if self.passwords.get(username) == password else None

    async def public_key(self, username: str, key: asyncssh.SSHKey) -> Any | None:
        return {"user": username} if key.public_data in self.keys.get(username, []) else None

    async def no_auth(self, username: str) -> bool:
        return username in ("new", "guest")


class Terminal(asyncssh.SSHClientSession[bytes]):
    """The client end of a session: everything received is fed to a pyte screen."""

    def __init__(self, columns: int, rows: int) -> None:
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self.closed = asyncio.Event()
        self.chan: asyncssh.SSHClientChannel[bytes] | None = None
        self.conn: asyncssh.SSHClientConnection | None = None
        self.watched: dict[str, bool] = {}
        """Texts to look for on every screen drawn (see `watch`): whether one was seen."""

    def watch(self, text: str) -> None:
        """From now on, note whether `text` is ever on screen, however briefly."""
        self.watched[text] = text in self.text

    def connection_made(self, chan: asyncssh.SSHClientChannel[bytes]) -> None:
        self.chan = chan

    def data_received(self, data: bytes, datatype: Any) -> None:
        self.raw += data
        self.stream.feed(data)
        if self.watched:
            shown = self.text
            for text, seen in self.watched.items():
                self.watched[text] = seen or text in shown

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed.set()

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def wait_for(self, text: str, within: float = 10.0) -> None:
        deadline = time.monotonic() + within
        while text not in self.text:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared on screen:\n{self.text}")
            await asyncio.sleep(0.02)

    async def wait_for_condition(self, check: Callable[[], bool], within: float = 10.0) -> None:
        deadline = time.monotonic() + within
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen never became as expected:\n{self.text}")
            await asyncio.sleep(0.02)

    async def wait_closed(self, within: float = 10.0) -> None:
        """Wait until the server has closed the session."""
        await asyncio.wait_for(self.closed.wait(), within)

    def send(self, data: bytes) -> None:
        assert self.chan is not None
        self.chan.write(data)

    def resize(self, columns: int, rows: int) -> None:
        assert self.chan is not None
        self.screen.resize(rows, columns)
        self.chan.change_terminal_size(columns, rows)

    async def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            await self.conn.wait_closed()


async def open_terminal(
    port: int,
    username: str,
    *,
    password: str | None = None,
    key: asyncssh.SSHKey | None = None,
    size: tuple[int, int] = (80, 24),
    term: str = "xterm-256color",
    env: dict[str, str] | None = None,
    window: int = 2 * 1024 * 1024,
) -> Terminal:
    """Connect to 127.0.0.1:`port` and open a session with a pty, as `ssh` does."""
    conn = await asyncssh.connect(
        "127.0.0.1",
        port,
        username=username,
        password=password,
        client_keys=[key] if key is not None else None,
        agent_path=None,
        known_hosts=None,
        config=None,
    )
    try:
        _chan, terminal = await conn.create_session(
            lambda: Terminal(*size),
            term_type=term,
            term_size=size,
            encoding=None,
            env=env or {},
            window=window,
        )
    except BaseException:
        conn.close()
        raise
    terminal.conn = conn
    return terminal
