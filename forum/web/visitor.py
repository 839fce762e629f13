"""One visitor's websocket: who they are, whether they may come in, and their session.

The page speaks textual-serve's message format: JSON text messages ``["stdin", text]``,
``["resize", {"width": W, "height": H}]`` and ``["ping", x]`` from the browser; binary
messages (the terminal's output) and ``["pong", x]`` / ``["open_url", {"url": ...,
"new_tab": true}]`` text messages back.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from aiohttp import WebSocketError, WSCloseCode, WSMsgType, web

from forum.ssh.accounts import GUEST
from forum.ssh.logtext import quoted
from forum.ssh.session import RESTARTING, AppSession
from forum.ssh.shared_limits import ADDRESS, Place
from forum.web.channel import WebSocketChannel
from forum.web.options import WebOptions
from forum.web.origins import client_address, origin_allowed
from models.text import clean_line

if TYPE_CHECKING:
    from forum.ssh.server import ForumServer

logger = logging.getLogger("forum.web")

TERM = "xterm-256color"
"""The terminal type xterm.js answers to (it also does 24-bit colour: channel.py)."""
TOO_MANY = (
    "\r\nSorry: too many people from your address are connecting at once.\r\n"
    "Please try again in a minute.\r\n"
)
MAX_LINK = 2048
"""Longest web address sent to the page to open."""
_LINK_SCHEMES = ("http", "https", "mailto")
_MAX_SIZE = 10_000
"""Larger window sizes are taken as junk (sizes the session accepts are clamped lower)."""
RESIZE_EVERY = 0.05
"""Seconds between two window sizes passed on to the session: a window being dragged
sends a stream of them, and each would be a layout and a full repaint."""


class Refused(Exception):
    """The page sent something it never sends: the websocket is closed."""


class Visitor:
    """The websocket of one browser page, from the upgrade to the end of its session."""

    def __init__(self, server: ForumServer, options: WebOptions, request: web.Request) -> None:
        self._server = server
        self._options = options
        self._request = request
        self.address = client_address(
            request.remote or "?", request.headers.getall("X-Forwarded-For", []),
            options.forwarded_allow,
        )  # fmt: skip
        self._counted = False
        self._place: Place | None = None
        self._arriving = False
        self._channel: WebSocketChannel | None = None
        self._session: AppSession | None = None
        self._size = (0, 0)
        """The window's size the session was last given."""
        self._wanted: tuple[int, int] | None = None
        self._resizing: asyncio.TimerHandle | None = None

    async def run(self) -> web.StreamResponse:
        request = self._request
        origin = request.headers.get("Origin")
        if not origin_allowed(origin, request.host, self._options.allow_origins):
            logger.warning("refused a websocket from %s: origin %s is not this page's",
                           self.address, quoted(origin or "(none)", 80))  # fmt: skip
            return web.Response(status=403, text="This websocket is for the forum's own page.\n")
        limits = self._server.limits
        ws = web.WebSocketResponse(
            max_msg_size=self._options.max_frame,
            heartbeat=limits.keepalive_interval,  # a browser that went away is noticed
            compress=False,  # a deflate context per visitor costs more than it saves here
        )
        await ws.prepare(request)
        channel = WebSocketChannel(ws, request.transport)
        self._channel = channel
        try:
            if self._admitted(channel):
                await self._serve(ws, channel, _size(request))
        finally:
            self._uncount()
            self._arrived()
            channel.exit(0)
            await channel.closed.wait()
        return ws

    # Limits -------------------------------------------------------------------------------

    def _admitted(self, channel: WebSocketChannel) -> bool:
        """Counted under the per-address cap until the first screen shows (as an SSH
        connection is until it has signed in: a web visitor is a guest at once)."""
        server = self._server
        if server.closing:
            logger.info("refused a web visitor from %s: the server is stopping", self.address)
            channel.write(RESTARTING.encode())
            return False
        if not server.addresses.admit(self.address):
            logger.warning(
                "limit max_unauthenticated_per_address: %s already has %d connections not "
                "signed in; closing the new websocket",
                self.address,
                server.limits.max_unauthenticated_per_address,
            )
            channel.write(TOO_MANY.encode())
            return False
        self._counted = True
        if server.shared is not None:
            limit = server.limits.max_unauthenticated_per_address
            self._place = Place(server.shared, ADDRESS, self.address, limit)
            self._place.when_refused(self._over_shared_cap)
        self._arriving = True
        server.collector.arrival_started()
        return True

    def _over_shared_cap(self) -> None:
        logger.warning(
            "limit max_unauthenticated_per_address: %s already has %d connections not "
            "signed in on every server; closing the new websocket",
            self.address,
            self._server.limits.max_unauthenticated_per_address,
        )
        if self._session is not None:
            self._session.end("too many connections from the address", TOO_MANY)

    def _arrived(self) -> None:
        self._uncount()
        if self._arriving:
            self._arriving = False
            self._server.collector.arrival_ended()

    def _uncount(self) -> None:
        if self._counted:
            self._counted = False
            self._server.addresses.release(self.address)
            if self._place is not None:
                self._place.release()

    # The session --------------------------------------------------------------------------

    async def _serve(
        self, ws: web.WebSocketResponse, channel: WebSocketChannel, size: tuple[int, int]
    ) -> None:
        self._size = size
        session = AppSession(
            self._server,
            username=GUEST,
            principal=None,
            peer=(self.address, 0),
            on_drawn=self._arrived,
            open_link=self.open_link,
        )
        self._session = session
        channel.session = session
        session.connection_made(channel)  # type: ignore[arg-type]
        session.pty_requested(TERM, (*size, 0, 0), None)
        session.shell_requested()
        session.session_started()
        why: Exception | None = None
        try:
            async for message in ws:
                if message.type is WSMsgType.TEXT:
                    self._received(session, message.data)
                elif message.type is WSMsgType.ERROR:
                    why = ws.exception()
                    break
                else:
                    raise Refused("a binary message")
        except Refused as refused:
            logger.info("closed the websocket of %s: it sent %s, which the page never sends",
                        self.address, refused)  # fmt: skip
            why = ConnectionError("it sent what the page never sends")
        if isinstance(why, asyncio.TimeoutError | TimeoutError) or _no_pong(ws):
            logger.info("limit keepalive: the browser at %s stopped answering; websocket closed",
                        self.address)  # fmt: skip
            why = ConnectionError("it stopped answering")
        if isinstance(why, WebSocketError) and why.code == WSCloseCode.MESSAGE_TOO_BIG:
            logger.warning("limit max_frame: %s sent a websocket message over %d bytes; closed",
                           self.address, self._options.max_frame)  # fmt: skip
            why = ConnectionError("a message too big")
        if self._resizing is not None:
            self._resizing.cancel()
        session.connection_lost(why)
        if session.task is not None:
            await session.task

    def _received(self, session: AppSession, data: str) -> None:
        try:
            message = json.loads(data)
        except ValueError:
            raise Refused("a message that is not JSON") from None
        if not isinstance(message, list) or not message or not isinstance(message[0], str):
            raise Refused("a message that is not a list naming its kind")
        kind, value = message[0], message[1] if len(message) > 1 else None
        if kind == "stdin" and isinstance(value, str):
            session.data_received(value.encode("utf-8", "replace"), None)
        elif kind == "resize" and isinstance(value, dict):
            width, height = value.get("width"), value.get("height")
            if not (_dimension(width) and _dimension(height)):
                raise Refused("a window size that is not two whole numbers")
            self._resize(session, (width, height))
        elif kind == "ping" and isinstance(value, str) and len(value) <= 64:
            if self._channel is not None:
                self._channel.send_message("pong", value)
        elif kind in ("focus", "blur"):
            pass  # the terminal reports focus in its input already (mode 1004)
        else:
            raise Refused(f"a {quoted(kind, 20)} message")

    def _resize(self, session: AppSession, size: tuple[int, int]) -> None:
        """Pass the window's newest size on, at most every RESIZE_EVERY seconds."""
        self._wanted = size
        if self._resizing is None:
            delay = RESIZE_EVERY if size != self._size else 0.0
            self._resizing = asyncio.get_running_loop().call_later(delay, self._resized, session)

    def _resized(self, session: AppSession) -> None:
        self._resizing = None
        if self._wanted is not None and self._wanted != self._size:
            self._size = self._wanted
            session.terminal_size_changed(*self._size, 0, 0)

    def open_link(self, url: str) -> bool:
        """Ask the page to open `url` in a new tab of the visitor's browser; False (not
        sent) for anything but a web or mail address."""
        if not _openable(url) or self._channel is None:
            return False
        self._channel.send_message("open_url", {"url": url, "new_tab": True})
        return True


def _no_pong(ws: web.WebSocketResponse) -> bool:
    error = ws.exception()
    return error is not None and "PONG" in str(error)


def _openable(url: str) -> bool:
    if not isinstance(url, str) or len(url) > MAX_LINK or clean_line(url) != url:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in _LINK_SCHEMES:
        return False
    return bool(parts.netloc) or parts.scheme.lower() == "mailto"


def _dimension(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= _MAX_SIZE


def _size(request: web.Request) -> tuple[int, int]:
    """The window's size the page asked with (``?width=&height=``), or 80x24."""
    try:
        width = int(request.query.get("width", "80"))
        height = int(request.query.get("height", "24"))
    except ValueError:
        return 80, 24
    if not (_dimension(width) and _dimension(height)):
        return 80, 24
    return width, height
