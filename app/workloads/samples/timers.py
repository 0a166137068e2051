"""timers — tasks sleeping, a periodic ticker on call_later, and a wait_for that times out."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from ..registry import FOREVER, Param, Workload, register


async def run(tasks: int = 5, interval_ms: float = 50.0, jitter: bool = True,
              rounds: int = 10, forever: bool = False) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    lateness_ms: list[float] = []
    ticks = 0
    stop = asyncio.Event()

    def tick() -> None:  # a periodic ticker built on call_later: a plain callback, no task
        nonlocal ticks
        ticks += 1
        if not stop.is_set():
            loop.call_later(interval_ms / 1000, tick)

    async def sleeper(i: int) -> None:
        rng = random.Random(i)
        n = 0
        while forever or n < rounds:
            delay = interval_ms / 1000 * (rng.uniform(0.5, 1.5) if jitter else 1.0)
            deadline = loop.time() + delay
            await asyncio.sleep(delay)
            lateness_ms.append((loop.time() - deadline) * 1000)
            n += 1

    async def impatient() -> str:
        try:  # wait_for gives up on a target that takes too long, and cancels it
            await asyncio.wait_for(asyncio.sleep(3600), timeout=interval_ms / 1000 * 2)
        except TimeoutError:
            return "timed out"
        return "finished"

    loop.call_later(interval_ms / 1000, tick)
    sleepers = [asyncio.create_task(sleeper(i), name=f"sleeper-{i}") for i in range(tasks)]
    outcome = await asyncio.create_task(impatient(), name="wait_for")
    await asyncio.gather(*sleepers)
    stop.set()
    return {"sleeps": len(lateness_ms), "ticks": ticks, "wait_for": outcome,
            "max_lateness_ms": max(lateness_ms, default=0.0),
            "min_lateness_ms": min(lateness_ms, default=0.0)}


WORKLOAD = register(Workload(
    name="timers",
    title="Timers",
    summary="Tasks sleeping fixed or random intervals, a call_later ticker, a wait_for timeout.",
    look_for=(
        "Every sleeping task sits in the timer heap, ordered by deadline; the loop blocks in "
        "epoll_wait with a timeout equal to the nearest deadline, wakes with no fd ready, "
        "moves the due timer to the ready queue and only then runs the task. The ticker is "
        "a plain callback (no task) that re-arms itself. The wait_for task waits for a timer "
        "and for its target at once; when the timer wins, it cancels the target."),
    params=(
        Param("tasks", int, 5, "Number of sleeping tasks.", 1, 2000),
        Param("interval_ms", float, 50.0, "Sleep interval.", 1, 10_000, unit="ms"),
        Param("jitter", bool, True, "Randomise each sleep between 0.5× and 1.5× the interval."),
        Param("rounds", int, 10, "Sleeps per task.", 1, 100_000),
        FOREVER,
    ),
    cooperative=run,
    tags=("timer",),
))
