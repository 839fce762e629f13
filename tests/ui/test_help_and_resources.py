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
from tests.ui.conftest import SIZE, screen_text, shows, until, widget_text

CRISIS = ("988 Suicide & Crisis Lifeline", "Call or text 988", "Samaritans", "116 123")


async def _help_and_back(pilot) -> None:
    app = pilot.app
    before = app.screen
    await pilot.press("ctrl+g")
    await until(pilot, lambda: isinstance(app.screen, GetHelpScreen))
    text = await shows(pilot, *CRISIS)
    assert "Get help now" in text
    await pilot.press("escape")
    await until(pilot, lambda: app.screen is before)


async def test_the_help_key_works_on_every_screen_even_inside_text_fields(db):
    mod = await make_user("mod", role="moderator")
    thread_id, _ = await make_thread(mod, "Hello", "First post.")
    app = ForumApp()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen.focused, Input)  # typing a username
        await _help_and_back(pilot)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, RegisterScreen))
        await _help_and_back(pilot)
        app.post_message(__import__("screens.messages").messages.SignedIn(mod))
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen.boards)
        await _help_and_back(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BoardScreen) and app.screen.threads)
        await _help_and_back(pilot)
        await show_thread(app, thread_id)
        await until(pilot, lambda: isinstance(app.screen, ThreadScreen) and app.screen.ready)
        await _help_and_back(pilot)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ComposeScreen))
        assert isinstance(app.screen.focused, TextArea)
        await _help_and_back(pilot)
        assert app.screen.query_one("#body", TextArea).text == ""  # no "g" typed
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, KeysScreen))
        await _help_and_back(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ComposeScreen))
        app.screen.query_one("#body", TextArea).text = "draft"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await _help_and_back(pilot)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ThreadScreen))
        app.screen.query_one("#resource-list", OptionList).focus()
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ResourceFormScreen))
        await _help_and_back(pilot)
        assert "^g Get help now" in screen_text(app).splitlines()[-1]


async def test_get_help_still_shows_crisis_lines_when_the_database_is_down(db, monkeypatch):
    async def down():
        raise ConnectionRefusedError("database down")

    monkeypatch.setattr(resources, "crisis_resources", down)
    app = ForumApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        await until(pilot, lambda: isinstance(app.screen, GetHelpScreen))
        await shows(pilot, *CRISIS)


async def _keys_shown(start) -> set[str]:
    """The headings and key descriptions on the F1 screen."""
    app = ForumApp(start=start)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, KeysScreen))
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
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen.boards)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await shows(pilot, "Get help now", "Keys", "Sign out", "New thread")
        await pilot.press(*"help")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GetHelpScreen))


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
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen.boards)
        pane = app.screen.query_one(ResourcesPane)
        await until(pilot, lambda: pane.items)
        assert [r.is_crisis_line for r in pane.items][:4] == [True] * 4
        assert "Board group" not in [r.title for r in pane.items]  # not a global one
        assert "988 Suicide" in widget_text(app, "ResourcesPane")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: not pane.display or pane.has_class("-hidden"))
        assert "988 Suicide" not in screen_text(app)
        await show_thread(app, thread_id)
        await until(pilot, lambda: isinstance(app.screen, ThreadScreen) and app.screen.ready)
        assert "988 Suicide" not in screen_text(app)  # the choice follows you
        await pilot.press("ctrl+r")
        await shows(pilot, "Help & resources", "988 Suicide")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen))
        boards_pane = app.screen.query_one(ResourcesPane)
        await until(pilot, lambda: not boards_pane.has_class("-hidden"))  # one choice
        app.screen.query_one(OptionList).highlighted = 1  # the second board
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BoardScreen))
        board_pane = app.screen.query_one(ResourcesPane)
        await until(pilot, lambda: "Board group" in [r.title for r in board_pane.items])
        board_pane.query_one(OptionList).highlighted = len(board_pane.items) - 1
        await shows(pilot, "Board group", "Library room 2", "this board")


async def test_moderator_pins_edits_reorders_and_unpins_a_resource(db):
    mod = await make_user("mod", role="moderator")
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen.boards)
        pane = app.screen.query_one(ResourcesPane)
        await until(pilot, lambda: pane.items)
        assert pane.query_one("#staff").display
        app.screen.query_one("#resource-list", OptionList).focus()
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ResourceFormScreen))
        form = app.screen
        form.query_one("#title", SafeInput).value = "Peer support line"
        form.query_one("#contact", SafeInput).value = "Call 0800 123 456"
        form.query_one("#description", SafeInput).value = "Talk with someone who has been there."
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen))
        await until(pilot, lambda: "Peer support line" in [r.title for r in pane.items])
        await shows(pilot, "Peer support line", "0800 123 456")
        # Edit the highlighted one (the new one is selected after pinning).
        assert pane.highlighted.title == "Peer support line"
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ResourceFormScreen))
        app.screen.query_one("#contact", SafeInput).value = "Call 0800 999 999"
        await pilot.click("#save")
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen))
        await shows(pilot, "0800 999 999")
        # Reorder the crisis lines: the second moves up.
        pane.query_one(OptionList).highlighted = 1
        second = pane.items[1].title
        await pilot.press("shift+up")
        await until(pilot, lambda: pane.items[0].title == second)
        # Unpin the new one.
        pane.query_one(OptionList).highlighted = len(pane.items) - 1
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: "Peer support line" not in [r.title for r in pane.items])
    titles = [r.title for r in await resources.list_resources()]
    assert titles[0] == second and "Peer support line" not in titles


async def test_a_member_sees_no_pin_controls(db):
    river = await make_user("river")
    thread_id, _ = await make_thread(river)
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen.boards)
        pane = app.screen.query_one(ResourcesPane)
        await until(pilot, lambda: pane.items)
        assert not pane.query("#staff")
        assert "+Pin" not in screen_text(app) and "Unpin" not in screen_text(app)
        app.screen.query_one("#resource-list", OptionList).focus()
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Pin new" not in footer and "Unpin" not in footer
        await pilot.press("a", "x", "shift+up")
        await pilot.pause()
        assert isinstance(app.screen, BoardsScreen)
        await show_thread(app, thread_id)
        await until(pilot, lambda: isinstance(app.screen, ThreadScreen) and app.screen.ready)
        footer = screen_text(app).splitlines()[-1]
        assert "Pin/unpin" not in footer and "Lock" not in footer
        await pilot.press("P", "L")
        await pilot.pause()
        assert not app.screen.thread.pinned and not app.screen.thread.locked


async def test_moderator_pins_and_locks_a_thread_until_no_longer_a_moderator(db):
    river = await make_user("river")
    mod = await make_user("mod", role="moderator")
    thread_id, _ = await make_thread(river, "Please read first")
    await make_thread(river, "Another")
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen.boards)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BoardScreen) and app.screen.threads)
        board = app.screen
        board.query_one("#threads", OptionList).highlighted = 1  # "Please read first"
        await pilot.press("P")
        await until(
            pilot, lambda: board.threads[0].title == "Please read first" and board.threads[0].pinned
        )
        await shows(pilot, "PINNED", "Pinned the thread.")
        await show_thread(app, thread_id)
        await until(pilot, lambda: isinstance(app.screen, ThreadScreen) and app.screen.ready)
        await pilot.press("L")
        await shows(pilot, "LOCKED", "This thread is locked", "Locked the thread.")
        assert app.screen.thread.locked
        await accounts.set_role_unchecked("mod", "member")  # an admin demoted them meanwhile
        await pilot.press("L")  # the screen still offers it; the domain refuses
        text = await shows(pilot, "Only moderators and admins can do that.")
        assert "Unlocked the thread." not in text
    assert (await threads.get_thread(thread_id)).locked


async def test_the_footer_keys_work_with_the_mouse(db):
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen.boards)
        footer = screen_text(app).splitlines()[-1]
        await pilot.click("KeyFooter", offset=(footer.index("Get help now"), 0))
        await until(pilot, lambda: isinstance(app.screen, GetHelpScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen))
        footer = screen_text(app).splitlines()[-1]
        await pilot.click("KeyFooter", offset=(footer.index("Sign in"), 0))
        await until(pilot, lambda: isinstance(app.screen, SignInScreen))
        await pilot.click("KeyFooter", offset=(1, 0))  # the help key leads on every screen
        await until(pilot, lambda: isinstance(app.screen, GetHelpScreen))


async def test_the_palette_offers_an_action_on_two_keys_once(db):
    river = await make_user("river")
    thread_id, _ = await make_thread(river)
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen.boards)
        await show_thread(app, thread_id)
        await until(pilot, lambda: isinstance(app.screen, ThreadScreen) and app.screen.ready)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("Collapse") == 1  # enter and space both fold a branch
        assert "Reply" in titles


async def test_a_resource_moves_within_its_group_and_the_log_says_what_changed(db):
    mod = await make_user("mod", role="moderator")
    for title in ("Peer support line", "Thursday group"):
        await resources.pin_resource(mod, title, "About it.", "Call 0800 1", "counselling")
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen.boards)
        pane = app.screen.query_one(ResourcesPane)
        await until(pilot, lambda: pane.items)
        titles = [r.title for r in pane.items]
        first_other = titles.index("Peer support line")
        pane.query_one(OptionList).focus()
        pane.query_one(OptionList).highlighted = first_other
        await pilot.press("[")  # above the last crisis line: refused, and said why
        await shows(pilot, "Crisis lines always come first")
        assert [r.title for r in pane.items] == titles
        pane.query_one(OptionList).highlighted = first_other + 1
        await pilot.press("[")
        await until(pilot, lambda: pane.items[first_other].title == "Thursday group")
        assert pane.highlighted.title == "Thursday group"  # the moved one stays selected
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ResourceFormScreen))
        app.screen.query_one("#contact", SafeInput).value = "Call 0800 2"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen))
        await pilot.press("A")
        text = await shows(pilot, "moved: Thursday group, now above Peer support line")
        assert "edit resource · resource Thursday group" in text
        assert "changed: contact" in text and "why: contact" not in text


async def test_the_resource_forms_take_typing_straight_away(db):
    mod = await make_user("mod", role="moderator")
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen.boards)
        pane = app.screen.query_one(ResourcesPane)
        await until(pilot, lambda: pane.items)
        pane.query_one(OptionList).focus()
        await pilot.press("a", *"Peer")  # typed as the dialog opens
        await until(pilot, lambda: isinstance(app.screen, ResourceFormScreen))
        assert app.screen.query_one("#title", SafeInput).value == "Peer"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen))
        title = pane.highlighted.title
        await pilot.press("e", "end", "space", *"now")
        await until(pilot, lambda: isinstance(app.screen, ResourceFormScreen))
        assert app.screen.query_one("#title", SafeInput).value == f"{title} now"


async def test_enter_in_the_block_dialog_blocks(db):
    """Blocking is what someone being hurt wants, fast; it only hides things from them,
    and is undone with the same key, so Enter says yes."""
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, root = await make_thread(ann, "Rough night", "I can't sleep.")
    reply = (await posting.reply(bob, root, "Just get over it", key())).id
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen.boards)
        await show_thread(app, thread_id, focus_post=reply)
        await until(pilot, lambda: isinstance(app.screen, ThreadScreen) and app.screen.ready)
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.screen.focused.label.plain == "Block"
        await pilot.press("enter")
        await shows(pilot, "You blocked bob. They are not told.")
    assert await blocks.blocked_ids(ann) == {bob.id}


BAR = "ctrl+g help · ctrl+r resources"


async def test_a_narrow_terminal_keeps_posts_wide_and_ctrl_r_shows_the_resources(db):
    river = await make_user("river")
    thread_id, root = await make_thread(river, "Rough night", "I can't sleep. " * 20)
    app = ForumApp(start=river)
    async with app.run_test(size=(45, 20)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen.boards)
        assert BAR in screen_text(app) and "988 Suicide" not in screen_text(app)
        await show_thread(app, thread_id, focus_post=root)
        await until(pilot, lambda: isinstance(app.screen, ThreadScreen) and app.screen.ready)
        post = app.screen.query_one(f"#post-{root}")
        assert post.region.width >= 40  # 17 columns when the pane stood beside it
        assert BAR in screen_text(app) and "988 Suicide" not in screen_text(app)
        await pilot.press("ctrl+r")  # the resources, over the whole width
        text = await shows(pilot, "Help & resources", "988 Suicide")
        assert BAR not in text and "I can't sleep" not in text
        assert app.screen.query_one(ResourcesPane).region.width == 45
        await pilot.press("escape")  # closes them, and stays in the thread
        await until(pilot, lambda: BAR in screen_text(app))
        assert isinstance(app.screen, ThreadScreen) and app.screen.focused is post
        assert "I can't sleep" in screen_text(app)
        await pilot.press("ctrl+r")
        await shows(pilot, "988 Suicide")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: BAR in screen_text(app))
        await pilot.click("#pane-bar")  # the bar opens them with the mouse too
        await shows(pilot, "988 Suicide")


async def test_a_wide_terminal_still_shows_the_pane_beside_the_posts(db):
    river = await make_user("river")
    thread_id, root = await make_thread(river, "Rough night", "I can't sleep.")
    app = ForumApp(start=river)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen.boards)
        await show_thread(app, thread_id, focus_post=root)
        await until(pilot, lambda: isinstance(app.screen, ThreadScreen) and app.screen.ready)
        text = await shows(pilot, "Help & resources", "988 Suicide", "I can't sleep")
        assert BAR not in text
        await pilot.resize_terminal(45, 20)  # as an ssh client's window is made smaller
        await until(pilot, lambda: BAR in screen_text(app))
        assert "988 Suicide" not in screen_text(app)
        assert app.screen.query_one(f"#post-{root}").region.width >= 40
