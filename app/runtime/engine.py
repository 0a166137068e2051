"""The engine: the traced loop on a thread of its own, driven by thread-safe commands.

Why a thread of its own (docs/ARCHITECTURE.md §7): a loop that shares the GUI thread freezes
the window for the whole length of a CPU-bound step, and only a loop of its own really blocks
in ``epoll_wait`` — which is what LoopScope exists to show.

Every command is safe from any thread and answers with a ``concurrent.futures.Future``
(``asyncio.wrap_future`` turns it into something a qasync slot can await). Work enters the
loop only through :meth:`TracingLoopMixin.call_soon_control` — ``call_soon_threadsafe`` with
the cause recorded as CONTROL, so views can tell the user's commands from the workload's own
events, and hide them.

Stopping is always possible: the gate is released, every task is cancelled and awaited,
transports still registered are closed, the default executor is shut down, the loop is closed
and the thread joined. A task stuck in a CPU-bound step gets :class:`EngineInterrupt` raised
inside it (``PyThreadState_SetAsyncExc``) so the thread still ends within the timeout.

Hosting contract. Another event loop may drive this engine's loop on its own thread instead
(the Qt host, :mod:`app.qt.qt_host`, modelled on trio's guest mode). Such a host subclasses
:class:`Engine`, keeps every command that does not depend on who runs the loop (``launch``,
``cancel``, ``call``, ``task_stack``, ``reset``, the recorder and the launches), overrides the
life cycle and the commands that do (``start``, ``stop``, ``paused``, pause, resume and the
steps), and reaches the loop only through these public members:

- :meth:`Engine.open_hosted_loop`: make the loop for the calling thread to drive; it answers
  a :class:`app.runtime.hosted.HostedLoop` (``tick()``, ``next_deadline()``, the kernel fd to
  watch), and the engine counts as running from then on;
- :meth:`Engine.close_hosted_loop`: shut that loop down on the calling thread, exactly as the
  engine thread shuts its own down (cancel, await, close), and count as stopped;
- :meth:`Engine.loop_held`: when another thread may read the tasks' frames (the engine
  thread: while the gate holds it; a host that stops ticking when paused: while paused).

A subclass, not a separate class behind a shared protocol: the controller, the bridge, the
script runner and the views hold an ``Engine`` and use a score of its members; a second
class would forward or copy all the host-independent ones, for two or three that differ.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import itertools
import threading
from collections.abc import Callable, Coroutine, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from app.runtime.factory import new_loop, resolve_backend
from app.runtime.gate import Gate, UnitInfo
from app.runtime.hosted import HostedLoop, can_host
from app.runtime.launch import LAUNCH
from app.runtime.loop import TracedSelectorLoop, TracingLoopMixin
from app.runtime.params import ParamValue, Workload
from app.runtime.positions import StepPosition, StepPositions
from app.runtime.recorder import DEFAULT_CAPACITY, Recorder
from app.trace.events import Control, Ev
from app.trace.names import numbered
from app.trace.text import QT_TR_NOOP, Sentence

STOP_TIMEOUT = 1.0


class EngineInterrupt(BaseException):
    """Raised inside a step that would not end when the engine had to stop."""


class EngineError(RuntimeError):
    """A command the engine cannot carry out: its message (a :class:`~app.trace.text.Sentence`)
    says why, for the user."""


@dataclass
class Launch:
    """One launched workload: its root task and the future of its result."""

    id: int
    workload: str
    params: dict[str, ParamValue]
    result: Future[Any] = field(default_factory=Future)
    task: asyncio.Task[Any] | None = None


class Engine:
    """Runs a traced loop on a dedicated thread. All methods are thread-safe."""

    host = "thread"

    def __init__(self, backend: str = "auto", *, capacity: int = DEFAULT_CAPACITY) -> None:
        self.backend = resolve_backend(backend)
        self.capacity = capacity
        self.recorder = Recorder(capacity)
        #: Where each task's last step resumed and stopped, read at the gate while stepping.
        self.positions = StepPositions()
        self.gate = Gate(watcher=self.positions)
        self.launches: dict[int, Launch] = {}
        self.last_stop_clean = True
        self.leftovers: list[str] = []  # what the last stop had to force-close, for the user
        self.errors: list[str] = []  # exceptions asyncio reported (also recorded as MARK events)
        self.slow_step_s = 0.1
        self._ids = itertools.count(1)
        self._lock = threading.RLock()
        self._loop: TracingLoopMixin | None = None
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self._stopped.set()

    # -- life cycle ----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._loop is not None and not self._stopped.is_set()

    @property
    def paused(self) -> bool:
        return self.gate.paused

    @property
    def loop(self) -> TracingLoopMixin | None:
        return self._loop

    def start(self, paused: bool = False) -> None:
        with self._lock:
            if self.running:
                return
            self.positions.clear()  # a new loop numbers its tasks from 1 again
            self.gate = Gate(paused=paused, watcher=self.positions)
            ready = threading.Event()
            failure: list[BaseException] = []
            self._stopped.clear()
            self._thread = threading.Thread(target=self._main, args=(ready, failure),
                                            name="loopscope-engine", daemon=True)
            self._thread.start()
            ready.wait(5)
            if failure:
                self._stopped.set()
                raise EngineError(Sentence(QT_TR_NOOP("the engine could not start: {reason}"),
                                           reason=failure[0])) from failure[0]

    def _main(self, ready: threading.Event, failure: list[BaseException]) -> None:
        try:
            loop = new_loop(self.backend, recorder=self.recorder, gate=self.gate)
        except BaseException as exc:
            failure.append(exc)
            ready.set()
            return
        self._loop = loop
        asyncio.set_event_loop(loop)
        loop.set_slow_step_threshold(self.slow_step_s)
        loop.set_exception_handler(self._exception_handler)
        if self.gate.paused:
            # Paused from the start: the loop stops at the gate before its first unit, so no
            # callback of it would run. It is ready once the gate holds it (the future of a
            # pause answers then): a command sent from then on finds the loop held, and
            # enters its ready queue without waking it (see call_soon_control).
            self.gate.pause().add_done_callback(lambda _: ready.set())
        else:
            loop.call_soon(ready.set)
        try:
            with contextlib.suppress(EngineInterrupt):
                loop.run_forever()
            self._shutdown(loop)
        finally:
            asyncio.set_event_loop(None)
            self._stopped.set()

    def _exception_handler(self, loop: asyncio.AbstractEventLoop,
                           context: dict[str, Any]) -> None:
        """asyncio's "exception in callback / never retrieved" reports become events.

        They are part of what happened on the loop, so they belong in the recording (the
        event log shows them) rather than on a terminal the user may not see.
        """
        exc = context.get("exception")
        text = str(context.get("message", "asyncio error"))
        if exc is not None:
            text += f": {type(exc).__name__}: {exc}".rstrip(": ")
        self.errors.append(text)
        self.recorder.emit(Ev.MARK, 0, self.recorder.intern(f"asyncio reported: {text}"))

    def _shutdown(self, loop: TracingLoopMixin) -> None:
        """On the engine thread, after run_forever: cancel, await, close everything."""
        self.gate.release()
        # The workloads' root tasks first: their own clean-up (closing a database engine,
        # a server) runs in tasks of its own, which must not be cancelled before it ends.
        roots = [launch.task for launch in self.launches.values()
                 if launch.task is not None and not launch.task.done()]
        for attempt in range(4):  # interrupted steps may leave tasks that need another round
            try:
                tasks = roots if attempt == 0 else \
                    [t for t in asyncio.all_tasks(loop) if not t.done()]
                for task in tasks:
                    task.cancel()
                if tasks:
                    loop.run_until_complete(asyncio.wait(tasks, timeout=STOP_TIMEOUT / 4))
                if attempt > 0:
                    break
            except EngineInterrupt:
                continue
        for launch in self.launches.values():
            if not launch.result.done():
                launch.result.cancel()
        self.leftovers = self._close_leftover_transports(loop)
        try:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(asyncio.wait_for(loop.shutdown_default_executor(),
                                                     STOP_TIMEOUT / 2))
        except (TimeoutError, EngineInterrupt):
            self.leftovers.append("executor threads still busy")
        loop.close()

    # -- hosting: the contract for a host that drives the loop on its own thread ------------
    def open_hosted_loop(self) -> HostedLoop:
        """Make this engine's loop for the calling thread to drive, one tick at a time.

        The loop records into this engine's recorder, with its slow-step threshold, behind an
        open gate (the host decides when the loop runs, so the gate never holds it); it is
        attached to the calling thread (it counts as running there) and the engine counts as
        running until :meth:`close_hosted_loop`. Raises :class:`EngineError` for a backend
        without a pollable kernel queue fd (:func:`app.runtime.hosted.can_host`).
        """
        if not can_host(self.backend):
            raise EngineError(Sentence(QT_TR_NOOP("{backend} has no pollable kernel queue fd to "
                                                  "host"), backend=self.backend))
        self.positions.clear()
        self.gate = Gate(watcher=self.positions)
        loop = new_loop(self.backend, recorder=self.recorder, gate=self.gate)
        assert isinstance(loop, TracedSelectorLoop)  # (epoll or kqueue: can_host checked)
        loop.set_slow_step_threshold(self.slow_step_s)
        hosted = HostedLoop(loop)
        hosted.attach()
        self._loop = loop
        self._stopped.clear()
        return hosted

    def close_hosted_loop(self, hosted: HostedLoop) -> None:
        """Shut a hosted loop down on the calling thread (its host): cancel every task and
        await it, close what is left, close the loop (briefly blocking); the engine is
        stopped after it."""
        with hosted.detached():
            self._shutdown(hosted.loop)
        self._loop = None
        self._stopped.set()

    def loop_held(self) -> bool:
        """True while no task can advance, so another thread may read the tasks' frames:
        the gate holds the engine thread before a unit."""
        return self.gate.waiting is not None

    @staticmethod
    def _close_leftover_transports(loop: TracingLoopMixin) -> list[str]:
        """Close what a cancelled workload left registered (the loop's own self-pipe aside)."""
        closed: list[str] = []
        self_pipe = loop.self_pipe_fd()
        if not isinstance(loop, TracedSelectorLoop):  # (IOCP: no selector holds anything)
            return closed
        selector = loop._selector
        if selector is None:
            return closed
        for key in list(selector.get_map().values()):
            if key.fd == self_pipe:
                continue
            owners = {getattr(getattr(h, "_callback", None), "__self__", None)
                      for h in key.data if h is not None}
            for owner in owners:
                close = getattr(owner, "abort", None) or getattr(owner, "close", None)
                if close is not None:
                    closed.append(f"fd {key.fd} ({type(owner).__name__})")
                    close()
            if key.fd in selector.get_map():
                loop._remove_reader(key.fd)
                loop._remove_writer(key.fd)
        if closed:
            loop.run_until_complete(asyncio.sleep(0))  # let connection_lost callbacks run
        return closed

    def stop(self, timeout: float = STOP_TIMEOUT) -> bool:
        """Stop and join the engine thread; True when it ended cleanly within ``timeout``."""
        with self._lock:
            thread, loop = self._thread, self._loop
            if thread is None or loop is None:
                return True
            self.recorder.emit(Ev.CONTROL, 0, Control.STOP)
            self.gate.release()
            with contextlib.suppress(RuntimeError):  # already closed
                loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout / 2)
            forced = False
            if thread.is_alive() and thread.ident is not None:
                # A step is still running (CPU-bound, no await): interrupt it.
                forced = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(thread.ident), ctypes.py_object(EngineInterrupt))
                thread.join(timeout / 2)
            self.last_stop_clean = not thread.is_alive()
            if forced:
                self.leftovers.insert(0, "a running step was interrupted")
            self._thread = None
            self._loop = None
            return self.last_stop_clean

    def reset(self, paused: bool = False) -> None:
        """Stop, forget the recording, start again."""
        with self._lock:
            self.stop()
            self.recorder = Recorder(self.capacity)
            self.launches.clear()
            self._ids = itertools.count(1)  # a new recording numbers its launches from 1
            self.start(paused=paused)

    def set_backend(self, backend: str) -> None:
        """Switch the OS backend (takes effect at the next start/reset)."""
        self.backend = resolve_backend(backend)

    # -- work ----------------------------------------------------------------------------------
    def call(self, fn: Callable[[], Any], control: Control = Control.LAUNCH,
             detail: int = 0) -> Future[Any]:
        """Run ``fn()`` on the loop thread (labelled as a control event); its result as a future."""
        loop = self._require_loop()
        result: Future[Any] = Future()

        def run() -> None:
            if result.set_running_or_notify_cancel():
                try:
                    result.set_result(fn())
                except BaseException as exc:
                    result.set_exception(exc)

        loop.call_soon_control(run, control, detail)
        return result

    def launch(self, workload: Workload, params: Mapping[str, object] | None = None) -> Launch:
        """Validate and launch a workload; raises ParamError before anything starts."""
        values = workload.validate(params)
        return self.launch_coroutine(workload.name, lambda: workload.cooperative(**values),
                                     values)

    def launch_coroutine(self, label: str, make: Callable[[], Coroutine[Any, Any, Any]],
                         params: Mapping[str, ParamValue] | None = None,
                         task_name: str | None = None) -> Launch:
        """Run ``make()`` (a coroutine) as a root task on the loop: a workload, a script.

        The coroutine is created on the loop thread, inside the injected callback, so that it
        belongs to that thread from its first line. Its task is cancelled first on stop. The
        root task is called ``task_name`` or "main" (as a preemptive run's first thread); the
        loop numbers the names of every task of the second and later launches of a recording
        (see app.trace.names).
        """
        if not self.running:
            self.start(paused=self.gate.paused)
        launch = Launch(next(self._ids), label, dict(params or {}))
        self.launches[launch.id] = launch

        def create() -> None:
            # Set in this callback's own context: the root task copies it, and everything
            # the run creates copies it from there.
            LAUNCH.set(launch.id)
            loop = self._loop
            assert loop is not None  # (this runs on the loop)
            task = loop.create_task(make(), name=task_name or "main")
            launch.task = task

            def finished(t: asyncio.Task[Any]) -> None:
                launch.task = None  # do not keep a finished task (and its traceback) alive
                if launch.result.done():
                    return
                if t.cancelled():
                    launch.result.cancel()
                elif t.exception() is not None:
                    launch.result.set_exception(t.exception())
                else:
                    launch.result.set_result(t.result())

            task.add_done_callback(finished)

        # The launched name, not a sentence: the Describer words the command.
        self.call(create, Control.LAUNCH, self.recorder.intern(numbered(label, launch.id)))
        return launch

    def cancel(self, launch_id: int) -> Future[Any]:
        launch = self.launches.get(launch_id)
        if launch is None:
            raise EngineError(Sentence(QT_TR_NOOP("no launch #{n}"), n=launch_id))

        def cancel() -> bool:
            return launch.task.cancel() if launch.task is not None else False

        return self.call(cancel, Control.CANCEL, launch_id)

    def cancel_all(self) -> Future[Any]:
        def cancel() -> int:
            tasks = [launch.task for launch in self.launches.values()
                     if launch.task is not None and not launch.task.done()]
            for task in tasks:
                task.cancel()
            return len(tasks)

        return self.call(cancel, Control.CANCEL, 0)

    # -- stepping ------------------------------------------------------------------------------
    def pause(self) -> Future[UnitInfo | None]:
        self.recorder.emit(Ev.CONTROL, 0, Control.PAUSE)
        return self.gate.pause()

    def resume(self) -> Future[UnitInfo | None]:
        self.recorder.emit(Ev.CONTROL, 0, Control.RESUME)
        return self.gate.run()

    def step(self, n: int = 1) -> Future[UnitInfo | None]:
        self.recorder.emit(Ev.CONTROL, 0, Control.STEP, n)
        return self.gate.step(n)

    def step_iteration(self) -> Future[UnitInfo | None]:
        self.recorder.emit(Ev.CONTROL, 0, Control.STEP, 0)
        return self.gate.step_iteration()

    def step_until_task(self, serial: int) -> Future[UnitInfo | None]:
        """Run until the next step of task ``serial`` has run."""
        self.recorder.emit(Ev.CONTROL, 0, Control.STEP, -serial)
        return self.gate.step_until(lambda unit: unit.task == serial)

    def slow_motion(self, delay: float) -> Future[UnitInfo | None]:
        self.recorder.emit(Ev.CONTROL, 0, Control.SLOW_MOTION, int(delay * 1e9))
        return self.gate.slow_motion(delay)

    def set_slow_step_threshold(self, seconds: float) -> None:
        """Record steps longer than this as SLOW_STEP (kept across restarts)."""
        if seconds <= 0:
            raise ValueError("the slow-step threshold must be > 0 seconds")
        self.slow_step_s = seconds
        if self._loop is not None:
            self._loop.set_slow_step_threshold(seconds)  # one int attribute: thread-safe

    def interrupt_poll(self) -> None:
        """Wake a loop blocked in epoll_wait (e.g. to make a pause take effect at once)."""
        if self._loop is not None:
            self._loop.interrupt()

    # -- inspection ----------------------------------------------------------------------------
    def task_stack(self, serial: int, limit: int = 20) -> list[tuple[str, int, str, str]]:
        """(file, line, function, source line) of a suspended task; only while paused.

        While the gate holds the loop thread, no task advances, so reading their frames from
        another thread is safe.
        """
        import linecache

        if self._loop is None or not self.loop_held():
            raise EngineError(Sentence(QT_TR_NOOP(
                "a task's live stack can be read only while the engine is paused")))
        for task in asyncio.all_tasks(self._loop):
            if getattr(task, "_ls_serial", 0) == serial:
                frames = []
                for frame in task.get_stack(limit=limit):
                    code = frame.f_code
                    line = frame.f_lineno
                    frames.append((code.co_filename, line, code.co_qualname,
                                   linecache.getline(code.co_filename, line).strip()))
                return frames
        raise EngineError(Sentence(QT_TR_NOOP("task #{n} is not alive"), n=serial))

    def step_position(self, serial: int) -> StepPosition | None:
        """Where task ``serial``'s latest step resumed and where it stopped (or, held before
        its step, where it will resume); None if no step of it ran while the loop was held
        (free running records nothing). Safe from any thread."""
        return self.positions.get(serial)

    def _require_loop(self) -> TracingLoopMixin:
        loop = self._loop
        if loop is None or self._stopped.is_set():
            raise EngineError(Sentence(QT_TR_NOOP("the engine is not running")))
        return loop
