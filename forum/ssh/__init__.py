"""The SSH transport: serves the forum App to every `ssh` client from one process.

server = await start_server("0.0.0.0", 2222, host_key_path=..., app_factory=...,
                            authenticator=..., limits=Limits())
...
server.close()
await server.wait_closed()
"""

from forum.ssh.auth import Authenticator
from forum.ssh.hostkey import fingerprint, host_key_fingerprint, load_or_create_host_key
from forum.ssh.limits import Limits
from forum.ssh.server import ForumServer, start_server
from forum.ssh.session import SessionInfo

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
