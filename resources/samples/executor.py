"""Offloading blocking work with run_in_executor while the loop stays responsive.

Run it with ``python executor.py``. ``time.sleep`` would freeze the loop; run in a thread
pool it does not: the task awaits a future that a pool thread completes, and the ticker
keeps ticking on time meanwhile.
"""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor


def blocking_job(i: int) -> int:
    time.sleep(0.05)  # stands for a blocking library call: a file, a legacy client...
    return i * i


async def ticker(done: asyncio.Event) -> int:
    ticks = 0
    while not done.is_set():
        await asyncio.sleep(0.01)
        ticks += 1
    return ticks


async def main() -> None:
    loop = asyncio.get_running_loop()
    done = asyncio.Event()
    ticking = asyncio.create_task(ticker(done))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = await asyncio.gather(
            *(loop.run_in_executor(pool, blocking_job, i) for i in range(8)))
    done.set()
    print(f"results: {results}; the ticker ticked {await ticking} times meanwhile")


if __name__ == "__main__":
    asyncio.run(main())
