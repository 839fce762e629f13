"""Lists that load a page at a time (threads, reports, the audit log) in an OptionList:
a rule between items, and a last "… more" row while another page waits."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

MORE = "more"
"""The id of the "… more" row: selecting or reaching it loads the next page."""


def add_page(options: OptionList, items: Iterable[tuple[Content, str]], more: str | None) -> None:
    """Append (prompt, option id) items after the ones shown, replacing the old "more" row;
    ``more`` is the new row's words, or None when this was the last page."""
    if options.option_count and options.get_option_at_index(-1).id == MORE:
        options.remove_option_at_index(options.option_count - 1)
    new: list[Option | None] = []
    for prompt, option_id in items:
        if options.option_count or new:
            new.append(None)  # a rule between items
        new.append(Option(prompt, id=option_id))
    if more is not None:
        new.append(Option(Content.styled(more, "italic $text-muted"), id=MORE))
    options.add_options(new)
