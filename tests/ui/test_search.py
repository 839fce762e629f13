"""The search screen: `/` where it works, results a page at a time, the messages, the
filters only the screen decides, and enter landing on the post in its thread."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Select, Static

from forum.app import ForumApp
from models import boards, posting
from screens.board import BoardScreen
from screens.boards import BoardsScreen
from screens.keys import KeysScreen
from screens.search import ASK, MATCH, SearchScreen
from screens.sign_in import SignInScreen
from screens.thread import ThreadScreen, show_thread
from screens.widgets.post import PostWidget
from tests.helpers import key, make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on, type_text


async def search_for(pilot, words: str) -> SearchScreen:
    screen = await settled_on(pilot, SearchScreen)
    screen.query_one("#query", Input).value = ""
    await type_text(pilot, words)
    await pilot.press("enter")
    return await settled_on(pilot, SearchScreen)


def marked(screen: SearchScreen, index: int = 0) -> list[str]:
    """The words highlighted in the result at ``index``."""
    prompt = screen.options.get_option(f"post-{screen.items[index].post_id}").prompt
    return [prompt.plain[span.start : span.end] for span in prompt.spans if span.style == MATCH]


async def test_a_result_opens_its_thread_at_the_matching_post(db, frozen_clock):
    ann, bob = await make_user("ann"), await make_user("bob")
    _, opening = await make_thread(ann, "Before my appointment", "I am so nervous.")
    for n in range(30):  # the reply is far below the first screenful of the thread
        await posting.reply(ann, opening, f"Filler reply {n}.", key())
    reply = await posting.reply(bob, opening, "My first counselling session went well.", key())
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        await pilot.press("slash")
        screen = await search_for(pilot, "counselling session")
        text = screen_text(app)
        assert "Before my appointment" in text
        assert "Introductions · by bob · 14 Mar 2025, 09:30 UTC · a reply" in text
        assert "My first counselling session went well." in text
        assert marked(screen) == ["counselling", "session"]
        assert app.focused is screen.options  # enter opens the first result
        await pilot.press("enter")
        thread = await settled_on(pilot, ThreadScreen)
        assert isinstance(app.focused, PostWidget) and app.focused.post.id == reply.id
        assert thread.thread_id == reply.thread_id
        assert "My first counselling session went well." in screen_text(app)  # scrolled to it
        await pilot.press("escape")
        assert await settled_on(pilot, SearchScreen) is screen  # the results are still there


async def test_slash_opens_search_from_the_boards_a_board_and_a_thread_only(db):
    ann = await make_user("ann")
    thread_id, _ = await make_thread(ann, "Sleep", "I wake at 4am.")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        assert "/ Search" in screen_text(app)  # in the footer, where it works
        await pilot.press("enter")
        board = await settled_on(pilot, BoardScreen)
        await pilot.press("slash")
        screen = await settled_on(pilot, SearchScreen)
        assert screen.query_one("#board", Select).value == board.board.id  # starts there
        assert "/ Search" not in screen_text(app)
        await pilot.press("escape", "escape")
        await show_thread(app, thread_id)
        await settled_on(pilot, ThreadScreen)
        await pilot.press("slash")
        screen = await settled_on(pilot, SearchScreen)
        assert screen.query_one("#board", Select).is_blank()  # every board
    signing_in = ForumApp()
    async with signing_in.run_test(size=SIZE) as pilot:
        await settled_on(pilot, SignInScreen)
        await pilot.press("slash")  # typed into the username field
        assert not isinstance(await settled_on(pilot, SignInScreen), SearchScreen)
        assert "/" in signing_in.focused.value


async def test_search_is_in_the_command_palette_and_f1_lists_its_keys(db):
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Search" in titles
        await pilot.press("f1")
        await settled_on(pilot, KeysScreen)
        listed = [str(s.content) for s in app.screen.query(Static)]  # scrolled or not
        everywhere = listed[listed.index("Everywhere") + 1]
        searching = listed[listed.index("Searching") + 1]
        assert "Inbox" in everywhere and "Search" not in everywhere
        assert "Search (on the boards, a board and a thread) / New search" in searching


async def test_the_screen_says_what_is_wrong_or_missing(db):
    ann = await make_user("ann")
    _, opening = await make_thread(ann, "Grief", "My dad died in spring.")
    await posting.reply(ann, opening, "Spring again, and the grief is back.", key(), "loss")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        await pilot.press("slash")
        screen = await settled_on(pilot, SearchScreen)
        assert ASK in screen_text(app)
        await pilot.press("enter")  # nothing typed
        assert ASK in await settle(pilot)
        await search_for(pilot, "the and of")
        assert "Search has only words too common to look for" in screen_text(app)
        await search_for(pilot, 'quilting "unbalanced')
        assert "No posts match. Try other words, or fewer filters." in screen_text(app)
        await search_for(pilot, "spring")
        text = screen_text(app)
        assert "My dad died in spring." in text
        assert "Content warning: loss" in text and "the grief is back" not in text
        screen.query_one("#author", Input).value = "nobody_here"
        screen.query_one("#author", Input).focus()
        await pilot.press("enter")
        text = await settle(pilot)
        assert "Author 'nobody_here' is not the username of anyone here." in text
        assert not screen.items


async def test_filters_search_again_and_my_threads_is_only_for_members(db):
    ann, bob = await make_user("ann"), await make_user("bob")
    _, asked = await make_thread(ann, "Support group nearby?", "Is there a support group?")
    _, answered = await make_thread(bob, "My support group", "Our support group meets weekly.")
    await posting.reply(ann, answered, "Thank you.", key())
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        await pilot.press("slash")
        screen = await search_for(pilot, "support group")
        assert {hit.post_id for hit in screen.items} == {asked, answered}
        screen.query_one("#unanswered", Checkbox).value = True
        await settle(pilot)
        assert [hit.post_id for hit in screen.items] == [asked]
        screen.query_one("#unanswered", Checkbox).value = False
        screen.query_one("#mine", Checkbox).value = True
        await settle(pilot)
        assert [hit.post_id for hit in screen.items] == [asked]
        other = (await boards.list_boards())[1]
        screen.query_one("#board", Select).value = other.id
        await settle(pilot)
        assert screen.items == [] and "No posts match" in screen_text(app)
    guest = ForumApp(start="guest")
    async with guest.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        await pilot.press("slash")
        screen = await search_for(pilot, "support group")
        assert len(screen.items) == 2 and not screen.query("#mine")
        assert "My threads" not in screen_text(guest)


async def test_more_loads_the_next_page_of_the_same_search(db):
    ann = await make_user("ann")
    for n in range(25):
        await make_thread(ann, f"Night {n}", "Another night awake, counting hours.")
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
        await pilot.press("slash")
        screen = await search_for(pilot, "awake")
        assert len(screen.items) == 20 and screen.next_cursor is not None
        screen.query_one("#query", Input).value = "something else"  # typed, not searched
        screen.options.focus()
        await pilot.press("end")
        await settle(pilot)
        assert len({hit.post_id for hit in screen.items}) == 25
        assert screen.next_cursor is None and screen.items[-1].title == "Night 0"
