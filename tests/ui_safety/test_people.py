"""The people screen: staff find someone and suspend or lift it; admins change roles.
Opened from the boards screen and offered only to staff."""

from __future__ import annotations

import pytest

from forum.app import ForumApp
from models import accounts, moderation
from models.entities import Role
from screens.people import PeopleScreen
from tests.helpers import make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on
from tests.ui_safety.test_screens import started

pytestmark = pytest.mark.usefixtures("db")


async def find(app, pilot, name: str) -> None:
    await settle(pilot)
    assert app.screen.focused is app.screen.query_one("#find-name")
    app.screen.query_one("#find-name").value = name
    await pilot.press("enter")
    assert f"@{name}" in await settle(pilot)


async def test_a_moderator_suspends_and_lifts_it():
    mod = await make_user("mod", Role.MODERATOR)
    await make_user("ann")
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("U")
        await settled_on(pilot, PeopleScreen)
        await find(app, pilot, "ann")
        assert "Not suspended" in screen_text(app)
        assert "Make moderator" not in screen_text(app)  # roles are the admins'
        await pilot.press("ctrl+s")
        assert "Suspend" in await settle(pilot)
        app.screen.query_one("#reason").value = "a week of unkind replies"
        await pilot.press("ctrl+s")
        text = await settle(pilot)
        assert "Suspended until" in text and "a week of unkind replies" in text
        assert (await accounts.find("ann")).suspended_until is not None
        await pilot.press("ctrl+l")
        assert "Lift the suspension" in await settle(pilot)
        await pilot.press("ctrl+s")
        assert "Not suspended" in await settle(pilot)
    assert (await accounts.find("ann")).suspended_until is None


async def test_an_admin_promotes_and_demotes():
    admin = await make_user("admin", Role.ADMIN)
    await make_user("ann")
    app = ForumApp(start=admin)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await app.push_screen(PeopleScreen())
        await find(app, pilot, "ann")
        await pilot.press("ctrl+t")
        assert "moderator" in await settle(pilot)
        assert (await accounts.find("ann")).role == Role.MODERATOR
        await pilot.press("ctrl+y")
        assert "Make moderator" in await settle(pilot)
    assert (await accounts.find("ann")).role == Role.MEMBER
    log = (await moderation.audit_log(admin)).items
    assert [e.action for e in log] == ["change role", "change role"]


async def test_members_are_not_offered_the_people_screen():
    ann = await make_user("ann")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("U")
        await settle(pilot)
        assert not isinstance(app.screen, PeopleScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "People" not in titles and "SSH keys" in titles
