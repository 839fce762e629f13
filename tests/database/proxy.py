"""A TCP proxy in front of PostgreSQL that a test can hold, cut and restore, so an outage
happens exactly when the test says, without touching the shared server."""

from __future__ import annotations

import asyncio
import contextlib


class Proxy:
    """Relays 127.0.0.1:<port> to the real server.

    ``hold()`` keeps what clients send from reaching the server (a stalled network) until
    ``release()``; ``cut()`` drops every relayed connection and refuses new ones (the
    server going away) until ``restore()``.
    """

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self.held = asyncio.Event()
        """Set when a client sent something while the proxy was holding."""
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def restore(self) -> None:
        await self.start()

    def hold(self) -> None:
        self.held.clear()
        self._flowing.clear()

    def release(self) -> None:
        self._flowing.set()

    async def close(self) -> None:
        if self._server is not None:
            await self.cut()

    async def _relay(
        self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter
    ) -> None:
        try:
            server_in, server_out = await asyncio.open_connection(*self.target)
        except OSError:
            client_out.transport.abort()
            return
        self._writers.update((client_out, server_out))
        await asyncio.gather(
            self._pipe(client_in, server_out, upstream=True),
            self._pipe(server_in, client_out, upstream=False),
        )

    async def _pipe(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, *, upstream: bool
    ) -> None:
        with contextlib.suppress(OSError):
            while data := await source.read(65536):
                if upstream and not self._flowing.is_set():
                    self.held.set()
                    await self._flowing.wait()
                sink.write(data)
                await sink.drain()
        sink.transport.abort()
        self._writers.discard(sink)
