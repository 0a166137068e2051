"""Where each task's last step resumed and where it stopped, in the task's own source.

The source pane shows, while the loop is stepped, the line where the running (or the just
suspended) task resumed and the ``await`` where it stopped. Those lines are read from the
task's frames at the gate, never on the free-running path: the gate calls
:meth:`StepPositions.held` before a unit only while it is not open (paused, stepping, slow
motion), and at that moment the loop thread is between two units, so no frame moves.

How a unit's positions are found:

- before a task's step (the gate holds a RUN unit of a task): where it will resume, the
  innermost frame of its await chain that belongs to the workload's own code
  (:func:`own_frame`); this is the step's *resumed* line once it has run;
- at the next held unit (the very next unit number: nothing ran freely in between), the same
  task's frame again: the ``await`` where it stopped, or nothing when it finished.

A host that runs whole iterations without holding (the Qt host) lets its units pass a gate
that watches without holding (:meth:`app.runtime.gate.Gate.watch`) and calls
:meth:`StepPositions.settle` when its iteration ends.

The latest position of each task is kept (by serial), bounded: a finished task's entry is kept
for :data:`KEEP_FINISHED` later finishes, and at most :data:`KEEP_TASKS` entries in all.
"""

from __future__ import annotations

import os
import sysconfig
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from types import FrameType
from typing import Any

# The loop's own walk of a task's await chain (coroutines, generators, async generators and
# the awaitables that hide them), shared rather than copied.
from app.runtime.loop import _ASYNCIO_FILES, _await_chain, _frame_of, _is_step
from app.trace.events import Unit

#: Finished tasks whose last position is still answered (the pane shows "finished").
KEEP_FINISHED = 32
#: Entries kept in all (the least recently stepped go first).
KEEP_TASKS = 4096

_APP_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
#: Where the interpreter's and the installed libraries' code lives: not the workload's own.
_LIBRARY_DIRS = tuple(sorted({os.path.abspath(path) + os.sep for key, path in
                              sysconfig.get_paths().items()
                              if key in ("stdlib", "platstdlib", "purelib", "platlib")}))


@dataclass(frozen=True, slots=True)
class CodeLine:
    """One line of a function's source."""

    file: str  # the code's co_filename (a real path for samples, scenarios and scripts)
    function: str  # its qualified name
    line: int
    first_line: int  # the function's ``def`` line


@dataclass(frozen=True, slots=True)
class StepPosition:
    """A task's latest step, as lines of its own source."""

    serial: int
    #: Where the step resumed (for a step that has not run yet: where it will resume). A task's
    #: first step resumes at its function's ``def`` line.
    resumed: CodeLine | None
    #: The ``await`` where the step stopped; None when it finished or has not run yet.
    stopped: CodeLine | None
    #: False: the loop is held before this step; ``resumed`` is where it will resume.
    ran: bool
    finished: bool
    #: The innermost frame of the await chain when it is not ``stopped``'s own (asyncio's or a
    #: library's: "StreamReader._wait_for_data (streams.py:540)"); "" otherwise.
    inner: str = ""

    @property
    def where(self) -> CodeLine | None:
        """The line the task is at now: where it stopped, else where it resumed (or will)."""
        return self.stopped or self.resumed

    @property
    def file(self) -> str:
        where = self.where
        return where.file if where is not None else ""

    @property
    def function(self) -> str:
        where = self.where
        return where.function if where is not None else ""

    @property
    def first_line(self) -> int:
        where = self.where
        return where.first_line if where is not None else 0

    @property
    def resumed_line(self) -> int:
        return self.resumed.line if self.resumed is not None else 0

    @property
    def stopped_line(self) -> int:
        """The ``await`` where the step stopped; 0 when the task finished (or not yet run)."""
        return self.stopped.line if self.stopped is not None else 0


def is_own_code(filename: str) -> bool:
    """Is ``filename`` the workload's own code (a sample, a scenario, a user's script or
    module), rather than asyncio's, the standard library's, an installed library's or
    LoopScope's runtime?"""
    if filename.startswith(_ASYNCIO_FILES):
        return False
    path = os.path.abspath(filename)
    if path.startswith(_APP_DIR):  # LoopScope's samples and scenarios, wherever installed
        return not path.startswith(_RUNTIME_DIR)
    return not path.startswith(_LIBRARY_DIRS)


def _code_line(frame: FrameType) -> CodeLine:
    code = frame.f_code
    return CodeLine(code.co_filename, code.co_qualname, frame.f_lineno, code.co_firstlineno)


def own_frame(task: Any) -> tuple[FrameType | None, FrameType | None]:
    """(the innermost frame of the task's await chain in the workload's own code, the
    innermost frame of the chain). Without own code: the innermost frame outside asyncio,
    else the outermost frame. (None, None) once the task's coroutine has finished."""
    frames = [frame for frame in map(_frame_of, _await_chain(task)) if frame is not None]
    if not frames:
        return None, None
    chosen = next((f for f in reversed(frames) if is_own_code(f.f_code.co_filename)), None)
    if chosen is None:
        chosen = next((f for f in reversed(frames)
                       if not f.f_code.co_filename.startswith(_ASYNCIO_FILES)), frames[0])
    return chosen, frames[-1]


def _inner_text(chosen: FrameType | None, innermost: FrameType | None) -> str:
    if innermost is None or innermost is chosen:
        return ""
    code = innermost.f_code
    return f"{code.co_qualname} ({os.path.basename(code.co_filename)}:{innermost.f_lineno})"


def _task_of(handle: Any) -> Any:
    """The task a RUN unit's handle steps (None for a plain callback)."""
    callback = getattr(handle, "_callback", None)
    owner = getattr(callback, "__self__", None)
    if getattr(owner, "_ls_serial", 0) and hasattr(owner, "_fut_waiter") and _is_step(callback):
        return owner
    return None


class StepPositions:
    """The latest :class:`StepPosition` of each task. Written by the loop thread at the gate
    (or a host's thread after its iteration), read from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._positions: OrderedDict[int, StepPosition] = OrderedDict()
        self._finished: list[int] = []
        #: The task whose step went through the gate last, and the unit number it ran as.
        self._went: weakref.ref[Any] | None = None
        self._went_unit = 0
        self._went_from: StepPosition | None = None

    # -- the loop's side (the loop thread, between units) --------------------------------------
    def held(self, kind: Unit, number: int, handle: Any) -> None:
        """The gate is about to hold (or pass while not open) unit ``number``: settle the
        step that ran as the unit before it, and note where a task step will resume."""
        if self._went is not None:
            if number == self._went_unit + 1:
                self.settle()
            else:  # units ran freely in between: the task's frame is no longer that step's
                self._went = self._went_from = None
        if kind is not Unit.RUN:
            return
        task = _task_of(handle)
        if task is None:
            return
        chosen, innermost = own_frame(task)
        resumed = _code_line(chosen) if chosen is not None else None
        self._store(StepPosition(task._ls_serial, resumed, None, ran=False, finished=False,
                                 inner=_inner_text(chosen, innermost)))

    def passed(self, kind: Unit, number: int, handle: Any) -> None:
        """Unit ``number`` goes through the gate: if it steps a task, its stop is read at the
        next held unit (or :meth:`settle`)."""
        task = _task_of(handle) if kind is Unit.RUN else None
        if task is None:
            self._went = self._went_from = None
            return
        self._went = weakref.ref(task)
        self._went_unit = number
        self._went_from = self.get(task._ls_serial)

    def settle(self) -> None:
        """Record where the step that went through the gate last has stopped (call only
        while no task runs: between units, or after a host's iteration)."""
        ref, before = self._went, self._went_from
        self._went = self._went_from = None
        if ref is None or before is None:
            return
        task = ref()
        if task is None or task.done():  # a finished task nobody holds is freed at once
            self._store(StepPosition(before.serial, before.resumed, None, ran=True,
                                     finished=True))
            return
        chosen, innermost = own_frame(task)
        stopped = _code_line(chosen) if chosen is not None else None
        self._store(StepPosition(before.serial, before.resumed, stopped, ran=True,
                                 finished=False, inner=_inner_text(chosen, innermost)))

    def _store(self, position: StepPosition) -> None:
        serial = position.serial
        with self._lock:
            positions = self._positions
            positions[serial] = position
            positions.move_to_end(serial)
            if position.finished:
                self._finished.append(serial)
                if len(self._finished) > KEEP_FINISHED:
                    positions.pop(self._finished.pop(0), None)
            while len(positions) > KEEP_TASKS:
                positions.popitem(last=False)

    # -- any thread --------------------------------------------------------------------------
    def get(self, serial: int) -> StepPosition | None:
        """The latest position of task ``serial`` (None: none recorded while stepping)."""
        with self._lock:
            return self._positions.get(serial)

    def clear(self) -> None:
        """Forget everything (a new loop numbers its tasks from 1 again)."""
        with self._lock:
            self._positions.clear()
            self._finished.clear()
        self._went = self._went_from = None

    def __len__(self) -> int:
        with self._lock:
            return len(self._positions)
