"""Boards, a board's threads, and reading a thread as a tree."""

from __future__ import annotations

from textual.widgets import OptionList

from forum.app import ForumApp
from models import boards, posting
from screens.board import BoardScreen
from screens.boards import BoardsScreen
from screens.session import UNREACHABLE
from screens.thread import ThreadScreen, show_thread
from screens.widgets.post import PostText, PostWidget
from tests.helpers import first_board_id, key, make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on


async def test_boards_show_counts_activity_and_who_is_waiting(db, frozen_clock):
    river = await make_user("river")
    _thread_id, first = await make_thread(river, "Nobody answered yet")
    await make_thread(river, "Answered")
    answered = (await boards.board_threads(await first_board_id())).items[0]
    await posting.reply(river, first + 1, "Here for you.", key())
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        text = await settle(pilot)
        assert "Introductions" in text and "2 threads" in text
        assert "1 waiting for a reply" in text
        assert "last activity just now" in text
        assert "New here? Say hello" in text  # the description
        assert answered.title == "Answered"


async def test_board_lists_threads_pinned_first_with_markers_and_orders(db):
    river = await make_user("river")
    mod = await make_user("mod", role="moderator")
    _old, old_post = await make_thread(river, "Oldest thread")
    await make_thread(river, "Middle thread")
    await make_thread(river, "Newest thread")
    await posting.reply(mod, old_post, "Welcome.", key())  # Oldest is now the most active
    pinned, _ = await make_thread(river, "Pinned guide")
    await posting.set_thread_flag(mod, pinned, "pinned", True)
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        await pilot.press("enter")
        assert (await settled_on(pilot, BoardScreen)).threads
        titles = [t.title for t in app.screen.threads]
        assert titles == ["Pinned guide", "Oldest thread", "Newest thread", "Middle thread"]
        text = screen_text(app)
        assert "PINNED" in text and "no reply yet" in text and "1 reply" in text
        assert "by river" in text
        await pilot.press("o")  # newest
        await settle(pilot)
        assert app.screen.order == "newest"
        assert app.screen.threads[0].title == "Pinned guide"
        assert app.screen.threads[1].title == "Newest thread"
        await pilot.press("o")  # unanswered, longest waiting first
        await settle(pilot)
        titles = [t.title for t in app.screen.threads]
        assert titles == ["Middle thread", "Newest thread", "Pinned guide"]
        await pilot.click("Tab#active")  # the mouse works as well
        await settle(pilot)
        assert app.screen.order == "active"


async def test_board_pages_through_thousands_without_loading_them_all(db, monkeypatch):
    from models import boards as board_module

    calls = []
    real = board_module.board_threads

    async def counting(*args, **kwargs):
        calls.append(kwargs.get("after"))
        return await real(*args, **kwargs, limit=10)

    monkeypatch.setattr(board_module, "board_threads", counting)
    river = await make_user("river")
    for n in range(25):
        await make_thread(river, f"Thread number {n}")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        await pilot.press("enter")
        assert (await settled_on(pilot, BoardScreen)).threads
        assert len(app.screen.threads) == 10  # one page, not the whole board
        await pilot.press("end")
        await settle(pilot)
        assert len(app.screen.threads) == 20
        await pilot.press("end")
        await settle(pilot)
        assert len(app.screen.threads) == 25
        assert app.screen.next_cursor is None
        assert calls[0] is None and all(calls[1:])
        titles = [t.title for t in app.screen.threads]
        assert len(set(titles)) == 25


async def _thread_app(pilot_app: ForumApp, pilot, thread_id: int) -> ThreadScreen:
    await show_thread(pilot_app, thread_id)
    screen = await settled_on(pilot, ThreadScreen)
    assert screen.ready
    return screen


async def make_tree():
    """opening ── a ── a1 ── a1x
    └─ b (edited)   and a removed reply c with a reply c1"""
    river = await make_user("river")
    noor = await make_user("noor")
    thread_id, opening = await make_thread(river, "How did you tell your family?", "I was scared.")
    a = (await posting.reply(noor, opening, "I wrote them a letter first.", key())).id
    a1 = (await posting.reply(river, a, "A letter is a lovely idea.", key())).id
    a1x = (await posting.reply(noor, a1, "It gave me time to find the words.", key())).id
    b = (await posting.reply(noor, opening, "Told my sister first.", key())).id
    await posting.edit_post(noor, b, "Told my sister first, then my mum.")
    c = (await posting.reply(noor, opening, "Something I regret writing.", key())).id
    c1 = (await posting.reply(river, c, "I'm glad you shared anyway.", key())).id
    await posting.remove_post(noor, c)
    return (
        river,
        thread_id,
        {"opening": opening, "a": a, "a1": a1, "a1x": a1x, "b": b, "c": c, "c1": c1},
    )


async def test_thread_shows_the_tree_with_authors_edits_and_removals(db):
    river, thread_id, ids = await make_tree()
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _thread_app(app, pilot, thread_id)
        text = await settle(pilot)
        assert "How did you tell your family?" in text and "I was scared." in text
        assert "I wrote them a letter first." in text
        assert "It gave me time to find the words." in text
        assert "Told my sister first, then my mum." in text
        assert "edited" in text
        assert "This post was removed by its author." in text
        assert "Something I regret writing." not in text
        assert "I'm glad you shared anyway." in text  # a removed post keeps its replies
        assert "6 replies" in text
        # Nested by depth: a1 sits inside a, a1x inside a1.
        a1 = screen.posts[ids["a1"]]
        assert screen.parent_of(a1) is screen.posts[ids["a"]]
        assert screen.parent_of(screen.posts[ids["a1x"]]) is a1
        # Deeper posts start further right.
        x = {name: screen.posts[i].query_one(PostText).region.x for name, i in ids.items()}
        assert x["opening"] == x["a"] < x["a1"] < x["a1x"]
        assert screen.focused is screen.posts[ids["opening"]]


async def test_collapse_and_expand_a_branch(db):
    river, thread_id, ids = await make_tree()
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _thread_app(app, pilot, thread_id)
        screen.posts[ids["a"]].focus()
        await pilot.press("enter")
        text = await settle(pilot)
        assert "2 replies hidden" in text
        assert "A letter is a lovely idea." not in text
        assert "I wrote them a letter first." in text
        await pilot.press("j")  # moving on skips the folded branch
        assert screen.focused is screen.posts[ids["b"]]
        await pilot.press("k", "space")
        text = await settle(pilot)
        assert "A letter is a lovely idea." in text
        assert "It gave me time to find the words." in text
        assert "hidden" not in screen_text(app)


async def test_collapse_with_the_mouse(db):
    river, thread_id, ids = await make_tree()
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        await _thread_app(app, pilot, thread_id)
        await pilot.click(f"#post-{ids['a']} PostText", offset=(0, 0))
        assert "2 replies hidden" in await settle(pilot)


async def test_jump_to_parent_and_move_in_reading_order(db):
    river, thread_id, ids = await make_tree()
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _thread_app(app, pilot, thread_id)
        order = []
        for _ in range(7):
            order.append(screen.focused.post.id)  # type: ignore[union-attr]
            await pilot.press("down")
        assert order == [ids[n] for n in ("opening", "a", "a1", "a1x", "b", "c", "c1")]
        screen.posts[ids["a1x"]].focus()
        await pilot.press("p")
        assert screen.focused is screen.posts[ids["a1"]]
        await pilot.press("p", "p")
        assert screen.focused is screen.posts[ids["opening"]]


async def test_a_deep_branch_stops_indenting_and_shows_its_depth(db):
    river = await make_user("river")
    thread_id, parent = await make_thread(river, "Deep")
    for n in range(12):
        parent = (await posting.reply(river, parent, f"Level {n + 1}", key())).id
    app = ForumApp(start=river)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _thread_app(app, pilot, thread_id)
        assert len(screen.posts) == 12  # a screenful; the rest loads on demand
        await pilot.press("m")
        await settle(pilot)
        assert len(screen.posts) == 13 and screen.next_cursor is None
        widgets = list(screen.query(PostWidget))
        xs = [w.query_one(PostText).region.x for w in widgets]
        assert xs[-1] == xs[-2] == xs[7]  # capped
        assert xs[2] > xs[1]
        screen.posts[parent].focus()
        text = await settle(pilot)
        assert "↳12 river" in text and "Level 12" in text


async def test_links_are_never_opened_here(db, monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda *a, **k: opened.append(a))
    river = await make_user("river")
    thread_id, _ = await make_thread(river, "Links", "See [this page](https://example.com/x).")
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _thread_app(app, pilot, thread_id)
        assert "See this page (https://example.com/x)." in await settle(pilot)
        await pilot.click("#tree MarkdownParagraph", offset=(6, 0))
        assert "Links are not opened here" in await settle(pilot)
        assert opened == []


async def test_guest_sees_thread_but_no_reply(db):
    _river, thread_id, _ids = await make_tree()
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _thread_app(app, pilot, thread_id)
        text = await settle(pilot)
        assert "sign in to reply" in text
        assert "Reply" not in text.splitlines()[-1]
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is screen


async def test_open_thread_from_the_board(db):
    river, _thread_id, _ids = await make_tree()
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        await pilot.press("enter")
        assert (await settled_on(pilot, BoardScreen)).threads
        app.screen.query_one("#threads", OptionList).focus()
        await pilot.press("enter")
        assert (await settled_on(pilot, ThreadScreen)).ready
        assert "I was scared." in screen_text(app)
        await pilot.press("escape")
        await settled_on(pilot, BoardScreen)


async def test_a_long_thread_loads_a_page_at_a_time_as_you_read(db, monkeypatch):
    import screens.thread.reading as thread_module

    monkeypatch.setattr(thread_module, "PAGE", 8)
    river = await make_user("river")
    thread_id, opening = await make_thread(river, "Long", "Many replies below.")
    parent = opening
    for n in range(30):  # a mix of siblings and nested replies
        made = (await posting.reply(river, parent if n % 3 else opening, f"Reply {n}", key())).id
        parent = made
    app = ForumApp(start=river)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _thread_app(app, pilot, thread_id)
        assert len(screen.posts) == 12
        await pilot.press("j", "j", "j", "j", "j")  # reading on nears the end: one more page
        await settle(pilot)
        assert len(screen.posts) == 20
        for _ in range(10):  # scrolling to the end loads the rest, a page at a time
            if screen.next_cursor is None:
                break
            await pilot.press("end")
            await settle(pilot)
        assert screen.next_cursor is None and len(screen.posts) == 31
        view = await __import__("models.threads").threads.open_thread(thread_id)
        assert screen.order == [p.id for p in view.posts]  # every post once, in order
        assert len(list(screen.query(PostWidget))) == 31


async def test_a_link_in_a_post_is_shown_never_opened(db, monkeypatch):
    import webbrowser

    from textual.widgets import Markdown

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url))
    river = await make_user("river")
    thread_id, _ = await make_thread(river, "Helpful site", "Try [this](https://example.org/x).")
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _thread_app(app, pilot, thread_id)
        markdown = screen.query(Markdown).first()
        markdown.post_message(Markdown.LinkClicked(markdown, "https://example.org/x"))
        text = await settle(pilot)
        assert "Links are not opened here" in text and "https://example.org/x" in text
        app.open_url("https://example.org/y")  # anything else asking the app to open one
        assert "https://example.org/y" in await settle(pilot)
    assert opened == []


async def test_the_boards_are_in_the_first_frame(db):
    """Opening at the boards (as over SSH), the data is loaded before the screen is made:
    the first thing drawn already lists the boards, with nothing left to wait for."""
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE):
        assert len(app.screen.boards) == 7
        text = screen_text(app)
        assert "Introductions" in text and "Small wins" in text and "988 Suicide" in text


async def test_the_boards_screen_says_what_went_wrong_when_loading_fails(db, monkeypatch):
    real = boards.list_boards
    calls = 0

    async def failing_once():
        nonlocal calls
        calls += 1
        if calls <= 2:  # before the first frame, and again once shown
            raise ConnectionRefusedError("database down")
        return await real()

    monkeypatch.setattr(boards, "list_boards", failing_once)
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        assert UNREACHABLE.split(".")[0] in await settle(pilot)  # (the sentence wraps)
        await pilot.press("f5")
        assert "Introductions" in await settle(pilot)


async def test_a_thread_with_a_long_opening_post_opens_at_its_title(db):
    river = await make_user("river")
    body = "\n\n".join(f"Paragraph {n}: it has been a long week, truly." for n in range(40))
    thread_id, _ = await make_thread(river, "A very long first post", body)
    app = ForumApp(start=river)
    async with app.run_test(size=SIZE) as pilot:
        assert (await settled_on(pilot, BoardsScreen)).boards
        await show_thread(app, thread_id)
        assert (await settled_on(pilot, ThreadScreen)).ready
        text = screen_text(app)
        assert "started by river" in text.split("Paragraph 0")[0]  # title and meta first
