"""Supportive reactions under a post: hug, me too, thank you, I hear you.

Counts are shown, one of each kind per person; there are no downvotes and no scores.
Drawn as one line of text rather than buttons: a thread holds hundreds of posts and
Textual's cost is per widget. Keys 1-4 on a post toggle yours; ``a`` opens a picker.
"""

from __future__ import annotations

from textual.content import Content

from models.enums import ReactionKind
from models.reactions import LABELS

KINDS: tuple[ReactionKind, ...] = (
    ReactionKind.HUG,
    ReactionKind.ME_TOO,
    ReactionKind.THANK_YOU,
    ReactionKind.HEAR_YOU,
)
"""In the order of their keys, 1 to 4."""


def reaction_line(counts: dict[ReactionKind, int], mine: set[ReactionKind]) -> Content | None:
    """``♥ hug 2 · me too 1 (yours)``, or None when nobody has reacted."""
    parts: list[Content] = []
    for kind in KINDS:
        n = counts.get(kind, 0)
        if not n:
            continue
        own = kind in mine
        parts.append(
            Content.assemble(
                (LABELS[kind], "bold $text-accent" if own else "$text-secondary"),
                f" {n}",
                (" (yours)" if own else "", "italic $text-muted"),
            )
        )
    if not parts:
        return None
    out: list[Content | tuple[str, str]] = [("♥ ", "$accent")]
    for i, part in enumerate(parts):
        if i:
            out.append((" · ", "dim"))
        out.append(part)
    return Content.assemble(*out)
