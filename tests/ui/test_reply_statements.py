"""A reply costs the writer's session a handful of statements: the write itself, and no
reload of the thread afterwards (the domain hands back the post it made)."""

from __future__ import annotations

from textual.widgets import TextArea

from forum.app import ForumApp
from screens.compose import ComposeScreen
from screens.thread import ThreadScreen, show_thread
from tests.helpers import make_thread, make_user
from tests.statements import counted_statements
from tests.ui.conftest import SIZE, settle, settled_on

MOST_STATEMENTS = 14
"""Who is writing, the post replied to, whether its author blocked the writer, the thread's
counters (update and read back), the insert, the board's counters, the draft deleted, and
the thread's header (its reply count) read again; and, to tell the people it answers, the
thread's follows, whether they blocked the writer, their hidden topics, the notifications,
and the writer's own follow (only on a first reply in the thread). On PostgreSQL, one more:
the notification that tells other processes what changed."""


async def test_a_reply_is_written_and_shown_without_reloading_the_thread(db, held_timers):
    """The draft autosave is held, so only the reply's own statements are counted."""
    river = await make_user("river")
    noor = await make_user("noor")
    thread_id, opening = await make_thread(river, "Sleep", "I wake at 4am.")
    app = ForumApp(start=noor)
    async with app.run_test(size=SIZE) as pilot:
        screen = await show_thread(app, thread_id)
        await settle(pilot)
        await pilot.press("r")
        compose = await settled_on(pilot, ComposeScreen)
        compose.query_one("#body", TextArea).insert("Same here")
        with counted_statements() as sent:
            await pilot.press("ctrl+s")
            assert await settled_on(pilot, ThreadScreen) is screen
            text = await settle(pilot)
        print(f"statements for one reply: {len(sent)}")
        assert "Same here" in text and "1 reply" in text
        assert not [
            s for s in sent if s.lstrip().upper().startswith("SELECT") and '"posts"."body"' in s
        ]
        told = [s for s in sent if "pg_notify" in s]
        assert len(told) == (1 if db.startswith(("postgres", "asyncpg")) else 0)
        assert len(sent) - len(told) <= MOST_STATEMENTS, "\n".join(sent)
        reply = screen.posts[max(screen.posts)]
        assert reply.post.parent_id == opening and screen.focused is reply
