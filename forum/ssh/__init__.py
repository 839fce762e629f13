"""The SSH transport: serves the forum App to every `ssh` client from one process.

server = await start_server("0.0.0.0", 2222, host_key_path=..., app_factory=...,
                            authenticator=..., limits=Limits())
...
server.close()
await server.wait_closed()

`forum serve` runs it on the forum's own accounts and app (forum.ssh.service). Names are
imported on first use, so `forum --help` and `forum.ssh.limits` stay quick to load.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from forum.ssh.auth import Authenticator
    from forum.ssh.hostkey import fingerprint, host_key_fingerprint, load_or_create_host_key
    from forum.ssh.limits import Limits
    from forum.ssh.server import ForumServer, start_server
    from forum.ssh.session import SessionInfo

_WHERE = {
    "Authenticator": "forum.ssh.auth",
    "ForumServer": "forum.ssh.server",
    "Limits": "forum.ssh.limits",
    "SessionInfo": "forum.ssh.session",
    "fingerprint": "forum.ssh.hostkey",
    "host_key_fingerprint": "forum.ssh.hostkey",
    "load_or_create_host_key": "forum.ssh.hostkey",
    "start_server": "forum.ssh.server",
}

__all__ = [
    "Authenticator",
    "ForumServer",
    "Limits",
    "SessionInfo",
    "fingerprint",
    "host_key_fingerprint",
    "load_or_create_host_key",
    "start_server",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'forum.ssh' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
