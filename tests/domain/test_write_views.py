"""Each write hands back the post as readers now see it, so no screen reads it again."""

from __future__ import annotations

from models import posting, threads
from models.entities import Role
from tests.helpers import first_board_id, key, make_user


async def _as_read(post_id: int, thread_id: int):
    view = await threads.open_thread(thread_id)
    return next(p for p in view.posts if p.id == post_id)


async def test_start_reply_edit_and_remove_return_what_a_reader_would_load():
    ann, mod = await make_user("ann"), await make_user("mod", Role.MODERATOR)
    noor = await make_user("noor")
    opening = await posting.start_thread(ann, await first_board_id(), "Hi", "Hello.", key())
    assert opening == await _as_read(opening.id, opening.thread_id)
    assert opening.author == "ann" and opening.parent_id is None

    reply = await posting.reply(noor, opening.id, "Welcome!", key(), content_warning="grief")
    assert reply == await _as_read(reply.id, reply.thread_id)
    assert (reply.parent_id, reply.depth, reply.content_warning) == (opening.id, 1, "grief")

    edited = await posting.edit_post(noor, reply.id, "Welcome, ann!")
    assert edited == await _as_read(reply.id, reply.thread_id)
    assert edited.body == "Welcome, ann!" and edited.edited_at is not None

    removed = await posting.remove_post(mod, reply.id)
    assert removed == await _as_read(reply.id, reply.thread_id)
    assert removed.removed and removed.removed_by_moderator and removed.body == ""
    assert removed.author == "noor"  # the author's name, not the moderator's


async def test_a_retried_reply_returns_the_first_tries_post():
    ann = await make_user("ann")
    opening = await posting.start_thread(ann, await first_board_id(), "Hi", "Hello.", key())
    k = key()
    first = await posting.reply(ann, opening.id, "Once.", k)
    assert await posting.reply(ann, opening.id, "Once.", k) == first
