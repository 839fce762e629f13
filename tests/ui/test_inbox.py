"""Being told that someone answered: the count in the top bar, the inbox, following."""

from __future__ import annotations

from forum.app import ForumApp
from models import follows, posting, reports
from models.entities import ReportReason, Role
from models.enums import FollowState
from screens.boards import BoardsScreen
from screens.inbox import InboxScreen
from screens.review_queue import ReviewQueueScreen
from screens.thread import ThreadScreen, show_thread
from screens.widgets.post import PostWidget
from screens.widgets.top_bar import TopBar
from tests.helpers import key, make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on, widget_text


def top_bar(app) -> str:
    return app.screen.query_one(TopBar).render().plain


async def test_a_reply_counts_in_the_top_bar_and_the_inbox_opens_it(db, held_timers):
    ann, bob = await make_user("ann"), await make_user("bob")
    _, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        assert "new (i)" not in top_bar(app)
        reply = await posting.reply(bob, opening, "You are not alone.", key())
        await held_timers.run(pilot)
        assert "✉ 1 new (i)" in top_bar(app)  # no key pressed
        await pilot.press("i")
        await settled_on(pilot, InboxScreen)
        assert "bob replied to your post in Rough night" in screen_text(app)
        await pilot.press("enter")
        thread = await settled_on(pilot, ThreadScreen)
        assert isinstance(app.focused, PostWidget) and app.focused.post.id == reply.id
        await held_timers.run(pilot)  # marking it read reaches the count
        assert "new (i)" not in top_bar(app)
        assert thread.thread_id == reply.thread_id


async def test_mark_all_read_and_a_guest_has_no_inbox(db, held_timers):
    ann, bob = await make_user("ann"), await make_user("bob")
    _, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    await posting.reply(bob, opening, "One.", key())
    await posting.reply(bob, opening, "Two.", key())
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        assert "✉ 2 new (i)" in top_bar(app)  # what came while she was away
        await pilot.press("i")
        await settled_on(pilot, InboxScreen)
        await pilot.press("a")
        await held_timers.run(pilot)
        assert "new (i)" not in top_bar(app)
    guest = ForumApp(start="guest")
    async with guest.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        await pilot.press("i")
        await settle(pilot)
        assert not isinstance(guest.screen, InboxScreen)


async def test_a_danger_report_shows_in_a_moderators_top_bar_on_any_screen(db, held_timers):
    ann, bob = await make_user("ann"), await make_user("bob")
    mod = await make_user("mod", Role.MODERATOR)
    thread_id, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE) as pilot:
        await show_thread(app, thread_id)
        await settled_on(pilot, ThreadScreen)
        await reports.report_post(bob, opening, ReportReason.SPAM)
        await held_timers.run(pilot)
        assert "danger" not in top_bar(app)
        await reports.report_post(await make_user("cat"), opening, ReportReason.DANGER)
        await held_timers.run(pilot)
        assert "⚠ 1 danger report (Q)" in top_bar(app)


async def test_a_danger_report_stays_in_the_top_bar_until_a_moderator_opens_it(db, held_timers):
    ann, cat = await make_user("ann"), await make_user("cat")
    moss, kit = await make_user("moss", Role.MODERATOR), await make_user("kit", Role.MODERATOR)
    thread_id, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    _, other = await make_thread(ann, "Another night", "Still here.")
    await reports.report_post(cat, opening, ReportReason.DANGER)
    app = ForumApp(start=moss)
    async with app.run_test(size=SIZE) as pilot:
        await show_thread(app, thread_id)
        await settled_on(pilot, ThreadScreen)
        assert "⚠ 1 danger report (Q)" in top_bar(app)
        first = (await reports.review_queue(kit)).items[0].id
        await reports.mark_opened(kit, first)  # another moderator opens it
        await held_timers.run(pilot)
        assert "danger" not in top_bar(app)

        await reports.report_post(cat, other, ReportReason.DANGER)
        await held_timers.run(pilot)
        assert "⚠ 1 danger report (Q)" in top_bar(app)
        await pilot.press("escape")
        await settled_on(pilot, BoardsScreen)
        await pilot.press("Q")  # the queue shows the newest report: moss has opened it
        await settled_on(pilot, ReviewQueueScreen)
        await held_timers.run(pilot)
        assert "danger" not in top_bar(app)
        assert widget_text(app, "#reports").count("Someone may be in danger") == 2  # still open


async def test_w_follows_and_mutes_a_thread(db):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, _ = await make_thread(ann, "Rough night", "I could not sleep.")
    app = ForumApp(start=bob)
    async with app.run_test(size=SIZE) as pilot:
        await show_thread(app, thread_id)
        await settled_on(pilot, ThreadScreen)
        await pilot.press("w")
        await settle(pilot)
        assert await follows.state(bob, thread_id) is FollowState.FOLLOWING
        await pilot.press("w")
        await settle(pilot)
        assert await follows.state(bob, thread_id) is FollowState.MUTED
