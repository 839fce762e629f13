"""What the SSH server asks of the account system (written elsewhere; pluggable here)."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import asyncssh


@runtime_checkable
class Authenticator(Protocol):
    """Decides who gets in. Every method is awaited on the event loop, so anything slow
    (password hashing, database queries) must run off it (e.g. `asyncio.to_thread`).

    A "principal" is whatever object the account system wants the App to receive for a
    signed-in user (an account id, a user record...); the server only passes it on in
    `SessionInfo.principal`.

    Optionally it may also define `async def has_keys(username) -> bool`: when it
    returns False, public-key authentication is not offered to that user, so clients
    that offer every key in their agent don't use up the attempt cap before the
    password prompt.
    """

    async def password(self, username: str, password: str) -> Any | None:
        """The principal if `password` is right for `username`, else None."""
        ...

    async def public_key(self, username: str, key: asyncssh.SSHKey) -> Any | None:
        """The principal if `key` is accepted for `username`, else None. The server
        checks the client's signature itself; this only says whether the key may sign
        in as that user."""
        ...

    async def no_auth(self, username: str) -> bool:
        """True for the special names (such as "new" and "guest") that get in without a
        password; the App then shows sign-up or guest reading."""
        ...
