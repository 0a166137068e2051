"""Export a recording as Chrome Trace Event JSON: opens in Perfetto and ``chrome://tracing``.

What the exported trace shows (one process, ``pid`` 1):

=====================  ====================================================================
track (``tid``)        contents
=====================  ====================================================================
event loop (1)         each poll as a slice named by the system call (``epoll_wait``,
                       ``kevent``, ``poll``, ``select``, ``GetQueuedCompletionStatus``) with
                       its timeout, the events it returned, the fds and the time it blocked;
                       a ``harvest`` slice for the work after it (the fd callbacks queued);
                       an instant per fd event and per timer fired; a slice per plain
                       callback run (named by the callback)
commands (2)           the engine's commands (launch, cancel, pause, …): a marker slice per
                       command that queued work, an instant for the others
thread NAME (10–999)   ``call_soon_threadsafe`` from another thread (an executor worker,
                       aiosqlite): a short marker slice per call
one per task (1000+n)  task serial n: its steps as slices named by the task (args: step
                       number, what woke it, what it waits for next), ``ready`` slices (in
                       the ready queue) and ``waiting: REASON`` slices (registered) between
                       them; an instant when it exits; OS threads of a preemptive recording
                       are tasks too (``ready`` there is *inferred* waiting for the GIL)
counter "ready queue"  ready-queue length (tasks, callbacks) as each unit begins (polls, timers,
                       steps, callbacks), when it changed
=====================  ====================================================================

Flow arrows (``ph`` ``s`` → ``f`` with ``bp: "e"``) go from what woke something to the
slice it woke: from the harvest of the poll that returned an fd to the callback it queued
(fd event → callback), from whatever ran when a task became ready (the fd callback, the
timer's callback, the task that set its future, the thread marker, the command) to that
task's next step, and likewise to plain callbacks. A flow point must lie *inside* a slice of
its track for the viewers to bind it (Perfetto binds a flow event to the innermost slice open
at its timestamp), so every flow end is placed 1 ns inside its slice, and a flow whose source
is in no slice (e.g. work queued before the loop ran) is left out rather than drawn loose:
:class:`ExportStats` counts those.

Every track's slices are well nested (a slice cut short by lost events is closed where the
next state begins; a partial overlap is clipped to its parent), a slice that ends where the
next begins ends 1 ns early (see :func:`_part`), timestamps are microseconds from the first
event with exact nanosecond decimals, and each track's events are written in time order.
Pure Python + json; no Qt.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, TypeAlias

from app.trace.events import (
    PREEMPTIVE,
    WAIT_UNKNOWN,
    Cause,
    Ev,
    PeerAction,
    Wait,
    mask_text,
    string_at,
)
from app.trace.names import shown
from app.trace.store import EventStore
from app.trace.text import (
    COMPLETION_BACKENDS,
    QT_TR_NOOP,
    Sentence,
    TraceNames,
    cause_text,
    enum_name,
    overlapped_call,
    wait_text,
)
from app.trace.tracefile import SessionInfo

PID = 1
LOOP_TID = 1
COMMANDS_TID = 2
THREAD_TID_BASE = 10
THREAD_TID_LAST = 999  # more distinct threads than this share the last track
TASK_TID_BASE = 1000
_CHUNK = 1 << 16

# The event kinds as plain ints: the dispatch below compares each event against them.
_CALLBACK_BEGIN = int(Ev.CALLBACK_BEGIN)
_CALLBACK_END = int(Ev.CALLBACK_END)
_CALLBACK_READY = int(Ev.CALLBACK_READY)
_CONTROL = int(Ev.CONTROL)
_FD_EVENT = int(Ev.FD_EVENT)
_HANDLE_SKIPPED = int(Ev.HANDLE_SKIPPED)
_INSTRUMENT_ERROR = int(Ev.INSTRUMENT_ERROR)
_LOOP_INFO = int(Ev.LOOP_INFO)
_MARK = int(Ev.MARK)
_PEER_IO = int(Ev.PEER_IO)
_POLL_BEGIN = int(Ev.POLL_BEGIN)
_POLL_END = int(Ev.POLL_END)
_SLOW_STEP = int(Ev.SLOW_STEP)
_STEP_BEGIN = int(Ev.STEP_BEGIN)
_STEP_END = int(Ev.STEP_END)
_TASK_EXITED = int(Ev.TASK_EXITED)
_TASK_READY = int(Ev.TASK_READY)
_TASK_RENAMED = int(Ev.TASK_RENAMED)
_TASK_SPAWNED = int(Ev.TASK_SPAWNED)
_THREADS_INFO = int(Ev.THREADS_INFO)
_THREAD_WAKE = int(Ev.THREAD_WAKE)
_TIMER_ADDED = int(Ev.TIMER_ADDED)
_TIMER_CANCELLED = int(Ev.TIMER_CANCELLED)
_TIMER_FIRED = int(Ev.TIMER_FIRED)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ExportError(Exception):
    """The export could not be written; ``str(exc)`` says why, for the user, in English, and
    ``app.trace.text.error_text(exc, tr)`` in the language of ``tr``."""


class ExportCancelled(ExportError):
    """The user cancelled the export (no file was left behind)."""


@dataclass(frozen=True)
class ExportStats:
    events: int  # trace events written (metadata included)
    slices: int
    instants: int
    flows: int  # flows written (each is an "s" and an "f")
    flows_unbound: int  # wake-ups whose cause lay in no slice: not drawn
    counters: int
    tracks: int


#: A value in a trace event's ``args`` (what ``json`` writes).
JsonValue: TypeAlias = "str | int | float | bool | list[JsonValue] | dict[str, JsonValue] | None"
Args: TypeAlias = dict[str, JsonValue]


class _Slice:
    """A slice while it is built (its end moves until the state it shows ends)."""

    __slots__ = ("args", "cat", "end", "name", "start")

    def __init__(self, start: int, end: int, name: str, cat: str, args: Args) -> None:
        self.start = start  # ns
        self.end = end  # ns
        self.name = name
        self.cat = cat
        self.args = args


class _Builder:
    """One pass over the events: slices, instants, counters and flow candidates per track."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.strings = store.strings
        self.names = TraceNames(store.strings)
        self.slices: dict[int, list[_Slice]] = {}
        self.instants: dict[int, list[tuple[int, str, str, Args]]] = {}
        self.counters: list[tuple[int, int, int]] = []
        # (source tid, source ts, destination tid, destination ts, name)
        self.flows: list[tuple[int, int, int, int, str]] = []
        self.thread_tids: dict[int, int] = {}  # thread string id -> tid
        self.task_names: dict[int, str] = {s: store.task_name(s) for s in store.tasks}
        self.preemptive = False
        self.backend = ""
        # per task: the open slice, whether it re-queued itself during its step, the cause of
        # its last wake-up (text) and the flow waiting for its next step
        self.open: dict[int, _Slice | None] = {}
        self.requeued: dict[int, tuple[int, str]] = {}  # serial -> (cause, its label)
        self.woken_by: dict[int, str] = {}
        self.pending_task_flow: dict[int, tuple[int, int, str]] = {}
        self.steps: dict[int, int] = {}
        self.eager: set[int] = set()
        # the loop track
        self.stack: list[int] = []  # tids of the units running now (an eager step nests)
        self.in_poll_unit = False
        self.poll: _Slice | None = None
        self.harvest: tuple[int, int, list[str]] | None = None  # (start, last ts, fds)
        self.callback: tuple[int, int, str] | None = None  # (start, handle, name)
        self.cb_cause: dict[int, str] = {}
        self.pending_cb_flow: dict[int, tuple[int, int, str]] = {}
        self.timer_names: dict[int, int] = {}  # timer handle -> callback string id
        self.thread_wake: dict[int, int] = {}  # thread string id -> ts of its THREAD_WAKE
        self.control_at: dict[int, tuple[int, int]] = {}  # handle -> (ts, Control)
        self.queued_tasks: set[int] = set()
        self.queued_handles: set[int] = set()
        self.last_ts = 0
        self.labels: dict[tuple[int, int, int], str] = {}

    # -- helpers -------------------------------------------------------------------------------
    def s(self, sid: int) -> str:
        return string_at(self.strings, sid)

    def name(self, serial: int) -> str:
        return self.task_names.get(serial) or self.names.unnamed_task(serial)

    def add_slice(self, tid: int, start: int, end: int, name: str, cat: str,
                  args: Args) -> _Slice:
        sl = _Slice(start, max(start, end), name, cat, args)
        self.slices.setdefault(tid, []).append(sl)
        return sl

    def instant(self, tid: int, ts: int, name: str, cat: str,
                args: Args | None = None) -> None:
        self.instants.setdefault(tid, []).append((ts, name, cat, args or {}))

    def thread_tid(self, sid: int) -> int:
        known = self.thread_tids.get(sid)
        if known is not None:
            return known
        tid = min(THREAD_TID_BASE + len(self.thread_tids), THREAD_TID_LAST)
        self.thread_tids[sid] = tid
        return tid

    def cause_label(self, cause: int, detail: int, mask: int) -> str:
        key = (cause, detail, mask)
        text = self.labels.get(key)
        if text is None:  # the same few causes repeat: format each once (enum lookups cost)
            text = self.labels[key] = cause_text(cause, detail, mask, self.strings, self.name,
                                                 self.backend in COMPLETION_BACKENDS)
        return text

    def context(self) -> int | None:
        """The track of whatever is running on the loop thread now."""
        if self.stack:
            return self.stack[-1]
        return LOOP_TID if self.in_poll_unit else None

    def source(self, ts: int, cause: int, detail: int) -> tuple[int, int] | None:
        """Where a wake-up's arrow starts: (tid, ts), or None when nothing ran it."""
        if cause == Cause.THREAD:
            start = self.thread_wake.pop(detail, ts)
            tid = self.thread_tid(detail)
            self.add_slice(tid, start, max(ts, start + 2), self.names.thread_call(), "thread",
                           {"thread": self.s(detail)})
            return tid, ts
        if self.preemptive:
            # Threads run at once: only "another thread did it" (join, queue) has a source.
            if cause == Cause.TASK and detail:
                return TASK_TID_BASE + detail, ts
            return None
        if cause in (Cause.OUTSIDE, Cause.YIELD, Cause.CONTROL):
            return None
        running = self.context()
        return None if running is None else (running, ts)

    def count(self, ts: int) -> None:
        """Sample the ready-queue length at a unit boundary (once per unit at most: the
        length inside a unit changes with every wake-up, which would double the trace)."""
        entry = (ts, len(self.queued_tasks), len(self.queued_handles))
        if not self.counters or self.counters[-1][1:] != entry[1:]:
            self.counters.append(entry)

    # -- task states ---------------------------------------------------------------------------
    def close_task(self, serial: int, ts: int) -> None:
        sl = self.open.get(serial)
        if sl is not None:
            sl.end = max(sl.start, ts)
            self.open[serial] = None

    def open_task(self, serial: int, ts: int, name: str, cat: str,
                  args: Args) -> None:
        self.close_task(serial, ts)
        self.open[serial] = self.add_slice(TASK_TID_BASE + serial, ts, ts, name, cat, args)

    def end_units(self, ts: int) -> None:
        """A new unit opens: whatever the loop thread was doing has ended."""
        self.close_harvest()
        if self.callback is not None:  # its CALLBACK_END was lost
            start, handle, name = self.callback
            self.add_slice(LOOP_TID, start, ts, name, "callback",
                           {"handle": handle, "unfinished": True})
            self.callback = None
        for tid in self.stack:  # steps whose STEP_END was lost
            serial = tid - TASK_TID_BASE
            sl = self.open.get(serial)
            if sl is not None and sl.cat == "step":
                sl.args["then"] = wait_text(WAIT_UNKNOWN, 0, 0, self.strings)
                self.close_task(serial, ts)
        self.stack.clear()
        self.in_poll_unit = False

    def close_harvest(self) -> None:
        if self.harvest is not None:
            start, last, fds = self.harvest
            if last > start:
                self.add_slice(LOOP_TID, start, last, self.names.harvest(), "poll",
                               {"fds": ", ".join(fds)} if fds else {})
            self.harvest = None

    # -- the pass ------------------------------------------------------------------------------
    def run(self, progress: Progress | None, cancelled: Cancelled | None, total: int) -> None:
        n = len(self.store)
        for i in range(0, n, _CHUNK):
            if cancelled is not None and cancelled():
                raise ExportCancelled(Sentence(QT_TR_NOOP("the export was cancelled")))
            self.feed(*self.store.columns(i, i + _CHUNK))
            if progress is not None:
                progress(min(n, i + _CHUNK), total)
        self.finish()

    def feed(self, ts_l: list[int], kind_l: list[int], task_l: list[int], a_l: list[int],
             b_l: list[int], c_l: list[int]) -> None:
        for ts, kind, task, a, b, c in zip(ts_l, kind_l, task_l, a_l, b_l, c_l, strict=True):
            self.last_ts = max(self.last_ts, ts)
            if kind == _STEP_BEGIN:
                self.step_begin(ts, task, a)
            elif kind == _STEP_END:
                self.step_end(ts, task, a, b, c)
            elif kind == _TASK_READY:
                self.task_ready(ts, task, a, b, c)
            elif kind == _CALLBACK_READY:
                self.callback_ready(ts, a, b, c)
            elif kind == _CALLBACK_BEGIN:
                self.end_units(ts)
                self.queued_handles.discard(a)
                self.count(ts)
                self.callback = (ts, a, self.s(b))
                self.stack.append(LOOP_TID)
                flow = self.pending_cb_flow.pop(a, None)
                if flow is not None:
                    self.flows.append((flow[0], flow[1], LOOP_TID, ts, flow[2]))
            elif kind == _CALLBACK_END:
                if self.callback is not None and self.callback[1] == a:
                    start, handle, name = self.callback
                    args: Args = {"handle": handle}
                    cause = self.cb_cause.pop(handle, "")
                    if cause:
                        args["queued by"] = cause
                    self.add_slice(LOOP_TID, start, ts, name, "callback", args)
                    self.callback = None
                    if self.stack and self.stack[-1] == LOOP_TID:
                        self.stack.pop()
            elif kind == _POLL_BEGIN:
                self.poll_begin(ts, a, c)
            elif kind == _POLL_END:
                self.poll_end(ts, a, b)
            elif kind == _FD_EVENT and self.backend in COMPLETION_BACKENDS:
                # IOCP: a completion packet dequeued inside the wait (before its POLL_END)
                op = overlapped_call(self.s(c))
                self.instant(LOOP_TID, ts, self.names.completion(op, a), "fd",
                             {"handle": a, "operation": op})
            elif kind == _FD_EVENT:
                label = f"{a} {mask_text(b)}"
                self.instant(LOOP_TID, ts, self.names.fd_event(a, b), "fd",
                             {"fd": a, "mask": mask_text(b)})
                if self.harvest is not None:
                    start, _, fds = self.harvest
                    fds.append(label)
                    self.harvest = (start, ts, fds)
                elif self.poll is not None:  # IOCP: completions come before POLL_END
                    reported = self.poll.args.setdefault("fds", [])
                    assert isinstance(reported, list)
                    reported.append(label)
            elif kind == _TIMER_ADDED:
                self.timer_names[a] = c
            elif kind == _TIMER_FIRED:
                self.end_units(ts)
                name = self.s(self.timer_names.pop(a, 0))
                self.instant(LOOP_TID, ts, self.names.timer_fired(name), "timer",
                             {"handle": a, "late_us": round(b / 1000, 3)})
                self.cb_cause[a] = self.names.timer_cause(a, b)
                self.queued_handles.add(a)
                self.count(ts)
            elif kind == _HANDLE_SKIPPED:
                self.queued_handles.discard(a)
                self.pending_cb_flow.pop(a, None)
            elif kind == _TASK_SPAWNED:
                if task not in self.task_names:
                    self.task_names[task] = self.s(c)
                self.open.setdefault(task, None)
                if b:
                    self.eager.add(task)
            elif kind == _TASK_EXITED:
                self.close_task(task, ts)
                self.queued_tasks.discard(task)
                self.instant(TASK_TID_BASE + task, ts, self.names.exited(a, b), "exit")
            elif kind == _THREAD_WAKE:
                self.thread_wake[b] = ts
            elif kind == _CONTROL:
                self.control(ts, a, b, c)
            elif kind == _SLOW_STEP:
                tid = TASK_TID_BASE + task if task else LOOP_TID
                self.instant(tid, ts, self.names.slow_step(a), "slow",
                             {"where": self.s(b), "threshold_ms": c / 1e6})
            elif kind == _TASK_RENAMED:
                info = self.store.tasks.get(task)
                self.task_names[task] = shown(self.s(a), info.coro if info else "")
                self.labels.clear()  # cause texts name tasks
            elif kind == _THREADS_INFO:
                self.preemptive = True
                self.backend = PREEMPTIVE
            elif kind == _LOOP_INFO:
                self.backend = self.s(b)
            elif kind == _MARK:
                self.instant(TASK_TID_BASE + task if task else LOOP_TID, ts, self.s(a), "mark")
            elif kind == _PEER_IO:  # ② fire: a peer's I/O makes a loop fd ready, while it waits
                self.instant(LOOP_TID, ts, self.names.peer_io(a, b, c), "peer",
                             {"fd": a, "action": enum_name(PeerAction, b), "bytes": c})
            elif kind == _INSTRUMENT_ERROR:
                self.instant(LOOP_TID, ts, self.names.instrument_error(self.s(a)), "mark")
            elif kind == _TIMER_CANCELLED:
                self.timer_names.pop(a, None)
            # FD_REGISTER / FD_MODIFY / FD_UNREGISTER: the interest list is a board view, not
            # a timeline one; the poll slices carry what each wait returned.

    def step_begin(self, ts: int, serial: int, unit: int) -> None:
        eager = serial in self.eager
        if eager:
            self.eager.discard(serial)
        elif not self.preemptive:
            self.end_units(ts)
        self.queued_tasks.discard(serial)
        if not eager:
            self.count(ts)
        self.steps[serial] = k = self.steps.get(serial, 0) + 1
        args: Args = {"step": k, "unit": unit}
        woken = self.woken_by.pop(serial, "")
        if woken:
            args["woken by"] = woken
        if eager:
            args["eager"] = True
        self.open_task(serial, ts, self.name(serial), "step", args)
        if not self.preemptive:
            self.stack.append(TASK_TID_BASE + serial)
        flow = self.pending_task_flow.pop(serial, None)
        if flow is not None:
            self.flows.append((flow[0], flow[1], TASK_TID_BASE + serial, ts, flow[2]))

    def step_end(self, ts: int, serial: int, wait: int, detail: int, c: int) -> None:
        sl = self.open.get(serial)
        text = wait_text(wait, detail, c, self.strings, self.name,
                         self.backend in COMPLETION_BACKENDS)
        if sl is not None and sl.cat == "step":
            sl.args["then"] = text
        self.close_task(serial, ts)
        tid = TASK_TID_BASE + serial
        if self.stack and self.stack[-1] == tid:
            self.stack.pop()
        elif tid in self.stack:
            self.stack.remove(tid)
        requeued = self.requeued.pop(serial, None)
        if wait == Wait.DONE:
            return
        if requeued is not None or wait == Wait.READY:
            cause, label = requeued if requeued is not None else (int(Cause.YIELD), "")
            self.open_task(serial, ts, self.names.ready(cause), "ready",
                           {"woken by": label or self.cause_label(cause, 0, 0)})
        else:
            self.open_task(serial, ts, self.names.waiting(text), "wait", {"for": text})

    def task_ready(self, ts: int, serial: int, cause: int, detail: int, mask: int) -> None:
        label = self.cause_label(cause, detail, mask)
        self.queued_tasks.add(serial)
        self.woken_by[serial] = label
        sl = self.open.get(serial)
        if sl is not None and sl.cat == "step":
            # Queued during its own step (a preemptive thread lost the CPU: its STEP_END,
            # Wait.READY, follows): ready once the step ends.
            self.requeued[serial] = (cause, label)
        else:
            self.open_task(serial, ts, self.names.ready(cause), "ready", {"woken by": label})
        if self.harvest is not None and cause == Cause.FD:
            start, _, fds = self.harvest
            self.harvest = (start, ts, fds)
        src = self.source(ts, cause, detail)
        if src is not None and src[0] != TASK_TID_BASE + serial:
            self.pending_task_flow[serial] = (src[0], src[1], self.flow_name(cause))
        else:
            self.pending_task_flow.pop(serial, None)

    def callback_ready(self, ts: int, handle: int, cause: int, detail: int) -> None:
        self.queued_handles.add(handle)
        if cause == Cause.CONTROL:
            at = self.control_at.pop(handle, None)
            start = at[0] if at is not None else ts
            name = self.names.command(detail)
            self.add_slice(COMMANDS_TID, start, max(ts, start + 2), name, "command", {})
            self.cb_cause[handle] = name
            self.pending_cb_flow[handle] = (COMMANDS_TID, ts, "command")
            return
        self.cb_cause[handle] = self.cause_label(cause, detail, 0)
        if self.harvest is not None and cause == Cause.FD:
            start, _, fds = self.harvest
            self.harvest = (start, ts, fds)
        src = self.source(ts, cause, detail)
        if src is not None:
            self.pending_cb_flow[handle] = (src[0], src[1], self.flow_name(cause))

    def control(self, ts: int, control: int, detail: int, handle: int) -> None:
        if handle:
            self.control_at[handle] = (ts, control)
        else:
            self.instant(COMMANDS_TID, ts, self.names.command(control),
                         "command", {"detail": detail})

    @staticmethod
    def flow_name(cause: int) -> str:
        return enum_name(Cause, cause)

    def poll_begin(self, ts: int, timeout: int, backend_sid: int) -> None:
        self.end_units(ts)
        self.count(ts)
        self.in_poll_unit = True
        backend = self.s(backend_sid) or self.backend
        name = self.names.poll(backend)
        args: Args = {"timeout_ms": "forever" if timeout < 0 else timeout / 1e6}
        self.poll = self.add_slice(LOOP_TID, ts, ts, name, "poll", args)

    def poll_end(self, ts: int, nevents: int, blocked: int) -> None:
        if self.poll is None:
            return
        self.poll.end = max(self.poll.start, ts)
        self.poll.args["events"] = nevents
        self.poll.args["blocked_ms"] = round(blocked / 1e6, 6)
        self.harvest = (ts, ts, [])
        self.poll = None

    def finish(self) -> None:
        """Close whatever the recording left open, at its last timestamp."""
        end = self.last_ts
        if len(self.store):
            self.count(end)
        if self.poll is not None:
            self.poll.end = end
            self.poll.args["unfinished"] = True
            self.poll = None
        self.end_units(end)
        for serial, sl in self.open.items():
            if sl is not None:
                sl.args["unfinished"] = True
                self.close_task(serial, end)


def _nest(slices: list[_Slice]) -> list[_Slice]:
    """Sort a track's slices parents-first and clip partial overlaps into their parent."""
    slices.sort(key=lambda s: (s.start, -s.end))
    stack: list[_Slice] = []
    for sl in slices:
        while stack and stack[-1].end <= sl.start:
            stack.pop()
        if stack and sl.end > stack[-1].end:
            sl.end = stack[-1].end  # a partial overlap (lost events, a race): keep it inside
        stack.append(sl)
    return slices


def _part(slices: list[_Slice]) -> None:
    """End a slice 1 ns before the next one begins where they touch.

    Viewers that add ``ts + dur`` in floating point (chrome://tracing, speedscope) can land
    a hair past the next slice's ``ts`` and then read two neighbours as a partial overlap;
    Perfetto rounds both to whole ns and is exact either way. 1 ns is far below what the
    recording can resolve (reading the clock alone takes tens of ns).
    """
    begins = {sl.start for sl in slices}
    for sl in slices:
        if sl.end in begins and sl.end - sl.start >= 2:
            sl.end -= 1


def _inside(starts: list[int], slices: list[_Slice], ts: int) -> int | None:
    """A time 1 ns inside the innermost slice that contains ``ts`` (None if none does)."""
    k = bisect_right(starts, ts) - 1
    for j in range(k, max(-1, k - 16), -1):
        start, end = slices[j].start, slices[j].end
        if start <= ts <= end:
            if end - start < 2:
                return None
            return min(max(ts, start + 1), end - 1)
    return None


class _Json:
    """Compact JSON pieces, cached where they repeat (names, categories)."""

    def __init__(self, t0: int) -> None:
        self.t0 = t0
        self.encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        self._names: dict[str, str] = {}

    def name(self, text: str) -> str:
        out = self._names.get(text)
        if out is None:
            out = self._names[text] = self.encode(text)
        return out

    def ts(self, ns: int) -> str:
        """µs from the first event with exact ns decimals (no float rounding)."""
        q, r = divmod(ns - self.t0, 1000)
        return f"{q}.{r:03d}"

    @staticmethod
    def dur(ns: int) -> str:
        q, r = divmod(ns, 1000)
        return f"{q}.{r:03d}"


def render(store: EventStore, out: TextIO, info: SessionInfo | None = None, *,
           progress: Progress | None = None, cancelled: Cancelled | None = None,
           ) -> ExportStats:
    """Write the whole trace document to ``out``: one trace event per line, each track's
    events in time order (metadata first, then track by track, then the counter)."""
    n = len(store)
    total = 2 * n if n else 1
    b = _Builder(store)
    b.run(progress, cancelled, total)
    t0 = int(store.ts.min()) if n else 0
    j = _Json(t0)

    # Tracks: slices nested, then flows bound inside them.
    starts: dict[int, list[int]] = {}
    for tid, slices in b.slices.items():
        _nest(slices)
        _part(slices)
        starts[tid] = [sl.start for sl in slices]
    points: dict[int, list[tuple[int, int, int, str]]] = {}
    flows = unbound = 0
    for fid, (stid, sts, dtid, dts, name) in enumerate(b.flows, 1):
        if stid not in b.slices or dtid not in b.slices:
            unbound += 1
            continue
        p = _inside(starts[stid], b.slices[stid], sts)
        q = _inside(starts[dtid], b.slices[dtid], dts)
        if p is None or q is None or q < p:
            unbound += 1
            continue
        flows += 1
        common = f'"name":{j.name(name)},"cat":"wake","id":{fid},"pid":{PID}'
        points.setdefault(stid, []).append(
            (p, 2, 0, f'{{"ph":"s","tid":{stid},"ts":{j.ts(p)},{common}}}'))
        points.setdefault(dtid, []).append(
            (q, 3, 0, f'{{"ph":"f","bp":"e","tid":{dtid},"ts":{j.ts(q)},{common}}}'))

    backend = (info.backend if info is not None and info.backend else b.backend) or "?"
    mode = "preemptive" if b.preemptive else (info.mode if info is not None else "cooperative")
    process = b.names.process(info.workload if info is not None else "", backend, mode)
    lines = [f'{{"ph":"M","pid":{PID},"name":"process_name","args":'
             f'{{"name":{j.name(process)}}}}}']
    tids = sorted(set(b.slices) | set(b.instants) | set(points))
    for tid in tids:
        if tid == LOOP_TID:
            name, order = b.names.loop_track(backend), 0
        elif tid == COMMANDS_TID:
            name, order = b.names.commands_track(), 1
        elif tid < TASK_TID_BASE:
            sids = [sid for sid, t in b.thread_tids.items() if t == tid]
            name = b.names.thread_track(b.s(sids[0]) if len(sids) == 1 else None)
            order = tid
        else:
            serial = tid - TASK_TID_BASE
            name, order = b.names.task_track(b.name(serial), serial), tid
        lines.append(f'{{"ph":"M","pid":{PID},"tid":{tid},"name":"thread_name",'
                     f'"args":{{"name":{j.name(name)}}}}}')
        lines.append(f'{{"ph":"M","pid":{PID},"tid":{tid},"name":"thread_sort_index",'
                     f'"args":{{"sort_index":{order}}}}}')
    out.write('{"traceEvents":[\n')
    out.write(",\n".join(lines))
    written = len(lines)

    n_slices = n_instants = 0
    encode = j.encode
    for done_tracks, tid in enumerate(tids, 1):
        if cancelled is not None and cancelled():
            raise ExportCancelled(Sentence(QT_TR_NOOP("the export was cancelled")))
        head = f'"pid":{PID},"tid":{tid},"ts":'
        track: list[tuple[int, int, int, str]] = []
        for sl in b.slices.get(tid, ()):
            start, end, name, cat, args = sl.start, sl.end, sl.name, sl.cat, sl.args
            extra = f',"args":{encode(args)}' if args else ""
            track.append((start, 0, start - end,
                          f'{{"ph":"X",{head}{j.ts(start)},"dur":{j.dur(end - start)},'
                          f'"name":{j.name(name)},"cat":"{cat}"{extra}}}'))
        n_slices += len(b.slices.get(tid, ()))
        for ts, name, cat, args in b.instants.get(tid, ()):
            extra = f',"args":{encode(args)}' if args else ""
            track.append((ts, 1, 0, f'{{"ph":"i","s":"t",{head}{j.ts(ts)},'
                                    f'"name":{j.name(name)},"cat":"{cat}"{extra}}}'))
        n_instants += len(b.instants.get(tid, ()))
        track.extend(points.get(tid, ()))
        track.sort()
        out.write(",\n")
        out.write(",\n".join(t[3] for t in track))
        written += len(track)
        if progress is not None:
            progress(n + n * done_tracks // max(1, len(tids)), total)
    if b.counters:
        out.write(",\n")
        counter = j.name(b.names.ready_queue())
        out.write(",\n".join(
            f'{{"ph":"C","pid":{PID},"ts":{j.ts(ts)},"name":{counter},'
            f'"args":{{"tasks":{tasks},"callbacks":{callbacks}}}}}'
            for ts, tasks, callbacks in b.counters))
        written += len(b.counters)
    other: Args = {"generator": "LoopScope", "events_recorded": n,
                             "events_dropped": store.dropped}
    if info is not None:
        other.update({k: v for k, v in info.to_json().items() if v not in ("", {}, None)})
    out.write(f'\n],\n"displayTimeUnit":"ns",\n"otherData":{encode(other)}}}\n')
    if progress is not None:
        progress(total, total)
    return ExportStats(written, n_slices, n_instants, flows, unbound, len(b.counters),
                       len(tids))


def build(store: EventStore, info: SessionInfo | None = None) -> dict[str, Any]:
    """The whole trace as parsed JSON (exactly what :func:`export` writes)."""
    buf = io.StringIO()
    render(store, buf, info)
    doc: dict[str, Any] = json.loads(buf.getvalue())
    return doc


def export(store: EventStore, out: str | os.PathLike[str] | TextIO, *,
           info: SessionInfo | None = None, progress: Progress | None = None,
           cancelled: Cancelled | None = None) -> ExportStats:
    """Write the recording as Chrome Trace Event JSON to a path (atomically) or a text stream.

    ``progress(done, total)`` reports the fraction done (the pass over the events is the first
    half, writing the second); ``cancelled()`` is polled between chunks and stops the export
    with :class:`ExportCancelled`, leaving no file. Write problems raise :class:`ExportError`.
    """
    if not isinstance(out, str | os.PathLike):
        return render(store, out, info, progress=progress, cancelled=cancelled)
    target = Path(out)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        # A large buffer: the trace is written in a few hundred big pieces.
        with open(tmp, "w", encoding="utf-8", buffering=1 << 20) as f:
            stats = render(store, f, info, progress=progress, cancelled=cancelled)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ExportError(Sentence(QT_TR_NOOP("cannot write {file}: {reason}"), file=target,
                                   reason=exc.strerror or exc)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return stats
