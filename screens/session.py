"""What every screen asks about the session: who is acting, what they may do, and how
to say that something went wrong.

Screens reach the app only through ``self.app`` (duck-typed: any App with an ``actor``
attribute), so the screens package never imports the forum package.

Something going wrong is classified once, here (:func:`problem`), and logged on
``forum.screens``, which reaches the server's log (and the local app's log file):

- a ``ForumError`` is the domain refusing: its own words are shown, and it is not logged
  above DEBUG;
- the database or the network failing (``models.outages.is_outage``) shows
  :data:`UNREACHABLE` and is one WARNING line;
- anything else is a bug: it is logged at ERROR with its traceback, and the person is told
  so (:data:`BROKEN`), not that the forum could not be reached.

A worker uses :func:`reported` instead of a ``try``/``except`` of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Concatenate, ParamSpec, TypeVar

from textual.app import App
from textual.css.query import NoMatches
from textual.dom import DOMNode, NoScreen

from models import clock
from models.actor import GUEST, Actor
from models.errors import AccountClosed, ForumError
from models.policy import Action, Context, allowed
from screens.messages import SignOutRequested

log = logging.getLogger("forum.screens")

UNREACHABLE = "The forum could not be reached just now. Nothing was lost: try again."
"""Shown when the database or the network failed."""
BROKEN = "Something went wrong on our side; it has been logged."
"""Shown for a bug: honest, and the log has the traceback."""

Node = TypeVar("Node", bound=DOMNode)
Args = ParamSpec("Args")
Result = TypeVar("Result")


async def database(app: App, within: float | None = None) -> bool:
    """Wait until the database is open (at most ``within`` seconds); whether it is.

    The local terminal opens it while the sign-in screen is already showing, so the first
    screen comes up sooner; the app says so with an ``asyncio.Event`` in
    ``app.database_ready``. The screens a person can reach before then wait here.
    """
    ready = getattr(app, "database_ready", None)
    if ready is not None and not ready.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(ready.wait(), within)
    return ready is None or ready.is_set()


def actor_of(app: App) -> Actor:
    """The person using this app (each SSH session has its own app and actor)."""
    return getattr(app, "actor", GUEST)


async def refresh_actor(app: App) -> Actor:
    """Ask the domain who the person is now and remember it.

    A moderator may suspend someone (or an admin change their role) while their session
    is open; the screens that load data call this so the controls offered, and the notice
    a suspended person sees, follow at once. An account deleted in another session signs
    this one out.
    """
    from models import accounts  # loads the ORM: not needed for the first screen

    actor = actor_of(app)
    if actor.is_guest:
        return actor
    try:
        fresh = await accounts.current(actor)
    except AccountClosed:  # deleted in another session: this one signs out too
        app.post_message(SignOutRequested())
        return GUEST
    except Exception as error:
        problem(error)  # logged; the domain checks again on every write
        return actor
    if fresh != actor and hasattr(app, "actor"):
        app.actor = fresh  # type: ignore[attr-defined]
    return fresh


def may(app: App, action: Action, context: Context | None = None) -> bool:
    """Whether to offer ``action`` at all; the domain checks again when it is done."""
    return allowed(actor_of(app), action, context or Context(), clock.now())


async def attempt(node: DOMNode, write: Awaitable[object]) -> bool:
    """Await ``write`` (a call into the domain); if it is refused or fails, tell the person
    why in a notification and return False."""
    try:
        await write
    except Exception as error:
        node.notify(_explained(error, type(node).__name__), severity="error", markup=False)
        return False
    return True


def flag_notice(flag: str, value: bool) -> str:
    """What to say after pinning, unpinning, locking or unlocking a thread."""
    verbs = {"pinned": ("Unpinned", "Pinned"), "locked": ("Unlocked", "Locked")}
    return f"{verbs[flag][value]} the thread."


def problem(error: BaseException) -> str:
    """A sentence fit to show for ``error``, which is logged as its kind deserves (see the
    module's docstring). Call it once for each error: each call logs."""
    return _explained(error, _caught_in(error))


def reported(
    worker: Callable[Concatenate[Node, Args], Awaitable[Result]],
) -> Callable[Concatenate[Node, Args], Coroutine[Any, Any, Result | None]]:
    """For a screen's (or widget's) async worker, under ``@work``: whatever the worker
    raises is classified and logged (see :func:`problem`) and shown where the node shows
    its problems (:func:`report`), and the worker ends there, returning None.

    Cancellation is not an ``Exception`` and goes through: an exclusive worker replaced by
    a newer one, or a screen closed, says nothing."""

    @functools.wraps(worker)
    async def run(node: Node, *args: Args.args, **kwargs: Args.kwargs) -> Result | None:
        try:
            return await worker(node, *args, **kwargs)
        except Exception as error:
            where = f"{type(node).__name__}.{worker.__name__}"
            if not closing(node):
                report(node, error, where)
            elif isinstance(error, NoMatches):  # its widgets were taken away first
                log.debug("%s ended as its screen closed: %s", where, error)
            else:
                _explained(error, where)  # logged; there is nothing left to show it on
            return None

    return run


def closing(node: DOMNode) -> bool:
    """Whether ``node``'s screen is going away (closed, or the app ending). Textual takes
    a closing screen's widgets away before it stops the screen's workers, so a worker
    that ends in between finds its widgets gone."""
    app = node.app
    if not app.is_running:
        return True
    try:
        return node.screen not in app.screen_stack
    except NoScreen:
        return True


def report(node: DOMNode, error: BaseException, where: str | None = None) -> None:
    """Log ``error`` (see :func:`problem`) and tell the person: through ``node``'s
    ``show_problem(text)`` method when it has one (a status line, a dialog's error line),
    else in a notification."""
    text = _explained(error, where or type(node).__name__)
    show: Callable[[str], object] | None = getattr(node, "show_problem", None)
    if show is not None:
        show(text)
    else:
        node.notify(text, severity="error", markup=False)


def _explained(error: BaseException, where: str | None) -> str:
    at = f" in {where}" if where else ""
    if isinstance(error, ForumError):
        log.debug("refused%s: %s", at, error.message)
        return error.message
    from models.outages import describe, is_outage  # loads the ORM: only once needed

    if is_outage(error):
        log.warning("could not reach the database%s: %s", at, describe(error))
        return UNREACHABLE
    log.error("unexpected error%s: %s", at, describe(error), exc_info=error)
    return BROKEN


def _caught_in(error: BaseException) -> str | None:
    """The function that caught ``error``: the outermost frame of its traceback."""
    trace = error.__traceback__
    return trace.tb_frame.f_code.co_qualname if trace is not None else None
