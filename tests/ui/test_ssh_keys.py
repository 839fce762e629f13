"""People add, list and remove their own SSH keys inside the app."""

from __future__ import annotations

import pytest

from forum.app import ForumApp
from models import keys
from screens.boards import BoardsScreen
from screens.ssh_keys import SshKeysScreen
from tests.helpers import make_user, public_key_line
from tests.ui.conftest import SIZE, settle

pytestmark = pytest.mark.usefixtures("db")


async def test_add_list_and_remove_a_key():
    ann = await make_user("ann")
    line = public_key_line("ann@laptop")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(SshKeysScreen())
        assert "No keys yet." in await settle(pilot)
        app.screen.query_one("#key-line").value = line
        await pilot.press("enter")
        added = await settle(pilot)
        assert "Added SHA256:" in added and "ann@laptop" in added
        assert "ssh-ed25519" in added and "never used" in added
        fingerprint = (await keys.list_keys(ann))[0].fingerprint
        assert fingerprint in added
        await pilot.press("tab")  # to the list of keys
        await settle(pilot)
        assert app.screen.focused.id == "keys"
        await pilot.press("x")
        text = await settle(pilot)
        assert "Removed" in text and "No keys yet." in text
        await pilot.press("escape")  # and back to the boards, the session unharmed
        await settle(pilot)
        assert isinstance(app.screen, BoardsScreen)
        assert app.is_running
    assert await keys.list_keys(ann) == []


async def test_a_private_key_is_refused_and_the_text_stays():
    ann = await make_user("ann")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(SshKeysScreen())
        box = app.screen.query_one("#key-line")
        box.value = "-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1r"
        await pilot.press("enter")
        assert "is a private key" in await settle(pilot)
        assert box.value.startswith("-----BEGIN")
    assert await keys.list_keys(ann) == []
