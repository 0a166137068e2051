"""Store and reducer numbers on a real recorded trace: bytes/event, append and apply throughput,
``state_at`` jump time.

    .venv/bin/python -m bench.reducer_bench [n_events]      (default 1 000 000)

The trace is a real run of the traced loop (epoll on Linux): a ``sleep(0)`` storm, timers,
a Queue pipeline, short-lived task churn (gather), a loopback TCP echo and executor calls
(thread wake-ups), repeated until the store holds ``n_events`` events. No Qt.
"""

from __future__ import annotations

import random
import sys
import time

from app.model.reducer import Reducer
from app.runtime.factory import new_loop
from app.runtime.recorder import Recorder
from app.trace.store import EventStore
from tests.support.stores import serve_mixed  # the same mix the reducer's tests use


def record_mixed(n_events: int) -> EventStore:
    """Record a real mixed workload until the store holds ``n_events`` (then truncate)."""
    recorder = Recorder(capacity=1 << 21)
    loop = new_loop(recorder=recorder)
    store = EventStore.for_recorder(recorder)
    try:
        while len(store) < n_events:
            loop.run_until_complete(serve_mixed(20))
            store.append(recorder.drain())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()
    store.append(recorder.drain())
    if len(store) > n_events:
        store.set_length(n_events)  # a prefix of a real trace is a real trace
    return store


def measure_jumps(store: EventStore, jumps: int = 200, seed: int = 1) -> dict[str, float]:
    """Time ``Reducer.apply`` over the whole store, then ``state_at`` at random indices (no
    asserts: timings belong to benchmarks)."""
    reducer = Reducer(store)
    t0 = time.perf_counter()
    reducer.apply()
    t_apply = time.perf_counter() - t0
    rng = random.Random(seed)
    times = []
    for _ in range(jumps):
        i = rng.randrange(len(store) + 1)
        t0 = time.perf_counter()
        reducer.state_at(i)
        times.append(time.perf_counter() - t0)
    times.sort()
    return {
        "events": float(len(store)),
        "apply_events_per_s": len(store) / t_apply if t_apply else float("inf"),
        "apply_s": t_apply,
        "jump_mean_ms": 1e3 * sum(times) / len(times),
        "jump_median_ms": 1e3 * times[len(times) // 2],
        "jump_p90_ms": 1e3 * times[int(len(times) * 0.9)],
        "jump_max_ms": 1e3 * times[-1],
        "snapshots": float(reducer.snapshots),
        "snapshot_mb": reducer.snapshot_bytes() / 1e6,
    }


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
