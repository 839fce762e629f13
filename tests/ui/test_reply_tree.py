"""The reply tree as a plain model: no App, no database."""

from __future__ import annotations

from datetime import UTC, datetime

from models.views import PostView
from screens.thread.tree import ReplyTree

WHEN = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def post(post_id: int, path: str, parent: int | None) -> PostView:
    depth = len(path) // 5 - 1
    return PostView(post_id, 1, parent, 7, "ann", depth, "words", WHEN, None, False, False, path)


def thread() -> ReplyTree:
    """1 ─ 2 ─ 3 ─ 4, and 1 ─ 5 (reading order 1 2 3 4 5); the cap is at depth 2."""
    tree = ReplyTree(cap=2)
    tree.extend(
        [
            post(1, "00000", None),
            post(2, "0000000001", 1),
            post(3, "000000000100002", 2),
            post(4, "00000000010000200003", 3),
            post(5, "0000000004", 1),
        ]
    )
    return tree


def test_parents_descendants_and_reading_order():
    tree = thread()
    assert tree.order == [1, 2, 3, 4, 5]
    assert tree.parent(4) == 3 and tree.parent(1) is None
    assert tree.ancestors(4) == [3, 2, 1]
    assert tree.descendants(2) == [3, 4] and tree.descendants(5) == []


def test_a_new_reply_goes_to_its_place_in_reading_order():
    tree = thread()
    tree.insert(post(6, "00000000010000500006", 3))  # under 3, after 4
    tree.insert(post(7, "0000000007", 1))  # a new reply to the opening post: the end
    assert tree.order == [1, 2, 3, 4, 6, 5, 7]
    assert tree.place(5) == 5 and tree.descendants(3) == [4, 6]
    assert tree.next_visible(4) == 6 and tree.previous_visible(5) == 6


def test_a_post_inserted_twice_is_replaced_not_doubled():
    tree = thread()
    edited = post(3, "000000000100002", 2)._replace(body="new words")
    tree.insert(edited)
    assert tree.order == [1, 2, 3, 4, 5] and tree.posts[3].body == "new words"


def test_folding_skips_the_branch_and_survives_a_reload():
    tree = thread()
    tree.fold(2, True)
    assert tree.next_visible(1) == 2 and tree.next_visible(2) == 5
    assert tree.previous_visible(5) == 2
    assert not tree.visible(3) and not tree.visible(4) and tree.visible(5)
    tree.clear()
    tree.extend([post(1, "00000", None), post(2, "0000000001", 1)])
    assert 2 in tree.folded


def test_past_the_cap_replies_sit_in_the_box_at_the_cap_and_fold_one_by_one():
    tree = thread()
    assert tree.host(2) == 1 and tree.host(3) == 2
    assert tree.host(4) == 2  # 3 is at the cap: its reply sits beside it, in 2's box
    tree.fold(3, True)
    assert tree.folded_flat(4) and not tree.folded_flat(3)


def test_near_the_end():
    tree = thread()
    assert tree.near_end(4, margin=2) and not tree.near_end(2, margin=2)
