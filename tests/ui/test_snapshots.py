"""Snapshots of the main screens on the demo story (the README's screenshots show it too)
at a frozen time.

Update them after an intended change with ``pytest tests/ui --snapshot-update`` and look
at the SVGs under tests/ui/__snapshots__ before committing.
"""

from __future__ import annotations

import pytest
from pytest_textual_snapshot import SVGImageExtension
from textual.widgets import Input, TextArea

from forum.app import ForumApp
from models import accounts
from models.demo import write_story
from screens.board import BoardScreen
from screens.boards import BoardsScreen
from screens.compose import ComposeScreen
from screens.get_help import GetHelpScreen
from screens.keys import KeysScreen
from screens.thread import ThreadScreen, show_thread
from tests.ui.conftest import settle, settled_on


@pytest.fixture
def svg(snapshot):
    return snapshot.use_extension(SVGImageExtension)


async def picture(pilot) -> str:
    """The screen as an SVG, once everything has settled (no blinking cursor)."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()
    await settle(pilot)
    return pilot.app.export_screenshot()


async def open_board(app, pilot) -> None:
    assert (await settled_on(pilot, BoardsScreen)).boards
    await pilot.press("enter")
    assert (await settled_on(pilot, BoardScreen)).threads


async def open_thread(app, pilot, thread_id) -> ThreadScreen:
    await show_thread(app, thread_id)
    screen = await settled_on(pilot, ThreadScreen)
    assert screen.ready
    return screen


async def test_sign_in(db, frozen_clock, svg):
    app = ForumApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.query(Input)
        assert await picture(pilot) == svg


async def test_boards(db, frozen_clock, svg):
    await write_story()
    app = ForumApp(start=await accounts.find("river"))
    async with app.run_test(size=(120, 40)) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        assert await picture(pilot) == svg


async def test_board(db, frozen_clock, svg):
    await write_story()
    app = ForumApp(start=await accounts.find("river"))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(app, pilot)
        assert await picture(pilot) == svg


@pytest.mark.parametrize("size", [(80, 24), (100, 40)], ids=["80x24", "100x40"])
async def test_thread(db, frozen_clock, svg, size):
    ids = await write_story()
    app = ForumApp(start=await accounts.find("river"))
    async with app.run_test(size=size) as pilot:
        await open_thread(app, pilot, ids["thread"])
        assert await picture(pilot) == svg


async def test_thread_with_a_folded_branch_as_moderator(db, frozen_clock, svg):
    ids = await write_story()
    app = ForumApp(start=await accounts.find("moss"))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_thread(app, pilot, ids["thread"])
        await pilot.press("v")  # the thread has a content warning: read it
        await pilot.press("down", "enter")
        app.screen.query_one("#resource-list").focus()
        assert await picture(pilot) == svg


async def test_compose_reply_with_preview(db, frozen_clock, svg, held_timers):
    ids = await write_story()
    app = ForumApp(start=await accounts.find("river"))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_thread(app, pilot, ids["thread"])
        await pilot.press("r")
        await settled_on(pilot, ComposeScreen)
        app.screen.query_one(
            TextArea
        ).text = "Thank you, everyone.\n\n- **noor**: the letter idea\n- **sam**: a sister first"
        await pilot.press("end")
        await held_timers.run(pilot, after=0.4)  # a short quiet spell: the preview renders
        assert await picture(pilot) == svg


async def test_get_help(db, frozen_clock, svg):
    app = ForumApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g")
        assert (await settled_on(pilot, GetHelpScreen)).query(".line-card")
        assert await picture(pilot) == svg


async def test_keys(db, frozen_clock, svg):
    app = ForumApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f1")
        await settled_on(pilot, KeysScreen)
        assert await picture(pilot) == svg
