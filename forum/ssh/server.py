"""Starting and stopping the SSH server that serves the forum App to every client."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from typing import Any

import asyncssh

from forum.ssh import stdio
from forum.ssh.auth import Authenticator
from forum.ssh.collector import Collector
from forum.ssh.connection import ConnectionGuard
from forum.ssh.guards import AddressCounter, FailureStore, PasswordThrottle
from forum.ssh.hostkey import load_or_create_host_key
from forum.ssh.limits import Limits
from forum.ssh.logtext import quoted
from forum.ssh.loop_lag import LoopLag
from forum.ssh.proxy_protocol import ProxyProtocolListener
from forum.ssh.session import RESTARTING, AppFactory, AppSession
from forum.ssh.shared_limits import SESSIONS, Place, SharedLimits
from screens.textual_compat import release_styles_caches

logger = logging.getLogger("forum.ssh")

_SHUTDOWN_GRACE = 5.0
"""Seconds sessions get to finish their Apps when the server closes."""


class _LostClientWrites(logging.Filter):
    """Drops asyncio's "socket.send() raised exception." warning.

    asyncio logs it for every write, after the fifth, to a socket whose connection is
    already lost. Here that is an ordinary disconnect: asyncssh hears of the loss one
    turn of the event loop later, and a screen update written in between is split into
    SSH packets of 32 KiB, one socket write each. The session then ends, and that is
    logged once (session.py).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != "socket.send() raised exception."


_LOST_WRITES = _LostClientWrites()


class ForumServer:
    """A running server: what every connection shares, and how to stop it."""

    def __init__(
        self,
        *,
        app_factory: AppFactory,
        authenticator: Authenticator,
        limits: Limits,
        failures: FailureStore | None = None,
        shared: SharedLimits | None = None,
    ) -> None:
        self.app_factory = app_factory
        self.authenticator = authenticator
        self.limits = limits
        self.throttle = PasswordThrottle(
            after=limits.password_throttle_after,
            base=limits.password_throttle_base,
            maximum=limits.password_throttle_max,
            forget=limits.password_throttle_forget,
            store=failures,
        )
        self.addresses = AddressCounter(limits.max_unauthenticated_per_address)
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self.sessions: set[AppSession] = set()
        """Sessions whose App is starting or running."""
        self.shared = shared
        """The session cap and the per-address cap over every process and host, if the
        server shares them (`forum serve`); else they count this process alone."""
        self._places: dict[AppSession, Place] = {}
        self.collector = Collector()
        """Keeps the garbage collector from rescanning every session (collector.py)."""
        self.loop_lag = LoopLag()
        """How late the event loop runs what is due (loop_lag.py)."""
        self.closing = False
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._closed = asyncio.Event()
        self._stdio_installed = False

    async def check_password(self, username: str, password: str, address: str) -> Any | None:
        """The authenticator's principal for a right password, else None; behind the
        password throttle (shared by SSH logins and signing in inside a session), which
        is logged when it bites."""
        try:
            delay = await self.throttle.delay(username)
        except Exception:  # the throttle's store (the database) failing never lets a guess in
            logger.exception("the password throttle failed for %s", quoted(username))
            return None
        if delay > 0:
            logger.warning(
                "limit password_throttle: %d failed passwords for %s; waiting %.1f s "
                "before checking one from %s",
                await self.throttle.failures(username),
                quoted(username),
                delay,
                address,
            )
            await asyncio.sleep(delay)
        try:
            principal = await self.authenticator.password(username, password)
        except Exception:
            logger.exception("authenticator failed checking a password for %s", quoted(username))
            return None
        try:
            if principal is None:
                await self.throttle.failed(username)
            else:
                await self.throttle.succeeded(username)
        except Exception:
            logger.exception("the password throttle failed for %s", quoted(username))
        return principal

    @property
    def sockets(self) -> list[socket.socket]:
        return list(self._acceptor.sockets) if self._acceptor is not None else []

    @property
    def port(self) -> int:
        """The port listened on (useful after binding port 0)."""
        return self.sockets[0].getsockname()[1]

    def reserve_session(self, session: AppSession) -> bool:
        if self.closing or len(self.sessions) >= self.limits.max_sessions:
            return False
        self.sessions.add(session)
        self.collector.session_started()
        return True

    async def admit_session(self, session: AppSession) -> bool:
        """Whether a session reserved here also has a place under the session cap over
        every process and host (always, when the cap is this process's alone)."""
        if self.shared is None:
            return True
        place = Place(self.shared, SESSIONS, "", self.limits.max_sessions)
        self._places[session] = place
        return await place.admitted()

    def release_session(self, session: AppSession) -> asyncio.Task[None] | None:
        """Free a session's place; the task giving back its place under the shared cap,
        if there is one."""
        if session in self.sessions:
            self.sessions.discard(session)
            self.collector.session_ended(len(self.sessions))
        place = self._places.pop(session, None)
        return place.release() if place is not None else None

    def close(self) -> None:
        """Drain: ask every session's App to exit, and tell whoever connects meanwhile
        that the forum is restarting (the listener closes in `wait_closed`)."""
        if self.closing:
            return
        self.closing = True
        if self.sessions:
            logger.info("stopping: %s still open", _sessions(len(self.sessions)))
        for session in list(self.sessions):
            session.end("the server is stopping", RESTARTING)

    async def wait_closed(self) -> None:
        """Wait until every session, the listener and every connection have ended."""
        if self._closed.is_set():
            return
        self.close()
        await self._drain()
        if self._acceptor is not None:
            self._acceptor.close()
            await self._acceptor.wait_closed()
        for conn in list(self.connections):
            conn.close()
        for conn in list(self.connections):
            try:
                await asyncio.wait_for(conn.wait_closed(), timeout=1.0)
            except TimeoutError:
                pass  # told to close; the server goes on shutting down without it
            except Exception:
                logger.exception("closing an SSH connection failed")
        if self._stdio_installed:
            self._stdio_installed = False
            stdio.uninstall()
        self.collector.stop()
        await self.loop_lag.stop()
        self._closed.set()

    async def _drain(self) -> None:
        """Give the sessions a few seconds to end, saying each second how many are left;
        then cancel what is left."""
        tasks = {s.task for s in self.sessions if s.task is not None}
        deadline = asyncio.get_running_loop().time() + _SHUTDOWN_GRACE
        while tasks:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                break
            _done, tasks = await asyncio.wait(tasks, timeout=min(1.0, left))
            if tasks:
                logger.info("stopping: %s still open", _sessions(len(tasks)))
        for task in tasks:
            task.cancel()
        if tasks:
            logger.warning("stopping: %s did not end in time; cancelled", _sessions(len(tasks)))
            await asyncio.wait(tasks, timeout=1.0)

    async def __aenter__(self) -> ForumServer:
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        self.close()
        await self.wait_closed()


def open_server(
    *,
    app_factory: AppFactory,
    authenticator: Authenticator,
    limits: Limits | None = None,
    failures: FailureStore | None = None,
    shared: SharedLimits | None = None,
) -> ForumServer:
    """A server with no listener yet: the sessions, the limits and what every session's
    App shares, for SSH (`start_server`) and the web page (forum.web) alike. Close it
    with `.close()` then `await .wait_closed()`."""
    limits = limits or Limits()
    server = ForumServer(
        app_factory=app_factory,
        authenticator=authenticator,
        limits=limits,
        failures=failures,
        shared=shared,
    )
    release_styles_caches()
    logging.getLogger("asyncio").addFilter(_LOST_WRITES)  # added once, however many servers
    # Before any App runs, so every App's stdout/stderr save-and-restore is a no-op.
    stdio.install()
    server._stdio_installed = True
    server.collector.start()
    server.loop_lag.start()
    return server


async def start_server(
    host: str | None,
    port: int,
    *,
    host_key_path: str | os.PathLike[str],
    app_factory: AppFactory,
    authenticator: Authenticator,
    limits: Limits | None = None,
    reuse_port: bool = False,
    failures: FailureStore | None = None,
    proxy_protocol: bool = False,
    shared: SharedLimits | None = None,
) -> ForumServer:
    """Listen for SSH clients on `host`:`port` (port 0 picks a free one; see `.port`).

    Each session that asks for a shell on a pty gets `app_factory(info)` run on it.
    `failures` keeps the password throttle's counts (default: in this process), `shared`
    the session cap's and the per-address cap's (default: in this process). With
    `proxy_protocol`, every connection starts with a PROXY header (from a balancer such
    as HAProxy) naming the client's address; one without it is refused.
    Returns the running server; call `.close()` then `await .wait_closed()`.
    """
    limits = limits or Limits()
    host_key = load_or_create_host_key(host_key_path)
    server = open_server(
        app_factory=app_factory,
        authenticator=authenticator,
        limits=limits,
        failures=failures,
        shared=shared,
    )
    try:
        server._acceptor = await asyncssh.create_server(
            lambda: ConnectionGuard(server),
            host,
            port,
            server_host_keys=[host_key],
            line_editor=False,  # the line editor mangles a full-screen app's input
            encoding=None,  # bytes in and out; the driver decodes UTF-8 itself
            login_timeout=limits.login_timeout,
            keepalive_interval=limits.keepalive_interval,
            keepalive_count_max=limits.keepalive_count_max,
            agent_forwarding=False,
            x11_forwarding=False,
            allow_scp=False,
            reuse_address=True,
            reuse_port=reuse_port or None,
            # asyncssh listens through this "tunnel" when given one: see proxy_protocol.py
            tunnel=ProxyProtocolListener(reuse_port=reuse_port) if proxy_protocol else (),
        )
    except BaseException:
        await server.wait_closed()
        raise
    logger.info("listening for SSH on %s", ", ".join(_addresses(server.sockets)))
    return server


def _sessions(count: int) -> str:
    return f"{count} session{'s' if count != 1 else ''}"


def _addresses(sockets: list[socket.socket]) -> list[str]:
    names = []
    for sock in sockets:
        address = sock.getsockname()
        names.append(
            f"[{address[0]}]:{address[1]}" if ":" in address[0] else f"{address[0]}:{address[1]}"
        )
    return names
