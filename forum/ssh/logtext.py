"""How the server's log lines show what a client sent, and how long things took.

A client chooses its user name (asyncssh accepts up to 1,023 characters), its password
and its terminal type: a log line shows them shortened and quoted, with any control
character escaped, so one line stays one readable line.
"""

from __future__ import annotations

LIMIT = 40
"""Characters of client-given text a log line shows."""


def quoted(text: str, limit: int = LIMIT) -> str:
    """`text` as a quoted literal, cut to `limit` characters with "…(N chars)" after."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}…({len(text)} chars)"


def duration(seconds: float) -> str:
    """A short human duration: "4 s", "2 min 5 s", "3 h 12 min"."""
    whole = int(seconds)
    if whole < 60:
        return f"{seconds:.1f} s" if seconds < 10 else f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"
