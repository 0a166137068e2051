"""Section 6: the trace store — jump to an event, save and load a session, memory held.

One child process per round records the real mixed workload of :mod:`bench.reducer_bench`
(yields, timers, a Queue, task churn, TCP echo, executor wake-ups) until the store holds
1,000,000 events (quick: 200,000), then:

- *jump*: the reducer applies the whole store, then ``state_at`` at random indices
  (:func:`bench.reducer_bench.measure_jumps`, as ``bench_jump`` does); target ≤ 50 ms;
- *memory*: ``EventStore.nbytes`` (allocated columns, growth head-room included, as live)
  plus ``Reducer.snapshot_bytes()`` (snapshots and finished-task log); target ≤ 64 MB;
- *save / load*: ``app.trace.tracefile.save`` then ``load`` of the session (best of 2),
  file bytes per event; target save + load ≤ 3 s.

No Qt.
"""

from __future__ import annotations

import os
import tempfile
import time
from typing import Any

from .sections import Job, Report, Results, Table
from .stats import median, percentile

TITLE = "6. Trace store: jump / save / load"
KEY = "store_ops"
CASE = "mixed"
VARIANT = "traced-on"
TARGET_JUMP_MS = 50.0
TARGET_SAVE_LOAD_S = 3.0
TARGET_MB = 64.0


def _events(quick: bool) -> int:
    return 200_000 if quick else 1_000_000


def jobs(quick: bool) -> list[Job]:
    return [Job(KEY, CASE, VARIANT)]


def measure(case: str, variant: str, quick: bool) -> dict[str, Any]:
    from app.trace import tracefile

    from .reducer_bench import measure_jumps, record_mixed

    n = _events(quick)
    t0 = time.perf_counter()
    store = record_mixed(n)
    record_s = time.perf_counter() - t0
    jumps = 100 if quick else 200
    res = measure_jumps(store, jumps=jumps)
    store_mb = store.nbytes / 1e6
    out: dict[str, Any] = {
        "events": len(store), "tasks": len(store.tasks), "record_s": record_s,
        "apply_s": res["apply_s"], "jumps": jumps,
        "jump_median_ms": res["jump_median_ms"], "jump_p90_ms": res["jump_p90_ms"],
        "jump_max_ms": res["jump_max_ms"], "store_mb": store_mb,
        "snapshot_mb": res["snapshot_mb"], "memory_mb": store_mb + res["snapshot_mb"],
    }
    session = tracefile.Session(store, tracefile.SessionInfo(workload="bench-mixed"))
    save_s: list[float] = []
    load_s: list[float] = []
    size = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench" + tracefile.SUFFIX)
        for _ in range(2):
            t0 = time.perf_counter()
            size = tracefile.save(path, session)
            save_s.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            loaded = tracefile.load(path)
            load_s.append(time.perf_counter() - t0)
            if len(loaded.store) != len(store):
                raise RuntimeError(f"loaded {len(loaded.store)} events of {len(store)}")
            del loaded
    out.update({"save_s": min(save_s), "load_s": min(load_s),
                "save_load_s": min(s + ld for s, ld in zip(save_s, load_s, strict=True)),
                "file_bytes": size, "bytes_per_event": size / max(1, len(store))})
    out["value"] = out["jump_p90_ms"]
    return out


def _verdict(ok: bool) -> str:
    return "meets" if ok else "misses"


def summarise(results: Results, quick: bool) -> Report:
    n = _events(quick)
    report = Report(TITLE)
    status = results.status(KEY, CASE, VARIANT)
    if status is not None:
        report.status = status
        report.tables.append(Table(["measure", "", "value"], [["all", "", status]]))
        return report
    runs = results.get(KEY, CASE, VARIANT)

    def med(key: str) -> float:
        return median([float(r[key]) for r in runs])

    def rng(key: str, fmt: str) -> str:
        vals = [float(r[key]) for r in runs]
        return f"{min(vals):{fmt}}–{max(vals):{fmt}}"

    events = int(med("events"))
    jump = Table(["measure", "", "median", "rounds' range", "target"],
                 caption=f"jump (state_at at random indices) on {events:,} events, "
                         f"{int(med('tasks')):,} tasks")
    jump.rows.append(["jump median", "", f"{med('jump_median_ms'):.1f} ms",
                      rng("jump_median_ms", ".1f"), ""])
    p90 = med("jump_p90_ms")
    jump.rows.append(["jump p90", "", f"{p90:.1f} ms", rng("jump_p90_ms", ".1f"),
                      f"≤ {TARGET_JUMP_MS:.0f} ms: {_verdict(p90 <= TARGET_JUMP_MS)}"])
    worst = max(float(r["jump_max_ms"]) for r in runs)
    jump.rows.append(["jump max", "", f"{med('jump_max_ms'):.1f} ms",
                      rng("jump_max_ms", ".1f"),
                      f"≤ {TARGET_JUMP_MS:.0f} ms: {_verdict(worst <= TARGET_JUMP_MS)}"])
    jump.rows.append(["apply whole store", "", f"{med('apply_s'):.2f} s",
                      rng("apply_s", ".2f"), ""])
    mem = med("memory_mb")
    jump.rows.append(["memory: store + reducer", "", f"{mem:.1f} MB", rng("memory_mb", ".1f"),
                      f"≤ {TARGET_MB:.0f} MB: {_verdict(mem <= TARGET_MB)}"])
    jump.rows.append(["  store columns", "", f"{med('store_mb'):.1f} MB",
                      rng("store_mb", ".1f"), ""])
    jump.rows.append(["  snapshots + done log", "", f"{med('snapshot_mb'):.1f} MB",
                      rng("snapshot_mb", ".1f"), ""])
    files = Table(["measure", "", "median", "rounds' range", "target"],
                  caption="session file (app.trace.tracefile, default zlib level)")
    sl = med("save_load_s")
    files.rows.append(["save", "", f"{med('save_s'):.2f} s", rng("save_s", ".2f"), ""])
    files.rows.append(["load", "", f"{med('load_s'):.2f} s", rng("load_s", ".2f"), ""])
    files.rows.append(["save + load", "", f"{sl:.2f} s", rng("save_load_s", ".2f"),
                       f"≤ {TARGET_SAVE_LOAD_S:.0f} s: {_verdict(sl <= TARGET_SAVE_LOAD_S)}"])
    files.rows.append(["file size", "", f"{med('bytes_per_event'):.2f} B/event",
                       rng("bytes_per_event", ".2f"), f"{med('file_bytes') / 1e6:.1f} MB"])
    report.tables = [jump, files]
    pooled_p90 = percentile([float(r["jump_p90_ms"]) for r in runs], 50)
    report.data = {"events": events, "rounds": len(runs), "jump_p90_ms": pooled_p90,
                   **{k: med(k) for k in ("jump_median_ms", "jump_max_ms", "apply_s",
                                          "memory_mb", "store_mb", "snapshot_mb", "save_s",
                                          "load_s", "save_load_s", "bytes_per_event")}}
    report.notes.append(f"targets are for 1,000,000 events; this run used {n:,}"
                        + (" (quick): scale up before comparing" if quick else "") + ".")
    report.notes.append("median / p90 / max are over each round's random jumps, then the "
                        "median over rounds; the range is min–max over rounds.")
    report.notes.append("store memory is allocated (with growth head-room, as while "
                        "recording live); save / load are the best of 2 in each round.")
    return report
