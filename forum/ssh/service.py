"""`forum serve`: the database, the host key and the SSH server, from start to signal.

The database is opened once for the whole server (every session's App shares its
connections) and closed in the same task that opened it, after every session has ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forum import startup
from forum.config import LOG_FORMAT, ConfigError, Settings, ensure_data_dir
from forum.database import connected
from forum.live_feed import hearing
from forum.ssh.accounts import ForumAuthenticator, forum_app
from forum.ssh.hostkey import fingerprint, load_or_create_host_key
from forum.ssh.limits import Limits
from forum.ssh.server import ForumServer, open_server, start_server
from forum.ssh.shared_limits import SharedLimits, process_name
from forum.web.options import WebOptions
from models import sign_in_failures

if TYPE_CHECKING:
    from forum.web.server import WebListener

logger = logging.getLogger("forum.ssh")

HOST_KEY_NAME = "ssh_host_ed25519_key"


def host_key_path(settings: Settings, chosen: Path | None = None) -> Path:
    """Where the server's host key lives: the path given (``--host-key``: one key for
    every host behind a balancer), else in the data directory, whatever the database."""
    return chosen if chosen is not None else settings.data_dir / HOST_KEY_NAME


def prepare_host_key(path: Path, announce: Callable[[str], None]) -> None:
    """Make the host key if there is none, check it, and say where it is and what its
    fingerprint is (people compare it with what ``ssh`` shows the first time)."""
    try:
        host_key = load_or_create_host_key(path)
    except (OSError, ValueError) as error:  # unreadable, not private, or not a key
        raise ConfigError(f"Cannot use the host key {path}: {error}") from error
    announce(f"Host key {path}")
    announce(f"Host key fingerprint: {fingerprint(host_key)} (ED25519)")


def configure_logging(level: str = "info", tag: str | None = None) -> None:
    """Log records, one a line, to stderr (``tag``, such as a worker's number, follows
    the logger's name). asyncssh's own chatter (a few lines for every connection) is kept
    to warnings unless the level is debug."""
    handler = logging.StreamHandler()  # stderr
    named = f"%(name)s[{tag}]" if tag else "%(name)s"
    handler.setFormatter(logging.Formatter(LOG_FORMAT.replace("%(name)s", named)))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    if level.lower() != "debug":
        logging.getLogger("asyncssh").setLevel(logging.WARNING)
        logging.getLogger("tortoise").setLevel(logging.WARNING)


async def serve(
    settings: Settings,
    host: str,
    port: int,
    limits: Limits,
    *,
    announce: Callable[[str], None] | None = None,
    host_key: Path | None = None,
    reuse_port: bool = False,
    proxy_protocol: bool = False,
    worker: int = 0,
    web: WebOptions | None = None,
    ssh: bool = True,
) -> None:
    """Serve the forum over SSH until SIGINT or SIGTERM, then end every session cleanly;
    on SIGUSR1, log the event loop's lag since the last time (loop_lag.py).
    With ``reuse_port``, other processes (``--workers``, this one numbered ``worker``)
    listen on the same port; with ``proxy_protocol``, connections come from a balancer
    that names each client. The session cap and the per-address cap are counted over
    every process and host on the database, as the password throttle is.
    With ``web``, the web page is served too, on the same sessions (``ssh=False``: only
    the page, as ``forum web`` does)."""
    announce = announce or say
    ensure_data_dir(settings)
    key_path = host_key_path(settings, host_key)
    if ssh:
        prepare_host_key(key_path, announce)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)

    def stop_serving(signum: int) -> None:
        if stop.is_set():
            logger.info("still stopping (sessions get a few seconds to finish)")
            return
        logger.info("%s: stopping", signal.Signals(signum).name)
        stop.set()

    for signum in signals:
        loop.add_signal_handler(signum, stop_serving, signum)
    try:
        async with connected(settings), hearing(settings) as listener:
            if listener is not None:  # what others post shows from the first session on
                async with startup.step("listening for changes", settings.startup_timeout):
                    await listener.listening.wait()
            shared = SharedLimits()
            async with contextlib.AsyncExitStack() as stack:
                server = await _listen(
                    ssh,
                    host,
                    port,
                    stack,
                    host_key_path=key_path,
                    app_factory=forum_app,
                    authenticator=ForumAuthenticator(),
                    limits=limits,
                    reuse_port=reuse_port,
                    failures=sign_in_failures,  # one throttle for every process and host
                    proxy_protocol=proxy_protocol,
                    shared=shared,
                )
                page = await _listen_web(server, web, stack, reuse_port) if web else None
                named = server.port if ssh else page.port if page is not None else 0
                await stack.enter_async_context(sharing(shared, process_name(named, worker)))
                await stack.enter_async_context(server)  # its sessions end before the rest
                lag = server.loop_lag
                loop.add_signal_handler(signal.SIGUSR1, lambda: logger.info("%s", lag.report()))
                if page is not None:
                    where = ", ".join(address(a) for a in page.addresses)
                    first = address(page.addresses[0])
                    announce(f"Web page on {where}; open http://{first}/ in a browser")
                if ssh:
                    where = ", ".join(address(s.getsockname()) for s in server.sockets)
                    announce(f"Listening on {where}; connect with: ssh -p {server.port} NAME@HOST")
                await stop.wait()
            logger.info("every session has ended; closing the database")
    finally:
        for signum in (*signals, signal.SIGUSR1):
            # Only a process already in trouble fails here, and the error that ended the
            # server, if any, is the one to see.
            with contextlib.suppress(OSError, RuntimeError):
                loop.remove_signal_handler(signum)


async def _listen(
    ssh: bool, host: str, port: int, stack: contextlib.AsyncExitStack, **options: Any
) -> ForumServer:
    """The SSH server listening on ``host``:``port``, or (not ``ssh``) the server's
    sessions and limits with no SSH listener, for the web page alone."""
    if not ssh:
        keyword = {k: v for k, v in options.items() if k in _OPEN_OPTIONS}
        server = open_server(**keyword)
    else:
        try:
            server = await start_server(host, port, **options)
        except OSError as error:
            raise ConfigError(f"Cannot listen on {host}:{port}: {_reason(error)}") from None
    stack.push_async_callback(server.wait_closed)  # if what follows fails to start
    return server


_OPEN_OPTIONS = ("app_factory", "authenticator", "limits", "failures", "shared")


async def _listen_web(
    server: ForumServer, web: WebOptions, stack: contextlib.AsyncExitStack, reuse_port: bool
) -> WebListener:
    from forum.web.server import start_web  # aiohttp is loaded only to serve the page

    try:
        page = await start_web(server, web, reuse_port=reuse_port)
    except OSError as error:
        raise ConfigError(f"Cannot listen on {web.host}:{web.port}: {_reason(error)}") from None
    stack.push_async_callback(page.close)  # after the sessions have ended
    return page


def _reason(error: OSError) -> str:
    return os.strerror(error.errno) if error.errno else str(error)


@contextlib.asynccontextmanager
async def sharing(shared: SharedLimits, process: str) -> AsyncIterator[None]:
    """Count this process's places under the shared limits while the server runs (they
    are given back after its sessions have ended)."""
    await shared.start(process)
    try:
        yield
    finally:
        await shared.stop()


def say(line: str) -> None:
    print(line, flush=True)  # at once: whoever started the server may be waiting for it


def address(sockname: tuple[str, int] | tuple[str, int, int, int]) -> str:
    host, port = sockname[0], sockname[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
