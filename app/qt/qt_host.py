"""The second host: the traced loop driven by Qt's own event dispatcher, on the GUI thread.

It exists to show how GUI toolkits integrate an event loop, and what that costs:

- one QSocketNotifier watches the *epoll (kqueue) fd itself*: the kernel queue is pollable,
  so Qt's dispatcher learns "some registered fd is ready" without knowing which;
- a precise single-shot QTimer is armed for the loop's next timer deadline only (rounded up
  to whole milliseconds, so it never fires before it), and a zero-delay one when work is
  left over;
- each wake-up runs a *batch* of whole loop iterations, each with a poll timeout of 0 (Qt
  already did the waiting) and the running loop swapped from qasync's to ours. The batch
  goes on while the loop has something to do at once (a ready handle, a due timer, or a
  ready fd: the kernel queue fd polls readable), for at most :data:`BATCH_S`; then Qt gets
  its thread back (paints, input, the bridge's frame timer) and wakes the loop again.

Why batches: a wake-up through Qt's dispatcher (its poll, the notifier's signal or a timer
event, this slot, re-arming the timers) costs about as much as a short loop iteration, and a
busy loop runs several iterations per unit of work (a TCP echo: four per round trip). One
wake-up per iteration made Qt's dispatcher half of the work. Within a batch, what an iteration
adds is a clock read, a look at the ready queue and the timer heap's head and, when nothing
is ready, one ``poll(kernel_fd, 0)`` (:meth:`HostedLoop.run_batch`).

Timers are never early: a timer fires only inside an iteration, whose ``_run_once`` moves a
timer to the ready queue only once ``loop.time()`` has reached its ``when`` (stock asyncio
semantics). A wake-up that comes early (a QTimer's rounding, a spurious notifier) finds
nothing to do and runs no iteration at all: it only arms the timers again.

The price: a CPU-bound step now runs on the GUI thread, so the whole window freezes for it.
Each wake-up is timed; one longer than :data:`FREEZE_THRESHOLD` is reported to the user
("the window was frozen 312 ms: the loop shares Qt's thread"). A batch alone stays far below
that threshold (:data:`BATCH_S`); a longer one holds a long step.

Pausing stops the ticks (nothing advances). Single-unit stepping is not possible here: the
gate would have to block the GUI thread in the middle of an iteration; stepping is by whole
iterations instead. The engine-thread host stays the default. A stepped iteration runs with
the gate watching (not open, holding nothing), so the engine's step positions (the source
pane's lines) are read at each of its units, and the last step's stop when the tick ends.

It keeps to the engine's hosting contract (see :mod:`app.runtime.engine`): the loop comes
from :meth:`Engine.open_hosted_loop` as a :class:`HostedLoop` and goes back through
:meth:`Engine.close_hosted_loop`; nothing here touches the loop's or the engine's private
members.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer

from app.qt.language import tr
from app.runtime.engine import Engine, EngineError
from app.runtime.gate import UnitInfo
from app.runtime.hosted import HostedLoop, can_host
from app.runtime.recorder import DEFAULT_CAPACITY
from app.trace.events import Control, Ev, Unit

FREEZE_THRESHOLD = 0.1  # seconds a single wake-up may take before the user is told
#: Seconds of loop iterations one wake-up may run before Qt gets its thread back: a third of a
#: 60 fps frame, so the window still repaints on time while the loop is busy; long enough
#: that returning to Qt's dispatcher (microseconds) costs well under 1 % of it.
BATCH_S = 0.005


def deadline_ms(wait: float) -> int:
    """The QTimer interval for a timer due in ``wait`` seconds: rounded *up* to whole
    milliseconds, so the wake-up never comes before the timer is due. (Early would be harmless,
    see the module doc, but a wasted wake-up; late by under 1 ms is the price of a QTimer's
    millisecond resolution.)"""
    return max(math.ceil(wait * 1000), 0)


class QtHostEngine(Engine):
    """Same commands as :class:`Engine`, but the loop ticks inside Qt's event loop."""

    host = "qt"

    def __init__(self, backend: str = "auto", *, capacity: int = DEFAULT_CAPACITY,
                 on_freeze: Callable[[float], None] | None = None) -> None:
        super().__init__(backend, capacity=capacity)
        self.on_freeze = on_freeze
        self.freezes: list[float] = []  # seconds, every wake-up over the threshold
        self.ticks = 0  # loop iterations run
        self.wakeups = 0  # times Qt handed the thread to the loop and it ran iterations
        self.idle_wakeups = 0  # wake-ups that found nothing to do (early, or spurious)
        self.notifier: QSocketNotifier | None = None
        self._qobject = QObject()
        self._deadline = QTimer(self._qobject)
        self._deadline.setSingleShot(True)
        self._deadline.setTimerType(Qt.TimerType.PreciseTimer)
        self._deadline.timeout.connect(self._wake)
        self._soon = QTimer(self._qobject)
        self._soon.setSingleShot(True)
        self._soon.timeout.connect(self._wake)
        self._paused = False
        self._delay = 0.0
        self._in_tick = False
        self._iteration_waiters: list[Future[UnitInfo | None]] = []
        self._hosted: HostedLoop | None = None

    # -- life cycle ----------------------------------------------------------------------------
    @staticmethod
    def refusal(backend: str) -> str:
        """Why this host cannot run ``backend`` ("" if it can): asked before anything stops."""
        if can_host(backend):
            return ""
        return tr("The Qt host needs a kernel event queue with a pollable fd (epoll or "
                   "kqueue); {backend} has none.").format(backend=backend)

    def start(self, paused: bool = False) -> None:
        if self._hosted is not None:
            return
        refusal = self.refusal(self.backend)
        if refusal:
            raise EngineError(refusal)
        # The gate stays open (Qt decides when the loop runs); this thread "runs" the loop.
        self._hosted = hosted = self.open_hosted_loop()
        self._paused = paused
        self.notifier = QSocketNotifier(hosted.loop.kernel_fd(), QSocketNotifier.Type.Read,
                                        self._qobject)
        self.notifier.activated.connect(self._wake)
        self._schedule()

    def stop(self, timeout: float = 1.0) -> bool:
        hosted = self._hosted
        if hosted is None:
            return True
        self.recorder.emit(Ev.CONTROL, 0, Control.STOP)
        self._deadline.stop()
        self._soon.stop()
        if self.notifier is not None:
            self.notifier.setEnabled(False)
            self.notifier.deleteLater()
            self.notifier = None
        self.close_hosted_loop(hosted)  # cancels, awaits, closes on this thread (briefly)
        self._hosted = None
        self._answer_waiters(None)
        return True

    # -- ticking -------------------------------------------------------------------------------
    def _wake(self) -> None:
        """Qt's turn is over (the notifier, a timer): run a batch of iterations, then re-arm."""
        hosted = self._hosted
        if hosted is None or self._paused or self._in_tick:
            return
        stepping = bool(self._iteration_waiters)
        if not stepping and not hosted.must_run():
            self.idle_wakeups += 1
            self._schedule()  # woken early or for nothing: no iteration, only the timers
            return
        self._in_tick = True
        t0 = time.monotonic()
        iterations = 0
        try:
            if stepping or self._delay > 0:  # one iteration: a step, or slow motion's pace
                hosted.tick()
                iterations = 1
            else:
                iterations = hosted.run_batch(hosted.loop.time() + BATCH_S)
        finally:
            self._in_tick = False
            self.ticks += iterations
        elapsed = time.monotonic() - t0
        self.wakeups += 1
        if elapsed > FREEZE_THRESHOLD:
            self.freezes.append(elapsed)
            if self.on_freeze is not None:
                self.on_freeze(elapsed)
        if self._iteration_waiters and self._hosted is hosted:
            self.positions.settle()  # the iteration's last step: where it stopped
            self.gate.watch(False)
            self._paused = True
            self._answer_waiters(UnitInfo(Unit.POLL, hosted.next_unit(), 0, ""))
        self._schedule()

    def _schedule(self) -> None:
        """Arm what wakes the loop next: the notifier (I/O), a zero-delay timer if it has work
        now, else a precise timer for its nearest timer deadline."""
        hosted = self._hosted
        if hosted is None:
            return
        if self.notifier is not None:
            self.notifier.setEnabled(not self._paused)
        if self._paused:
            self._deadline.stop()
            self._soon.stop()
            return
        delay_ms = int(self._delay * 1000)
        wait = hosted.next_deadline()
        if wait is None:  # only I/O can wake it: the notifier
            self._deadline.stop()
        elif wait <= 0.0:  # a ready handle or a due timer (a batch that ran out of time)
            self._soon.start(delay_ms)
        else:
            self._deadline.start(max(delay_ms, deadline_ms(wait)))

    def _answer_waiters(self, info: UnitInfo | None) -> None:
        waiters, self._iteration_waiters = self._iteration_waiters, []
        for fut in waiters:
            if not fut.done():
                fut.set_result(info)

    def _done(self, info: UnitInfo | None = None) -> Future[UnitInfo | None]:
        fut: Future[UnitInfo | None] = Future()
        fut.set_result(info)
        return fut

    # -- commands ------------------------------------------------------------------------------
    def call(self, fn: Callable[[], Any], control: Control = Control.LAUNCH,
             detail: int = 0) -> Future[Any]:
        result = super().call(fn, control, detail)
        self._schedule()
        return result

    def pause(self) -> Future[UnitInfo | None]:
        self.recorder.emit(Ev.CONTROL, 0, Control.PAUSE)
        self._paused = True
        self._schedule()
        return self._done(UnitInfo(Unit.POLL, self._unit_after(), 0, ""))

    def resume(self) -> Future[UnitInfo | None]:
        self.recorder.emit(Ev.CONTROL, 0, Control.RESUME)
        self._paused = False
        self.gate.watch(False)
        self._answer_waiters(None)
        self._schedule()
        return self._done(None)

    def step(self, n: int = 1) -> Future[UnitInfo | None]:
        raise EngineError(tr(
            "Single-unit stepping needs the engine-thread host: in the Qt host the loop runs "
            "inside Qt's own event loop, which cannot stop in the middle of an iteration. "
            "Use Step iteration."))

    def step_until_task(self, serial: int) -> Future[UnitInfo | None]:
        return self.step()

    def step_iteration(self) -> Future[UnitInfo | None]:
        self.recorder.emit(Ev.CONTROL, 0, Control.STEP, 0)
        fut: Future[UnitInfo | None] = Future()
        self._iteration_waiters.append(fut)
        self.gate.watch(True)  # this iteration's units tell the step positions (see above)
        self._paused = False
        self._soon.start(0)  # one iteration, even with nothing ready (it polls with timeout 0)
        return fut

    def slow_motion(self, delay: float) -> Future[UnitInfo | None]:
        if delay < 0:
            raise ValueError("slow-motion delay must be >= 0 seconds")
        self.recorder.emit(Ev.CONTROL, 0, Control.SLOW_MOTION, int(delay * 1e9))
        self._delay = delay
        self._schedule()
        return self._done(None)

    @property
    def paused(self) -> bool:
        return self._paused

    def _unit_after(self) -> int:
        return self._hosted.next_unit() if self._hosted is not None else 0

    def loop_held(self) -> bool:
        """Paused, no tick runs, so no task advances (and ticks run on this very thread)."""
        return self._paused

    def task_stack(self, serial: int, limit: int = 20) -> list[tuple[str, int, str, str]]:
        if not self._paused:
            raise EngineError(tr("a task's live stack can be read only while paused"))
        return super().task_stack(serial, limit)

