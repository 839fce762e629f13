"""Fails loudly if a Textual upgrade changes what forum/app.py relies on.

ForumApp makes its first screen the bottom of the stack (get_default_screen) and so does
two things Textual only does for pushed screens, through private methods. Their names
and signatures are checked here; what they are for is checked by behaviour below.
"""

from __future__ import annotations

import inspect

from textual.app import App
from textual.screen import Screen
from textual.widgets import Input

from forum.app import ForumApp
from screens.boards import BoardsScreen
from screens.sign_in import SignInScreen
from tests.ui.conftest import SIZE, until


def test_private_screen_methods_the_app_uses():
    assert list(inspect.signature(App._load_screen_css).parameters) == ["self", "screen"]
    assert list(inspect.signature(Screen._push_result_callback).parameters) == [
        "self",
        "requester",
        "callback",
        "future",
    ]


async def test_the_first_screen_is_styled_and_can_be_replaced(db):
    app = ForumApp()
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen_stack == [app.screen] and isinstance(app.screen, SignInScreen)
        form = app.screen.query_one("#form")
        # sign_in.tcss is loaded: the form is a bordered box, not the full width.
        assert form.styles.border_top[0] != "" and form.region.width < SIZE[0]
        assert isinstance(app.screen.focused, Input)
        await pilot.press("ctrl+b")  # browse as a guest replaces the sign-in screen
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen))
        assert len(app.screen_stack) == 1
