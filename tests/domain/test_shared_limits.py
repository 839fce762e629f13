"""The session cap and the per-address cap over several server processes, each with its
own SharedLimits on the one database: a place taken on one counts on every other, until
it is given back, its process stops, dies (its rows go stale) or starts again."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from forum.ssh.shared_limits import ADDRESS, SESSIONS, STALE_AFTER, SharedLimits


@pytest.fixture
async def now() -> list[float]:
    return [1_000_000.0]


@pytest.fixture
async def started(now: list[float]) -> AsyncIterator:
    running: list[SharedLimits] = []

    async def start(name: str) -> SharedLimits:
        limits = SharedLimits(clock=lambda: now[0])
        await limits.start(name)
        running.append(limits)
        return limits

    yield start
    for limits in running:
        await limits.stop()


async def test_a_place_taken_on_one_process_counts_on_the_other_until_given_back(started):
    one, other = await started("host-a:22:1"), await started("host-b:22:1")
    assert await one.claim(SESSIONS, "", 2)
    assert await other.claim(SESSIONS, "", 2)
    assert not await one.claim(SESSIONS, "", 2)  # two running, on two processes
    assert not await other.claim(SESSIONS, "", 2)
    await one.release(SESSIONS, "")
    assert await other.claim(SESSIONS, "", 2)  # the refused claims took nothing
    assert not await one.claim(SESSIONS, "", 2)


async def test_each_address_has_its_own_count(started):
    one, other = await started("host-a:22:1"), await started("host-b:22:1")
    assert await one.claim(ADDRESS, "203.0.113.7", 1)
    assert not await other.claim(ADDRESS, "203.0.113.7", 1)
    assert await other.claim(ADDRESS, "2001:db8::7", 1)
    assert await other.claim(SESSIONS, "", 1)  # sessions count apart from addresses


async def test_a_process_that_died_stops_counting_once_its_places_are_stale(started, now):
    await started("host-a:22:1")  # it dies without a word: it never renews
    died = await started("host-a:22:2")
    assert await died.claim(SESSIONS, "", 1)
    alive = await started("host-b:22:1")
    assert not await alive.claim(SESSIONS, "", 1)
    now[0] += STALE_AFTER + 1
    assert await alive.claim(SESSIONS, "", 1)


async def test_a_process_started_again_forgets_what_it_held_before(started):
    before = await started("host-a:22:1")
    for _ in range(3):
        assert await before.claim(SESSIONS, "", 3)
    other = await started("host-b:22:1")
    assert not await other.claim(SESSIONS, "", 3)
    await started("host-a:22:1")  # the same worker, started again after it died
    assert await other.claim(SESSIONS, "", 3)


async def test_a_process_that_stops_gives_back_every_place(started):
    stopping, other = await started("host-a:22:1"), await started("host-b:22:1")
    assert await stopping.claim(ADDRESS, "203.0.113.7", 1)
    assert await stopping.claim(SESSIONS, "", 1)
    await stopping.stop()
    assert await other.claim(ADDRESS, "203.0.113.7", 1)
    assert await other.claim(SESSIONS, "", 1)
