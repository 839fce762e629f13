"""The signed-in person's own account changed in another session: a moderator suspended
them or lifted it, an admin gave them a new role. The keys a screen offers follow at once:
posting keys go with a suspension and come back when it is lifted, staff keys come and go
with the role."""

from __future__ import annotations

from textual.dom import DOMNode

from models.actor import Actor
from models.changes import Change, Kind
from screens.session import actor_of, refresh_actor
from screens.widgets.top_bar import TopBar


def about_me(node: DOMNode, change: Change) -> bool:
    """Whether ``change`` is a change to the account of whoever uses ``node``'s app."""
    actor = actor_of(node.app)
    return change.kind is Kind.PERSON and not actor.is_guest and change.user_id == actor.id


async def follow_actor(node: DOMNode) -> Actor:
    """Ask the domain who the person is now; ``node``'s screen offers the keys that person
    has, and its top bar shows their role.

    Only the screen in front asks. One behind a compose screen or a dialog asks when it
    comes back (each reloads then): an account closed in another session signs this one
    out, and that must not throw away what the person is writing.
    """
    if not node.screen.is_active:
        return actor_of(node.app)
    actor = await refresh_actor(node.app)
    for bar in node.screen.query(TopBar):
        bar.refresh_who()
    node.screen.refresh_bindings()
    return actor
