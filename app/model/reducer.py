"""The scheduler state at any event index, reduced from the event stream (pure, Qt-free).

What the state is (:class:`SchedulerState`): every task's state (NEW, REGISTERED, READY,
RUNNING, DONE) with why it waits / what woke it / how it ended and its counters; the loop's
ready queue in FIFO order; the timer heap; the kernel interest list (fd -> mask); the last
poll; what runs now; the current unit.

How it is computed (:class:`Reducer`): one forward pass over the store, with a snapshot every
K events, so that ``state_at(i)`` = nearest snapshot ≤ i + replay of < K events. The data
types are in :mod:`app.model.state`; per-task views (a task's transitions, the intervals of a
timeline) in :mod:`app.model.history`.

Semantics (each rule is what :mod:`app.runtime.loop` does, in the order it emits). A task's
state follows the task-state rules, defined once in :mod:`app.model.rules`
(:func:`~app.model.rules.task_transition`); the hot loop applies them inlined (see
:meth:`_Machine.run`). What the reducer adds around them:

- TASK_READY of a task that is RUNNING (a bare yield / ``sleep(0)``: cause YIELD) appends it
  to the ready queue but leaves it RUNNING; the STEP_END that follows makes it READY, at the
  queue position of that TASK_READY. A task queued during its own step is READY whatever its
  STEP_END says it waits for: the queue entry is the recorded fact.
- STEP_END with Wait.DONE makes the task DONE; TASK_EXITED that follows brings the outcome.
- TIMER_FIRED moves the timer's handle (serial ``a``) into the ready queue as a callback entry;
  its callback later runs as CALLBACK_BEGIN with the same serial. CALLBACK_READY queues handle
  ``a``. HANDLE_SKIPPED removes a cancelled handle (always the queue head: the loop pops it).
- STEP_BEGIN / CALLBACK_BEGIN pop the head entry. If the head is not that entry (events were
  dropped, or another thread's ``call_soon_threadsafe`` was recorded a moment after a
  neighbour's), the entry is removed from where it is; if it is nowhere, nothing is popped.
- An eager task (3.12+) is announced by TASK_SPAWNED with ``b = 1``; its STEP_BEGIN /
  STEP_END then describe a step that ran *inside* the running task's (or callback's)
  ``create_task`` call: it pops nothing, and the outer runner is restored at its STEP_END.
  These events carry earlier timestamps than their neighbours (``emit_at``).
- THREAD_WAKE is information only: the TASK_READY / CALLBACK_READY recorded with it (cause
  THREAD) is what changes the queue. It also marks the self-pipe *fired* (below).
- PEER_IO (a peer outside the loop connects, sends or closes) changes no task: it marks its
  fd *fired*. ``fired`` lists the fds known to have become ready in the kernel since the last
  POLL_END, which clears it: what the next ``epoll_wait`` will return, when nothing else did.

Lost events (the ring dropped some; the store records where, see ``EventStore.gaps``) never
crash the reducer; it resynchronises:

- a unit opening (or another task's STEP_END) while a task still looks RUNNING ends that
  step as "registered (unknown)" (:data:`WAIT_UNKNOWN`), or READY if it is in the queue;
- a task is in the queue at most once (asyncio never schedules two steps of one task), so a
  second TASK_READY moves it instead of duplicating it;
- after a loss, at every POLL_BEGIN, queue entries recorded two or more iterations ago are
  dropped: every handle queued before iteration p-1's RUN phase began has run by POLL p
  (CPython runs the whole snapshot each iteration), so such an entry only lingers because its
  BEGIN was lost.

Hot-path design: dispatch on ``kind`` by an if-chain ordered by frequency, scalars in locals,
per-task state a 23-int record updated in place (no allocation per event in the common case).
A record is a *list* while the reducer may write it and a plain *tuple* once frozen; a
snapshot freezes the records written since the previous one (in place) and takes shallow
copies of the dicts, so it shares every unchanged record with earlier snapshots (structural
sharing, never a deep copy), and a later write thaws a private list copy (copy-on-write).
Frozen records are tuples of ints, which the cyclic GC stops tracking: a million-event
history costs no GC time. Tasks that have finished leave the live dict at the next snapshot
for an append-only log of :class:`TaskState` tuples, so snapshots hold what is alive, not the
history. When to snapshot is a memory budget: every K events the reducer estimates what a
snapshot would cost (records written since the last one + entries of the dicts it copies)
and takes it if that fits ``snapshot_budget`` bytes per event since the last one, or if
``max_interval`` events have passed. A loop with a few live tasks is snapshotted every K
events; one with 10 000 tasks that all step, every ``max_interval`` events, which bounds both
the snapshot memory (O(events)) and the replay of a jump (≤ ``max_interval`` events).
"""

from __future__ import annotations

import contextlib
import gc
import struct
import sys
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import cast

from app.model.state import (
    DONE,
    READY,
    REGISTERED,
    RUNNING,
    CallbackInfo,
    FdInfo,
    LoopInfo,
    PollInfo,
    ReadyEntry,
    SchedulerState,
    TaskState,
    TimerInfo,
)
from app.trace.events import (
    PREEMPTIVE,
    WAIT_UNKNOWN,
    Cause,
    Ev,
    Record,
    Unit,
    Wait,
    string_at,
)
from app.trace.store import EventStore
from app.trace.text import COMPLETION_BACKENDS

# -- the per-task record: field indices (TaskState has the same order) ---------------------------
_SERIAL, _STATE, _SINCE, _NAME, _PARENT, _EAGER = 0, 1, 2, 3, 4, 5
_WAIT, _WDETAIL, _WC = 6, 7, 8
_CAUSE, _CDETAIL, _CMASK = 9, 10, 11
_OUTCOME, _OSID = 12, 13
_STEPS = 14
_T0 = 15  # time in state s accumulates in rec[_T0 + s]
_LONGEST, _STEP_START, _QUEUED = 20, 21, 22
_FIELDS = 23
# A frozen record is packed into 184 bytes (217 with the object header): a tuple of the same
# 23 ints weighs ~480 bytes (the ints above 256 are objects of their own). bytes objects are
# also never tracked by the cyclic GC.
_RECORD = struct.Struct(f"<{_FIELDS}q")
_pack = _RECORD.pack
# Unpacks a frozen record. Typed to take either form of a record because _export tells them
# apart with ``rec.__class__ is list`` (4-6 % faster than isinstance over 20,000 records),
# which mypy does not narrow; it is only ever called on bytes.
_unpack = cast(Callable[[list[int] | bytes], tuple[int, ...]], _RECORD.unpack)



# -- the machine -----------------------------------------------------------------------------------
_K_SPAWNED = int(Ev.TASK_SPAWNED)
_K_READY = int(Ev.TASK_READY)
_K_BEGIN = int(Ev.STEP_BEGIN)
_K_END = int(Ev.STEP_END)
_K_EXITED = int(Ev.TASK_EXITED)
_K_CB_READY = int(Ev.CALLBACK_READY)
_K_CB_BEGIN = int(Ev.CALLBACK_BEGIN)
_K_CB_END = int(Ev.CALLBACK_END)
_K_SKIPPED = int(Ev.HANDLE_SKIPPED)
_K_FD_REG = int(Ev.FD_REGISTER)
_K_FD_MOD = int(Ev.FD_MODIFY)
_K_FD_UNREG = int(Ev.FD_UNREGISTER)
_K_POLL_BEGIN = int(Ev.POLL_BEGIN)
_K_POLL_END = int(Ev.POLL_END)
_K_FD_EVENT = int(Ev.FD_EVENT)
_K_TIMER_ADDED = int(Ev.TIMER_ADDED)
_K_TIMER_FIRED = int(Ev.TIMER_FIRED)
_K_TIMER_CANCELLED = int(Ev.TIMER_CANCELLED)
_K_THREAD_WAKE = int(Ev.THREAD_WAKE)
_K_LOOP_INFO = int(Ev.LOOP_INFO)
_K_RENAMED = int(Ev.TASK_RENAMED)
_W_READY = int(Wait.READY)
_W_DONE = int(Wait.DONE)
_C_YIELD = int(Cause.YIELD)
_C_TIMER = int(Cause.TIMER)
_U_POLL = int(Unit.POLL)
_U_TIMER = int(Unit.TIMER)
_U_RUN = int(Unit.RUN)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold the cyclic GC off during a reduction (re-enabled after, if it was on).

    A replay allocates tens of thousands of short-lived lists (thawed records) that reference
    counting frees when it returns; with the GC on, the young collections they trigger promote
    them while they are still referenced, and the old generation grows until a *full*
    collection runs inside the jump. Measured on a 10 000-live-task trace (1 M events): jumps
    of 88 ms mean / 448 ms max with the GC on, 31 / 56 ms with it held off. Nothing in here
    creates reference cycles, so holding it off loses nothing.

    This is the model layer's one process-wide effect. It lives here, not in the callers,
    because every caller of ``apply`` / ``state`` / ``state_at`` (the bridge each frame, a
    jump in the views, the command line, the tests) wants it, and it changes no result: the
    collector is only postponed for the length of one call and left as it was found.
    Cycles other threads create meanwhile wait for the next collection after the call.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _discard(queue: deque[int], entry: int) -> None:
    """Remove ``entry`` from the queue if it is there (resynchronisation paths only: O(n))."""
    with contextlib.suppress(ValueError):
        queue.remove(entry)


def _new_record(serial: int, ts: int) -> list[int]:
    rec = [0] * _FIELDS
    rec[_SERIAL] = serial
    rec[_SINCE] = ts
    rec[_QUEUED] = -1
    return rec


class _Machine:
    """The mutable reduction state. ``run`` is the hot loop; everything else is rare."""

    __slots__ = ("cbs", "completion", "dirty", "eager_pending", "fds", "fired", "in_poll", "index",
                 "live",
                 "loop_info", "lost", "outer_cb", "outer_task", "poll_begin", "poll_blocked",
                 "poll_fds", "poll_iter", "poll_n", "poll_timeout", "queue", "run_cb",
                 "run_cb_name", "run_task", "strings", "thread_wakes", "threads_info", "timers",
                 "ts", "unit", "unit_kind")

    def __init__(self, strings: list[str]) -> None:
        self.strings = strings  # the store's string table (LOOP_INFO names the backend)
        self.index = 0
        # serial -> record: a list while this machine may write it, packed bytes once frozen
        # (shared with snapshots). Snapshots hold no GC-tracked record, so a million-event
        # history costs no GC time. (Generation-tagged shared *lists* were measured first:
        # every full collection walked all of them, and jumps took up to 450 ms instead of
        # 56 ms on a 10 000-task trace.)
        self.live: dict[int, list[int] | bytes] = {}
        self.dirty: list[int] = []  # serials whose record became a list since the last freeze
        # Entries: task serial (> 0) or ~handle serial (< 0) for plain callbacks.
        self.queue: deque[int] = deque()
        # hserial -> (cause, detail, owner, name sid, iteration queued)
        self.cbs: dict[int, tuple[int, int, int, int, int]] = {}
        self.timers: dict[int, tuple[int, int, int]] = {}  # hserial -> (deadline, owner, name)
        # fd -> (mask, owner sid, since ts); on a completion queue (IOCP) the key is
        # handle << 2 | mask: a handle may have a receive and a send outstanding at once.
        self.fds: dict[int, tuple[int, int, int]] = {}
        self.completion = False  # LOOP_INFO named a completion backend
        self.run_task = 0
        self.run_cb = -1  # handle serial of the running callback (-1 = none)
        self.run_cb_name = 0
        self.outer_task = 0
        self.outer_cb = -1
        self.eager_pending = 0
        self.unit = 0
        self.unit_kind = 0
        self.poll_iter = 0
        self.poll_timeout = 0
        self.poll_begin = 0
        self.poll_n = -1
        self.poll_blocked = 0
        self.poll_fds: list[tuple[int, int, int]] = []  # (fd, mask, operation sid)
        self.in_poll = False
        self.ts = 0
        self.lost = 0
        self.thread_wakes = 0
        # The fds known to have become ready since the last POLL_END (PEER_IO; THREAD_WAKE:
        # the self-pipe), in firing order; a POLL_END clears it.
        self.fired: list[int] = []
        self.loop_info: tuple[int, int, int] | None = None
        # Set by THREADS_INFO: a preemptive recording (app.runtime.preemptive), where several
        # "tasks" (OS threads) may run at once, so one STEP_BEGIN does not end another's step.
        self.threads_info: tuple[int, int, int] | None = None

    def clone(self) -> _Machine:
        """A copy sharing the frozen task records; containers are shallow copies.

        Only a frozen machine (every record packed) may be cloned: the records are shared.
        """
        m = _Machine.__new__(_Machine)
        for name in _Machine.__slots__:
            setattr(m, name, getattr(self, name))
        m.dirty = []
        m.live = self.live.copy()
        m.queue = self.queue.copy()
        m.cbs = self.cbs.copy()
        m.timers = self.timers.copy()
        m.fds = self.fds.copy()
        m.poll_fds = list(self.poll_fds)
        m.fired = list(self.fired)
        return m

    def freeze(self, done: list[tuple[int, TaskState]]) -> None:
        """Pack every record written since the last freeze; move finished tasks out of
        ``live`` into the append-only ``done`` log (snapshots stay as big as what is alive,
        not as the history)."""
        live = self.live
        new = tuple.__new__
        for serial in self.dirty:
            rec = live.get(serial)
            if rec.__class__ is list:
                # Only after TASK_EXITED (outcome known): nothing refers to the task again.
                if rec[_STATE] == DONE and rec[_OUTCOME] and rec[_QUEUED] < 0:
                    del live[serial]
                    done.append((serial, new(TaskState, rec)))
                else:
                    live[serial] = _pack(*rec)
        self.dirty = []

    def size(self) -> int:
        return len(self.live) + len(self.queue) + len(self.cbs) + len(self.timers) + len(self.fds)

    # -- rare paths (resynchronisation) -----------------------------------------------------------
    def own(self, serial: int, ts: int) -> list[int]:
        """The writable record of ``serial``: thawed if frozen (shared with a snapshot),
        created if the task was never seen (its TASK_SPAWNED was before the store or lost)."""
        rec = self.live.get(serial)
        if isinstance(rec, list):
            return rec
        new = _new_record(serial, ts) if rec is None else list(_unpack(rec))
        self.live[serial] = new
        self.dirty.append(serial)
        return new

    def transition(self, rec: list[int], state: int, ts: int) -> None:
        dt = ts - rec[_SINCE]
        if dt > 0:
            rec[_T0 + rec[_STATE]] += dt
        rec[_STATE] = state
        rec[_SINCE] = ts

    def unqueue_task(self, rec: list[int]) -> None:
        if rec[_QUEUED] >= 0:
            rec[_QUEUED] = -1
            _discard(self.queue, rec[_SERIAL])

    def end_lost_step(self, serial: int, ts: int) -> None:
        """A unit opened while ``serial`` still looked RUNNING: its STEP_END was lost."""
        rec = self.own(serial, ts)
        if rec[_STATE] == RUNNING:
            if rec[_QUEUED] >= 0:
                self.transition(rec, READY, ts)
            else:
                rec[_WAIT], rec[_WDETAIL], rec[_WC] = WAIT_UNKNOWN, 0, 0
                self.transition(rec, REGISTERED, ts)

    def heal_queue(self, ts: int) -> None:
        """After lost events: drop entries queued two or more iterations ago (see module doc)."""
        stale = self.poll_iter - 2
        queue = self.queue
        while queue:
            entry = queue[0]
            if entry >= 0:
                rec = self.own(entry, ts) if entry in self.live else None
                if rec is not None and rec[_QUEUED] > stale:
                    return
                queue.popleft()
                if rec is not None:
                    rec[_QUEUED] = -1
                    if rec[_STATE] == READY:  # it ran; what it waits for now is unknown
                        rec[_WAIT], rec[_WDETAIL], rec[_WC] = WAIT_UNKNOWN, 0, 0
                        self.transition(rec, REGISTERED, ts)
            else:
                info = self.cbs.get(~entry)
                if info is not None and info[4] > stale:
                    return
                queue.popleft()
                self.cbs.pop(~entry, None)

    def note_gap(self, lost: int) -> None:
        self.lost += lost
        self.eager_pending = 0

    # -- the hot loop --------------------------------------------------------------------------
    def run(self, ts_l: list[int], kind_l: list[int], task_l: list[int], a_l: list[int],
            b_l: list[int], c_l: list[int]) -> None:
        """Apply consecutive events (one store range, no gap inside it)."""
        live = self.live
        queue = self.queue
        popleft = queue.popleft
        append = queue.append
        cbs = self.cbs
        timers = self.timers
        fds = self.fds
        lst = list  # local: the ownership test below runs for most events
        run_task = self.run_task
        run_cb = self.run_cb
        poll_iter = self.poll_iter
        ts = self.ts
        # Scalars live in locals for the loop (an attribute store costs more than the rest of
        # a CALLBACK_END) and are written back at the end; the rare-path methods called from
        # the loop do not read them.
        eager_pending = self.eager_pending
        outer_task = self.outer_task
        outer_cb = self.outer_cb
        unit = self.unit
        unit_kind = self.unit_kind
        run_cb_name = self.run_cb_name
        in_poll = self.in_poll
        poll_n = self.poll_n
        poll_blocked = self.poll_blocked
        poll_timeout = self.poll_timeout
        poll_begin = self.poll_begin
        poll_fds = self.poll_fds
        threads = self.threads_info is not None
        completion = self.completion
        for ts, kind, task, a, b, c in zip(ts_l, kind_l, task_l, a_l, b_l, c_l, strict=True):
            # The task kinds (1-5) apply the task-state rules of app.model.rules inlined: that
            # module's task_transition is the definition, this is a copy for speed (a call to it
            # per task event, its result unused, made apply ~20 % slower: 105 -> 126 ms for
            # 320,000 events of the mixed workload). tests/model/test_state_rules.py checks
            # that both give the same state for every (state, event) pair and on whole streams.
            if kind < 6:  # a two-level if-chain: few compares per event
                if kind == 3:  # STEP_BEGIN (task, unit)
                    rec = live.get(task)
                    if rec.__class__ is not lst:
                        rec = self.own(task, ts)
                    if task == eager_pending:
                        # An eager first step, inside the runner's create_task: pops nothing.
                        eager_pending = 0
                        outer_task = run_task
                        outer_cb = run_cb
                    else:
                        if run_task and not threads:
                            self.end_lost_step(run_task, ts)
                        if queue and queue[0] == task:
                            popleft()
                        elif rec[_QUEUED] >= 0:
                            _discard(queue, task)
                        outer_task = 0
                        outer_cb = -1
                        unit_kind = 3
                    rec[_QUEUED] = -1
                    dt = ts - rec[_SINCE]
                    if dt > 0:
                        rec[_T0 + rec[_STATE]] += dt
                    rec[_STATE] = 3
                    rec[_SINCE] = ts
                    rec[_STEPS] += 1
                    rec[_STEP_START] = ts
                    run_task = task
                    run_cb = -1
                    unit = a
                elif kind == 4:  # STEP_END (task, wait, detail, c)
                    rec = live.get(task)
                    if rec.__class__ is not lst:
                        rec = self.own(task, ts)
                    if rec[_STATE] == 3:
                        dt = ts - rec[_STEP_START]
                        if dt > rec[_LONGEST]:
                            rec[_LONGEST] = dt
                    if a == 7:  # Wait.DONE (TASK_EXITED follows)
                        new = 4
                        if rec[_QUEUED] >= 0:
                            self.unqueue_task(rec)
                    elif a == 0 or rec[_QUEUED] >= 0:
                        # Queued during this step (STEP_BEGIN cleared the flag): the ready queue
                        # really holds a handle of this task, whatever ``_fut_waiter`` says (a bare
                        # yield says Wait.READY; a Task-bound callback such as call_soon(t.cancel)
                        # may not). The queue is the fact.
                        new = 2
                        if a:
                            rec[_WAIT] = a
                            rec[_WDETAIL] = b
                            rec[_WC] = c
                        elif rec[_QUEUED] < 0:  # Wait.READY but its TASK_READY was lost
                            append(task)
                            rec[_QUEUED] = poll_iter
                            rec[_CAUSE], rec[_CDETAIL], rec[_CMASK] = _C_YIELD, task, 0
                    else:
                        new = 1
                        rec[_WAIT] = a
                        rec[_WDETAIL] = b
                        rec[_WC] = c
                    dt = ts - rec[_SINCE]
                    if dt > 0:
                        rec[_T0 + rec[_STATE]] += dt
                    rec[_STATE] = new
                    rec[_SINCE] = ts
                    if task == run_task:
                        if outer_task or outer_cb >= 0:  # end of an eager step
                            run_task = outer_task
                            run_cb = outer_cb
                            outer_task = 0
                            outer_cb = -1
                        else:
                            run_task = 0
                    elif run_task and not outer_task and not threads:
                        # Another task's step ended: the runner's STEP_END and this task's
                        # STEP_BEGIN were lost.
                        self.end_lost_step(run_task, ts)
                        run_task = 0
                elif kind == 2:  # TASK_READY (task, cause, detail, mask)
                    rec = live.get(task)
                    if rec.__class__ is not lst:
                        rec = self.own(task, ts)
                    if rec[_QUEUED] >= 0:  # already queued (lost events): move, never duplicate
                        _discard(queue, task)
                    append(task)
                    rec[_QUEUED] = poll_iter
                    rec[_CAUSE] = a
                    rec[_CDETAIL] = b
                    rec[_CMASK] = c
                    state = rec[_STATE]
                    if state != 3 and state != 2:  # RUNNING stays RUNNING until its STEP_END
                        dt = ts - rec[_SINCE]
                        if dt > 0:
                            rec[_T0 + state] += dt
                        rec[_STATE] = 2
                        rec[_SINCE] = ts
                elif kind == 1:  # TASK_SPAWNED (task, parent, eager, name)
                    if task in live:  # spawned twice? (only a corrupt stream does that)
                        self.unqueue_task(self.own(task, ts))
                    rec = _new_record(task, ts)
                    rec[_NAME] = c
                    rec[_PARENT] = a
                    rec[_EAGER] = b
                    live[task] = rec
                    self.dirty.append(task)
                    if b:
                        eager_pending = task
                elif kind == 5:  # TASK_EXITED (task, outcome, text)
                    rec = live.get(task)
                    if rec.__class__ is not lst:
                        rec = self.own(task, ts)
                    if rec[_QUEUED] >= 0:
                        self.unqueue_task(rec)
                    if rec[_STATE] != 4:  # its STEP_END (Wait.DONE) was lost
                        self.transition(rec, 4, ts)
                        if task == run_task:
                            run_task = 0
                    rec[_OUTCOME] = a
                    rec[_OSID] = b
            elif kind < 10:  # CALLBACK_READY/BEGIN/END, HANDLE_SKIPPED
                if kind == 6:  # CALLBACK_READY (owner, hserial, cause, detail)
                    append(~a)
                    cbs[a] = (b, c, task, 0, poll_iter)
                elif kind == 7:  # CALLBACK_BEGIN (0, hserial, name, unit)
                    if run_task:
                        self.end_lost_step(run_task, ts)
                        run_task = 0
                    outer_task = 0
                    outer_cb = -1
                    entry = ~a
                    if queue and queue[0] == entry:
                        popleft()
                    elif a in cbs:
                        _discard(queue, entry)
                    cbs.pop(a, None)
                    run_cb = a
                    run_cb_name = b
                    unit = c
                    unit_kind = 3
                elif kind == 8:  # CALLBACK_END (0, hserial)
                    run_cb = -1
                elif kind == 9:  # HANDLE_SKIPPED (0, hserial): the loop popped the queue head
                    entry = ~a
                    if queue and queue[0] == entry:
                        popleft()
                    elif a in cbs:
                        _discard(queue, entry)
                    elif a == 0 and queue:  # a handle the tracer did not know: it was the head
                        head = popleft()
                        if head >= 0 and head in live:
                            self.own(head, ts)[_QUEUED] = -1
                    cbs.pop(a, None)
            elif kind < 16:  # FD_REGISTER/MODIFY/UNREGISTER, POLL_BEGIN/END, FD_EVENT
                if kind == 13:  # POLL_BEGIN (0, timeout, unit)
                    poll_iter += 1
                    if run_task:
                        self.end_lost_step(run_task, ts)
                        run_task = 0
                    run_cb = -1
                    outer_task = 0
                    outer_cb = -1
                    if self.lost and queue:
                        self.poll_iter = poll_iter
                        self.heal_queue(ts)
                    unit = b
                    unit_kind = 1
                    poll_timeout = a
                    poll_begin = ts
                    poll_n = -1
                    poll_blocked = 0
                    poll_fds = []
                    in_poll = True
                elif kind == 14:  # POLL_END (0, nevents, blocked ns)
                    if self.fired:  # harvested (or the wait returned before it fired)
                        self.fired = []
                    in_poll = False
                    poll_n = a
                    poll_blocked = b
                elif kind == 15:  # FD_EVENT (0, fd, mask, IOCP: operation)
                    poll_fds.append((a, b, c))
                elif kind == 10 or kind == 11:  # FD_REGISTER / FD_MODIFY (owner, fd, mask, name)
                    fds[a << 2 | b if completion else a] = (b, c, ts)
                elif kind == 12:  # FD_UNREGISTER (0, fd, old mask)
                    fds.pop(a << 2 | b if completion else a, None)
            else:  # timers and the rest
                if kind == 16:  # TIMER_ADDED (owner, hserial, deadline, name)
                    timers[a] = (b, task, c)
                elif kind == 17:  # TIMER_FIRED (0, hserial, lateness, unit)
                    if run_task:
                        self.end_lost_step(run_task, ts)
                        run_task = 0
                    outer_task = 0
                    outer_cb = -1
                    run_cb = -1
                    timer = timers.pop(a, None)
                    append(~a)
                    if timer is None:
                        cbs[a] = (_C_TIMER, a, 0, 0, poll_iter)
                    else:
                        cbs[a] = (_C_TIMER, a, timer[1], timer[2], poll_iter)
                    unit = c
                    unit_kind = 2
                elif kind == 18:  # TIMER_CANCELLED (owner, hserial)
                    timers.pop(a, None)
                elif kind == 24:  # TASK_RENAMED (task, name)
                    rec = live.get(task)
                    if rec.__class__ is not lst:
                        rec = self.own(task, ts)
                    rec[_NAME] = a
                elif kind == 19:  # THREAD_WAKE: information; the *_READY recorded with it queues
                    self.thread_wakes += 1
                    # It writes to the self-pipe: the loop's read end becomes ready.
                    if self.loop_info is not None and self.loop_info[0] not in self.fired:
                        self.fired.append(self.loop_info[0])
                elif kind == 27:  # PEER_IO (0, fd, action, bytes): ② fire, no task state
                    if a >= 0 and a not in self.fired:
                        self.fired.append(a)
                elif kind == 22:  # LOOP_INFO (0, self-pipe fd, backend, selector fd)
                    self.loop_info = (a, b, c)
                    completion = self.completion = \
                        string_at(self.strings, b) in COMPLETION_BACKENDS
                elif kind == 25:  # THREADS_INFO (0, switch interval ns, GIL on, conditions)
                    self.threads_info = (a, b, c)
                    threads = True
                # MARK, CONTROL, INSTRUMENT_ERROR, SLOW_STEP change no scheduler state.
        self.run_task = run_task
        self.run_cb = run_cb
        self.poll_iter = poll_iter
        self.ts = ts
        self.eager_pending = eager_pending
        self.outer_task = outer_task
        self.outer_cb = outer_cb
        self.unit = unit
        self.unit_kind = unit_kind
        self.run_cb_name = run_cb_name
        self.in_poll = in_poll
        self.poll_n = poll_n
        self.poll_blocked = poll_blocked
        self.poll_timeout = poll_timeout
        self.poll_begin = poll_begin
        self.poll_fds = poll_fds
        self.index += len(kind_l)


# -- the reducer -----------------------------------------------------------------------------------
def _export(m: _Machine, done: list[tuple[int, TaskState]], n_done: int,
            done_earlier: int = 0) -> SchedulerState:
    # tuple.__new__(NamedTupleClass, values) is the C-level constructor: 3x faster than
    # ``_make`` / ``Class(*values)``, which matters for 20 000 live tasks or timers.
    new = tuple.__new__
    tasks: dict[int, TaskState] = dict(done[:n_done]) if n_done else {}
    lst = list
    for serial, rec in m.live.items():
        tasks[serial] = new(TaskState, rec if rec.__class__ is lst else _unpack(rec))
    ready: list[ReadyEntry] = [(True, e) if e >= 0 else (False, ~e) for e in m.queue]
    running: ReadyEntry | None
    if m.run_task:
        running = (True, m.run_task)
    elif m.run_cb >= 0:
        running = (False, m.run_cb)
    else:
        running = None
    outer: ReadyEntry | None = None  # set only while an eager step is open
    if m.outer_task:
        outer = (True, m.outer_task)
    elif m.outer_cb >= 0:
        outer = (False, m.outer_cb)
    return SchedulerState(
        index=m.index,
        ts=m.ts,
        tasks=tasks,
        ready=ready,
        callbacks={h: new(CallbackInfo, v) for h, v in m.cbs.items()},
        timers={h: new(TimerInfo, v) for h, v in m.timers.items()},
        fds={} if m.completion else {fd: new(FdInfo, v) for fd, v in m.fds.items()},
        operations={(key >> 2, v[0]): new(FdInfo, v) for key, v in m.fds.items()}
        if m.completion else {},
        poll=PollInfo(m.poll_iter, m.poll_timeout, m.poll_begin, m.in_poll, m.poll_n,
                      m.poll_blocked, tuple(m.poll_fds)),
        running=running,
        running_name=m.run_cb_name if running is not None and not running[0] else 0,
        outer=outer,
        unit=m.unit,
        unit_kind=m.unit_kind,
        loop=LoopInfo(*m.loop_info) if m.loop_info is not None else None,
        lost=m.lost,
        thread_wakes=m.thread_wakes,
        threads=m.threads_info,
        fired=tuple(m.fired),
        done_earlier=done_earlier,
    )


@dataclass(frozen=True, slots=True)
class _Snapshot:
    index: int  # the events applied before it
    machine: _Machine  # a frozen clone: this snapshot's own (see Reducer.trim)
    n_done: int  # the length of the done log then


#: Estimated bytes a snapshot spends per record written since the previous one (packed) and
#: per entry of the live dicts / queue it copies (measured with ``snapshot_bytes``).
_BYTES_PER_RECORD = 230
_BYTES_PER_ENTRY = 48


class Reducer:
    """Reduces an :class:`EventStore` incrementally; answers ``state_at(i)`` for any ``i``.

    Every ``snapshot_every`` (K) events it considers a snapshot and takes it if the snapshot's
    estimated size fits ``snapshot_budget`` bytes per event since the previous one, or if
    ``max_interval`` events have passed. So a loop with a few live tasks gets a snapshot every
    K events (jumps replay < K events), and one with 10 000 tasks that all step gets one
    every ``max_interval`` events (bounded replay, memory ∝ what changed).
    """

    def __init__(self, store: EventStore, snapshot_every: int = 4096,
                 snapshot_budget: float = 16.0, max_interval: int = 32768) -> None:
        if snapshot_every < 1 or max_interval < 1:
            raise ValueError("snapshot_every and max_interval must be >= 1")
        self.store = store
        self.snapshot_every = snapshot_every
        self.snapshot_budget = snapshot_budget
        self.max_interval = max(max_interval, snapshot_every)
        self._m = _Machine(store.strings)
        self._done: list[tuple[int, TaskState]] = []
        self._snap_idx: list[int] = []
        self._snaps: list[_Snapshot] = []
        #: Finished tasks forgotten by :meth:`trim` (their events were let go).
        self.done_earlier = 0
        self._next_check = 0  # the event index at which to consider the next snapshot
        self._take_snapshot()

    def trim_point(self, at_most: int) -> int:
        """The largest index ≤ ``at_most`` that :meth:`trim` can cut at (a snapshot's)."""
        k = bisect_right(self._snap_idx, max(0, at_most)) - 1
        return self._snap_idx[k] if k >= 0 else 0

    def trim(self, cut: int) -> list[int]:
        """Forget events ``[0, cut)`` (the store lets them go with ``store.trim(cut)``, the
        same cut, right after): the snapshot at ``cut`` becomes the starting state, later
        snapshots and the current state are renumbered, and the tasks that finished before
        it leave the done log (counted in :attr:`done_earlier`). ``state_at(i)`` afterwards
        is ``state_at(cut + i)`` before, less those tasks.

        ``cut`` must be a snapshot index (:meth:`trim_point`): the state there is already
        known, so trimming replays nothing, and its cost follows the snapshots, not events.
        Returns the serials of the tasks forgotten.
        """
        if cut == 0:
            return []
        k = bisect_left(self._snap_idx, cut)
        if k == len(self._snap_idx) or self._snap_idx[k] != cut:
            raise ValueError(f"trim({cut}): not a snapshot index (use trim_point)")
        n_done = self._snaps[k].n_done
        forgotten = [serial for serial, _ in self._done[:n_done]]
        del self._done[:n_done]
        self.done_earlier += n_done
        kept = []
        for snap in self._snaps[k:]:
            snap.machine.index -= cut  # each snapshot owns its machine (a clone)
            kept.append(_Snapshot(snap.index - cut, snap.machine, snap.n_done - n_done))
        self._snaps = kept
        self._snap_idx = [snap.index for snap in kept]
        self._m.index -= cut
        self._next_check -= cut
        return forgotten

    @property
    def index(self) -> int:
        """Events applied so far (the current state is the state after ``[0, index)``)."""
        return self._m.index

    @property
    def snapshots(self) -> int:
        return len(self._snaps)

    # -- feeding ---------------------------------------------------------------------------------
    def apply(self, batch: Sequence[Record] | None = None, stop: int | None = None) -> int:
        """Apply the store's events up to ``stop`` (default: all); returns how many.

        With ``batch`` (records from ``Recorder.drain``), it is appended to the store first:
        ``reducer.apply(recorder.drain())`` is the whole per-frame work of a bridge.
        """
        if batch:
            self.store.append(batch)
        n = len(self.store)
        stop = n if stop is None else max(0, min(stop, n))
        start = self._m.index
        m = self._m
        with _gc_paused():
            while m.index < stop:
                target = min(stop, self._next_check)
                self._advance(m, m.index, target)
                if target == self._next_check:
                    since = m.index - self._snap_idx[-1]
                    estimate = (len(m.dirty) * _BYTES_PER_RECORD
                                + m.size() * _BYTES_PER_ENTRY)
                    if since >= self.max_interval or estimate <= self.snapshot_budget * since:
                        self._take_snapshot()
                    else:
                        self._next_check = m.index + self.snapshot_every
        return m.index - start

    def apply_until(self, stop: int) -> int:
        """Apply the store's events up to index ``stop``."""
        return self.apply(stop=stop)

    def _advance(self, m: _Machine, i: int, j: int) -> None:
        """Run events [i, j) through ``m``, noting the recorder's drops where they happened."""
        store = self.store
        gaps = store._gap_at
        k = bisect_left(gaps, i)
        pos = i
        while pos < j:
            if k < len(gaps) and gaps[k] == pos:
                m.note_gap(store._gap_lost[k])
                k += 1
            nxt = gaps[k] if k < len(gaps) and gaps[k] < j else j
            m.run(*store.columns(pos, nxt))
            pos = nxt

    def _take_snapshot(self) -> None:
        m = self._m
        m.freeze(self._done)  # every record is now a tuple: the next write thaws a copy
        snap = m.clone()
        self._snaps.append(_Snapshot(m.index, snap, len(self._done)))
        self._snap_idx.append(m.index)
        self._next_check = m.index + self.snapshot_every

    # -- reading ---------------------------------------------------------------------------------
    def backend(self) -> str:
        """What the recording ran on, as its first event says: the loop's backend (LOOP_INFO:
        "epoll", "poll", …), "threads" for a preemptive recording (THREADS_INFO), "" before
        either was applied."""
        m = self._m
        if m.threads_info is not None:
            return PREEMPTIVE
        if m.loop_info is not None:
            return self.store.string(m.loop_info[1])
        return ""

    def state(self) -> SchedulerState:
        """The state after every event applied so far."""
        with _gc_paused():
            return _export(self._m, self._done, len(self._done), self.done_earlier)

    def state_at(self, index: int) -> SchedulerState:
        """The state after events ``[0, index)`` (applies up to ``index`` first if needed)."""
        n = len(self.store)
        if not 0 <= index <= n:
            raise IndexError(f"state_at({index}): the store holds {n} events")
        if index > self._m.index:
            self.apply(stop=index)
        if index == self._m.index:
            return self.state()
        k = bisect_right(self._snap_idx, index) - 1
        snap = self._snaps[k]
        with _gc_paused():
            m = snap.machine.clone()  # shares frozen records: a write thaws a private copy
            self._advance(m, snap.index, index)
            return _export(m, self._done, snap.n_done, self.done_earlier)

    def snapshot_bytes(self) -> int:
        """Memory held by the snapshots and the done log (a diagnostic walk, not for a hot
        path): dict / deque tables, each shared record and value tuple once, and the int
        objects inside them (those outside CPython's small-int cache)."""
        seen: set[int] = set()
        total = 0

        def add(obj: object) -> None:
            nonlocal total
            if id(obj) in seen:
                return
            seen.add(id(obj))
            total += sys.getsizeof(obj)
            if isinstance(obj, tuple):
                total += sum(28 + 4 * (abs(x) >= 1 << 30) for x in obj
                             if isinstance(x, int) and not -5 <= x <= 256)

        for snap in self._snaps:
            sm = snap.machine
            for table in (sm.live, sm.queue, sm.cbs, sm.timers, sm.fds):
                total += sys.getsizeof(table)
            for table in (sm.live, sm.cbs, sm.timers, sm.fds):
                for value in table.values():
                    add(value)
        total += sys.getsizeof(self._done)
        for pair in self._done:
            total += sys.getsizeof(pair)
            add(pair[1])
        return total
