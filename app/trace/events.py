"""The one event vocabulary of LoopScope.

Every scheduling fact the traced loop observes becomes one *event record*: a plain tuple

    (seq, ts_ns, kind, task, a, b, c)

- ``seq``   a global sequence number (gaps mean the ring buffer dropped events),
- ``ts_ns`` ``time.monotonic_ns()`` when it happened (the loop's own clock, in ns),
- ``kind``  an :class:`Ev` code,
- ``task``  the task serial it concerns (0 = none),
- ``a, b, c`` three integers whose meaning depends on ``kind`` (table below).

Strings (task names, callback names, exception text, future names) are interned once in the
recorder's string table and referenced by id, so an event never owns a dict or a string.
Task serials and handle serials start at 1 and are never reused (Python ``id()`` values are:
see docs/ARCHITECTURE.md §8).

| kind              | task   | a                         | b                        | c                    |
|-------------------|--------|---------------------------|--------------------------|----------------------|
| TASK_SPAWNED      | task   | parent task (0 = none)    | 1 if eager (3.12+)       | name string id       |
| TASK_READY        | task   | :class:`Cause`            | cause detail             | mask (fd causes)     |
| STEP_BEGIN        | task   | unit number               |                          |                      |
| STEP_END          | task   | :class:`Wait`             | wait detail              | string id / mask     |
| TASK_EXITED       | task   | :class:`Outcome`          | string id ("Type: msg")  |                      |
| CALLBACK_READY    | owner  | handle serial             | :class:`Cause`           | cause detail         |
| CALLBACK_BEGIN    | owner  | handle serial             | callback name string id  | unit number          |
| CALLBACK_END      | owner  | handle serial             |                          |                      |
| HANDLE_SKIPPED    | 0      | handle serial             | (a cancelled handle left the ready queue, not a unit) |
| FD_REGISTER       | owner  | fd                        | mask (READ=1, WRITE=2)   | owner string id      |
| FD_MODIFY         | owner  | fd                        | new mask                 | owner string id      |
| FD_UNREGISTER     | 0      | fd                        | old mask                 | IOCP: 1 at once, 2 cancelled |
| POLL_BEGIN        | 0      | timeout ns (-1 = forever) | unit number              | backend string id    |
| POLL_END          | 0      | number of events returned | ns spent blocked         | backend string id    |
| FD_EVENT          | 0      | fd                        | mask returned            | IOCP: operation string id |
| TIMER_ADDED       | owner  | handle serial             | deadline (monotonic ns)  | callback string id   |
| TIMER_FIRED       | owner  | handle serial             | lateness ns              | unit number          |
| TIMER_CANCELLED   | owner  | handle serial             |                          |                      |
| THREAD_WAKE       | task?  | handle serial             | thread string id         | 1 if it woke a task  |
| INSTRUMENT_ERROR  | 0      | string id (message)       |                          |                      |
| CONTROL           | 0      | :class:`Control`          | detail                   | injected handle serial |
| LOOP_INFO         | 0      | self-pipe read fd         | backend string id        | selector fd          |
| MARK              | task   | string id (free text)     |                          |                      |
| TASK_RENAMED      | task   | name string id            | (before its first step)  |                      |
| THREADS_INFO      | 0      | switch interval ns        | 1 if the GIL is on       | facts string id      |
| SLOW_STEP         | task   | duration ns               | "file:line" string id    | threshold ns         |
| PEER_IO           | 0      | loop-side fd (-1 unknown) | :class:`PeerAction`      | bytes sent           |

PEER_IO is recorded by a *peer* outside the loop (:mod:`app.runtime.peer`: a thread of its
own with blocking sockets, like another program on the machine) just before the system call
that makes one of the loop's fds ready in the kernel: connecting to a listening socket makes
that socket readable, sending makes the connection's fd readable, closing makes it readable
(the end of the stream). It is the ② *fire* of the readiness flow, which otherwise happens in
the kernel with no event of its own; recorded while the loop is blocked, it sits between
POLL_BEGIN and POLL_END. Recordings made before it never hold it.

A *unit* is the smallest thing the loop does and the step size of the gate: one POLL (the
``epoll_wait`` and the harvesting of its events), one TIMER (a due timer moved to the ready
queue) or one RUN (one handle run: a task step or a plain callback). The events that open a
unit are POLL_BEGIN, TIMER_FIRED, STEP_BEGIN and CALLBACK_BEGIN; each carries the unit number.

Preemptive recordings (:mod:`app.runtime.preemptive`) use the same kinds for OS threads: each
traced thread is a *task* with its own serial (TASK_SPAWNED, TASK_READY, STEP_BEGIN/STEP_END
for its running intervals, TASK_EXITED), and THREADS_INFO opens the recording instead of
LOOP_INFO. STEP_BEGIN's unit number is then a per-run counter of running intervals. Three
members exist for threads only: ``Cause.PREEMPTED`` (the thread lost the GIL / its CPU in
the middle of ``cpu()`` work: *inferred* from a gap in its work-unit timestamps, so views
label it "inferred"), ``Cause.RETURNED`` (a blocking call returned) and ``Wait.CALL`` (blocked
inside a call that released the GIL: a database query, a C function). A preemptive
recording is ordered by ``seq`` per thread but not across threads: inferred and wake-up
events are stamped with the earlier time they describe (``Recorder.emit_at``), so sort by
``ts`` before replaying it.

On IOCP (Windows) the FD kinds describe *overlapped operations*, not readiness: FD_REGISTER
starts one on a handle (its string names the operation: "recv", "accept", "send"...),
FD_EVENT is its completion packet dequeued by ``GetQueuedCompletionStatus`` (``c`` names the
operation again), FD_UNREGISTER ends it (``c`` = 1: it finished inside the call that started
it, with no packet waited for; ``c`` = 2: it was cancelled). A recording's backend (LOOP_INFO) says which reading applies;
:mod:`app.trace.text` words both. ``app/runtime/backends/iocp.py`` states the facts.

Strings hold names, facts and messages as they were raised; the sentences around them are
worded by :mod:`app.trace.text`, in the user's language. Two strings need a word more:

- CONTROL's detail ``b`` of a LAUNCH is the string id of the launched name ("cpu-hog (2)",
  "script:demo.py"); recordings made before it held "launch cpu-hog (2)".
- THREADS_INFO's ``c`` names a JSON object of the run's facts that ``a`` and ``b`` do not
  hold: ``python`` ("cpython 3.11.7"), ``cpus`` (0 if unknown), ``gap_ns`` (the preemption
  gap threshold). Recordings made before it held an English sentence ("cpython 3.11.7 · GIL
  on · 2 CPUs · switch interval 5 ms · gap threshold 50 µs"), which the text module parses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple


class Ev(IntEnum):
    TASK_SPAWNED = 1
    TASK_READY = 2
    STEP_BEGIN = 3
    STEP_END = 4
    TASK_EXITED = 5
    CALLBACK_READY = 6
    CALLBACK_BEGIN = 7
    CALLBACK_END = 8
    HANDLE_SKIPPED = 9
    FD_REGISTER = 10
    FD_MODIFY = 11
    FD_UNREGISTER = 12
    POLL_BEGIN = 13
    POLL_END = 14
    FD_EVENT = 15
    TIMER_ADDED = 16
    TIMER_FIRED = 17
    TIMER_CANCELLED = 18
    THREAD_WAKE = 19
    INSTRUMENT_ERROR = 20
    CONTROL = 21
    LOOP_INFO = 22
    MARK = 23
    TASK_RENAMED = 24
    THREADS_INFO = 25  # a preemptive (OS threads) recording starts: see app.runtime.preemptive
    SLOW_STEP = 26  # a step or callback ran longer than the loop's slow-step threshold
    PEER_IO = 27  # a peer outside the loop did socket I/O that makes a loop fd ready


class Cause(IntEnum):
    """Why something entered the ready queue."""

    SPAWN = 1  # the task's first step, scheduled by Task.__init__
    FD = 2  # the kernel reported fd ``detail`` ready (``mask`` says read/write)
    TIMER = 3  # timer handle ``detail`` fired
    TASK = 4  # task ``detail`` was running (it completed, set a future, put to a queue...)
    THREAD = 5  # another thread called call_soon_threadsafe (string id of the thread)
    YIELD = 6  # the task yielded to the loop itself (``await asyncio.sleep(0)``)
    CALLBACK = 7  # a plain callback with no deeper known cause (handle serial)
    OUTSIDE = 8  # scheduled while the loop was not running anything (before run, from setup)
    CONTROL = 9  # injected by the engine for a user command (detail = :class:`Control`)
    # OS threads only (app.runtime.preemptive):
    PREEMPTED = 10  # INFERRED: lost the GIL/CPU mid-cpu() (a gap between work units)
    RETURNED = 11  # a blocking call (Wait.CALL) returned; its wake time is the return time


class Wait(IntEnum):
    """What a task waits for after a step (its *registered* reason)."""

    READY = 0  # not waiting: it is already back in the ready queue (a bare yield)
    FD_READ = 1  # detail = fd
    FD_WRITE = 2  # detail = fd
    TIMER = 3  # detail = deadline (monotonic ns), c = timer handle serial
    TASK = 4  # detail = task serial it awaits
    FUTURE = 5  # c = string id naming it by its awaiting frame ("Queue.get", ...)
    THREAD = 6  # a worker thread will complete it (executor, database); c = string id
    DONE = 7  # the step ended the task (TASK_EXITED follows)
    CALL = 8  # OS threads: blocked in a call that released the GIL (sqlite3, C); c = string id


class PeerAction(IntEnum):
    """What a peer (:data:`Ev.PEER_IO`) did to make a loop fd ready."""

    CONNECT = 1  # connected to the loop's listening socket: it becomes readable (accept)
    SEND = 2  # sent bytes on a connection: the loop's end of it becomes readable
    CLOSE = 3  # closed its end of a connection: the loop's end reads the end of the stream


class Outcome(IntEnum):
    OK = 1
    ERROR = 2
    CANCELLED = 3


class Unit(IntEnum):
    POLL = 1
    TIMER = 2
    RUN = 3


class Control(IntEnum):
    """Control events injected by the engine (hideable in views)."""

    PAUSE = 1
    RESUME = 2
    STEP = 3
    LAUNCH = 4
    CANCEL = 5
    STOP = 6
    SLOW_MOTION = 7


#: One event as the recorder writes it: ``(seq, ts_ns, kind, task, a, b, c)`` (see above).
Record = tuple[int, int, int, int, int, int, int]


@dataclass(frozen=True, slots=True)
class TaskInfo:
    """What is known about a task when it is spawned (never changes afterwards)."""

    serial: int
    name: str
    coro: str  # qualname of the coroutine function
    site: str  # "file:line" of the code that created the task
    parent: int  # serial of the task that was running when it was created (0 = none)
    eager: bool


READ = 1  # selectors.EVENT_READ
WRITE = 2  # selectors.EVENT_WRITE

#: The kinds that open a unit (see module docstring).
UNIT_KINDS = {
    Ev.POLL_BEGIN: Unit.POLL,
    Ev.TIMER_FIRED: Unit.TIMER,
    Ev.STEP_BEGIN: Unit.RUN,
    Ev.CALLBACK_BEGIN: Unit.RUN,
}


class Event(NamedTuple):
    """A decoded event, for tests, logs and instruments (never built on the hot path)."""

    seq: int
    ts: int
    kind: Ev
    task: int
    a: int
    b: int
    c: int

    @classmethod
    def of(cls, record: tuple[int, int, int, int, int, int, int]) -> Event:
        seq, ts, kind, task, a, b, c = record
        return cls(seq, ts, Ev(kind), task, a, b, c)


def mask_text(mask: int) -> str:
    parts = []
    if mask & READ:
        parts.append("read")
    if mask & WRITE:
        parts.append("write")
    return "+".join(parts) or "none"


def unit_number(kind: int, a: int, b: int, c: int) -> int:
    """The unit number carried by a unit-opening event (0 for any other event)."""
    if kind == Ev.STEP_BEGIN:
        return a
    if kind == Ev.POLL_BEGIN:
        return b
    if kind in (Ev.CALLBACK_BEGIN, Ev.TIMER_FIRED):
        return c
    return 0


#: Wait reason of a task whose step end was lost (resynchronised).
WAIT_UNKNOWN = -1
#: What :meth:`Reducer.backend` says of a preemptive recording: OS threads did the work, no
#: loop polled (a saved session's header says the same).
PREEMPTIVE = "threads"

#: How a view names a task by its serial (the store's ``task_name``).
TaskName = Callable[[int], str]


def string_at(strings: Sequence[str], sid: int) -> str:
    """String ``sid`` of a recording's string table; ``<string N>`` for an id the table does
    not hold (a damaged file, or a live table read before it caught up): never an error."""
    return strings[sid] if 0 <= sid < len(strings) else f"<string {sid}>"


#: The kinds whose ``a`` is an fd.
FD_KINDS = frozenset({Ev.FD_REGISTER, Ev.FD_MODIFY, Ev.FD_UNREGISTER, Ev.FD_EVENT})
#: The waits whose detail is an fd.
FD_WAITS = frozenset({Wait.FD_READ, Wait.FD_WRITE})


def event_fd(kind: int, a: int, b: int) -> int | None:
    """The fd an event concerns: an interest-list change or a kernel report (``a``), the fd a
    peer's I/O makes ready (``a`` of PEER_IO, when known), a wake-up by an fd (``b`` of
    TASK_READY with Cause.FD) or a wait for one (``b`` of STEP_END with an fd wait). None for
    any other event."""
    if kind in FD_KINDS:
        return a
    if kind == Ev.PEER_IO:
        return a if a >= 0 else None
    if kind == Ev.TASK_READY and a == Cause.FD:
        return b
    if kind == Ev.STEP_END and a in FD_WAITS:
        return b
    return None
