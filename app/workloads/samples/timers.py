"""timers — tasks sleeping, a periodic ticker on call_later, and a wait_for that times out."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from typing import Any

from app.runtime.preemptive.runtime import ThreadRuntime
from app.workloads.samples.common import Tally


def next_delay(rng: random.Random, interval_ms: float, jitter: bool) -> float:
    return interval_ms / 1000 * (rng.uniform(0.5, 1.5) if jitter else 1.0)


# -- cooperative: asyncio tasks on the running loop ---------------------------------------------
async def run(tasks: int = 5, interval_ms: float = 50.0, jitter: bool = True,
              rounds: int = 10, forever: bool = False) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    lateness_ms = Tally()
    ticks = 0
    ticker: asyncio.TimerHandle | None = None

    def tick() -> None:  # a periodic ticker built on call_later: a plain callback, no task
        nonlocal ticks, ticker
        ticks += 1
        ticker = loop.call_later(interval_ms / 1000, tick)

    async def sleeper(i: int) -> None:
        rng = random.Random(i)  # seeded: both versions sleep the same delays
        n = 0
        while forever or n < rounds:
            delay = next_delay(rng, interval_ms, jitter)
            deadline = loop.time() + delay
            await asyncio.sleep(delay)  # a timer in the loop's heap, then the ready queue
            lateness_ms.append((loop.time() - deadline) * 1000)
            n += 1

    async def impatient() -> str:
        # The target is a task of its own, named as the threaded version's target thread
        # (given a bare coroutine, wait_for wraps it in an unnamed task on 3.11 only).
        target = asyncio.create_task(asyncio.sleep(3600), name="wait_for-target")
        try:  # wait_for gives up on a target that takes too long, and cancels it
            await asyncio.wait_for(target, timeout=interval_ms / 1000 * 2)
        except TimeoutError:
            return "timed out"
        return "finished"

    ticker = loop.call_later(interval_ms / 1000, tick)
    sleepers = [asyncio.create_task(sleeper(i), name=f"sleeper-{i}") for i in range(tasks)]
    try:
        outcome = await asyncio.create_task(impatient(), name="wait_for")
        await asyncio.gather(*sleepers)
    finally:
        ticker.cancel()  # a timer left in the heap would outlive the sample
        for task in sleepers:
            task.cancel()
        await asyncio.gather(*sleepers, return_exceptions=True)
    return {"sleeps": len(lateness_ms), "ticks": ticks, "wait_for": outcome,
            "max_lateness_ms": lateness_ms.max(),
            "min_lateness_ms": lateness_ms.min()}


# -- preemptive: one OS thread per task ----------------------------------------------------------
def run_threads(rt: ThreadRuntime, tasks: int = 5, interval_ms: float = 50.0,
                jitter: bool = True, rounds: int = 10, forever: bool = False) -> dict[str, Any]:
    lateness_ms = Tally()  # threads share it
    stop_ticking = threading.Event()
    ticks = 0

    def ticker() -> None:  # threads have no call_later: a thread that sleeps and ticks
        nonlocal ticks
        while not stop_ticking.is_set():
            rt.sleep(interval_ms / 1000)
            ticks += 1  # only this thread writes it

    def sleeper(i: int) -> None:
        rng = random.Random(i)  # seeded: both versions sleep the same delays
        n = 0
        while forever or n < rounds:
            delay = next_delay(rng, interval_ms, jitter)
            deadline = time.monotonic() + delay
            rt.sleep(delay)  # the OS wakes the thread; then it must get the GIL back
            lateness_ms.append((time.monotonic() - deadline) * 1000)
            n += 1

    def target() -> None:
        rt.sleep(3600)

    def impatient() -> str:
        slow = rt.spawn(target, name="wait_for-target")
        try:  # join with a timeout, then cancel the target: what wait_for does for a task
            rt.join(slow, timeout=interval_ms / 1000 * 2)
        except TimeoutError:
            slow.cancel()  # an OS thread cannot be killed: it stops at its next primitive
            rt.gather([slow])
            return "timed out"
        return "finished"

    tick_thread = rt.spawn(ticker, name="ticker")
    sleepers = [rt.spawn(sleeper, i, name=f"sleeper-{i}") for i in range(tasks)]
    try:
        outcome = rt.join(rt.spawn(impatient, name="wait_for"))
        rt.gather(sleepers)
    finally:
        stop_ticking.set()
        tick_thread.cancel()
        rt.gather([tick_thread])
    return {"sleeps": len(lateness_ms), "ticks": ticks, "wait_for": outcome,
            "max_lateness_ms": lateness_ms.max(),
            "min_lateness_ms": lateness_ms.min()}
