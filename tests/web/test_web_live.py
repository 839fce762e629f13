"""The page and SSH on one server: one set of accounts, one event feed, live both ways;
and what a browser adds: paste, the mouse, links opening in the visitor's own browser."""

from __future__ import annotations

from models import threads
from models.seed import BOARDS
from tests.e2e.keys import CTRL_S, ENTER
from tests.helpers import make_thread, make_user
from tests.ssh.support import open_terminal
from tests.web.browser import focused, screen, until, wait_for_gone, wait_for_text

FIRST_BOARD = BOARDS[0][1]
GET_HELP = "You don't have to go through this alone."
"""Only on the Get help screen."""
PASSWORD = "correct horse"  # tests.helpers.make_user's

PASTE = """(text) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  document.querySelector(".xterm-helper-textarea").dispatchEvent(
    new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
}"""

CELL = """(text) => {
  const forum = window.forum;
  const rows = forum.text().split("\\n");
  const row = rows.findIndex((line) => line.includes(text));
  if (row < 0) return null;
  const box = document.querySelector(".xterm-screen").getBoundingClientRect();
  const width = box.width / forum.terminal.cols, height = box.height / forum.terminal.rows;
  const column = rows[row].indexOf(text);
  return [box.left + (column + 0.5) * width, box.top + (row + 0.5) * height];
}"""


async def sign_in(page, served, name: str) -> None:
    """ctrl+o, the name pasted (a real paste event), the password typed, enter."""
    await wait_for_text(page, FIRST_BOARD)
    await page.keyboard.press("Control+o")
    await wait_for_text(page, "Password")
    await until(lambda: focused(served) == "username")
    await page.evaluate(PASTE, name)
    await page.keyboard.press("Enter")
    await until(lambda: focused(served) == "password")
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await wait_for_gone(page, "browsing as a guest")  # the top bar names the person now
    await wait_for_text(page, FIRST_BOARD)
    assert (await screen(page)).splitlines()[0].rstrip().endswith(name)


async def test_a_reply_from_the_page_shows_live_over_ssh_and_the_other_way(page, served):
    alice = await make_user("alice")
    await make_user("bob")
    thread_id, _post = await make_thread(alice, "Telling my sister", "How do I start?")
    ssh = await open_terminal(served.server.port, "alice", password=PASSWORD, size=(100, 30))
    try:
        await ssh.wait_for(FIRST_BOARD)
        ssh.send(ENTER)
        await ssh.wait_for("Telling my sister")
        ssh.send(ENTER)
        await ssh.wait_for("How do I start?")

        await sign_in(page, served, "bob")
        await page.keyboard.press("Enter")  # the first board
        await wait_for_text(page, "Telling my sister")
        await page.keyboard.press("Enter")  # its thread
        await wait_for_text(page, "How do I start?")
        await page.keyboard.press("r")
        await wait_for_text(page, "Replying to")
        await until(lambda: focused(served) == "body")
        await page.keyboard.type("Start with a text; it is easier than a call.")
        await page.keyboard.press("Control+s")
        await wait_for_text(page, "1 reply")
        # alice presses nothing over SSH: the reply comes to her open thread
        await ssh.wait_for("Start with a text; it is easier than a call.", within=5)

        ssh.send(b"r")
        await ssh.wait_for("Replying to")
        # keys sent at once go to the field focused when they are read: wait for it
        await until(lambda: focused(served, web=False) == "body")
        ssh.send(b"Thank you, I will try tonight.")
        ssh.send(CTRL_S)
        await ssh.wait_for("2 replies")
        await wait_for_text(page, "Thank you, I will try tonight.", within=5)
        view = await threads.open_thread(thread_id, limit=10)
        assert [p.author for p in view.posts] == ["alice", "bob", "alice"]
    finally:
        await ssh.close()


async def test_a_click_opens_help_and_a_link_opens_in_a_new_tab_of_the_browser(
    page, served, context
):
    alice = await make_user("alice")
    await make_thread(
        alice, "Where to look", "This [list of groups](https://groups.example/near) helped."
    )
    await context.route("https://groups.example/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>groups</title>"))  # fmt: skip
    await wait_for_text(page, FIRST_BOARD)
    # the mouse: a click on the footer's key opens Get help
    x, y = await page.evaluate(CELL, "Get help now")
    await page.mouse.click(x, y)
    await wait_for_text(page, GET_HELP)  # (the boards' help pane names 988 too)
    await page.keyboard.press("Escape")
    await wait_for_gone(page, GET_HELP)
    await wait_for_text(page, FIRST_BOARD)
    await page.keyboard.press("Enter")
    await wait_for_text(page, "Where to look")
    await page.keyboard.press("Enter")
    await wait_for_text(page, "list of groups")
    x, y = await page.evaluate(CELL, "list of groups")
    async with context.expect_page() as opened:
        await page.mouse.click(x, y)
    tab = await opened.value
    await tab.wait_for_load_state()
    assert tab.url == "https://groups.example/near"
    # and the page names the address, in case the browser kept the tab from opening
    assert await page.locator("#link-address").inner_text() == "https://groups.example/near"
