"""Full-text search on the real database: ranking, filters, every safety rule, edits,
hostile queries and keyset pages (both backends)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models import blocks, boards, clock, posting, search, search_index, warnings
from models.actor import GUEST
from models.entities import Post, Role
from models.errors import ForumError, NotFound, PermissionDenied, ValidationError
from models.search import SearchFilters
from tests.helpers import first_board_id, key, make_thread, make_user


@pytest.fixture(autouse=True)
def frozen_clock():
    """Each post a minute after the last, from a fixed instant."""
    state = {"now": datetime(2025, 3, 14, 9, 30, tzinfo=UTC)}

    def now():
        state["now"] += timedelta(minutes=1)
        return state["now"]

    clock.set_clock(now)
    yield state
    clock.set_clock(None)


ANY = SearchFilters()


async def found(reader, query, filters=ANY, **kwargs) -> list[int]:
    return [hit.post_id for hit in (await search.search(reader, query, filters, **kwargs)).items]


def words(hit) -> str:
    return "".join(text for text, _ in hit.snippet)


def marked(hit) -> list[str]:
    return [text for text, matched in hit.snippet if matched]


async def test_the_most_relevant_post_comes_first_and_ties_newest_first():
    ann = await make_user("ann")
    _, once = await make_thread(ann, "Week one", "My counselling starts on Monday.")
    _, often = await make_thread(
        ann, "Counselling", "Counselling helped. The counselling room was calm."
    )
    _, older = await make_thread(ann, "Note", "I went to counselling.")
    _, newer = await make_thread(ann, "Note", "I went to counselling.")

    ranked = await found(ann, "counselling")
    assert set(ranked) == {once, often, older, newer}
    assert ranked[0] == often  # in the title, and three times in the post
    assert ranked.index(newer) == ranked.index(older) - 1  # the same words: the newest first


async def test_a_hit_says_where_it_is_and_marks_the_words_that_matched():
    ann = await make_user("ann")
    thread_id, post = await make_thread(
        ann, "First session", "I was nervous before my first counselling session."
    )
    [hit] = (await search.search(ann, "sessions")).items  # stemmed: session, sessions
    assert (hit.thread_id, hit.post_id, hit.board_id) == (thread_id, post, await first_board_id())
    assert hit.board == (await boards.get_board(hit.board_id)).name
    assert (hit.title, hit.author, hit.warning, hit.opening) == ("First session", "ann", None, True)
    assert hit.created_at == datetime(2025, 3, 14, 9, 32, tzinfo=UTC)
    assert words(hit) == "I was nervous before my first counselling session."
    assert marked(hit) == ["session"]


async def test_a_thread_is_found_by_its_title():
    ann = await make_user("ann")
    _, opening = await make_thread(ann, "Finding a support group", "Where do I start?")
    reply = (await posting.reply(ann, opening, "Still looking for one.", key())).id
    assert await found(ann, "support group") == [opening]
    assert await found(ann, "looking") == [reply]


async def test_quoted_phrases_left_out_words_and_or():
    ann = await make_user("ann")
    _, phrase = await make_thread(ann, "One", "My first counselling session went well.")
    _, apart = await make_thread(ann, "Two", "The first session was not counselling.")
    _, group = await make_thread(ann, "Three", "A support group every Tuesday.")
    _, well = await make_thread(ann, "Four", "All is well here.")
    assert set(await found(ann, "first session")) == {phrase, apart}
    assert await found(ann, '"first counselling session"') == [phrase]
    assert await found(ann, "first session -counselling") == []
    assert await found(ann, "session -well") == [apart]
    assert set(await found(ann, "tuesday OR well")) == {phrase, group, well}
    # OR joins the two words beside it only: first AND (tuesday OR well), on both backends.
    assert set(await found(ann, "first tuesday or well")) == {phrase}
    assert set(await found(ann, "well or tuesday -counselling")) == {group, well}


async def test_filters_by_board_author_no_reply_yet_and_my_threads():
    ann, bob = await make_user("ann"), await make_user("Bob_2")
    board_ids = [b.id for b in await boards.list_boards()]
    _, ann_open = await make_thread(ann, "Tired", "Sleep is hard lately.")
    bob_reply = (await posting.reply(bob, ann_open, "Sleep hygiene helped me.", key())).id
    elsewhere = await posting.start_thread(bob, board_ids[1], "Nights", "Sleep, again.", key())
    assert set(await found(ann, "sleep")) == {ann_open, bob_reply, elsewhere.id}
    by_board = SearchFilters(board_id=board_ids[0])
    assert set(await found(ann, "sleep", by_board)) == {ann_open, bob_reply}
    for typed in ("bob_2", "@Bob_2", " BOB_2 "):
        assert set(await found(ann, "sleep", SearchFilters(author=typed))) == {
            bob_reply, elsewhere.id,
        }  # fmt: skip
    assert await found(ann, "sleep", SearchFilters(unanswered=True)) == [elsewhere.id]
    assert set(await found(ann, "sleep", SearchFilters(mine=True))) == {ann_open, bob_reply}
    assert await found(bob, "sleep", SearchFilters(mine=True)) == [elsewhere.id]
    both = SearchFilters(board_id=board_ids[0], author="bob_2", mine=True)
    assert await found(ann, "sleep", both) == [bob_reply]


async def test_filters_that_cannot_work_say_why():
    await make_user("ann")
    with pytest.raises(ValidationError, match="'nobody' is not the username of anyone here"):
        await search.search(GUEST, "sleep", SearchFilters(author="nobody"))
    with pytest.raises(PermissionDenied, match="Sign in to search the threads you started"):
        await search.search(GUEST, "sleep", SearchFilters(mine=True))
    with pytest.raises(NotFound):
        await search.search(GUEST, "sleep", SearchFilters(board_id=999_999))


async def test_a_removed_post_is_found_by_nothing_not_even_by_staff():
    ann, mod = await make_user("ann"), await make_user("mod", Role.MODERATOR)
    _, opening = await make_thread(ann, "Hard day", "Panic on the train again.")
    own = (await posting.reply(ann, opening, "Panic attacks since June.", key())).id
    unkind = (await posting.reply(mod, opening, "Panic is a choice.", key())).id
    await posting.remove_post(ann, own)
    await posting.remove_post(mod, unkind, "unkind")
    for reader in (ann, mod, GUEST):
        assert await found(reader, "panic") == [opening]
        assert await found(reader, "june") == []


async def test_a_post_restored_in_the_database_is_found_again():
    ann = await make_user("ann")
    _, post = await make_thread(ann, "Back", "Restored words stay findable.")
    await posting.remove_post(ann, post)
    assert await found(ann, "restored") == []
    await Post.filter(id=post).update(removed_at=None, removed_by_id=None)
    assert await found(ann, "restored") == [post]


async def test_posts_by_someone_the_reader_blocked_never_appear():
    ann, bob, cat = await make_user("ann"), await make_user("bob"), await make_user("cat")
    _, opening = await make_thread(ann, "Grief", "Losing my dad this spring.")
    reply = (await posting.reply(bob, opening, "Grief comes in waves.", key())).id
    _, own_thread = await make_thread(bob, "Grief too", "My grief group meets on Fridays.")
    await blocks.block(ann, bob.id)  # type: ignore[arg-type]
    assert await found(ann, "grief") == [opening]
    assert set(await found(cat, "grief")) == {opening, reply, own_thread}
    assert await found(ann, "grief", SearchFilters(author="bob")) == []


async def test_a_content_warning_shows_instead_of_the_snippet():
    ann, bob = await make_user("ann"), await make_user("bob")
    thread = await posting.start_thread(
        ann, await first_board_id(), "Relapse", "I relapsed last night.", key(), "self-harm"
    )
    reply = await posting.reply(bob, thread.id, "Relapse is part of recovery.", key())
    post_cw = await posting.reply(bob, thread.id, "My own relapse story.", key(), "details")
    _, plain = await make_thread(bob, "Recovery", "One relapse does not undo it.")

    hits = {h.post_id: h for h in (await search.search(bob, "relapse")).items}
    for post_id in (thread.id, reply.id, post_cw.id):  # the thread's warning veils them all
        assert (hits[post_id].snippet, hits[post_id].warning) == (None, "self-harm")
        assert hits[post_id].title == "Relapse"  # the board shows it beside its warning
    assert hits[plain].warning is None and "relapse" in marked(hits[plain])
    # The one who started the thread is not kept from it; a post's own warning still holds.
    mine = {h.post_id: h for h in (await search.search(ann, "relapse")).items}
    assert words(mine[thread.id]) == "I relapsed last night."
    assert (mine[post_cw.id].snippet, mine[post_cw.id].warning) == (None, "details")


async def test_a_hidden_topic_veils_the_snippet_and_a_title_naming_it():
    ann, bob = await make_user("ann"), await make_user("bob")
    _, titled = await make_thread(bob, "Eating disorder recovery", "Week two of meal plans.")
    _, in_body = await make_thread(bob, "Meal plans", "My eating disorder team set meal plans.")
    await warnings.set_hidden_topics(ann, ["Eating disorder"])
    hits = {h.post_id: h for h in (await search.search(ann, "meal plans")).items}
    assert (hits[titled].title, hits[titled].snippet) == (None, None)
    assert hits[titled].warning == "eating disorder"
    assert (hits[in_body].title, hits[in_body].snippet) == ("Meal plans", None)
    assert hits[in_body].warning == "eating disorder"
    others = {h.post_id: h for h in (await search.search(bob, "meal plans")).items}
    assert others[titled].title == "Eating disorder recovery" and others[titled].snippet


async def test_guests_members_and_staff_find_the_same_readable_posts():
    ann, mod = await make_user("ann"), await make_user("mod", Role.MODERATOR)
    _, opening = await make_thread(ann, "Hotline", "I called the hotline tonight.")
    reply = (await posting.reply(mod, opening, "Thank you for calling the hotline.", key())).id
    expected = await found(ann, "hotline")
    assert set(expected) == {opening, reply}
    assert await found(GUEST, "hotline") == expected
    assert await found(mod, "hotline") == expected


async def test_an_edit_is_found_at_once_and_the_old_words_are_not():
    ann = await make_user("ann")
    thread_id, post = await make_thread(ann, "Therapy", "My therapist moved to Leeds.")
    await posting.edit_post(ann, post, "My therapist moved to York.")
    assert await found(ann, "leeds") == []
    assert await found(ann, "york") == [post]
    await posting.edit_thread_title(ann, thread_id, "Changing therapists")
    assert await found(ann, "changing") == [post]
    [hit] = (await search.search(ann, "york")).items
    assert hit.title == "Changing therapists"


HOSTILE = [
    '"unbalanced',
    'a "b',
    '"',
    '""',
    "*",
    "sleep*",
    "NEAR(sleep hard)",
    "sleep NEAR hard",
    "title:sleep",
    ":",
    "sleep:",
    "the and of",
    "\x00",
    "sleep\x00hard",
    "x" * 10_000,
    "!@#$%^&*()_+=[]{}|;,./<>?",
    "\x1b[31msleep\x1b[0m",
    "\x1b]52;c;aGk=\x07",
    "[/bold] [@click=app.quit]x[/]",
    "-",
    "-sleep",
    "--sleep",
    "OR",
    "sleep OR",
    "OR sleep",
    "sleep OR OR hard",
    "AND NOT sleep",
    "sleep & hard | !x",
    "'sleep'",
    "sleep <-> hard",
    "(sleep",
    "sleep)",
    "^sleep",
    "+sleep",
    "\u202esleep\u202c",
    "sleep\u200bhard",
    "ｓｌｅｅｐ",
    "😴",
    "\\",
    "\\x00 \\n",
    "'; DROP TABLE posts; --",
    "%",
    "_",
    " ".join(["sleep"] * 30),
    "a " * 99,
    "\n\t",
]


async def test_hostile_queries_give_results_or_a_clear_message():
    ann = await make_user("ann")
    _, post = await make_thread(ann, "Sleep", "Sleep is hard: NEAR the end of the night.")
    answered = 0
    for query in HOSTILE:
        try:
            page = await search.search(ann, query)
        except ForumError as error:
            assert error.message.endswith(".") and "Traceback" not in error.message
            continue
        answered += 1
        for hit in page.items:
            assert all("\x1b" not in text and "\x00" not in text for text, _ in hit.snippet)
    assert answered >= len(HOSTILE) // 2
    assert await found(ann, '"unbalanced sleep') == []
    assert await found(ann, "sleep*") == [post]
    assert await found(ann, "sleep NEAR hard") == [post]  # a word like any other
    assert await found(ann, "\x1b[31msleep\x1b[0m") == []  # "31m" is a word nobody wrote
    assert await found(ann, "sleep\x00") == [post]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Search needs a word to look for."),
        ("*:()", "Search needs a word to look for."),
        ("the and of", "Search has only words too common to look for (such as “the” or “and”)."),
        ("-sleep", "Search needs a word to look for, not only words to leave out."),
        ("x" * 10_000, "Search must be at most 200 characters (it has 10,000)."),
        (" ".join(f"w{n}" for n in range(13)), "Search can hold at most 12 words and phrases."),
    ],
)
async def test_a_query_that_cannot_find_anything_says_why(query, message):
    with pytest.raises(ValidationError) as error:
        await search.search(GUEST, query)
    assert error.value.message == message


async def test_a_snippet_is_plain_text_on_one_line():
    ann = await make_user("ann")
    body = "[bold]Hope[/bold]\n\n  and\ttabs [@click=app.quit]hope[/]"
    await make_thread(ann, "Markup", body)
    [hit] = (await search.search(ann, "hope")).items
    assert words(hit) == "[bold]Hope[/bold] and tabs [@click=app.quit]hope[/]"
    assert marked(hit) == ["Hope", "hope"]


async def test_a_long_post_shows_the_words_around_the_match():
    ann = await make_user("ann")
    body = " ".join(["Some days are long."] * 40 + ["The hotline helped."] + ["Still here."] * 40)
    await make_thread(ann, "Long", body)
    [hit] = (await search.search(ann, "hotline")).items
    assert hit.snippet[0] == ("… ", False) and hit.snippet[-1] == (" …", False)
    assert "hotline" in marked(hit) and len(words(hit)) < 250


def test_snippet_segments_drop_what_could_act_on_a_terminal():
    marked_text = "\x1b]0;owned\x07 a \x01word\x02 \u202eback\u202c\x9b2J"
    assert search.segments(marked_text) == (
        ("]0;owned a ", False),
        ("word", True),
        (" back2J", False),
    )


async def test_pages_follow_one_another_without_gaps_or_repeats():
    ann = await make_user("ann")
    _, opening = await make_thread(ann, "Journal", "Writing a journal each evening.")
    posts = [opening]
    for n in range(44):
        extra = " journal" * (n % 3)
        reply = await posting.reply(ann, opening, f"Day {n}: journal{extra}.", key())
        posts.append(reply.id)
    seen, cursor, pages = [], None, 0
    while True:
        page = await search.search(ann, "journal", cursor=cursor, limit=20)
        seen += [hit.post_id for hit in page.items]
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert pages == 3 and len(seen) == 45 and set(seen) == set(posts)
    assert seen == await found(ann, "journal", limit=50)


async def test_a_cursor_this_search_did_not_give_out_is_refused():
    for bad in ("x", "1|2|3", "nan|4", "inf|4", "0.5|x"):
        with pytest.raises(ValidationError, match="Cursor is not one this list gave out"):
            await search.search(GUEST, "sleep", cursor=bad)


async def test_the_index_language_can_change_and_rebuilds_the_index():
    ann = await make_user("ann")
    _, post = await make_thread(ann, "Sessions", "Three sessions so far.")
    assert await found(ann, "session") == [post]
    try:
        await search_index.use_language("simple")
        assert await found(ann, "session") == []  # no stemming: session is not sessions
        assert await found(ann, "sessions") == [post]
        reply = (await posting.reply(ann, post, "Four sessions now.", key())).id
        assert set(await found(ann, "sessions")) == {post, reply}
    finally:
        await search_index.use_language(search_index.DEFAULT_LANGUAGE)
    assert set(await found(ann, "session")) == {post, reply}
    with pytest.raises(ValidationError, match="Search language"):
        await search_index.use_language("klingon")
    with pytest.raises(ValidationError, match="Search language"):
        await search_index.use_language("english'; drop")
