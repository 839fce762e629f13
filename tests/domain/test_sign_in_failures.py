"""The password throttle on the database's store: the same rules, one count for every
server process (each has a throttle of its own), kept across a restart, and no user
name stored as typed."""

from __future__ import annotations

from forum.ssh.guards import PasswordThrottle
from models import sign_in_failures
from models.entities import SignInFailure
from tests.ssh.test_ssh_guards import check_throttle_doubles_caps_and_forgets


def throttle(now: list[float]) -> PasswordThrottle:
    return PasswordThrottle(
        after=2, base=1.0, maximum=30.0, forget=60.0, store=sign_in_failures, clock=lambda: now[0]
    )


async def test_the_throttle_rules_hold_on_the_database():
    await check_throttle_doubles_caps_and_forgets(sign_in_failures)


async def test_every_process_counts_the_same_failures_and_a_restart_keeps_them():
    now = [1000.0]
    one, other = throttle(now), throttle(now)
    for worker in (one, other, one, other):
        await worker.failed("Alice")
    assert await one.failures("alice") == await other.failures("ALICE") == 4
    assert await other.delay("alice") == 4.0
    restarted = throttle(now)
    assert await restarted.delay("alice") == 4.0
    await other.succeeded("alice")
    assert await one.delay("alice") == 0.0


async def test_names_are_stored_hashed_and_old_ones_are_forgotten():
    now = [1000.0]
    guesses = throttle(now)
    await guesses.failed("my secret password")
    now[0] += 61
    await guesses.failed("bob")
    keys = await SignInFailure.all().values_list("key", flat=True)
    assert len(keys) == 1 and "bob" not in keys[0]  # the first name, forgotten, is gone
    assert all(len(key) == 64 for key in keys)
