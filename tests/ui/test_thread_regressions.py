"""What a reader saw in a thread before writes stopped reloading it, and must still see:
the keys offered on a post after unblocking its author, and the thread's reply count
after replying while someone else replied too."""

from __future__ import annotations

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


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_unblocking_offers_block_again_on_the_post(db):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, root = await make_thread(ann, "Rough night", "I can't sleep.")
    _, reply = ids(await posting.reply(bob, root, "Just get over it.", key()))
    await blocks.block(ann, bob.id)
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
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
