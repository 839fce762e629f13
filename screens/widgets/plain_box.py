"""A box that draws nothing of its own but its background and its side borders."""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical
from textual.css.scalar import Unit
from textual.geometry import Region, Size
from textual.layout import DockArrangeResult


class PlainBox(Vertical):
    """A vertical box of posts that is not drawn again when its children change.

    Textual repaints a container in full whenever a child is mounted in it or its layout
    is refreshed, although a box that draws only its background and side borders looks
    the same afterwards: a reply that arrived repainted the whole thread around it. Here
    a refresh that asks for a layout repaints the box only if how it looks (its colours
    and side borders) changed since it was last painted; the layout itself repaints what
    moved (see ``repaint_only_what_changed`` in screens.textual_drawing).

    Its children must be of auto or fixed height: it is laid out as if it had no height
    of its own (see :meth:`get_content_height`).
    """

    _painted_as: tuple[Any, ...] | None = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Its height, laid out as if its own box had no height: with children whose
        height does not depend on it, that is the same height, and the layout Textual
        keeps for it stays good while the box around it grows. (Textual lays out a box
        of auto-height children at the height of the box around it, so each reply that
        grew a branch laid out every post of the branch again.)"""
        if self._height_free():
            container = Size(container.width, 0)
        return super().get_content_height(container, viewport, width)

    def arrange(self, size: Size, optimal: bool = False) -> DockArrangeResult:
        """Its children's places: the same at any height of its own, so the layout made
        to learn its height is the one used to place them (one layout, not two)."""
        if self._height_free():
            size = Size(size.width, 0)
        return super().arrange(size, optimal)

    def _height_free(self) -> bool:
        """Whether where its children go does not depend on its own height: true of a
        box whose children are of auto or fixed height (the posts, their text and their
        replies are; tests/ui/test_plain_boxes.py checks every box of a thread), unless
        it aligns them to its middle or foot. Not worked out from the children each
        time: Textual asks at every layout, and a box can hold hundreds of replies."""
        return self.styles.align_vertical == "top"

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> PlainBox:
        if repaint and not regions and not recompose:
            look = self._look()
            if layout and look == self._painted_as:
                repaint = False
            self._painted_as = look
        super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        return self

    def _look(self) -> tuple[Any, ...]:
        styles = self.styles
        return (
            self.background_colors,
            styles.border_left,
            styles.border_right,
            styles.outline_left,
            styles.outline_right,
            styles.opacity,
        )


def depends_on_box(styles: Any) -> bool:
    """Whether a child's height (or its bounds) is given relative to the box it is in."""
    scalars = (styles.height, styles.min_height, styles.max_height)
    return any(s is not None and s.unit not in (Unit.AUTO, Unit.CELLS) for s in scalars)
