"""A websocket that looks, to an SSH session and its driver, like an SSH channel.

forum.ssh.session.AppSession runs the App on anything with asyncssh's channel methods
that it and forum.ssh.driver.ChannelLink call: write, the write buffer's size and
limits, close, exit and the client's environment. Here output is queued and sent by one
task, as binary websocket messages (consecutive writes joined into one), in the order
written; `send_message` queues a JSON text message (textual-serve's format, such as
``["open_url", {...}]``) in the same order. The session hears of a full buffer through
``pause_writing``/``resume_writing``, as asyncssh tells it, so the same output flow
control holds: screen updates are dropped while the browser is behind, a repaint follows
once it has caught up, and a browser that stops reading is cut off.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any, Protocol

from aiohttp import web

logger = logging.getLogger("forum.web")

_RECHECK = 0.05
"""Seconds between looks at a full socket buffer that nothing new is written to."""

ENVIRONMENT = {"COLORTERM": "truecolor"}
"""What xterm.js does, as an SSH client would say it: 24-bit colour."""


class FlowControl(Protocol):
    """What the channel tells its session (asyncssh's names)."""

    def pause_writing(self) -> None: ...

    def resume_writing(self) -> None: ...


class WebSocketChannel:
    """One visitor's websocket, as the channel of their session."""

    def __init__(self, ws: web.WebSocketResponse, transport: asyncio.Transport | None) -> None:
        self._ws = ws
        self._transport = transport
        """The connection under the websocket, whose buffer counts as written-not-sent."""
        self.session: FlowControl | None = None
        """Told when the buffer goes over the high-water mark and back under the low."""
        self._queue: list[bytes | str] = []
        self._queued = 0
        self._high = 256 * 1024
        self._low = 64 * 1024
        self._paused = False
        self._wake = asyncio.Event()
        self._ending = False
        self._recheck: asyncio.TimerHandle | None = None
        self.closed = asyncio.Event()
        """Set once everything written has been sent and the websocket closed."""
        self._pump = asyncio.create_task(self._send_all(), name="forum web output")

    # What AppSession and ChannelLink call -----------------------------------------------

    def write(self, data: bytes) -> None:
        if self._ending:
            raise BrokenPipeError("the websocket is closing")
        if not data:
            return
        self._queue.append(data)
        self._queued += len(data)
        self._wake.set()
        if not self._paused and self.get_write_buffer_size() > self._high:
            self._paused = True
            if self.session is not None:
                self.session.pause_writing()

    def get_write_buffer_size(self) -> int:
        transport = self._transport
        waiting = transport.get_write_buffer_size() if transport is not None else 0
        return self._queued + waiting

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        if high is not None:
            self._high = high
        if low is not None:
            self._low = low

    def get_environment(self) -> dict[str, str]:
        return dict(ENVIRONMENT)

    def exit(self, status: int) -> None:
        """The session has ended: send what is queued, then close the websocket."""
        self._ending = True
        self._wake.set()

    def close(self) -> None:
        """Cut the visitor off now (they stopped reading): what is queued is dropped."""
        self._ending = True
        self._queue.clear()
        self._queued = 0
        self._wake.set()

    # Text messages to the page -----------------------------------------------------------

    def send_message(self, kind: str, value: Any) -> None:
        """Queue ``[kind, value]`` for the page, after the output written so far."""
        if self._ending:
            return
        self._queue.append(json.dumps([kind, value]))
        self._wake.set()

    # Sending -----------------------------------------------------------------------------

    async def _send_all(self) -> None:
        ws = self._ws
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while self._queue:
                    items, self._queue = self._queue, []
                    for frame in _joined(items):
                        if isinstance(frame, str):
                            await ws.send_str(frame)
                        else:
                            self._queued -= len(frame)
                            await ws.send_bytes(frame)
                    self._caught_up()
                if self._ending:
                    break
        except (ConnectionError, RuntimeError) as error:  # the browser went away meanwhile
            logger.debug("websocket output ended: %s", error)
        finally:
            self._ending = True
            self._queue.clear()
            self._queued = 0
            if self._recheck is not None:
                self._recheck.cancel()
            with contextlib.suppress(ConnectionError, RuntimeError):
                await ws.close()
            self.closed.set()

    def _caught_up(self) -> None:
        """Tell the session it may write again once the buffer is under the low mark."""
        if not self._paused:
            return
        if self.get_write_buffer_size() <= self._low:
            self._paused = False
            if self.session is not None:
                self.session.resume_writing()
        elif self._recheck is None and not self._queue:
            self._recheck = asyncio.get_running_loop().call_later(_RECHECK, self._look_again)

    def _look_again(self) -> None:
        self._recheck = None
        self._caught_up()


def _joined(items: list[bytes | str]) -> list[bytes | str]:
    """Consecutive output joined into one binary message; text messages kept in place."""
    frames: list[bytes | str] = []
    run: list[bytes] = []
    for item in items:
        if isinstance(item, str):
            if run:
                frames.append(b"".join(run))
                run = []
            frames.append(item)
        else:
            run.append(item)
    if run:
        frames.append(b"".join(run))
    return frames
