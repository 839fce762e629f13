"""The boards screen while others write: counts, notes, one's own suspension and role
change show without a key pressed, the highlight and scroll stay, and a compose screen
over it is never touched."""

from __future__ import annotations

from textual.widgets import OptionList

from forum.app import ForumApp
from models import accounts, boards, changes, moderation, posting
from models.changes import Change, Kind
from models.entities import Board, Role
from screens.boards import BoardsScreen
from screens.compose import ComposeScreen
from screens.confirm import ConfirmScreen
from screens.widgets.footer import KeyFooter
from screens.widgets.top_bar import TopBar
from tests.helpers import key, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on, type_text, widget_text


def offered(app) -> list[str]:
    """What the footer offers on the active screen (every key it would draw)."""
    left, _palette = app.screen.query_one(KeyFooter).keys()
    return [k.description for k in left if k.enabled]


def who(app) -> str:
    return app.screen.query_one(TopBar).render().plain


async def test_counts_change_in_place_and_the_highlight_and_scroll_stay(
    db, frozen_clock, held_timers
):
    river, sam = await make_user("river"), await make_user("sam")
    last = (await boards.list_boards())[-1]
    app = ForumApp(start=river)
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await settled_on(pilot, BoardsScreen)
        options = screen.query_one("#boards", OptionList)
        await pilot.press("end")  # the last board: the list has scrolled to it
        await settle(pilot)
        highlighted, scrolled = options.highlighted, options.scroll_y
        assert scrolled > 0 and screen.highlighted_board().id == last.id
        assert "no posts yet" in screen_text(app).split(last.name)[1]

        opening = await posting.start_thread(sam, last.id, "Anyone here?", "Hello.", key())
        await held_timers.run(pilot)
        row = screen_text(app).split(last.name)[1]
        assert "1 thread" in row and "1 waiting for a reply" in row
        assert "last activity just now" in row

        await posting.reply(river, opening.id, "I am.", key())
        await held_timers.run(pilot)
        row = screen_text(app).split(last.name)[1]
        assert "1 thread" in row and "waiting" not in row
        assert (options.highlighted, options.scroll_y) == (highlighted, scrolled)
        assert screen.highlighted_board().id == last.id


async def test_a_compose_screen_over_the_boards_keeps_its_words_and_focus(db, held_timers):
    river, sam = await make_user("river"), await make_user("sam")
    first = (await boards.list_boards())[0]
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        screen = await settled_on(pilot, BoardsScreen)
        await pilot.press("n")
        compose = await settled_on(pilot, ComposeScreen)
        await type_text(pilot, "My week")
        await held_timers.run(pilot)  # the compose screen's own timers (preview, draft)
        focused = app.focused
        before = screen_text(app)

        await posting.start_thread(sam, first.id, "Hello all", "Hi.", key())
        await settle(pilot)
        assert app.screen is compose and app.focused is focused
        assert "My week" in screen_text(app) and screen_text(app) == before

        await pilot.press("escape")  # done writing for now
        await settled_on(pilot, ConfirmScreen)
        await pilot.press("y")
        assert await settled_on(pilot, BoardsScreen) is screen
        row = screen_text(app).split(first.name)[1]
        assert "1 thread" in row and "1 waiting for a reply" in row  # shown on coming back


async def test_a_note_from_a_moderator_shows_in_the_notice(db, held_timers):
    river, mod = await make_user("river"), await make_user("mod", Role.MODERATOR)
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        assert "new note" not in screen_text(app)
        await moderation.send_note(mod, river.id, "Please keep names out of posts.")
        text = await held_timers.run(pilot)
        assert "You have 1 new note from a moderator: press m to read." in text


async def test_a_suspension_takes_the_posting_keys_at_once_and_lifting_gives_them_back(
    db, held_timers
):
    river, mod = await make_user("river"), await make_user("mod", Role.MODERATOR)
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        assert "New thread" in offered(app)
        await moderation.suspend(mod, river.id, 3, "unkind replies")
        await held_timers.run(pilot)
        notice = " ".join(widget_text(app, "#notice").split())  # it wraps
        assert "Your account is suspended until" in notice and "Why: unkind replies" in notice
        assert "New thread" not in offered(app)
        await moderation.unsuspend(mod, river.id)
        text = await held_timers.run(pilot)
        assert "suspended" not in text
        assert "New thread" in offered(app)


async def test_a_new_role_shows_or_hides_the_staff_keys_at_once(db, held_timers):
    river, admin = await make_user("river"), await make_user("admin", Role.ADMIN)
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        assert "Review queue" not in offered(app) and "moderator" not in who(app)
        await accounts.change_role(admin, "river", Role.MODERATOR)
        await held_timers.run(pilot)
        assert "Review queue" in offered(app) and "moderator" in who(app)
        await accounts.change_role(admin, "river", Role.MEMBER)
        await held_timers.run(pilot)
        assert "Review queue" not in offered(app) and "moderator" not in who(app)


async def test_everything_reloads_once_keeping_the_highlight(db, held_timers, monkeypatch):
    river = await make_user("river")
    second = (await boards.list_boards())[1]
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        screen = await settled_on(pilot, BoardsScreen)
        await pilot.press("down")
        await settle(pilot)
        assert screen.highlighted_board().id == second.id
        loads = []
        real = boards.list_boards

        async def counted():
            loads.append(1)
            return await real()

        monkeypatch.setattr(boards, "list_boards", counted)
        # Another process wrote, and this one may have missed what it said.
        await Board.filter(id=second.id).update(thread_count=7)
        changes.deliver(Change(Kind.EVERYTHING))
        changes.deliver(Change(Kind.EVERYTHING))
        text = await held_timers.run(pilot)
        assert "7 threads" in text.split(second.name)[1]
        assert loads == [1]
        assert screen.highlighted_board().id == second.id
