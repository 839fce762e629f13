"""The real forum served as a web page (and over SSH, on the same server) in this
process, on the test database, and one real Chromium per test module."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from forum.ssh import ForumServer, Limits, start_server
from forum.ssh.accounts import ForumAuthenticator, forum_app
from forum.web.options import WebOptions
from forum.web.server import WebListener, start_web
from models import sign_in_failures
from tests.e2e.served import forum_env, pg_env  # noqa: F401 -- fixtures, for the commands' tests
from tests.web.browser import chromium_or_skip


@dataclass
class Served:
    server: ForumServer
    web: WebListener

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web.port}/"


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Any]:
    executable = chromium_or_skip()
    try:
        from playwright.async_api import async_playwright
    except ImportError:  # in the test extras
        pytest.fail("playwright is not installed: pip install -e '.[test]'", pytrace=False)
    async with async_playwright() as playwright:
        # Chromium's own check on pages reaching loopback addresses is off, so that a page
        # of another origin does reach the server, whose Origin check is what is tested.
        launched = await playwright.chromium.launch(
            executable_path=executable, args=["--disable-features=LocalNetworkAccessChecks"]
        )
        yield launched
        await launched.close()


@pytest.fixture
def limits() -> Limits:
    """The server's limits; a test may override this fixture."""
    return Limits()


@pytest.fixture
def web_options() -> WebOptions:
    """How the page is served; a test may override this fixture."""
    return WebOptions(port=0)


@pytest.fixture
async def served(
    db: str, limits: Limits, web_options: WebOptions, tmp_path_factory
) -> AsyncIterator[Served]:
    """`forum serve --web-port` in this process: SSH and the page on one server."""
    key: Path = tmp_path_factory.getbasetemp() / "web_host_key"
    server = await start_server(
        "127.0.0.1",
        0,
        host_key_path=key,
        app_factory=forum_app,
        authenticator=ForumAuthenticator(),
        limits=limits,
        failures=sign_in_failures,
    )
    web = await start_web(server, web_options)
    yield Served(server, web)
    server.close()
    await server.wait_closed()
    await web.close()
    assert not server.sessions


@pytest.fixture
async def context(browser: Any) -> AsyncIterator[Any]:
    made = await browser.new_context(viewport={"width": 1200, "height": 800})
    yield made
    await made.close()


@pytest.fixture
async def page(context: Any, served: Served) -> AsyncIterator[Any]:
    """The forum's page, opened; what the browser's console said is kept in `.console`."""
    opened = await context.new_page()
    opened.console = []  # type: ignore[attr-defined]
    opened.on("console", lambda message: opened.console.append(message.text))
    opened.on("pageerror", lambda error: opened.console.append(f"error: {error}"))
    await opened.goto(served.url)
    yield opened


@pytest.fixture
def web_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="forum.web")
    caplog.set_level(logging.INFO, logger="forum.ssh")
    return caplog
