"""Live updates in one session: the changes committed anywhere, applied where they show.

The app hears every committed change (``models.changes``) as a :class:`Changed` message to
itself, and offers it to each :class:`LiveUpdates` on its screens (:func:`offer`). A
screen or widget that shows something that can change makes one, saying which changes
concern it and how to apply them. Changes that come in a burst are gathered and applied
together, a quarter of a second after the first: one reload per screen per burst, however
many people replied at once.

Nothing here polls: a one-shot timer runs only after a change arrived.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from textual.app import App
from textual.dom import DOMNode
from textual.message import Message
from textual.timer import Timer

from models.changes import Change, Kind

DELAY = 0.25
"""Seconds from the first change of a burst to applying the burst."""


class Changed(Message):
    """A change was committed (in this process, or another on the same database)."""

    def __init__(self, change: Change) -> None:
        super().__init__()
        self.change = change
        """What changed: ids only; ask the domain for what this reader may see of it."""


class Apply(Protocol):
    def __call__(self, changes: list[Change], /) -> object: ...


class LiveUpdates:
    """The changes one node shows, gathered and applied at most once per :data:`DELAY`.

    Made in the node's ``__init__``; :meth:`start` on mount, :meth:`stop` on unmount.
    ``apply`` gets the burst's changes, in order, and usually starts a worker that asks
    the domain again. An ``EVERYTHING`` change (some may have been missed) always
    concerns the node: ``apply`` should then reload all it shows.

    ``while_covered=False``: the node's screen reloads all it shows each time it is
    shown again, so while another screen covers it (nothing of it can be seen) changes
    are not applied: under an open thread, each reply was otherwise counted on the board
    and the boards screen behind it, in every session, for nobody to see.
    """

    def __init__(
        self,
        node: DOMNode,
        concerns: Callable[[Change], bool],
        apply: Apply,
        *,
        while_covered: bool = True,
    ) -> None:
        self.node = node
        self.concerns = concerns
        self.apply = apply
        self.while_covered = while_covered
        self.pending: list[Change] = []
        """Changes heard since the last apply."""
        self._timer: Timer | None = None

    def start(self) -> None:
        _registry(self.node).add(self)

    def stop(self) -> None:
        _registry(self.node).discard(self)
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.pending.clear()

    def offer(self, change: Change) -> None:
        if not self.while_covered and not self.node.screen.is_current:
            return  # reloaded when shown again
        if change.kind is not Kind.EVERYTHING and not self.concerns(change):
            return
        if change not in self.pending:
            self.pending.append(change)
        if self._timer is None:
            self._timer = self.node.set_timer(DELAY, self._flush, name="live updates")

    def _flush(self) -> None:
        self._timer = None
        changes, self.pending = self.pending, []
        if changes:
            self.apply(changes)


def offer(app: App, change: Change) -> None:
    """Hand ``change`` to every live node of ``app``'s screens."""
    for live in list(_of_app(app)):
        live.offer(change)


def everything(changes: list[Change]) -> bool:
    """Whether a burst says changes may have been missed (reload all that is shown)."""
    return any(change.kind is Kind.EVERYTHING for change in changes)


def _registry(node: DOMNode) -> set[LiveUpdates]:
    return _of_app(node.app)


def _of_app(app: App) -> set[LiveUpdates]:
    live: set[LiveUpdates] | None = getattr(app, "live_nodes", None)
    if live is None:
        live = set()
        app.live_nodes = live  # type: ignore[attr-defined]
    return live
