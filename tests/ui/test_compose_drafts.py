"""A draft survives a dropped connection; edit starts at the end; a new thread names its
board."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Select, TextArea

from forum.app import ForumApp
from models import boards, drafts
from screens.board import BoardScreen
from screens.compose import ComposeScreen
from screens.confirm import ConfirmScreen
from screens.thread import ThreadScreen, show_thread
from tests.helpers import make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on, type_text


class Kept:
    """Counts the compose screen's "draft kept" messages (an app's message hook)."""

    def __init__(self) -> None:
        self.count = 0

    def hook(self, message: Message) -> None:
        if isinstance(message, ComposeScreen.DraftKept):
            self.count += 1


async def _reply_screen(app, pilot, thread_id: int) -> ComposeScreen:
    await show_thread(app, thread_id)
    assert (await settled_on(pilot, ThreadScreen)).ready
    await pilot.press("r")
    return await settled_on(pilot, ComposeScreen)


async def test_a_reply_comes_back_after_the_connection_drops(db, frozen_clock, held_timers):
    river = await make_user("river")
    noor = await make_user("noor")
    thread_id, opening = await make_thread(river, "Sleep", "I wake at 4am.")
    first = ForumApp(start=noor)
    async with first.run_test(size=SIZE) as pilot:
        await _reply_screen(first, pilot, thread_id)
        await type_text(pilot, "Me too. What helps me is")
        await held_timers.run(pilot)  # typing pauses: the draft is kept
        # The app ends here without posting, as it does when the connection drops.

    again = ForumApp(start=noor)
    async with again.run_test(size=SIZE) as pilot:
        compose = await _reply_screen(again, pilot, thread_id)
        assert "Your draft from 14 Mar 2025, 09:30 UTC was restored." in screen_text(again)
        area = compose.query_one("#body", TextArea)
        assert area.text == "Me too. What helps me is"
        await type_text(pilot, " tea")  # carries on where the text ends
        assert area.text == "Me too. What helps me is tea"
        await pilot.press("ctrl+s")
        await settled_on(pilot, ThreadScreen)
        assert "Me too. What helps me is tea" in screen_text(again)
    assert await drafts.load(noor, drafts.Target.reply(opening)) is None


async def test_typing_keeps_the_draft_once_when_typing_pauses(db, frozen_clock, held_timers):
    river = await make_user("river")
    thread_id, opening = await make_thread(river, "Sleep", "I wake at 4am.")
    kept = Kept()
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE, message_hook=kept.hook) as pilot:
        await _reply_screen(app, pilot, thread_id)
        await type_text(pilot, "Nineteen keystrokes")
        assert await drafts.load(river, drafts.Target.reply(opening)) is None  # not yet
        text = await held_timers.run(pilot)  # typing pauses
        assert "Draft kept at 09:30 UTC." in text
    assert kept.count == 1
    stored = await drafts.load(river, drafts.Target.reply(opening))
    assert stored is not None and stored.body == "Nineteen keystrokes"


async def test_throwing_a_draft_away_deletes_the_kept_copy(db, held_timers):
    river = await make_user("river")
    thread_id, opening = await make_thread(river, "Sleep", "I wake at 4am.")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await _reply_screen(app, pilot, thread_id)
        await type_text(pilot, "Not today")
        await held_timers.run(pilot)  # typing pauses: the draft is kept
        await pilot.press("escape")
        await settled_on(pilot, ConfirmScreen)
        await pilot.press("y")
        await settled_on(pilot, ThreadScreen)
        await pilot.press("r")
        await settled_on(pilot, ComposeScreen)
        assert app.screen.query_one("#body", TextArea).text == ""
        assert "was restored" not in screen_text(app)
    assert await drafts.load(river, drafts.Target.reply(opening)) is None


async def test_edit_starts_with_the_cursor_after_the_text(db):
    river = await make_user("river")
    thread_id, _ = await make_thread(river, "Sleep", "I wake at 4am.\nEvery night.")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await show_thread(app, thread_id)
        assert (await settled_on(pilot, ThreadScreen)).ready
        await pilot.press("e")
        await settled_on(pilot, ComposeScreen)
        await type_text(pilot, " Mostly.")
        area = app.screen.query_one("#body", TextArea)
        assert area.text == "I wake at 4am.\nEvery night. Mostly."


async def test_the_new_thread_screen_names_its_board(db):
    river = await make_user("river")
    listed = await boards.list_boards()
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(BoardScreen(listed[1]))
        await settled_on(pilot, BoardScreen)
        await pilot.press("n")
        await settled_on(pilot, ComposeScreen)
        assert f"New thread in {listed[1].name}" in screen_text(app)


async def test_the_board_named_follows_the_board_chosen(db):
    river = await make_user("river")
    listed = await boards.list_boards()
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        from tests.ui.test_writing import new_thread_draft

        compose = await new_thread_draft(app, pilot)
        assert f"New thread in {listed[0].name}" in await settle(pilot)
        compose.query_one("#board", Select).value = listed[2].id
        assert f"New thread in {listed[2].name}" in await settle(pilot)
        assert f"New thread in {listed[0].name}" not in screen_text(app)
