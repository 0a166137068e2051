"""one-thread — how asynchronous code runs on one thread: await points, the ready queue in
first-in-first-out order, and timers kept as a heap.

Three counters, then two sleepers, share the loop's one thread. A counter adds up numbers and,
after each one, awaits ``asyncio.sleep(0)``: an await point where it gives the thread back to
the loop and queues again at the back of the ready queue, so the counters take turns in the
order they queued. A sleeper awaits ``asyncio.sleep(delay)``: a timer in the loop's heap,
which keeps the earliest deadline on top whatever order the timers were armed in. Nothing
here runs in parallel: between two awaits a task has the thread to itself.
"""

from __future__ import annotations

import asyncio
from typing import Any


async def counter(rounds: int) -> int:
    """Add up ``rounds`` numbers, giving the loop back after each."""
    total = 0
    for number in range(rounds):
        total += number  # no other task can run while this line runs: one thread
        await asyncio.sleep(0)  # an await point: back to the loop, to the end of the queue
    return total


async def sleeper(delay_ms: float) -> float:
    """Wait ``delay_ms`` on a timer: registered in the loop's heap until it is due."""
    await asyncio.sleep(delay_ms / 1000)
    return delay_ms


async def run(counters: int = 3, rounds: int = 2, sleepers: int = 2,
              delay_ms: float = 4000.0) -> dict[str, Any]:
    # loop.create_task names a task as it creates it (asyncio.create_task on 3.11 names it
    # only after scheduling it, so the board would show Task-N until its first step).
    loop = asyncio.get_running_loop()
    counting = [loop.create_task(counter(rounds), name=f"counter-{i}") for i in range(counters)]
    totals = await asyncio.gather(*counting)  # this task waits: the counters take turns
    # Then the sleepers, the longest first: the heap still puts the shortest on top, and the
    # loop's wait ends at that deadline.
    sleeping = [loop.create_task(sleeper(delay_ms * (sleepers - i) / sleepers),
                                 name=f"sleeper-{i}") for i in range(sleepers)]
    slept = await asyncio.gather(*sleeping)
    return {"totals": totals, "slept_ms": slept}
