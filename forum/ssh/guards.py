"""Server-wide state behind two limits: the password throttle and the per-address cap.

The throttle keeps its counts in a store: in memory by default, or (``forum serve``) in
the database, so that it holds across worker processes, hosts and restarts. The
per-address cap counts the connections of this process.
"""

from __future__ import annotations

import hashlib
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

_MAX_TRACKED_ACCOUNTS = 50_000
"""Bound on remembered accounts, so guessing many names cannot grow memory without end."""


class FailureStore(Protocol):
    """Where the password throttle counts failures, by account key; times are seconds
    since the epoch (every process and host agrees on them)."""

    async def count(self, key: str, since: float) -> int:
        """Failures for ``key``, if the last one came after ``since`` (else 0)."""
        ...

    async def add(self, key: str, now: float, since: float) -> int:
        """Count a failure at ``now`` (counting afresh if the last came before
        ``since``); return the count."""
        ...

    async def clear(self, key: str) -> None: ...


class MemoryFailures:
    """Failures kept in this process (reset when it restarts), for a bounded number of
    accounts."""

    def __init__(self) -> None:
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()
        """Account key -> (failure count, time of the last failure)."""

    async def count(self, key: str, since: float) -> int:
        count, last = self._failures.get(key, (0, 0.0))
        return count if last > since else 0

    async def add(self, key: str, now: float, since: float) -> int:
        count = await self.count(key, since) + 1
        self._failures[key] = (count, now)
        self._failures.move_to_end(key)
        while len(self._failures) > _MAX_TRACKED_ACCOUNTS:
            self._failures.popitem(last=False)
        return count

    async def clear(self, key: str) -> None:
        self._failures.pop(key, None)


def account_key(username: str) -> str:
    """The user name in the form accounts are looked up in (models.text.username_key),
    hashed: "bob ", "BOB" and "bob" in full-width letters are one account, and what
    someone typed as a name (a password, by mistake) is never stored."""
    folded = unicodedata.normalize("NFKC", username.strip()).casefold()
    return hashlib.sha256(folded.encode()).hexdigest()


class PasswordThrottle:
    """A growing delay before password checks for an account that keeps failing.

    After `after` failures the next check waits `base` seconds, then twice that, and so
    on up to `maximum`. A success resets the account; so does `forget` seconds without a
    failure. Keyed by the user name as accounts compare them, whether or not the account
    exists, so the delay does not reveal which names are real.
    """

    def __init__(
        self,
        *,
        after: int,
        base: float,
        maximum: float,
        forget: float,
        store: FailureStore | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._after = after
        self._base = base
        self._maximum = maximum
        self._forget = forget
        self._store = store if store is not None else MemoryFailures()
        self._clock = clock

    async def failures(self, username: str) -> int:
        """Failures counted now for `username`."""
        return await self._store.count(account_key(username), self._clock() - self._forget)

    async def delay(self, username: str) -> float:
        """Seconds to wait before checking a password for `username`."""
        excess = await self.failures(username) - self._after
        if excess < 0:
            return 0.0
        return min(self._maximum, self._base * 2.0**excess)

    async def failed(self, username: str) -> None:
        now = self._clock()
        await self._store.add(account_key(username), now, now - self._forget)

    async def succeeded(self, username: str) -> None:
        await self._store.clear(account_key(username))


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
