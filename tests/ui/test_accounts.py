"""Signing in, failing to, creating an account, and browsing as a guest."""

from __future__ import annotations

from textual.widgets import Input

from forum.app import ForumApp
from screens.boards import BoardsScreen
from screens.register import RegisterScreen
from screens.sign_in import SignInScreen
from tests.helpers import make_user
from tests.ui.conftest import SIZE, screen_text, shows, type_text, until


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
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen))
        text = await shows(pilot, "Introductions", "river")
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
            # As a person would: press the button once it has stopped spinning and
            # flashing (a Button ignores clicks while it flashes from the last one).
            button = app.screen.query_one("#sign-in")
            await until(pilot, lambda b=button: not b.loading and not b.has_class("-active"))
            await pilot.click("#sign-in")
            await shows(pilot, "do not match an account")
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
        await until(pilot, lambda: isinstance(app.screen, RegisterScreen))
        await type_text(pilot, "newc0mer")
        app.screen.query_one("#display-name", Input).value = "New Person"
        for field in ("#password", "#confirm"):
            app.screen.query_one(field, Input).value = "long enough pw"
        app.screen.query_one("#confirm", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen))
        await shows(pilot, "New Person")
        assert app.actor.username == "newc0mer"


async def test_register_shows_problems_in_place(db):
    await make_user("taken")
    app = ForumApp(start="sign-up")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RegisterScreen))
        screen = app.screen
        screen.query_one("#username", Input).value = "taken"
        screen.query_one("#password", Input).value = "long enough pw"
        screen.query_one("#confirm", Input).value = "different pw!"
        await pilot.click("#create")
        await shows(pilot, "The two passwords are different.")
        screen.query_one("#confirm", Input).value = "long enough pw"
        await pilot.pause(0.3)  # a button ignores clicks while it shows it was pressed
        await pilot.click("#create")
        await shows(pilot, "is taken")
        assert isinstance(app.screen, RegisterScreen)


async def test_guest_browses_read_only(db):
    app = ForumApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#guest")
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen))
        text = await shows(pilot, "browsing as a guest", "Introductions", "Sign in")
        assert "New thread" not in text  # guests are never offered posting
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, BoardsScreen)


async def test_guest_can_go_on_to_sign_in(db):
    await make_user("river")
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen))
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, SignInScreen))
        await pilot.press("escape")  # changed their mind: back to browsing
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen))
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, SignInScreen))
        app.screen.query_one("#username", Input).value = "river"
        app.screen.query_one("#password", Input).value = "correct horse"
        await pilot.click("#sign-in")
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen) and not app.actor.is_guest)
        assert len(app.screen_stack) == 1  # nothing left behind underneath


async def test_on_a_small_terminal_a_sign_up_problem_is_shown_whole_with_the_buttons(db):
    app = ForumApp(start="sign-up")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RegisterScreen))
        screen = app.screen
        screen.query_one("#username", Input).value = "x"
        screen.query_one("#password", Input).value = "long enough pw"
        screen.query_one("#confirm", Input).value = "long enough pw"
        screen.query_one("#confirm", Input).focus()
        await pilot.press("enter")
        text = await shows(pilot, "Username must be")
        await shows(pilot, "Create account")
        assert "letters, digits" in text
