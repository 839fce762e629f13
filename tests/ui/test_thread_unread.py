"""Coming back to a thread: what was written since the last visit is marked, n jumps to it."""

from __future__ import annotations

from datetime import timedelta

from forum.app import ForumApp
from models import clock, posting, unread
from screens.thread import ThreadScreen, show_thread
from screens.widgets.post import PostWidget
from tests.helpers import key, make_thread, make_user
from tests.ui.conftest import SIZE, settle, settled_on


async def _visit(app, pilot, thread_id: int) -> ThreadScreen:
    await show_thread(app, thread_id)
    screen = await settled_on(pilot, ThreadScreen)
    await settle(pilot)  # the read mark is stored once the posts are shown
    return screen


async def test_posts_since_the_last_visit_are_marked_and_n_jumps_between_them(db):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    old = await posting.reply(bob, opening, "Before.", key())
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _visit(app, pilot, thread_id)
        assert not any(w.new for w in screen.posts.values())  # first visit: nothing marked
        assert await unread.read_to(ann, thread_id) == old.created_at
        await pilot.press("escape")
        later = clock.now() + timedelta(minutes=3)
        with clock.moved(lambda: later):
            one = await posting.reply(bob, opening, "After, one.", key())
            two = await posting.reply(bob, old.id, "After, two.", key())
        screen = await _visit(app, pilot, thread_id)
        assert {i for i, w in screen.posts.items() if w.new} == {one.id, two.id}
        assert "new" in screen.posts[one.id].header().plain
        await pilot.press("n")
        await settle(pilot)
        first = app.focused
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(first, PostWidget) and isinstance(app.focused, PostWidget)
        assert {first.post.id, app.focused.post.id} == {one.id, two.id}
        assert await unread.read_to(ann, thread_id) == later
