"""Coming back to a board shows its threads as they are now, even when it had none."""

from __future__ import annotations

from textual.widgets import TextArea

from forum.app import ForumApp
from screens.board import BoardScreen
from screens.boards import BoardsScreen
from screens.compose import ComposeScreen
from screens.thread import ThreadScreen
from screens.widgets.safe_input import SafeInput
from tests.helpers import make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on


async def test_the_first_thread_started_on_an_empty_board_is_listed_on_coming_back(db):
    app = ForumApp(start=await make_user("river"))
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        await pilot.press("enter")
        board = await settled_on(pilot, BoardScreen)
        assert "No threads yet. Press n to start one." in screen_text(app)
        await pilot.press("n")
        compose = await settled_on(pilot, ComposeScreen)
        compose.query_one("#title", SafeInput).value = "First post"
        compose.query_one("#body", TextArea).text = "Hello everyone."
        await pilot.press("ctrl+s")
        assert (await settled_on(pilot, ThreadScreen)).ready
        await pilot.press("escape")
        text = await settle(pilot)
        assert app.screen is board
        assert [t.title for t in board.threads] == ["First post"]
        assert "First post" in text and "No threads yet" not in text
