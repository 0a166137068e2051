"""Running one workload on one loop variant inside the measuring process.

A workload is ``async def workload(n, marks)``: it sets itself up, calls ``marks.start()``,
does ``n`` operations, calls ``marks.stop()`` and tears down. Only the marked interval is
timed, and on a traced loop the events recorded inside it are counted from the recorder's
sequence numbers (exact, whatever the drain thread is doing).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import statistics
import time
from collections.abc import Callable, Coroutine
from typing import Any

from .variants import Drainer, new_loop, next_seq, recording

Workload = Callable[[int, "Marks"], Coroutine[Any, Any, None]]


class Marks:
    """The measured interval of one workload run."""

    __slots__ = ("_recorder", "c0", "c1", "rec0", "rec1", "seq0", "seq1", "t0", "t1")

    def __init__(self, recorder: Any | None) -> None:
        self._recorder = recorder
        self.t0 = self.t1 = self.c0 = self.c1 = 0.0
        self.seq0 = self.seq1 = 0
        self.rec0 = self.rec1 = 0

    def start(self) -> None:
        if self._recorder is not None:
            self.seq0 = next_seq(self._recorder)
            self.rec0 = self._recorder.records_written()
        self.c0 = time.process_time()
        self.t0 = time.perf_counter()

    def stop(self) -> None:
        self.t1 = time.perf_counter()
        self.c1 = time.process_time()
        if self._recorder is not None:
            self.seq1 = next_seq(self._recorder)
            self.rec1 = self._recorder.records_written()

    @property
    def seconds(self) -> float:
        """Elapsed (wall-clock) seconds."""
        return self.t1 - self.t0

    @property
    def cpu_seconds(self) -> float:
        """CPU seconds of the whole process (the loop and the drain thread)."""
        return self.c1 - self.c0

    @property
    def events(self) -> int:
        return self.seq1 - self.seq0

    @property
    def records(self) -> int:
        """Records the ring took for those events (fewer where it packed two in one)."""
        return self.rec1 - self.rec0


def _shutdown(loop: asyncio.AbstractEventLoop) -> None:
    try:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()


def run_workload(variant: str, workload: Workload, n: int, *, warmup_n: int,
                 warmups: int, repeats: int) -> dict[str, Any]:
    """Warm up, then run ``repeats`` measured runs of ``n`` operations, on one loop.

    Returns the per-run seconds and (traced loop, recording on) the events each run recorded,
    the drops and what the drain thread did.
    """
    loop = new_loop(variant)
    recorder = getattr(loop, "recorder", None) if recording(variant) else None
    seconds: list[float] = []
    cpu_seconds: list[float] = []
    events: list[int] = []
    records: list[int] = []
    drainer = Drainer(recorder) if recorder is not None else None
    gc.collect()
    try:
        with drainer if drainer is not None else contextlib.nullcontext():
            for _ in range(warmups):
                loop.run_until_complete(workload(warmup_n, Marks(recorder)))
            for _ in range(repeats):
                marks = Marks(recorder)
                loop.run_until_complete(workload(n, marks))
                seconds.append(marks.seconds)
                cpu_seconds.append(marks.cpu_seconds)
                events.append(marks.events)
                records.append(marks.records)
    finally:
        _shutdown(loop)
    out: dict[str, Any] = {
        "ops": n,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "value": n / statistics.median(seconds),
        "value_cpu": n / max(statistics.median(cpu_seconds), 1e-9),
    }
    if recorder is not None and drainer is not None:
        stats = drainer.stats
        out["events"] = events
        out["records"] = records
        out["dropped"] = recorder.dropped
        out["drain"] = {"drains": stats.drains, "events": stats.events,
                        "largest_batch": stats.largest_batch,
                        "busy_s": round(stats.busy_s, 6)}
    return out
