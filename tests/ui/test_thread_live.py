"""An open thread shows what others write while the reader is there, without a key."""

from __future__ import annotations

from textual.widgets import TextArea

from forum.app import ForumApp
from models import moderation, posting, reactions
from models.entities import Role
from screens.compose import ComposeScreen
from screens.thread import ThreadScreen, show_thread
from tests.helpers import key, make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settled_on, type_text


async def _reading(app, pilot, thread_id: int) -> ThreadScreen:
    await show_thread(app, thread_id)
    screen = await settled_on(pilot, ThreadScreen)
    assert screen.ready
    return screen


async def test_a_reply_by_someone_else_arrives_in_its_place_marked_new(db, held_timers):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    first = await posting.reply(ann, opening, "Still awake at four.", key())
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _reading(app, pilot, thread_id)
        focused = app.focused
        scrolled = screen.query_one("#posts").scroll_y
        answer = await posting.reply(bob, first.id, "Four is the hardest hour.", key())
        text = await held_timers.run(pilot)
        assert "Four is the hardest hour." in text and "2 replies" in text
        widget = screen.posts[answer.id]
        assert widget.new and "new" in widget.header().plain
        assert screen.post_tree.parent_of(widget).post.id == first.id  # under its parent
        assert app.focused is focused  # the reader's place is where it was
        assert screen.query_one("#posts").scroll_y == scrolled


async def test_an_edit_replaces_the_words_and_a_removal_shows_removed(db, held_timers):
    ann, bob = await make_user("ann"), await make_user("bob")
    mod = await make_user("mod", Role.MODERATOR)
    thread_id, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    one = await posting.reply(bob, opening, "Try warm milk.", key())
    two = await posting.reply(bob, opening, "Something unkind.", key())
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await _reading(app, pilot, thread_id)
        await posting.edit_post(bob, one.id, "Try a short walk, then warm milk.")
        await posting.remove_post(mod, two.id, "unkind")
        text = await held_timers.run(pilot)
        assert "Try a short walk, then warm milk." in text
        assert "Something unkind." not in text and "removed" in text.lower()


async def test_reactions_show_their_new_counts(db, held_timers):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, _opening = await make_thread(ann, "Rough night", "I could not sleep.")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _reading(app, pilot, thread_id)
        await reactions.react(bob, _opening, "hug")
        await held_timers.run(pilot)
        assert sum(screen.posts[_opening].reactions.values()) == 1


async def test_a_reply_arriving_while_composing_leaves_the_draft_and_focus_alone(db, held_timers):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _reading(app, pilot, thread_id)
        await pilot.press("r")
        compose = await settled_on(pilot, ComposeScreen)
        await type_text(pilot, "Thank you all")
        body = compose.query_one("#body", TextArea)
        await posting.reply(bob, opening, "We are here.", key())
        await held_timers.run(pilot)
        assert app.screen is compose and app.focused is body
        assert body.text == "Thank you all"
        assert any(w.post.body == "We are here." for w in screen.posts.values())


async def test_a_suspension_takes_the_reply_key_away_at_once(db, held_timers):
    ann, bob = await make_user("ann"), await make_user("bob")
    mod = await make_user("mod", Role.MODERATOR)
    thread_id, _ = await make_thread(bob, "Rough night", "I could not sleep.")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await _reading(app, pilot, thread_id)
        assert "Reply" in screen_text(app)
        await moderation.suspend(mod, ann.id, 2, "a pause to cool down")
        await held_timers.run(pilot)
        text = await settled_on(pilot, ThreadScreen) and screen_text(app)
        assert "Reply" not in text.splitlines()[-1]  # the footer offers no reply key
        assert "suspended" in text.lower()


async def test_the_writers_own_reply_shows_once(db, held_timers):
    ann = await make_user("ann")
    thread_id, _ = await make_thread(ann, "Rough night", "I could not sleep.")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _reading(app, pilot, thread_id)
        await pilot.press("r")
        await settled_on(pilot, ComposeScreen)
        await type_text(pilot, "Answering myself")
        await pilot.press("ctrl+s")
        await settled_on(pilot, ThreadScreen)
        if held_timers.armed:
            await held_timers.run(pilot)
        assert [w.post.body for w in screen.posts.values()].count("Answering myself") == 1
        assert screen_text(app).count("Answering myself") == 1
