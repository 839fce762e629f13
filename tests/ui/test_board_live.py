"""One board's threads while others write: new threads and replies are announced and
shown on `.`, never moving the reader's highlight or scroll; a thread pinned, locked or
retitled changes in place; one's own suspension and role change the keys at once."""

from __future__ import annotations

from textual.widgets import OptionList

from forum.app import ForumApp
from models import accounts, changes, moderation, posting
from models.changes import Change, Kind
from models.entities import Role, Thread
from screens.board import BoardScreen
from screens.boards import BoardsScreen
from screens.compose import ComposeScreen
from screens.confirm import ConfirmScreen
from tests.helpers import first_board_id, key, make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on, type_text, widget_text
from tests.ui.test_boards_live import offered, who


async def open_board(app, pilot) -> BoardScreen:
    await settled_on(pilot, BoardsScreen)
    await pilot.press("enter")
    board = await settled_on(pilot, BoardScreen)
    assert board.threads
    return board


def highlighted(board: BoardScreen) -> tuple[int, int | None, float]:
    """The highlighted thread's id, its row, and how far the list is scrolled."""
    options = board.query_one("#threads", OptionList)
    return board.highlighted_item().id, options.highlighted, options.scroll_y


async def test_new_threads_and_replies_are_announced_and_dot_shows_them(db, held_timers):
    river, sam, ann = await make_user("river"), await make_user("sam"), await make_user("ann")
    board_id = await first_board_id()
    made = [await make_thread(river, f"Thread {n}") for n in range(8)]
    oldest, _ = made[0]
    app = ForumApp(start=ann)
    async with app.run_test(size=(100, 24)) as pilot:
        board = await open_board(app, pilot)
        assert board.threads[-1].id == oldest
        await pilot.press("end", "up")  # the one above the oldest: the list has scrolled
        await settle(pilot)
        kept = highlighted(board)
        assert kept[2] > 0 and "Show new" not in offered(app)

        await posting.start_thread(sam, board_id, "Brand new here", "Hi.", key())
        await posting.reply(sam, made[0][1], "Me too.", key())
        text = await held_timers.run(pilot)
        assert "1 new thread, 1 thread has new replies: press . to show them." in text
        assert "Brand new here" not in text  # not listed until the reader asks
        assert highlighted(board) == kept
        assert "1 reply" in widget_text(app, "#threads").split("Thread 0")[1]  # in place
        assert "Show new" in offered(app)

        await pilot.press(".")
        text = await settle(pilot)
        titles = [t.title for t in board.threads]
        assert titles[:2] == ["Thread 0", "Brand new here"]
        assert board.highlighted_item().id == kept[0]  # the same thread, where it is now
        assert "press . to show" not in text and "Show new" not in offered(app)


async def test_ones_own_thread_or_reply_is_no_news(db, held_timers):
    river, ann = await make_user("river"), await make_user("ann")
    _, opening = await make_thread(river, "A hard week")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        await posting.reply(ann, opening, "Here for you.", key())
        text = await held_timers.run(pilot)
        assert "press . to show" not in text
        assert "1 reply" in widget_text(app, "#threads")  # the row itself is up to date


async def test_a_thread_locked_or_retitled_changes_in_place(db, held_timers):
    river, mod, ann = (
        await make_user("river"),
        await make_user("mod", Role.MODERATOR),
        await make_user("ann"),
    )
    first, _ = await make_thread(river, "First")
    await make_thread(river, "Second")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("down")  # First
        await settle(pilot)
        kept = highlighted(board)
        await posting.set_thread_flag(mod, first, "locked", True)
        await posting.edit_thread_title(river, first, "First, and still here")
        await held_timers.run(pilot)
        rows = widget_text(app, "#threads")
        assert "LOCKED First, and still here" in " ".join(rows.split())
        assert highlighted(board) == kept


async def test_a_compose_screen_over_the_board_keeps_its_words_and_focus(db, held_timers):
    river, ann = await make_user("river"), await make_user("ann")
    _, opening = await make_thread(river, "A hard week")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("n")
        compose = await settled_on(pilot, ComposeScreen)
        await type_text(pilot, "Night shifts")
        await held_timers.run(pilot)  # the compose screen's own timers (preview, draft)
        focused, before = app.focused, screen_text(app)

        await posting.reply(river, opening, "Still awake.", key())
        await posting.start_thread(river, await first_board_id(), "Another", "More.", key())
        await settle(pilot)
        assert app.screen is compose and app.focused is focused
        assert screen_text(app) == before

        await pilot.press("escape")  # done writing for now
        await settled_on(pilot, ConfirmScreen)
        await pilot.press("y")
        assert await settled_on(pilot, BoardScreen) is board
        text = screen_text(app)  # coming back lists the board as it is now
        assert "Another" in text and "1 reply" in text.split("A hard week")[1]


async def test_a_suspension_on_the_board_takes_the_keys_and_says_why(db, held_timers):
    river, mod = await make_user("river"), await make_user("mod", Role.MODERATOR)
    await make_thread(river, "A hard week")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        assert "New thread" in offered(app)
        await moderation.suspend(mod, river.id, 3, "unkind replies")
        await held_timers.run(pilot)
        notice = " ".join(widget_text(app, "#notice").split())
        assert "Your account is suspended until" in notice and "Why: unkind replies" in notice
        assert "New thread" not in offered(app)
        await moderation.unsuspend(mod, river.id)
        text = await held_timers.run(pilot)
        assert "suspended" not in text and "New thread" in offered(app)


async def test_a_new_role_on_the_board_shows_the_staff_keys(db, held_timers):
    river, admin = await make_user("river"), await make_user("admin", Role.ADMIN)
    await make_thread(river, "A hard week")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        assert "Pin/unpin" not in offered(app)
        await accounts.change_role(admin, "river", Role.MODERATOR)
        await held_timers.run(pilot)
        assert "Pin/unpin" in offered(app) and "moderator" in who(app)
        await accounts.change_role(admin, "river", Role.MEMBER)
        await held_timers.run(pilot)
        assert "Pin/unpin" not in offered(app) and "moderator" not in who(app)


async def test_everything_reloads_the_board_keeping_the_highlight(db, held_timers):
    river, ann = await make_user("river"), await make_user("ann")
    first, _ = await make_thread(river, "First")
    await make_thread(river, "Second")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("down")
        await settle(pilot)
        assert board.highlighted_item().id == first
        # Another process wrote, and this one may have missed what it said.
        await Thread.filter(id=first).update(title="First, renamed elsewhere")
        changes.deliver(Change(Kind.EVERYTHING))
        text = await held_timers.run(pilot)
        assert "First, renamed elsewhere" in text
        assert board.highlighted_item().id == first


async def test_a_suspension_while_writing_leaves_the_writing_and_shows_on_return(db, held_timers):
    river, mod = await make_user("river"), await make_user("mod", Role.MODERATOR)
    await make_thread(river, "A hard week")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("n")
        compose = await settled_on(pilot, ComposeScreen)
        await type_text(pilot, "Night shifts")
        await held_timers.run(pilot)  # the compose screen's own timers (preview, draft)
        focused, before = app.focused, screen_text(app)

        await moderation.suspend(mod, river.id, 3, "unkind replies")
        await held_timers.run(pilot)
        assert app.screen is compose and app.focused is focused
        assert screen_text(app) == before

        await pilot.press("escape")  # done writing for now
        await settled_on(pilot, ConfirmScreen)
        await pilot.press("y")
        assert await settled_on(pilot, BoardScreen) is board
        assert "Your account is suspended" in " ".join(widget_text(app, "#notice").split())
        assert "New thread" not in offered(app)
