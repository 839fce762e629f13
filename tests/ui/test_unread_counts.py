"""What is new for a person, on the boards and on a board: each board counts its threads
with something new, each thread row says how many posts are new ("3 new") or that the
whole thread is ("new"), both change as others write, and reading clears them."""

from __future__ import annotations

from datetime import timedelta

from forum.app import ForumApp
from models import clock, posting, unread
from models.entities import Board
from screens.board import BoardScreen
from screens.boards import BoardsScreen
from screens.thread.screen import ThreadScreen
from tests.helpers import first_board_id, key, make_thread, make_user
from tests.ui.conftest import settle, settled_on, widget_text


def row_of(app, selector: str, name: str) -> str:
    """The lines of the list row whose first line shows ``name`` (a row has at most three)."""
    lines = widget_text(app, selector).splitlines()
    at = next((i for i, line in enumerate(lines) if name in line), None)
    assert at is not None, "\n".join(lines)
    return "\n".join(lines[at : at + 3])


async def test_boards_and_a_board_show_what_is_new_and_reading_clears_it(db, held_timers):
    sam = await make_user("sam")
    read_before, read_opening = await make_thread(sam, "Rough night", "I could not sleep.")
    ann = await make_user("ann")
    await unread.seen(ann, read_before, clock.now())
    board_name = (await Board.get(id=await first_board_id())).name
    later = clock.now() + timedelta(minutes=5)
    with clock.moved(lambda: later):
        await posting.reply(sam, read_opening, "Still awake.", key())
        await posting.reply(sam, read_opening, "Anyone?", key())
        await make_thread(sam, "First time here", "Hello.")  # after ann joined, not opened
    app = ForumApp(start=ann)
    async with app.run_test(size=(110, 40)) as pilot:
        await settled_on(pilot, BoardsScreen)
        assert "● 2 threads with something new" in row_of(app, "#boards", board_name)
        await pilot.press("enter")
        await settled_on(pilot, BoardScreen)
        assert "● 2 new" in row_of(app, "#threads", "Rough night")
        assert "● new" in row_of(app, "#threads", "First time here")

        await posting.reply(sam, read_opening, "Please.", key())  # arrives by itself
        await held_timers.run(pilot)
        assert "● 3 new" in row_of(app, "#threads", "Rough night")

        await pilot.press("enter")  # "First time here" is highlighted: the newest
        await settled_on(pilot, ThreadScreen)
        await pilot.press("escape")
        await settled_on(pilot, BoardScreen)
        assert "new" not in row_of(app, "#threads", "First time here")
        assert "● 3 new" in row_of(app, "#threads", "Rough night")
        await pilot.press("escape")
        await settle(pilot)
        assert "● 1 thread with something new" in row_of(app, "#boards", board_name)


async def test_guests_see_no_unread_marks(db, held_timers):
    sam = await make_user("sam")
    await make_thread(sam, "First time here", "Hello.")
    app = ForumApp(start="guest")
    async with app.run_test(size=(110, 40)) as pilot:
        await settled_on(pilot, BoardsScreen)
        assert "something new" not in widget_text(app, "#boards")
        await pilot.press("enter")
        await settled_on(pilot, BoardScreen)
        assert "●" not in row_of(app, "#threads", "First time here")
