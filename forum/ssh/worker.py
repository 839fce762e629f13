"""One worker process of ``forum serve --workers N`` (started by forum.ssh.workers).

It reads its job from standard input, serves SSH on the shared port with its own
sessions, and says "Listening on …" on standard output once it accepts connections.
SIGTERM drains it like a single server: sessions are told and ended, newcomers are told
that the forum is restarting.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

from forum.config import ConfigError, Settings
from forum.ssh.limits import Limits
from forum.web.options import WebOptions

logger = logging.getLogger("forum.ssh")


@dataclass(frozen=True)
class WorkerJob:
    """What a worker serves, and how (passed from the supervisor, pickled)."""

    number: int
    settings: Settings
    host: str
    port: int
    limits: Limits
    host_key: Path
    log_level: str
    proxy_protocol: bool
    web: WebOptions | None = None
    """The web page, served by every worker on one port too (SO_REUSEPORT)."""


def main() -> None:
    from forum.ssh.service import configure_logging, say, serve

    job: WorkerJob = pickle.load(sys.stdin.buffer)
    configure_logging(job.log_level, tag=f"worker {job.number}")
    try:
        asyncio.run(
            serve(
                job.settings,
                job.host,
                job.port,
                job.limits,
                announce=say,
                host_key=job.host_key,
                reuse_port=True,
                proxy_protocol=job.proxy_protocol,
                worker=job.number,
                web=job.web,
            )
        )
    except ConfigError as error:
        logger.error("%s", error)
        sys.exit(1)


if __name__ == "__main__":
    main()
