"""asyncssh's per-connection callbacks: who may sign in, and the limits on trying.

asyncssh 2.24 has no cap on authentication attempts per connection and no cap per
address (it has login_timeout and keepalive, set in server.py); they are built here.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import asyncssh

from forum.ssh.logtext import quoted
from forum.ssh.session import AppSession
from forum.ssh.shared_limits import ADDRESS, Place

if TYPE_CHECKING:
    from forum.ssh.server import ForumServer

logger = logging.getLogger("forum.ssh")

DRAINING = "The forum is restarting: please connect again in a minute."
"""What a connection arriving while the server stops is told (its sessions are ending)."""


class ConnectionGuard(asyncssh.SSHServer):
    """One per TCP connection, from accept to close."""

    def __init__(self, server: ForumServer) -> None:
        self._server = server
        self._conn: asyncssh.SSHServerConnection | None = None
        self._peer: tuple[str, int] = ("?", 0)
        self._counted = False
        """Whether this connection counts toward its address's unauthenticated cap."""
        self._place: Place | None = None
        """Its place under that cap over every process and host, if the server shares it."""
        self._rejected = False
        self._username = ""
        self._principal: Any | None = None
        self._failures = 0
        self._capped = False
        self._offer_keys = True
        self._sessions: list[AppSession] = []
        self._arriving = False
        """Whether this connection is still on its way to a first screen (collector.py)."""
        self._draining = False
        """Whether it came while the server was stopping: it is told so and let go."""

    # Connection ----------------------------------------------------------------------

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self._peer = (str(peer[0]), int(peer[1]))
        server = self._server
        server.connections.add(conn)
        if server.closing:
            self._draining = True  # told why at the first step of signing in
            return
        if not server.addresses.admit(self._peer[0]):
            logger.warning(
                "limit max_unauthenticated_per_address: %s already has %d connections "
                "not signed in; closing the new one",
                self._peer[0],
                server.limits.max_unauthenticated_per_address,
            )
            self._reject(conn)
            return
        self._counted = True
        if server.shared is not None:
            limit = server.limits.max_unauthenticated_per_address
            self._place = Place(server.shared, ADDRESS, self._peer[0], limit)
            self._place.when_refused(self._over_shared_cap)
        self._arriving = True
        server.collector.arrival_started()

    def _over_shared_cap(self) -> None:
        if self._rejected or self._conn not in self._server.connections:
            return  # refused already, or gone
        logger.warning(
            "limit max_unauthenticated_per_address: %s already has %d connections not "
            "signed in on every server; closing the new one",
            self._peer[0],
            self._server.limits.max_unauthenticated_per_address,
        )
        self._reject(self._conn)

    def _arrived(self) -> None:
        if self._arriving:
            self._arriving = False
            self._server.collector.arrival_ended()

    def _reject(self, conn: asyncssh.SSHServerConnection) -> None:
        # Closing inside connection_made would break asyncssh's setup; right after it,
        # the connection is dropped before any key exchange work is done.
        self._rejected = True
        asyncio.get_running_loop().call_soon(conn.abort)

    def _uncount(self) -> None:
        if self._counted:
            self._counted = False
            self._server.addresses.release(self._peer[0])
            if self._place is not None:
                self._place.release()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._conn is not None:
            self._server.connections.discard(self._conn)
        self._uncount()
        self._arrived()
        reason = str(exc) if exc is not None else ""
        if "Login timeout" in reason:
            logger.warning(
                "limit login_timeout: %s did not sign in within %g s",
                self._peer[0],
                self._server.limits.login_timeout,
            )
        elif "keepalive" in reason:
            logger.info(
                "limit keepalive: %s at %s stopped answering; connection closed",
                quoted(self._username),
                self._peer[0],
            )

    # Authentication ------------------------------------------------------------------

    async def begin_auth(self, username: str) -> bool:
        """Return False to let `username` in without authentication."""
        self._username = username
        if self._rejected:
            return True
        if self._draining and self._conn is not None:
            logger.info(
                "refused %s from %s: the server is stopping", quoted(username), self._peer[0]
            )
            self._rejected = True
            self._conn.disconnect(asyncssh.DISC_SERVICE_NOT_AVAILABLE, DRAINING)
            return True
        if self._place is not None and not await self._place.admitted():
            return True  # refused over every server (`_over_shared_cap`): no sign-in
        authenticator = self._server.authenticator
        try:
            if await authenticator.no_auth(username):
                self._principal = None
                return False
            banner = getattr(authenticator, "banner", None)
            if banner and self._conn is not None:
                self._conn.send_auth_banner(banner)
            has_keys = getattr(authenticator, "has_keys", None)
            if has_keys is not None:
                self._offer_keys = bool(await has_keys(username))
        except Exception:
            logger.exception("authenticator failed in begin_auth for %s", quoted(username))
        return True

    def password_auth_supported(self) -> bool:
        return not (self._capped or self._rejected)

    def public_key_auth_supported(self) -> bool:
        return self._offer_keys and not (self._capped or self._rejected)

    async def validate_password(self, username: str, password: str) -> bool:
        if self._capped or self._rejected:
            return False
        principal = await self._server.check_password(username, password, self._peer[0])
        if principal is None:
            self._failed(username, "password")
            return False
        self._principal = principal
        return True

    async def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        if self._capped or self._rejected:
            return False
        try:
            principal = await self._server.authenticator.public_key(username, key)
        except Exception:
            logger.exception("authenticator failed checking a key for %s", quoted(username))
            return False
        if principal is None:
            self._failed(username, "public key")
            return False
        self._principal = principal
        return True

    def _failed(self, username: str, method: str) -> None:
        self._failures += 1
        logger.info("%s refused for %s from %s", method, quoted(username), self._peer[0])
        if self._failures >= self._server.limits.max_auth_attempts and not self._capped:
            self._capped = True
            logger.warning(
                "limit max_auth_attempts: %d failed attempts from %s (last as %s); disconnecting",
                self._failures,
                self._peer[0],
                quoted(username),
            )
            conn = self._conn
            if conn is not None:
                # After asyncssh has sent this attempt's failure reply.
                asyncio.get_running_loop().call_soon(
                    conn.disconnect,
                    asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
                    "Too many authentication failures",
                )

    def auth_completed(self) -> None:
        self._uncount()
        logger.info("%s signed in from %s", quoted(self._username), self._peer[0])

    # Sessions ------------------------------------------------------------------------

    def session_requested(self) -> AppSession | bool:
        self._sessions = [s for s in self._sessions if not s.finished]
        limit = self._server.limits.max_sessions_per_connection
        if len(self._sessions) >= limit:
            logger.warning(
                "limit max_sessions_per_connection: %s at %s already has %d sessions; "
                "refused another",
                quoted(self._username),
                self._peer[0],
                limit,
            )
            return False
        session = AppSession(
            self._server,
            username=self._username,
            principal=self._principal,
            peer=self._peer,
            on_drawn=self._arrived,
        )
        self._sessions.append(session)
        return session
