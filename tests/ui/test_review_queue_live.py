"""The review queue while others report and moderate: new reports appear, closed ones go,
the highlighted report stays highlighted, and a dialog over the queue is never touched."""

from __future__ import annotations

from forum.app import ForumApp
from models import posting, reports
from models.entities import Role
from screens.ask import AskScreen
from screens.boards import BoardsScreen
from screens.review_queue import ReviewQueueScreen
from tests.helpers import key, make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on, type_text, widget_text


async def reported_posts(count: int) -> tuple[list[int], object]:
    """``count`` posts, each reported by ann (the newest report first in the queue), and
    sam to report more."""
    river, ann, sam = await make_user("river"), await make_user("ann"), await make_user("sam")
    _, opening = await make_thread(river, "A hard week")
    posts = [(await posting.reply(river, opening, f"Reply {n}", key())).id for n in range(count)]
    for post in posts:
        await reports.report_post(ann, post, "unkind", f"about reply {posts.index(post)}")
    return posts, sam


async def open_queue(app, pilot) -> ReviewQueueScreen:
    await settled_on(pilot, BoardsScreen)
    await pilot.press("Q")
    queue = await settled_on(pilot, ReviewQueueScreen)
    assert queue.items
    return queue


async def test_new_reports_appear_and_closed_ones_go_keeping_the_highlight(db, held_timers):
    mod, other = await make_user("mod", Role.MODERATOR), await make_user("other", Role.MODERATOR)
    posts, sam = await reported_posts(3)
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE) as pilot:
        queue = await open_queue(app, pilot)
        await pilot.press("down")  # the report about reply 1
        await settle(pilot)
        kept = queue.highlighted_item()
        assert kept.note == "about reply 1" and "Open reports (3)" in screen_text(app)

        await reports.report_post(sam, posts[2], "danger", "they said goodbye")
        text = await held_timers.run(pilot)
        assert "Open reports (4)" in text and "they said goodbye" not in text  # a list row
        assert "Someone may be in danger" in widget_text(app, "#reports")
        assert queue.highlighted_item().id == kept.id  # one row lower, the same report
        assert "about reply 1" in widget_text(app, "#detail")

        await reports.dismiss_report(other, kept.id, "nothing unkind")
        text = await held_timers.run(pilot)
        assert "Open reports (3)" in text and kept.id not in [r.id for r in queue.items]
        assert queue.highlighted_item().note == "about reply 0"  # the next one, where it was


async def test_a_dialog_over_the_queue_keeps_its_words_and_focus(db, held_timers):
    mod = await make_user("mod", Role.MODERATOR)
    posts, sam = await reported_posts(2)
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE) as pilot:
        queue = await open_queue(app, pilot)
        await pilot.press("d")
        ask = await settled_on(pilot, AskScreen)
        await type_text(pilot, "it was kind")
        await settle(pilot)
        focused, before = app.focused, widget_text(app, "#dialog")
        assert "it was kind" in before
        await reports.report_post(sam, posts[0], "spam")
        await held_timers.run(pilot)
        assert app.screen is ask and app.focused is focused
        assert widget_text(app, "#dialog") == before
        assert len(queue.items) == 3  # the queue behind it is up to date
