"""Hosting: the traced loop driven one iteration at a time by another event loop.

Modelled on trio's guest mode. A host (the Qt host, :mod:`app.qt.qt_host`) owns the thread
and its waiting. It gets its :class:`HostedLoop` from the engine
(:meth:`app.runtime.engine.Engine.open_hosted_loop`, the engine's hosting contract), watches
``hosted.loop.kernel_fd()`` for I/O, and asks the loop only these things:

- :meth:`HostedLoop.tick`: run one iteration now, without blocking (the host already waited:
  its poll timeout is 0);
- :meth:`HostedLoop.run_batch`: run iterations now, one after the other, for as long as the
  loop has something to do at once (:meth:`HostedLoop.must_run`), until a time budget is
  spent: a busy loop then costs the host one wake-up per batch, not one per iteration;
- :meth:`HostedLoop.next_deadline`: when the loop must run again: 0 if work is ready, the
  time until its nearest timer, or None (only I/O can wake it, and the host watches the
  loop's kernel queue fd for that: ``loop.kernel_fd()``).

Facts about asyncio this relies on (CPython 3.11-3.14):

- ``BaseEventLoop._run_once`` is one iteration: one poll, the due timers, one pass over the
  ready queue. The traced loop re-implements it with the same semantics, and caps its poll
  timeout at ``TraceState.max_timeout`` (0 here).
- Only a kernel queue behind one fd (epoll, kqueue) lets another loop wait for the traced
  loop's I/O (:func:`can_host`): poll and select keep their interest list in user space, and
  IOCP's completion port is a HANDLE, not an fd.
- ``loop.is_running()`` is ``_thread_id is not None``, and ``call_soon`` & co. check that
  they are called from ``_thread_id`` in debug mode: attaching sets it to the host's thread,
  so the loop counts as running there between ticks (as it does inside ``run_forever``).
- ``asyncio.get_running_loop()`` answers the thread's *running loop* (a thread-local); the
  host thread's own loop (qasync's) is swapped out for the tick and put back after it.
- The ready queue is ``_ready`` (one deque for the loop's life), the timer heap
  ``_scheduled`` (its head is the nearest, maybe cancelled: a cancelled head only makes the
  host tick early once, and the tick purges it; a purge may replace the list), and
  ``_stopping`` means ``stop()`` was called (the next iteration must run at once).
- An iteration moves a timer to the ready queue only once ``loop.time()`` has reached its
  ``when`` (less the clock's resolution, as stock asyncio does), whenever it runs: a host
  that wakes the loop early makes no timer early, only an iteration with nothing due.
- A kernel queue fd polls readable while one of the fds it watches is ready (level-triggered,
  as the loop registers them): ``poll(kernel_fd, 0)`` asks "is any I/O ready?" in one
  syscall, without taking the events (the next iteration's own poll takes them).
"""

from __future__ import annotations

import contextlib
import functools
import select
import threading
from asyncio import base_events, events
from collections.abc import Callable, Iterator
from typing import Any

from app.runtime import backends
from app.runtime.loop import TracedSelectorLoop

#: asyncio's own loop iteration (private: typeshed does not declare it).
_STOCK_ITERATION: Callable[[Any], None] = \
    base_events.BaseEventLoop._run_once  # type: ignore[attr-defined]


def can_host(backend: str) -> bool:
    """Can another event loop host a loop on ``backend`` (wait on its kernel queue fd)?"""
    return backend in backends.POLLABLE_QUEUE_FD


@contextlib.contextmanager
def _running_loop(loop: events.AbstractEventLoop | None) -> Iterator[None]:
    """This thread's running loop is ``loop`` inside the block (the previous one after)."""
    previous = events._get_running_loop()
    events._set_running_loop(loop)
    try:
        yield
    finally:
        events._set_running_loop(previous)


class HostedLoop:
    """A traced loop whose iterations a host runs on its own thread (see the module doc)."""

    def __init__(self, loop: TracedSelectorLoop) -> None:
        self.loop = loop
        self._io = select.poll()  # asks whether the kernel queue fd is readable, never waits
        self._io.register(loop.kernel_fd(), select.POLLIN)

    def attach(self) -> None:
        """The calling thread hosts the loop from now on: polls never block, and the loop
        counts as running on this thread (``is_running()``, thread checks)."""
        self.loop.set_max_timeout(0.0)
        self.loop._thread_id = threading.get_ident()

    @contextlib.contextmanager
    def detached(self) -> Iterator[None]:
        """Stop hosting for good; inside the block the caller may drive the loop to its end
        on this thread (``run_until_complete``, ``close``), with no other loop running."""
        self.loop._thread_id = None
        with _running_loop(None):
            yield

    def tick(self) -> None:
        """Run one iteration of the loop now (its poll does not wait)."""
        # Inline, not ``with _running_loop(...)``: a tick can run 40,000 times a second, and
        # a generator-based context manager costs more than the two calls it wraps.
        loop = self.loop
        previous = events._get_running_loop()
        events._set_running_loop(loop)
        try:
            loop._run_once()
        finally:
            events._set_running_loop(previous)

    def run_batch(self, until: float) -> int:
        """Run iterations now (at least one), while :meth:`must_run` and the loop's clock
        (``loop.time()``) is before ``until``; answers how many ran.

        The running loop is swapped once for the whole batch, and what :meth:`must_run` reads
        is read inline: the batch exists to spare a busy loop its per-iteration overheads."""
        loop = self.loop
        run_once = loop._run_once
        # Every iteration after the first runs only once the checks below found work: a
        # ready handle, a due timer or a ready fd. The stock iteration then cannot block
        # (its timeout is 0, or epoll_wait has an fd to return at once), so while nothing is
        # recorded and the gate is open it runs as is, without the bounded timeout's detour
        # through the traced iteration.
        ls = loop._ls
        known_work = (functools.partial(_STOCK_ITERATION, loop)
                      if not ls.tracing and ls.gate.open else run_once)
        clock = loop.time
        ready = loop._ready
        io_ready = self._io.poll
        iterations = 0
        previous = events._get_running_loop()
        events._set_running_loop(loop)
        try:
            while True:
                (known_work if iterations else run_once)()
                iterations += 1
                now = clock()
                if now >= until:
                    break
                if ready or loop._stopping:
                    continue
                scheduled = loop._scheduled
                if scheduled and scheduled[0]._when <= now:
                    continue
                if not io_ready(0):
                    break
        finally:
            events._set_running_loop(previous)
        return iterations

    def must_run(self) -> bool:
        """Has the loop something to do at once: a ready handle (or a stop), a due timer, or
        a ready fd? (False: running an iteration now would find nothing to do.)"""
        wait = self.next_deadline()
        if wait is not None and wait <= 0.0:
            return True
        return bool(self._io.poll(0))

    def has_ready_work(self) -> bool:
        """Must the loop run at once (a handle is ready, or it was asked to stop)?"""
        return bool(self.loop._ready) or self.loop._stopping

    def next_deadline(self) -> float | None:
        """Seconds until the loop must run again: 0 if work is ready, else until its nearest
        timer (0 if that is due), None if only I/O can wake it."""
        loop = self.loop
        if loop._ready or loop._stopping:  # (has_ready_work, inline: called every tick)
            return 0.0
        scheduled = loop._scheduled
        if scheduled:
            due: float = scheduled[0]._when
            return max(due - loop.time(), 0.0)
        return None

    def next_unit(self) -> int:
        """The number the loop's next unit (the next iteration's POLL) will carry."""
        return self.loop._ls.unit + 1
