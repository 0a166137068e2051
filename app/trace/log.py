"""The event log's rows: what the GUI's log table and ``loopscope log`` show for each event.

A row has six cells: the time in ms since the recording's first event, the unit the event
happened in (see :mod:`app.trace.events`: the number of the last unit opened at or before it),
the kind ("STEP_BEGIN"), the task it concerns (as every view names it), the fd it concerns
(:func:`app.trace.events.event_fd`) and the sentence (:meth:`Describer.event`). The table asks
for one cell at a time (:func:`log_cell`); the command line walks whole ranges
(:func:`log_rows`). Both read the same functions, so both say the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import numpy as np

from app.trace.events import FD_KINDS, FD_WAITS, PREEMPTIVE, Cause, Ev, event_fd
from app.trace.store import EventStore
from app.trace.text import Describer, kind_name

#: The columns, in order: indices for :func:`log_cell`.
TIME, UNIT, KIND, TASK, FD, TEXT = range(6)
COLUMNS = ("time", "unit", "kind", "task", "fd", "text")

_CHUNK = 1 << 14  # events per columns() call when walking a range


class LogRow(NamedTuple):
    time: str  # ms since the recording's first event, 3 decimals
    unit: str
    kind: str
    task: str  # "" for an event of no task
    fd: str  # "" for an event about no fd
    text: str


def time_text(ts: int, t0: int) -> str:
    return f"{(ts - t0) / 1e6:.3f}"


def running_units(store: EventStore, start: int, end: int, previous: int = 0) -> np.ndarray:
    """The unit of each event of ``[start, end)``: the number carried by the last
    unit-opening event at or before it (``previous``: the unit of event ``start - 1``)."""
    kinds = store.kind[start:end]
    numbers = np.zeros(end - start, dtype=np.int64)
    for kind, column in ((Ev.STEP_BEGIN, store.a), (Ev.POLL_BEGIN, store.b),
                         (Ev.CALLBACK_BEGIN, store.c), (Ev.TIMER_FIRED, store.c)):
        where = kinds == kind
        if where.any():
            numbers[where] = column[start:end][where]
    if end > start:
        numbers[0] = max(int(numbers[0]), previous)
    return np.maximum.accumulate(numbers) if end > start else numbers


def about_fd(store: EventStore, start: int, end: int, fd: int) -> np.ndarray:
    """Which events of ``[start, end)`` concern ``fd``: :func:`event_fd` over the columns."""
    kind, a, b = store.kind[start:end], store.a[start:end], store.b[start:end]
    about: np.ndarray = ((np.isin(kind, [int(k) for k in FD_KINDS]) & (a == fd))
            | ((kind == Ev.PEER_IO) & (a == fd) & (fd >= 0))
            | ((kind == Ev.TASK_READY) & (a == Cause.FD) & (b == fd))
            | ((kind == Ev.STEP_END) & np.isin(a, [int(w) for w in FD_WAITS]) & (b == fd)))
    return about


def log_cell(store: EventStore, i: int, unit: int, describer: Describer, column: int) -> str:
    """The text of one cell of event ``i``'s row (``unit``: its unit, from
    :func:`running_units`)."""
    if column == TIME:
        return time_text(int(store.ts[i]), store.t0)
    if column == UNIT:
        return str(unit)
    kind = int(store.kind[i])
    if column == KIND:
        return kind_name(kind)
    task = int(store.task[i])
    if column == TASK:
        return describer.task_name(task) if task else ""
    a, b = int(store.a[i]), int(store.b[i])
    if column == FD:
        fd = event_fd(kind, a, b)
        return "" if fd is None else str(fd)
    return describer.event(kind, task, a, b, int(store.c[i]))


def recorded_backend(store: EventStore) -> str:
    """What the recording ran on, as its first LOOP_INFO or THREADS_INFO event says: the
    loop's backend ("epoll"), :data:`PREEMPTIVE`, or "" if neither was recorded (lost)."""
    opened = np.flatnonzero((store.kind == Ev.LOOP_INFO) | (store.kind == Ev.THREADS_INFO))
    if not len(opened):
        return ""
    first = int(opened[0])
    if int(store.kind[first]) == Ev.THREADS_INFO:
        return PREEMPTIVE
    return store.string(int(store.b[first]))


def log_rows(store: EventStore, describer: Describer, rows: np.ndarray | None = None,
             ) -> Iterator[tuple[int, LogRow]]:
    """(event index, row) for every event of the store, or for the event indices ``rows``
    (ascending), in store order."""
    n = len(store)
    units = running_units(store, 0, n)
    selected = np.arange(n) if rows is None else rows
    t0 = store.t0
    name = describer.task_name
    columns = (store.ts, store.kind, store.task, store.a, store.b, store.c, units)
    for k in range(0, len(selected), _CHUNK):
        chunk = selected[k:k + _CHUNK]
        ts_l, kind_l, task_l, a_l, b_l, c_l, unit_l = (col[chunk].tolist() for col in columns)
        for j, i in enumerate(chunk.tolist()):
            kind, task, a, b = kind_l[j], task_l[j], a_l[j], b_l[j]
            fd = event_fd(kind, a, b)
            yield i, LogRow(time_text(ts_l[j], t0), str(unit_l[j]), kind_name(kind),
                            name(task) if task else "", "" if fd is None else str(fd),
                            describer.event(kind, task, a, b, c_l[j]))
