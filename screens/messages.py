"""Every message the screens send to the app, in one place.

Screens never switch the whole app on their own: they say what happened and the app
(forum/app.py) decides where to go, so the SSH server and the local terminal share one
flow.
"""

from __future__ import annotations

from textual.message import Message

from models.actor import Actor


class SignedIn(Message):
    """Someone signed in, registered, or chose to browse as a guest."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        """Who is acting from now on (``GUEST`` for read-only browsing)."""


class SignInRequested(Message):
    """A guest asked to sign in or create an account."""

    def __init__(self, register: bool = False) -> None:
        super().__init__()
        self.register = register
        """Open the create-account form rather than the sign-in form."""


class SignOutRequested(Message):
    """The signed-in person asked to sign out."""


class GetHelpRequested(Message):
    """Open the get-help-now screen (from a button or link inside a screen)."""
