"""The event loop probe: a stall that holds every session shows in its report as the
longest stall, and a report starts the next one afresh."""

from __future__ import annotations

import asyncio
import time

from forum.ssh.loop_lag import LoopLag


async def test_a_stall_shows_as_the_longest_and_a_report_starts_afresh():
    samples: asyncio.Queue[float] = asyncio.Queue()
    lag = LoopLag(interval=0.01, on_sample=samples.put_nowait)
    lag.start()
    try:
        await samples.get()  # the probe runs
        time.sleep(0.2)  # noqa: ASYNC251 (on purpose: something holds the loop, as a full collection does)
        while await samples.get() < 0.15:  # the wake-up that came after the stall
            pass
        stalled = lag.report()
        assert stalled.longest_ms >= 190
        assert stalled.samples >= 2 and stalled.p99_ms >= 190  # few samples: p99 is the max
        assert "longest stall" in str(stalled)

        for _ in range(5):
            await samples.get()
        calm = lag.report()
        assert calm.samples >= 5 and calm.longest_ms < stalled.longest_ms  # the stall is gone
    finally:
        await lag.stop()
