"""producer-consumer — a bounded queue between P producers and C consumers."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from app.runtime.preemptive.runtime import ThreadRuntime
from app.workloads.samples.common import split_results

Item = tuple[int, int]  # (producer, sequence number): unique, so duplicates would show
#: Put once per consumer after the last item: "no more items" (a queue has no close()).
DONE = None


def totals(producers: int, items: int, names: list[str],
           results: list[Any]) -> dict[str, Any]:
    consumed, errors = split_results(names, results)
    seen = Counter(item for got in consumed for item in got)
    expected = {(p, i) for p in range(producers) for i in range(items)}
    return {"produced": producers * items, "consumed": sum(seen.values()),
            "duplicates": sum(n - 1 for n in seen.values() if n > 1),
            "missing": len(expected - seen.keys()),
            "per_consumer": [len(got) for got in consumed], "errors": errors}


# -- cooperative: asyncio.Queue(maxsize) -----------------------------------------------------------
async def produce(queue: asyncio.Queue[Item | None], p: int, items: int, produce_ms: float,
                  forever: bool) -> None:
    i = 0
    while forever or i < items:
        await asyncio.sleep(produce_ms / 1000)  # making the item takes a while
        await queue.put((p, i))  # waits while the queue is full: back-pressure
        i += 1


async def consume(queue: asyncio.Queue[Item | None], consume_ms: float,
                  keep: bool = True) -> list[Item]:
    """Take items until DONE; returns them (``keep``), for the duplicates / missing check —
    which a ``forever`` run never reaches, so it keeps none."""
    got: list[Item] = []
    while True:
        item = await queue.get()  # waits while the queue is empty
        if item is DONE:
            return got
        if keep:
            got.append(item)
        await asyncio.sleep(consume_ms / 1000)  # handling it takes a while


async def run(producers: int = 3, consumers: int = 2, items: int = 20, maxsize: int = 4,
              produce_ms: float = 2.0, consume_ms: float = 5.0,
              forever: bool = False) -> dict[str, Any]:
    queue: asyncio.Queue[Item | None] = asyncio.Queue(maxsize)
    names = [f"consumer-{c}" for c in range(consumers)]
    consumer_tasks = [asyncio.create_task(consume(queue, consume_ms, not forever), name=name)
                      for name in names]
    producer_tasks = [asyncio.create_task(produce(queue, p, items, produce_ms, forever),
                                          name=f"producer-{p}") for p in range(producers)]
    try:
        await asyncio.gather(*producer_tasks)
        for _ in consumer_tasks:
            await queue.put(DONE)
        results = await asyncio.gather(*consumer_tasks, return_exceptions=True)
    finally:
        for task in consumer_tasks + producer_tasks:
            task.cancel()
        await asyncio.gather(*consumer_tasks, *producer_tasks, return_exceptions=True)
    return totals(producers, items, names, list(results))


# -- preemptive: a bounded queue.Queue between OS threads ------------------------------------------
def produce_thread(rt: ThreadRuntime, queue: Any, p: int, items: int, produce_ms: float,
                   forever: bool) -> None:
    i = 0
    while forever or i < items:
        rt.sleep(produce_ms / 1000)
        queue.put((p, i))  # blocks while the queue is full (a Condition inside)
        i += 1


def consume_thread(rt: ThreadRuntime, queue: Any, consume_ms: float,
                   keep: bool = True) -> list[Item]:
    got: list[Item] = []
    while True:
        item = queue.get()  # blocks while the queue is empty
        if item is DONE:
            return got
        if keep:
            got.append(item)
        rt.sleep(consume_ms / 1000)


def run_threads(rt: ThreadRuntime, producers: int = 3, consumers: int = 2, items: int = 20,
                maxsize: int = 4, produce_ms: float = 2.0, consume_ms: float = 5.0,
                forever: bool = False) -> dict[str, Any]:
    queue = rt.queue(maxsize)  # a queue.Queue whose get/put report their waits
    names = [f"consumer-{c}" for c in range(consumers)]
    consumer_threads = [rt.spawn(consume_thread, rt, queue, consume_ms, not forever, name=name)
                        for name in names]
    producer_threads = [rt.spawn(produce_thread, rt, queue, p, items, produce_ms, forever,
                                 name=f"producer-{p}") for p in range(producers)]
    try:
        for error in (r for r in rt.gather(producer_threads) if isinstance(r, BaseException)):
            raise error
        for _ in consumer_threads:
            queue.put(DONE)
        results = rt.gather(consumer_threads)
    finally:
        for thread in consumer_threads + producer_threads:
            thread.cancel()
        rt.gather(consumer_threads + producer_threads)
    return totals(producers, items, names, results)
