"""server-under-load — the echo server with clients, a ticker and a CPU hog together: why one
blocking step hurts everyone."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from app.runtime.preemptive.runtime import ThreadRuntime
from app.workloads.samples.common import Tally, burn
from app.workloads.samples.cpu_hog import ticker, ticker_thread
from app.workloads.samples.tcp_echo import (
    EchoServer,
    EchoThreads,
    echo_client,
    echo_client_thread,
    totals,
)


def summary(echo: dict[str, Any], steps: int, lateness_ms: Tally) -> dict[str, Any]:
    return {**echo, "hog_steps": steps, "ticks": len(lateness_ms),
            "max_lateness_ms": lateness_ms.max()}


# -- cooperative: everything on one loop -------------------------------------------------------
async def hog(hog_ms: float, pause_ms: float, done: asyncio.Event) -> int:
    """A periodic CPU-bound job (a report, an image resize...) that never awaits inside."""
    steps = 0
    while not done.is_set():
        burn(hog_ms)  # meanwhile the loop cannot poll: every other task waits
        steps += 1
        await asyncio.sleep(pause_ms / 1000)
    return steps


async def run(clients: int = 3, messages: int = 20, payload: int = 64, think_ms: float = 10.0,
              hog_ms: float = 50.0, hog_pause_ms: float = 50.0, tick_ms: float = 10.0,
              port: int = 0, forever: bool = False) -> dict[str, Any]:
    server = EchoServer(payload)
    port = await server.start(port, "server-under-load")
    lateness_ms = Tally()
    done = asyncio.Event()  # set when the clients are done: the hog and the ticker stop
    tick_task = asyncio.create_task(ticker(tick_ms, done, lateness_ms), name="ticker")
    hog_task = asyncio.create_task(hog(hog_ms, hog_pause_ms, done), name="cpu-hog")
    names = [f"client-{i}" for i in range(clients)]
    try:
        results = await asyncio.gather(
            *(asyncio.create_task(echo_client(i, port, payload, messages, think_ms, forever),
                                  name=name) for i, name in enumerate(names)),
            return_exceptions=True)
        done.set()
        steps = await hog_task
        await tick_task
    finally:
        for task in (tick_task, hog_task):
            task.cancel()
        await asyncio.gather(tick_task, hog_task, return_exceptions=True)
        await server.close()
    return summary(totals(names, list(results), port), steps, lateness_ms)


# -- preemptive: every part is a thread; the interpreter switches between them -----------------
def hog_thread(rt: ThreadRuntime, hog_ms: float, pause_ms: float,
               done: threading.Event) -> int:
    steps = 0
    while not done.is_set():
        rt.cpu(hog_ms)  # preempted every switch interval: the others get their turns
        steps += 1
        rt.sleep(pause_ms / 1000)
    return steps


def run_threads(rt: ThreadRuntime, clients: int = 3, messages: int = 20, payload: int = 64,
                think_ms: float = 10.0, hog_ms: float = 50.0, hog_pause_ms: float = 50.0,
                tick_ms: float = 10.0, port: int = 0, forever: bool = False) -> dict[str, Any]:
    server = EchoThreads(rt, port, payload, clients, "server-under-load")
    lateness_ms = Tally()
    done = threading.Event()
    tick = rt.spawn(ticker_thread, rt, tick_ms, done, lateness_ms, name="ticker")
    hogger = rt.spawn(hog_thread, rt, hog_ms, hog_pause_ms, done, name="cpu-hog")
    names = [f"client-{i}" for i in range(clients)]
    try:
        threads = [rt.spawn(echo_client_thread, rt, i, server.port, payload, messages,
                            think_ms, forever, name=name) for i, name in enumerate(names)]
        results = rt.gather(threads)
        done.set()
        steps = rt.join(hogger)
    finally:
        done.set()
        rt.gather([tick, hogger])
        server.close()
    return summary(totals(names, results, server.port), steps, lateness_ms)
