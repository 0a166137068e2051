"""cpu-hog — one task computes for X ms between awaits, among timer tasks: starvation."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from ..registry import FOREVER, Param, Workload, register


def burn(ms: float) -> int:
    """Busy CPU work for ``ms`` milliseconds (pure Python, so it holds the GIL and the loop)."""
    end = time.perf_counter() + ms / 1000
    n = 0
    while time.perf_counter() < end:
        n += 1
    return n


async def run(hog_ms: float = 300.0, hogs: int = 3, tickers: int = 4, tick_ms: float = 10.0,
              forever: bool = False) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    lateness_ms: list[float] = []
    done = asyncio.Event()

    async def hog() -> None:
        n = 0
        while forever or n < hogs:
            burn(hog_ms)  # no await inside: nothing else can run on the loop meanwhile
            await asyncio.sleep(0)
            n += 1
        done.set()

    async def ticker() -> None:
        while not done.is_set():
            deadline = loop.time() + tick_ms / 1000
            await asyncio.sleep(tick_ms / 1000)
            lateness_ms.append((loop.time() - deadline) * 1000)

    await asyncio.gather(asyncio.create_task(hog(), name="cpu-hog"),
                         *(asyncio.create_task(ticker(), name=f"ticker-{i}")
                           for i in range(tickers)))
    return {"ticks": len(lateness_ms), "max_lateness_ms": max(lateness_ms, default=0.0)}


WORKLOAD = register(Workload(
    name="cpu-hog",
    title="CPU hog",
    summary="One task computes for X ms between awaits while timer tasks starve.",
    look_for=(
        "While the hog's step runs, nothing else can: the tickers' timers fall due but stay "
        "in the heap, because the loop only looks at timers between steps. Watch the running "
        "slot turn red and the tickers wake up late by about the hog's step time — "
        "cooperative scheduling means every task must await to let others run."),
    params=(
        Param("hog_ms", float, 300.0, "CPU time of each hog step.", 1, 10_000, unit="ms"),
        Param("hogs", int, 3, "Number of hog steps.", 1, 10_000),
        Param("tickers", int, 4, "Number of ticker tasks.", 0, 1000),
        Param("tick_ms", float, 10.0, "Ticker interval.", 1, 10_000, unit="ms"),
        FOREVER,
    ),
    cooperative=run,
    tags=("cpu", "timer"),
))
