"""Run metrics from the recorded events (pure, Qt-free, incremental).

- step duration: STEP_BEGIN → STEP_END of the same task;
- wake-to-run latency: TASK_READY → the task's next STEP_BEGIN (its time in the ready queue);
- poll blocking time: POLL_END's measured ns in the kernel;
- loop lag over time: how late each due timer was moved to the ready queue (TIMER_FIRED);
- slow steps: the SLOW_STEP events the loop recorded (task, duration, source line).

Each frame's new events are folded in once (``extend``); distributions are numpy arrays that
grow geometrically, histograms use logarithmic bins from 1 µs to 100 s.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from app.trace.arrays import grow
from app.trace.events import Ev
from app.trace.store import EventStore

#: Histogram bin edges (ns): 4 per decade from 1 µs to 100 s.
LOG_EDGES = np.logspace(3, 11, 33)

_K_READY, _K_BEGIN, _K_END = int(Ev.TASK_READY), int(Ev.STEP_BEGIN), int(Ev.STEP_END)
_K_POLL_END, _K_FIRED, _K_SLOW = int(Ev.POLL_END), int(Ev.TIMER_FIRED), int(Ev.SLOW_STEP)
_WANTED = np.array([_K_READY, _K_BEGIN, _K_END, _K_POLL_END, _K_FIRED, _K_SLOW], dtype=np.uint8)


class Grow:
    """An int64 array that grows geometrically (appends never copy the whole history)."""

    def __init__(self) -> None:
        self._data = np.zeros(1024, dtype=np.int64)
        self.n = 0

    def extend(self, values: np.ndarray | list[int]) -> None:
        values = np.asarray(values, dtype=np.int64)
        need = self.n + len(values)
        self._data = grow(self._data, need, self.n)
        self._data[self.n:need] = values
        self.n = need

    @property
    def values(self) -> np.ndarray:
        return self._data[:self.n]

    def drop_first(self, k: int) -> None:
        """Forget the first ``k`` values (in place: the capacity stays for what comes)."""
        k = min(k, self.n)
        self._data[:self.n - k] = self._data[k:self.n]
        self.n -= k


@dataclass(frozen=True, slots=True)
class SlowStep:
    """A SLOW_STEP record. (A dataclass, not a NamedTuple: a tuple's ``index`` method
    would shadow the field.)"""

    index: int  # event index of the SLOW_STEP record
    task: int  # 0 for a plain callback
    duration_ns: int
    site: str  # "file:line"


class Metrics:
    def __init__(self) -> None:
        self.step_ns = Grow()
        self.latency_ns = Grow()
        self.poll_ns = Grow()
        self.lag_ts = Grow()
        self.lag_ns = Grow()
        self.slow: list[SlowStep] = []
        # The event index each value was measured at (STEP_END, STEP_BEGIN, POLL_END,
        # TIMER_FIRED), and the series measured there: what trim() needs to forget exactly
        # the values of let-go events.
        self._at = {name: Grow() for name in ("step_ns", "latency_ns", "poll_ns", "lag_ns")}
        self._series = {"step_ns": (self.step_ns,), "latency_ns": (self.latency_ns,),
                        "poll_ns": (self.poll_ns,), "lag_ns": (self.lag_ts, self.lag_ns)}
        self._step_start: dict[int, int] = {}
        self._ready_since: dict[int, int] = {}
        self._end = 0

    def extend(self, store: EventStore, start: int, end: int) -> None:
        """Fold events [start, end) in (each event once, in order)."""
        start = max(start, self._end)
        if end <= start:
            return
        self._end = end
        kind = store.kind[start:end]
        picked = np.flatnonzero(np.isin(kind, _WANTED))
        if not len(picked):
            return
        idx = picked + start
        kinds = kind[picked]
        polls = kinds == _K_POLL_END
        if polls.any():
            self.poll_ns.extend(store.b[idx[polls]])
            self._at["poll_ns"].extend(idx[polls])
        fired = kinds == _K_FIRED
        if fired.any():
            self.lag_ts.extend(store.ts[idx[fired]])
            self.lag_ns.extend(np.maximum(store.b[idx[fired]], 0))
            self._at["lag_ns"].extend(idx[fired])
        for i in idx[kinds == _K_SLOW].tolist():
            self.slow.append(SlowStep(i, int(store.task[i]), int(store.a[i]),
                                      store.string(int(store.b[i]))))
        # Steps and wake-ups pair per task, in event order: a small Python loop over only
        # these three kinds.
        steps = np.isin(kinds, (_K_READY, _K_BEGIN, _K_END))
        sel = idx[steps]
        step_start, ready_since = self._step_start, self._ready_since
        durations: list[int] = []
        duration_at: list[int] = []
        latencies: list[int] = []
        latency_at: list[int] = []
        for i, k, task, ts in zip(sel.tolist(), kinds[steps].tolist(), store.task[sel].tolist(),
                                  store.ts[sel].tolist(), strict=True):
            if k == _K_BEGIN:
                step_start[task] = ts
                since = ready_since.pop(task, None)
                if since is not None:
                    latencies.append(ts - since)
                    latency_at.append(i)
            elif k == _K_END:
                began = step_start.pop(task, None)
                if began is not None:
                    durations.append(ts - began)
                    duration_at.append(i)
            elif task not in ready_since:
                ready_since[task] = ts
        if durations:
            self.step_ns.extend(durations)
            self._at["step_ns"].extend(duration_at)
        if latencies:
            self.latency_ns.extend(np.maximum(latencies, 0))
            self._at["latency_ns"].extend(latency_at)

    def trim(self, cut: int) -> None:
        """The store let events ``[0, cut)`` go: forget the values measured at them (the
        distributions describe the events held) and renumber the rest."""
        for name, at in self._at.items():
            k = int(np.searchsorted(at.values, cut))
            for series in (at, *self._series[name]):
                series.drop_first(k)
            at.values[:] -= cut
        self.slow = [replace(s, index=s.index - cut) for s in self.slow if s.index >= cut]
        self._end = max(0, self._end - cut)

    @staticmethod
    def histogram(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(counts, edges in ns) on the shared logarithmic bins."""
        counts, edges = np.histogram(np.clip(values, LOG_EDGES[0], LOG_EDGES[-1]),
                                     bins=LOG_EDGES)
        return counts, edges

    @staticmethod
    def percentile(values: np.ndarray, q: float) -> int:
        return int(np.percentile(values, q)) if len(values) else 0
