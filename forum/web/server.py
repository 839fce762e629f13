"""The web listener: the page, its files and its websocket, on an aiohttp server beside
(or instead of) the SSH listener, serving sessions of the same ForumServer."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiohttp import web

from forum.web.options import WebOptions
from forum.web.page import PAGE, SECURITY_HEADERS, STATIC
from forum.web.visitor import Visitor

if TYPE_CHECKING:
    from forum.ssh.server import ForumServer

logger = logging.getLogger("forum.web")

_CACHE_STATIC = "public, max-age=3600"


def web_app(server: ForumServer, options: WebOptions) -> web.Application:
    """The page at ``/``, its files under ``/static/``, the websocket at ``/ws``."""

    async def page(request: web.Request) -> web.Response:
        return web.Response(
            text=PAGE, content_type="text/html", headers={"Cache-Control": "no-cache"}
        )

    async def no_icon(request: web.Request) -> web.Response:
        return web.Response(status=204)  # browsers ask; the page has none

    async def websocket(request: web.Request) -> web.StreamResponse:
        return await Visitor(server, options, request).run()

    async def secure(request: web.Request, response: web.StreamResponse) -> None:
        response.headers.update(SECURITY_HEADERS)
        response.headers["Server"] = "forum"  # not which libraries, in which versions
        if request.path.startswith("/static/"):
            response.headers["Cache-Control"] = _CACHE_STATIC

    app = web.Application(client_max_size=64 * 1024)  # the page takes no uploads
    app.router.add_get("/", page)
    app.router.add_get("/ws", websocket)
    app.router.add_get("/favicon.ico", no_icon)
    app.router.add_static("/static/", STATIC, show_index=False, follow_symlinks=False)
    app.on_response_prepare.append(secure)
    return app


class WebListener:
    """The running web listener; `close` stops accepting (sessions end with the server)."""

    def __init__(self, runner: web.AppRunner) -> None:
        self._runner = runner

    @property
    def addresses(self) -> list[tuple[str, int]]:
        """Where it listens: (host, port) for each socket."""
        return [(str(a[0]), int(a[1])) for a in self._runner.addresses]

    @property
    def port(self) -> int:
        """The port listened on (useful after binding port 0)."""
        return self.addresses[0][1]

    async def close(self) -> None:
        await self._runner.cleanup()


async def start_web(
    server: ForumServer, options: WebOptions, *, reuse_port: bool = False
) -> WebListener:
    """Listen for browsers on `options.host`:`options.port` (0 picks a free one)."""
    runner = web.AppRunner(
        web_app(server, options),
        access_log=None,  # a session's start and end are logged; the page's files are not
        handle_signals=False,
        shutdown_timeout=1.0,
    )
    await runner.setup()
    site = web.TCPSite(
        runner, options.host, options.port, reuse_address=True, reuse_port=reuse_port or None
    )
    try:
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    listener = WebListener(runner)
    where = ", ".join(_address(host, port) for host, port in listener.addresses)
    logger.info("listening for web browsers on %s", where)
    return listener


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
