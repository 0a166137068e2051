"""CPU starvation: one task computes without awaiting, and every other task waits.

Run it with ``python cpu_starvation.py``. The ticker asks to wake every 10 ms, but while the
hog's step runs the loop cannot even look at its timers: the ticker wakes up late by about
the length of a step. Cooperative scheduling only works if every task awaits often.
"""

import asyncio
import time


def burn(ms: float) -> None:
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass  # pure Python: holds the loop (and the GIL) the whole time


async def hog(steps: int = 3, ms: float = 200) -> None:
    for _ in range(steps):
        burn(ms)
        await asyncio.sleep(0)  # the only moment the others can run


async def ticker(done: asyncio.Event) -> list[float]:
    loop = asyncio.get_running_loop()
    late = []
    while not done.is_set():
        deadline = loop.time() + 0.01
        await asyncio.sleep(0.01)
        late.append((loop.time() - deadline) * 1000)
    return late


async def main() -> None:
    done = asyncio.Event()
    ticking = asyncio.create_task(ticker(done))
    await hog()
    done.set()
    late = await ticking
    print(f"ticker: asked to wake every 10 ms; {len(late)} ticks in 600 ms, the worst "
          f"{max(late):.0f} ms late (the hog computes 200 ms between awaits)")


if __name__ == "__main__":
    asyncio.run(main())
