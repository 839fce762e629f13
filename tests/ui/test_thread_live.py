"""An open thread shows what others write while the reader is there, without a key."""

from __future__ import annotations

from textual.widgets import Static, TextArea

from forum.app import ForumApp
from models import accounts, blocks, changes, moderation, posting, reactions, threads
from models.changes import Change, Kind
from models.entities import Role
from screens.compose import ComposeScreen
from screens.thread import ThreadScreen, show_thread
from screens.widgets.post import PostText, PostWidget
from tests.helpers import key, make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on, type_text


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
        assert any(t.name == "live updates" for t in held_timers.armed)  # its change came
        await held_timers.run(pilot)
        assert [w.post.body for w in screen.posts.values()].count("Answering myself") == 1
        assert not any(w.new for w in screen.posts.values())  # one's own words are not news
        assert screen_text(app).count("Answering myself") == 1


# -- a long thread: where the reader is stays where it is ----------------------------------

TALL = "A long night.\n\nThen a longer morning.\n\nStill here."
"""A reply's words: three paragraphs, so a few replies fill the screen."""


async def _long_thread(author, replies: int = 30) -> tuple[int, int, list[int]]:
    """A thread whose opening post has ``replies`` tall replies, oldest first."""
    thread_id, opening = await make_thread(author, "Rough night", "I could not sleep.")
    made = [
        (await posting.reply(author, opening, f"{n}. {TALL}", key())).id for n in range(replies)
    ]
    return thread_id, opening, made


def _scroll(screen: ThreadScreen):
    return screen.query_one("#posts")


async def test_a_reply_above_the_screen_leaves_what_the_reader_sees_still(db, held_timers):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, _opening, replies = await _long_thread(ann)
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await show_thread(app, thread_id, focus_post=replies[10])
        screen = await settled_on(pilot, ThreadScreen)
        focused = app.focused
        row = focused.region.y
        assert _scroll(screen).scroll_y > 0 and screen.posts[replies[1]].region.bottom < 0
        above = await posting.reply(bob, replies[1], "Same here, every night.", key())
        await held_timers.run(pilot)
        widget = screen.posts[above.id]
        assert widget.new and screen.parent_of(widget).post.id == replies[1]
        assert app.focused is focused and focused.region.y == row  # nothing on screen moved
        scrolled = _scroll(screen).scroll_y
        below = await posting.reply(bob, replies[12], "Mornings are easier.", key())
        await held_timers.run(pilot)
        assert screen.parent_of(screen.posts[below.id]).post.id == replies[12]
        assert app.focused is focused and focused.region.y == row
        assert _scroll(screen).scroll_y == scrolled


async def test_a_reply_beyond_the_loaded_page_waits_for_that_page(db, held_timers):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, opening, replies = await _long_thread(ann)
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _reading(app, pilot, thread_id)
        assert screen.next_cursor is not None and replies[-1] not in screen.posts
        late = await posting.reply(bob, replies[-1], "Down here too.", key())
        text = await held_timers.run(pilot)
        assert late.id not in screen.posts and "31 replies" in text
        assert app.focused is screen.posts[opening]
        for _ in range(5):  # reading on loads the rest, a page at a time, the reply in it
            if screen.next_cursor is None:
                break
            screen.load_more()
            await settle(pilot)
        assert screen.next_cursor is None
        assert [w.post.body for w in screen.posts.values()].count("Down here too.") == 1


async def test_an_edit_of_a_post_left_out_does_not_bring_it_in(db, held_timers):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, _opening, replies = await _long_thread(bob)
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await show_thread(app, thread_id, focus_post=replies[25])  # from there on, in place
        screen = await settled_on(pilot, ThreadScreen)
        assert screen.start is not None and replies[3] not in screen.posts
        await posting.edit_post(bob, replies[3], "Edited, far above.")
        await held_timers.run(pilot)
        assert replies[3] not in screen.posts and "Edited, far above." not in screen_text(app)


async def test_a_live_reply_is_shown_as_this_reader_sees_it(db, held_timers):
    ann, bob, cas = await make_user("ann"), await make_user("bob"), await make_user("cas")
    thread_id, opening = await make_thread(cas, "Rough night", "I could not sleep.")
    await blocks.block(ann, bob.id)
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _reading(app, pilot, thread_id)
        unkind = await posting.reply(bob, opening, "Just get over it.", key())
        warned = await posting.reply(cas, opening, "When my dad died...", key(), "grief")
        text = await held_timers.run(pilot)
        assert screen.posts[unkind.id].blocked and "Folded: you blocked this person" in text
        assert "Just get over it." not in text
        assert screen.posts[warned.id].veiled and "Content warning: grief" in text
        assert "When my dad died" not in text


async def test_locking_the_thread_takes_the_reply_key_and_keeps_the_place(db, held_timers):
    ann = await make_user("ann")
    mod = await make_user("mod", Role.MODERATOR)
    thread_id, _opening, replies = await _long_thread(ann)
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await show_thread(app, thread_id, focus_post=replies[10])
        screen = await settled_on(pilot, ThreadScreen)
        row = app.focused.region.y
        assert "Reply" in footer(app)
        await posting.set_thread_flag(mod, thread_id, "locked", True)
        await held_timers.run(pilot)
        assert "Reply" not in footer(app)
        assert "This thread is locked" in str(screen.query_one("#notice", Static).render())
        # The same post, at the same row: the notice it brought, above, is scrolled past.
        assert app.focused is screen.posts[replies[10]] and app.focused.region.y == row


async def test_lifting_a_suspension_gives_the_reply_key_back(db, held_timers):
    ann, bob = await make_user("ann"), await make_user("bob")
    mod = await make_user("mod", Role.MODERATOR)
    thread_id, _ = await make_thread(bob, "Rough night", "I could not sleep.")
    await moderation.suspend(mod, ann.id, 2, "a pause to cool down")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await _reading(app, pilot, thread_id)
        assert "Reply" not in footer(app) and "suspended" in screen_text(app)
        await moderation.unsuspend(mod, ann.id, "talked it through")
        text = await held_timers.run(pilot)
        assert "Reply" in footer(app) and "suspended" not in text


async def test_a_new_role_offers_the_staff_keys_at_once(db, held_timers):
    ann = await make_user("ann")
    admin = await make_user("root", Role.ADMIN)
    thread_id, _ = await make_thread(ann, "Rough night", "I could not sleep.")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _reading(app, pilot, thread_id)
        assert "P" not in _offered(screen)
        await accounts.change_role(admin, "ann", Role.MODERATOR, "helps a lot")
        await held_timers.run(pilot)
        assert {"P", "L", "S"} <= _offered(screen)


async def test_missed_changes_reload_once_keeping_place_and_new_marks(db, held_timers, monkeypatch):
    from models.entities import Post  # written behind the feed's back: a change missed

    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, _opening, replies = await _long_thread(ann)
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await show_thread(app, thread_id, focus_post=replies[10])
        screen = await settled_on(pilot, ThreadScreen)
        answer = await posting.reply(bob, replies[10], "Same here.", key())
        await held_timers.run(pilot)
        row, scrolled = app.focused.region.y, _scroll(screen).scroll_y
        await Post.filter(id=replies[11]).update(body="Changed while nobody listened.")
        loads, real = [], threads.open_thread

        def counted(*args, **kwargs):
            loads.append(args)
            return real(*args, **kwargs)

        monkeypatch.setattr(threads, "open_thread", counted)
        changes.deliver(Change(Kind.EVERYTHING))
        changes.deliver(Change(Kind.THREAD, thread_id=thread_id))
        await held_timers.run(pilot)
        assert len(loads) == 1
        assert "Changed while nobody listened." in _words(screen.posts[replies[11]])
        assert app.focused is screen.posts[replies[10]] and app.focused.region.y == row
        assert _scroll(screen).scroll_y == scrolled
        assert screen.posts[answer.id].new  # still marked: the reader has not been there


async def test_a_lock_while_composing_leaves_the_draft_and_focus_alone(db, held_timers):
    ann, bob = await make_user("ann"), await make_user("bob")
    mod = await make_user("mod", Role.MODERATOR)
    thread_id, _ = await make_thread(bob, "Rough night", "I could not sleep.")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _reading(app, pilot, thread_id)
        await pilot.press("r")
        compose = await settled_on(pilot, ComposeScreen)
        await type_text(pilot, "Thank you all")
        body = compose.query_one("#body", TextArea)
        await posting.set_thread_flag(mod, thread_id, "locked", True)
        await moderation.suspend(mod, ann.id, 1, "a pause")
        await held_timers.run(pilot)
        assert app.screen is compose and app.focused is body and body.text == "Thank you all"
        assert screen.thread.locked  # the thread beneath follows


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


def _words(widget: PostWidget) -> str:
    """What a post's card shows (header and words), on screen or scrolled past."""
    return str(widget.query_one(PostText).render())


def _offered(screen: ThreadScreen) -> set[str]:
    """The screen's keys offered now (shown in the footer, or left out for room)."""
    return {key for key, active in screen.active_bindings.items() if active.enabled}
