"""The PROXY protocol (v1 and v2), as HAProxy sends it in front of a TCP connection.

Behind a TCP balancer every connection comes from the balancer's address; with
``--proxy-protocol`` the balancer first sends a short header naming the client's real
address, and the server reads it before the SSH handshake, so per-address limits and the
log see the person. Specification: https://www.haproxy.org/download/2.8/doc/proxy-protocol.txt

asyncssh accepts a "tunnel" listener (any object with ``create_server(factory, host,
port)``): :class:`ProxyProtocolListener` is one that listens on TCP itself, reads the
header, then hands the rest of the stream to asyncssh's connection with the client's
address as its peer name.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import struct
from collections.abc import Callable
from typing import Any

logger = logging.getLogger("forum.ssh")

V2_SIGNATURE = b"\r\n\r\n\x00\r\nQUIT\n"
V1_MAX = 107
"""The longest v1 header, CRLF included."""
V2_MAX = 16 + 216
"""The longest v2 header this server accepts (addresses of the unix family are the
longest the specification defines; TLVs past them are refused)."""
HEADER_TIMEOUT = 5.0
"""Seconds the balancer has to send the header once connected."""

Address = tuple[str, int]


class ProxyHeaderError(ValueError):
    """What came first was not a PROXY protocol header."""


def parse(data: bytes) -> tuple[Address | None, int] | None:
    """The client's address (None when the balancer speaks for itself: LOCAL, UNKNOWN,
    or a family other than TCP over IPv4 or IPv6) and the header's length, or None while
    ``data`` holds only the start of a header."""
    if data.startswith(V2_SIGNATURE[: len(data)]) and len(data) < len(V2_SIGNATURE):
        return None
    if data.startswith(V2_SIGNATURE):
        return _parse_v2(data)
    if b"PROXY "[: len(data)] == data[:6]:
        return _parse_v1(data)
    raise ProxyHeaderError("no PROXY protocol header")


def _parse_v1(data: bytes) -> tuple[Address | None, int] | None:
    end = data.find(b"\r\n")
    if end < 0:
        if len(data) >= V1_MAX:
            raise ProxyHeaderError("a PROXY v1 header longer than 107 bytes")
        return None
    words = data[:end].decode("ascii", "replace").split(" ")
    if len(words) >= 2 and words[1] == "UNKNOWN":
        return None, end + 2
    if len(words) != 6 or words[1] not in ("TCP4", "TCP6"):
        raise ProxyHeaderError("a malformed PROXY v1 header")
    _proxy, family, source, _destination, source_port, _destination_port = words
    try:
        address = ipaddress.ip_address(source)
        port = int(source_port)
    except ValueError:
        raise ProxyHeaderError("a PROXY v1 header with a malformed address") from None
    if address.version != (4 if family == "TCP4" else 6) or not 0 <= port <= 65535:
        raise ProxyHeaderError("a PROXY v1 header with a malformed address")
    return (str(address), port), end + 2


def _parse_v2(data: bytes) -> tuple[Address | None, int] | None:
    if len(data) < 16:
        return None
    version_command, family, length = struct.unpack("!BBH", data[12:16])
    if version_command >> 4 != 2 or version_command & 0x0F not in (0, 1):
        raise ProxyHeaderError("an unknown PROXY v2 version or command")
    if 16 + length > V2_MAX:
        raise ProxyHeaderError("a PROXY v2 header longer than this server accepts")
    if len(data) < 16 + length:
        return None
    body = data[16 : 16 + length]
    if version_command & 0x0F == 0:  # LOCAL: the balancer's own connection (a health check)
        return None, 16 + length
    if family == 0x11 and length >= 12:  # TCP over IPv4
        return (str(ipaddress.IPv4Address(body[:4])), struct.unpack("!H", body[8:10])[0]), (
            16 + length
        )
    if family == 0x21 and length >= 36:  # TCP over IPv6
        return (str(ipaddress.IPv6Address(body[:16])), struct.unpack("!H", body[32:34])[0]), (
            16 + length
        )
    return None, 16 + length  # another family: the balancer's address stands


class _PeerTransport:
    """The connection's transport, naming the client as its peer."""

    def __init__(self, transport: asyncio.Transport, peer: Address) -> None:
        self._transport = transport
        self._peer = peer

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        if name == "peername":
            return self._peer
        return self._transport.get_extra_info(name, default)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class _HeaderReader(asyncio.Protocol):
    """Reads the header, then passes the connection on to asyncssh's protocol."""

    def __init__(self, connection: Callable[[], asyncio.Protocol]) -> None:
        self._connection = connection
        self._inner: asyncio.Protocol | None = None
        self._transport: asyncio.Transport | None = None
        self._buffer = b""
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]
        self._timer = asyncio.get_running_loop().call_later(HEADER_TIMEOUT, self._too_slow)

    def _refuse(self, why: str) -> None:
        assert self._transport is not None
        peer = self._transport.get_extra_info("peername") or ("?", 0)
        logger.warning("refused a connection from %s: %s", peer[0], why)
        self._transport.abort()

    def _too_slow(self) -> None:
        self._refuse(f"no PROXY protocol header within {HEADER_TIMEOUT:g} s")

    def data_received(self, data: bytes) -> None:
        if self._inner is not None:
            self._inner.data_received(data)
            return
        assert self._transport is not None
        self._buffer += data
        try:
            parsed = parse(self._buffer)
        except ProxyHeaderError as error:
            self._refuse(f"{error} (is --proxy-protocol set without a balancer sending it?)")
            return
        if parsed is None:
            return
        if self._timer is not None:
            self._timer.cancel()
        source, used = parsed
        peer = source or self._transport.get_extra_info("peername")
        self._inner = self._connection()
        self._inner.connection_made(_PeerTransport(self._transport, peer))  # type: ignore[arg-type]
        rest, self._buffer = self._buffer[used:], b""
        if rest:
            self._inner.data_received(rest)

    def eof_received(self) -> bool | None:
        if self._inner is not None:
            return self._inner.eof_received()
        return None  # closes the connection: it ended before its header

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._inner is not None:
            self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        if self._inner is not None:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        if self._inner is not None:
            self._inner.resume_writing()


class ProxyProtocolListener:
    """An asyncssh "tunnel" that listens on TCP and reads a PROXY header first."""

    def __init__(self, *, reuse_port: bool = False) -> None:
        self._reuse_port = reuse_port

    async def create_server(
        self, session_factory: Callable[[str, int], asyncio.Protocol], host: str, port: int
    ) -> asyncio.Server:
        loop = asyncio.get_running_loop()
        return await loop.create_server(
            lambda: _HeaderReader(lambda: session_factory(host, port)),
            host or None,
            port,
            reuse_address=True,
            reuse_port=self._reuse_port or None,
        )
