"""Signing in, failing to, creating an account, and browsing as a guest."""

from __future__ import annotations

from textual.widgets import Input

from forum.app import ForumApp
from screens.boards import BoardsScreen
from screens.register import RegisterScreen
from screens.sign_in import SignInScreen
from tests.helpers import make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on, type_text


async def test_sign_in(db):
    await make_user("river")
    app = ForumApp()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SignInScreen)
        await type_text(pilot, "river")
        await pilot.press("enter")  # on to the password
        await type_text(pilot, "correct horse")
        assert "correct horse" not in screen_text(app)  # masked
        await pilot.press("enter")
        await settled_on(pilot, BoardsScreen)
        text = screen_text(app)
        assert "Introductions" in text and "river" in text
        assert "browsing as a guest" not in text
        assert app.actor.username == "river"


async def test_failed_sign_in_says_the_same_for_wrong_password_and_unknown_user(db):
    await make_user("river")
    app = ForumApp()
    async with app.run_test(size=SIZE) as pilot:
        messages = []
        for username, password in [("river", "wrong password"), ("nobody", "whatever1")]:
            app.screen.query_one("#username", Input).value = username
            app.screen.query_one("#password", Input).value = password
            # As a person would: press the button once it has stopped spinning (it does
            # not flash here: a Button ignores clicks while it flashes from the last one).
            button = app.screen.query_one("#sign-in")
            button.active_effect_duration = 0
            await settle(pilot)
            assert not button.loading and not button.has_class("-active")
            await pilot.click("#sign-in")
            assert "do not match an account" in await settle(pilot)
            messages.append(str(app.screen.query_one("#error").render()))
            assert isinstance(app.screen, SignInScreen)
            assert app.screen.query_one("#password", Input).password
            app.screen.query_one("#error").update("")
        assert messages[0] == messages[1]
        assert app.actor.is_guest


async def test_register(db):
    app = ForumApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await settled_on(pilot, RegisterScreen)
        await type_text(pilot, "newc0mer")
        app.screen.query_one("#display-name", Input).value = "New Person"
        for field in ("#password", "#confirm"):
            app.screen.query_one(field, Input).value = "long enough pw"
        app.screen.query_one("#confirm", Input).focus()
        await pilot.press("enter")
        await settled_on(pilot, BoardsScreen)
        assert "New Person" in screen_text(app)
        assert app.actor.username == "newc0mer"


async def test_register_shows_problems_in_place(db):
    await make_user("taken")
    app = ForumApp(start="sign-up")
    async with app.run_test(size=SIZE) as pilot:
        screen = await settled_on(pilot, RegisterScreen)
        # Clicked twice; a button ignores clicks while it shows it was pressed: not this one.
        screen.query_one("#create").active_effect_duration = 0
        screen.query_one("#username", Input).value = "taken"
        screen.query_one("#password", Input).value = "long enough pw"
        screen.query_one("#confirm", Input).value = "different pw!"
        await pilot.click("#create")
        assert "The two passwords are different." in await settle(pilot)
        screen.query_one("#confirm", Input).value = "long enough pw"
        await pilot.click("#create")
        assert "is taken" in await settle(pilot)
        assert isinstance(app.screen, RegisterScreen)


async def test_guest_browses_read_only(db):
    app = ForumApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#guest")
        await settled_on(pilot, BoardsScreen)
        text = screen_text(app)
        assert "browsing as a guest" in text and "Introductions" in text and "Sign in" in text
        assert "New thread" not in text  # guests are never offered posting
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, BoardsScreen)


async def test_guest_can_go_on_to_sign_in(db):
    await make_user("river")
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        await pilot.press("ctrl+o")
        await settled_on(pilot, SignInScreen)
        await pilot.press("escape")  # changed their mind: back to browsing
        await settled_on(pilot, BoardsScreen)
        await pilot.press("ctrl+o")
        await settled_on(pilot, SignInScreen)
        app.screen.query_one("#username", Input).value = "river"
        app.screen.query_one("#password", Input).value = "correct horse"
        await pilot.click("#sign-in")
        await settled_on(pilot, BoardsScreen)
        assert not app.actor.is_guest
        assert len(app.screen_stack) == 1  # nothing left behind underneath


async def test_on_a_small_terminal_a_sign_up_problem_is_shown_whole_with_the_buttons(db):
    app = ForumApp(start="sign-up")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled_on(pilot, RegisterScreen)
        screen.query_one("#username", Input).value = "x"
        screen.query_one("#password", Input).value = "long enough pw"
        screen.query_one("#confirm", Input).value = "long enough pw"
        screen.query_one("#confirm", Input).focus()
        await pilot.press("enter")
        text = await settle(pilot)
        assert "Username must be" in text
        assert "Create account" in text
        assert "letters, digits" in text
