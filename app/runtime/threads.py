"""The preemptive engine: a sample's work on OS threads, recorded in the loop's vocabulary.

The cooperative side of LoopScope *observes* scheduling: the traced loop sees every step.
Threads are scheduled by the OS and the GIL, which report nothing. So here the workload
reports for itself, through a small set of **primitives** (DESIGN.md §4) that every threaded
sample calls instead of the raw blocking calls:

==================  =========================================  ================================
primitive           what the thread does                       what is recorded around it
==================  =========================================  ================================
``cpu(ms)``         pure-Python work, in ~0.5 µs units         running; a gap > 50 µs between
                                                               units = ready (PREEMPTED,
                                                               *inferred*)
``sleep(s)``        sleeps until a deadline                    Wait.TIMER → ready at deadline
``recv`` & co.      waits for a socket, then reads / writes    Wait.FD_READ / FD_WRITE → ready
                                                               at the peer's send time
``join(t)``         waits for another thread to end            Wait.TASK → ready at its exit
``queue.get/put``   waits on a bounded queue                   Wait.FUTURE "Queue.get" → ready
                                                               when the item was put
``call`` ``query``  a call that releases the GIL (sqlite3, C)  Wait.CALL → ready on return
``spawn(fn)``       starts a traced thread (Thread.start())     TASK_SPAWNED; the spawner is in
                                                               Wait.CALL "Thread.start"
==================  =========================================  ================================

Each traced thread is a *task* in :mod:`app.trace.events` terms, with a serial of its own:
TASK_SPAWNED and TASK_READY(SPAWN) when it is started, STEP_BEGIN / STEP_END around each
interval in which it runs Python code, TASK_READY with the cause of each wake-up, STEP_END
(DONE) and TASK_EXITED when it ends. So a view that can draw a task can draw a thread.

How the three states are told apart (the facts behind it are in DESIGN.md §4):

- **running vs ready (waiting for the GIL).** A thread cannot tell when it loses the GIL — it
  just stops. Two signals reveal it afterwards. (1) ``cpu()`` timestamps every small unit of
  work: two consecutive stamps more than :data:`GAP_NS` apart mean the thread was runnable
  and not running in between (the GIL, the OS scheduler or a GC pause: it cannot tell which).
  (2) On a GIL build, every traced thread that (re)starts running stores a new *activity
  stamp*; a thread that finds someone else's stamp where its own was knows it was not running
  since — however short the gap (a 20 µs hand-off is far below any sane threshold). The second
  signal is also checked around the system calls inside primitives (a non-blocking
  ``send``/``recv``, a ``close``: they release the GIL) and before every blocking wait, so
  glue code between primitives is covered too, and the recorded running intervals of
  different threads never overlap (a test checks it). Both are *inferences*, recorded with
  their own cause, ``Cause.PREEMPTED``, which views label "inferred".
- **blocked vs ready after a wake-up.** A blocking call returns only once the thread has the
  GIL again, so "the call returned" is *later* than "the thread became runnable". The time it
  became runnable is known for the primitives here: the sleep's deadline, the moment the peer
  (in this process, on loopback) started the ``send`` that filled our socket or the ``recv``
  that drained it, the exit of a joined thread, the ``put`` of the item a ``get`` received.
  TASK_READY is stamped with that time (``Recorder.emit_at``), STEP_BEGIN with the return.

Because inferred and wake-up events carry the earlier time they describe, a preemptive
recording is in ``seq`` order per thread but not across threads: sort by ``ts``.

Cancellation is cooperative, like asyncio's: :meth:`ThreadRuntime.cancel` (the whole run) or
:meth:`TracedThread.cancel` (one thread) marks a cancel as pending and wakes the blocked
primitive (sleeps wait on an Event, socket waits ``poll()`` the socket *and* the runtime's
wake-up socket, queue and join waits are notified, cpu() checks every unit). The primitive
raises :class:`Cancelled` inside the thread — once per cancel, as ``CancelledError`` is
delivered once: the ``finally`` blocks that run next may still join threads and close
sockets. :meth:`ThreadRuntime.shutdown` then joins every thread, closes every socket and
database connection still open and removes every temporary file the run created.

Sockets are kept non-blocking underneath and the primitives wait with ``poll()``: that is
exactly how CPython implements a blocking socket with a timeout, plus one more fd to wake up
on (the stop signal). To the sample they behave like blocking sockets.

The switch interval (``sys.setswitchinterval``, 0.5–50 ms) is process-wide: a
:class:`PreemptiveRun` sets it for the duration of the run and restores it afterwards.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import math
import os
import queue
import select
import socket
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from app.runtime.params import Param, Workload, WorkloadError
from app.runtime.recorder import Recorder
from app.trace.events import READ, WRITE, Cause, Control, Ev, Outcome, Record, TaskInfo, Wait

#: Two cpu() work-unit stamps further apart than this: the thread was not running between
#: them. A unit takes ~0.5 µs, so 50 µs is ~100 units: far above timer noise and the cost
#: of recording, far below a GIL switch interval (0.5 ms at least).
GAP_NS = 50_000
#: Iterations of the tiny pure-Python loop that makes one cpu() work unit (~0.5 µs).
_UNIT_LOOP = 25
#: How long :meth:`ThreadRuntime.shutdown` waits for all threads to end after a cancel.
JOIN_TIMEOUT = 3.0
_POLL_IN = getattr(select, "POLLIN", 1)
_POLL_OUT = getattr(select, "POLLOUT", 4)
_HAS_POLL = hasattr(select, "poll")
#: connect_ex() results that mean "in progress" on a non-blocking socket (POSIX, Windows).
_CONNECTING = {0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN,
               getattr(errno, "WSAEWOULDBLOCK", 10035)}

SWITCH_INTERVAL = Param(
    "switch_interval_ms", float, 5.0,
    "The GIL switch interval (sys.setswitchinterval) during the preemptive run: how long a "
    "thread may hold the GIL while another one waits for it.", 0.5, 50, unit="ms")

Address = Any  # a socket address: (host, port) for the IPv4 sockets used here


class Cancelled(BaseException):
    """Raised inside a traced thread by its next primitive once the run (or the thread) is
    cancelled — the threads' ``asyncio.CancelledError``. A BaseException for the same reason:
    ``except Exception`` in a sample must not swallow it."""


def gil_enabled() -> bool:
    """False on a free-threaded build running without the GIL (3.13t+)."""
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


def conditions_text(switch_interval: float, gap_ns: int = GAP_NS) -> str:
    """The run's conditions, for the user: the numbers depend on them."""
    gil = "GIL on" if gil_enabled() else "GIL off (free-threaded)"
    return (f"{sys.implementation.name} {sys.version.split()[0]} · {gil} · "
            f"{os.cpu_count() or '?'} CPUs · switch interval {switch_interval * 1000:g} ms · "
            f"gap threshold {gap_ns / 1000:g} µs")


def by_time(records: Iterable[Record]) -> list[Record]:
    """A preemptive recording in time order (ties keep their recording order)."""
    return sorted(records, key=lambda r: (r[1], r[0]))


class TracedThread:
    """One OS thread of a preemptive run: a *task* with a serial in the recording.

    Start it with :meth:`ThreadRuntime.spawn`; wait for it with :meth:`ThreadRuntime.join`
    (recorded) or :meth:`wait` (not recorded: for code outside the run).
    """

    def __init__(self, runtime: ThreadRuntime, serial: int, name: str,
                 fn: Callable[..., Any], args: tuple[Any, ...],
                 kwargs: dict[str, Any]) -> None:
        self.runtime = runtime
        self.serial = serial
        self.name = name
        self.result: Any = None
        self.exception: BaseException | None = None
        self.exit_ns = 0  # when it ended (monotonic ns): the wake time of its joiners
        self.preemptions = 0  # inferred preemptions recorded for it
        #: A cancel was requested and not yet delivered (raised as Cancelled in the thread).
        self.cancel_pending = False
        #: Set to interrupt this thread's sleep (a cancel of the thread or of the run).
        self.wake = threading.Event()
        # Socket waits: is it in poll() now, and does it owe the wake-up socket a byte?
        self._in_poll = False
        self._poked = False
        # Its last stamp (see ThreadRuntime._stamp): the activity value it stored, and when.
        self.seen_epoch = 0
        self.seen_ts = 0
        self.done = threading.Event()
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self.thread = threading.Thread(target=self._main, name=name, daemon=True)

    def __repr__(self) -> str:
        state = "done" if self.done.is_set() else "alive"
        return f"<TracedThread #{self.serial} {self.name} {state}>"

    def cancel(self) -> None:
        """Ask this thread alone to stop: its next primitive raises :class:`Cancelled`.

        Whatever it is doing (cpu, sleep, a socket, a queue, a join) it notices at once;
        only a blocking :meth:`ThreadRuntime.call` must return first.
        """
        self.runtime._cancel_thread(self)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the end of the thread without recording anything (for outside code)."""
        return self.done.wait(timeout)

    def outcome(self) -> str:
        if not self.done.is_set():
            return "running"
        if self.exception is None:
            return "ok"
        if isinstance(self.exception, Cancelled):
            return "cancelled"
        return f"error: {type(self.exception).__name__}: {self.exception}"

    def _main(self) -> None:
        rt = self.runtime
        rec = rt.recorder
        rt._local.thread = self
        # The first moment it runs Python code: the gap since its TASK_READY(SPAWN) is the
        # thread's start-up, including waiting for the GIL.
        rec.emit_at(rt._stamp(self), Ev.STEP_BEGIN, self.serial, next(rt._units))
        outcome, text = Outcome.OK, 0
        try:
            rt._check(self)  # cancelled before it ever ran
            self.result = self._fn(*self._args, **self._kwargs)
        except Cancelled as exc:
            self.exception = exc
            outcome = Outcome.CANCELLED
        except BaseException as exc:  # a thread that raises ends; the others carry on
            self.exception = exc
            outcome = Outcome.ERROR
            text = rec.intern(f"{type(exc).__name__}: {exc}".rstrip(": "))
        finally:
            rt._local.thread = None
            rt._sync(self)
            end = rt._stamp(self)
            rec.emit_at(end, Ev.STEP_END, self.serial, Wait.DONE, 0, 0)
            rec.emit_at(end, Ev.TASK_EXITED, self.serial, outcome, text)
            self.exit_ns = end
            with rt._cond:
                self.done.set()
                rt._cond.notify_all()


class TracedQueue(queue.Queue):  # type: ignore[type-arg]
    """A bounded FIFO queue whose blocking ``get``/``put`` are recorded primitives.

    Same locks and conditions as :class:`queue.Queue` (so ``qsize``, ``task_done``... work);
    ``get`` and ``put`` are re-implemented to record the wait (Wait.FUTURE "Queue.get" /
    "Queue.put", the names the cooperative side gives ``asyncio.Queue``), to know who woke
    the waiter and when (each item carries its put time and putter), and to be cancellable.
    """

    def __init__(self, runtime: ThreadRuntime, maxsize: int = 0) -> None:
        super().__init__(maxsize)
        self._rt = runtime
        self._last_get = (0, 0)  # (ts, thread serial) of the latest get: wakes a blocked put
        self._get_label = runtime.recorder.intern("Queue.get")
        self._put_label = runtime.recorder.intern("Queue.put")

    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        rt = self._rt
        me = rt.current()
        rt._check(me)
        with self.not_full:
            if self.maxsize > 0 and self._qsize() >= self.maxsize:
                if not block:
                    raise queue.Full
                t_block = rt._block(me, Wait.FUTURE, 0, self._put_label)
                while self._qsize() >= self.maxsize and not rt._cancelled(me):
                    self.not_full.wait()
                if rt._cancelled(me):
                    rt._resume_cancelled(me)
                ts, getter = self._last_get
                rt._resume(me, Cause.TASK, getter, 0, ts, t_block)
            self._put((item, time.monotonic_ns(), me.serial if me else 0))
            self.unfinished_tasks += 1
            self.not_empty.notify()

    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        rt = self._rt
        me = rt.current()
        rt._check(me)
        with self.not_empty:
            t_block = 0
            if not self._qsize():
                if not block:
                    raise queue.Empty
                t_block = rt._block(me, Wait.FUTURE, 0, self._get_label)
                while not self._qsize() and not rt._cancelled(me):
                    self.not_empty.wait()
                if rt._cancelled(me):
                    rt._resume_cancelled(me)
            item, put_ns, putter = self._get()
            self._last_get = (time.monotonic_ns(), me.serial if me else 0)
            self.not_full.notify()
            if t_block:
                rt._resume(me, Cause.TASK, putter, 0, put_ns, t_block)
            return item

    def _wake_all(self) -> None:
        with self.mutex:
            self.not_empty.notify_all()
            self.not_full.notify_all()


class ThreadRuntime:
    """The primitives and the bookkeeping of one preemptive run (thread-safe).

    Everything a threaded sample needs goes through ``rt``: threads (:meth:`spawn`,
    :meth:`join`, :meth:`gather`), CPU work (:meth:`cpu`), time (:meth:`sleep`), sockets
    (:meth:`tcp_listen`, :meth:`tcp_connect`, :meth:`accept`, :meth:`recv`,
    :meth:`recv_exactly`, :meth:`sendall`, :meth:`udp_socket`, :meth:`sendto`,
    :meth:`recvfrom`, :meth:`close`), a database (:meth:`connect_db`, :meth:`query`,
    :meth:`close_db`), other blocking calls (:meth:`call`), bounded queues (:meth:`queue`) and
    temporary files (:meth:`temp_path`). Whatever it created, :meth:`shutdown` cleans up.

    Primitives called from a thread the runtime did not spawn work the same but record
    nothing (there is no task to attribute them to).
    """

    def __init__(self, recorder: Recorder, *, gap_ns: int = GAP_NS) -> None:
        self.recorder = recorder
        self.gap_ns = gap_ns
        #: Set once the run is cancelled (or shut down): every primitive raises Cancelled.
        self.stop = threading.Event()
        self._local = threading.local()
        # Serials continue after the recorder's known tasks: a recorder may hold several runs.
        self._serials = itertools.count(recorder.highest_serial() + 1)
        self._units = itertools.count(1)
        # Activity stamp: every traced thread that records anything (it holds the GIL to do
        # it) stores a new value. On a GIL build, a thread that sees it change between two
        # of its own stamps knows it was not running in between, however short the gap.
        self._epochs = itertools.count(1)
        self._epoch = 0
        self._gil = gil_enabled()
        self._lock = threading.Lock()
        self._cond = threading.Condition()  # notified when a thread ends or on cancel
        self._threads: list[TracedThread] = []
        self._sockets: set[socket.socket] = set()
        self._dbs: set[sqlite3.Connection] = set()
        self._queues: list[TracedQueue] = []
        self._temp_paths: list[str] = []
        #: (local address, peer address) of connected sockets, for the wake-time look-ups.
        self._ends: dict[socket.socket, tuple[Address, Address]] = {}
        #: (from, to) -> when a send from ``from`` to ``to`` last started (monotonic ns).
        self._sent: dict[tuple[Address, Address], int] = {}
        #: (from, to) -> when ``to`` last started a recv of data from ``from``.
        self._drained: dict[tuple[Address, Address], int] = {}
        # The wake-up socket pair, made at the first socket wait: socket waits poll it too;
        # one byte written on cancel keeps it readable for good, so every present and future
        # socket wait returns at once.
        self._wake: tuple[socket.socket, socket.socket] | None = None
        self._closed = False
        self._labels: dict[str, int] = {}

    # -- information -------------------------------------------------------------------------
    def announce(self, switch_interval: float | None = None) -> None:
        """Record THREADS_INFO: this recording is preemptive, under these conditions."""
        interval = sys.getswitchinterval() if switch_interval is None else switch_interval
        rec = self.recorder
        rec.emit(Ev.THREADS_INFO, 0, int(interval * 1e9), int(gil_enabled()),
                 rec.intern(conditions_text(interval, self.gap_ns)))

    def current(self) -> TracedThread | None:
        """The traced thread calling this (None for a thread the runtime did not spawn)."""
        return getattr(self._local, "thread", None)

    @property
    def threads(self) -> list[TracedThread]:
        with self._lock:
            return list(self._threads)

    def _label(self, text: str) -> int:
        sid = self._labels.get(text)
        if sid is None:
            sid = self._labels[text] = self.recorder.intern(text)
        return sid

    # -- recording helpers ---------------------------------------------------------------------
    def _cancelled(self, me: TracedThread | None) -> bool:
        """Is a cancel waiting to be delivered to this thread?"""
        return me.cancel_pending if me is not None else self.stop.is_set()

    def _check(self, me: TracedThread | None) -> None:
        """At the start of a primitive: a pending cancel is delivered here (like an await)."""
        if me.cancel_pending if me is not None else self.stop.is_set():
            self._deliver(me)

    @staticmethod
    def _deliver(me: TracedThread | None) -> None:
        """Raise Cancelled in the thread, once per cancel: as with asyncio's CancelledError,
        the primitives its ``finally`` blocks call (a join, a close) then work normally."""
        if me is not None:
            me.cancel_pending = False
            me.wake.clear()
        raise Cancelled()

    # -- who runs when (GIL builds): activity stamps -----------------------------------------
    #
    # A thread cannot see the GIL leave it. But every traced thread that (re)starts running
    # stores a new *activity stamp* in ``self._epoch`` before reading the clock, and
    # remembers (stamp, time) as its last stamp. If later the runtime's stamp is not its own
    # any more, another thread ran in between — so (one GIL) this one was not running from
    # its last stamp until now. It records that as an inferred preemption before it records
    # anything else, which keeps the running intervals of all threads disjoint.

    def _stamp(self, me: TracedThread | None) -> int:
        """I am running now: a new activity stamp (first), then the clock."""
        self._epoch = epoch = next(self._epochs)
        t = time.monotonic_ns()
        if me is not None:
            me.seen_epoch = epoch
            me.seen_ts = t
        return t

    def _sync(self, me: TracedThread | None) -> None:
        """Did another thread record anything since my last stamp? Then I was not running
        from that stamp until now: record the gap (GIL builds; free-threaded builds really
        run threads side by side, so there it proves nothing)."""
        if me is not None and self._gil and self._epoch != me.seen_epoch:
            self._preempted(me, me.seen_ts)

    def _preempted(self, me: TracedThread, t_lost: int) -> int:
        """Record an inferred gap: runnable since ``t_lost``, running again now (returned)."""
        me.preemptions += 1
        t_back = self._stamp(me)
        rec = self.recorder
        rec.emit_at(t_lost, Ev.TASK_READY, me.serial, Cause.PREEMPTED, 0, 0)
        rec.emit_at(t_lost, Ev.STEP_END, me.serial, Wait.READY, 0, 0)
        rec.emit_at(t_back, Ev.STEP_BEGIN, me.serial, next(self._units))
        return t_back

    def _mark(self, me: TracedThread | None) -> int:
        """Before a short call that releases the GIL (a non-blocking send/recv, a socket
        set-up, a close): catch up, stamp. Returns the time."""
        self._sync(me)
        return self._stamp(me)

    def _after_call(self, me: TracedThread | None, t0: int) -> None:
        """After that call. It takes microseconds; if it took longer than the gap threshold,
        or another thread stamped meanwhile, this thread spent part of it waiting to get the
        GIL back: an inferred preemption from ``t0``, as a gap inside cpu() is."""
        if me is None:
            return
        if time.monotonic_ns() - t0 > self.gap_ns:
            self._preempted(me, t0)
        elif self._gil and self._epoch != me.seen_epoch:
            self._preempted(me, me.seen_ts)
        else:
            self._stamp(me)  # running again: let the others know

    def _block(self, me: TracedThread | None, wait: int, detail: int, c: int) -> int:
        """The thread is about to block: end its running interval with the reason."""
        if me is None:
            return time.monotonic_ns()
        self._sync(me)
        t = self._stamp(me)
        self.recorder.emit_at(t, Ev.STEP_END, me.serial, wait, detail, c)
        return t

    def _resume(self, me: TracedThread | None, cause: int, detail: int, mask: int,
                wake_ns: int, t_block: int) -> None:
        """The blocking call returned (the thread holds the GIL again).

        ``wake_ns`` is when it became runnable, if known (0 = unknown: then it is "now"); it
        is clamped into [t_block, now], since clocks of two threads are read at slightly
        different moments around the same kernel event.
        """
        if me is None:
            return
        t = self._stamp(me)
        wake = t if wake_ns <= 0 else min(max(wake_ns, t_block), t)
        rec = self.recorder
        rec.emit_at(wake, Ev.TASK_READY, me.serial, cause, detail, mask)
        rec.emit_at(t, Ev.STEP_BEGIN, me.serial, next(self._units))

    def _resume_cancelled(self, me: TracedThread | None) -> None:
        """Woken by a cancel: record it (cause CONTROL/CANCEL) and raise Cancelled."""
        self._resume(me, Cause.CONTROL, Control.CANCEL, 0, 0, 0)
        self._deliver(me)

    # -- threads -------------------------------------------------------------------------------
    def spawn(self, fn: Callable[..., Any], *args: Any, name: str | None = None,
              **kwargs: Any) -> TracedThread:
        """Start ``fn(*args, **kwargs)`` on a new traced OS thread."""
        if self._closed:
            raise RuntimeError("this preemptive run is closed")
        me = self.current()
        serial = next(self._serials)
        name = name or f"thread-{serial}"
        strand = TracedThread(self, serial, name, fn, args, kwargs)
        frame = sys._getframe(1)
        rec = self.recorder
        self._sync(me)
        self._stamp(me)
        rec.add_task(TaskInfo(serial, name, getattr(fn, "__qualname__", repr(fn)),
                              f"{frame.f_code.co_filename}:{frame.f_lineno}",
                              me.serial if me else 0, False))
        rec.emit(Ev.TASK_READY, serial, Cause.SPAWN, me.serial if me else 0, 0)
        with self._lock:
            self._threads.append(strand)
        if self.stop.is_set():
            strand.cancel_pending = True  # the run is stopping: it ends at its first primitive
        # Thread.start() blocks until the new thread has started (and the new thread usually
        # runs first): the spawner is blocked in that call meanwhile.
        t_block = self._block(me, Wait.CALL, 0, self._label("Thread.start"))
        strand.thread.start()
        self._resume(me, Cause.RETURNED, 0, 0, 0, t_block)
        return strand

    def join(self, strand: TracedThread, timeout: float | None = None) -> Any:
        """Wait for ``strand`` to end; its result, or its exception raised here.

        With a ``timeout`` (seconds), raise TimeoutError when it has not ended by then (the
        thread goes on: cancel it with ``strand.cancel()``, as ``wait_for`` cancels a task).
        """
        self._wait_for(strand, timeout)
        if strand.exception is not None:
            raise strand.exception
        return strand.result

    def gather(self, strands: Iterable[TracedThread]) -> list[Any]:
        """Join every thread in order; each one's result or exception (``return_exceptions``).

        A thread that raised does not stop the others, and its exception is returned in its
        place, as ``asyncio.gather(..., return_exceptions=True)`` does.
        """
        results: list[Any] = []
        for strand in strands:
            self._wait_for(strand, None)
            results.append(strand.exception if strand.exception is not None
                           else strand.result)
        return results

    def _wait_for(self, strand: TracedThread, timeout: float | None) -> None:
        me = self.current()
        self._check(me)
        if strand.done.is_set():
            return
        t_block = self._block(me, Wait.TASK, strand.serial, 0)
        deadline = None if timeout is None else t_block + int(timeout * 1e9)
        with self._cond:
            while not strand.done.is_set() and not self._cancelled(me):
                if deadline is None:
                    self._cond.wait()
                else:
                    left = deadline - time.monotonic_ns()
                    if left <= 0:
                        break
                    self._cond.wait(left / 1e9)
        if self._cancelled(me):
            self._resume_cancelled(me)
        if not strand.done.is_set():
            self._resume(me, Cause.TIMER, 0, 0, deadline or 0, t_block)
            raise TimeoutError(f"{strand.name} did not finish within {timeout:g} s")
        self._resume(me, Cause.TASK, strand.serial, 0, strand.exit_ns, t_block)

    # -- CPU and time --------------------------------------------------------------------------
    def cpu(self, ms: float) -> int:
        """Compute in pure Python (holding the GIL) for ``ms`` ms of *running* time.

        Time spent preempted does not count, so ``cpu(300)`` is the same amount of work
        whether the thread ran alone or shared the GIL. Returns the number of work units.
        Every unit is stamped; a gap longer than :attr:`gap_ns` is recorded as an inferred
        preemption (TASK_READY(PREEMPTED) + STEP_END(READY) at the last stamp before the gap,
        STEP_BEGIN at the first one after it).
        """
        me = self.current()
        self._check(me)
        now = time.monotonic_ns
        need = int(ms * 1e6)
        gap = self.gap_ns
        gil = self._gil
        ran = units = acc = 0
        self._sync(me)
        prev = self._stamp(me)
        seen = self._epoch
        while ran < need:
            for i in range(_UNIT_LOOP):  # the work itself: tiny, so the stamps are dense
                acc ^= i
            t = now()
            dt = t - prev
            # A long gap, or (GIL build) another thread recorded something: not running.
            if dt > gap or (gil and self._epoch != seen):
                if me is not None:
                    t = self._preempted(me, prev)
                seen = self._epoch
            else:
                ran += dt
            prev = t
            units += 1
            if me.cancel_pending if me is not None else self.stop.is_set():
                self._deliver(me)
        if me is not None:  # its last moment known running, for the next _sync
            me.seen_epoch, me.seen_ts = seen, prev
        return units

    def sleep(self, seconds: float) -> None:
        """Sleep (``time.sleep``, but a cancel wakes it). Never returns before the deadline.

        ``sleep(0)`` gives the GIL away once, the threads' ``await asyncio.sleep(0)``.
        """
        me = self.current()
        self._check(me)
        rec = self.recorder
        if seconds <= 0:
            if me is not None:
                self._sync(me)
                t = self._stamp(me)
                rec.emit_at(t, Ev.TASK_READY, me.serial, Cause.YIELD, me.serial, 0)
                rec.emit_at(t, Ev.STEP_END, me.serial, Wait.READY, 0, 0)
            time.sleep(0)
            if me is not None:
                rec.emit_at(self._stamp(me), Ev.STEP_BEGIN, me.serial, next(self._units))
            return
        deadline = time.monotonic_ns() + int(seconds * 1e9)
        t_block = self._block(me, Wait.TIMER, deadline, 0)
        waiter = me.wake if me is not None else self.stop
        while True:
            left = deadline - time.monotonic_ns()
            if left <= 0:
                break
            # Event.wait may return a hair early (rounding of its timeout): loop until the
            # deadline really passed, so a sleep is never early, like asyncio's timers.
            if waiter.wait(left / 1e9) or self._cancelled(me):
                self._resume_cancelled(me)
        self._resume(me, Cause.TIMER, 0, 0, deadline, t_block)

    def call(self, fn: Callable[..., Any], *args: Any, label: str | None = None) -> Any:
        """Run a blocking call that releases the GIL (a C library call): recorded as
        Wait.CALL (``label`` names it). Not interruptible: a cancel is seen when it returns."""
        me = self.current()
        self._check(me)
        t_block = self._block(me, Wait.CALL, 0,
                              self._label(label or getattr(fn, "__qualname__", "call")))
        try:
            return fn(*args)
        finally:
            self._resume(me, Cause.RETURNED, 0, 0, 0, t_block)
            self._check(me)

    # -- bounded queues ------------------------------------------------------------------------
    def queue(self, maxsize: int = 0) -> TracedQueue:
        q = TracedQueue(self, maxsize)
        with self._lock:
            self._queues.append(q)
        return q

    # -- sockets -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _syscalls(self, me: TracedThread | None) -> Iterator[None]:
        """Around glue system calls that release the GIL (creating, configuring, closing a
        socket): a switch inside them is recorded (see :meth:`_after_call`)."""
        t0 = self._mark(me)
        try:
            yield
        finally:
            self._after_call(me, t0)

    def _track(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            if self._closed:
                sock.close()
                raise RuntimeError("this preemptive run is over")
            self._sockets.add(sock)
        return sock

    def tcp_listen(self, host: str = "127.0.0.1", port: int = 0,
                   backlog: int = 128) -> socket.socket:
        """A listening TCP socket (port 0 = an ephemeral port). OSError if it cannot bind."""
        with self._syscalls(self.current()):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                if os.name != "nt":  # reuse a port in TIME_WAIT; on Windows it means steal it
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind((host, port))
                sock.listen(backlog)
                sock.setblocking(False)  # the primitives do the blocking (poll): module doc
                self._ends[sock] = (sock.getsockname(), None)
            except BaseException:
                sock.close()
                raise
        return self._track(sock)

    def tcp_connect(self, address: Address, *, rcvbuf: int = 0) -> socket.socket:
        """Connect a TCP socket to ``address`` (``rcvbuf``: a small receive buffer, set
        before connecting so the TCP window follows it)."""
        me = self.current()
        self._check(me)
        address = tuple(address)
        with self._syscalls(me):
            sock = self._track(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
        try:
            with self._syscalls(me):
                sock.setblocking(False)
                if rcvbuf:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
                self._sent[("connect", address)] = time.monotonic_ns()
                err = sock.connect_ex(address)
            if err not in _CONNECTING:
                raise OSError(err, os.strerror(err))
            if err:
                t_block = self._block(me, Wait.FD_WRITE, sock.fileno(), self._label("connect"))
                self._wait_io(sock, WRITE, me, None)
                if self._cancelled(me):
                    self._resume_cancelled(me)
                self._resume(me, Cause.FD, sock.fileno(), WRITE, 0, t_block)
            with self._syscalls(me):
                err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if not err:
                    self._ends[sock] = (sock.getsockname(), sock.getpeername())
            if err:
                raise OSError(err, os.strerror(err))
        except BaseException:
            self.close(sock)
            raise
        return sock

    def accept(self, listener: socket.socket) -> tuple[socket.socket, Address]:
        """Accept a connection (waits for one: Wait.FD_READ on the listening socket)."""
        me = self.current()
        local = self._ends[listener][0] if listener in self._ends else listener.getsockname()
        conn, addr = self._io(me, listener, READ, "accept", listener.accept,
                              lambda: self._sent.get(("connect", local), 0))
        self._track(conn)
        with self._syscalls(me):
            conn.setblocking(False)
            self._ends[conn] = (conn.getsockname(), conn.getpeername())
        return conn, addr

    def set_buffers(self, sock: socket.socket, *, sndbuf: int = 0, rcvbuf: int = 0) -> None:
        """Shrink a socket's kernel buffers (so a slow peer pushes back sooner)."""
        with self._syscalls(self.current()):
            if sndbuf:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, sndbuf)
            if rcvbuf:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)

    def recv(self, sock: socket.socket, n: int) -> bytes:
        """Up to ``n`` bytes; b"" at end of stream. Waits (Wait.FD_READ) while none arrived."""
        me = self.current()
        ends = self._ends.get(sock)
        if ends is None:
            return self._io(me, sock, READ, "recv", lambda: sock.recv(n), lambda: 0)
        local, peer = ends
        self._drained[(peer, local)] = time.monotonic_ns()  # wakes a peer blocked in send
        return self._io(me, sock, READ, "recv", lambda: sock.recv(n),
                        lambda: self._sent.get((peer, local), 0))

    def recv_exactly(self, sock: socket.socket, n: int) -> bytes:
        """Exactly ``n`` bytes, or fewer only at end of stream."""
        chunks: list[bytes] = []
        left = n
        while left:
            data = self.recv(sock, left)
            if not data:
                break
            chunks.append(data)
            left -= len(data)
        return b"".join(chunks)

    def sendall(self, sock: socket.socket, data: bytes) -> None:
        """Send everything; waits (Wait.FD_WRITE) while the socket's buffers are full —
        that is back-pressure from a slow reader."""
        me = self.current()
        ends = self._ends.get(sock)
        view = memoryview(data)
        while view:
            if ends is not None:
                self._sent[ends] = time.monotonic_ns()  # before the syscall: see _io
            sent = self._io(me, sock, WRITE, "send", lambda chunk=view: sock.send(chunk),
                            lambda: self._drained.get(ends, 0) if ends else 0)
            view = view[sent:]

    def udp_socket(self, host: str = "127.0.0.1", port: int = 0) -> socket.socket:
        """A UDP socket bound to (host, port) (port 0 = ephemeral)."""
        with self._syscalls(self.current()):
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                sock.bind((host, port))
                sock.setblocking(False)
                self._ends[sock] = (sock.getsockname(), None)
            except BaseException:
                sock.close()
                raise
        return self._track(sock)

    def sendto(self, sock: socket.socket, data: bytes, address: Address) -> int:
        me = self.current()
        ends = self._ends.get(sock)
        if ends is not None:
            self._sent[(ends[0], tuple(address))] = time.monotonic_ns()
        return self._io(me, sock, WRITE, "sendto", lambda: sock.sendto(data, address),
                        lambda: 0)

    def recvfrom(self, sock: socket.socket, n: int,
                 timeout: float | None = None) -> tuple[bytes, Address]:
        """One datagram and its sender; TimeoutError after ``timeout`` seconds without one."""
        me = self.current()
        ends = self._ends.get(sock)
        local = ends[0] if ends else None
        got: list[Address] = []

        def receive() -> bytes:
            data, addr = sock.recvfrom(n)
            got.append(addr)
            return data

        data = self._io(me, sock, READ, "recvfrom", receive,
                        lambda: self._sent.get((got[0], local), 0) if got else 0, timeout)
        return data, got[0]

    def close(self, sock: socket.socket) -> None:
        """Close a socket created through the runtime (idempotent)."""
        with self._lock:
            self._sockets.discard(sock)
        self._ends.pop(sock, None)
        me = self.current()
        t0 = self._mark(me)
        sock.close()  # releases the GIL: it may come back late
        self._after_call(me, t0)

    def _io(self, me: TracedThread | None, sock: socket.socket, mask: int, label: str,
            op: Callable[[], Any], wake_time: Callable[[], int],
            timeout: float | None = None) -> Any:
        """Try ``op`` now; if it would block, record the wait, poll, and retry.

        Not blocking is not a state change: the thread just goes on running (as a task whose
        ``sock_recv`` finds data already there never leaves the CPU). Only a real wait is
        recorded: STEP_END(FD_READ/FD_WRITE, fd) → poll → TASK_READY(FD) stamped with the
        peer's send (or drain) time when it is known → STEP_BEGIN.
        """
        self._check(me)
        t0 = self._mark(me)
        try:
            return op()
        except (BlockingIOError, InterruptedError):
            pass
        finally:
            self._after_call(me, t0)
        fd = sock.fileno()
        wait = Wait.FD_READ if mask == READ else Wait.FD_WRITE
        t_block = self._block(me, wait, fd, self._label(label))
        deadline = None if timeout is None else t_block + int(timeout * 1e9)
        while True:
            if not self._wait_io(sock, mask, me, deadline):
                self._resume(me, Cause.TIMER, 0, 0, deadline or 0, t_block)
                raise TimeoutError(f"{label}: nothing within {timeout:g} s")
            if self._cancelled(me):
                self._resume_cancelled(me)
            try:
                result = op()
            except (BlockingIOError, InterruptedError):
                continue  # woken without data (another reader took it): wait again
            except BaseException:
                self._resume(me, Cause.FD, fd, mask, 0, t_block)
                raise
            # The peer's send started before our data could arrive: our wake time is after
            # it (the clamp in _resume keeps it inside the blocked interval).
            # STEP_BEGIN is stamped after the recv/send: if that syscall had to wait for the
            # GIL on its way back, the thread is shown ready until it really ran again.
            self._resume(me, Cause.FD, fd, mask, wake_time(), t_block)
            return result

    def _wait_io(self, sock: socket.socket, mask: int, me: TracedThread | None,
                 deadline: int | None) -> bool:
        """Block until ``sock`` is ready for ``mask`` or the run is cancelled (True), or
        the deadline passed (False).

        The wake-up socket is polled too. A cancel of the whole run leaves a byte in it for
        good. A cancel of one thread (:meth:`TracedThread.cancel`) "pokes" it: one byte that
        the cancelled thread reads back once it is out of poll(); the other waiters it woke
        meanwhile see that the poke is not for them and wait again.
        """
        fd = sock.fileno()
        # After the stop the wake-up socket stays readable: a wait in a ``finally`` (the
        # cancel was delivered already) must not poll it, or it would never sleep.
        wake_fd = -1 if self.stop.is_set() else self._wake_pair()[0].fileno()
        poller = None
        if _HAS_POLL:
            poller = select.poll()
            poller.register(fd, (_POLL_IN if mask & READ else 0) |
                            (_POLL_OUT if mask & WRITE else 0))
            if wake_fd >= 0:
                poller.register(wake_fd, _POLL_IN)
        if me is not None:
            with self._lock:
                me._in_poll = True  # before the check below: a cancel now will poke us
        try:
            while True:
                if self._cancelled(me):
                    return True
                timeout_s = None
                if deadline is not None:
                    timeout_s = (deadline - time.monotonic_ns()) / 1e9
                    if timeout_s <= 0:
                        return False
                if poller is not None:
                    ms = None if timeout_s is None else math.ceil(timeout_s * 1000)
                    ready = {f for f, _ in poller.poll(ms)}
                else:  # Windows: select() works on sockets (the wake-up pair is one too)
                    readers = ([fd] if mask & READ else []) + ([wake_fd] if wake_fd >= 0 else [])
                    writers = [fd] if mask & WRITE else []
                    r, w, _ = select.select(readers, writers, [], timeout_s)
                    ready = set(r) | set(w)
                if fd in ready:
                    return True
                if wake_fd in ready and not self._cancelled(me):
                    time.sleep(0.0002)  # another thread's poke: let its target take it
        finally:
            if me is not None:
                with self._lock:
                    me._in_poll = False
                    if me._poked and self._wake is not None:
                        me._poked = False
                        with contextlib.suppress(OSError):
                            self._wake[0].recv(1)

    def _wake_pair(self) -> tuple[socket.socket, socket.socket]:
        with self._lock:
            if self._wake is None:
                if self._closed:
                    raise RuntimeError("this preemptive run is over")
                pair = socket.socketpair()
                for sock in pair:
                    sock.setblocking(False)
                if self.stop.is_set():
                    pair[1].send(b"x")  # cancelled already: readable from the start
                self._wake = pair
            return self._wake

    # -- a database ------------------------------------------------------------------------------
    def connect_db(self, path: str) -> sqlite3.Connection:
        """Open an SQLite database (Wait.CALL "sqlite3.connect"); closed by :meth:`close_db`
        or at the end of the run."""
        me = self.current()
        self._check(me)
        t_block = self._block(me, Wait.CALL, 0, self._label("sqlite3.connect"))
        try:
            # check_same_thread=False: it may be closed on the supervisor thread at the end.
            conn = sqlite3.connect(path, timeout=5.0, isolation_level=None,
                                   check_same_thread=False)
        finally:
            self._resume(me, Cause.RETURNED, 0, 0, 0, t_block)
        with self._lock:
            self._dbs.add(conn)  # tracked at once: a cancel now cannot lose it
        return conn  # (a pending cancel is delivered by the next primitive, once the
        #             caller's try/finally owns the connection)

    def query(self, conn: sqlite3.Connection, sql: str,
              params: tuple[Any, ...] | Mapping[str, Any] = ()) -> list[Any]:
        """Execute one statement and fetch every row (Wait.CALL "sqlite3 SELECT"): sqlite3
        releases the GIL while SQLite works, so the thread is blocked in a call."""
        verb = sql.split(None, 1)[0].upper() if sql.strip() else "?"
        return self.call(lambda: conn.execute(sql, params).fetchall(),
                         label=f"sqlite3 {verb}")

    def close_db(self, conn: sqlite3.Connection) -> None:
        with self._lock:
            self._dbs.discard(conn)
        me = self.current()
        t0 = self._mark(me)
        conn.close()
        self._after_call(me, t0)

    # -- temporary files ---------------------------------------------------------------------------
    def temp_path(self, suffix: str = "", prefix: str = "loopscope-") -> str:
        """A new empty temporary file, removed (with SQLite's side files) by :meth:`shutdown`."""
        fd, path = tempfile.mkstemp(suffix=suffix, prefix=prefix)
        os.close(fd)
        with self._lock:
            self._temp_paths.append(path)
        return path

    # -- cancel and clean up -----------------------------------------------------------------------
    def _cancel_thread(self, strand: TracedThread) -> None:
        strand.cancel_pending = True
        strand.wake.set()
        with self._lock:
            if strand._in_poll and not strand._poked and self._wake is not None:
                strand._poked = True
                with contextlib.suppress(OSError):
                    self._wake[1].send(b"p")
        with self._cond:
            self._cond.notify_all()
        for q in list(self._queues):
            q._wake_all()

    def cancel(self) -> None:
        """Cancel the run (any thread): in every thread, the primitive it is in (blocked or
        not) or its next one raises Cancelled."""
        self.stop.set()
        for strand in self.threads:
            strand.cancel_pending = True
            strand.wake.set()
        with self._cond:
            self._cond.notify_all()
        with self._lock:
            queues = list(self._queues)
            dbs = list(self._dbs)
            if self._wake is not None:
                with contextlib.suppress(OSError):  # full or closed: readable already
                    self._wake[1].send(b"x")
        for q in queues:
            q._wake_all()
        for conn in dbs:  # a query in progress stops with OperationalError("interrupted")
            with contextlib.suppress(sqlite3.Error):
                conn.interrupt()

    def shutdown(self, timeout: float = JOIN_TIMEOUT) -> list[str]:
        """Cancel whatever still runs, join every thread, close every socket and database,
        remove every temporary file. Returns what had to be force-closed (for the user)."""
        self.cancel()
        leftovers: list[str] = []
        end = time.monotonic() + timeout
        for strand in self.threads:
            strand.thread.join(max(0.0, end - time.monotonic()))
            if strand.thread.is_alive():
                leftovers.append(f"thread {strand.name} did not stop")
        with self._lock:
            self._closed = True
            sockets, self._sockets = self._sockets, set()
            dbs, self._dbs = self._dbs, set()
            paths, self._temp_paths = self._temp_paths, []
        for sock in sockets:
            if sock.fileno() != -1:
                leftovers.append(f"socket fd {sock.fileno()}")
            sock.close()
        self._ends.clear()
        for conn in dbs:
            leftovers.append("database connection")
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        for path in paths:
            for name in (path, path + "-journal", path + "-wal", path + "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(name)
        with self._lock:
            wake, self._wake = self._wake, None
        for sock in wake or ():
            sock.close()
        return leftovers


# -- the switch interval: process-wide, so shared by concurrent runs ------------------------------
_switch_lock = threading.Lock()
_switch_users = 0
_switch_saved = 0.0


@contextlib.contextmanager
def switch_interval(seconds: float) -> Iterator[None]:
    """Set ``sys.setswitchinterval`` for a block; the value before the first of overlapping
    blocks is restored when the last one ends."""
    global _switch_users, _switch_saved
    with _switch_lock:
        if _switch_users == 0:
            _switch_saved = sys.getswitchinterval()
        _switch_users += 1
        sys.setswitchinterval(seconds)
    try:
        yield
    finally:
        with _switch_lock:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_saved)


#: C functions that block (and release the GIL) when called directly from a sample's own code,
#: by (module or type's module, qualname). Detected on 3.12+ with sys.monitoring.
BLOCKING_CALLS: dict[tuple[str, str], str] = {
    ("time", "sleep"): "time.sleep",
    ("select", "select"): "select.select",
    ("select", "poll.poll"): "select.poll",
    ("socket", "socket.recv"): "socket.recv",
    ("socket", "socket.recv_into"): "socket.recv_into",
    ("socket", "socket.recvfrom"): "socket.recvfrom",
    ("socket", "socket.send"): "socket.send",
    ("socket", "socket.sendall"): "socket.sendall",
    ("socket", "socket.sendto"): "socket.sendto",
    ("socket", "socket.accept"): "socket.accept",
    ("socket", "socket.connect"): "socket.connect",
    ("_socket", "socket.recv"): "socket.recv",
    ("_socket", "socket.recv_into"): "socket.recv_into",
    ("_socket", "socket.send"): "socket.send",
    ("_socket", "socket.sendall"): "socket.sendall",
    ("_socket", "socket.connect"): "socket.connect",
    ("_thread", "lock.acquire"): "Lock.acquire",
    ("_thread", "RLock.acquire"): "RLock.acquire",
    ("sqlite3", "Cursor.execute"): "sqlite3 execute",
    ("sqlite3", "Connection.execute"): "sqlite3 execute",
    ("posix", "read"): "os.read",
    ("posix", "write"): "os.write",
}


def _blocking_label(callable_: Any) -> str | None:
    name = getattr(callable_, "__qualname__", None)
    if not isinstance(name, str):
        return None
    owner = getattr(callable_, "__self__", None)
    module = getattr(callable_, "__module__", None)
    if module is None and owner is not None:
        module = type(owner).__module__
    return BLOCKING_CALLS.get((module or "", name))


@contextlib.contextmanager
def blocking_call_monitor(rt: ThreadRuntime) -> Iterator[None]:
    """On 3.12+: record blocking C calls a traced thread makes *outside* the primitives.

    ``sys.monitoring`` reports every CALL and C_RETURN; a call site whose callable is not a
    known blocking function is disabled at once (``DISABLE``), so after warm-up the cost is
    close to nothing (~1.0-1.08x, DESIGN.md §4). A known one made from a traced thread's own
    code becomes Wait.CALL ("time.sleep", "socket.recv", ...) until it returns (RETURNED),
    exactly as the ``rt.call`` primitive records it. On 3.11 only the primitives report.
    """
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is None:
        yield
        return
    tool = next((t for t in (2, 3, 4) if monitoring.get_tool(t) is None), None)
    if tool is None:  # profiler and debugger slots taken (coverage, a debugger): do without
        yield
        return
    events = monitoring.events
    primitives = __file__
    blocked: dict[int, tuple[TracedThread, int]] = {}

    def on_call(code: Any, offset: int, callable_: Any, arg0: Any) -> Any:
        label = _blocking_label(callable_)
        if label is None:
            return monitoring.DISABLE
        me = rt.current()
        if me is None or code.co_filename == primitives:
            return None  # not a traced thread, or a primitive that records for itself
        # C_RETURN cannot be switched off per site, so it is enabled only on code objects
        # that make a blocking call (from now on, this one included).
        monitoring.set_local_events(tool, code, events.CALL | events.C_RETURN | events.C_RAISE)
        t_block = rt._block(me, Wait.CALL, 0, rt._label(label))
        blocked[threading.get_ident()] = (me, t_block)
        return None

    def on_return(code: Any, offset: int, callable_: Any, arg0: Any) -> Any:
        entry = blocked.pop(threading.get_ident(), None)
        if entry is not None:
            me, t_block = entry
            rt._resume(me, Cause.RETURNED, 0, 0, 0, t_block)
        return None

    monitoring.use_tool_id(tool, "loopscope-blocking-calls")
    try:
        monitoring.register_callback(tool, events.CALL, on_call)
        monitoring.register_callback(tool, events.C_RETURN, on_return)
        monitoring.register_callback(tool, events.C_RAISE, on_return)
        monitoring.set_events(tool, events.CALL)
        yield
    finally:
        monitoring.set_events(tool, 0)
        for event in (events.CALL, events.C_RETURN, events.C_RAISE):
            monitoring.register_callback(tool, event, None)
        monitoring.free_tool_id(tool)
        monitoring.restart_events()


class PreemptiveRun:
    """One run of a sample's preemptive version, started in the background.

    Parameters are validated when it is created (ParamError before anything starts).
    :meth:`start` runs the sample's entry point on a traced main thread; a supervisor thread
    (not traced, blocked while it waits) then cleans up and resolves :attr:`future` with the
    sample's result, its exception, or :class:`Cancelled`.
    """

    def __init__(self, workload: Workload, params: Mapping[str, Any] | None,
                 recorder: Recorder, *, switch_interval_ms: float = SWITCH_INTERVAL.default,
                 gap_ns: int = GAP_NS) -> None:
        self.workload = workload
        self.params = workload.validate(params)
        if workload.preemptive is None:
            raise WorkloadError(f"{workload.name} has no preemptive version")
        self.switch_interval = SWITCH_INTERVAL.parse(switch_interval_ms) / 1000
        self.runtime = ThreadRuntime(recorder, gap_ns=gap_ns)
        self.future: Future[Any] = Future()
        self.main: TracedThread | None = None
        self.leftovers: list[str] = []
        self._supervisor: threading.Thread | None = None

    def start(self) -> PreemptiveRun:
        if self._supervisor is not None:
            raise RuntimeError("this run was started already")
        self.future.set_running_or_notify_cancel()
        self._supervisor = threading.Thread(target=self._supervise, daemon=True,
                                            name=f"loopscope-preemptive-{self.workload.name}")
        self._supervisor.start()
        return self

    def _supervise(self) -> None:
        rt = self.runtime
        name = self.workload.name
        try:
            with switch_interval(self.switch_interval), blocking_call_monitor(rt):
                rt.announce(self.switch_interval)
                preemptive = self.workload.preemptive
                assert preemptive is not None
                self.main = main = rt.spawn(preemptive, rt, name="main", **self.params)
                stopped_at = 0.0
                while not main.wait(0.5):  # (a wake-up every 0.5 s: negligible)
                    if rt.stop.is_set():  # cancelled: give its clean-up a bounded time
                        stopped_at = stopped_at or time.monotonic()
                        if time.monotonic() - stopped_at > JOIN_TIMEOUT:
                            break
                self.leftovers = rt.shutdown()
        except BaseException as exc:  # the run could not even start: report it, clean up
            self.leftovers = rt.shutdown()
            self.future.set_exception(exc)
            return
        if not main.done.is_set():
            self.future.set_exception(Cancelled(f"{name} did not stop: {self.leftovers}"))
        elif main.exception is None:
            self.future.set_result(main.result)
        else:
            self.future.set_exception(main.exception)

    def cancel(self) -> None:
        """Cancel the run (from any thread); :meth:`result` then raises Cancelled."""
        self.runtime.cancel()

    def done(self) -> bool:
        return self.future.done()

    def result(self, timeout: float | None = None) -> Any:
        """The sample's result; re-raises its error or :class:`Cancelled`."""
        return self.future.result(timeout)

    def join(self, timeout: float | None = None) -> bool:
        """Wait until the run is over and cleaned up (True if it is)."""
        if self._supervisor is not None:
            self._supervisor.join(timeout)
            return not self._supervisor.is_alive()
        return True


def run_preemptive(workload: Workload, params: Mapping[str, Any] | None, recorder: Recorder,
                   *, switch_interval_ms: float = SWITCH_INTERVAL.default,
                   stop: threading.Event | None = None, gap_ns: int = GAP_NS) -> Any:
    """Run a sample's preemptive version to the end, recording into ``recorder``.

    Blocks the calling thread (which is not traced) and returns the sample's result. Setting
    ``stop`` (from another thread) cancels the run: every thread stops at its next primitive,
    everything is cleaned up and :class:`Cancelled` is raised. Invalid parameters raise
    ``ParamError`` before anything starts.
    """
    run = PreemptiveRun(workload, params, recorder,
                        switch_interval_ms=switch_interval_ms, gap_ns=gap_ns).start()
    try:
        while True:
            try:
                result = run.result(timeout=0.05 if stop is not None else None)
                break
            except FutureTimeout:
                if stop is not None and stop.is_set():
                    run.cancel()
    except BaseException:
        run.cancel()
        run.join()
        raise
    run.join()
    return result
