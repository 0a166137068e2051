"""executor — blocking work offloaded with run_in_executor, while a ticker shows whether the
loop stays responsive."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from app.runtime.preemptive.runtime import ThreadRuntime
from app.workloads.samples.common import Tally, burn, split_results
from app.workloads.samples.cpu_hog import ticker, ticker_thread

_BLOCK = bytes(1 << 20)  # 1 MiB: hashlib releases the GIL for buffers over 2 KiB


def hash_for(ms: float) -> int:
    """Hash 1 MiB blocks for ``ms`` ms; the number of blocks hashed."""
    end = time.perf_counter() + ms / 1000
    n = 0
    while time.perf_counter() < end:
        hashlib.sha256(_BLOCK).digest()
        n += 1
    return n


def blocking_job(i: int, kind: str, job_ms: float) -> int:
    """A plain blocking function, the kind that must not run on the loop's thread."""
    if kind == "sleep":
        time.sleep(job_ms / 1000)
    elif kind == "hash":
        hash_for(job_ms)
    else:
        burn(job_ms)
    return i * i  # checked by the caller: each result must reach the task that asked


def score(names: list[str], results: list[Any]) -> dict[str, Any]:
    _, errors = split_results(names, results)
    correct = sum(1 for i, r in enumerate(results)
                  if not isinstance(r, BaseException) and r == i * i)
    return {"jobs": len(names), "correct": correct, "errors": errors}


def merge(total: dict[str, Any] | None, wave: dict[str, Any]) -> dict[str, Any]:
    return wave if total is None else {k: total[k] + wave[k] for k in total}


def with_ticks(total: dict[str, Any] | None, lateness_ms: Tally) -> dict[str, Any]:
    assert total is not None  # at least one wave ran
    return {**total, "ticks": len(lateness_ms),
            "max_lateness_ms": lateness_ms.max()}


# -- cooperative: tasks awaiting run_in_executor on a thread pool --------------------------------
async def shutdown_pool(pool: ThreadPoolExecutor) -> None:
    """Join the pool's threads without blocking the loop (as the loop's own
    shutdown_default_executor does): a helper thread waits, then wakes the loop."""
    loop = asyncio.get_running_loop()
    joined = loop.create_future()

    def joined_now() -> None:
        if not joined.done():
            joined.set_result(None)

    def join() -> None:
        pool.shutdown(wait=True, cancel_futures=True)
        with contextlib.suppress(RuntimeError):  # the loop is closed already
            loop.call_soon_threadsafe(joined_now)

    helper = threading.Thread(target=join, name="executor-shutdown")
    helper.start()
    try:
        await joined
    finally:
        helper.join()  # it is past its last line (or the job it waits for is short)


async def run(jobs: int = 8, workers: int = 4, job_ms: float = 50.0, kind: str = "sleep",
              tick_ms: float = 10.0, forever: bool = False) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="executor")
    lateness_ms = Tally()
    done = asyncio.Event()
    tick_task = asyncio.create_task(ticker(tick_ms, done, lateness_ms), name="ticker")

    async def offload(i: int) -> int:
        # The task waits for a future that a pool thread completes; the thread wakes the
        # loop through call_soon_threadsafe and the self-pipe.
        return await loop.run_in_executor(pool, blocking_job, i, kind, job_ms)

    names = [f"job-{i}" for i in range(jobs)]
    total: dict[str, Any] | None = None
    try:
        while True:
            results = await asyncio.gather(
                *(asyncio.create_task(offload(i), name=name) for i, name in enumerate(names)),
                return_exceptions=True)
            total = merge(total, score(names, list(results)))
            if not forever:
                break
        done.set()
        await tick_task
    finally:
        tick_task.cancel()
        await asyncio.gather(tick_task, return_exceptions=True)
        await shutdown_pool(pool)
    return with_ticks(total, lateness_ms)


# -- preemptive: the same pool shape, every thread traced ------------------------------------------
def job_thread_work(rt: ThreadRuntime, i: int, kind: str, job_ms: float) -> int:
    """The job through the primitives: the same work, its waits recorded."""
    if kind == "sleep":
        rt.sleep(job_ms / 1000)
    elif kind == "hash":
        rt.call(hash_for, job_ms, label="hashlib.sha256")  # C code, the GIL released
    else:
        rt.cpu(job_ms)
    return i * i


def worker_thread(rt: ThreadRuntime, queue: Any, results: list[Any], kind: str,
                  job_ms: float) -> None:
    """A pool thread: take job numbers from the queue until None, store each result."""
    while (i := queue.get()) is not None:
        try:
            results[i] = job_thread_work(rt, i, kind, job_ms)
        except Exception as exc:  # a failing job fails alone, as in the pool
            results[i] = exc


def run_threads(rt: ThreadRuntime, jobs: int = 8, workers: int = 4, job_ms: float = 50.0,
                kind: str = "sleep", tick_ms: float = 10.0,
                forever: bool = False) -> dict[str, Any]:
    lateness_ms = Tally()
    done = threading.Event()
    tick = rt.spawn(ticker_thread, rt, tick_ms, done, lateness_ms, name="ticker")
    names = [f"job-{i}" for i in range(jobs)]
    total: dict[str, Any] | None = None
    try:
        while True:
            queue = rt.queue()
            results: list[Any] = [None] * jobs
            pool = [rt.spawn(worker_thread, rt, queue, results, kind, job_ms,
                             name=f"worker-{w}") for w in range(workers)]
            for i in range(jobs):
                queue.put(i)
            for _ in pool:
                queue.put(None)  # one "no more jobs" per worker
            rt.gather(pool)
            total = merge(total, score(names, results))
            if not forever:
                break
    finally:
        done.set()
        rt.gather([tick])
    return with_ticks(total, lateness_ms)
