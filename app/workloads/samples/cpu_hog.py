"""cpu-hog — one task computes for X ms between awaits, among timer tasks: starvation."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from app.runtime.preemptive.runtime import ThreadRuntime
from app.workloads.samples.common import Tally, burn

__all__ = ["burn", "run", "run_threads"]


def totals(steps: int, lateness_ms: Tally) -> dict[str, Any]:
    return {"hog_steps": steps, "ticks": len(lateness_ms),
            "max_lateness_ms": lateness_ms.max(),
            "min_lateness_ms": lateness_ms.min()}


# -- cooperative: the hog and the tickers share one loop ------------------------------------------
async def hog(hog_ms: float, hogs: int, forever: bool) -> int:
    n = 0
    while forever or n < hogs:
        burn(hog_ms)  # no await inside: nothing else can run on the loop meanwhile
        await asyncio.sleep(0)  # back of the ready queue: only what queued before it runs
        n += 1
    return n


async def ticker(tick_ms: float, done: asyncio.Event, lateness_ms: Tally) -> None:
    loop = asyncio.get_running_loop()
    while not done.is_set():
        deadline = loop.time() + tick_ms / 1000
        await asyncio.sleep(tick_ms / 1000)
        lateness_ms.append((loop.time() - deadline) * 1000)  # how late the loop woke us


async def run(hog_ms: float = 300.0, hogs: int = 3, tickers: int = 4, tick_ms: float = 10.0,
              forever: bool = False) -> dict[str, Any]:
    lateness_ms = Tally()
    done = asyncio.Event()
    tick_tasks = [asyncio.create_task(ticker(tick_ms, done, lateness_ms), name=f"ticker-{i}")
                  for i in range(tickers)]
    try:
        steps = await asyncio.create_task(hog(hog_ms, hogs, forever), name="cpu-hog")
        done.set()
        await asyncio.gather(*tick_tasks)
    finally:
        for task in tick_tasks:
            task.cancel()
        await asyncio.gather(*tick_tasks, return_exceptions=True)
    return totals(steps, lateness_ms)


# -- preemptive: the hog and the tickers are OS threads sharing the GIL ----------------------------
def hog_thread(rt: ThreadRuntime, hog_ms: float, hogs: int, forever: bool) -> int:
    n = 0
    while forever or n < hogs:
        rt.cpu(hog_ms)  # the interpreter takes the GIL away every switch interval
        rt.sleep(0)
        n += 1
    return n


def ticker_thread(rt: ThreadRuntime, tick_ms: float, done: threading.Event,
                  lateness_ms: Tally) -> None:
    while not done.is_set():
        deadline = time.monotonic() + tick_ms / 1000
        rt.sleep(tick_ms / 1000)
        lateness_ms.append((time.monotonic() - deadline) * 1000)


def run_threads(rt: ThreadRuntime, hog_ms: float = 300.0, hogs: int = 3, tickers: int = 4,
                tick_ms: float = 10.0, forever: bool = False) -> dict[str, Any]:
    lateness_ms = Tally()
    done = threading.Event()
    tick_threads = [rt.spawn(ticker_thread, rt, tick_ms, done, lateness_ms,
                             name=f"ticker-{i}") for i in range(tickers)]
    try:
        steps = rt.join(rt.spawn(hog_thread, rt, hog_ms, hogs, forever, name="cpu-hog"))
    finally:
        done.set()
        rt.gather(tick_threads)
    return totals(steps, lateness_ms)
