"""Whose page may open the websocket, and who the visitor is behind a proxy."""

from __future__ import annotations

import pytest

from forum.web.options import parse_networks, parse_origins
from forum.web.origins import client_address, normal_origin, origin_allowed


@pytest.mark.parametrize(
    ("origin", "host", "allowed"),
    [
        ("http://127.0.0.1:8080", "127.0.0.1:8080", True),
        ("https://forum.example.org", "forum.example.org", True),
        ("https://forum.example.org:443", "forum.example.org", True),
        ("https://FORUM.example.org", "forum.example.org:443", True),
        ("http://[::1]:8080", "[::1]:8080", True),
        ("http://localhost:8080", "127.0.0.1:8080", False),
        ("https://forum.example.org.evil.test", "forum.example.org", False),
        ("http://forum.example.org:8081", "forum.example.org:8080", False),
        ("null", "forum.example.org", False),
        ("", "forum.example.org", False),
        (None, "forum.example.org", False),
        ("file://", "forum.example.org", False),
        ("https://forum.example.org", None, False),
    ],
)
def test_only_the_pages_own_origin_by_default(origin, host, allowed):
    assert origin_allowed(origin, host, ()) is allowed


def test_a_configured_list_replaces_the_pages_own_host():
    allowed = parse_origins("https://forum.example.org, http://127.0.0.1:8080")
    assert allowed == ("https://forum.example.org", "http://127.0.0.1:8080")
    assert origin_allowed("https://forum.example.org", "backend:8080", allowed)
    assert not origin_allowed("http://backend:8080", "backend:8080", allowed)
    with pytest.raises(ValueError, match="not an origin"):
        parse_origins("https://forum.example.org/path")
    assert normal_origin("https://a.example:443/") == "https://a.example"


PROXIES = parse_networks("127.0.0.1, 10.0.0.0/8")


@pytest.mark.parametrize(
    ("peer", "forwarded", "address"),
    [
        ("203.0.113.9", ["198.51.100.1"], "203.0.113.9"),  # not a proxy: its word is ignored
        ("127.0.0.1", ["198.51.100.1"], "198.51.100.1"),
        ("127.0.0.1", ["6.6.6.6, 198.51.100.1"], "198.51.100.1"),  # the left is the client's say
        ("127.0.0.1", ["198.51.100.1, 10.0.0.2"], "198.51.100.1"),  # two proxies
        ("127.0.0.1", ["198.51.100.1", "10.0.0.2"], "198.51.100.1"),  # two headers
        ("127.0.0.1", [], "127.0.0.1"),
        ("127.0.0.1", ["not an address"], "127.0.0.1"),
        ("127.0.0.1", ["2001:db8::1"], "2001:db8::1"),
    ],
)
def test_the_visitors_address_behind_trusted_proxies(peer, forwarded, address):
    assert client_address(peer, forwarded, PROXIES) == address


def test_no_trusted_proxy_means_the_peer():
    assert client_address("127.0.0.1", ["198.51.100.1"], ()) == "127.0.0.1"
