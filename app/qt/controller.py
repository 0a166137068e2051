"""The controller: every command that drives the observed loop, and the engine's life-cycle.

The window turns clicks and keys into calls here; this is the one gate through which they
reach the engine (pause, resume, step, launch, cancel, reset, switching the backend or the
host, running a script) and through which their outcomes come back (:attr:`Controller.
command_done`, :attr:`Controller.failed`). It owns the engine and the :class:`TraceBridge`
that drains the engine's recording; it builds engines only through the factory the
composition root gives it, so it never decides how an engine is made.

Commands that wait for the engine are coroutines awaiting its futures
(``asyncio.wrap_future``): they run on the GUI's own asyncio loop (qasync), while the observed
loop runs elsewhere (the engine thread, or inside Qt's event loop for the Qt host).
What a command means to the user (words, dialogs, questions) stays in the views.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from app.qt.bridge import TraceBridge
from app.qt.language import tr
from app.qt.qt_host import QtHostEngine
from app.runtime import scripts
from app.runtime.engine import Engine, EngineError, Launch
from app.runtime.gate import UnitInfo
from app.runtime.positions import StepPosition
from app.trace import tracefile
from app.trace.store import KEEP_EVENTS
from app.trace.text import Sentence, error_text
from app.workloads import registry

#: Builds the engine for ``(backend, host)``; the third argument is told how long each step
#: froze the GUI thread (only a Qt-hosted engine calls it).
EngineFactory = Callable[[str, str, Callable[[float], None]], Engine]
SCRIPT_POLL_MS = 200
T = TypeVar("T")


class CommandError(Exception):
    """A command the engine refused, or a script that cannot run: the reason, a sentence
    for the user (in the language spoken when it was refused). The views catch this, never
    the runtime's own errors."""


def make_engine(backend: str, host: str, on_freeze: Callable[[float], None]) -> Engine:
    """The engine for ``host``: the Qt host where it can run ``backend``, else the engine
    thread (the controller says why when the Qt host was asked for and refused)."""
    if host == "qt" and not QtHostEngine.refusal(backend):
        return QtHostEngine(backend, on_freeze=on_freeze)
    return Engine(backend)


class Controller(QObject):
    #: A command failed, with the engine's reason (a sentence for the status bar).
    failed = Signal(str)
    #: A command finished: the controls and the views catch up with the engine.
    command_done = Signal()
    #: A step started: the controls say so while it runs.
    stepping = Signal()
    #: The engine was told to go on after a pause or a step: what it showed is stale.
    resumed = Signal()
    #: A step of the Qt-hosted loop froze the GUI thread for this many seconds.
    frozen = Signal(float)
    #: The engine was replaced or reset: a new loop, a new live recording.
    engine_replaced = Signal()
    #: The running script ended (:attr:`script` holds its outcome).
    script_finished = Signal()

    def __init__(self, make: EngineFactory, backend: str, host: str, paused: bool = False,
                 keep_events: int = KEEP_EVENTS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._make = make
        self.engine = self._build(backend, host)
        self.engine.start(paused=paused)
        self.bridge = TraceBridge(self.engine, self, keep_events)
        #: Launches up to this id are in a saved file: wiping them loses nothing.
        self.saved_launch = 0
        #: When the user last resumed a paused loop (a resume releases held timers at once).
        self.resumed_at = 0.0
        #: How long each unit is held before it runs (0: live speed); a new engine gets it.
        self.slow_motion_s = 0.0
        self.script: scripts.ScriptRun | None = None
        self._script_timer = QTimer(self)
        self._script_timer.setInterval(SCRIPT_POLL_MS)
        self._script_timer.timeout.connect(self._script_poll)

    # -- the engine's life-cycle ---------------------------------------------------------------
    def _build(self, backend: str, host: str) -> Engine:
        engine = self._make(backend, host, self.frozen.emit)
        if host == "qt" and engine.host != "qt":
            why = QtHostEngine.refusal(backend)
            QTimer.singleShot(0, self, lambda: self.failed.emit(tr(
                "{why} The loop runs on the engine thread.").format(why=why)))
        return engine

    @staticmethod
    def refusal(backend: str, host: str) -> str:
        """Why ``host`` cannot run ``backend`` ("" if it can)."""
        return QtHostEngine.refusal(backend) if host == "qt" else ""

    def replace_engine(self, backend: str, host: str) -> str:
        """A new engine (a new loop, a new live recording) for ``backend`` on ``host``,
        paused if the old one was. Returns the reason if it could not start there (it then
        runs on the engine thread), else ""."""
        paused = self.engine.paused
        self.engine.stop()
        engine = self._build(backend, host)
        problem = ""
        try:
            engine.start(paused=paused)
        except EngineError as exc:
            problem = error_text(exc, tr)
            engine = self._make(backend, "thread", self.frozen.emit)
            engine.start(paused=paused)
        self.engine = engine
        self._started_again()
        return problem

    def reset(self) -> None:
        """Stop the engine, clear the recording, start again (paused if it was)."""
        self.engine.reset(paused=self.engine.paused)
        self._started_again()
        self.bridge.start()

    def _started_again(self) -> None:
        self.saved_launch = 0  # a new loop numbers its launches from 1 again
        if self.slow_motion_s:  # a new loop starts at full speed
            self.engine.slow_motion(self.slow_motion_s)
        self.bridge.restart(self.engine)
        self.engine_replaced.emit()

    # -- what the engine is now --------------------------------------------------------------------
    @property
    def backend(self) -> str:
        return self.engine.backend

    @property
    def host(self) -> str:
        """"thread" (the engine thread) or "qt" (inside Qt's event loop)."""
        return self.engine.host

    @property
    def running(self) -> bool:
        return self.engine.running

    @property
    def paused(self) -> bool:
        return self.engine.paused

    def waiting_unit(self) -> UnitInfo | None:
        """The unit the engine thread's loop is held before at the gate (None: not held,
        or the Qt host, whose gate never holds the GUI thread)."""
        return self.engine.gate.waiting if self.engine.host == "thread" else None

    def task_stack(self, serial: int) -> list[tuple[str, int, str, str]] | None:
        """(file, line, function, source line) of the suspended task ``serial``; None
        while the loop is not paused (a running task's frames are not safe to read). Raises
        :class:`CommandError` if the task cannot be read (it may have ended meanwhile)."""
        if not (self.engine.running and self.engine.paused):
            return None
        try:
            return self.engine.task_stack(serial)
        except EngineError as exc:
            raise CommandError(error_text(exc, tr)) from exc

    def step_position(self, serial: int) -> StepPosition | None:
        """Where task ``serial``'s latest step resumed and where it stopped (held before its
        step: where it will resume); None if no step of it ran while the loop was held
        (paused, stepping, slow motion): the free-running loop records none."""
        return self.engine.step_position(serial)

    def stop(self) -> bool:
        """Stop everything (the window closes); False if the engine did not stop cleanly."""
        self.bridge.stop()
        self._script_timer.stop()
        if self.script is not None and not self.script.done:
            self.script.stop()
        return self.engine.stop()

    # -- settings of the running loop ----------------------------------------------------------
    def set_slow_motion(self, delay: float) -> None:
        """Hold each unit ``delay`` seconds before it runs (0: live speed)."""
        self.slow_motion_s = delay
        try:
            self.engine.slow_motion(delay)
        except (EngineError, ValueError) as exc:
            self.failed.emit(error_text(exc, tr))

    def set_slow_step_threshold(self, seconds: float) -> None:
        try:
            self.engine.set_slow_step_threshold(seconds)
        except ValueError as exc:
            self.failed.emit(error_text(exc, tr))

    # -- commands ------------------------------------------------------------------------------
    async def _await(self, future: Future[T]) -> T | None:
        try:
            return await asyncio.wrap_future(future)
        except (EngineError, ValueError) as exc:
            self.failed.emit(error_text(exc, tr))
            return None

    def _done(self) -> None:
        self.bridge.drain()
        self.command_done.emit()

    async def toggle_run(self) -> None:
        """Pause a running loop before its next unit, or let a paused one run freely."""
        engine = self.engine
        if engine.paused:
            self.resumed.emit()
            await self._await(engine.resume())
            self.resumed_at = time.monotonic()
        else:
            # The request first, then the wake-up (a pause takes effect now, not after a long
            # poll): a loop woken first could be back in a wait with no deadline before the
            # request, and the pause would wait for the loop's next event.
            paused = engine.pause()
            engine.interrupt_poll()
            await self._await(paused)
        self._done()

    def interrupt_wait(self) -> None:
        """Wake the loop from a wait in the kernel: a step held in a poll that nothing would
        end (no timer, no fd about to fire) returns at once, having found nothing."""
        self.engine.interrupt_poll()

    async def _step(self, start: Callable[[], Future[T]]) -> T | None:
        try:
            future = start()
        except EngineError as exc:
            self.failed.emit(error_text(exc, tr))
            return None
        self.stepping.emit()
        result = await self._await(future)
        self.resumed.emit()
        self._done()
        return result

    async def step(self) -> None:
        """Run exactly one unit (a poll, a timer or one handle) and pause."""
        await self._step(lambda: self.engine.step(1))

    async def step_iteration(self) -> None:
        """Run until the loop is about to poll again."""
        await self._step(self.engine.step_iteration)

    async def step_to_task(self, serial: int) -> None:
        """Run until the task ``serial``'s next step has run."""
        await self._step(lambda: self.engine.step_until_task(serial))

    def launch(self, name: str, params: dict[str, object] | None = None) -> Launch:
        """Launch a sample workload on the live loop. Raises :class:`ParamError` for a
        parameter out of range, :class:`CommandError` for an unknown sample or what the
        engine refuses."""
        try:
            workload = registry.get(name)
        except KeyError as exc:
            reason = exc.args[0] if exc.args else exc
            raise CommandError(reason.text(tr) if isinstance(reason, Sentence)
                               else str(reason)) from exc
        try:
            return self.engine.launch(workload, params)
        except EngineError as exc:
            raise CommandError(error_text(exc, tr)) from exc

    def workloads_running(self) -> bool:
        return not all(launch.result.done() for launch in self.engine.launches.values())

    async def cancel_workloads(self) -> None:
        """Cancel every running workload (a paused loop cancels them when it runs again)."""
        try:
            future = self.engine.cancel_all()
        except EngineError as exc:
            self.failed.emit(error_text(exc, tr))
            return
        if not self.engine.paused:
            await self._await(future)
        self._done()

    # -- what was saved ------------------------------------------------------------------------
    def unsaved_run(self) -> bool:
        """The live recording holds a workload or script run that was not saved since."""
        launches = self.engine.launches
        return bool(launches) and max(launches) > self.saved_launch

    def note_saved(self) -> None:
        """The live recording was saved: what ran until now needs no question any more
        (a launch still running goes on recording, so it still counts)."""
        launches = self.engine.launches
        running = [i for i, launch in launches.items() if not launch.result.done()]
        self.saved_launch = (min(running) - 1) if running else max(launches, default=0)

    def live_session_info(self) -> tracefile.SessionInfo:
        """What the live recording is of (as a saved session will say)."""
        launches = list(self.engine.launches.values())
        names = sorted({launch.workload for launch in launches})
        return tracefile.SessionInfo(
            workload=", ".join(names), params=launches[-1].params if launches else {},
            mode="cooperative", backend=self.engine.backend, host=self.engine.host,
            script=str(self.script.path) if self.script is not None else "")

    # -- scripts -------------------------------------------------------------------------------
    @staticmethod
    def check_script(path: str | Path) -> tuple[str, str]:
        """A script's source and how it runs ("main": its ``main()``; "script": its
        top-level code), before anything starts. Raises :class:`CommandError` with the
        reason if it cannot run."""
        try:
            return scripts.check(path)
        except scripts.ScriptError as exc:
            raise CommandError(error_text(exc, tr)) from exc

    def run_script(self, path: str | Path) -> scripts.ScriptRun:
        """Run a user's asyncio script on the traced loop (one at a time: a script still
        running is stopped first). Raises :class:`CommandError` if it cannot start;
        :attr:`script_finished` when it ends."""
        if self.script is not None and not self.script.done:
            self.script.stop()
        try:
            self.script = scripts.ScriptRun(str(path), self.engine).start()
        except scripts.ScriptError as exc:
            raise CommandError(error_text(exc, tr)) from exc
        self._script_timer.start()
        return self.script

    def _script_poll(self) -> None:
        run = self.script
        if run is None or not run.done:
            return
        self._script_timer.stop()
        self.script_finished.emit()
