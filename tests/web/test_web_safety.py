"""The page's websocket keeps to its own page and to the server's limits, the same as SSH."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from forum.ssh import Limits
from forum.web.options import WebOptions, parse_networks
from forum.web.page import CONTENT_SECURITY_POLICY
from models.seed import BOARDS
from tests.e2e.test_e2e_shared_limits import waiting_at_the_prompt
from tests.helpers import make_thread, make_user
from tests.web.browser import focused, until, wait_for_text

FIRST_BOARD = BOARDS[0][1]
HOSTILE = "Before \x1b[2J\x1b]0;pwned\x07 and \x1b]52;c;aGk=\x07 [b]markup[/b] [red]x[/red] after."

ELSEWHERE = """<!doctype html><html><body><script>
window.tried = new Promise((resolve) => {
  const socket = new WebSocket("ws://127.0.0.1:PORT/ws");
  socket.onopen = () => resolve("opened");
  socket.onclose = (event) => resolve("closed " + event.code);
});
</script></body></html>"""


async def test_a_page_from_another_origin_cannot_open_the_websocket(context, served, web_log):
    other = await context.new_page()
    html = ELSEWHERE.replace("PORT", str(served.web.port))
    await other.route("http://localhost:1/", lambda route: route.fulfill(
        status=200, content_type="text/html", body=html))  # fmt: skip
    await other.goto("http://localhost:1/")
    assert (await other.evaluate("() => window.tried")).startswith("closed")
    assert "origin 'http://localhost:1' is not this page's" in web_log.text
    assert not served.server.sessions


async def test_the_websocket_wants_the_pages_own_origin(served, web_log):
    url = f"{served.url}ws"
    async with aiohttp.ClientSession() as client:
        for origin in ("http://elsewhere.test", None, "null"):
            headers = {"Origin": origin} if origin else {}
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(url, headers=headers)
            assert refused.value.status == 403
        ws = await client.ws_connect(url, headers={"Origin": served.url.rstrip("/")})
        assert (await ws.receive()).type is aiohttp.WSMsgType.BINARY  # the first screen
        await ws.close()
    assert web_log.text.count("refused a websocket from 127.0.0.1") == 3


async def test_the_page_is_under_a_strict_policy(served):
    async with aiohttp.ClientSession() as client, client.get(served.url) as response:
        policy = response.headers["Content-Security-Policy"]
        assert policy == CONTENT_SECURITY_POLICY
        assert "default-src 'none'" in policy and "script-src 'self'" in policy
        assert "'unsafe-eval'" not in policy and "frame-ancestors 'none'" in policy
        page = await response.text()
    assert "http://" not in page.replace('href="https://findahelpline.com"', "")
    assert "https://" not in page.replace('href="https://findahelpline.com"', "")


async def test_a_message_over_the_bound_ends_the_connection_and_is_logged(served, web_log):
    async with aiohttp.ClientSession() as client:
        ws = await client.ws_connect(f"{served.url}ws", headers={"Origin": served.url[:-1]})
        await ws.receive()
        await ws.send_str('["stdin", "' + "x" * 70_000 + '"]')
        while not ws.closed:
            await ws.receive()
        assert ws.close_code == 1009
    await until(lambda: not served.server.sessions)
    assert "limit max_frame" in web_log.text


@pytest.fixture
def limits(request) -> Limits:
    return getattr(request, "param", Limits())


@pytest.mark.parametrize("limits", [Limits(max_sessions=1)], indirect=True)
async def test_the_session_cap_counts_ssh_and_the_page_together(served, context, web_log):
    from tests.ssh.support import open_terminal

    terminal = await open_terminal(served.server.port, "guest", size=(100, 30))
    try:
        await terminal.wait_for(FIRST_BOARD)
        page = await context.new_page()
        await page.goto(served.url)
        await wait_for_text(page, "forum is full right now")
        assert "limit max_sessions" in web_log.text
    finally:
        await terminal.close()


@pytest.mark.parametrize("limits", [Limits(max_unauthenticated_per_address=1)], indirect=True)
async def test_the_address_cap_counts_ssh_and_the_page_together(served, context, web_log):
    # An SSH connection from 127.0.0.1 waiting at its password prompt takes the one place.
    connecting = await waiting_at_the_prompt(served.server.port)
    try:
        await until(lambda: served.server.addresses.count("127.0.0.1") == 1)
        page = await context.new_page()
        await page.goto(served.url)
        await wait_for_text(page, "too many people from your address")
        assert "limit max_unauthenticated_per_address" in web_log.text
    finally:
        connecting.cancel()
        await asyncio.gather(connecting, return_exceptions=True)


async def test_a_hostile_post_shows_literally(page, served):
    alice = await make_user("alice")
    await make_thread(alice, "Costs", HOSTILE)
    await page.evaluate("""async () => {
        await window.forum.ready;
        window.titles = [];
        window.forum.terminal.onTitleChange((title) => window.titles.push(title));
    }""")
    await wait_for_text(page, FIRST_BOARD)
    await page.keyboard.press("Enter")
    await wait_for_text(page, "Costs")
    await page.keyboard.press("Enter")
    shown = await wait_for_text(page, "[b]markup[/b]")
    assert "[b]markup[/b] [red]x[/red] after." in shown
    assert "Before" in shown  # no clear-screen reached the terminal
    assert await page.evaluate("() => window.titles") == []
    assert await page.title() == "forum"


async def test_signing_in_on_the_page_counts_towards_the_password_throttle(page, served, web_log):
    await make_user("bob")
    await wait_for_text(page, FIRST_BOARD)
    await page.keyboard.press("Control+o")
    await wait_for_text(page, "Password")
    await until(lambda: focused(served) == "username")
    await page.keyboard.type("bob")
    await page.keyboard.press("Enter")
    await until(lambda: focused(served) == "password")
    await page.keyboard.type("not his password")
    await page.keyboard.press("Enter")
    await wait_for_text(page, "do not match an account")
    assert await served.server.throttle.failures("bob") == 1
    assert "sign-in form: password refused for 'bob' from 127.0.0.1" in web_log.text


@pytest.mark.parametrize("limits", [Limits(keepalive_interval=0.5)], indirect=True)
async def test_a_browser_that_stops_answering_is_closed_and_logged(served, web_log):
    async with aiohttp.ClientSession() as client:
        # autoping off: the server's pings go unanswered, as from a machine gone to sleep
        ws = await client.ws_connect(
            f"{served.url}ws", headers={"Origin": served.url[:-1]}, autoping=False
        )
        await until(lambda: served.server.sessions)
        await until(lambda: not served.server.sessions)
        await ws.close()
    assert "limit keepalive: the browser at 127.0.0.1 stopped answering" in web_log.text


@pytest.mark.parametrize(
    "limits",
    [Limits(write_buffer_high=32 * 1024, write_buffer_low=8 * 1024, output_stall_timeout=1.0)],
    indirect=True,
)
async def test_a_browser_that_stops_reading_is_cut_off_and_logged(served, web_log):
    """Window sizes keep coming (each a full repaint) while nothing is read: the output
    waits in the server's buffer, updates are dropped, then the visitor is cut off."""
    async with aiohttp.ClientSession() as client:
        ws = await client.ws_connect(f"{served.url}ws", headers={"Origin": served.url[:-1]})
        await until(lambda: served.server.sessions)
        session = next(iter(served.server.sessions))
        width = 200
        while session in served.server.sessions:
            width = 401 - width  # 200, 201, 200...: a new size, a full repaint, each time
            await ws.send_str(f'["resize", {{"width": {width}, "height": 120}}]')
            await asyncio.sleep(0)  # the server runs in this event loop too: let it work
        await ws.close()
    assert "limit write_buffer_high" in web_log.text
    assert "limit output_stall_timeout" in web_log.text


@pytest.fixture
def web_options(request) -> WebOptions:
    return getattr(request, "param", WebOptions(port=0))


@pytest.mark.parametrize(
    "web_options", [WebOptions(port=0, forwarded_allow=parse_networks("127.0.0.1"))],
    indirect=True,
)  # fmt: skip
async def test_a_trusted_proxy_names_the_visitor(served, web_log):
    async with aiohttp.ClientSession() as client:
        headers = {"Origin": served.url[:-1], "X-Forwarded-For": "6.6.6.6, 198.51.100.7"}
        ws = await client.ws_connect(f"{served.url}ws", headers=headers)
        await ws.receive()
        await ws.close()
    await until(lambda: "session ended" in web_log.text)
    assert "session started: 'guest' from 198.51.100.7" in web_log.text
    assert "6.6.6.6" not in web_log.text
