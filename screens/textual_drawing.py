"""How the forum makes Textual draw less: every private part of Textual's compositor it
relies on, in one place (see screens/textual_compat.py, whose contract test checks the
names listed in `RELIED_ON` here too).

Textual 8.2 repaints more of the screen than changed and draws more of each repaint
than shows. A session's CPU goes mostly on drawing, and a change that reaches two hundred
people is drawn two hundred times, so both are cut here, with the same strips reaching
the terminal (tests/ui/test_textual_contract.py and tests/ssh/test_ssh_live_drawing.py
compare them with Textual's own).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any
from weakref import WeakKeyDictionary

from textual.geometry import Region, Size
from textual.widget import Widget

from screens.textual_private import Private

Layout = dict[Widget, Any]
"""Where the compositor put each widget: its region, paint order and clip."""

__all__ = [
    "RELIED_ON",
    "draw_only_what_shows",
    "repaint_only_what_changed",
    "scroll_bars_repaint_only_when_they_change",
]

RELIED_ON: tuple[Private, ...] = (
    Private("textual._compositor:Compositor", "class"),
    Private("textual._compositor:Compositor._render_chops", "method",
            ("self", "crop", "is_rendered_line")),
    Private("textual._compositor:Compositor._get_renders", "method", ("self", "crop")),
    Private("textual._compositor:Compositor.reflow", "method", ("self", "parent", "size")),
    Private("textual._compositor:Compositor._full_map", "attribute"),
    Private("textual._compositor:Compositor._dirty_regions", "attribute"),
    Private("textual.scroll_view:ScrollView._size_updated", "method",
            ("self", "size", "virtual_size", "container_size", "layout")),
    Private("textual.widget:Widget._size", "attribute"),
)  # fmt: skip
"""Every private Textual name used below; the contract test checks each one."""


# Drawing ------------------------------------------------------------------------------


def draw_only_what_shows() -> None:
    """Let Textual draw only the widgets that show where the screen changed.

    To draw a change, Textual 8.2's compositor cuts each line at every widget's edges
    and takes, for each piece, the front-most widget's strip: but it first draws and
    cuts every widget under the changed area, back to front, the boxes behind the text
    included. A thread's reply sits six boxes deep (screen, panes, scroll, tree, opening
    post, replies), so most of a frame went on pieces hidden behind the posts' text.
    Here a widget is drawn only on the lines where a piece is not yet taken by a widget
    in front of it (most boxes: their margins), and not at all when nothing of it shows:
    the same strips reach the terminal. Relies on: Compositor._render_chops(crop,
    is_rendered_line), which render_update and render_strips call for every frame, doing
    what Compositor._get_renders(crop) does to draw each visible widget, front first
    (`visible_widgets` is in that order), and `cuts`.
    """
    from textual._compositor import Compositor

    if getattr(Compositor._render_chops, "draws_only_what_shows", False):
        return

    def _render_chops(
        self: Compositor, crop: Region, is_rendered_line: Callable[[int], bool]
    ) -> list[dict[int, Any]]:
        cuts = self.cuts
        chops: list[dict[int, Any]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        overlaps = crop.overlaps
        for widget, (region, clip) in self.visible_widgets.items():
            if not overlaps(clip):
                continue
            x, y, width, height = region.intersection(clip)
            if not (width and height):
                continue
            right = x + width
            shown: list[tuple[int, list[int]]] = []  # (line, its cuts) with a piece free
            for line in range(y, y + height):
                if not is_rendered_line(line):
                    continue
                chops_line = chops[line]
                line_cuts = [cut for cut in cuts[line] if right >= cut >= x]
                if any(chops_line[cut] is None for cut in line_cuts[:-1]):
                    shown.append((line, line_cuts))
            for run in runs_of(shown):
                top = run[0][0]
                strips = widget.render_lines(Region(x - region.x, top - region.y, width, len(run)))
                for (line, line_cuts), strip in zip(run, strips, strict=False):
                    fill_free_pieces(chops[line], line_cuts, strip, x)
        return chops

    def runs_of(shown: list[tuple[int, list[int]]]) -> list[list[tuple[int, list[int]]]]:
        """The lines to draw in runs of consecutive lines: one render per run, so lines
        far apart (a header at the top, a reply at the foot) do not draw all between."""
        runs: list[list[tuple[int, list[int]]]] = []
        for entry in shown:
            if runs and runs[-1][-1][0] + 1 == entry[0]:
                runs[-1].append(entry)
            else:
                runs.append([entry])
        return runs

    def fill_free_pieces(
        chops_line: dict[int, Any], line_cuts: list[int], strip: Any, x: int
    ) -> None:
        """Give each free piece of a line its part of the strip, cut only where a free
        piece starts or ends (a strip cut at every edge on the line made most pieces just
        to throw them away)."""
        for start, end in pairwise(line_cuts):
            if chops_line[start] is None:
                chops_line[start] = strip.crop(start - x, end - x)

    _render_chops.draws_only_what_shows = True  # type: ignore[attr-defined]
    _render_chops.textuals = Compositor._render_chops  # type: ignore[attr-defined]
    Compositor._render_chops = _render_chops  # type: ignore[method-assign, assignment]


# Repainting -------------------------------------------------------------------------


def repaint_only_what_changed() -> None:
    """After a layout, let Textual repaint only the parts of the screen that changed.

    Textual 8.2's compositor repaints every widget whose place in the layout changed in
    any way: a reply added at the foot of a thread grows every box around it and renumbers
    the paint order of the posts after it, so the whole thread was drawn again and sent
    to the terminal for each reply that arrived. Here a widget is repainted only where
    what it shows can have changed: not at all when it kept its region and its visible
    part (a new paint number, a wider clip); only the rows gained or lost when a plain box
    (no top or bottom edge, drawing nothing but its background and side borders) only
    grew or shrank in height; and in full otherwise, as Textual does. When the paint order
    of the widgets themselves changed, Textual's own repaint stands. Relies on:
    Compositor.reflow(parent, size), which sets `_full_map` (widget -> MapGeometry with
    region, order and clip) and adds the areas to repaint to `_dirty_regions`.
    """
    from textual._compositor import Compositor

    if getattr(Compositor.reflow, "repaints_only_what_changed", False):
        return
    textuals = Compositor.reflow

    def reflow(self: Compositor, parent: Any, size: Size) -> Any:
        old_map, old_size = self._full_map, self.size
        pending = set(self._dirty_regions)
        result = textuals(self, parent, size)
        if old_map and size == old_size and size.region not in pending:
            changed = changed_areas(old_map, self._full_map)
            if changed is not None:
                self._dirty_regions.clear()
                self._dirty_regions.update(pending, changed)
        return result

    reflow.repaints_only_what_changed = True  # type: ignore[attr-defined]
    reflow.textuals = textuals  # type: ignore[attr-defined]
    Compositor.reflow = reflow  # type: ignore[method-assign]


def changed_areas(old: Layout, new: Layout) -> set[Region] | None:
    """The screen areas whose pixels can differ between two layouts (None: any)."""
    common = old.keys() & new.keys()
    if sorted(common, key=lambda w: old[w].order) != sorted(common, key=lambda w: new[w].order):
        return None
    areas: set[Region] = set()
    for widget in old.keys() | new.keys():
        before, after = old.get(widget), new.get(widget)
        if before == after:
            continue
        seen_before = before.clip.intersection(before.region) if before else None
        seen_after = after.clip.intersection(after.region) if after else None
        if before and after and seen_before is not None and seen_after is not None:
            if before.region == after.region and seen_before == seen_after:
                continue  # a new paint number or a wider clip: the same pixels
            if before.region.offset == after.region.offset and plain_box(widget):
                rows = rows_gained_or_lost(seen_before, seen_after)
                if rows is not None:
                    areas.add(rows)
                    continue
        areas.update(area for area in (seen_before, seen_after) if area)
    return areas


def rows_gained_or_lost(before: Region, after: Region) -> Region | None:
    """The rows between two heights of one visible part (None: it changed otherwise)."""
    if (before.x, before.y, before.width) != (after.x, after.y, after.width):
        return None
    low, high = sorted((before.height, after.height))
    return Region(before.x, before.y + low, before.width, high - low)


def plain_box(widget: Widget) -> bool:
    """Whether every row of the widget draws the same whatever its height: a container
    that draws only its background and side borders."""
    styles = widget.styles
    edges = (styles.border_top, styles.border_bottom, styles.outline_top, styles.outline_bottom)
    return (
        widget.is_container
        and type(widget).render is Widget.render
        and styles.keyline[0] == "none"
        and all(edge[0] in ("", "none", "hidden") for edge in edges)
        and styles.hatch in (None, "none")
    )


# Scroll bars --------------------------------------------------------------------------


def scroll_bars_repaint_only_when_they_change() -> None:
    """Let a list (a ScrollView: the boards, the threads of a board, the resources) that
    kept its size through a layout leave its scroll bar alone.

    Textual 8.2 hands each ScrollView, at every layout of its screen, the size of its
    region as its virtual size; a list's own virtual size is the height of its options,
    so the two always differ, and the list recomputed its scroll bar and repainted it,
    with the column of the list under it, each time anything on the screen was laid out:
    each reply that reached a thread redrew the resources pane's scroll bar in a frame of
    its own, in every session watching. Here, when the list's size, its container's size
    and its own virtual size are as at its last update, nothing is done (a list whose
    options change updates its scroll bar itself). Relies on:
    ScrollView._size_updated(size, virtual_size, container_size, layout), which the
    screen calls for every widget it placed, and Widget._size, the size it was given.
    """
    from textual.scroll_view import ScrollView

    textuals = ScrollView._size_updated
    if getattr(textuals, "repaints_only_when_changed", False):
        return
    updated_at: WeakKeyDictionary[ScrollView, tuple[Any, ...]] = WeakKeyDictionary()

    def _size_updated(
        self: ScrollView, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        now = (size, container_size, self.virtual_size)
        if self._size == size and updated_at.get(self) == now:
            return False  # as Textual returns when the size is the same
        updated_at[self] = now
        return textuals(self, size, virtual_size, container_size, layout)

    _size_updated.repaints_only_when_changed = True  # type: ignore[attr-defined]
    ScrollView._size_updated = _size_updated  # type: ignore[method-assign]


draw_only_what_shows()
repaint_only_what_changed()
scroll_bars_repaint_only_when_they_change()
