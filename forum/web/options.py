"""What the web page is served with: where, and whom its websocket trusts."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

MAX_FRAME = 64 * 1024
"""Bytes one websocket message from a browser may hold. The page sends typing, pastes
(in pieces of 4,096 characters) and window sizes: far less. A bigger one ends the
connection (aiohttp closes it with 1009, "message too big")."""

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class WebOptions:
    """How `forum web` (or `forum serve --web-port`) serves the page."""

    host: str = "127.0.0.1"
    port: int = 8080
    allow_origins: tuple[str, ...] = ()
    """Origins (``https://forum.example.org``) whose pages may open the websocket. Empty:
    only the page's own, read from the Host header it was asked with."""
    forwarded_allow: tuple[Network, ...] = field(default_factory=tuple)
    """Proxies (addresses or networks) whose X-Forwarded-For names the visitor."""
    max_frame: int = MAX_FRAME


def parse_origins(text: str) -> tuple[str, ...]:
    """``--allow-origin https://a.example,https://b.example``: each as scheme://host[:port],
    or ValueError saying which one is not."""
    from forum.web.origins import normal_origin

    found = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        origin = normal_origin(item)
        if origin is None:
            raise ValueError(f"{item!r} is not an origin such as https://forum.example.org")
        found.append(origin)
    return tuple(found)


def parse_networks(text: str) -> tuple[Network, ...]:
    """``--forwarded-allow 127.0.0.1,10.0.0.0/8``, or ValueError naming the bad one."""
    found = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        try:
            found.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"{item!r} is not an IP address or network") from None
    return tuple(found)
