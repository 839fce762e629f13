"""The forum in a real browser: the page, the terminal in it, and keys a person presses."""

from __future__ import annotations

from forum.web.page import CRISIS_LINE
from models.seed import BOARDS
from tests.web.browser import size, wait_for_gone, wait_for_text

FIRST_BOARD = BOARDS[0][1]
COLOUR = """(text) => {
  const row = window.forum.terminal.buffer.active.getLine(0);
  const column = row.translateToString().indexOf(text);
  const cell = row.getCell(column);
  return cell.isFgRGB() && cell.getFgColor() !== 0;
}"""
GET_HELP = "You don't have to go through this alone."
"""Only on the Get help screen."""


async def test_the_page_opens_on_the_boards_as_a_guest_with_help_one_key_away(page):
    shown = await wait_for_text(page, FIRST_BOARD)
    assert "browsing as a guest" in shown.splitlines()[0]
    assert "Get help now" in shown
    assert (await page.locator("footer").inner_text()).strip() == CRISIS_LINE
    # In colour: 24-bit, as xterm.js draws it (the top bar's "forum", in the theme's accent)
    assert await page.evaluate(COLOUR, "forum")
    # Everything the page needs comes from the server, under its policy: nothing refused.
    assert not [line for line in page.console if "Content Security Policy" in line]
    assert not [line for line in page.console if line.startswith("error:")]


async def test_ctrl_g_opens_get_help_and_a_lone_escape_goes_back(page):
    await wait_for_text(page, FIRST_BOARD)
    await page.keyboard.press("Control+g")
    await wait_for_text(page, GET_HELP)  # (the boards' help pane names 988 too)
    await wait_for_text(page, "Call or text 988")  # the lines, loaded once it shows
    await page.keyboard.press("Escape")
    await wait_for_gone(page, GET_HELP)
    await wait_for_text(page, FIRST_BOARD)


async def test_the_layout_follows_the_window(page):
    await wait_for_text(page, "Help & resources")
    wide, _rows = await size(page)
    await page.set_viewport_size({"width": 520, "height": 700})
    # Under 60 columns the resources pane becomes a bar: the pane's heading goes.
    await wait_for_gone(page, "Help & resources")
    narrow, _rows = await size(page)
    assert narrow < 60 < wide
    top = (await wait_for_text(page, "guest")).splitlines()[0]  # the top bar, redrawn
    assert top.rstrip().endswith("guest") and len(top.rstrip()) <= narrow
    await page.set_viewport_size({"width": 1200, "height": 800})
    await wait_for_text(page, "Help & resources")
    assert (await size(page))[0] == wide


async def test_the_crisis_line_is_there_without_scripts(browser, served):
    context = await browser.new_context(java_script_enabled=False)
    try:
        page = await context.new_page()
        await page.goto(served.url)
        assert (await page.locator("footer").inner_text()).strip() == CRISIS_LINE
        assert await page.locator("footer").is_visible()
        # (Chromium under Playwright leaves <noscript> unrendered when it turns scripts
        # off, so only its presence in the page is checked.)
        assert "The forum needs JavaScript" in await page.content()
    finally:
        await context.close()
