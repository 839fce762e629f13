"""The thread's boxes lay their children out the same at any height of their own, which
is what lets them skip Textual's second layout (screens/widgets/plain_box.py)."""

from __future__ import annotations

from forum.app import ForumApp
from models import posting, reactions
from screens.widgets.plain_box import PlainBox, depends_on_box
from tests.helpers import key, make_thread, make_user
from tests.ui.conftest import SIZE
from tests.ui.test_thread_regressions import open_thread


async def test_every_box_of_a_thread_holds_children_of_their_own_height(db):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, opening = await make_thread(ann, "Rough night", "I could *not* sleep.")
    await reactions.react(bob, opening, "hug")  # a line of reactions under the post
    parent = opening
    for depth in range(8):  # past the nesting cap, where replies sit side by side
        body = f"Reply at depth {depth}." if depth % 2 else f"> quoted, at depth {depth}"
        parent = (await posting.reply(bob, parent, body, key())).id
    app = ForumApp(start=ann)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_thread(app, pilot, thread_id)
        boxes = list(screen.query(PlainBox))
        assert len(boxes) >= 10  # the tree, each post, each replies box
        children = [child for box in boxes for child in box.displayed_children]
        assert {type(child).__name__ for child in children} >= {"PostText", "PostMarkdown"}
        assert [child for child in children if depends_on_box(child.styles)] == []
