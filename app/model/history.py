"""Per-task views of the trace: a task's transitions (:func:`task_history`, and as text
:func:`history_text`) and every task's state intervals for a timeline (:func:`intervals`).

Both derive the states from the task-state rules (:mod:`app.model.rules`): the history calls
:func:`~app.model.rules.task_transition` per event, the intervals apply its table form to all
tasks at once with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from app.model.rules import (
    NOT_SEEN,
    RULE_NOT_SEEN,
    TASK_KINDS,
    TASK_STATE,
    event_classes,
    run_rules,
    task_transition,
)
from app.model.state import DONE, NEW, READY, REGISTERED, RUNNING
from app.trace.events import Cause, Ev
from app.trace.log import recorded_backend
from app.trace.store import EventStore
from app.trace.text import COMPLETION_BACKENDS, cause_text, outcome_text, wait_text

_K_SPAWNED = int(Ev.TASK_SPAWNED)
_K_READY = int(Ev.TASK_READY)
_K_BEGIN = int(Ev.STEP_BEGIN)
_K_END = int(Ev.STEP_END)
_K_EXITED = int(Ev.TASK_EXITED)
_C_YIELD = int(Cause.YIELD)


@dataclass(frozen=True, slots=True)
class Transition:
    """One state change of one task: the event that caused it and why. (A dataclass, not
    a NamedTuple: a tuple's ``index`` method would shadow the field.)

    ``reason`` by state: NEW (parent, eager, name sid); READY (cause, detail, mask); RUNNING
    (unit, 0, 0); REGISTERED (wait, detail, c); DONE (outcome, text sid, 0) — outcome 0 until
    TASK_EXITED arrives.
    """

    index: int
    ts: int
    state: int
    reason: tuple[int, int, int]


_TASK_KINDS = np.array(TASK_KINDS, dtype=np.uint8)


def task_history(store: EventStore, serial: int) -> list[Transition]:
    """Every state change of task ``serial``, in event order.

    The states are :func:`~app.model.rules.task_transition`'s. Every TASK_SPAWNED, STEP_BEGIN,
    STEP_END and TASK_EXITED is a transition (a repeated state too: each step, each wait is
    one); a TASK_READY is one only when it changes the state (absorbed by the task's running
    step, its cause becomes the reason of the READY its STEP_END leads to). A TASK_EXITED right
    after the STEP_END that made the task DONE fills in that transition's outcome.
    """
    idx = np.flatnonzero((store.task == serial) & (store.kind <= _K_EXITED))  # kinds 1-5
    out: list[Transition] = []
    state, queued = NOT_SEEN, False
    pending: tuple[int, int, int] = (_C_YIELD, serial, 0)  # the READY a step's end leads to
    kinds = store.kind[idx].tolist()
    tss = store.ts[idx].tolist()
    a_l, b_l, c_l = store.a[idx].tolist(), store.b[idx].tolist(), store.c[idx].tolist()
    for i, kind, ts, a, b, c in zip(idx.tolist(), kinds, tss, a_l, b_l, c_l, strict=True):
        new, queued = task_transition(state, queued, kind, a)
        if kind == _K_READY:
            if queued:
                pending = (a, b, c)  # effective at its STEP_END
            elif new != state:
                out.append(Transition(i, ts, new, (a, b, c)))
        elif kind == _K_BEGIN:
            pending = (_C_YIELD, serial, 0)
            out.append(Transition(i, ts, new, (a, 0, 0)))
        elif kind == _K_END:
            reason = (0, 0, 0) if new == DONE else pending if new == READY else (a, b, c)
            out.append(Transition(i, ts, new, reason))
        elif kind == _K_EXITED and state == DONE and out and out[-1].reason[0] == 0:
            out[-1] = replace(out[-1], reason=(a, b, 0))
        elif kind == _K_EXITED:
            out.append(Transition(i, ts, new, (a, b, 0)))
        else:  # TASK_SPAWNED
            out.append(Transition(i, ts, new, (a, b, c)))
        state = new
    return out


def history_text(history: list[Transition], store: EventStore) -> list[str]:
    """``spawned``, ``ready(spawn)``, ``running``, ``registered(fd-read 7)``,
    ``ready(fd 7 readable)``, …, ``done(ok)`` (tasks named from the store's task table)."""
    strings = store.strings
    name = store.task_name
    completion = recorded_backend(store) in COMPLETION_BACKENDS
    out = []
    for t in history:
        r = t.reason
        if t.state == NEW:
            out.append("spawned")
        elif t.state == READY:
            out.append(f"ready({cause_text(r[0], r[1], r[2], strings, name, completion)})")
        elif t.state == RUNNING:
            out.append("running")
        elif t.state == REGISTERED:
            out.append(f"registered({wait_text(r[0], r[1], r[2], strings, name, completion)})")
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

    The states are those of the task-state rules (:data:`app.model.rules.RULES`, applied with
    :func:`~app.model.rules.run_rules`); an event that leaves the state as it was (a TASK_READY
    during the task's own step, a repeated state) starts no interval.
    """
    n = len(store) if stop is None else min(stop, len(store))
    kind = store.kind[:n]
    task = store.task[:n]
    sel = np.flatnonzero(np.isin(kind, _TASK_KINDS) & (task != 0))
    order = sel[np.argsort(task[sel], kind="stable")]
    t = task[order].astype(np.int64)
    ts = store.ts[:n][order]
    m = len(order)
    head = np.ones(m, bool)  # first row of its task
    head[1:] = t[1:] != t[:-1]
    codes = run_rules(event_classes(kind[order], store.a[:n][order]), head,
                      np.full(m, RULE_NOT_SEEN, np.int8))
    state = TASK_STATE[codes].astype(np.int64)
    before = np.empty(m, np.int64)
    before[1:] = state[:-1]
    before[head] = NOT_SEEN
    changed = state != before
    t, ts, state = t[changed], ts[changed], state[changed]
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
