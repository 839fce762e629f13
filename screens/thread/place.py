"""Where the reader is in a thread: the post the keys are on and the row it shows at, kept
while posts change around it (a reply arriving above, a reload).

Without this, a reply written to a post above the ones on screen pushes everything the
reader is looking at down by its height, and a reload may bring the focused post into view
at another row. Heights are known only once the screen has laid the new posts out, so the
row is put back after the next refresh. A screen under another one (a compose screen over
the thread) is not laid out at all: nothing moves on screen, and nothing is put back.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import VerticalScroll
from textual.screen import Screen

from screens.widgets.post import PostWidget


@dataclass(frozen=True)
class Place:
    post_id: int
    """The post the keys are on."""
    path: str
    """Its place in the thread's reading order: posts before it have lesser paths."""
    row: int
    """The screen row its top is at (above the viewport when it is scrolled past)."""


def place_of(screen: Screen[object]) -> Place | None:
    """Where the reader is now, if the screen shows a focused post."""
    focused = screen.focused
    if not screen.is_current or not isinstance(focused, PostWidget):
        return None
    region = focused.region
    return Place(focused.post.id, focused.post.path, region.y) if region else None


async def keep(screen: Screen[object], posts: dict[int, PostWidget], place: Place | None) -> None:
    """Once the screen is laid out again, scroll so that the reader's post is back at its
    row: what they were reading stays still. Call from a worker, after the change."""
    if place is None or not screen.is_current:
        return
    await screen.wait_for_refresh()
    widget = posts.get(place.post_id)
    if widget is None or not widget.is_attached or not (region := widget.region):
        return
    if moved := region.y - place.row:
        scroll = screen.query_one("#posts", VerticalScroll)
        scroll.scroll_to(y=scroll.scroll_y + moved, animate=False, immediate=True)
