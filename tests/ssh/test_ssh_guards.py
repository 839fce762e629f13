"""Unit checks of the small pieces behind the limits."""

from __future__ import annotations

from forum.ssh.driver import ChannelLink
from forum.ssh.guards import AddressCounter, PasswordThrottle
from forum.ssh.limits import Limits


class NullChannel:
    def write(self, data):
        pass

    def get_write_buffer_size(self):
        return 0

    def set_write_buffer_limits(self, high=None, low=None):
        self.limits = (high, low)

    def close(self):
        pass


def test_terminal_sizes_are_clamped():
    link = ChannelLink(NullChannel(), size=(0, 0), limits=Limits())
    assert link.size == (80, 24)  # clients may send 0 for "unknown"
    link.resize(50_000, 50_000)  # rendering cost grows with the area
    assert link.size == (1000, 500)


async def check_throttle_doubles_caps_and_forgets(store=None):
    """The throttle's rules, on any store (also run on the database's: tests/domain)."""
    now = [1000.0]
    throttle = PasswordThrottle(
        after=2, base=1.0, maximum=5.0, forget=60.0, store=store, clock=lambda: now[0]
    )
    delays = []
    for _ in range(6):
        delays.append(await throttle.delay("Alice"))
        await throttle.failed("alice")
        now[0] += 1
    assert delays == [0.0, 0.0, 1.0, 2.0, 4.0, 5.0]
    assert await throttle.delay("ALICE") == 5.0  # one account whatever the case typed
    now[0] += 61
    assert await throttle.delay("alice") == 0.0  # forgotten: never a permanent lock
    for _ in range(3):
        await throttle.failed("alice")
    assert await throttle.failures("alice") == 3  # counted afresh after forgetting
    await throttle.succeeded("alice")
    assert await throttle.failures("alice") == 0


async def test_throttle_doubles_caps_and_forgets():
    await check_throttle_doubles_caps_and_forgets()


async def test_throttle_counts_every_spelling_of_one_account_together():
    throttle = PasswordThrottle(after=2, base=1.0, maximum=5.0, forget=60.0)
    for spelling in ("bob", "BOB", " bob ", "\uff42\uff4f\uff42"):  # the last: full-width
        await throttle.failed(spelling)
    assert await throttle.failures("bob") == 4  # the account lookup finds bob for each of them
    assert await throttle.delay("Bob") == 4.0


def test_address_counter():
    counter = AddressCounter(2)
    assert counter.admit("10.0.0.1") and counter.admit("10.0.0.1")
    assert not counter.admit("10.0.0.1")
    assert counter.admit("10.0.0.2")
    counter.release("10.0.0.1")
    assert counter.admit("10.0.0.1")
    for _ in range(3):
        counter.release("10.0.0.1")
    assert counter.count("10.0.0.1") == 0
