"""Safety where people read and write: report, block, warnings, reactions, crisis-aware
compose, rate limits, suspension, slow mode, and the keys that open the safety screens."""

from __future__ import annotations

from textual.widgets import Select, TextArea

from forum.app import ForumApp
from models import (
    blocks,
    boards,
    limits,
    moderation,
    posting,
    reactions,
    reports,
    threads,
    warnings,
)
from models.entities import Role
from screens.boards import BoardsScreen
from screens.compose import ComposeScreen
from screens.report import ReportScreen
from screens.review_queue import ReviewQueueScreen
from screens.slow_mode import SlowModeScreen
from screens.thread import ThreadScreen, show_thread
from screens.widgets.safe_input import SafeInput
from tests.helpers import ids, key, make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on, widget_text


async def open_thread(app, pilot, thread_id: int, focus: int | None = None) -> ThreadScreen:
    assert (await settled_on(pilot, BoardsScreen)).boards
    await show_thread(app, thread_id, focus_post=focus)
    screen = await settled_on(pilot, ThreadScreen)
    assert screen.ready
    return screen


def post_text(app, post_id: int) -> str:
    return widget_text(app, f"#post-{post_id}")


async def a_thread():
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, root = await make_thread(ann, "Rough night", "I can't sleep.")
    reply = (await posting.reply(bob, root, "Just get over it", key())).id
    return ann, bob, thread_id, root, reply


# -- report ---------------------------------------------------------------------------


async def test_report_a_post_from_the_thread_and_twice_is_declined(db):
    ann, _bob, thread_id, _root, reply = await a_thread()
    mod = await make_user("moss", Role.MODERATOR)
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_thread(app, pilot, thread_id, focus=reply)
        await pilot.press("exclamation_mark")
        await settled_on(pilot, ReportScreen)
        text = screen_text(app)
        assert "Report a post by bob" in text and "Just get over it" in text
        await pilot.press("ctrl+s")
        assert "Your report was received" in await settle(pilot)
        await pilot.press("escape")
        await settled_on(pilot, ThreadScreen)
        await pilot.press("exclamation_mark")
        await settled_on(pilot, ReportScreen)
        await pilot.press("ctrl+s")
        assert "You have already reported this post" in await settle(pilot)
    assert [r.post_id for r in (await reports.review_queue(mod)).items] == [reply]


# -- block ----------------------------------------------------------------------------


async def test_block_folds_their_posts_and_one_can_be_revealed(db):
    ann, bob, thread_id, root, reply = await a_thread()
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_thread(app, pilot, thread_id, focus=reply)
        await pilot.press("b")
        assert "Block bob?" in await settle(pilot)
        await pilot.press("y")
        assert "You blocked bob. They are not told." in await settle(pilot)
        assert "you blocked" in post_text(app, reply)
        assert "Just get over it" not in screen_text(app)
        assert "I can't sleep." in screen_text(app)  # other posts as before
        screen.posts[reply].focus()
        await pilot.press("v")
        await settle(pilot)
        assert "Just get over it" in post_text(app, reply)
    assert await blocks.blocked_ids(ann) == {bob.id}
    # Bob cannot reply to Ann's posts, and is not told why.
    app = ForumApp(start=bob)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_thread(app, pilot, thread_id, focus=root)
        await pilot.press("r")
        await settled_on(pilot, ComposeScreen)
        app.screen.query_one("#body", TextArea).text = "hello?"
        await pilot.press("ctrl+s")
        text = await settle(pilot)
        assert "This post is not taking replies." in text
        assert "block" not in text.lower()


# -- content warnings -----------------------------------------------------------------


async def test_a_post_warning_hides_it_until_revealed(db):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, root = await make_thread(ann, "Rough night", "I can't sleep.")
    sad = (
        await posting.reply(bob, root, "My dog died last week.", key(), content_warning="pet loss")
    ).id
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_thread(app, pilot, thread_id)
        await settle(pilot)
        assert "Content warning: pet loss" in post_text(app, sad)
        assert "My dog died" not in screen_text(app)
        screen.posts[sad].focus()
        await pilot.press("v")
        await settle(pilot)
        assert "My dog died last week." in post_text(app, sad)


async def test_hidden_topics_put_a_post_behind_a_warning(db):
    ann, bob = await make_user("ann"), await make_user("bob")
    await warnings.set_hidden_topics(ann, ["grief"])
    thread_id, root = await make_thread(bob, "A hard week", "It has been a lot.")
    about = (await posting.reply(bob, root, "The Grief comes in waves.", key())).id
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_thread(app, pilot, thread_id)
        await settle(pilot)
        assert "Content warning: grief" in post_text(app, about)
        assert "comes in waves" not in screen_text(app)
        screen.posts[about].focus()
        await pilot.press("v")
        await settle(pilot)
        assert "comes in waves" in post_text(app, about)


async def test_a_title_naming_a_hidden_topic_is_not_shown_until_the_reader_chooses(db):
    ann, bob = await make_user("ann"), await make_user("bob")
    await warnings.set_hidden_topics(ann, ["alcohol"])
    thread_id, _ = await make_thread(bob, "My drinking [bold]alcohol[/bold] story", "Day 3.")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        await pilot.press("enter")  # the first board
        listing = await settle(pilot)
        assert "Title hidden: it mentions alcohol" in listing
        assert "drinking" not in listing
        await show_thread(app, thread_id)
        assert (await settled_on(pilot, ThreadScreen)).ready
        text = screen_text(app)
        assert "Content warning: alcohol" in text and "Title hidden" in text
        assert "drinking" not in text  # not in the top bar, nor above the warning
        await pilot.press("v")
        text = await settle(pilot)
        assert "My drinking [bold]alcohol[/bold] story" in text and "Day 3." in text


async def test_the_slow_mode_dialog_keeps_a_hidden_title_hidden(db):
    mod, bob = await make_user("moss", Role.MODERATOR), await make_user("bob")
    await warnings.set_hidden_topics(mod, ["alcohol"])
    thread_id, _ = await make_thread(bob, "My drinking alcohol story", "Day 3.")
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(app, pilot, thread_id)
        await pilot.press("S")  # before choosing to read the thread
        await settled_on(pilot, SlowModeScreen)
        text = screen_text(app)
        assert "Title hidden" in text
        assert "drinking" not in text


async def test_a_thread_warning_shows_only_the_warning_until_revealed(db):
    ann, bob = await make_user("ann"), await make_user("bob")
    board = (await boards.list_boards())[0].id
    thread_id, _ = ids(
        await posting.start_thread(
            bob, board, "About my brother", "He passed in May.", key(), content_warning="death"
        )
    )
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(app, pilot, thread_id)
        text = await settle(pilot)
        assert "Content warning: death" in text and "Show the thread" in text
        assert "He passed in May." not in text
        await pilot.press("v")
        assert "He passed in May." in await settle(pilot)
    # The writer sees their own thread at once.
    app = ForumApp(start=bob)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(app, pilot, thread_id)
        text = await settle(pilot)
        assert "Content warning: death" in text and "He passed in May." in text


async def test_a_reply_can_carry_a_content_warning(db):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, root = await make_thread(ann, "Rough night", "I can't sleep.")
    app = ForumApp(start=bob)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(app, pilot, thread_id, focus=root)
        await pilot.press("r")
        await settled_on(pilot, ComposeScreen)
        app.screen.query_one("#warning", SafeInput).value = "loss"
        app.screen.query_one("#body", TextArea).text = "I lost someone too."
        await pilot.press("ctrl+s")
        await settled_on(pilot, ThreadScreen)
    posts = (await threads.open_thread(thread_id)).posts
    assert [(p.body, p.content_warning) for p in posts][1] == ("I lost someone too.", "loss")


# -- reactions ------------------------------------------------------------------------


async def test_react_and_unreact(db):
    ann, bob, thread_id, root, reply = await a_thread()
    await reactions.react(bob, root, "me_too")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_thread(app, pilot, thread_id)
        await settle(pilot)
        assert "me too 1" in post_text(app, root)
        screen.posts[reply].focus()
        await pilot.press("1")  # hug
        await settle(pilot)
        assert "hug 1 (yours)" in post_text(app, reply)
        await pilot.press("a")  # the picker: take the hug back
        text = await settle(pilot)
        assert "React to bob's post" in text and "I hear you" in text
        await pilot.press("1")
        await settled_on(pilot, ThreadScreen)
        assert "hug" not in post_text(app, reply)
        assert "me too 1" in post_text(app, root)
        assert "score" not in screen_text(app).lower()
    counts, mine = await reactions.thread_reactions(thread_id, ann)
    assert mine == set() and reply not in counts


async def test_guests_see_counts_but_cannot_react(db):
    _ann, bob, thread_id, root, _reply = await a_thread()
    await reactions.react(bob, root, "hug")
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_thread(app, pilot, thread_id)
        await settle(pilot)
        assert "hug 1" in post_text(app, root)
        assert screen.posts[root].check_action("pick_reaction", ()) is False
        assert "React" not in widget_text(app, "KeyFooter")


# -- crisis-aware compose -------------------------------------------------------------


async def test_crisis_language_gently_shows_help_and_the_post_still_goes_out(db):
    ann, _bob, thread_id, root, _reply = await a_thread()
    mod = await make_user("moss", Role.MODERATOR)
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(app, pilot, thread_id, focus=root)
        await pilot.press("r")
        await settled_on(pilot, ComposeScreen)
        compose = app.screen
        assert "It sounds like things may be really hard" not in screen_text(app)
        compose.query_one("#body", TextArea).text = "Some nights I just want to END it all."
        text = await settle(pilot)
        assert "It sounds like things may be really hard" in text and "988" in text
        assert "Your post goes out as usual" in text
        await pilot.press("ctrl+s")
        await settled_on(pilot, ThreadScreen)
        assert "Some nights I just want to END it all." in screen_text(app)
    # Nobody else is told.
    assert (await reports.review_queue(mod)).items == []
    assert (await moderation.audit_log(mod)).items == []


# -- rate limits ----------------------------------------------------------------------


async def test_a_rate_limit_is_explained_kindly_and_the_draft_kept(db):
    _ann, _bob, thread_id, root, _reply = await a_thread()
    newbie = await make_user("newbie")
    limits.configure(limits.PostingLimits())
    await posting.reply(newbie, root, "Welcome!", key())
    app = ForumApp(start=newbie)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(app, pilot, thread_id, focus=root)
        await pilot.press("r")
        await settled_on(pilot, ComposeScreen)
        app.screen.query_one("#body", TextArea).text = "And one more thing"
        await pilot.press("ctrl+s")
        assert "New accounts can post once every 30 seconds" in await settle(pilot)
        assert app.screen.query_one("#error").has_class("-kind")
        assert app.screen.query_one("#body", TextArea).text == "And one more thing"


# -- suspension -----------------------------------------------------------------------


async def test_a_suspended_user_sees_until_when_and_why_and_no_posting_controls(db):
    _ann, bob, thread_id, root, _reply = await a_thread()
    mod = await make_user("moss", Role.MODERATOR)
    await moderation.suspend(mod, bob.id, 3, "repeated unkind replies")  # on 14 Mar 2025
    notice = ("Your account is suspended until 17 Mar 2025, 09:30 UTC", "repeated unkind replies")
    app = ForumApp(start=bob)  # an actor made before the suspension: the app asks again
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        text = screen_text(app)
        assert all(line in text for line in notice)
        assert "New thread" not in text
        screen = await open_thread(app, pilot, thread_id, focus=root)
        text = await settle(pilot)
        assert all(line in text for line in notice)
        assert "I can't sleep." in text  # reading still works
        assert "Reply" not in widget_text(app, "KeyFooter")
        assert screen.posts[root].check_action("reply", ()) is False


# -- slow mode ------------------------------------------------------------------------


async def test_a_moderator_sets_slow_mode_and_it_shows_and_spaces_posts(db):
    _ann, bob, thread_id, root, _reply = await a_thread()
    mod = await make_user("moss", Role.MODERATOR)
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_thread(app, pilot, thread_id)
        await pilot.press("S")
        await settled_on(pilot, SlowModeScreen)
        assert "Slow mode for Rough night" in screen_text(app)
        app.screen.query_one("#choice", Select).value = 15
        app.screen.query_one("#reason", SafeInput).value = "heated"
        await pilot.press("ctrl+s")
        await settled_on(pilot, ThreadScreen)
        assert "Slow mode: one post per person every 15 minutes" in screen_text(app)
    log = (await moderation.audit_log(mod)).items
    assert [(e.action, e.reason) for e in log] == [("set slow mode", "15 minutes. heated")]
    # Bob posted in the thread just now: the slow mode message, kindly, with his draft.
    app = ForumApp(start=bob)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(app, pilot, thread_id, focus=root)
        await pilot.press("r")
        await settled_on(pilot, ComposeScreen)
        app.screen.query_one("#body", TextArea).text = "Sorry."
        await pilot.press("ctrl+s")
        assert "This thread is in slow mode" in await settle(pilot)
        assert app.screen.query_one("#body", TextArea).text == "Sorry."


# -- keys to the safety screens -------------------------------------------------------


async def test_the_review_queue_key_is_for_staff_only(db):
    ann = await make_user("ann")
    mod = await make_user("moss", Role.MODERATOR)
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        assert app.screen.check_action("open", ("review_queue",)) is False
        assert app.screen.check_action("open", ("audit_log",)) is False
        assert "Review queue" not in widget_text(app, "KeyFooter")
        await pilot.press("Q")
        await settle(pilot)
        assert isinstance(app.screen, BoardsScreen)
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        assert "Review queue" in widget_text(app, "KeyFooter")
        await pilot.press("Q")
        await settled_on(pilot, ReviewQueueScreen)


async def test_new_notes_are_announced_and_open_with_a_key(db):
    ann = await make_user("ann")
    mod = await make_user("moss", Role.MODERATOR)
    await moderation.send_note(mod, ann.id, "Thank you for looking out for others.")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        assert "1 new note from a moderator" in screen_text(app)
        await pilot.press("m")
        text = await settle(pilot)
        assert "From moss" in text and "Thank you for looking out for others." in text
        await pilot.press("escape")
        await settled_on(pilot, BoardsScreen)
        assert "new note" not in screen_text(app)


async def test_waiting_for_a_reply_opens_from_the_boards(db, moving_clock):
    ann = await make_user("ann")
    await make_thread(ann, "Nobody has answered", "hello?")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        await pilot.press("u")
        text = await settle(pilot)
        assert "Waiting for a reply" in text and "Nobody has answered" in text
        await pilot.press("escape")
        await pilot.press("s")
        text = await settle(pilot)
        assert "Topics you want hidden" in text and "People you blocked" in text


# -- keys act on the post the reader is on, or not at all -------------------------------


async def test_a_key_a_reply_does_not_take_does_not_act_on_the_post_above_it(db):
    ann, _bob, thread_id, root, reply = await a_thread()
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_thread(app, pilot, thread_id, focus=reply)
        assert screen.focused is screen.posts[reply]
        await pilot.press("e")  # bob's reply is not hers to edit...
        await settle(pilot)
        assert app.screen is screen  # ...and her own opening post is not opened instead
        await pilot.press("k", "e")  # on her own post, it is
        await settled_on(pilot, ComposeScreen)
    assert [p.id for p in (await threads.open_thread(thread_id)).posts] == [root, reply]


async def test_remove_on_a_removed_reply_does_not_offer_to_remove_its_parent(db):
    ann, _bob, thread_id, _root, reply = await a_thread()
    mod = await make_user("moss", Role.MODERATOR)
    gone = (await posting.reply(ann, reply, "I am taking this back", key())).id
    await posting.remove_post(ann, gone)
    app = ForumApp(start=mod)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_thread(app, pilot, thread_id, focus=gone)
        assert screen.focused is screen.posts[gone]
        await pilot.press("x")
        await settle(pilot)
        assert app.screen is screen  # no "Remove this post?" for bob's reply above it
    posts = {p.id: p for p in (await threads.open_thread(thread_id)).posts}
    assert not posts[reply].removed
