"""Server-wide state behind two limits: the password throttle and the per-address cap.

Both live in memory in the server process (one process serves every session), so they
reset when the server restarts; that is acceptable for a throttle that must never lock
anyone out for good.
"""

from __future__ import annotations

import time
import unicodedata
from collections import OrderedDict

_MAX_TRACKED_ACCOUNTS = 50_000
"""Bound on remembered accounts, so guessing many names cannot grow memory without end."""


class PasswordThrottle:
    """A growing delay before password checks for an account that keeps failing.

    After `after` failures the next check waits `base` seconds, then twice that, and so
    on up to `maximum`. A success resets the account; so does `forget` seconds without a
    failure. Keyed by the user name as accounts compare them, whether or not the account
    exists, so the delay does not reveal which names are real.
    """

    def __init__(self, *, after: int, base: float, maximum: float, forget: float) -> None:
        self._after = after
        self._base = base
        self._maximum = maximum
        self._forget = forget
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()
        """Account key -> (failure count, monotonic time of the last failure)."""

    @staticmethod
    def _key(username: str) -> str:
        # The same form accounts are looked up in (models.text.username_key), or "bob ",
        # "BOB" and "bob" in full-width letters would each get a throttle of their own.
        return unicodedata.normalize("NFKC", username.strip()).casefold()

    def failures(self, username: str) -> int:
        """Failures counted now for `username`."""
        entry = self._failures.get(self._key(username))
        if entry is None:
            return 0
        count, last = entry
        if time.monotonic() - last > self._forget:
            del self._failures[self._key(username)]
            return 0
        return count

    def delay(self, username: str) -> float:
        """Seconds to wait before checking a password for `username`."""
        excess = self.failures(username) - self._after
        if excess < 0:
            return 0.0
        return min(self._maximum, self._base * 2.0**excess)

    def failed(self, username: str) -> None:
        key = self._key(username)
        count = self.failures(username) + 1
        self._failures[key] = (count, time.monotonic())
        self._failures.move_to_end(key)
        while len(self._failures) > _MAX_TRACKED_ACCOUNTS:
            self._failures.popitem(last=False)

    def succeeded(self, username: str) -> None:
        self._failures.pop(self._key(username), None)


class AddressCounter:
    """Counts connections per peer address that have not signed in yet."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._counts: dict[str, int] = {}

    def admit(self, address: str) -> bool:
        """Count one more connection from `address`, or return False if it is at the cap."""
        count = self._counts.get(address, 0)
        if count >= self._limit:
            return False
        self._counts[address] = count + 1
        return True

    def release(self, address: str) -> None:
        count = self._counts.get(address, 0) - 1
        if count > 0:
            self._counts[address] = count
        else:
            self._counts.pop(address, None)

    def count(self, address: str) -> int:
        return self._counts.get(address, 0)
