"""Write SVG screenshots of the main screens, from the real app on demo data.

    python scripts/screenshots.py                 # into docs/screenshots/
    python scripts/screenshots.py --out /tmp/shots --size 120x36

A fresh SQLite database in a temporary folder gets a few people, a pinned welcome
thread, a thread with a reply tree (an edit, a removal, a folded branch) and some
threads still waiting for a reply, written through the domain with the clock moved back
so times read naturally. Then the app itself is driven with Textual's Pilot, headless,
and each screen is saved as the SVG Textual exports.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = datetime(2025, 5, 12, 18, 30, tzinfo=UTC)
"""The moment the pictures are taken (fixed, so they do not change from run to run)."""


def key() -> str:
    return uuid.uuid4().hex


async def demo() -> dict[str, int]:
    """Demo content written through the domain, each at its own time in the past."""
    from models import accounts, boards, clock, posting, resources
    from models.entities import ResourceKind, Role

    at = {"now": NOW}
    clock.set_clock(lambda: at["now"])

    def ago(**delta: float) -> None:
        at["now"] = NOW - timedelta(**delta)

    ago(days=40)
    people = {name: await accounts.register(name, None, shown) for name, shown in [
        ("river", "river"), ("noor", "Noor"), ("sam_k", "sam k"), ("mei", "Mei"),
        ("jordan", "jordan"), ("tomas", "Tomás"),
    ]}  # fmt: skip
    moss = await accounts.register("moss", None, "moss", role=Role.MODERATOR)
    board_list = await boards.list_boards()
    intro, asking, groups = board_list[0].id, board_list[2].id, board_list[3].id
    await resources.pin_resource(
        moss, "Thursday peer group at the library",
        "A friendly, free group; come and just listen the first time.",
        "Central Library, room 2 · Thursdays 6pm", ResourceKind.SUPPORT_GROUP, board_id=groups,
    )  # fmt: skip
    started = await posting.start_thread(
        moss, intro, "Welcome: how this place works",
        "Be kind. Say as much or as little as you like.\n\n**Help is one key away:** press "
        "*ctrl+g* on any screen for crisis lines.", key(),
    )  # fmt: skip
    welcome = started.thread_id
    await posting.set_thread_flag(moss, welcome, "pinned", True)
    ago(hours=26)
    await posting.start_thread(
        people["sam_k"],
        intro,
        "Hello from a night-shift worker",
        "Hi all. I work nights and it gets lonely. Just saying hi.",
        key(),
    )
    ago(hours=9)
    started = await posting.start_thread(
        people["river"], intro, "How did you tell your family?",
        "I want to tell my parents I've been seeing a counsellor. I'm scared they'll worry "
        "or think it's their fault.\n\nHow did you start that conversation?", key(),
        content_warning="family conflict",
    )  # fmt: skip
    thread, opening = started.thread_id, started.id
    ago(hours=8, minutes=10)
    letter = (await posting.reply(people["noor"], opening, "I wrote them a letter first. It "
                                 "gave me time to find the words, and them time to take it in.",
                                 key())).id  # fmt: skip
    ago(hours=7, minutes=45)
    idea = (await posting.reply(people["river"], letter, "A letter is a lovely idea. Thank "
                               "you.", key())).id  # fmt: skip
    ago(hours=7)
    await posting.reply(people["noor"], idea, "You're welcome. Let us know how it goes?", key())
    ago(hours=6, minutes=20)
    sister = (await posting.reply(people["sam_k"], opening, "I told my sister first.", key())).id
    ago(hours=5)
    await posting.edit_post(
        people["sam_k"],
        sister,
        "I told my sister first, then she helped "
        "me tell my mum. Having someone *beside* you helps.",
    )
    ago(hours=4)
    gone = (await posting.reply(people["mei"], opening, "(something I wrote too fast)", key())).id
    ago(hours=3, minutes=30)
    await posting.reply(people["river"], gone, "Thank you all, truly. I feel less alone.", key())
    await posting.remove_post(people["mei"], gone)
    ago(hours=2)
    await posting.reply(
        people["tomas"],
        opening,
        "My parents surprised me: they were just "
        "glad I'd found someone to talk to. I hope yours are too.",
        key(),
    )
    ago(minutes=50)
    await posting.start_thread(
        people["jordan"], intro, "First time posting", "Not sure what to say yet. Hi.", key()
    )
    ago(minutes=30)
    await posting.start_thread(
        people["mei"],
        asking,
        "Nervous about my first appointment",
        "It's on Friday. What do people usually talk about?",
        key(),
    )
    await posting.start_thread(
        people["tomas"],
        groups,
        "Found a local group",
        "There's one on Thursdays. Has anyone been?",
        key(),
    )
    at["now"] = NOW
    return {"thread": thread, "river": people["river"].id}


async def shoot(out: Path, size: tuple[int, int]) -> list[Path]:
    from forum.app import ForumApp
    from forum.config import Settings
    from forum.database import connected
    from models import accounts, clock
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
            ids = await demo()
            clock.set_clock(lambda: NOW)
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
            clock.set_clock(None)
    return written


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
