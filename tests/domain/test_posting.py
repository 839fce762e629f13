"""Starting threads, replying, the tree order, idempotent retries, edits and removals."""

from __future__ import annotations

import asyncio

import pytest

from models import boards, posting, threads
from models.entities import Post, Role, Thread
from models.errors import NotFound, PermissionDenied, ValidationError
from tests.helpers import first_board_id, key, make_thread, make_user


async def test_thread_tree_loads_in_reading_order():
    ann = await make_user("ann")
    bo = await make_user("bob")
    thread_id, root = await make_thread(ann, "Back at work", "First week back.")
    a = (await posting.reply(bo, root, "reply A", key())).id
    b = (await posting.reply(ann, root, "reply B", key())).id
    a1 = (await posting.reply(ann, a, "reply A1", key())).id
    a1x = (await posting.reply(bo, a1, "reply A1x", key())).id
    a2 = (await posting.reply(bo, a, "reply A2", key())).id

    view = await threads.open_thread(thread_id)

    assert [p.id for p in view.posts] == [root, a, a1, a1x, a2, b]
    assert [p.depth for p in view.posts] == [0, 1, 2, 3, 2, 1]
    assert [p.parent_id for p in view.posts] == [None, root, a, a1, a, root]
    assert view.thread.reply_count == 5
    assert view.posts[1].author == "bob"


async def test_a_page_of_a_large_tree_continues_where_it_stopped():
    ann = await make_user("ann")
    thread_id, root = await make_thread(ann)
    parent = root
    for i in range(7):
        parent = (await posting.reply(ann, parent if i % 2 else root, f"reply {i}", key())).id
    whole = await threads.open_thread(thread_id)
    first = await threads.open_thread(thread_id, limit=3)
    rest = await threads.open_thread(thread_id, after=first.next_cursor, limit=100)

    assert [p.id for p in first.posts + rest.posts] == [p.id for p in whole.posts]
    assert len(first.posts) == 3 and rest.next_cursor is None


async def test_a_thread_opens_at_a_post_deep_inside_it_under_the_posts_it_replies_to():
    ann = await make_user("ann")
    thread_id, root = await make_thread(ann)
    early = [(await posting.reply(ann, root, f"early {i}", key())).id for i in range(8)]
    branch = (await posting.reply(ann, root, "branch", key())).id
    middle = [(await posting.reply(ann, branch, f"middle {i}", key())).id for i in range(5)]
    target = (await posting.reply(ann, branch, "the reported one", key())).id
    under = (await posting.reply(ann, target, "a reply to it", key())).id
    late = [(await posting.reply(ann, root, f"late {i}", key())).id for i in range(4)]

    view = await threads.open_thread_at(thread_id, target, limit=5)

    assert [p.id for p in view.posts] == [root, branch, target, under, late[0]]
    assert view.start == view.posts[2].path and view.next_cursor is not None
    rest = await threads.open_thread(thread_id, after=view.next_cursor, limit=100)
    assert [p.id for p in rest.posts] == late[1:]
    again = await threads.open_thread(thread_id, limit=len(view.posts), start=view.start)
    assert [p.id for p in again.posts] == [p.id for p in view.posts]  # a reload: the same
    assert not set(early + middle) & {p.id for p in view.posts + rest.posts}


async def test_a_post_on_the_first_page_or_under_only_its_ancestors_opens_from_the_start():
    ann = await make_user("ann")
    thread_id, root = await make_thread(ann)
    chain = [root]
    for i in range(6):
        chain.append((await posting.reply(ann, chain[-1], f"deeper {i}", key())).id)
    await posting.reply(ann, root, "a later sibling", key())

    near = await threads.open_thread_at(thread_id, chain[1], limit=3)
    deep = await threads.open_thread_at(thread_id, chain[-1], limit=3)

    assert [p.id for p in near.posts] == chain[:3] and near.start is None
    assert deep.start is None and [p.id for p in deep.posts][:7] == chain
    other_thread, _ = await make_thread(ann, "Another thread")
    with pytest.raises(NotFound):  # a post, but of another thread
        await threads.open_thread_at(other_thread, chain[-1], limit=3)
    with pytest.raises(ValidationError):
        await threads.open_thread(thread_id, limit=3, start="'; drop table post")


async def test_a_retried_post_with_the_same_key_makes_one_post():
    ann = await make_user("ann")
    thread_id, root = await make_thread(ann)
    k = key()
    first = (await posting.reply(ann, root, "Thank you all", k)).id
    again = (await posting.reply(ann, root, "Thank you all", k)).id

    assert first == again
    assert await Post.filter(thread_id=thread_id).count() == 2
    assert (await threads.get_thread(thread_id)).reply_count == 1


async def test_a_retried_new_thread_with_the_same_key_makes_one_thread():
    ann = await make_user("ann")
    board = await first_board_id()
    k = key()
    first = await posting.start_thread(ann, board, "Hello", "I am new here.", k)
    again = await posting.start_thread(ann, board, "Hello", "I am new here.", k)

    assert first == again
    assert (await boards.get_board(board)).thread_count == 1


async def test_another_users_key_is_not_taken_over():
    ann = await make_user("ann")
    bo = await make_user("bob")
    _, root = await make_thread(ann)
    k = key()
    await posting.reply(ann, root, "mine", k)
    with pytest.raises(ValidationError, match="Client key is already used"):
        await posting.reply(bo, root, "theirs", k)


async def test_board_counters_follow_threads_and_first_replies():
    ann = await make_user("ann")
    bo = await make_user("bob")
    board = await first_board_id()
    _, root = await make_thread(ann)
    await make_thread(ann, "Second", "Another one")
    before = await boards.get_board(board)
    await posting.reply(bo, root, "I hear you", key())
    await posting.reply(bo, root, "Still here", key())
    after = await boards.get_board(board)

    assert (before.thread_count, before.unanswered_count) == (2, 2)
    assert (after.thread_count, after.unanswered_count) == (2, 1)
    assert after.last_activity_at >= before.last_activity_at


async def test_edit_marks_the_post_edited():
    ann = await make_user("ann")
    thread_id, root = await make_thread(ann)
    await posting.edit_post(ann, root, "Better words")
    post = (await threads.open_thread(thread_id)).posts[0]
    assert post.body == "Better words" and post.edited_at is not None


async def test_removed_post_keeps_its_replies_and_loses_its_words():
    ann = await make_user("ann")
    bo = await make_user("bob")
    thread_id, root = await make_thread(ann)
    a = (await posting.reply(bo, root, "something I regret", key())).id
    child = (await posting.reply(ann, a, "a kind answer", key())).id
    await posting.remove_post(bo, a)

    posts = (await threads.open_thread(thread_id)).posts
    assert [p.id for p in posts] == [root, a, child]
    assert posts[1].removed and posts[1].body == "" and not posts[1].removed_by_moderator
    assert posts[2].body == "a kind answer"
    with pytest.raises(PermissionDenied):
        await posting.edit_post(bo, a, "undo")


async def test_moderator_removal_is_logged_and_shown_as_moderated():
    from models.entities import ModAction

    ann = await make_user("ann")
    mod = await make_user("mod", Role.MODERATOR)
    thread_id, root = await make_thread(ann)
    await posting.remove_post(mod, root, "personal details")

    post = (await threads.open_thread(thread_id)).posts[0]
    log = await ModAction.all().values("action", "target_id", "reason", "actor_id")
    assert post.removed_by_moderator
    assert log == [
        {
            "action": "remove post",
            "target_id": root,
            "reason": "personal details",
            "actor_id": mod.id,
        }
    ]


async def test_a_moderator_removing_their_own_post_is_logged_and_its_reports_stay_open():
    from models import reports
    from models.entities import ModAction

    ann = await make_user("ann")
    mod = await make_user("mod", Role.MODERATOR)
    _, root = await make_thread(ann)
    own = (await posting.reply(mod, root, "a reply I should not have posted", key())).id
    member_own = (await posting.reply(ann, root, "mine, reported", key())).id
    await reports.report_post(ann, own, "unkind")
    await reports.report_post(mod, member_own, "danger")

    await posting.remove_post(mod, own, "not my best moment")
    await posting.remove_post(ann, member_own)  # a member's own: the report stays open

    log = await ModAction.all().values_list("action", "target_id", "reason")
    assert log == [("remove post", own, "not my best moment")]
    assert {r.post_id for r in (await reports.review_queue(mod)).items} == {own, member_own}


async def test_locked_thread_takes_replies_from_staff_only():
    ann = await make_user("ann")
    mod = await make_user("mod", Role.MODERATOR)
    thread_id, root = await make_thread(ann)
    await posting.set_thread_flag(mod, thread_id, "locked", True, "heated")
    with pytest.raises(PermissionDenied, match="locked"):
        await posting.reply(ann, root, "one more thing", key())
    await posting.reply(mod, root, "Locking this for now.", key())
    assert (await Thread.get(id=thread_id)).locked


async def test_replies_past_the_depth_cap_join_their_siblings():
    ann = await make_user("ann")
    thread_id, parent = await make_thread(ann)
    for _ in range(posting.MAX_DEPTH):
        parent = (await posting.reply(ann, parent, "deeper", key())).id
    deepest = (await posting.reply(ann, parent, "deeper still", key())).id
    view = await threads.open_thread(thread_id)
    assert max(p.depth for p in view.posts) == posting.MAX_DEPTH
    assert view.posts[-1].id == deepest


async def test_unknown_targets_are_not_found():
    ann = await make_user("ann")
    with pytest.raises(NotFound):
        await posting.reply(ann, 999_999, "hello", key())
    with pytest.raises(NotFound):
        await threads.open_thread(999_999)
    with pytest.raises(NotFound):
        await posting.start_thread(ann, 999_999, "t", "b", key())


async def test_concurrent_replies_each_get_their_own_place_in_the_tree():
    ann = await make_user("ann")
    people = [await make_user(f"person{i}") for i in range(8)]
    thread_id, root = await make_thread(ann)
    ids = await asyncio.gather(
        *(posting.reply(p, root, f"reply from {p.username}", key()) for p in people)
    )
    view = await threads.open_thread(thread_id)
    assert len(set(ids)) == 8
    assert len({p.path for p in view.posts}) == 9
    assert view.thread.reply_count == 8
    assert (await boards.get_board(view.board.id)).unanswered_count == 0
