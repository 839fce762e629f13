"""A screen is drawn once as it opens, not once and then again.

Textual draws a new screen in full with its first layout, then drew most of it again on
the next tick: the redraws its widgets asked for as they were mounted, styled and
focused reached the screen after that first drawing (see ``lay_out_new_screens_once``
in screens/textual_compat.py). Over SSH that was every first screen sent twice, for each
person who connected.
"""

from __future__ import annotations

from textual._compositor import Compositor

from forum.app import ForumApp
from screens.boards import BoardsScreen
from tests.ui.conftest import SIZE, settled_on


def record_drawing(monkeypatch) -> list[tuple[bool, int]]:
    """Each frame drawn from now on: whether it was drawn in full, and how many cells
    were drawn again (the screen's for a full one)."""
    frames: list[tuple[bool, int]] = []
    textuals = Compositor.render_update

    def render_update(self, full=False, screen_stack=None, simplify=False):
        whole = self.size.region
        in_full = full or whole in self._dirty_regions
        dirty = self._dirty_regions
        cells = whole.area if in_full else sum(r.intersection(whole).area for r in dirty)
        if cells:
            frames.append((in_full, cells))
        return textuals(self, full, screen_stack, simplify)

    monkeypatch.setattr(Compositor, "render_update", render_update)
    return frames


def redrawn_after_the_first(frames: list[tuple[bool, int]]) -> float:
    """How much of the screen the frames after the first full one drew, as a share."""
    first = next(i for i, (in_full, _) in enumerate(frames) if in_full)
    return sum(cells for _, cells in frames[first + 1 :]) / frames[first][1]


async def test_the_first_screen_is_drawn_once(db, monkeypatch):
    frames = record_drawing(monkeypatch)
    app = ForumApp(start="guest")
    async with app.run_test(size=SIZE) as pilot:
        await settled_on(pilot, BoardsScreen)
    # What is left is the lists' scroll bars, which show once the lists know how long
    # they are, and the footer's keys.
    assert redrawn_after_the_first(frames) < 0.15, frames
