"""Timeline frame time: 1,000 task lanes and 50,000 visible bars, following live.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.timeline_bench [lanes] [bars] [frames]

A synthetic but loop-shaped trace (no Qt needed to make it): each loop iteration polls,
the poll returns fds, their tasks become ready, then run one step each and register again
(on an fd, a timer, a future…), ~10 µs per event: 100,000 events/s, as a busy live loop
records. The view follows live with a window holding ``bars`` task bars. One *frame* is what
the app does per display refresh: ``extend`` with the events of 16.7 ms, ``redraw``, and a
synchronous paint of the plot (``viewport().repaint()``); a second pass measures
``widget.grab()`` (the whole widget into a pixmap) instead of the repaint. Appending the
records to the store is the bridge's work, timed apart. Wall time and the process's CPU time
are both given: on a shared machine the wall time includes waiting for a core.

Two layouts: every lane visible (lanes thinner than a pixel: the worst case for the
rasteriser, ~1,000 rows), and readable 20 px lanes (a screenful of lanes, the same bars in
the window). Following live, each picture is the previous one shifted plus the newly
exposed strip; the "whole" runs redraw every picture entirely, as when the user pans or
zooms. Prints p50 / p95 / max per frame; asserts nothing (timings belong here).
"""

from __future__ import annotations

import os
import random
import sys
import time
from typing import Any

import numpy as np

from app.trace.events import Cause, Ev, Outcome, Record, Wait
from app.trace.store import EventStore

FRAME_S = 1 / 60
EVENT_NS = 10_000  # mean time between events: 100 k events/s
WAKE_PER_POLL = 24


def synthetic_records(lanes: int, n_events: int, seed: int = 7) -> list[Record]:
    """A loop-shaped trace over ``lanes`` tasks (see the module docstring)."""
    rng = random.Random(seed)
    recs: list[Record] = []
    seq = 0
    ts = 1_000_000_000

    def emit(kind: int, task: int = 0, a: int = 0, b: int = 0, c: int = 0) -> None:
        nonlocal seq, ts
        seq += 1
        ts += rng.randint(EVENT_NS // 2, EVENT_NS * 3 // 2)
        recs.append((seq, ts, kind, task, a, b, c))

    emit(Ev.LOOP_INFO, 0, 3, 1, 4)
    for t in range(1, lanes + 1):
        emit(Ev.TASK_SPAWNED, t, 0, 0, 1)
        emit(Ev.TASK_READY, t, Cause.SPAWN, 0, 0)
    waits = [Wait.FD_READ, Wait.FD_READ, Wait.TIMER, Wait.FUTURE, Wait.TASK, Wait.FD_WRITE]
    unit = 0
    queue = list(range(1, lanes + 1))
    while len(recs) < n_events:
        unit += 1
        emit(Ev.POLL_BEGIN, 0, 0 if queue else 5_000_000, unit, 1)
        woken = [] if queue else rng.sample(range(1, lanes + 1), min(WAKE_PER_POLL, lanes))
        emit(Ev.POLL_END, 0, len(woken), 1000)
        for t in woken:
            emit(Ev.FD_EVENT, 0, 100 + t, 1)
        for t in woken:
            emit(Ev.TASK_READY, t, Cause.FD, 100 + t, 1)
        queue.extend(woken)
        run, queue = queue, []
        for t in run:
            unit += 1
            emit(Ev.STEP_BEGIN, t, unit)
            wait = rng.choice(waits)
            emit(Ev.STEP_END, t, wait, 100 + t, 0)
    emit(Ev.TASK_EXITED, 1, Outcome.OK, 0)
    return recs


def _percentiles(values: list[float]) -> dict[str, float]:
    arr = np.sort(np.asarray(values)) * 1e3
    return {"p50_ms": float(np.percentile(arr, 50)), "p95_ms": float(np.percentile(arr, 95)),
            "max_ms": float(arr[-1])}


def bench_frames(lanes: int = 1000, bars: int = 50_000, frames: int = 240,
                 lane_px: float | None = None, width: int = 1600, height: int = 1000,
                 paint: str = "repaint", incremental: bool = True) -> dict[str, Any]:
    """Frame times of a live-following timeline; ``lane_px=None`` fits every lane."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.views.timeline import TimelineView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    per_frame = int(FRAME_S * 1e9 / EVENT_NS)
    warm = bars + 2 * lanes + 5000
    records = synthetic_records(lanes, warm + (frames + 20) * per_frame)
    store = EventStore(strings=["", "epoll"])
    view = TimelineView()
    view.resize(width, height)
    view.show()
    app.processEvents()
    store.append(records[:warm])
    view.extend_from(store, 0, len(store))
    view._auto_span = False
    view._span = _span_holding(view, bars) / 1e9
    view.redraw()
    rows = view.vb.height()
    view.set_lane_height(rows / (lanes + 3) if lane_px is None else lane_px)
    view.redraw()
    app.processEvents()
    viewport = view.plot.viewport()
    times: list[float] = []
    cpu: list[float] = []
    appends: list[float] = []
    visible: list[int] = []
    pos = warm
    for f in range(frames + 20):
        t_a = time.perf_counter()
        start = len(store)
        store.append(records[pos:pos + per_frame])
        pos += per_frame
        if not incremental:
            view.lanes_picture.previous = None  # as when panning or zooming: every picture whole
        t0 = time.perf_counter()
        c0 = time.process_time()
        view.extend_from(store, start, len(store))
        view.redraw()
        if paint == "grab":
            view.grab()
        else:
            viewport.repaint()
        t1 = time.perf_counter()
        c1 = time.process_time()
        if f == 19:  # the window that holds ``bars`` bars now, when measuring starts
            view._span = _span_holding(view, bars) / 1e9
        if f >= 20:  # warm-up frames (first allocations, font caches) are not frames
            times.append(t1 - t0)
            cpu.append(c1 - c0)
            appends.append(t0 - t_a)
        if f == frames + 19:
            visible.append(_visible_task_bars(view))
    picture = view.lanes_picture
    out = {"full_frames": picture.full_frames, "incremental_frames": picture.incremental_frames,
           "lanes": lanes, "visible_lanes": int(min(lanes, view._visible_rows())),
           "visible_bars": visible[0], "events_per_frame": per_frame,
           "scene_items": len(view.plot.scene().items()), "paint": paint}
    out.update(_percentiles(times))
    out.update({f"cpu_{k}": v for k, v in _percentiles(cpu).items()})
    out["store_append_p50_ms"] = _percentiles(appends)["p50_ms"]
    view.close()
    view.deleteLater()
    app.processEvents()
    return out


def _span_holding(view: Any, bars: int) -> int:
    """The window length (ns, ending at the last event) that holds ``bars`` task bars."""
    data = view.data
    end = data.t_end
    lo, hi = 1, end - (data.t0 or 0)
    while hi - lo > 1000:
        mid = (lo + hi) // 2
        if len(data.window(end - mid, end).task_slot) < bars:
            lo = mid
        else:
            hi = mid
    return hi


def _visible_task_bars(view: Any) -> int:
    """Task bars in the window and in rows on screen (what the last frame painted)."""
    (x0, x1), (y0, y1) = view.vb.viewRange()
    t0 = view.data.t0
    wb = view.data.window(t0 + int(x0 * 1e9), t0 + int(x1 * 1e9))
    rows = view._slot_row[wb.task_slot]
    return int(((rows >= int(y0)) & (rows < y1)).sum())


def main(lanes: int = 1000, bars: int = 50_000, frames: int = 240) -> None:
    print(f"timeline frame = extend ({int(FRAME_S * 1e9 / EVENT_NS)} events) + redraw + paint;"
          f" {lanes} lanes, ~{bars} bars in the window, {frames} frames")
    for label, lane_px, paint, inc in (
            ("every lane visible", None, "repaint", True),
            ("every lane visible", None, "grab", True),
            ("every lane, whole", None, "repaint", False),
            ("20 px lanes", 20.0, "repaint", True),
            ("20 px lanes, whole", 20.0, "repaint", False)):
        r = bench_frames(lanes, bars, frames, lane_px, paint=paint, incremental=inc)
        print(f"  {label:<19} {r['paint']:<7}: wall p50 {r['p50_ms']:5.2f} ms  "
              f"p95 {r['p95_ms']:5.2f} ms  max {r['max_ms']:6.2f} ms | process CPU p50 "
              f"{r['cpu_p50_ms']:5.2f} ms  p95 {r['cpu_p95_ms']:5.2f} ms  "
              f"({r['visible_lanes']} lanes / {r['visible_bars']:,} bars on screen, "
              f"{r['scene_items']} scene items; {r['incremental_frames']} incremental / "
              f"{r['full_frames']} full pictures; store append p50 "
              f"{r['store_append_p50_ms']:.2f} ms)")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:4]]
    main(*args)
