"""Who is told that someone answered them, and who is not."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models import blocks, clock, follows, notifications, posting, reactions, warnings
from models.actor import GUEST
from models.entities import Role
from models.enums import FollowState, NotificationKind
from models.errors import PermissionDenied
from tests.helpers import key, make_thread, make_user


async def texts(person) -> list[str]:
    return [n.text for n in (await notifications.inbox(person)).items]


async def test_a_reply_tells_the_parent_author_and_the_threads_starter_not_the_writer():
    ann, bob, cat = await make_user("ann"), await make_user("bob"), await make_user("cat")
    _, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    first = await posting.reply(bob, opening, "Same here.", key())
    await posting.reply(cat, first.id, "Warm milk helps me.", key())
    assert await texts(bob) == ["cat replied to your reply in Rough night"]
    assert await texts(ann) == [
        "cat replied in Rough night",  # her thread, not her post
        "bob replied to your post in Rough night",
    ]
    assert await texts(cat) == []  # never for one's own action
    assert await notifications.unread_count(ann) == 2


async def test_writing_in_a_thread_follows_it_and_muting_silences_it():
    ann, bob, cat = await make_user("ann"), await make_user("bob"), await make_user("cat")
    thread_id, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    await posting.reply(bob, opening, "Same here.", key())  # bob now follows
    assert await follows.state(bob, thread_id) is FollowState.FOLLOWING
    await posting.reply(cat, opening, "Me too.", key())
    assert await texts(bob) == ["cat replied in Rough night"]
    assert await follows.toggle(ann, thread_id) is FollowState.MUTED
    await posting.reply(bob, opening, "Hang in there.", key())
    assert all("Hang in there" not in t for t in await texts(ann))
    assert len(await texts(ann)) == 2  # nothing new while muted, not even to her post
    assert await follows.toggle(ann, thread_id) is FollowState.FOLLOWING


async def test_nobody_is_told_of_someone_they_blocked_or_a_topic_they_hide():
    ann, bob, cat = await make_user("ann"), await make_user("bob"), await make_user("cat")
    _, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    cats = await posting.reply(cat, opening, "It gets lighter.", key())
    await notifications.mark_read(ann)
    await blocks.block(ann, bob.id)
    await warnings.set_hidden_topics(ann, ["grief"])
    await posting.reply(bob, cats.id, "Same here.", key())  # in her thread
    await posting.reply(cat, opening, "My grief was like that.", key())
    await reactions.react(bob, opening, "hug")
    assert await notifications.unread_count(ann) == 0
    await posting.reply(cat, opening, "Slowly.", key())
    assert (await texts(ann))[0] == "cat replied to your post in Rough night"


async def test_reactions_are_grouped_while_unread():
    ann = await make_user("ann")
    _, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    reply = await posting.reply(ann, opening, "Later: slept a bit.", key())
    for name in ("bob", "cat", "dee"):
        await reactions.react(await make_user(name), reply.id, "hug")
    await reactions.react(await make_user("eve"), reply.id, "thank_you")
    assert await texts(ann) == [
        "eve said thank you for your reply in Rough night",
        "3 people sent a hug to your reply in Rough night",
    ]
    assert await notifications.mark_read(ann) == 2
    await reactions.react(await make_user("fay"), reply.id, "hug")
    assert (await texts(ann))[0] == "fay sent a hug to your reply in Rough night"


async def test_a_moderator_removing_a_post_tells_its_author_why():
    ann, bob = await make_user("ann"), await make_user("bob")
    mod = await make_user("mod", Role.MODERATOR)
    _, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    reply = await posting.reply(bob, opening, "Something unkind.", key())
    await posting.remove_post(mod, reply.id, "please be kind")
    [told] = (await notifications.inbox(bob)).items
    assert told.kind is NotificationKind.REMOVAL
    assert told.text == "A moderator removed your reply in Rough night: please be kind"
    assert told.post_id == reply.id


async def test_the_inbox_is_newest_first_a_page_at_a_time_and_marks_read():
    ann = await make_user("ann")
    _, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    start = clock.now()
    for n in range(5):
        with clock.moved(lambda n=n: start + timedelta(minutes=n)):
            await posting.reply(await make_user(f"friend{n}"), opening, f"Reply {n}", key())
    first = await notifications.inbox(ann, limit=3)
    rest = await notifications.inbox(ann, first.next_cursor, limit=3)
    names = [n.who for n in first.items + rest.items]
    assert names == [f"friend{n}" for n in range(4, -1, -1)] and rest.next_cursor is None
    assert not any(n.read for n in first.items)
    await notifications.mark_read(ann, first.items[0].id)
    assert await notifications.unread_count(ann) == 4
    await notifications.mark_read(ann)
    assert await notifications.unread_count(ann) == 0
    assert all(n.read for n in (await notifications.inbox(ann)).items)


async def test_guests_have_no_notifications_and_cannot_follow():
    ann = await make_user("ann")
    thread_id, _ = await make_thread(ann)
    assert (await notifications.inbox(GUEST)).items == []
    assert await notifications.unread_count(GUEST) == 0
    with pytest.raises(PermissionDenied):
        await follows.toggle(GUEST, thread_id)
