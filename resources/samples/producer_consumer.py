"""Producer / consumer: a bounded asyncio.Queue between three producers and two consumers.

Run it with ``python producer_consumer.py``. A consumer awaiting ``get()`` on an empty queue
waits on a future that only a producer's ``put()`` completes; a producer awaiting ``put()`` on
a full queue waits until a consumer takes an item: the bound is back-pressure.
"""

import asyncio


async def producer(queue: asyncio.Queue, p: int, items: int = 10) -> None:
    for i in range(items):
        await asyncio.sleep(0.002)
        await queue.put((p, i))


async def consumer(queue: asyncio.Queue, c: int) -> list:
    got = []
    while (item := await queue.get()) is not None:
        got.append(item)
        await asyncio.sleep(0.005)
    print(f"consumer {c}: {len(got)} items")
    return got


async def main() -> None:
    queue: asyncio.Queue = asyncio.Queue(maxsize=4)
    consumers = [asyncio.create_task(consumer(queue, c)) for c in range(2)]
    await asyncio.gather(*(producer(queue, p) for p in range(3)))
    for _ in consumers:
        await queue.put(None)  # one "no more items" per consumer
    items = [item for got in await asyncio.gather(*consumers) for item in got]
    assert sorted(items) == [(p, i) for p in range(3) for i in range(10)]
    print(f"{len(items)} items, each delivered exactly once")


if __name__ == "__main__":
    asyncio.run(main())
