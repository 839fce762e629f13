"""The forum's accounts behind the SSH server: who gets in, and which app they get.

`ssh NAME@host` signs in to the account NAME with its password (checked off the event
loop by the domain) or with one of its SSH keys; `ssh new@host` opens sign-up and
`ssh guest@host` read-only browsing, both without a password.
"""

from __future__ import annotations

import logging
from typing import Any

import asyncssh

from forum.ssh.logtext import quoted
from forum.ssh.session import SessionInfo
from models import accounts, keys, text
from models.actor import Actor
from models.errors import AuthenticationFailed, ForumError

logger = logging.getLogger("forum.ssh")

SIGN_UP = "new"
"""The user name that opens the sign-up form."""
GUEST = "guest"
"""The user name that opens read-only browsing."""
BANNER = (
    "forum: sign in with the password or SSH key of the name you gave.\n"
    f"No account yet? Connect again as {SIGN_UP}@ (same host and port) to create one,\n"
    f"or as {GUEST}@ to read without one.\n"
)
"""What `ssh` shows before asking a password: a newcomer who typed `ssh -p PORT host`
would otherwise see only a password prompt for their own login name."""


def _special(username: str) -> str | None:
    name = username.strip().casefold()
    return name if name in (SIGN_UP, GUEST) else None


def _could_be_an_account(username: str) -> bool:
    """Whether any account can have this name. Others (an ssh client sends up to 1,023
    characters) are refused without a lookup, which would fail on the column's size."""
    return text.USERNAME_RE.fullmatch(text.username_key(username)) is not None


class ForumAuthenticator:
    """`forum.ssh.Authenticator` on the domain's accounts and keys.

    The principal of a signed-in user is their `models.actor.Actor`. A domain error
    (such as a user name the domain refuses to look up) means "not accepted", never a
    crash; anything else (the database is down) propagates, and the server logs it and
    refuses that attempt.
    """

    banner = BANNER

    async def no_auth(self, username: str) -> bool:
        return _special(username) is not None

    async def has_keys(self, username: str) -> bool:
        if not _could_be_an_account(username):
            return False
        try:
            return await keys.has_keys(username)
        except ForumError:
            return False

    async def password(self, username: str, password: str) -> Actor | None:
        if not _could_be_an_account(username):
            return None
        try:
            return await accounts.sign_in(username, password)
        except ForumError:
            return None

    async def public_key(self, username: str, key: asyncssh.SSHKey) -> Actor | None:
        if not _could_be_an_account(username):
            return None
        try:
            return await keys.sign_in_with_key(username, key.get_fingerprint("sha256"))
        except ForumError:
            return None


def forum_app(info: SessionInfo) -> Any:
    """The app factory: a `ForumApp` for the signed-in person, sign-up, or a guest."""
    from forum.app import ForumApp

    if isinstance(info.principal, Actor):
        app = ForumApp(start=info.principal)
    elif _special(info.username) == SIGN_UP:
        app = ForumApp(start="sign-up")
    elif _special(info.username) == GUEST:
        app = ForumApp(start="guest")
    else:
        app = ForumApp(start="sign-in")  # not reached: every other name must authenticate

    async def password_sign_in(username: str, password: str) -> Actor:
        # Signing in inside the session (a guest's ctrl+o) goes through the same password
        # throttle as `ssh NAME@host`, or it would be a way around it.
        actor = await info.check_password(username, password)
        if not isinstance(actor, Actor):
            logger.info(
                "sign-in form: password refused for %s from %s", quoted(username), info.peer[0]
            )
            raise AuthenticationFailed()
        logger.info("sign-in form: %s signed in from %s", quoted(username), info.peer[0])
        return actor

    app.password_sign_in = password_sign_in
    app.link_opener = info.open_link
    return app
