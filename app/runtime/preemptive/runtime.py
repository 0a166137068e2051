"""The preemptive engine: a sample's work on OS threads, recorded in the loop's vocabulary.

The cooperative side of LoopScope *observes* scheduling: the traced loop sees every step.
Threads are scheduled by the OS and the GIL, which report nothing. So here the workload
reports for itself, through a small set of **primitives** that every threaded
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

How the three states are told apart (the facts behind it are in docs/ARCHITECTURE.md):

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

The recording of states is :mod:`app.runtime.preemptive.gil`, the socket primitives are
:mod:`app.runtime.preemptive.sockets`, and a whole run of a sample (with the process-wide
switch interval, :mod:`app.runtime.preemptive.switch_interval`, and the monitor of blocking
calls made outside the primitives, :mod:`app.runtime.preemptive.blocking`) is
:mod:`app.runtime.preemptive.run`.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from app.runtime.preemptive.cancelled import Cancelled
from app.runtime.preemptive.gil import GAP_NS, gil_enabled
from app.runtime.preemptive.sockets import SocketPrimitives
from app.runtime.preemptive.switch_interval import recorded_conditions
from app.runtime.recorder import Recorder
from app.trace.events import Cause, Ev, Outcome, TaskInfo, Wait

_R = TypeVar("_R")
#: Iterations of the tiny pure-Python loop that makes one cpu() work unit (~0.5 µs).
_UNIT_LOOP = 25
#: How long :meth:`ThreadRuntime.shutdown` waits for all threads to end after a cancel.
JOIN_TIMEOUT = 3.0


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


class TracedQueue(queue.Queue[tuple[Any, int, int]]):  # (item, put time, putter serial)
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


class ThreadRuntime(SocketPrimitives):
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
        super().__init__(recorder, gap_ns)
        # Serials continue after the recorder's known tasks: a recorder may hold several runs.
        self._serials = itertools.count(recorder.highest_serial() + 1)
        self._cond = threading.Condition()  # notified when a thread ends or on cancel
        self._threads: list[TracedThread] = []
        self._dbs: set[sqlite3.Connection] = set()
        self._queues: list[TracedQueue] = []
        self._temp_paths: list[str] = []

    # -- information -------------------------------------------------------------------------
    def announce(self, switch_interval: float | None = None) -> None:
        """Record THREADS_INFO: this recording is preemptive, under these conditions."""
        interval = sys.getswitchinterval() if switch_interval is None else switch_interval
        rec = self.recorder
        rec.emit(Ev.THREADS_INFO, 0, int(interval * 1e9), int(gil_enabled()),
                 rec.intern(recorded_conditions(self.gap_ns)))

    def current(self) -> TracedThread | None:
        """The traced thread calling this (None for a thread the runtime did not spawn)."""
        thread: TracedThread | None = getattr(self._local, "thread", None)
        return thread

    @property
    def threads(self) -> list[TracedThread]:
        with self._lock:
            return list(self._threads)

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

    def call(self, fn: Callable[..., _R], *args: Any, label: str | None = None) -> _R:
        """Run a blocking call that releases the GIL (a C library call): recorded as
        Wait.CALL (``label`` names it). Not interruptible: a cancel is seen when it returns."""
        me = self.current()
        self._check(me)
        t_block = self._block(me, Wait.CALL, 0,
                              self._label(label or str(getattr(fn, "__qualname__", "call"))))
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
