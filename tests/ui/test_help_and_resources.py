"""Get help now from every screen, the keys screen, the command palette, the resources
pane, and the moderator controls (which members never see)."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Input, OptionList, TextArea

from forum.app import ForumApp
from models import accounts, blocks, posting, resources, threads
from models.entities import ResourceKind
from screens.board import BoardScreen
from screens.boards import BoardsScreen
from screens.compose import ComposeScreen
from screens.confirm import ConfirmScreen
from screens.get_help import GetHelpScreen
from screens.keys import KeysScreen
from screens.register import RegisterScreen
from screens.resource_form import ResourceFormScreen
from screens.resources_pane import ResourcesPane
from screens.sign_in import SignInScreen
from screens.thread import ThreadScreen, show_thread
from screens.widgets.safe_input import SafeInput
from tests.helpers import key, make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on, widget_text

CRISIS = ("988 Suicide & Crisis Lifeline", "Call or text 988", "Samaritans", "116 123")


async def _help_and_back(pilot) -> None:
    app = pilot.app
    before = app.screen
    await pilot.press("ctrl+g")
    await settled_on(pilot, GetHelpScreen)
    text = screen_text(app)
    for line in CRISIS:
        assert line in text
    assert "Get help now" in text
    await pilot.press("escape")
    await settle(pilot)
    assert app.screen is before


async def test_the_help_key_works_on_every_screen_even_inside_text_fields(db):
    mod = await make_user("mod", role="moderator")
    thread_id, _ = await make_thread(mod, "Hello", "First post.")
    app = ForumApp()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen.focused, Input)  # typing a username
        await _help_and_back(pilot)
        await pilot.press("ctrl+n")
        await settled_on(pilot, RegisterScreen)
        await _help_and_back(pilot)
        app.post_message(__import__("screens.messages").messages.SignedIn(mod))
        assert (await settled_on(pilot, BoardsScreen)).boards
        await _help_and_back(pilot)
        await pilot.press("enter")
        assert (await settled_on(pilot, BoardScreen)).threads
        await _help_and_back(pilot)
        await show_thread(app, thread_id)
        assert (await settled_on(pilot, ThreadScreen)).ready
        await _help_and_back(pilot)
        await pilot.press("r")
        await settled_on(pilot, ComposeScreen)
        assert isinstance(app.screen.focused, TextArea)
        await _help_and_back(pilot)
        assert app.screen.query_one("#body", TextArea).text == ""  # no "g" typed
        await pilot.press("f1")
        await settled_on(pilot, KeysScreen)
        await _help_and_back(pilot)
        await pilot.press("escape")
        await settled_on(pilot, ComposeScreen)
        app.screen.query_one("#body", TextArea).text = "draft"
        await pilot.press("escape")
        await settled_on(pilot, ConfirmScreen)
        await _help_and_back(pilot)
        await pilot.press("y")
        await settled_on(pilot, ThreadScreen)
        app.screen.query_one("#resource-list", OptionList).focus()
        await pilot.press("a")
        await settled_on(pilot, ResourceFormScreen)
        await _help_and_back(pilot)
        assert "^g Get help now" in screen_text(app).splitlines()[-1]


async def test_get_help_still_shows_crisis_lines_when_the_database_is_down(db, monkeypatch):
    async def down():
        raise ConnectionRefusedError("database down")

    monkeypatch.setattr(resources, "crisis_resources", down)
    app = ForumApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        await settled_on(pilot, GetHelpScreen)
        text = screen_text(app)
        for line in CRISIS:
            assert line in text


async def _keys_shown(start) -> set[str]:
    """The headings and key descriptions on the F1 screen."""
    app = ForumApp(start=start)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await settled_on(pilot, KeysScreen)
        shown = {str(w.render()) for w in app.screen.query(".keys-heading")}
        for table in app.screen.query(".keys-table"):
            for row in str(table.render()).splitlines():
                shown.update(row.split("  ")[-1].strip().split(" / "))
        return shown


EVERYONE = ("Get help now", "Everywhere", "A thread", "Collapse", "Parent", "Resources", "Order")
EVERYONE += ("Command palette: search every action", "Refresh")
MEMBERS = ("Reply", "Edit", "React", "Hug", "Report", "Block author", "Post", "Discard")
MEMBERS += ("New thread", "Edit title", "Safety settings", "Remove topic", "Your account")
STAFF = ("Review queue", "Audit log", "People", "Pin/unpin", "Lock/unlock", "Slow mode")
STAFF += ("Pin new", "Move up", "Dismiss", "Suspend author", "Mark verified")
ADMINS = ("Crisis phrases", "Remove phrase")


async def test_keys_screen_lists_the_keys_each_person_can_use(db):
    """F1 shows a person the keys they can use: staff keys only to staff."""
    guest = await _keys_shown("guest")
    member = await _keys_shown(await make_user("river"))
    moderator = await _keys_shown(await make_user("moss", role="moderator"))
    admin = await _keys_shown(await make_user("ada", role="admin"))
    for shown, allowed in [
        (guest, EVERYONE),
        (member, EVERYONE + MEMBERS),
        (moderator, EVERYONE + MEMBERS + STAFF),
        (admin, EVERYONE + MEMBERS + STAFF + ADMINS),
    ]:
        for words in EVERYONE + MEMBERS + STAFF + ADMINS:
            assert (words in shown) == (words in allowed), (words, shown)
    assert not [heading for heading in member if "moderators and admins" in heading]


async def test_command_palette_offers_the_main_actions(db):
    river = await make_user("river")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        await pilot.press("ctrl+p")
        await settled_on(pilot, CommandPalette)
        text = screen_text(app)
        for command in ("Get help now", "Keys", "Inbox", "New thread"):
            assert command in text
        await pilot.press(*"sign")  # the list is longer than the screen: find the rest
        assert "Sign out" in await settle(pilot)
        await pilot.press(*["backspace"] * 4, *"help")
        await settle(pilot)  # the palette searches in a worker
        await pilot.press("enter")
        await settled_on(pilot, GetHelpScreen)


async def test_resources_pane_shows_crisis_lines_first_and_toggles(db):
    mod = await make_user("mod", role="moderator")
    board_id = (await __import__("models.boards").boards.list_boards())[1].id
    await resources.pin_resource(
        mod,
        "Board group",
        "Meets Thursdays.",
        "Library room 2",
        ResourceKind.SUPPORT_GROUP,
        board_id=board_id,
    )
    river = await make_user("river")
    thread_id, _ = await make_thread(river)  # on the first board
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        pane = app.screen.query_one(ResourcesPane)
        assert pane.items
        assert [r.is_crisis_line for r in pane.items][:4] == [True] * 4
        assert "Board group" not in [r.title for r in pane.items]  # not a global one
        assert "988 Suicide" in widget_text(app, "ResourcesPane")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert not pane.display or pane.has_class("-hidden")
        assert "988 Suicide" not in screen_text(app)
        await show_thread(app, thread_id)
        assert (await settled_on(pilot, ThreadScreen)).ready
        assert "988 Suicide" not in screen_text(app)  # the choice follows you
        await pilot.press("ctrl+r")
        text = await settle(pilot)
        assert "Help & resources" in text and "988 Suicide" in text
        await pilot.press("escape")
        await settled_on(pilot, BoardsScreen)
        boards_pane = app.screen.query_one(ResourcesPane)
        assert not boards_pane.has_class("-hidden")  # one choice
        app.screen.query_one(OptionList).highlighted = 1  # the second board
        await pilot.press("enter")
        await settled_on(pilot, BoardScreen)
        board_pane = app.screen.query_one(ResourcesPane)
        assert "Board group" in [r.title for r in board_pane.items]
        board_pane.query_one(OptionList).highlighted = len(board_pane.items) - 1
        text = await settle(pilot)
        assert "Board group" in text and "Library room 2" in text and "this board" in text


async def test_moderator_pins_edits_reorders_and_unpins_a_resource(db):
    mod = await make_user("mod", role="moderator")
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        pane = app.screen.query_one(ResourcesPane)
        assert pane.items
        assert pane.query_one("#staff").display
        app.screen.query_one("#resource-list", OptionList).focus()
        await pilot.press("a")
        form = await settled_on(pilot, ResourceFormScreen)
        form.query_one("#title", SafeInput).value = "Peer support line"
        form.query_one("#contact", SafeInput).value = "Call 0800 123 456"
        form.query_one("#description", SafeInput).value = "Talk with someone who has been there."
        await pilot.press("ctrl+s")
        await settled_on(pilot, BoardsScreen)
        assert "Peer support line" in [r.title for r in pane.items]
        text = screen_text(app)
        assert "Peer support line" in text and "0800 123 456" in text
        # Edit the highlighted one (the new one is selected after pinning).
        assert pane.highlighted.title == "Peer support line"
        await pilot.press("e")
        await settled_on(pilot, ResourceFormScreen)
        app.screen.query_one("#contact", SafeInput).value = "Call 0800 999 999"
        await pilot.click("#save")
        await settled_on(pilot, BoardsScreen)
        assert "0800 999 999" in screen_text(app)
        # Reorder the crisis lines: the second moves up.
        pane.query_one(OptionList).highlighted = 1
        second = pane.items[1].title
        await pilot.press("shift+up")
        await settle(pilot)
        assert pane.items[0].title == second
        # Unpin the new one.
        pane.query_one(OptionList).highlighted = len(pane.items) - 1
        await pilot.press("x")
        await settled_on(pilot, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert "Peer support line" not in [r.title for r in pane.items]
    titles = [r.title for r in await resources.list_resources()]
    assert titles[0] == second and "Peer support line" not in titles


async def test_a_member_sees_no_pin_controls(db):
    river = await make_user("river")
    thread_id, _ = await make_thread(river)
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        pane = app.screen.query_one(ResourcesPane)
        assert pane.items
        assert not pane.query("#staff")
        assert "+Pin" not in screen_text(app) and "Unpin" not in screen_text(app)
        app.screen.query_one("#resource-list", OptionList).focus()
        footer = (await settle(pilot)).splitlines()[-1]
        assert "Pin new" not in footer and "Unpin" not in footer
        await pilot.press("a", "x", "shift+up")
        await settle(pilot)
        assert isinstance(app.screen, BoardsScreen)
        await show_thread(app, thread_id)
        assert (await settled_on(pilot, ThreadScreen)).ready
        footer = screen_text(app).splitlines()[-1]
        assert "Pin/unpin" not in footer and "Lock" not in footer
        await pilot.press("P", "L")
        await settle(pilot)
        assert not app.screen.thread.pinned and not app.screen.thread.locked


async def test_moderator_pins_and_locks_a_thread_until_no_longer_a_moderator(db):
    river = await make_user("river")
    mod = await make_user("mod", role="moderator")
    thread_id, _ = await make_thread(river, "Please read first")
    await make_thread(river, "Another")
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        await pilot.press("enter")
        assert (await settled_on(pilot, BoardScreen)).threads
        board = app.screen
        board.query_one("#threads", OptionList).highlighted = 1  # "Please read first"
        await pilot.press("P")
        text = await settle(pilot)
        assert board.threads[0].title == "Please read first" and board.threads[0].pinned
        assert "PINNED" in text and "Pinned the thread." in text
        await show_thread(app, thread_id)
        assert (await settled_on(pilot, ThreadScreen)).ready
        await pilot.press("L")
        text = await settle(pilot)
        assert "LOCKED" in text and "This thread is locked" in text
        assert "Locked the thread." in text
        assert app.screen.thread.locked
        await accounts.set_role_unchecked("mod", "member")  # an admin demoted them meanwhile
        await pilot.press("L")  # the screen still offers it; the domain refuses
        text = await settle(pilot)
        assert "Only moderators and admins can do that." in text
        assert "Unlocked the thread." not in text
    assert (await threads.get_thread(thread_id)).locked


async def test_the_footer_keys_work_with_the_mouse(db):
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        footer = screen_text(app).splitlines()[-1]
        await pilot.click("KeyFooter", offset=(footer.index("Get help now"), 0))
        await settled_on(pilot, GetHelpScreen)
        await pilot.press("escape")
        await settled_on(pilot, BoardsScreen)
        footer = screen_text(app).splitlines()[-1]
        await pilot.click("KeyFooter", offset=(footer.index("Sign in"), 0))
        await settled_on(pilot, SignInScreen)
        await pilot.click("KeyFooter", offset=(1, 0))  # the help key leads on every screen
        await settled_on(pilot, GetHelpScreen)


async def test_the_palette_offers_an_action_on_two_keys_once(db):
    river = await make_user("river")
    thread_id, _ = await make_thread(river)
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        await show_thread(app, thread_id)
        assert (await settled_on(pilot, ThreadScreen)).ready
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("Collapse") == 1  # enter and space both fold a branch
        assert "Reply" in titles


async def test_a_resource_moves_within_its_group_and_the_log_says_what_changed(db):
    mod = await make_user("mod", role="moderator")
    for title in ("Peer support line", "Thursday group"):
        await resources.pin_resource(mod, title, "About it.", "Call 0800 1", "counselling")
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        pane = app.screen.query_one(ResourcesPane)
        assert pane.items
        titles = [r.title for r in pane.items]
        first_other = titles.index("Peer support line")
        pane.query_one(OptionList).focus()
        pane.query_one(OptionList).highlighted = first_other
        await pilot.press("[")  # above the last crisis line: refused, and said why
        assert "Crisis lines always come first" in await settle(pilot)
        assert [r.title for r in pane.items] == titles
        pane.query_one(OptionList).highlighted = first_other + 1
        await pilot.press("[")
        await settle(pilot)
        assert pane.items[first_other].title == "Thursday group"
        assert pane.highlighted.title == "Thursday group"  # the moved one stays selected
        await pilot.press("e")
        await settled_on(pilot, ResourceFormScreen)
        app.screen.query_one("#contact", SafeInput).value = "Call 0800 2"
        await pilot.press("ctrl+s")
        await settled_on(pilot, BoardsScreen)
        await pilot.press("A")
        text = await settle(pilot)
        assert "moved: Thursday group, now above Peer support line" in text
        assert "edit resource · resource Thursday group" in text
        assert "changed: contact" in text and "why: contact" not in text


async def test_the_resource_forms_take_typing_straight_away(db):
    mod = await make_user("mod", role="moderator")
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        pane = app.screen.query_one(ResourcesPane)
        assert pane.items
        pane.query_one(OptionList).focus()
        await pilot.press("a", *"Peer")  # typed as the dialog opens
        await settled_on(pilot, ResourceFormScreen)
        assert app.screen.query_one("#title", SafeInput).value == "Peer"
        await pilot.press("escape")
        await settled_on(pilot, BoardsScreen)
        title = pane.highlighted.title
        await pilot.press("e", "end", "space", *"now")
        await settled_on(pilot, ResourceFormScreen)
        assert app.screen.query_one("#title", SafeInput).value == f"{title} now"


async def test_enter_in_the_block_dialog_blocks(db):
    """Blocking is what someone being hurt wants, fast; it only hides things from them,
    and is undone with the same key, so Enter says yes."""
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, root = await make_thread(ann, "Rough night", "I can't sleep.")
    reply = (await posting.reply(bob, root, "Just get over it", key())).id
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        await show_thread(app, thread_id, focus_post=reply)
        assert (await settled_on(pilot, ThreadScreen)).ready
        await pilot.press("b")
        await settled_on(pilot, ConfirmScreen)
        assert app.screen.focused.label.plain == "Block"
        await pilot.press("enter")
        assert "You blocked bob. They are not told." in await settle(pilot)
    assert await blocks.blocked_ids(ann) == {bob.id}


BAR = "ctrl+g help · ctrl+r resources"


async def test_a_narrow_terminal_keeps_posts_wide_and_ctrl_r_shows_the_resources(db):
    river = await make_user("river")
    thread_id, root = await make_thread(river, "Rough night", "I can't sleep. " * 20)
    app = ForumApp(start=river)
    async with app.run_test(size=(45, 20)) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        assert BAR in screen_text(app) and "988 Suicide" not in screen_text(app)
        await show_thread(app, thread_id, focus_post=root)
        assert (await settled_on(pilot, ThreadScreen)).ready
        post = app.screen.query_one(f"#post-{root}")
        assert post.region.width >= 40  # 17 columns when the pane stood beside it
        assert BAR in screen_text(app) and "988 Suicide" not in screen_text(app)
        await pilot.press("ctrl+r")  # the resources, over the whole width
        text = await settle(pilot)
        assert "Help & resources" in text and "988 Suicide" in text
        assert BAR not in text and "I can't sleep" not in text
        assert app.screen.query_one(ResourcesPane).region.width == 45
        await pilot.press("escape")  # closes them, and stays in the thread
        assert BAR in await settle(pilot)
        assert isinstance(app.screen, ThreadScreen) and app.screen.focused is post
        assert "I can't sleep" in screen_text(app)
        await pilot.press("ctrl+r")
        assert "988 Suicide" in await settle(pilot)
        await pilot.press("ctrl+r")
        assert BAR in await settle(pilot)
        await pilot.click("#pane-bar")  # the bar opens them with the mouse too
        assert "988 Suicide" in await settle(pilot)


async def test_a_wide_terminal_still_shows_the_pane_beside_the_posts(db):
    river = await make_user("river")
    thread_id, root = await make_thread(river, "Rough night", "I can't sleep.")
    app = ForumApp(start=river)
    async with app.run_test(size=(100, 40)) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        await show_thread(app, thread_id, focus_post=root)
        assert (await settled_on(pilot, ThreadScreen)).ready
        text = screen_text(app)
        assert "Help & resources" in text and "988 Suicide" in text and "I can't sleep" in text
        assert BAR not in text
        await pilot.resize_terminal(45, 20)  # as an ssh client's window is made smaller
        assert BAR in await settle(pilot)
        assert "988 Suicide" not in screen_text(app)
        assert app.screen.query_one(f"#post-{root}").region.width >= 40


async def test_a_resources_reload_that_ends_as_its_screen_closes_ends_quietly(db):
    """Seen in full runs: a moderator's own action reloads the pane, and the app closed
    (taking the pane's lines away) before the reload ended; the reload then failed on its
    missing lines and ended the app with an error."""
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        pane = app.screen.query_one(ResourcesPane)
        await pane.remove_children()  # as the screen's teardown does, children first
        pane.reload()
        await app.workers.wait_for_complete()
        pane.show_problem("The database could not be reached.")
        assert app.return_code is None  # still running: no error ended it
