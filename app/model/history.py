"""Per-task views of the trace: a task's transitions (:func:`task_history`, and as text
:func:`history_text`) and every task's state intervals for a timeline (:func:`intervals`).

Both follow the reducer's task-state rules (:func:`app.model.reducer.task_transition`): the
same states, entered at the same events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from app.model.state import DONE, NEW, READY, REGISTERED, RUNNING
from app.trace.events import Cause, Ev, Wait
from app.trace.store import EventStore
from app.trace.text import cause_text, outcome_text, wait_text

_K_SPAWNED = int(Ev.TASK_SPAWNED)
_K_READY = int(Ev.TASK_READY)
_K_BEGIN = int(Ev.STEP_BEGIN)
_K_END = int(Ev.STEP_END)
_K_EXITED = int(Ev.TASK_EXITED)
_W_READY = int(Wait.READY)
_W_DONE = int(Wait.DONE)
_C_YIELD = int(Cause.YIELD)


class Transition(NamedTuple):
    """One state change of one task: the event that caused it and why.

    ``reason`` by state: NEW (parent, eager, name sid); READY (cause, detail, mask); RUNNING
    (unit, 0, 0); REGISTERED (wait, detail, c); DONE (outcome, text sid, 0) — outcome 0 until
    TASK_EXITED arrives.
    """

    index: int
    ts: int
    state: int
    reason: tuple[int, int, int]


_TASK_KINDS = np.array([_K_SPAWNED, _K_READY, _K_BEGIN, _K_END, _K_EXITED], dtype=np.uint8)


def task_history(store: EventStore, serial: int) -> list[Transition]:
    """Every state change of task ``serial``, in event order (same rules as the reducer)."""
    idx = np.flatnonzero((store.task == serial) & (store.kind <= _K_EXITED))
    out: list[Transition] = []
    state = -1
    pending: tuple[int, int, int] = (_C_YIELD, serial, 0)
    kinds = store.kind[idx].tolist()
    tss = store.ts[idx].tolist()
    a_l, b_l, c_l = store.a[idx].tolist(), store.b[idx].tolist(), store.c[idx].tolist()
    queued_in_step = False
    for i, kind, ts, a, b, c in zip(idx.tolist(), kinds, tss, a_l, b_l, c_l, strict=True):
        if kind == _K_SPAWNED:
            state = NEW
            out.append(Transition(i, ts, NEW, (a, b, c)))
        elif kind == _K_READY:
            if state == RUNNING:
                pending = (a, b, c)  # effective at its STEP_END
                queued_in_step = True
            elif state != READY:
                state = READY
                out.append(Transition(i, ts, READY, (a, b, c)))
        elif kind == _K_BEGIN:
            state = RUNNING
            pending = (_C_YIELD, serial, 0)
            queued_in_step = False
            out.append(Transition(i, ts, RUNNING, (a, 0, 0)))
        elif kind == _K_END:
            if a != _W_DONE and (a == _W_READY or queued_in_step):
                state = READY
                out.append(Transition(i, ts, READY, pending))
            elif a == _W_DONE:
                state = DONE
                out.append(Transition(i, ts, DONE, (0, 0, 0)))
            else:
                state = REGISTERED
                out.append(Transition(i, ts, REGISTERED, (a, b, c)))
        else:  # TASK_EXITED
            if state == DONE and out and out[-1].reason[0] == 0:
                out[-1] = out[-1]._replace(reason=(a, b, 0))
            else:
                state = DONE
                out.append(Transition(i, ts, DONE, (a, b, 0)))
    return out


def history_text(history: list[Transition], store: EventStore) -> list[str]:
    """``spawned``, ``ready(spawn)``, ``running``, ``registered(fd-read 7)``,
    ``ready(fd 7 readable)``, …, ``done(ok)`` (tasks named from the store's task table)."""
    strings = store.strings
    name = store.task_name
    out = []
    for t in history:
        r = t.reason
        if t.state == NEW:
            out.append("spawned")
        elif t.state == READY:
            out.append(f"ready({cause_text(r[0], r[1], r[2], strings, name)})")
        elif t.state == RUNNING:
            out.append("running")
        elif t.state == REGISTERED:
            out.append(f"registered({wait_text(r[0], r[1], r[2], strings, name)})")
        else:
            out.append(f"done({outcome_text(r[0], r[1], strings)})")
    return out


@dataclass(frozen=True, slots=True)
class Intervals:
    """Every task's states as intervals, flat and grouped by task (for a timeline).

    Rows are sorted by task, then time; ``state`` is a :class:`TaskStateCode` (DONE is terminal
    and gets no interval). ``serials[k]``'s rows are ``[bounds[k], bounds[k + 1])``.
    """

    task: np.ndarray  # int64
    start: np.ndarray  # int64 ns
    end: np.ndarray  # int64 ns (the open interval of a live task ends at ``end_ts``)
    state: np.ndarray  # uint8
    serials: np.ndarray  # int64, sorted
    bounds: np.ndarray  # int64, len(serials) + 1

    def for_task(self, serial: int) -> np.ndarray:
        """(n, 3) int64 rows of (start_ts, end_ts, state) for one task."""
        k = int(np.searchsorted(self.serials, serial))
        if k >= len(self.serials) or self.serials[k] != serial:
            return np.empty((0, 3), np.int64)
        lo, hi = int(self.bounds[k]), int(self.bounds[k + 1])
        return np.stack([self.start[lo:hi], self.end[lo:hi],
                         self.state[lo:hi].astype(np.int64)], axis=1)

    def by_task(self) -> dict[int, np.ndarray]:
        """serial -> (n, 3) int64 rows of (start_ts, end_ts, state): views of one array."""
        if not len(self.serials):
            return {}
        rows = np.stack([self.start, self.end, self.state.astype(np.int64)], axis=1)
        parts = np.split(rows, self.bounds[1:-1])
        return dict(zip(self.serials.tolist(), parts, strict=True))

    def time_in_state(self) -> np.ndarray:
        """(len(serials), 4) ns per task in NEW, REGISTERED, READY, RUNNING."""
        out = np.zeros((len(self.serials), 4), np.int64)
        group = np.repeat(np.arange(len(self.serials)), np.diff(self.bounds))
        np.add.at(out, (group, self.state.astype(np.intp)), self.end - self.start)
        return out


def intervals(store: EventStore, end_ts: int | None = None, stop: int | None = None
              ) -> Intervals:
    """Per-task state intervals over events ``[0, stop)``, vectorised (no Python loop per event).

    A TASK_READY recorded while the task runs (a bare yield) changes nothing until the step's
    end, exactly as in the reducer; repeated states merge.
    """
    n = len(store) if stop is None else min(stop, len(store))
    kind = store.kind[:n]
    task = store.task[:n]
    sel = np.flatnonzero(np.isin(kind, _TASK_KINDS) & (task != 0))
    order = sel[np.argsort(task[sel], kind="stable")]
    t = task[order].astype(np.int64)
    k = kind[order]
    a = store.a[:n][order]
    ts = store.ts[:n][order]
    m = len(order)
    state = np.full(m, -1, np.int64)
    state[k == _K_SPAWNED] = NEW
    state[k == _K_READY] = READY
    state[k == _K_BEGIN] = RUNNING
    end_rows = k == _K_END
    state[end_rows] = np.where(a[end_rows] == _W_READY, READY,
                               np.where(a[end_rows] == _W_DONE, DONE, REGISTERED))
    state[k == _K_EXITED] = DONE
    # TASK_READY during its own step: the last step boundary before it is its STEP_BEGIN.
    pos = np.arange(m)
    boundary = np.isin(k, [_K_SPAWNED, _K_BEGIN, _K_END, _K_EXITED])
    last_b = np.maximum.accumulate(np.where(boundary, pos, -1)) if m else pos
    ready_rows = np.flatnonzero(k == _K_READY)
    lb = last_b[ready_rows]
    in_step = (lb >= 0) & (t[np.maximum(lb, 0)] == t[ready_rows]) & \
        (k[np.maximum(lb, 0)] == _K_BEGIN)
    # ...and the STEP_END closing such a step makes it READY whatever it says it waits for
    # (unless DONE), as in the reducer.
    in_step_rows = ready_rows[in_step]
    nxt = in_step_rows + 1
    ok = nxt < m
    nxt = nxt[ok]
    closes = (k[nxt] == _K_END) & (t[nxt] == t[in_step_rows[ok]]) & (state[nxt] != DONE)
    state[nxt[closes]] = READY
    state[in_step_rows] = -1
    keep = state >= 0
    t, ts, state = t[keep], ts[keep], state[keep]
    # Merge repeats (READY after READY, DONE after DONE) within a task.
    if len(t):
        dup = np.zeros(len(t), bool)
        dup[1:] = (t[1:] == t[:-1]) & (state[1:] == state[:-1])
        t, ts, state = t[~dup], ts[~dup], state[~dup]
    if end_ts is None:
        end_ts = int(store.ts[:n].max()) if n else 0
    end = np.empty_like(ts)
    if len(t):
        end[:-1] = ts[1:]
        end[-1] = end_ts
        last_of_task = np.ones(len(t), bool)
        last_of_task[:-1] = t[1:] != t[:-1]
        end[last_of_task] = end_ts
    end = np.maximum(end, ts)
    live = state != DONE
    t, ts, end, state = t[live], ts[live], end[live], state[live]
    serials, first = np.unique(t, return_index=True)
    bounds = np.append(first, len(t)).astype(np.int64)
    return Intervals(t, ts, end, state.astype(np.uint8), serials.astype(np.int64), bounds)
