"""The baseline for scripts/bench_ssh.py: a bare Textual app served over forum's SSH server.

    python scripts/bare_ssh_server.py --host-key PATH [--port 0]

The same server as `forum serve` (driver, limits, shared styles, garbage collection), but
each session's App shows one line of text instead of the forum, and any password is
accepted without hashing. bench_ssh.py times a burst of sessions against it in the same
run as against the forum: what is left is what the forum itself costs.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Label  # noqa: E402

from forum.ssh.limits import Limits  # noqa: E402
from forum.ssh.server import start_server  # noqa: E402
from models.seed import BOARDS  # noqa: E402

TEXT = f"{BOARDS[0][1]} · Get help"
"""Holds the bytes bench_ssh.py waits for on a drawn screen."""


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label(TEXT)


class AnyoneIn:
    async def password(self, username: str, password: str) -> str:
        return username

    async def public_key(self, username: str, key: object) -> None:
        return None

    async def no_auth(self, username: str) -> bool:
        return username in {"guest", "new"}


async def serve(host_key: str, port: int) -> None:
    server = await start_server(
        "127.0.0.1", port, host_key_path=host_key, app_factory=lambda _info: Bare(),
        authenticator=AnyoneIn(), limits=Limits(max_unauthenticated_per_address=1000),
    )  # fmt: skip
    print(f"Listening on 127.0.0.1:{server.port}", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with server:
        await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host-key", required=True, help="where the host key is (made if new)")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    asyncio.run(serve(args.host_key, args.port))


if __name__ == "__main__":
    main()
