"""What is drawn again, and when: a screen once as it opens, not once and then again; a
reply that reaches an open thread in one frame, where it goes.

Textual draws a new screen in full with its first layout, then drew most of it again on
the next tick: the redraws its widgets asked for as they were mounted, styled and
focused reached the screen after that first drawing (see ``lay_out_new_screens_once``
in screens/textual_compat.py). Over SSH that was every first screen sent twice, for each
person who connected. And at every layout it repainted each list's scroll bar (see
``scroll_bars_repaint_only_when_they_change`` in screens/textual_drawing.py): each
reply reaching a thread redrew the resources pane's in a frame of its own.
"""

from __future__ import annotations

from typing import NamedTuple

from textual._compositor import Compositor
from textual.geometry import Region

from forum.app import ForumApp
from models import posting
from screens.boards import BoardsScreen
from screens.resources_pane import ResourcesPane
from screens.thread import ThreadScreen, show_thread
from tests.helpers import key, make_thread, make_user
from tests.ui.conftest import SIZE, screen_text, settle, settled_on


class Frame(NamedTuple):
    in_full: bool
    areas: list[Region]
    """The parts of the screen drawn again (the whole screen for a full frame)."""

    @property
    def cells(self) -> int:
        return sum(area.area for area in self.areas)


def record_drawing(monkeypatch) -> list[Frame]:
    """Each frame drawn from now on."""
    frames: list[Frame] = []
    textuals = Compositor.render_update

    def render_update(self, full=False, screen_stack=None, simplify=False):
        whole = self.size.region
        in_full = full or whole in self._dirty_regions
        areas = [whole] if in_full else [r.intersection(whole) for r in self._dirty_regions]
        if any(areas):
            frames.append(Frame(in_full, areas))
        return textuals(self, full, screen_stack, simplify)

    monkeypatch.setattr(Compositor, "render_update", render_update)
    return frames


def redrawn_after_the_first(frames: list[Frame]) -> float:
    """How much of the screen the frames after the first full one drew, as a share."""
    first = next(i for i, frame in enumerate(frames) if frame.in_full)
    return sum(frame.cells for frame in frames[first + 1 :]) / frames[first].cells


async def test_the_first_screen_is_drawn_once(db, monkeypatch):
    frames = record_drawing(monkeypatch)
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
    # What is left is the lists' scroll bars, which show once the lists know how long
    # they are, and the footer's keys.
    assert redrawn_after_the_first(frames) < 0.15, frames


async def test_a_reply_that_arrives_is_drawn_in_one_frame_and_leaves_the_pane_alone(
    db, monkeypatch, held_timers
):
    ann, bob = await make_user("ann"), await make_user("bob")
    thread_id, opening = await make_thread(ann, "Rough night", "I could not sleep.")
    last = (await posting.reply(bob, opening, "Same here.", key())).id
    app = ForumApp(start="guest")
    async with app.run_test(size=(100, 30)) as pilot:  # the resources pane scrolls
        await settled_on(pilot, BoardsScreen)
        await show_thread(app, thread_id)
        thread = await settled_on(pilot, ThreadScreen)
        await settle(pilot)
        pane = thread.query_one(ResourcesPane).region
        frames = record_drawing(monkeypatch)
        await posting.reply(bob, last, "Still awake.", key())
        await held_timers.run(pilot)
        assert "Still awake." in screen_text(app)
    assert len(frames) == 1, frames
    assert not any(area.overlaps(pane) for area in frames[0].areas), (pane, frames)
