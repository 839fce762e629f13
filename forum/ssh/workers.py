"""``forum serve --workers N``: N worker processes on one port, one PostgreSQL.

Each worker (forum.ssh.worker) is a whole SSH server with its own sessions, as a single
``forum serve`` is. They listen on the same port with SO_REUSEPORT, so the kernel spreads
new connections over them, and they hear each other's changes through PostgreSQL's
LISTEN/NOTIFY, as separate hosts do. This process only prepares the database and the
host key once, starts the workers, starts again one that dies (its people reconnect to
the others at once), and on SIGINT or SIGTERM passes the signal on and waits for every
worker to drain.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import os
import pickle
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from forum import startup
from forum.config import ConfigError, Settings, ensure_data_dir
from forum.database import connected
from forum.ssh.limits import Limits
from forum.ssh.service import address, host_key_path, prepare_host_key
from forum.ssh.worker import WorkerJob
from forum.web.options import WebOptions

logger = logging.getLogger("forum.ssh")

STOP_WAIT = 20.0
"""Seconds the workers get to drain after SIGTERM before they are killed."""
QUICK_DEATH = 10.0
"""A worker that dies sooner than this after starting is started again only after a
pause (doubling up to MAX_PAUSE), so a worker that cannot start does not spin."""
MAX_PAUSE = 30.0


def default_workers(settings: Settings) -> int:
    """One worker a core on PostgreSQL; SQLite is one process's database."""
    return (os.cpu_count() or 1) if settings.is_postgres else 1


def check_workers(settings: Settings, workers: int) -> None:
    if workers > 1 and not settings.is_postgres:
        raise ConfigError(
            f"--workers {workers} needs PostgreSQL (FORUM_DATABASE_URL=postgres://…): "
            "an SQLite file is written by one process at a time. Use --workers 1."
        )


class Worker:
    """One worker process, started again whenever it ends unasked."""

    def __init__(self, number: int, job: WorkerJob) -> None:
        self.number = number
        self.job = job
        self.process: asyncio.subprocess.Process | None = None
        self.pause = 0.0
        self._told_to_stop: asyncio.subprocess.Process | None = None

    async def start(self, within: float) -> None:
        """Start the process and wait until it listens (its "Listening on" line)."""
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "forum.ssh.worker",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        self.process = process
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(pickle.dumps(self.job))
        await process.stdin.drain()
        process.stdin.close()
        async with startup.step(f"starting worker {self.number}", within):
            while True:
                line = await process.stdout.readline()
                if not line:
                    await process.wait()
                    raise ConfigError(
                        f"Worker {self.number} could not start (exit code "
                        f"{process.returncode}): its log is above."
                    )
                if line.startswith(b"Listening on"):
                    break
        logger.info("worker %d listening (pid %d)", self.number, process.pid)

    async def run(self, stopping: asyncio.Event, within: float) -> None:
        """Keep the worker running until ``stopping``: a worker that ends is started again."""
        loop = asyncio.get_running_loop()
        while not stopping.is_set():
            assert self.process is not None
            started = loop.time()
            code = await self.process.wait()
            if stopping.is_set():
                return
            quick = loop.time() - started < QUICK_DEATH
            self.pause = min(max(self.pause * 2, 1.0), MAX_PAUSE) if quick else 0.0
            logger.warning(
                "worker %d (pid %d) ended with exit code %s; starting it again%s",
                self.number,
                self.process.pid,
                code,
                f" in {self.pause:g} s" if self.pause else "",
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), self.pause)
            if stopping.is_set():
                return
            try:
                await self.start(within)
            except ConfigError as error:
                logger.error("%s", error)  # tried again after a pause

    def signal(self, signum: int) -> None:
        if self.process is not None and self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signum)

    def stop(self) -> None:
        """SIGTERM, once: the worker drains (a second one would only be logged)."""
        if self._told_to_stop is not self.process:
            self._told_to_stop = self.process
            self.signal(signal.SIGTERM)

    async def stopped(self) -> None:
        """Wait for the process to end after SIGTERM; kill it if it takes too long."""
        if self.process is None:
            return
        try:
            await asyncio.wait_for(self.process.wait(), STOP_WAIT)
        except TimeoutError:
            logger.warning("worker %d did not stop in %g s; killing it", self.number, STOP_WAIT)
            self.signal(signal.SIGKILL)
            await self.process.wait()


def reserve_port(host: str, port: int) -> socket.socket:
    """Check that ``host``:``port`` is free (another server there is an error, not a
    silent share) and hold it with SO_REUSEPORT, so the workers can join it: port 0
    becomes the one the system picked."""
    try:
        family, kind, proto, _name, where = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as probe:
            probe.bind(where)
            chosen = probe.getsockname()[1]
        held = socket.socket(family, kind, proto)
        held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        held.bind((where[0], chosen, *where[2:]))
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise ConfigError(f"Cannot listen on {host}:{port}: {reason}") from None
    return held


async def supervise(
    settings: Settings,
    host: str,
    port: int,
    limits: Limits,
    *,
    workers: int,
    log_level: str,
    announce: Callable[[str], None],
    host_key: Path | None = None,
    proxy_protocol: bool = False,
    web: WebOptions | None = None,
) -> None:
    """Run ``workers`` worker processes until SIGINT or SIGTERM, then drain them all;
    SIGUSR1 is passed on (each worker logs its event loop's lag). With ``web``, every
    worker serves the web page too, on one port."""
    check_workers(settings, workers)
    ensure_data_dir(settings)
    key_path = host_key_path(settings, host_key)
    prepare_host_key(key_path, announce)
    async with connected(settings):  # migrated and seeded once, not by each worker at once
        pass
    held = reserve_port(host, port)
    held_web = reserve_port(web.host, web.port) if web is not None else None
    if web is not None and held_web is not None:
        web = dataclasses.replace(web, port=held_web.getsockname()[1])
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    pool: list[Worker] = []

    def stop(signum: int) -> None:
        logger.info("%s: stopping %d workers", signal.Signals(signum).name, len(pool))
        stopping.set()
        for worker in pool:
            worker.stop()

    def report_lag() -> None:  # each worker logs its own event loop's figures
        for worker in pool:
            worker.signal(signal.SIGUSR1)

    signals = (signal.SIGINT, signal.SIGTERM)
    for signum in signals:
        loop.add_signal_handler(signum, stop, signum)
    loop.add_signal_handler(signal.SIGUSR1, report_lag)
    try:
        where = held.getsockname()
        for number in range(1, workers + 1):
            job = WorkerJob(
                number, settings, host, where[1], limits, key_path, log_level, proxy_protocol,
                web=web,
            )  # fmt: skip
            pool.append(Worker(number, job))
        await asyncio.gather(*(w.start(settings.startup_timeout) for w in pool))
        if web is not None:
            announce(f"Web page on {address((web.host, web.port))} with {workers} workers; "
                     f"open http://{address((web.host, web.port))}/ in a browser")  # fmt: skip
        announce(
            f"Listening on {address(where)} with {workers} workers; "
            f"connect with: ssh -p {where[1]} NAME@HOST"
        )
        await asyncio.gather(*(w.run(stopping, settings.startup_timeout) for w in pool))
    finally:
        stopping.set()
        for worker in pool:
            worker.stop()
        await asyncio.gather(*(w.stopped() for w in pool))
        held.close()
        if held_web is not None:
            held_web.close()
        for signum in (*signals, signal.SIGUSR1):
            with contextlib.suppress(OSError, RuntimeError):
                loop.remove_signal_handler(signum)
    logger.info("every worker has stopped")
