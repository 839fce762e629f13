"""Who is asking: the websocket's Origin against the page's own, and the visitor's address
behind trusted proxies."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from forum.web.options import Network

_DEFAULT_PORTS = {"http": 80, "https": 443}


def normal_origin(text: str) -> str | None:
    """``scheme://host[:port]`` in lower case without a default port, or None if `text`
    is not an http(s) origin (no path, query, user or fragment)."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    return (
        f"{scheme}://{host}"
        if port in (None, _DEFAULT_PORTS[scheme])
        else f"{scheme}://{host}:{port}"
    )


def origin_allowed(origin: str | None, host: str | None, allowed: tuple[str, ...]) -> bool:
    """Whether a websocket asked for with `origin` comes from the page: one of `allowed`
    if any are configured, else the host (and port) the page itself was asked for. A
    browser always sends Origin with a websocket; none at all is refused too."""
    if not origin:
        return False
    wanted = normal_origin(origin)
    if wanted is None:
        return False
    if allowed:
        return wanted in allowed
    if not host:
        return False
    scheme = wanted.split(":", 1)[0]
    own = normal_origin(f"{scheme}://{host}")
    return own == wanted


def client_address(peer: str, forwarded_for: Iterable[str], trusted: tuple[Network, ...]) -> str:
    """The visitor's address: the peer's, unless the peer is a trusted proxy; then the
    nearest address in X-Forwarded-For (read from the right) that is not a trusted
    proxy too. Addresses a proxy added but that are not addresses stop the walk: the
    last trusted hop is named instead of a made-up one."""
    if not trusted or not _within(peer, trusted):
        return peer
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",")]
    address = peer
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break
        address = hop
        if not _within(hop, trusted):
            break
    return address


def _within(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)
