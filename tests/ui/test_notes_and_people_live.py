"""The notes screen shows a note the moment it is sent; the people screen shows a change to
the person it shows (a suspension, a new role) made in another session."""

from __future__ import annotations

from forum.app import ForumApp
from models import accounts, changes, moderation
from models.changes import Change, Kind
from models.entities import Role
from screens.boards import BoardsScreen
from screens.notes import NotesScreen
from screens.people import PeopleScreen
from tests.helpers import make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on
from tests.ui.test_boards_live import offered


async def test_a_note_shows_on_the_notes_screen_as_it_is_sent(db, held_timers):
    river, mod = await make_user("river"), await make_user("mod", Role.MODERATOR)
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        await pilot.press("m")
        await settled_on(pilot, NotesScreen)
        assert "No notes. All is well." in screen_text(app)
        await moderation.send_note(mod, river.id, "Thank you for the kind replies.")
        text = await held_timers.run(pilot)
        assert "Thank you for the kind replies." in text and "No notes" not in text
        await pilot.press("escape")  # read already: the boards say nothing new
        assert "new note" not in await settle(pilot)


async def find(app, pilot, name: str) -> None:
    app.screen.query_one("#find-name").value = name
    await pilot.press("enter")
    assert f"@{name}" in await settle(pilot)


async def test_the_person_shown_follows_changes_made_elsewhere(db, held_timers):
    admin, other = await make_user("admin", Role.ADMIN), await make_user("other", Role.ADMIN)
    ann = await make_user("ann")
    app = ForumApp(start=admin)
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        await pilot.press("U")
        await settled_on(pilot, PeopleScreen)
        await find(app, pilot, "ann")
        assert "Not suspended" in screen_text(app) and "Suspend" in offered(app)
        focused = app.focused

        await moderation.suspend(other, ann.id, 3, "a week of unkind replies")
        text = await held_timers.run(pilot)
        assert "Suspended until" in text and "a week of unkind replies" in text
        assert "Lift suspension" in offered(app) and "Suspend" not in offered(app)

        await accounts.change_role(other, "ann", Role.MODERATOR)
        text = await held_timers.run(pilot)
        assert "moderator" in text and "Make moderator" not in offered(app)
        assert app.focused is focused  # still in the name field

        changes.deliver(Change(Kind.EVERYTHING))
        assert "@ann" in await held_timers.run(pilot)
