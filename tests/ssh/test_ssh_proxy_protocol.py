"""Behind a TCP balancer: with the PROXY protocol (v1 and v2) the server reads each
client's real address before the SSH handshake, so the log and the per-address limit see
the person, not the balancer; anything else first is refused and logged."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import struct

import asyncssh
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forum.ssh import Limits
from forum.ssh.proxy_protocol import V2_SIGNATURE, ProxyHeaderError, parse

from .support import open_terminal


def v1(source: str, port: int = 40000) -> bytes:
    family = "TCP6" if ":" in source else "TCP4"
    return f"PROXY {family} {source} 127.0.0.1 {port} 2222\r\n".encode()


def v2(source: str, port: int = 40000, command: int = 0x21) -> bytes:
    address = ipaddress.ip_address(source)
    other = ipaddress.ip_address("::1" if address.version == 6 else "127.0.0.1")
    family = 0x21 if address.version == 6 else 0x11
    body = address.packed + other.packed + struct.pack("!HH", port, 2222)
    return V2_SIGNATURE + struct.pack("!BBH", command, family, len(body)) + body


@pytest.mark.parametrize("header", [v1, v2])
@pytest.mark.parametrize("source", ["203.0.113.7", "2001:db8::7"])
def test_both_versions_name_the_client_and_say_where_ssh_begins(header, source):
    data = header(source, 51000) + b"SSH-2.0-OpenSSH_9.2\r\n"
    address, length = parse(data)
    assert address == (source, 51000)
    assert data[length:] == b"SSH-2.0-OpenSSH_9.2\r\n"


def test_a_balancers_own_connection_keeps_its_address():
    assert parse(b"PROXY UNKNOWN\r\nSSH-2.0-x") == (None, 15)
    local = v2("127.0.0.1", command=0x20)  # LOCAL: a health check
    assert parse(local) == (None, len(local))


@pytest.mark.parametrize("header", [v1("203.0.113.7"), v2("2001:db8::7")])
def test_a_header_that_has_not_all_arrived_asks_for_more(header):
    for cut in range(len(header)):
        assert parse(header[:cut]) is None


@pytest.mark.parametrize(
    "data",
    [
        b"SSH-2.0-OpenSSH_9.2\r\n",  # a client straight to the server, no balancer
        b"PROXY TCP4 300.1.1.1 127.0.0.1 1 2\r\n",
        b"PROXY TCP4 2001:db8::1 127.0.0.1 1 2\r\n",
        b"PROXY TCP4 1.2.3.4 127.0.0.1 99999 2\r\n",
        b"PROXY TCP9 1.2.3.4 127.0.0.1 1 2\r\n",
        b"PROXY " + b"x" * 200,
        V2_SIGNATURE + b"\x31\x11\x00\x0c" + bytes(12),  # version 3
        V2_SIGNATURE + b"\x21\x11\xff\xff",  # longer than any address
    ],
)
def test_anything_else_is_refused(data):
    with pytest.raises(ProxyHeaderError):
        parse(data)


@given(st.binary(max_size=300))
def test_no_bytes_make_it_fail_otherwise(data):
    with contextlib.suppress(ProxyHeaderError):
        parse(data)


async def relay(target_port: int, header: bytes) -> asyncio.Server:
    """A balancer on 127.0.0.1: each connection is sent on with ``header`` first."""

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", target_port)
        up_writer.write(header)
        with contextlib.suppress(asyncio.CancelledError):  # the balancer closing at the end
            await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    return await asyncio.start_server(accepted, "127.0.0.1", 0)


@pytest.mark.parametrize("header", [v1, v2])
async def test_the_log_and_the_address_limit_see_the_client(serve, caplog, header):
    caplog.set_level(logging.INFO, logger="forum.ssh")
    server = await serve(limits=Limits(max_unauthenticated_per_address=1), proxy_protocol=True)
    balancer = await relay(server.port, header("203.0.113.7"))
    port = balancer.sockets[0].getsockname()[1]
    try:
        term = await open_terminal(port, "guest")
        await term.wait_for("hello guest")
        assert "'guest' signed in from 203.0.113.7" in caplog.text
        await term.close()
        # Not signed in yet: the one place 203.0.113.7 has; a second is refused.
        first = await asyncio.open_connection("127.0.0.1", port)
        await first[0].readline()  # the server's version: the header was read
        second = await asyncio.open_connection("127.0.0.1", port)
        await asyncio.wait_for(second[0].read(), 5)  # to its end: the server closed it
        assert "limit max_unauthenticated_per_address: 203.0.113.7" in caplog.text
        first[1].close()
    finally:
        balancer.close()


async def test_a_connection_without_a_header_is_refused_and_logged(serve, caplog):
    server = await serve(proxy_protocol=True)
    with (
        caplog.at_level(logging.WARNING, logger="forum.ssh"),
        pytest.raises((asyncssh.Error, ConnectionError, OSError)),
    ):
        await asyncssh.connect("127.0.0.1", server.port, username="guest", known_hosts=None)
    assert (
        "refused a connection from 127.0.0.1: no PROXY protocol header "
        "(is --proxy-protocol set without a balancer sending it?)"
    ) in caplog.text
