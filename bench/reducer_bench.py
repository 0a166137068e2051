"""Store and reducer numbers on a real recorded trace: bytes/event, append and apply throughput,
``state_at`` jump time.

    .venv/bin/python -m bench.reducer_bench [n_events]      (default 1 000 000)

The trace is a real run of the traced loop (epoll on Linux): a ``sleep(0)`` storm, timers,
a Queue pipeline, short-lived task churn (gather), a loopback TCP echo and executor calls
(thread wake-ups), repeated until the store holds ``n_events`` events. No Qt.
"""

from __future__ import annotations

import asyncio
import sys
import time

from app.core.factory import new_loop
from app.core.recorder import Recorder
from app.core.reducer import measure_jumps
from app.core.store import EventStore


async def _round(port: int, rounds: int = 40) -> None:
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=8)

    async def yielder() -> None:
        for _ in range(rounds):
            await asyncio.sleep(0)

    async def sleeper(i: int) -> None:
        for _ in range(rounds // 8):
            await asyncio.sleep(0.0001 * (1 + i % 3))

    async def producer() -> None:
        for i in range(rounds):
            await queue.put(i)
        await queue.put(-1)

    async def consumer() -> None:
        while await queue.get() >= 0:
            pass

    async def tiny(i: int) -> int:
        if i % 2:
            await asyncio.sleep(0)
        return i

    async def churn() -> None:
        for _ in range(rounds // 8):
            await asyncio.gather(*(asyncio.create_task(tiny(i)) for i in range(6)))

    async def echo_client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(rounds // 4):
            writer.write(b"ping\n")
            await writer.drain()
            await reader.readline()
        writer.close()
        await writer.wait_closed()

    async def executor() -> None:
        for _ in range(3):
            await loop.run_in_executor(None, time.sleep, 0)

    await asyncio.gather(*(yielder() for _ in range(12)), *(sleeper(i) for i in range(6)),
                         producer(), consumer(), churn(), echo_client(), executor())


async def _serve(n_rounds: int) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while line := await reader.readline():
            writer.write(line)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    for _ in range(n_rounds):
        await _round(port)
    server.close()
    await server.wait_closed()


def record_mixed(n_events: int) -> EventStore:
    """Record a real mixed workload until the store holds ``n_events`` (then truncate)."""
    recorder = Recorder(capacity=1 << 21)
    loop = new_loop(recorder=recorder)
    store = EventStore.for_recorder(recorder)
    try:
        while len(store) < n_events:
            loop.run_until_complete(_serve(20))
            store.append(recorder.drain())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()
    store.append(recorder.drain())
    if len(store) > n_events:
        store._n = n_events  # a prefix of a real trace is a real trace
    return store


def bench_jump(n_events: int = 1_000_000, jumps: int = 300) -> dict[str, float]:
    """Record ``n_events`` real events, then time the reducer's apply and random jumps."""
    return measure_jumps(record_mixed(n_events), jumps=jumps)


def main(n_events: int) -> None:
    t0 = time.perf_counter()
    store = record_mixed(n_events)
    t_rec = time.perf_counter() - t0
    print(f"recorded {len(store):,} events in {t_rec:.1f} s "
          f"({len(store.tasks):,} tasks, dropped {store.dropped})")

    # Append throughput: re-append the same records, in drain-sized batches of 100k.
    records = [(i + 1, int(ts), int(k), int(t), int(a), int(b), int(c))
               for i, (ts, k, t, a, b, c) in enumerate(zip(*store.columns(0, len(store)),
                                                          strict=True))]
    best = float("inf")
    for _ in range(3):
        copy = EventStore(store.strings, store.tasks)
        t0 = time.perf_counter()
        for i in range(0, len(records), 100_000):
            copy.append(records[i:i + 100_000])
        best = min(best, time.perf_counter() - t0)
    print(f"store: {copy.bytes_per_event_used} bytes/event used, "
          f"{copy.bytes_per_event():.1f} allocated; "
          f"append {len(copy) / best / 1e6:.2f} M events/s "
          f"({1e3 * best / (len(copy) / 100_000):.1f} ms per 100k batch)")

    res = measure_jumps(store, jumps=300)
    print(f"reducer: apply {res['apply_events_per_s'] / 1e3:.0f} k events/s "
          f"({res['apply_s']:.2f} s for the store), {int(res['snapshots'])} snapshots, "
          f"{res['snapshot_mb']:.1f} MB in snapshots + finished-task log")
    print(f"state_at jump on {len(store):,} events (300 random indices): "
          f"median {res['jump_median_ms']:.1f} ms, p90 {res['jump_p90_ms']:.1f} ms, "
          f"max {res['jump_max_ms']:.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
