"""How a module that reaches into Textual names each private part it relies on (see
screens/textual_compat.py and screens/textual_drawing.py, and their contract test)."""

from __future__ import annotations

from typing import NamedTuple


class Private(NamedTuple):
    """One private part of Textual a module relies on."""

    path: str
    """``module:Class.name`` or ``module:name``."""
    kind: str
    """"method" (checked with its parameters), "cached method" (an lru_cache on a plain
    method), "handler" (an event handler a class defines itself), "attribute" (set in the
    class's ``__init__``), "property", "class", "function" (a module's) or "context variable"."""
    params: tuple[str, ...] = ()
    """A method's parameters, ``self`` first."""
