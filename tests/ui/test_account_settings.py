"""A person's own account in the app: display name, password, deleting the account; and a
thread's author changing its title."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from forum.app import ForumApp
from models import accounts, posting, threads
from models.account_deletion import delete_account
from models.entities import ModAction, Role
from models.errors import AccountClosed, AuthenticationFailed
from screens.account_settings import AccountSettingsScreen
from screens.ask import AskScreen
from screens.boards import BoardsScreen
from screens.confirm import ConfirmScreen
from screens.sign_in import SignInScreen
from screens.thread import ThreadScreen, show_thread
from screens.widgets.top_bar import TopBar
from tests.helpers import make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on, type_text, widget_text

pytestmark = [pytest.mark.usefixtures("db"), pytest.mark.usefixtures("frozen_clock")]


async def _account_screen(app: ForumApp, pilot) -> AccountSettingsScreen:
    """From the boards, press y: the account screen, with what is stored loaded."""
    assert (await settled_on(pilot, BoardsScreen)).boards
    await pilot.press("y")
    screen = await settled_on(pilot, AccountSettingsScreen)
    assert screen.loaded
    return screen


def _fill(screen, **values: str) -> None:
    for field_id, value in values.items():
        screen.query_one(f"#{field_id.replace('_', '-')}", Input).value = value


async def test_the_account_screen_opens_from_the_boards_key_and_the_palette():
    ann = await make_user("ann")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await _account_screen(app, pilot)
        await pilot.press("escape")
        await settled_on(pilot, BoardsScreen)
        await pilot.press("ctrl+p")
        await settled_on(pilot, CommandPalette)
        await type_text(pilot, "your account")
        text = await settle(pilot)
        assert "Your display name, your password, deleting the account" in text
        await pilot.press("enter")
        await settled_on(pilot, AccountSettingsScreen)
    guest = ForumApp(start="guest")
    async with guest.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        assert "Your account" not in [c.title for c in guest.get_system_commands(guest.screen)]
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(guest.screen, BoardsScreen)


async def test_a_new_display_name_shows_at_once_and_on_old_posts():
    ann = await make_user("ann")
    thread_id, _ = await make_thread(ann)
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _account_screen(app, pilot)
        field = screen.query_one("#display-name", Input)
        assert field.value == "ann"
        field.value = ""
        field.focus()
        await type_text(pilot, "Ann B.")
        await pilot.press("enter")
        assert "Your posts now show Ann B." in await settle(pilot)
        assert "Ann B." in widget_text(app, "TopBar")
        assert app.actor.display_name == "Ann B."
        field.value = "a former member"
        await pilot.press("enter")
        assert "marks deleted accounts" in await settle(pilot)
    assert (await threads.open_thread(thread_id)).posts[0].author == "Ann B."


async def test_a_password_changes_only_with_the_current_one_and_matching_new_ones():
    ann = await make_user("ann")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _account_screen(app, pilot)
        _fill(
            screen,
            current_password="a guess",
            new_password="new and long",
            new_password_again="new and lung",
        )
        screen.query_one("#new-password-again", Input).focus()
        await pilot.press("enter")
        assert "The new passwords are not the same" in await settle(pilot)
        assert app.screen.focused.id == "new-password"  # to type them again
        _fill(screen, new_password="new and long", new_password_again="new and long")
        screen.query_one("#new-password-again", Input).focus()
        await pilot.press("enter")
        assert "Current password is not right." in await settle(pilot)
        assert "new and long" not in screen_text(app)  # every password field is masked
        _fill(
            screen,
            current_password="correct horse",
            new_password="new and long",
            new_password_again="new and long",
        )
        await pilot.press("enter")
        assert "Your password is changed." in await settle(pilot)
        assert all(
            screen.query_one(f"#{f}", Input).value == ""
            for f in ("current-password", "new-password", "new-password-again")
        )
    assert (await accounts.sign_in("ann", "new and long")).id == ann.id
    with pytest.raises(AuthenticationFailed):
        await accounts.sign_in("ann", "correct horse")


async def test_a_key_only_account_is_not_asked_for_a_password_it_does_not_have():
    keyonly = await accounts.register("keyonly", None)
    app = ForumApp(start=keyonly)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _account_screen(app, pilot)
        assert "You sign in with an SSH key" in screen_text(app)
        assert not screen.query_one("#current-password").display
        _fill(screen, new_password="my first password", new_password_again="my first password")
        screen.query_one("#new-password-again", Input).focus()
        await pilot.press("enter")
        assert "Your password is changed." in await settle(pilot)
        assert screen.query_one("#current-password").display
    assert (await accounts.sign_in("keyonly", "my first password")).id == keyonly.id


async def test_deleting_the_account_asks_twice_then_signs_out_and_posts_show_a_former_member():
    ann = await make_user("ann")
    thread_id, _ = await make_thread(ann, title="Ann's thread")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _account_screen(app, pilot)
        screen.query_one("#delete-password", Input).focus()
        await type_text(pilot, "correct horse")
        await pilot.press("enter")
        await settled_on(pilot, ConfirmScreen)
        text = screen_text(app)
        assert "Delete your account ann?" in text and "a former member" in text
        await pilot.press("enter")  # the focused button is the safe one: keep it
        await settled_on(pilot, AccountSettingsScreen)
        assert (await accounts.current(ann)).username == "ann"

        await pilot.press("enter")  # the password field still has the focus
        await settled_on(pilot, ConfirmScreen)
        await pilot.press("y")
        assert "This cannot be undone" in await settle(pilot)
        await pilot.press("y")
        await settled_on(pilot, SignInScreen)
        assert "Your account is deleted" in screen_text(app)
        assert app.actor.is_guest
    with pytest.raises(AccountClosed):
        await accounts.current(ann)
    view = await threads.open_thread(thread_id)
    assert (view.thread.author, view.posts[0].author) == ("a former member", "a former member")


async def test_a_wrong_password_deletes_nothing():
    ann = await make_user("ann")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _account_screen(app, pilot)
        _fill(screen, delete_password="not my password")
        screen.query_one("#delete-password", Input).focus()
        await pilot.press("enter")
        await settled_on(pilot, ConfirmScreen)
        await pilot.press("y")
        assert "This cannot be undone" in await settle(pilot)
        await pilot.press("y")
        assert "Current password is not right." in await settle(pilot)
        assert isinstance(app.screen, AccountSettingsScreen)
    assert (await accounts.current(ann)).username == "ann"


async def test_a_session_of_an_account_deleted_elsewhere_signs_out():
    ann = await make_user("ann")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        await delete_account(ann, "correct horse")  # from another session
        await pilot.press("f5")
        await settled_on(pilot, SignInScreen)
        assert app.actor.is_guest


# -- a thread's title ---------------------------------------------------------------------


async def _thread(app: ForumApp, pilot, thread_id: int) -> ThreadScreen:
    assert (await settled_on(pilot, BoardsScreen)).boards
    await show_thread(app, thread_id)
    screen = await settled_on(pilot, ThreadScreen)
    assert screen.ready
    return screen


async def test_the_author_edits_the_title_from_the_thread():
    ann = await make_user("ann")
    thread_id, _ = await make_thread(ann, title="A hard week")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _thread(app, pilot, thread_id)
        await pilot.press("T")
        await settled_on(pilot, AskScreen)
        field = app.screen.query_one("#words", Input)
        assert field.value == "A hard week"
        assert field.cursor_position == len("A hard week")  # typing goes on at the end
        await type_text(pilot, ", and a better one")
        await pilot.press("enter")
        await settled_on(pilot, ThreadScreen)
        assert "The title is changed." in screen_text(app)
        assert "A hard week, and a better one" in widget_text(app, "#title")
        assert "A hard week, and a better one" in app.screen.query_one(TopBar).render().plain
    assert (await threads.get_thread(thread_id)).title == "A hard week, and a better one"
    assert not await ModAction.exists()


async def test_someone_elses_thread_offers_no_title_edit():
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, _ = await make_thread(ann, title="A hard week")
    app = ForumApp(start=bob)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _thread(app, pilot, thread_id)
        assert screen.check_action("edit_title", ()) is False
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, ThreadScreen)


async def test_a_moderator_edits_a_title_and_it_is_logged():
    ann = await make_user("ann")
    mod = await make_user("mod", Role.MODERATOR)
    thread_id, _ = await make_thread(ann, title="Call me at 555-0100")
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE) as pilot:
        await _thread(app, pilot, thread_id)
        await pilot.press("T")
        await settled_on(pilot, AskScreen)
        assert "Change this thread's title (logged)" in screen_text(app)
        app.screen.query_one("#words", Input).value = "Looking for someone to talk to"
        await pilot.press("enter")
        await settled_on(pilot, ThreadScreen)
    entry = await ModAction.get(action="edit thread title")
    assert (entry.target_id, entry.reason) == (thread_id, "was: Call me at 555-0100")
    await posting.edit_thread_title(ann, thread_id, "Back to mine")  # the author still can
