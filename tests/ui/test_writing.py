"""Compose with preview, post a thread, reply, edit, remove, and keeping the draft."""

from __future__ import annotations

from textual.widgets import Markdown, TextArea

from forum.app import ForumApp
from models import boards, drafts, posting, threads
from models.account_deletion import delete_account
from screens.boards import BoardsScreen
from screens.compose import ComposeScreen
from screens.confirm import ConfirmScreen
from screens.thread import ThreadScreen, show_thread
from screens.widgets.safe_input import SafeInput
from tests.helpers import key, make_thread, make_user
from tests.ui.conftest import SIZE, quits, screen_text, settle, settled_on, type_text, widget_text


async def new_thread_draft(app, pilot) -> ComposeScreen:
    """From the boards, press n: the new-thread form."""
    assert (await settled_on(pilot, BoardsScreen)).boards
    await pilot.press("n")
    return await settled_on(pilot, ComposeScreen)


async def _open_thread(app, pilot, thread_id: int) -> ThreadScreen:
    await show_thread(app, thread_id)
    screen = await settled_on(pilot, ThreadScreen)
    assert screen.ready
    return screen


async def test_compose_shows_a_markdown_preview(db, held_timers):
    river = await make_user("river")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await new_thread_draft(app, pilot)
        app.screen.query_one("#body", TextArea).focus()
        await type_text(pilot, "**hi**")
        preview = app.screen.query_one("#preview", Markdown)
        text = await held_timers.run(pilot)  # typing pauses: the preview follows
        assert "hi" in text and "**hi**" in text and preview.source == "**hi**"
        # The preview shows the words without the asterisks (rendered bold).
        assert "hi" in widget_text(app, "#preview")
        assert "**" not in widget_text(app, "#preview")
        assert "**hi**" in widget_text(app, "#body")
        await pilot.press("ctrl+t")  # hide and show the preview
        assert not app.screen.query_one("#preview-pane").display
        await pilot.press("ctrl+t")
        assert app.screen.query_one("#preview-pane").display


async def test_post_a_new_thread(db):
    river = await make_user("river")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await new_thread_draft(app, pilot)
        app.screen.query_one("#title", SafeInput).value = "First post"
        app.screen.query_one("#warning", SafeInput).value = "grief"
        app.screen.query_one("#body", TextArea).text = "Hello everyone.\n\nI'm *new* here."
        await pilot.press("ctrl+s")
        assert (await settled_on(pilot, ThreadScreen)).ready
        text = screen_text(app)
        assert "First post" in text and "Hello everyone." in text and "I'm new here." in text
        assert "Content warning: grief" in text
        assert app.screen.thread.title == "First post"


async def test_reply_to_a_post(db):
    river = await make_user("river")
    noor = await make_user("noor")
    thread_id, opening = await make_thread(river, "Sleep", "I wake at 4am.")
    app = ForumApp(start=noor)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_thread(app, pilot, thread_id)
        await pilot.press("r")
        await settled_on(pilot, ComposeScreen)
        text = screen_text(app)
        assert "Replying to river" in text and "I wake at 4am." in text
        await type_text(pilot, "Same")
        app.screen.query_one("#body", TextArea).insert(" here")
        await pilot.press("ctrl+s")
        text = await settle(pilot)
        assert app.screen is screen and len(screen.posts) == 2
        assert "Same here" in text and "1 reply" in text
        reply = screen.posts[max(screen.posts)]
        assert reply.post.parent_id == opening
        assert screen.focused is reply


async def test_edit_own_post(db):
    river = await make_user("river")
    thread_id, _opening = await make_thread(river, "Sleep", "I wake at 4am.")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_thread(app, pilot, thread_id)
        await pilot.press("e")
        area = (await settled_on(pilot, ComposeScreen)).query_one("#body", TextArea)
        assert area.text == "I wake at 4am."
        area.text = "I wake at 4am, most nights."
        await pilot.press("ctrl+s")
        text = await settle(pilot)
        assert app.screen is screen and screen.ready
        assert "I wake at 4am, most nights." in text and "edited" in text


async def test_others_posts_offer_no_edit_or_remove(db):
    river = await make_user("river")
    noor = await make_user("noor")
    thread_id, _ = await make_thread(river, "Sleep", "I wake at 4am.")
    app = ForumApp(start=noor)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_thread(app, pilot, thread_id)
        footer = screen_text(app).splitlines()[-1]
        assert "Reply" in footer and "Edit" not in footer and "Remove" not in footer
        await pilot.press("e", "x")
        await settle(pilot)
        assert app.screen is screen


async def test_remove_own_post_keeps_its_replies(db):
    river = await make_user("river")
    noor = await make_user("noor")
    thread_id, opening = await make_thread(river, "Sleep", "I wake at 4am.")
    mine = (await posting.reply(noor, opening, "Something I regret.", key())).id
    await posting.reply(river, mine, "Thank you anyway.", key())
    app = ForumApp(start=noor)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_thread(app, pilot, thread_id)
        screen.posts[mine].focus()
        await pilot.press("x")
        await settled_on(pilot, ConfirmScreen)
        await pilot.press("y")
        text = await settle(pilot)
        assert "This post was removed by its author." in text
        assert "Something I regret." not in text
        assert "Thank you anyway." in text


async def test_draft_is_kept_and_the_retry_reuses_its_key_when_posting_fails(db, monkeypatch):
    river = await make_user("river")
    thread_id, _opening = await make_thread(river, "Sleep", "I wake at 4am.")
    real = posting.reply
    keys: list[str] = []

    async def flaky(actor, parent_id, body, client_key, **options):
        keys.append(client_key)
        if len(keys) == 1:
            raise ConnectionResetError("the database went away")
        return await real(actor, parent_id, body, client_key, **options)

    monkeypatch.setattr(posting, "reply", flaky)
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_thread(app, pilot, thread_id)
        await pilot.press("r")
        compose = await settled_on(pilot, ComposeScreen)
        compose.query_one("#body", TextArea).text = "Words I don't want to lose."
        await pilot.press("ctrl+s")
        assert "could not be reached" in await settle(pilot)
        assert app.screen is compose
        assert compose.query_one("#body", TextArea).text == "Words I don't want to lose."
        await pilot.press("ctrl+s")  # try again: same key, one post
        await settle(pilot)
        assert app.screen is screen and len(screen.posts) == 2
    assert keys[0] == keys[1]
    view = await threads.open_thread(thread_id)
    assert [p.body for p in view.posts].count("Words I don't want to lose.") == 1


async def test_domain_refusal_is_shown_in_place(db):
    river = await make_user("river")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await new_thread_draft(app, pilot)
        app.screen.query_one("#body", TextArea).text = "A body without a title."
        await pilot.press("ctrl+s")
        assert "Title must not be empty." in await settle(pilot)
        assert app.screen.query_one("#body", TextArea).text == "A body without a title."


async def test_escape_asks_before_throwing_a_draft_away(db):
    river = await make_user("river")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await new_thread_draft(app, pilot)
        await pilot.press("escape")  # empty: leaves at once
        await settled_on(pilot, BoardsScreen)
        compose = await new_thread_draft(app, pilot)
        await type_text(pilot, "Half")
        await pilot.press("escape")
        await settled_on(pilot, ConfirmScreen)
        await pilot.press("n")  # keep writing
        await settle(pilot)
        assert app.screen is compose
        assert compose.query_one("#title", SafeInput).value == "Half"
        await pilot.press("escape")
        await settled_on(pilot, ConfirmScreen)
        await pilot.press("y")
        await settled_on(pilot, BoardsScreen)


async def test_quitting_keeps_the_draft_and_quits_at_once(db, held_timers):
    river = await make_user("river")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await new_thread_draft(app, pilot)
        await type_text(pilot, "Half a thought")  # the title, before the draft timer runs
        await pilot.press("ctrl+q")
        await quits(pilot)
    board = (await boards.list_boards())[0].id
    kept = await drafts.load(river, drafts.Target.new_thread(board))
    assert kept is not None and kept.title == "Half a thought"


async def test_quitting_asks_before_throwing_away_a_draft_that_cannot_be_kept(db):
    river = await make_user("river")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        compose = await new_thread_draft(app, pilot)
        await type_text(pilot, "Half a thought")
        await delete_account(river, "correct horse")  # from another session, meanwhile
        await pilot.press("ctrl+q")
        assert "Quit and throw away your draft?" in await settle(pilot)
        await pilot.press("n")  # keep writing
        await settle(pilot)
        assert app.screen is compose
        assert app.is_running and compose.query_one("#title", SafeInput).value == "Half a thought"
        await pilot.press("ctrl+q")
        assert "Quit and throw away your draft?" in await settle(pilot)
        await pilot.press("y")
        await quits(pilot)


async def test_quitting_with_nothing_written_quits_at_once(db):
    river = await make_user("river")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await new_thread_draft(app, pilot)
        await pilot.press("ctrl+q")
        await quits(pilot)


async def test_on_a_short_terminal_the_body_scrolls_into_view_as_you_write(db):
    river = await make_user("river")
    app = ForumApp(start=river)
    async with app.run_test(size=(60, 15)) as pilot:
        compose = await new_thread_draft(app, pilot)
        await type_text(pilot, "A title")
        for _ in range(10):  # past the board, warning and title fields, to the body
            if compose.query_one("#body", TextArea).has_focus:
                break
            await pilot.press("tab")
        await type_text(pilot, "Words that should show")
        assert "Words that should show" in await settle(pilot)
