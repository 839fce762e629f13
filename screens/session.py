"""What every screen asks about the session: who is acting, what they may do, and how
to say that something went wrong.

Screens reach the app only through ``self.app`` (duck-typed: any App with an ``actor``
attribute), so the screens package never imports the forum package.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable

from textual.app import App
from textual.dom import DOMNode

from models import clock
from models.actor import GUEST, Actor
from models.errors import AccountClosed, ForumError
from models.policy import Action, Context, allowed
from screens.messages import SignOutRequested

UNREACHABLE = "The forum could not be reached just now. Nothing was lost: try again."


async def database(app: App, within: float | None = None) -> None:
    """Wait until the database is open.

    The local terminal opens it while the sign-in screen is already showing, so the first
    screen comes up sooner; the app says so with an ``asyncio.Event`` in
    ``app.database_ready``. The screens a person can reach before then wait here.
    """
    ready = getattr(app, "database_ready", None)
    if ready is not None and not ready.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(ready.wait(), within)


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
    except Exception:
        return actor  # the domain checks again on every write
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
        node.notify(problem(error), severity="error", markup=False)
        return False
    return True


def flag_notice(flag: str, value: bool) -> str:
    """What to say after pinning, unpinning, locking or unlocking a thread."""
    verbs = {"pinned": ("Unpinned", "Pinned"), "locked": ("Unlocked", "Locked")}
    return f"{verbs[flag][value]} the thread."


def problem(error: BaseException) -> str:
    """A sentence fit to show for ``error``: the domain's own words, or a calm fallback."""
    if isinstance(error, ForumError):
        return error.message
    return UNREACHABLE
