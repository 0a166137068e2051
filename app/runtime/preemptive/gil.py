"""GIL inference: telling a traced thread's states apart, from the thread itself.

A thread cannot see the GIL leave it, and the OS reports nothing. :class:`ThreadStates` is
the part of the runtime that records, from inside each traced thread, when it runs, when it
is ready (waiting for the GIL or a core) and when it is blocked: the activity stamps and gaps
that reveal a preemption afterwards, and the STEP_END / TASK_READY / STEP_BEGIN records
around every wait. The primitives (:mod:`app.runtime.preemptive.sockets`,
:mod:`app.runtime.preemptive.runtime`) are built on it.
"""

from __future__ import annotations

import itertools
import sys
import threading
import time
from typing import Protocol

from app.runtime.preemptive.cancelled import Cancelled
from app.runtime.recorder import Recorder
from app.trace.events import Cause, Control, Ev, Wait

#: Two cpu() work-unit stamps further apart than this: the thread was not running between
#: them. A unit takes ~0.5 µs, so 50 µs is ~100 units: far above timer noise and the cost
#: of recording, far below a GIL switch interval (0.5 ms at least).
GAP_NS = 50_000


def gil_enabled() -> bool:
    """False on a free-threaded build running without the GIL (3.13t+)."""
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


class Strand(Protocol):
    """What the state records need of a traced thread (a
    :class:`app.runtime.preemptive.runtime.TracedThread`)."""

    serial: int
    #: A cancel was requested and not yet delivered (raised as Cancelled in the thread).
    cancel_pending: bool
    #: Set to interrupt the thread's sleep (a cancel of the thread or of the run).
    wake: threading.Event
    preemptions: int  # inferred preemptions recorded for it
    # Its last stamp (see ThreadStates._stamp): the activity value it stored, and when.
    seen_epoch: int
    seen_ts: int
    # Socket waits: is it in poll() now, and does it owe the wake-up socket a byte?
    _in_poll: bool
    _poked: bool


class ThreadStates:
    """The state records of one preemptive run: who runs, who is ready, who is blocked."""

    def __init__(self, recorder: Recorder, gap_ns: int) -> None:
        self.recorder = recorder
        self.gap_ns = gap_ns
        #: Set once the run is cancelled (or shut down): every primitive raises Cancelled.
        self.stop = threading.Event()
        self._local = threading.local()
        self._units = itertools.count(1)
        # Activity stamp: every traced thread that records anything (it holds the GIL to do
        # it) stores a new value. On a GIL build, a thread that sees it change between two
        # of its own stamps knows it was not running in between, however short the gap.
        self._epochs = itertools.count(1)
        self._epoch = 0
        self._gil = gil_enabled()
        self._lock = threading.Lock()
        self._closed = False
        self._labels: dict[str, int] = {}

    def current(self) -> Strand | None:
        """The traced thread calling this (None for a thread the runtime did not spawn)."""
        thread: Strand | None = getattr(self._local, "thread", None)
        return thread

    def _label(self, text: str) -> int:
        sid = self._labels.get(text)
        if sid is None:
            sid = self._labels[text] = self.recorder.intern(text)
        return sid

    # -- recording helpers ---------------------------------------------------------------------
    def _cancelled(self, me: Strand | None) -> bool:
        """Is a cancel waiting to be delivered to this thread?"""
        return me.cancel_pending if me is not None else self.stop.is_set()

    def _check(self, me: Strand | None) -> None:
        """At the start of a primitive: a pending cancel is delivered here (like an await)."""
        if me.cancel_pending if me is not None else self.stop.is_set():
            self._deliver(me)

    @staticmethod
    def _deliver(me: Strand | None) -> None:
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

    def _stamp(self, me: Strand | None) -> int:
        """I am running now: a new activity stamp (first), then the clock."""
        self._epoch = epoch = next(self._epochs)
        t = time.monotonic_ns()
        if me is not None:
            me.seen_epoch = epoch
            me.seen_ts = t
        return t

    def _sync(self, me: Strand | None) -> None:
        """Did another thread record anything since my last stamp? Then I was not running
        from that stamp until now: record the gap (GIL builds; free-threaded builds really
        run threads side by side, so there it proves nothing)."""
        if me is not None and self._gil and self._epoch != me.seen_epoch:
            self._preempted(me, me.seen_ts)

    def _preempted(self, me: Strand, t_lost: int) -> int:
        """Record an inferred gap: runnable since ``t_lost``, running again now (returned)."""
        me.preemptions += 1
        t_back = self._stamp(me)
        rec = self.recorder
        rec.emit_at(t_lost, Ev.TASK_READY, me.serial, Cause.PREEMPTED, 0, 0)
        rec.emit_at(t_lost, Ev.STEP_END, me.serial, Wait.READY, 0, 0)
        rec.emit_at(t_back, Ev.STEP_BEGIN, me.serial, next(self._units))
        return t_back

    def _mark(self, me: Strand | None) -> int:
        """Before a short call that releases the GIL (a non-blocking send/recv, a socket
        set-up, a close): catch up, stamp. Returns the time."""
        self._sync(me)
        return self._stamp(me)

    def _after_call(self, me: Strand | None, t0: int) -> None:
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

    def _block(self, me: Strand | None, wait: int, detail: int, c: int) -> int:
        """The thread is about to block: end its running interval with the reason."""
        if me is None:
            return time.monotonic_ns()
        self._sync(me)
        t = self._stamp(me)
        self.recorder.emit_at(t, Ev.STEP_END, me.serial, wait, detail, c)
        return t

    def _resume(self, me: Strand | None, cause: int, detail: int, mask: int,
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

    def _resume_cancelled(self, me: Strand | None) -> None:
        """Woken by a cancel: record it (cause CONTROL/CANCEL) and raise Cancelled."""
        self._resume(me, Cause.CONTROL, Control.CANCEL, 0, 0, 0)
        self._deliver(me)
