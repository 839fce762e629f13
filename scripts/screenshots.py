"""Write SVG screenshots of the main screens, from the real app on demo data.

    python scripts/screenshots.py                 # into docs/screenshots/
    python scripts/screenshots.py --out /tmp/shots --size 120x36

A fresh SQLite database in a temporary folder gets the demo story (models.demo.write_story,
which the snapshot tests show too): a few people, a pinned welcome thread, a thread with a
reply tree (an edit, a removal, a folded branch) and some threads still waiting for a
reply, each written at its own time before the moment the pictures are taken. Then the
app itself is driven with Textual's Pilot, headless, and each screen is saved as the SVG
Textual exports. Then the same forum is served as a web page (forum.web, in this
process) and Debian's Chromium (/usr/bin/chromium, driven by Playwright) saves the page,
terminal and crisis line, as web.png.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = datetime(2025, 5, 12, 18, 30, tzinfo=UTC)
"""The moment the pictures are taken (fixed, so they do not change from run to run)."""


async def shoot(out: Path, size: tuple[int, int]) -> list[Path]:
    from forum.app import ForumApp
    from forum.config import Settings
    from forum.database import connected
    from models import accounts, clock
    from models.demo import write_story
    from screens.board import BoardScreen
    from screens.boards import BoardsScreen
    from screens.compose import ComposeScreen
    from screens.get_help import GetHelpScreen
    from screens.keys import KeysScreen
    from screens.thread import ThreadScreen, show_thread

    written: list[Path] = []

    async def settle(pilot) -> None:
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        await pilot.pause(0.3)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    async def until(pilot, check, within: float = 10) -> None:
        for _ in range(int(within / 0.02)):
            if check():
                return
            await pilot.pause(0.02)
        raise RuntimeError(f"the app never reached {check}")

    def save(app, name: str) -> None:
        path = out / f"{name}.svg"
        path.write_text(app.export_screenshot(title=f"forum — {name.replace('-', ' ')}"))
        written.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(Path(tmp), f"sqlite://{Path(tmp) / 'demo.sqlite3'}")
        async with connected(settings):
            clock.set_clock(lambda: NOW)
            ids = await write_story()
            river = await accounts.find("river")
            moss = await accounts.find("moss")

            app = ForumApp()
            async with app.run_test(size=size) as pilot:
                await settle(pilot)
                save(app, "sign-in")
                await pilot.press("ctrl+g")
                await until(pilot, lambda: isinstance(app.screen, GetHelpScreen)
                            and app.screen.query(".line-card"))  # fmt: skip
                await settle(pilot)
                save(app, "get-help")

            app = ForumApp(start=river)
            async with app.run_test(size=size) as pilot:
                await until(pilot, lambda: isinstance(app.screen, BoardsScreen)
                            and app.screen.boards)  # fmt: skip
                await settle(pilot)
                save(app, "boards")
                await pilot.press("enter")
                await until(pilot, lambda: isinstance(app.screen, BoardScreen)
                            and app.screen.threads)  # fmt: skip
                await settle(pilot)
                save(app, "board")
                await show_thread(app, ids["thread"])
                await until(pilot, lambda: isinstance(app.screen, ThreadScreen)
                            and app.screen.ready)  # fmt: skip
                await settle(pilot)
                save(app, "thread")
                await pilot.press("r")
                await until(pilot, lambda: isinstance(app.screen, ComposeScreen))
                app.screen.query_one("TextArea").text = (
                    "Thank you, everyone. What helped most:\n\n"
                    "- **Noor**: the letter idea\n- **sam k**: telling a sister first\n\n"
                    "I'll post again after the weekend."
                )
                await settle(pilot)
                save(app, "compose")
                await pilot.press("f1")
                await until(pilot, lambda: isinstance(app.screen, KeysScreen))
                await settle(pilot)
                save(app, "keys")

            app = ForumApp(start=moss)
            async with app.run_test(size=size) as pilot:
                await show_thread(app, ids["thread"])
                await until(pilot, lambda: isinstance(app.screen, ThreadScreen)
                            and app.screen.ready)  # fmt: skip
                await pilot.press("down", "enter")  # fold a branch
                app.screen.query_one("#resource-list").focus()
                await settle(pilot)
                save(app, "moderator")

            app = ForumApp(start=river)
            async with app.run_test(size=(80, 24)) as pilot:
                await show_thread(app, ids["thread"])
                await until(pilot, lambda: isinstance(app.screen, ThreadScreen)
                            and app.screen.ready)  # fmt: skip
                await settle(pilot)
                save(app, "thread-80x24")
            written += await shoot_web(out)
            clock.set_clock(None)
    return written


CHROMIUM = Path("/usr/bin/chromium")


async def shoot_web(out: Path) -> list[Path]:
    """The boards in the web page, as a guest first sees them (PNG)."""
    if not os.access(CHROMIUM, os.X_OK):
        print(f"{CHROMIUM} is missing (apt-get install chromium): no web.png", file=sys.stderr)
        return []
    from playwright.async_api import async_playwright

    from forum.ssh.accounts import ForumAuthenticator, forum_app
    from forum.ssh.server import open_server
    from forum.web.options import WebOptions
    from forum.web.server import start_web
    from models.seed import BOARDS

    server = open_server(app_factory=forum_app, authenticator=ForumAuthenticator())
    web = await start_web(server, WebOptions(port=0))
    path = out / "web.png"
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(CHROMIUM))
            page = await browser.new_page(viewport={"width": 1280, "height": 760})
            await page.goto(f"http://127.0.0.1:{web.port}/")
            wait = "([text]) => window.forum.waitFor(text)"
            await page.evaluate(wait, [BOARDS[0][1]])
            await page.evaluate(wait, ["Find a Helpline"])
            await page.screenshot(path=str(path))
            await browser.close()
    finally:
        server.close()
        await server.wait_closed()
        await web.close()
    return [path]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="110x34", help="COLUMNSxROWS (default 110x34)")
    args = parser.parse_args()
    columns, rows = (int(n) for n in args.size.lower().split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(shoot(args.out, (columns, rows))):
        print(path)


if __name__ == "__main__":
    main()
