"""A Textual driver that runs an App inside the server process, on an SSH channel.

Every session's App runs as one asyncio task in the server's event loop. Textual's
terminal drivers read stdin in a thread and write through a writer thread; here input
arrives as asyncssh `data_received` callbacks on the loop itself and output goes straight
to the channel, so nothing blocks and no thread is started.

Textual's private parts this package relies on are reached only through
screens/textual_compat.py (pinned by textual~=8.2.8). What else the driver relies on, the
keyword-only Driver.__init__(app, *, debug, mouse, size), Driver.process_message and
App._build_driver calling `app.driver_class(app, debug=, mouse=, size=)`, is checked by
tests/ssh/test_ssh_driver_contract.py.
"""

from __future__ import annotations

import asyncio
import logging
from codecs import getincrementaldecoder
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, Protocol, TextIO

from textual import constants, events
from textual.app import ScreenStackError, UnknownModeError
from textual.geometry import Size
from textual.message import Message

from forum.ssh.limits import Limits
from forum.ssh.paste import PasteGuard
from screens.textual_compat import DriverBase, InputParser, ParseError

if TYPE_CHECKING:
    from textual.app import App

logger = logging.getLogger("forum.ssh")

_MAX_PENDING_INPUT = 64 * 1024
"""Input kept while the App starts up; more than this is a paste nobody is waiting for."""

# Kitty keyboard protocol flags, as the Linux driver sets them: disambiguate escape
# codes, report all keys as escape codes, report associated text.
_KITTY_FLAGS = 0b00001 | 0b01000 | 0b10000


class Channel(Protocol):
    """The part of asyncssh's SSHServerChannel the driver writes to."""

    def write(self, data: bytes) -> None: ...

    def get_write_buffer_size(self) -> int: ...

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None: ...

    def close(self) -> None: ...


class ChannelLink:
    """What an SSH session and its App's driver share: the channel, the terminal size,
    input waiting for the driver, and flow control for output.

    The session creates it when the client asks for a shell; Textual creates the driver
    later, inside `App.run_async`, and the driver attaches itself here.

    Output flow control: `chan.write` never blocks, so a client that reads slowly (or not
    at all) would make its buffer grow without bound. Above `limits.write_buffer_high`
    bytes the session is "behind": screen updates are dropped instead of queued, and
    once the buffer drains below `write_buffer_low` the whole screen is repainted. A
    client still behind after `output_stall_timeout` seconds is disconnected.
    """

    def __init__(
        self,
        channel: Channel,
        *,
        size: tuple[int, int],
        limits: Limits,
        on_stall: Callable[[], None] = lambda: None,
        on_first_frame: Callable[[], None] = lambda: None,
    ) -> None:
        self.channel = channel
        self._on_stall = on_stall
        """Called when the client is cut off for not reading (ends the App)."""
        self._on_first_frame: Callable[[], None] | None = on_first_frame
        """Called once, when the App first sends the screen."""
        self.limits = limits
        self.size = self.clamp(*size)
        self.driver: SSHDriver | None = None
        self.open = True
        self.dropped_writes = 0
        """How many screen updates were dropped because the client was behind."""
        self._pending = bytearray()
        self._behind = False
        self._stall_timer: asyncio.TimerHandle | None = None
        channel.set_write_buffer_limits(high=limits.write_buffer_high, low=limits.write_buffer_low)

    def clamp(self, width: int, height: int) -> tuple[int, int]:
        """A usable size: clients may report 0 (unknown) or absurd sizes."""
        width = width if width > 0 else 80
        height = height if height > 0 else 24
        return min(width, self.limits.max_columns), min(height, self.limits.max_rows)

    # Session side ----------------------------------------------------------------

    def feed(self, data: bytes) -> None:
        """Input from the client."""
        if self.driver is not None and self.driver.input_enabled:
            self.driver.feed(data)
        elif len(self._pending) + len(data) <= _MAX_PENDING_INPUT:
            self._pending += data

    def resize(self, width: int, height: int) -> None:
        """The client's window changed size."""
        self.size = self.clamp(width, height)
        if self.driver is not None:
            self.driver.resize(*self.size)

    def pause_writing(self) -> None:
        """The channel's buffer went over the high-water mark."""
        self._behind = True
        if self._stall_timer is None:
            loop = asyncio.get_running_loop()
            self._stall_timer = loop.call_later(self.limits.output_stall_timeout, self._stalled)

    def resume_writing(self) -> None:
        """The channel's buffer drained below the low-water mark."""
        self._behind = False
        if self._stall_timer is not None:
            self._stall_timer.cancel()
            self._stall_timer = None
        if self.dropped_writes and self.driver is not None:
            self.driver.repaint()

    @property
    def drawn(self) -> bool:
        """Whether the App has sent its first screen."""
        return self._on_first_frame is None

    def lost(self) -> None:
        """The channel is gone: write nothing more."""
        self.open = False
        if self._stall_timer is not None:
            self._stall_timer.cancel()
            self._stall_timer = None

    def _stalled(self) -> None:
        self._stall_timer = None
        logger.warning(
            "limit output_stall_timeout: client not reading for %.0f s (%d bytes waiting); "
            "closing its session",
            self.limits.output_stall_timeout,
            self.channel.get_write_buffer_size(),
        )
        self.lost()
        self.channel.close()
        self._on_stall()

    # Driver side -----------------------------------------------------------------

    def attach(self, driver: SSHDriver) -> None:
        self.driver = driver

    def take_pending(self) -> bytes:
        data = bytes(self._pending)
        self._pending.clear()
        return data

    def write(self, data: bytes, *, droppable: bool = True) -> None:
        """Send `data` to the client, or drop it if the client is behind and it may be."""
        if not self.open:
            return
        if droppable and self._behind:
            self.dropped_writes += 1
            return
        try:
            self.channel.write(data)
        except OSError:  # BrokenPipeError: the channel closed under us
            self.open = False
        if droppable and self._on_first_frame is not None:
            first_frame, self._on_first_frame = self._on_first_frame, None
            first_frame()


class SSHDriver(DriverBase):
    """Textual driver for one SSH session. Built by Textual via `app.driver_class`,
    which the server sets to `functools.partial(SSHDriver, link=...)`."""

    def __init__(
        self,
        app: App[Any],
        *,
        debug: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
        link: ChannelLink,
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size or link.size)
        self._link = link
        self._parser: InputParser | None = None
        self._paste = PasteGuard()
        """Keeps what is pasted text, never keys (see forum/ssh/paste.py)."""
        self._decode = getincrementaldecoder("utf-8")(errors="replace").decode
        self._tick_handle: asyncio.TimerHandle | None = None
        self.input_enabled = False
        link.attach(self)

    @property
    def can_suspend(self) -> bool:
        # Suspending means SIGTSTP to this process: it would stop every session.
        return False

    # Output ----------------------------------------------------------------------

    def write(self, data: str) -> None:
        """Screen updates from the App; dropped while the client is behind."""
        self._link.write(data.encode("utf-8", "replace"))

    def _control(self, data: str) -> None:
        """Terminal mode changes: always sent, or the client's terminal is left broken."""
        self._link.write(data.encode("utf-8"), droppable=False)

    def flush(self) -> None:
        """Nothing to do: every write goes straight to the channel."""

    def repaint(self) -> None:
        """Redraw the whole screen (after updates were dropped)."""
        app = self.app
        if not app.is_running:
            return
        try:
            screen = app.screen
        except (ScreenStackError, UnknownModeError):  # no screen yet, or not any more
            return
        screen.refresh()

    # Modes -----------------------------------------------------------------------

    def start_application_mode(self) -> None:
        self._parser = InputParser(debug=False)  # debug=True would write keys.log in cwd
        self.input_enabled = True
        # The App already lays out at the size it was started with (run_async(size=...));
        # a Resize only if the window changed since then (a second full layout and
        # repaint per session otherwise, which is a good part of a session's start-up).
        if self._link.size != self.terminal_size:
            self.resize(*self._link.size)

        control = self._control
        control("\x1b[?1049h")  # alternate screen
        self._enable_mouse_support()
        control("\x1b[?25l")  # hide cursor
        control("\x1b[?1004h")  # focus in/out events
        if not constants.DISABLE_KITTY_KEY:
            control(f"\x1b[>{_KITTY_FLAGS}u")
        control("\x1b[?2026$p")  # does the terminal do synchronized output?
        control("\x1b[?2004h")  # bracketed paste
        control("\x1b[?7l")  # no line wrap

        pending = self._link.take_pending()
        if pending:
            self.feed(pending)

    def _enable_mouse_support(self) -> None:
        if self.mouse:
            self._control("\x1b[?1000h\x1b[?1003h\x1b[?1015h\x1b[?1006h")

    def _disable_mouse_support(self) -> None:
        if self.mouse:
            self._control("\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l")

    def disable_input(self) -> None:
        if not self.input_enabled:
            return
        self.input_enabled = False
        self._cancel_tick()
        self._disable_mouse_support()

    def stop_application_mode(self) -> None:
        control = self._control
        control("\x1b[?2004l")  # bracketed paste off
        control("\x1b[?7h")  # line wrap on
        self.disable_input()
        if not constants.DISABLE_KITTY_KEY:
            control("\x1b[<u")  # must precede leaving the alternate screen
        control("\x1b[?1049l")  # main screen
        control("\x1b[?25h")  # show cursor
        control("\x1b[?1004l")  # focus events off

    def close(self) -> None:
        self._cancel_tick()

    # Input -----------------------------------------------------------------------

    def feed(self, data: bytes) -> None:
        """Bytes typed (or pasted, or mouse reports) by the client."""
        parser = self._parser
        if not self.input_enabled or parser is None:
            return
        text = self._paste.filter(self._decode(data))
        if not text:  # a split UTF-8 character or paste: feeding "" would end the parser
            return
        try:
            for event in parser.feed(text):
                self.process_message(event)
        except ParseError:
            return
        # A lone ESC (the Escape key) stays in the parser until ESCAPE_DELAY passes
        # with nothing after it; only `tick()` releases it. Textual's drivers tick from
        # their input thread; here a timer does it after any input that could have left
        # a sequence open.
        if "\x1b" in text or self._tick_handle is not None:
            self._cancel_tick()
            self._tick_handle = asyncio.get_running_loop().call_later(
                constants.ESCAPE_DELAY + 0.01, self._tick
            )

    def _tick(self) -> None:
        self._tick_handle = None
        if not self.input_enabled or self._parser is None:
            return
        for event in self._parser.tick():
            self.process_message(event)

    def _cancel_tick(self) -> None:
        if self._tick_handle is not None:
            self._tick_handle.cancel()
            self._tick_handle = None

    def resize(self, width: int, height: int) -> None:
        """The client's window changed size."""
        self.terminal_size = (width, height)
        size = Size(width, height)
        self.app.post_message(events.Resize(size, size))

    def send_message(self, message: Message) -> None:
        # The base class assumes an input thread (run_coroutine_threadsafe); input
        # arrives on the event loop here, so post directly.
        self.app.post_message(message)

    # Things a server must not do -------------------------------------------------

    def open_url(self, url: str, new_tab: bool = True) -> None:
        """Opening a browser would happen on the server: show the link instead."""
        logger.debug("not opening %r on the server", url)
        self.app.notify(url, title="Open this link in your browser", markup=False)

    def deliver_binary(
        self,
        binary: BinaryIO | TextIO,
        *,
        delivery_key: str,
        save_path: Path,
        open_method: Literal["browser", "download"] = "download",
        encoding: str | None = None,
        mime_type: str | None = None,
        name: str | None = None,
    ) -> None:
        """Refused: the base class would save the file on the server's disk."""
        binary.close()
        self.app.post_message(
            events.DeliveryFailed(
                key=delivery_key,
                exception=PermissionError("files cannot be delivered over SSH"),
                name=name,
            )
        )
