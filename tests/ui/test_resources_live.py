"""The resources pane in every session follows what moderators pin, edit, move and unpin,
keeping the moderator's selection; the pin controls follow the person's role."""

from __future__ import annotations

from textual.widgets import OptionList

from forum.app import ForumApp
from models import accounts, changes, resources
from models.changes import Change, Kind
from models.entities import Resource, Role
from screens.boards import BoardsScreen
from screens.resource_form import ResourceFormScreen
from screens.resources_pane import ResourcesPane
from screens.widgets.safe_input import SafeInput
from tests.helpers import make_user
from tests.ui.conftest import SIZE, settle, settled_on, widget_text
from tests.ui.test_boards_live import offered


def titles(app) -> list[str]:
    return [r.title for r in app.screen.query_one(ResourcesPane).items]


def shown_as(app, title: str) -> str:
    """The pane's row for the resource called ``title``, as drawn."""
    pane = app.screen.query_one(ResourcesPane)
    resource = next(r for r in pane.items if r.title == title)
    return str(pane.query_one(OptionList).get_option(f"resource-{resource.id}").prompt)


async def test_every_session_shows_a_pin_edit_move_and_unpin_keeping_the_selection(db, held_timers):
    mod, other = await make_user("mod", Role.MODERATOR), await make_user("other", Role.MODERATOR)
    river = await make_user("river")
    mine, theirs = ForumApp(start=mod), ForumApp(start=river)
    async with mine.run_test(size=SIZE) as at_mine, theirs.run_test(size=SIZE) as at_theirs:
        await settled_on(at_mine, BoardsScreen)
        await settled_on(at_theirs, BoardsScreen)
        pane = mine.screen.query_one(ResourcesPane)
        pane.query_one(OptionList).focus()
        await at_mine.press("down")  # the second crisis line
        await settle(at_mine)
        selected = pane.highlighted

        async def shown() -> None:
            await held_timers.run(at_mine)
            await settle(at_theirs)
            assert pane.highlighted.id == selected.id  # the moderator's selection stays
            assert titles(mine) == titles(theirs)

        await resources.pin_resource(
            other, "Walk and talk", "Sundays.", "The park", "support_group"
        )
        peer = await resources.pin_resource(
            other, "Peer support line", "Been there.", "Call 0800 123 456", "counselling"
        )
        await shown()
        assert "Peer support line" in titles(theirs)
        assert "0800 123 456" in shown_as(theirs, "Peer support line")

        await resources.edit_resource(other, peer.id, contact="Call 0800 999 999")
        await shown()
        assert "0800 999 999" in shown_as(theirs, "Peer support line")

        before = titles(theirs)
        await resources.move_resource(other, peer.id, -1)
        await shown()
        assert titles(theirs).index("Peer support line") == before.index("Peer support line") - 1

        await resources.unpin_resource(other, peer.id)
        await shown()
        assert "Peer support line" not in titles(theirs)


async def test_a_resource_form_over_the_pane_keeps_its_words_and_focus(db, held_timers):
    mod, other = await make_user("mod", Role.MODERATOR), await make_user("other", Role.MODERATOR)
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        app.screen.query_one("#resource-list", OptionList).focus()
        await pilot.press("a")
        form = await settled_on(pilot, ResourceFormScreen)
        form.query_one("#title", SafeInput).value = "Library group"
        focused = app.focused
        await resources.pin_resource(
            other, "Walk and talk", "Sundays.", "The park", "support_group"
        )
        await held_timers.run(pilot)
        assert app.screen is form and app.focused is focused
        assert form.query_one("#title", SafeInput).value == "Library group"
        assert "Walk and talk" in [
            r.title for r in app.screen_stack[-2].query_one(ResourcesPane).items
        ]


async def test_the_pin_controls_follow_a_role_change(db, held_timers):
    mod, admin = await make_user("mod", Role.MODERATOR), await make_user("admin", Role.ADMIN)
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        pane = app.screen.query_one(ResourcesPane)
        pane.query_one(OptionList).focus()
        await settle(pilot)
        assert pane.query("#staff") and "Pin new" in offered(app)
        await accounts.change_role(admin, "mod", Role.MEMBER)
        await held_timers.run(pilot)
        assert not pane.query("#staff") and "Pin new" not in offered(app)
        await accounts.change_role(admin, "mod", Role.MODERATOR)
        await held_timers.run(pilot)
        assert pane.query("#staff") and "Pin new" in offered(app)
        assert "+Pin" in widget_text(app, "#staff")


async def test_everything_reloads_the_pane(db, held_timers):
    river = await make_user("river")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        first = app.screen.query_one(ResourcesPane).items[0]
        # Another process wrote, and this one may have missed what it said.
        await Resource.filter(id=first.id).update(title="Renamed elsewhere")
        changes.deliver(Change(Kind.EVERYTHING))
        await held_timers.run(pilot)
        assert "Renamed elsewhere" in widget_text(app, "#resource-list")


async def test_a_role_changed_behind_the_form_shows_once_the_form_is_closed(db, held_timers):
    mod, admin = await make_user("mod", Role.MODERATOR), await make_user("admin", Role.ADMIN)
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE) as pilot:
        boards_screen = await settled_on(pilot, BoardsScreen)
        pane = boards_screen.query_one(ResourcesPane)
        pane.query_one(OptionList).focus()
        await pilot.press("a")
        form = await settled_on(pilot, ResourceFormScreen)
        await accounts.change_role(admin, "mod", Role.MEMBER)
        await held_timers.run(pilot)
        assert app.screen is form and pane.query("#staff")  # not while the form is open
        await pilot.press("escape")
        assert await settled_on(pilot, BoardsScreen) is boards_screen
        assert not pane.query("#staff") and "Pin new" not in offered(app)
        assert "moderator" not in app.screen.query_one("TopBar").render().plain
