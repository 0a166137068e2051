"""The gate: what lets the traced loop advance, one unit at a time.

The loop asks the gate before every unit (POLL, TIMER, RUN). While the gate is *open* that
costs one attribute read (``gate.open``). Otherwise the loop thread waits here, on a condition
variable, until a command from another thread lets the next unit through:

- ``pause()``               stop before the next unit;
- ``step(n)``               let exactly ``n`` units through, then stop again;
- ``step_iteration()``      let units through until the loop is about to POLL again;
- ``step_until(pred)``      let units through until one for which ``pred(unit)`` is true has run;
- ``run()``                 open the gate;
- ``slow_motion(delay)``    open, but wait ``delay`` seconds before each unit;
- ``watch(on)``             not open, but never holding: every unit passes ``wait`` at once
                            (a host that runs whole iterations lets its :attr:`Gate.watcher`
                            see each unit of a stepped one).

A :attr:`Gate.watcher` (the engine's :class:`app.runtime.positions.StepPositions`) is told of
each unit that reaches ``wait``: before it is held, and when it goes. ``wait`` is reached only
while the gate is not open, so the watcher costs the free-running loop nothing.

Every command returns a ``concurrent.futures.Future`` that resolves when the loop has stopped
at the gate again (or at once for ``run``/``pause`` when nothing is pending), so a GUI can
``await asyncio.wrap_future(gate.step(10))``. ``release()`` opens the gate for good (used on
shutdown, so a paused loop can always be stopped).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Protocol

from app.trace.events import Unit


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """The unit the loop is about to run."""

    kind: Unit
    number: int
    task: int  # serial of the task a RUN unit steps (0 otherwise)
    callback: str  # what a RUN/TIMER unit calls ("" for POLL)


def describe_unit(kind: Unit, number: int, handle: Any) -> UnitInfo:
    if handle is None:
        return UnitInfo(kind, number, 0, "")
    callback = handle._callback
    owner = getattr(callback, "__self__", None)
    task = getattr(owner, "_ls_serial", 0) if owner is not None else 0
    return UnitInfo(kind, number, task if kind is Unit.RUN else 0,
                    getattr(callback, "__qualname__", type(callback).__name__))


class UnitWatcher(Protocol):
    """Told, on the loop thread, of each unit that reaches :meth:`Gate.wait`."""

    def held(self, kind: Unit, number: int, handle: Any) -> None: ...

    def passed(self, kind: Unit, number: int, handle: Any) -> None: ...


class Gate:
    def __init__(self, paused: bool = False, watcher: UnitWatcher | None = None) -> None:
        self._cond = threading.Condition()
        self._paused = paused
        self._budget = 0  # units allowed through while paused
        self._until_poll = False  # step_iteration: run until the next POLL
        self._left_poll = False  # step_iteration: the first unit has gone through
        self._predicate: Callable[[UnitInfo], bool] | None = None
        self._delay = 0.0
        self._released = False
        self._watching = False
        self._waiters: list[Future[UnitInfo | None]] = []
        #: The unit the loop is stopped before (None while it runs).
        self.waiting: UnitInfo | None = None
        #: Units that went through the gate while it was closed (stepping, slow motion).
        self.stepped = 0
        #: Told of each unit that reaches :meth:`wait` (see the module doc).
        self.watcher = watcher
        self.open = not paused
        #: Called (from the thread that changed it) after ``open`` may have changed.
        self.on_change: Callable[[], None] | None = None

    # -- commands (any thread) -----------------------------------------------------------------
    def pause(self) -> Future[UnitInfo | None]:
        with self._cond:
            self._paused = True
            self._budget = 0
            self._until_poll = False
            self._predicate = None
            return self._update()

    def run(self) -> Future[UnitInfo | None]:
        with self._cond:
            self._paused = False
            self._budget = 0
            self._until_poll = False
            self._predicate = None
            return self._update()

    def step(self, n: int = 1) -> Future[UnitInfo | None]:
        if n < 1:
            raise ValueError("step(n) needs n >= 1")
        with self._cond:
            self._paused = True
            self._budget += n
            return self._update()

    def step_iteration(self) -> Future[UnitInfo | None]:
        with self._cond:
            self._paused = True
            self._until_poll = True
            self._left_poll = False
            return self._update()

    def step_until(self, predicate: Callable[[UnitInfo], bool]) -> Future[UnitInfo | None]:
        with self._cond:
            self._paused = True
            self._predicate = predicate
            return self._update()

    def slow_motion(self, delay: float) -> Future[UnitInfo | None]:
        if delay < 0:
            raise ValueError("slow-motion delay must be >= 0 seconds")
        with self._cond:
            self._delay = float(delay)
            return self._update()

    def watch(self, on: bool) -> None:
        """While on (and not paused), the gate is not open yet holds nothing: every unit
        passes :meth:`wait` at once, and its :attr:`watcher` sees it."""
        with self._cond:
            self._watching = bool(on)
            self._update()

    def release(self) -> None:
        """Open for good: nothing will ever wait here again (shutdown)."""
        with self._cond:
            self._released = True
            self._paused = False
            self._delay = 0.0
            self._update()

    def loop_stopped(self) -> None:
        """The loop left run_forever: nothing will reach the gate; answer pending commands."""
        with self._cond:
            self.waiting = None
            self._budget = 0
            self._until_poll = False
            self._predicate = None
            self._flush(None)

    @property
    def paused(self) -> bool:
        return self._paused and not self._released

    @property
    def delay(self) -> float:
        return self._delay

    # -- internals -----------------------------------------------------------------------------
    def _busy(self) -> bool:
        return self._budget > 0 or self._until_poll or self._predicate is not None

    def _update(self) -> Future[UnitInfo | None]:
        """Recompute ``open``, wake the loop, and hand out a future for "stopped again"."""
        self.open = self._released or (not self._paused and self._delay == 0.0
                                       and not self._watching)
        if self.on_change is not None:
            self.on_change()
        done: Future[UnitInfo | None] = Future()
        if self._released or not self._paused or (self.waiting is not None and not self._busy()):
            done.set_result(self.waiting)
            self._flush(self.waiting if self._paused else None)
        else:
            self._waiters.append(done)
        self._cond.notify_all()
        return done

    def _flush(self, info: UnitInfo | None) -> None:
        waiters, self._waiters = self._waiters, []
        for fut in waiters:
            if not fut.done():
                fut.set_result(info)

    def wait(self, kind: Unit, number: int, handle: Any, loop: Any = None) -> None:
        """Called by the loop thread before a unit while the gate is not open."""
        info = describe_unit(kind, number, handle)
        watcher = self.watcher
        if watcher is not None:  # before the hold: a command answered below sees its facts
            try:
                watcher.held(kind, number, handle)
            except Exception:  # a broken watcher loses its facts, never stops the loop
                self.watcher = None
        with self._cond:
            while True:
                if self._released:
                    return
                if not self._paused:
                    break
                if self._until_poll:
                    if kind is Unit.POLL and self._left_poll:
                        self._until_poll = False
                    else:
                        self._left_poll = True
                        break
                if self._predicate is not None:
                    try:
                        hit = bool(self._predicate(info))
                    except Exception:  # a broken predicate stops stepping, never the loop
                        hit = True
                    if hit:
                        self._predicate = None
                        self._budget = max(self._budget, 1)
                    else:
                        break
                if self._budget > 0:
                    self._budget -= 1
                    break
                # Stopped before this unit: tell whoever waits for that.
                self.waiting = info
                self._flush(info)
                self._cond.wait()
            self.waiting = None
            self.stepped += 1
            delay = self._delay
        if watcher is not None and self.watcher is watcher:
            try:
                watcher.passed(kind, number, handle)
            except Exception:
                self.watcher = None
        if delay:
            with self._cond:
                self._cond.wait(delay)  # a command (pause, run, release) cuts it short
