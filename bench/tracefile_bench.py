"""Session files: save / load seconds and bytes per event on a real recorded trace.

    .venv/bin/python -m bench.tracefile_bench [n_events] [--level N] [--export]

The trace is a real run of the traced loop (the mixed workload of :mod:`bench.reducer_bench`:
yields, timers, a Queue, task churn, TCP echo, executor wake-ups) recorded until the store
holds ``n_events`` (default 1 000 000). The target is ≤ 3 s for each of save and load of a
million events. ``--export`` also times the Chrome trace JSON export. No Qt.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import numpy as np

from app.model.reducer import Reducer
from app.trace import perfetto, tracefile

from .reducer_bench import record_mixed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.tracefile_bench")
    parser.add_argument("events", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--level", type=int, default=tracefile.DEFAULT_LEVEL,
                        help="zlib level (default %(default)s)")
    parser.add_argument("--export", action="store_true", help="also time the JSON export")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    store = record_mixed(args.events)
    store.compact()
    print(f"recorded {len(store):,} events in {time.perf_counter() - t0:.1f} s "
          f"({len(store.tasks):,} tasks, {len(store.strings):,} strings, "
          f"{store.bytes_per_event_used} bytes/event in memory)")
    session = tracefile.Session(store, tracefile.SessionInfo(workload="bench-mixed"))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench" + tracefile.SUFFIX)
        save_s, load_s = [], []
        size = 0
        loaded = None
        for _ in range(3):
            t0 = time.perf_counter()
            size = tracefile.save(path, session, level=args.level)
            save_s.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            loaded = tracefile.load(path)
            load_s.append(time.perf_counter() - t0)
        assert loaded is not None
        for name in ("ts", "kind", "task", "a", "b", "c"):
            assert np.array_equal(getattr(store, name), getattr(loaded.store, name)), name
        print(f"save: {min(save_s):.3f} s (best of 3), load: {min(load_s):.3f} s; "
              f"{size:,} bytes = {size / max(1, len(store)):.2f} bytes/event "
              f"(zlib level {args.level})")
        if args.export:
            out = os.path.join(tmp, "trace.json")
            t0 = time.perf_counter()
            stats = perfetto.export(loaded.store, out, info=loaded.info)
            dt = time.perf_counter() - t0
            print(f"export: {dt:.2f} s, {os.path.getsize(out):,} bytes of JSON, "
                  f"{stats.events:,} trace events ({stats.slices:,} slices, "
                  f"{stats.flows:,} flows)")
            t0 = time.perf_counter()
            Reducer(loaded.store).apply()
            print(f"(for scale: reducing the loaded store takes "
                  f"{time.perf_counter() - t0:.2f} s)")


if __name__ == "__main__":
    main()
