"""Timers: tasks sleeping, a call_later ticker, and a wait_for that gives up.

Run it with ``python timers.py``. Every ``await asyncio.sleep(...)`` puts a timer in the
loop's heap; the loop blocks in epoll_wait (or kqueue, or IOCP) until the nearest deadline,
moves the due timer to its ready queue, and only then runs the task again.
"""

import asyncio


async def sleeper(name: str, delay: float, times: int) -> None:
    loop = asyncio.get_running_loop()
    for _ in range(times):
        deadline = loop.time() + delay
        await asyncio.sleep(delay)
        print(f"{name}: woke {(loop.time() - deadline) * 1000:.2f} ms after its deadline")


async def main() -> None:
    loop = asyncio.get_running_loop()
    ticks = 0

    def tick() -> None:  # a plain callback, re-armed each time: no task involved
        nonlocal ticks
        ticks += 1
        handle[0] = loop.call_later(0.05, tick)

    handle = [loop.call_later(0.05, tick)]
    try:
        await asyncio.gather(sleeper("fast", 0.03, 5), sleeper("slow", 0.07, 3))
        try:  # wait_for cancels its target when the timeout wins
            await asyncio.wait_for(asyncio.sleep(3600), timeout=0.1)
        except TimeoutError:
            print("wait_for: timed out, and cancelled the sleep it was waiting for")
    finally:
        handle[0].cancel()
    print(f"ticker: {ticks} ticks")


if __name__ == "__main__":
    asyncio.run(main())
