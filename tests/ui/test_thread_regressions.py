"""What a reader saw in a thread before writes stopped reloading it, and must still see:
the keys offered on a post after unblocking its author, and the thread's reply count
after replying while someone else replied too."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from forum.app import ForumApp
from models import blocks, posting
from screens.boards import BoardsScreen
from screens.compose import ComposeScreen
from screens.thread import ThreadScreen, show_thread
from tests.helpers import ids, key, make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on


async def open_thread(app, pilot, thread_id: int, focus: int | None = None) -> ThreadScreen:
    assert (await settled_on(pilot, BoardsScreen)).boards
    await show_thread(app, thread_id, focus_post=focus)
    screen = await settled_on(pilot, ThreadScreen)
    assert screen.ready
    return screen


WIDE = (140, 40)


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_unblocking_offers_block_again_on_the_post(db):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, root = await make_thread(ann, "Rough night", "I can't sleep.")
    _, reply = ids(await posting.reply(bob, root, "Just get over it.", key()))
    await blocks.block(ann, bob.id)
    app = ForumApp(start=ann)
    # Wide enough for the footer to name every key of the post, the block key last.
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        screen = await open_thread(app, pilot, thread_id, focus=reply)
        assert screen.focused is screen.posts[reply]
        assert "Show" in footer(app)  # folded: you blocked this person
        await pilot.press("b")
        assert "You unblocked bob." in await settle(pilot)
        assert "Just get over it." in screen_text(app)
        # The post's keys are an unblocked author's again, without moving off it.
        assert "Block author" in footer(app) and "Unblock" not in footer(app)
        assert "Show" not in footer(app)


async def test_reply_count_after_replying_counts_a_reply_written_meanwhile(db):
    river, noor = await make_user("river"), await make_user("noor")
    thread_id, root = await make_thread(river, "Sleep", "I wake at 4am.")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_thread(app, pilot, thread_id)
        assert "0 replies" in screen_text(app)
        await posting.reply(noor, root, "Me too, most nights.", key())  # while river reads
        await pilot.press("r")
        await settled_on(pilot, ComposeScreen)
        app.screen.query_one("#body", TextArea).text = "Thank you."
        await pilot.press("ctrl+s")
        text = await settle(pilot)
        assert app.screen is screen and "Your reply is posted." in text
        # The thread has two replies now; before, the header said so after a reply.
        assert "2 replies" in text and "1 reply" not in text


async def test_keys_typed_ahead_move_one_post_each(db):
    """Two j's arriving together move two posts down (focus moves a moment after it is
    asked for: the second j must not start again from the post the focus is leaving)."""
    ann = await make_user("ann")
    thread_id, root = await make_thread(ann, "Rough night", "I can't sleep.")
    replies = [(await posting.reply(ann, root, f"reply {n}", key())).id for n in range(3)]
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_thread(app, pilot, thread_id)
        assert screen.focused is screen.posts[root]
        for _ in range(2):
            app.post_message(events.Key("j", "j"))
        await settle(pilot)
        assert screen.focused is screen.posts[replies[1]]


async def test_a_folded_post_offers_expand_and_a_leaf_hides_no_replies(db):
    ann = await make_user("ann")
    thread_id, root = await make_thread(ann, "Rough night", "I can't sleep.")
    leaf = (await posting.reply(ann, root, "A reply with none of its own.", key())).id
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_thread(app, pilot, thread_id)
        assert "Collapse" in footer(app) and "Expand" not in footer(app)
        await pilot.press("enter")
        text = await settle(pilot)
        assert "1 reply hidden" in text
        assert "Expand" in footer(app) and "Collapse" not in footer(app)
        await pilot.press("enter", "j", "enter")  # unfold, then fold the leaf
        text = await settle(pilot)
        assert screen.focused is screen.posts[leaf] and screen.posts[leaf].collapsed
        assert "hidden" not in text  # nothing under it to hide
