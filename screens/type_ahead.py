"""Keys typed ahead of a focus change go to the field the person meant.

Textual's App reads each key from its queue and posts it to the widget focused at that
moment; the widget handles it later, from its own queue. Enter in a field (Input's
`Submitted`) and tab (a binding run when the key bubbles up from the field) move the
focus only once the field has handled the key, by which time the App has already posted
the keys typed after it to the same field. A burst such as `ann⏎password⏎`, sent by a
password manager or by a fast typist on a slow link, then put the password in clear in
the username field.

A form screen's priority bindings run while the App itself reads the key, before it
reads the next one, so moving the focus there sends every later key to the new field.
"""

from __future__ import annotations

from typing import ClassVar

from textual.actions import SkipAction
from textual.binding import Binding
from textual.screen import Screen, ScreenResultType
from textual.widgets import Input


class TypeAheadForm(Screen[ScreenResultType]):
    """A screen of fields where tab, shift+tab and enter move the focus at once (subclasses'
    BINDINGS add to these). Enter moves as ``ENTER_MOVES`` says; where it does not, the
    key goes on to the field as usual (its ``Submitted``)."""

    ENTER_MOVES: ClassVar[dict[str, str] | None] = None
    """Field id → the id of the field enter moves to. None: each Input moves to the next
    one, and enter in the last submits."""

    BINDINGS = [
        Binding("enter", "next_field", show=False, priority=True),
        Binding("tab", "move_focus(1)", show=False, priority=True),
        Binding("shift+tab", "move_focus(-1)", show=False, priority=True),
    ]

    def action_next_field(self) -> None:
        focused = self.focused
        if not isinstance(focused, Input):
            raise SkipAction()  # the key goes on to the focused widget as usual
        if self.ENTER_MOVES is not None:
            target = self.ENTER_MOVES.get(focused.id or "")
            if target is None:
                raise SkipAction()
            self.set_focus(self.query_one(f"#{target}", Input))
            return
        fields = [i for i in self.query(Input) if i.focusable]
        if focused not in fields or focused is fields[-1]:
            raise SkipAction()
        self.set_focus(fields[fields.index(focused) + 1])

    def action_move_focus(self, step: int) -> None:
        # Screen.focus_next/previous call set_focus at once; Widget.focus would wait.
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()
