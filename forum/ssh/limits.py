"""The limits that keep one SSH server usable when clients misbehave.

asyncssh enforces the login timeout and the keepalive itself; everything else here
(attempt cap, per-address cap, password throttle, session cap, output bound) is built in
this package because asyncssh 2.24 has no option for it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Per-server limits. Every one of them is logged on logger "forum.ssh" when it bites."""

    max_auth_attempts: int = 6
    """Failed authentication attempts (passwords and rejected keys) allowed on one
    connection; the connection is closed after the last one."""

    login_timeout: float = 30.0
    """Seconds a connection may take to authenticate (asyncssh's default is 120)."""

    password_throttle_after: int = 5
    """Failed passwords for one account before further attempts for it are delayed."""

    password_throttle_base: float = 1.0
    """Delay in seconds before the first throttled attempt; it doubles with each further
    failure. A success resets it, so it is never a permanent lock."""

    password_throttle_max: float = 30.0
    """Longest delay before a password check, in seconds."""

    password_throttle_forget: float = 3600.0
    """Seconds after the last failure when an account's failure count is forgotten."""

    max_unauthenticated_per_address: int = 10
    """Connections from one address that may be open and not yet signed in, counted over
    every server process and host on the database."""

    keepalive_interval: float = 15.0
    """Seconds between keepalive requests to a signed-in client."""

    keepalive_count_max: int = 4
    """Unanswered keepalives after which the client is taken for dead (about a minute)."""

    max_sessions: int = 500
    """Sessions running at once, counted over every server process and host on the
    database; past it a newcomer is told politely and disconnected."""

    max_sessions_per_connection: int = 4
    """Sessions one connection may run at once (one `ssh` opens one; multiplexing
    clients may open more). Keeps one signed-in client from taking every place."""

    write_buffer_high: int = 256 * 1024
    """Bytes waiting for a slow client above which screen updates are dropped (a full
    repaint is sent once the client catches up)."""

    write_buffer_low: int = 64 * 1024
    """Bytes waiting below which a client that fell behind counts as caught up."""

    output_stall_timeout: float = 120.0
    """Seconds a client may stay behind (not reading its output) before its session ends."""

    max_columns: int = 1000
    """Widest terminal accepted; larger sizes are clamped (rendering cost grows with area)."""

    max_rows: int = 500
    """Tallest terminal accepted; larger sizes are clamped."""

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if value <= 0:
                raise ValueError(f"{name} must be more than 0, not {value}")
        if self.write_buffer_low > self.write_buffer_high:
            raise ValueError("write_buffer_low must not be more than write_buffer_high")


def descriptions() -> dict[str, str]:
    """Each limit's docstring, by field name (for `forum serve --help` and the docs)."""
    import ast
    import inspect
    import itertools
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(Limits)))
    except (OSError, TypeError):  # no source (a frozen build): no help text
        return {}
    found: dict[str, str] = {}
    body = tree.body[0].body  # type: ignore[attr-defined]
    for node, after in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            found[node.target.id] = " ".join(after.value.value.split())
    return found
