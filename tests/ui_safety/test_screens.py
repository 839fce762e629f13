"""The safety screens on their own: report, review queue, suspend, notes, audit log,
resources due a check, safety settings, crisis phrases and the unanswered list."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from textual.widgets import RadioSet

from forum.app import ForumApp
from models import boards, crisis, moderation, posting, reports, threads, warnings
from models.entities import ReportReason, Role
from screens.ask import AskScreen
from screens.audit_log import AuditLogScreen
from screens.boards import BoardsScreen
from screens.crisis_phrases import CrisisPhrasesScreen
from screens.notes import NotesScreen
from screens.report import ReportScreen
from screens.review_queue import ReviewQueueScreen
from screens.safety_settings import SafetySettingsScreen
from screens.suspend import SuspendScreen
from screens.thread import ThreadScreen, show_thread
from screens.unanswered import UnansweredScreen
from screens.widgets.safe_input import SafeInput
from tests.helpers import first_board_id, ids, key, make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on, type_text, widget_text


async def started(app, pilot) -> None:
    assert (await settled_on(pilot, BoardsScreen)).boards


async def open_screen(app, pilot, screen, *, loads: bool = True):
    await started(app, pilot)
    await app.push_screen(screen)
    await settle(pilot)
    assert app.screen is screen and (not loads or screen.loaded)
    return screen


async def answer(app, pilot, queue, words: str, *, submit: str = "enter", asks: str = "") -> None:
    """Answer the question a review-queue key opened (it shows ``asks``), back at ``queue``."""
    await settled_on(pilot, AskScreen)
    if asks:
        assert asks in screen_text(app)
    await type_text(pilot, words)
    await pilot.press(submit)
    await settle(pilot)
    assert app.screen is queue


async def post_view(thread_id: int, post_id: int):
    return next(p for p in (await threads.open_thread(thread_id)).posts if p.id == post_id)


# -- reporting ------------------------------------------------------------------------


async def test_report_a_post_and_see_it_received(db):
    ann, bob = await make_user("ann"), await make_user("bob")
    mod = await make_user("moss", Role.MODERATOR)
    thread_id, root = await make_thread(ann, "Rough night", "I can't sleep.")
    unkind = (await posting.reply(bob, root, "Just get over it", key())).id
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        dialog = await open_screen(
            app, pilot, ReportScreen(await post_view(thread_id, unkind)), loads=False
        )
        text = await settle(pilot)
        assert "Report a post by bob" in text and "Just get over it" in text
        assert "Unkind or hurtful" in text
        assert "Someone may be in danger" in text and "Spam or advertising" in text
        assert app.screen.query_one(RadioSet).has_focus
        await pilot.press("down", "enter")  # the second reason: spam
        assert dialog.reason == ReportReason.SPAM
        await pilot.press("tab")
        await type_text(pilot, "selling things")
        await pilot.press("enter")
        assert "Thank you. Your report was received" in await settle(pilot)
        assert "What is wrong?" not in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ReportScreen)
    queue = (await reports.review_queue(mod)).items
    assert [(r.post_id, r.reason, r.note) for r in queue] == [(unkind, "spam", "selling things")]


async def test_reporting_the_same_post_twice_is_declined_politely(db):
    ann, bob = await make_user("ann"), await make_user("bob")
    mod = await make_user("moss", Role.MODERATOR)
    thread_id, root = await make_thread(bob, "Rough night", "I can't sleep.")
    await reports.report_post(ann, root, "unkind")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_screen(app, pilot, ReportScreen(await post_view(thread_id, root)), loads=False)
        await pilot.press("ctrl+s")
        text = await settle(pilot)
        assert "You have already reported this post. Thank you" in text
        assert "received" not in text
        await pilot.press("enter")  # "Close"
        await settle(pilot)
        assert not isinstance(app.screen, ReportScreen)
    assert len((await reports.review_queue(mod)).items) == 1


# -- the review queue -----------------------------------------------------------------


async def queue_with_reports():
    ann, bob = await make_user("ann"), await make_user("bob")
    mod = await make_user("moss", Role.MODERATOR)
    thread_id, root = await make_thread(ann, "Rough night", "I can't sleep.")
    unkind = (await posting.reply(bob, root, "Just get over it", key())).id
    await reports.report_post(ann, unkind, "unkind", "dismissive of her")
    return SimpleNamespace(ann=ann, bob=bob, mod=mod, thread_id=thread_id, root=root)


async def test_the_queue_shows_the_post_in_context_and_dismisses(db):
    q = await queue_with_reports()
    bob, mod, root = q.bob, q.mod, q.root
    await reports.report_post(bob, root, "danger")  # newer: listed first
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        queue = await open_screen(app, pilot, ReviewQueueScreen())
        text = await settle(pilot)
        assert "Open reports (2)" in text and "Someone may be in danger" in text
        assert "Rough night" in text
        assert text.index("Someone may be in danger") < text.index("Unkind or hurtful")
        assert "I can't sleep." in text  # the newest report's post, beside the list
        await pilot.press("down")
        text = await settle(pilot)
        assert "Just get over it" in text and "dismissive of her" in text
        assert "Reported by ann" in text
        await pilot.press("up", "d")
        await answer(app, pilot, queue, "checked in, she is okay")
        text = await settle(pilot)
        assert "The report is dismissed." in text and "Open reports (1)" in text
        assert "Someone may be in danger" not in text.split("The report is dismissed.")[0]
    log = (await moderation.audit_log(mod)).items
    assert [(e.action, e.reason) for e in log] == [("dismiss report", "checked in, she is okay")]


async def a_report_deep_in_a_long_thread(warning: str | None = None):
    """31 replies, then the reported one (and a reply to it): past the first screenful."""
    ann, bob = await make_user("ann"), await make_user("bob")
    mod = await make_user("moss", Role.MODERATOR)
    _, root = ids(await posting.start_thread(
        ann, await first_board_id(), "Rough night", "I can't sleep.", key(),
        content_warning=warning,
    ))  # fmt: skip
    for n in range(30):
        await posting.reply(ann, root, f"early reply {n}", key())
    unkind = (await posting.reply(bob, root, "Just get over it", key())).id
    await posting.reply(ann, unkind, "That hurt to read.", key())
    await reports.report_post(ann, unkind, "unkind")
    return mod, unkind


async def open_the_report(app, pilot) -> ThreadScreen:
    await open_screen(app, pilot, ReviewQueueScreen())
    assert "Just get over it" in await settle(pilot)
    await pilot.press("o")
    assert (await settled_on(pilot, ThreadScreen)).ready
    return app.screen


async def test_opening_a_report_deep_in_a_long_thread_shows_the_reported_post(db):
    mod, unkind = await a_report_deep_in_a_long_thread()
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        thread = await open_the_report(app, pilot)
        assert thread.focused is thread.posts[unkind]  # the moderator lands on it
        text = await settle(pilot)
        assert "I can't sleep." in text and "Earlier replies are left out" in text
        assert "Just get over it" in text
        assert "That hurt to read." in text and "early reply 0" not in text
        shown = list(thread.order)
        await pilot.press("f5")  # a reload keeps the same posts and the place
        await settle(pilot)
        assert thread.ready and thread.order == shown
        assert thread.focused is thread.posts[unkind]
        await pilot.press("t")  # the thread from the start
        text = await settle(pilot)
        assert "early reply 0" in text
        assert "Earlier replies are left out" not in text
        assert not thread.query_one("#from-start").display


async def test_a_reported_post_behind_a_thread_warning_is_where_the_reveal_lands(db):
    mod, unkind = await a_report_deep_in_a_long_thread(warning="self-harm")
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        thread = await open_the_report(app, pilot)
        text = await settle(pilot)
        assert "This thread stays hidden" in text
        assert "Earlier replies are left out" not in text  # nothing of it shows yet
        await pilot.press("v")
        text = await settle(pilot)
        assert "Earlier replies are left out" in text and "Just get over it" in text
        assert thread.focused is thread.posts[unkind]


async def test_from_the_start_can_be_tried_again_after_a_failed_load(db, monkeypatch):
    mod, _ = await a_report_deep_in_a_long_thread()
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        thread = await open_the_report(app, pilot)
        real = threads.open_thread
        failures = [ConnectionError("the database went away")]

        async def flaky(*args, **kwargs):
            if failures:
                raise failures.pop()
            return await real(*args, **kwargs)

        monkeypatch.setattr(threads, "open_thread", flaky)
        await pilot.press("t")
        text = await settle(pilot)
        assert "could not be reached" in text and "Earlier replies are left out" in text
        await pilot.press("t")  # offered still, and this time it works
        assert "early reply 0" in await settle(pilot)
        assert thread.start is None


async def test_the_queue_removes_a_post_with_a_reason(db):
    q = await queue_with_reports()
    mod, thread_id = q.mod, q.thread_id
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        queue = await open_screen(app, pilot, ReviewQueueScreen())
        assert "Just get over it" in await settle(pilot)
        await pilot.press("x")
        await settled_on(pilot, AskScreen)
        await pilot.press("enter")  # a reason is needed
        assert "Please write a few words first." in await settle(pilot)
        await type_text(pilot, "unkind to someone struggling")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is queue
        text = screen_text(app)
        assert "The post is removed." in text and "Open reports: none" in text
        # Readers see that a moderator removed it.
        await show_thread(app, thread_id)
        assert (await settled_on(pilot, ThreadScreen)).ready
        assert "This post was removed by a moderator." in screen_text(app)
    log = (await moderation.audit_log(mod)).items
    assert [(e.action, e.reason) for e in log] == [("remove post", "unkind to someone struggling")]


async def test_a_moderator_removing_their_own_reported_post_closes_that_report(db):
    ann = await make_user("ann")
    mod = await make_user("moss", Role.MODERATOR)
    _, root = await make_thread(ann, "Rough night", "I can't sleep.")
    own = (await posting.reply(mod, root, "Just get over it", key())).id
    await reports.report_post(ann, own, "unkind")
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        queue = await open_screen(app, pilot, ReviewQueueScreen())
        assert "Just get over it" in await settle(pilot)
        await pilot.press("x")
        await answer(app, pilot, queue, "not my best moment")
        text = await settle(pilot)
        assert "The post is removed." in text and "Open reports: none" in text
    log = (await moderation.audit_log(mod)).items
    assert ("remove post", "not my best moment") in [(e.action, e.reason) for e in log]


async def test_the_queue_locks_the_thread(db):
    q = await queue_with_reports()
    mod, thread_id = q.mod, q.thread_id
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        queue = await open_screen(app, pilot, ReviewQueueScreen())
        assert "Just get over it" in await settle(pilot)
        await pilot.press("L")
        await answer(app, pilot, queue, "heated", submit="ctrl+s", asks="Lock Rough night")
        text = await settle(pilot)
        assert "The thread is locked." in text and "Open reports: none" in text
    assert (await threads.get_thread(thread_id)).locked
    actions = [(e.action, e.reason) for e in (await moderation.audit_log(mod)).items]
    assert actions == [("action report", "heated"), ("lock thread", "heated")]


async def test_the_queue_suspends_the_author_and_what_they_see(db):
    q = await queue_with_reports()
    bob, mod, root = q.bob, q.mod, q.root
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        queue = await open_screen(app, pilot, ReviewQueueScreen())
        assert "Just get over it" in await settle(pilot)
        await pilot.press("s")
        await settled_on(pilot, SuspendScreen)
        text = screen_text(app)
        assert "Suspend bob" in text and "They can still read" in text
        await pilot.press("enter")  # no reason yet: the domain asks for one
        assert "must say why" in await settle(pilot)
        await type_text(pilot, "repeated unkind replies")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is queue
        # 3 days from 14 Mar 2025, 09:30, written as everywhere else (the toast wraps)
        text = screen_text(app)
        assert "Done: suspended the author until 17 Mar 2025," in text and "09:30 UTC" in text
        assert "Open reports: none" in screen_text(app)
    with_reason = "3 days: repeated unkind replies"
    log = (await moderation.audit_log(mod)).items
    assert [(e.action, e.reason) for e in log][-1] == ("suspend user", with_reason)
    # Bob is refused at once, told until when and why.
    from models.errors import PermissionDenied

    try:
        await posting.reply(bob, root, "hello?", key())
    except PermissionDenied as refused:
        assert "repeated unkind replies" in refused.message
        assert "suspended until 17 Mar 2025, 09:30 UTC" in refused.message  # the same way
    else:  # pragma: no cover
        raise AssertionError("a suspended user posted")


async def test_the_queue_sends_the_author_a_private_note(db):
    q = await queue_with_reports()
    ann, bob, mod = q.ann, q.bob, q.mod
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        queue = await open_screen(app, pilot, ReviewQueueScreen())
        assert "Just get over it" in await settle(pilot)
        await pilot.press("n")
        note = "Please be gentle here."
        await answer(app, pilot, queue, note, submit="ctrl+s", asks="A private note to bob")
        text = await settle(pilot)
        assert "Your note is sent." in text and "Open reports (1)" in text  # the report stays open
    app = ForumApp(start=bob)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_screen(app, pilot, NotesScreen())
        text = await settle(pilot)
        assert "From moss" in text and "Please be gentle here." in text
        assert "new" in text
    assert await moderation.my_notes(ann) == []
    assert (await moderation.my_notes(bob))[0].read


async def test_the_queue_reminds_of_resources_to_check_and_marks_one_verified(db, moving_clock):
    mod = await make_user("moss", Role.MODERATOR)
    moving_clock["now"] += timedelta(days=200)
    stale = await moderation.stale_resources(mod)
    assert stale
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        queue = await open_screen(app, pilot, ReviewQueueScreen())
        text = await settle(pilot)
        assert f"{len(stale)} resource" in text and "not verified in 6 months" in text
        assert stale[0].title in text
        assert "last verified 14 Mar 2025" in text  # the day the forum was seeded
        queue.query_one("#stale").focus()
        await pilot.press("v")
        assert "Marked verified today:" in await settle(pilot)  # a toast, wrapped
        assert len(queue.stale) == len(stale) - 1
        assert stale[0].title not in widget_text(app, "#stale")
    assert stale[0].id not in {r.id for r in await moderation.stale_resources(mod)}
    log = (await moderation.audit_log(mod)).items
    assert [(e.actor, e.action, e.target_id) for e in log] == [
        ("moss", "verify resource", stale[0].id)
    ]


async def test_members_cannot_open_the_queue(db):
    ann = await make_user("ann")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_screen(app, pilot, ReviewQueueScreen(), loads=False)
        assert "Only moderators and admins can do that." in await settle(pilot)


# -- the audit log --------------------------------------------------------------------


async def test_the_audit_log_shows_who_what_when_why(db):
    admin, mod = await make_user("ada", Role.ADMIN), await make_user("moss", Role.MODERATOR)
    ann = await make_user("ann")
    thread_id, _ = await make_thread(ann)
    await posting.set_thread_flag(mod, thread_id, "locked", True, "off topic")
    await moderation.suspend(admin, "ann", 1, "spam [/bold]")
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_screen(app, pilot, AuditLogScreen())
        text = await settle(pilot)
        assert "moss · lock thread · thread #" in text and "why: off topic" in text
        assert "ada · suspend user · user ann · 14 Mar 2025, 09:30 UTC" in text
        assert "why: 1 days: spam [/bold]" in text
        assert text.index("suspend user") < text.index("lock thread")  # newest first
    app = ForumApp(start=await make_user("bob"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_screen(app, pilot, AuditLogScreen(), loads=False)
        assert "Only moderators and admins can do that." in await settle(pilot)


# -- safety settings ------------------------------------------------------------------


async def test_hidden_topics_and_unblocking(db):
    from models import blocks

    ann, bob = await make_user("ann"), await make_user("bob")
    await blocks.block(ann, bob.id)
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_screen(app, pilot, SafetySettingsScreen())
        text = await settle(pilot)
        assert "No hidden topics." in text and "People you blocked" in text and "bob" in text
        await type_text(pilot, "Grief")
        await pilot.press("enter")
        assert "Posts about “Grief” will be hidden." in await settle(pilot)
        assert screen.topics == ["grief"]
        assert screen.query_one("#topic", SafeInput).value == ""
        screen.query_one("#blocked").focus()
        await pilot.press("u")
        text = await settle(pilot)
        assert "You unblocked bob." in text and "You have not blocked anyone." in text
        screen.query_one("#topics").focus()
        await pilot.press("x")
        assert "“grief” is no longer hidden." in await settle(pilot)
    assert await warnings.hidden_topics(ann) == []
    assert await blocks.blocked_ids(ann) == frozenset()


# -- crisis phrases (admins) ----------------------------------------------------------


async def test_admins_edit_the_crisis_phrases(db):
    admin = await make_user("ada", Role.ADMIN)
    await crisis.seed_phrases()
    app = ForumApp(start=admin)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_screen(app, pilot, CrisisPhrasesScreen())
        text = await settle(pilot)
        assert "Crisis phrases" in text and "kill myself" in text
        await type_text(pilot, "Nothing Matters Anymore")
        await pilot.press("enter")
        assert "Added “nothing matters anymore”." in await settle(pilot)
        assert "nothing matters anymore" in screen.phrases
        screen.query_one("#phrases").focus()
        first = screen.phrases[0]
        await pilot.press("x")
        await pilot.press("y")
        assert f"Removed “{first}”." in await settle(pilot)
        await pilot.press("escape")  # and back to the boards, the session unharmed
        await settled_on(pilot, BoardsScreen)
        assert app.is_running
    assert first not in await crisis.phrases()
    assert (await crisis.detector()).matches("nothing matters anymore, honestly")


async def test_members_cannot_edit_the_crisis_phrases(db):
    ann = await make_user("ann")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_screen(app, pilot, CrisisPhrasesScreen())
        await type_text(pilot, "some phrase")
        await pilot.press("enter")
        assert "Only an admin can do that." in await settle(pilot)


# -- unanswered -----------------------------------------------------------------------


async def test_unanswered_lists_threads_oldest_first_and_opens_one(db, moving_clock):
    ann, bob = await make_user("ann"), await make_user("bob")
    listed = await boards.list_boards()
    await posting.start_thread(ann, listed[0].id, "Nobody yet", "b", key())
    moving_clock["now"] += timedelta(minutes=5)
    _, answered = ids(await posting.start_thread(ann, listed[1].id, "Answered", "b", key()))
    moving_clock["now"] += timedelta(minutes=5)
    await posting.start_thread(ann, listed[2].id, "Still waiting", "b", key())
    await posting.reply(bob, answered, "here for you", key())
    app = ForumApp(start=bob)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_screen(app, pilot, UnansweredScreen())
        text = await settle(pilot)
        assert "Nobody yet" in text and "Still waiting" in text
        assert "Answered" not in text
        assert text.index("Nobody yet") < text.index("Still waiting")
        await pilot.press("enter")
        assert (await settled_on(pilot, ThreadScreen)).ready
        assert app.screen.thread.title == "Nobody yet"
