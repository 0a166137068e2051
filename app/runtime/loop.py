"""The traced, single-steppable asyncio loop.

``TracedSelectorLoop`` is a real ``asyncio.SelectorEventLoop``: every public behaviour is the
stock one (CPython's own conformance tests run against it). What it adds:

1. ``_run_once`` is re-implemented as *units* — one POLL, one TIMER (a due timer moved to the
   ready queue), one RUN (one handle run) — with the gate checked between units. The copy keeps
   CPython's per-iteration snapshot semantics exactly (only handles that were ready when the
   iteration's RUN phase began run in it), and :data:`STOCK_SOURCE_DIGESTS` guards it: if a
   future CPython changes the stock ``_run_once``, a test fails instead of silently diverging.
   A Python without the stdlib's sources (bytecode only: the Windows embeddable distribution,
   a frozen app) cannot be checked; importing this module then warns once and runs.
2. Every scheduling fact is recorded at the place it happens (see :mod:`app.trace.events`):
   ``_call_soon`` knows what entered the ready queue and, from ``_ls.cause``, *why*;
   the RUN unit knows which task stepped and, from ``task._fut_waiter`` afterwards, what it
   now waits for.
3. Bookkeeping lives *on* the objects (``task._ls_serial``, ``future._ls_wait``) or in dicts
   whose entries leave with the handle, never keyed by ``id()`` (ids are reused).

Facts this file relies on (true in CPython 3.11–3.14, checked by the test-suite):

- ``handle._callback.__self__`` is the Task for both its step and its wake-up handles.
- ``Task._fut_waiter`` is the future a suspended task waits on (``None`` after a bare yield).
- ``asyncio.sleep`` arms ``call_later(delay, _set_result_unless_cancelled, future, ...)``, and
  ``sock_recv`` & co. arm ``_add_reader(fd, callback, future, ...)``: the future is ``args[0]``.

Types: tasks, futures, coroutines and handles are typed ``Any`` where their private fields
(``_fut_waiter``, ``_coro``, ``_callback``, ``_when``...) or this loop's own (``_ls_serial``,
``_ls_wait``) are read: typeshed declares none of them.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextvars
import dataclasses
import functools
import gc
import hashlib
import heapq
import inspect
import operator
import os
import socket
import sys
import threading
import time
import traceback
import warnings
from asyncio import base_events, events, selector_events
from collections.abc import Callable, Coroutine, Generator, Iterator
from types import FrameType
from typing import Any, NamedTuple, TypeVar, TypeVarTuple, Unpack, cast

from app.runtime.accelerator import ACCEL
from app.runtime.gate import Gate
from app.runtime.launch import LAUNCH
from app.runtime.recorder import Recorder
from app.runtime.state import TraceState
from app.trace.events import Cause, Ev, Outcome, TaskInfo, Unit, Wait
from app.trace.names import numbered

#: sha256 prefixes of ``inspect.getsource`` of the stock methods this file re-implements,
#: for every CPython it was checked against. A new digest means: re-read the stock code,
#: port the change, add the digest.
STOCK_SOURCE_DIGESTS = {
    "BaseEventLoop._run_once": {"26970ce6b0d67ef5", "22aebfb8172a0741"},
    "BaseSelectorEventLoop._process_events": {"7044c856635b7f64"},
    # Copied too (with recording added): a later patch release may change them (e.g. a
    # locked handle for call_soon_threadsafe); the guard makes that a failing test.
    "BaseEventLoop._call_soon": {"cd4172992c5f81c2"},
    "BaseEventLoop.call_soon_threadsafe": {"ff327992798780db"},
    "BaseEventLoop._add_callback": {"7179c52b15044b32"},
}

# asyncio's own private constants and helpers: typeshed declares none of them, so they are
# read through an untyped name and given their types here.
_asyncio_base: Any = base_events
_asyncio_selector: Any = selector_events
_MIN_SCHEDULED_TIMER_HANDLES: int = _asyncio_base._MIN_SCHEDULED_TIMER_HANDLES
_MIN_CANCELLED_TIMER_HANDLES_FRACTION: float = \
    _asyncio_base._MIN_CANCELLED_TIMER_HANDLES_FRACTION
MAXIMUM_SELECT_TIMEOUT: float = _asyncio_base.MAXIMUM_SELECT_TIMEOUT
EVENT_READ = 1
EVENT_WRITE = 2

_Task = asyncio.Task
_Future = asyncio.Future
_T = TypeVar("_T")
_O = TypeVar("_O")
_Ts = TypeVarTuple("_Ts")
_PY_TASK: type[asyncio.Task[Any]] = getattr(asyncio.tasks, "_PyTask", asyncio.Task)
_TASK_TYPES = frozenset({asyncio.Task, _PY_TASK})
_ASYNCIO_DIR = os.path.dirname(asyncio.__file__)
#: How asyncio's code objects name their files (``co_filename``), to tell its frames from user
#: code. Usually inside ``_ASYNCIO_DIR``; but a stdlib shipped as bytecode keeps the path it
#: was compiled at: in the Windows embeddable distribution asyncio is ``python313.zip\asyncio``
#: while its code says ``asyncio\tasks.py`` (relative). Both prefixes count: without the
#: second, every task's creation site there was "asyncio\base_events.py:837" and asyncio's
#: own waits were named by line ("future Event.wait:213").
_ASYNCIO_FILES = (_ASYNCIO_DIR,
                  os.path.dirname(asyncio.sleep.__code__.co_filename) + os.sep)


async def _probe() -> None:
    pass


_probe_coro = _probe()
_CoroutineWrapper = type(_probe_coro.__await__())
_probe_coro.close()
del _probe_coro
#: Frames that wait on a worker thread of a well-known library (the future they await is
#: completed by that thread through call_soon_threadsafe).
_THREAD_WAITS = {
    ("aiosqlite", "Connection._execute"): "aiosqlite worker",
    ("aiosqlite", "Connection._connect"): "aiosqlite worker",
    ("aiosqlite", "Connection.close"): "aiosqlite worker",
}
_THIS_FILE = __file__.removesuffix("c")


class StockCheck(NamedTuple):
    """What :func:`check_stock_sources` found about the CPython methods this file copies."""

    #: Methods whose source differs from every version checked: the copy may diverge.
    changed: list[str]
    #: Methods whose source this installation does not have (a stdlib shipped as ``.pyc``
    #: only, as in the Windows embeddable distribution, or a frozen app): not verifiable.
    unverified: list[str]


def stock_digest(qualname: str) -> str | None:
    """The sha256 prefix of a stock method's source; None if the source cannot be read."""
    owner_name, method = qualname.split(".")
    owner = (base_events.BaseEventLoop if owner_name == "BaseEventLoop"
             else selector_events.BaseSelectorEventLoop)
    try:
        source = inspect.getsource(getattr(owner, method))
    except (OSError, TypeError):  # no .py file beside the bytecode, or a built-in
        return None
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def check_stock_sources() -> StockCheck:
    """Compare the stock methods this file re-implements with the versions checked."""
    changed: list[str] = []
    unverified: list[str] = []
    for name, known in STOCK_SOURCE_DIGESTS.items():
        digest = stock_digest(name)
        if digest is None:
            unverified.append(name)
        elif digest not in known:
            changed.append(name)
    return StockCheck(changed, unverified)


def stock_source_warnings(check: StockCheck) -> list[str]:
    """What to tell the user about ``check``: one message per kind of finding."""
    version = sys.version.split()[0]
    messages = []
    if check.changed:
        messages.append(f"LoopScope: CPython's {', '.join(check.changed)} changed in this "
                        f"version ({version}); the traced loop may diverge from it.")
    if check.unverified:
        messages.append(f"LoopScope: this Python ({version}) has no source for "
                        f"{', '.join(check.unverified)} (a stdlib shipped as bytecode only), "
                        "so LoopScope cannot verify that its traced loop matches them; it "
                        "runs as written for the CPython versions it was checked against.")
    return messages


def _warn_about_stock_sources() -> None:
    for message in stock_source_warnings(check_stock_sources()):
        warnings.warn(message, RuntimeWarning, stacklevel=2)


_warn_about_stock_sources()


#: How a Task schedules its own steps: the C ``TaskStepMethWrapper`` / ``task_wakeup`` and the
#: pure-Python ``__step`` / ``__wakeup``. Any other bound method of a task (``task.cancel``
#: passed to call_soon) is a plain callback, not a step.
_STEP_NAMES = frozenset({"task_wakeup", "__step", "__wakeup"})


def _is_step(callback: object) -> bool:
    return (type(callback).__name__ == "TaskStepMethWrapper"
            or getattr(callback, "__name__", None) in _STEP_NAMES)


def _callable_name(callback: object) -> str:
    # Test functools.partial by type: duck-typing ``.func`` recurses forever on objects that
    # invent attributes (unittest.mock), and a callback can be any callable.
    if isinstance(callback, functools.partial):
        return f"partial({_callable_name(callback.func)})"
    name = getattr(callback, "__qualname__", None)
    return name if isinstance(name, str) else type(callback).__name__


#: ``handle._run()`` as a C-level call (the RUN unit's non-debug path; respects subclasses).
_run_handle = operator.methodcaller("_run")


def _creation_site() -> str:
    """file:line of the first frame outside asyncio and this module (who created the task)."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(_ASYNCIO_FILES) and filename != _THIS_FILE:
            return f"{filename}:{frame.f_lineno}"
        frame = frame.f_back
    return "?"


def _without_own_frame(obj: _O, method: str) -> _O:
    """``obj`` without this module's ``method`` frame in its debug-mode ``_source_traceback``.

    In debug mode a handle, future or task records the stack that created it, and the stock
    loop deletes its own frames so that the record ends at the caller (``call_later`` drops
    ``call_at``'s frame, ``call_at`` drops ``TimerHandle.__init__``'s). An override here that
    calls the stock method adds one frame the stock code does not know of; this removes it,
    so the record reads as the stock loop's would.
    """
    source_traceback = getattr(obj, "_source_traceback", None)
    if isinstance(source_traceback, list):  # a StackSummary; a Mock where a mock was given
        for index in range(len(source_traceback) - 1, -1, -1):
            frame = source_traceback[index]
            if frame.name == method and frame.filename == _THIS_FILE:
                del source_traceback[index]
                break
    return obj


#: Awaitables that hide the coroutine or async generator they drive from Python (no
#: ``cr_await``-like attribute), though not from the garbage collector: ``await obj`` where
#: ``obj.__await__`` returns ``some_coro.__await__()`` (the coroutine wrapper), and
#: ``await anext(agen)`` / ``agen.asend()`` / ``agen.athrow()`` / ``agen.aclose()``
#: (``async with`` on an ``@asynccontextmanager`` goes through one of these).
_HIDING_AWAITABLES = frozenset({_CoroutineWrapper.__name__, "async_generator_asend",
                                "async_generator_athrow", "anext_awaitable"})


def _frame_of(coro: Any) -> Any:
    """The frame of a coroutine, generator or async generator (None once it has finished)."""
    return (getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
            or getattr(coro, "ag_frame", None))


def _has_frame(obj: object) -> bool:
    return hasattr(obj, "cr_frame") or hasattr(obj, "gi_frame") or hasattr(obj, "ag_frame")


def _awaited(coro: Any) -> Any:
    """What a suspended coroutine, generator or async generator awaits, if it is another one
    of those (None for a future, or when it is not suspended in an ``await``)."""
    inner = getattr(coro, "cr_await", None)
    if inner is None:
        inner = getattr(coro, "gi_yieldfrom", None)
    if inner is None:
        inner = getattr(coro, "ag_await", None)
    while inner is not None and type(inner).__name__ in _HIDING_AWAITABLES:
        # (anext with a default wraps the asend: anext_awaitable -> asend -> generator)
        inner = next((r for r in gc.get_referents(inner)
                      if _has_frame(r) or type(r).__name__ in _HIDING_AWAITABLES), None)
    return inner if inner is not None and _has_frame(inner) else None


def _await_chain(task: Any) -> Iterator[Any]:
    """The coroutines (and generators, async generators) of a suspended task's await chain,
    outermost first."""
    coro = task._coro
    while coro is not None:
        yield coro
        coro = _awaited(coro)


def _innermost_coroutine(task: Any) -> Any:
    """The innermost coroutine (or generator) of a suspended task's await chain."""
    *_, innermost = _await_chain(task)
    return innermost


def _user_frame(task: Any) -> Any:
    """The deepest frame of a suspended task's await chain outside asyncio (user code)."""
    found = None
    for coro in _await_chain(task):
        frame = _frame_of(coro)
        if frame is not None and not frame.f_code.co_filename.startswith(_ASYNCIO_FILES):
            found = frame
    return found


def _shielded(future: Any) -> Any:
    """What ``asyncio.shield(inner)`` protects, if ``future`` is the outer future it returned.

    shield returns a new future and ties it to ``inner`` with two done-callbacks; the one on
    the outer future (``_outer_done_callback``) holds ``inner`` in its closure.
    """
    for callback, _context in future._callbacks or ():
        code = getattr(callback, "__code__", None)
        if code is not None and code.co_qualname == "shield.<locals>._outer_done_callback" \
                and "inner" in code.co_freevars:
            return callback.__closure__[code.co_freevars.index("inner")].cell_contents
    return None


def _transport_fd(obj: object) -> int:
    """The socket behind a stream's transport: a selector transport keeps its fd in
    ``_sock_fd``; a proactor transport (IOCP) only its socket, whose ``fileno()`` is the
    handle its overlapped operations use (-1 once closed)."""
    transport = getattr(obj, "_transport", None)
    if transport is None:
        return -1
    fd = getattr(transport, "_sock_fd", None)
    if fd is not None:
        return int(fd)
    sock = getattr(transport, "_sock", None)
    fileno = getattr(sock, "fileno", None)
    return int(fileno()) if callable(fileno) else -1


def _name_by_frame(frame: FrameType) -> tuple[int, int, str]:
    """(Wait, detail, name) of a generic future awaited by ``frame`` (an fd behind streams,
    a thread of a known library, else the frame's function, and its line in user code)."""
    code = frame.f_code
    qualname = code.co_qualname
    if qualname == "StreamReader._wait_for_data":
        return (Wait.FD_READ, _transport_fd(frame.f_locals.get("self")), qualname)
    if qualname == "FlowControlMixin._drain_helper":
        return (Wait.FD_WRITE, _transport_fd(frame.f_locals.get("self")), qualname)
    for (library, frame_name), label in _THREAD_WAITS.items():
        if qualname == frame_name and library in code.co_filename:
            return (Wait.THREAD, 0, label)
    if code.co_filename.startswith(_ASYNCIO_FILES):
        return (Wait.FUTURE, 0, qualname)
    return (Wait.FUTURE, 0, f"{qualname}:{frame.f_lineno}")


#: asyncio functions that make a future with ``loop.create_future()`` and await it in the
#: same frame (true in 3.11-3.13: tests/runtime/test_wait_naming.py checks each). Facts: at the
#: end of a step that waits on such a future, the innermost frame of the task's await chain
#: is that function's, so the name the step's end would find by walking the chain
#: (_ls_name_wait) is known when the future is made. -> create_future names it then, and a
#: streams or queue step ends with one attribute read instead of a walk of the await chain
#: and a read of the frame's locals (~20 % of a recorded TCP echo).
_NAMED_AT_CREATION = frozenset(function.__code__ for function in (
    asyncio.StreamReader._wait_for_data,  # type: ignore[attr-defined]
    asyncio.streams.FlowControlMixin._drain_helper,  # type: ignore[attr-defined]
    asyncio.Queue.get, asyncio.Queue.put, asyncio.Event.wait, asyncio.Lock.acquire,
    asyncio.Semaphore.acquire, asyncio.Condition.wait))


# Plain ints for the hot path: ``Ev.STEP_BEGIN`` (an IntEnum member looked up on its class)
# costs ~80 ns per use on 3.11, a module-level int ~7 ns. Records carry the same values.
_TASK_READY = int(Ev.TASK_READY)
_STEP_BEGIN = int(Ev.STEP_BEGIN)
_STEP_END = int(Ev.STEP_END)
_CALLBACK_READY = int(Ev.CALLBACK_READY)
_CALLBACK_BEGIN = int(Ev.CALLBACK_BEGIN)
_CALLBACK_END = int(Ev.CALLBACK_END)
_HANDLE_SKIPPED = int(Ev.HANDLE_SKIPPED)
_POLL_BEGIN = int(Ev.POLL_BEGIN)
_POLL_END = int(Ev.POLL_END)
_FD_EVENT = int(Ev.FD_EVENT)
_TIMER_ADDED = int(Ev.TIMER_ADDED)
_TIMER_FIRED = int(Ev.TIMER_FIRED)
_C_SPAWN = int(Cause.SPAWN)
_C_YIELD = int(Cause.YIELD)
_C_TASK = int(Cause.TASK)
_C_TIMER = int(Cause.TIMER)
_C_FD = int(Cause.FD)
_W_READY = int(Wait.READY)
_W_TASK = int(Wait.TASK)
_W_TIMER = int(Wait.TIMER)
_OUTSIDE = (int(Cause.OUTSIDE), 0, 0)
_NO_CAUSE = (int(Cause.CALLBACK), 0, 0)
_now = time.monotonic_ns


class _HandleFields(events.Handle):
    """Never instantiated: the private fields of asyncio's Handle read here, for type
    checkers (typeshed declares none of them)."""

    _callback: Callable[..., object]
    _source_traceback: traceback.StackSummary | None


class _TimerHandleFields(events.TimerHandle):
    """Never instantiated: as :class:`_HandleFields`, for timer handles."""

    _source_traceback: traceback.StackSummary | None


_Handle = cast(type[_HandleFields], events.Handle)
_stock_run_once: Callable[[Any], None] = _asyncio_base.BaseEventLoop._run_once
_stock_create_future: Callable[[Any], asyncio.Future[Any]] = \
    base_events.BaseEventLoop.create_future
_stock_call_at = cast(Callable[..., _TimerHandleFields], base_events.BaseEventLoop.call_at)
#: The C Task's step-callback type (``TaskStepMethWrapper``), learnt the first time one is
#: seen, so the hot path tests it with one identity check before calling _is_step.
_step_wrapper: type | None = None


def _is_task_step(callback: object) -> bool:
    """_is_step, remembering the C step wrapper type (called only when the check missed)."""
    global _step_wrapper
    if type(callback).__name__ == "TaskStepMethWrapper":
        _step_wrapper = type(callback)
        return True
    return getattr(callback, "__name__", None) in _STEP_NAMES


class TracingLoopMixin(base_events.BaseEventLoop):
    """Everything the traced loops share (mixed in front of an asyncio loop class).

    The selector loop below and the Windows proactor loop (``backends/iocp.py``) add only how
    their OS queue reports I/O. It derives from ``BaseEventLoop``, which every asyncio loop
    class does too: the order in which methods are found is the same as for a plain mixin
    (this class, then the concrete loop, then ``BaseEventLoop``), and a type checker knows
    that ``self`` is a loop.
    """

    # The private attributes and methods of asyncio's loops used here: typeshed declares
    # none of them.
    # Handles, typed Any: their private fields used here (_callback, _cancelled, _when,
    # _scheduled, _source_traceback) are not in typeshed.
    _ready: collections.deque[Any]
    _scheduled: list[Any]
    _selector: Any  # a selectors.BaseSelector, or (IOCP) a proactor
    _ssock: socket.socket | None
    _stopping: bool
    _thread_id: int | None
    _debug: bool
    _clock_resolution: float
    _timer_cancelled_count: int
    _write_to_self: Callable[[], None]
    _check_closed: Callable[[], None]
    _check_callback: Callable[[object, str], None]
    _process_events: Callable[[list[Any]], None]
    _current_handle: events.Handle | None
    _ls: TraceState

    def __init__(self, selector: Any, recorder: Recorder | None = None,
                 gate: Gate | None = None) -> None:
        ls = self._ls = TraceState()
        ls.rec = recorder if recorder is not None else Recorder()
        ls.gate = gate if gate is not None else Gate()
        ls.tracing = True
        ls.accel = None
        ls.running = 0
        ls.cause = _OUTSIDE
        ls.unit = 0
        ls.handle_seq = iter(range(1, sys.maxsize)).__next__
        ls.task_seq = iter(range(1, sys.maxsize)).__next__
        ls.callbacks = {}
        ls.timers = {}
        ls.pending_name = None
        ls.eager_t0 = 0
        ls.eager_coro = None
        ls.unnamed = set()
        ls.named_later = []
        ls.slow_ns = 100_000_000
        ls.max_timeout = None
        ls.names = {}
        ls.backend_sid = 0
        ls.backend_name = getattr(selector, "backend_name", type(selector).__name__)
        if hasattr(selector, "attach"):
            selector.attach(ls)
        # The next class is the concrete loop (SelectorEventLoop, ProactorEventLoop), which
        # takes the selector; BaseEventLoop, what the type checker sees, takes nothing.
        super().__init__(selector)  # type: ignore[call-arg]
        assert self._ssock is not None  # the self-pipe, made by the loop's constructor
        rec = self._ls.rec
        kernel_fd = selector.kernel_fd() if hasattr(selector, "kernel_fd") else -1
        self._ls.backend_sid = rec.intern(ls.backend_name)
        rec.emit(Ev.LOOP_INFO, 0, self._ssock.fileno(), self._ls.backend_sid, kernel_fd)
        # The compiled RUN units (app/runtime/_accel.c), where built and recording into a
        # compiled ring; None: the pure-Python path below runs them.
        if ACCEL is not None and rec.compiled_ring is not None:
            ls.accel = ACCEL.Runner(self, ls, rec.compiled_ring, self._ready, _Task,
                                    _PY_TASK, _OUTSIDE, _NO_CAUSE, events.Handle)
        ls.gate.on_change = self._ls_choose_paths
        self._ls_choose_paths()

    # -- public extras -----------------------------------------------------------------------
    @property
    def recorder(self) -> Recorder:
        return self._ls.rec

    @property
    def gate(self) -> Gate:
        return self._ls.gate

    @property
    def backend_name(self) -> str:
        """The OS queue this loop waits on ("epoll", "kqueue", "poll", "select", "iocp")."""
        return self._ls.backend_name

    @property
    def recording(self) -> bool:
        return self._ls.tracing

    def set_recording(self, on: bool) -> None:
        """Turn recording on or off (off: the stock code paths run, nothing is recorded)."""
        self._ls.tracing = bool(on)
        self._ls_choose_paths()

    def set_max_timeout(self, seconds: float | None) -> None:
        """Bound every poll's timeout (None: none; a host that does the waiting itself, as
        app.runtime.hosted does, sets 0)."""
        self._ls.max_timeout = seconds
        self._ls_choose_paths()

    def self_pipe_fd(self) -> int:
        return self._ssock.fileno() if self._ssock is not None else -1

    def kernel_fd(self) -> int:
        selector = self._selector
        return selector.kernel_fd() if hasattr(selector, "kernel_fd") else -1

    def interrupt(self) -> None:
        """Wake the loop out of a blocking poll (from any thread): writes the self-pipe."""
        self._write_to_self()

    def task_serial(self, task: asyncio.Task[Any]) -> int:
        return getattr(task, "_ls_serial", 0)

    def run_forever(self) -> None:
        try:
            super().run_forever()
        finally:
            self._ls.gate.loop_stopped()

    # -- task bookkeeping ----------------------------------------------------------------------
    def _ls_register(self, task: Any, eager: bool = False) -> int:
        """Give ``task`` its serial and record its spawn, under its name numbered by the
        launch it belongs to (read from the context it is created in: see app.trace.names)."""
        serial = self._ls.task_seq()
        task._ls_serial = serial
        task._ls_launch = launch = LAUNCH.get()
        coro = task.get_coro()
        qualname = getattr(coro, "__qualname__", type(coro).__name__)
        name = self._ls.pending_name
        if name is None:
            name = task.get_name()
        else:
            self._ls.pending_name = None
        self._ls.rec.add_task(TaskInfo(serial, numbered(name, launch), qualname,
                                       _creation_site(), self._ls.running, eager))
        self._ls.unnamed.add(serial)
        return serial

    def _ls_check_name(self, task: Any, serial: int) -> None:
        """At a task's first step: asyncio.create_task (3.11) names it after scheduling it."""
        self._ls.unnamed.discard(serial)
        rec = self._ls.rec
        info = rec.tasks.get(serial)
        name = numbered(task.get_name(), getattr(task, "_ls_launch", 0))
        if info is not None and info.name != name:
            rec.tasks[serial] = dataclasses.replace(info, name=name)
            rec.emit(Ev.TASK_RENAMED, serial, rec.intern(name))

    def _ls_name_later(self) -> None:
        """Record the names given after creation (3.11's asyncio.create_task) of the tasks
        made during the unit that just ended, before any of them runs."""
        ls = self._ls
        for task in ls.named_later:
            serial = getattr(task, "_ls_serial", 0)
            if serial in ls.unnamed:
                self._ls_check_name(task, serial)
        ls.named_later.clear()

    def create_task(self, coro: Generator[Any, None, _T] | Coroutine[Any, Any, _T], *,
                    name: object = None,
                    context: contextvars.Context | None = None) -> asyncio.Task[_T]:
        if not self._ls.tracing:
            return _without_own_frame(super().create_task(coro, name=name, context=context),
                                      "create_task")
        # Task.__init__ schedules the first step before it sets the name it was given.
        self._ls.pending_name = None if name is None else str(name)
        if sys.version_info < (3, 12):
            try:
                task = _without_own_frame(super().create_task(coro, name=name,
                                                              context=context), "create_task")
            finally:
                self._ls.pending_name = None
            if name is None:
                # asyncio.create_task (3.11) calls loop.create_task(coro) and names the task
                # after it returns: read the name again when the unit ends, so a view shows
                # "lookup-1", not "Task-5", while the task waits for its first step.
                self._ls.named_later.append(task)
            return task
        # 3.12+: a task factory may run the first step eagerly, inside the constructor, with
        # no handle. Detect it afterwards (the task was never scheduled) and record the step
        # with the times measured around it. Events that eager step caused were recorded as
        # they happened, attributed to the task that called create_task.
        t0 = self._ls.eager_t0 = time.monotonic_ns()
        self._ls.eager_coro = coro
        try:
            task = _without_own_frame(super().create_task(coro, name=name, context=context),
                                      "create_task")
        finally:
            self._ls.pending_name = None
            self._ls.eager_t0 = 0
            self._ls.eager_coro = None
        if not isinstance(task, _Task):
            return task
        serial = getattr(task, "_ls_serial", 0)
        if serial == 0:  # an eager first step that never scheduled the task again
            serial = self._ls_open_eager_step(task, t0, coro)
        elif not getattr(task, "_ls_eager_open", False):
            return task
        task._ls_eager_open = False
        self._ls_after_step(task, serial)
        return task

    def _ls_open_eager_step(self, task: Any, t0: int = 0, coro: Any = None) -> int:
        """Record the spawn and step begin of an eager task, stamped when create_task began.

        The coroutine comes from create_task's own argument: ``task.get_coro()`` of an eager
        task that already finished crashes CPython 3.12.1 (python/cpython#122332).
        """
        rec = self._ls.rec
        t0 = t0 or self._ls.eager_t0
        serial = self._ls.task_seq()
        task._ls_serial = serial
        task._ls_launch = launch = LAUNCH.get()
        task._ls_eager_open = True
        if coro is None:
            coro = self._ls.eager_coro
        info = TaskInfo(serial, numbered(self._ls.pending_name or task.get_name(), launch),
                        getattr(coro, "__qualname__", type(coro).__name__), _creation_site(),
                        self._ls.running, True)
        rec.tasks[serial] = info
        rec.emit_at(t0, Ev.TASK_SPAWNED, serial, info.parent, 1, rec.intern(info.name))
        self._ls.unit += 1
        rec.emit_at(t0, Ev.STEP_BEGIN, serial, self._ls.unit)
        return serial

    # -- the ready queue -------------------------------------------------------------------------
    def _call_soon(self, callback: Any, args: Any, context: Any) -> events.Handle:
        handle = _Handle(callback, args, self, context)
        if handle._source_traceback:
            del handle._source_traceback[-1]
        self._ready.append(handle)
        ls = self._ls
        if not ls.tracing:
            return handle
        accel = ls.accel
        if accel is None or not accel.note_ready(callback, handle):
            self._ls_note_ready(callback, handle)
        return handle

    def _ls_note_ready(self, callback: Any, handle: events.Handle) -> None:
        """Record ``handle`` entering the ready queue (the recording half of _call_soon)."""
        ls = self._ls
        owner = getattr(callback, "__self__", None)
        if (owner.__class__ in _TASK_TYPES or isinstance(owner, _Task)) \
                and (callback.__class__ is _step_wrapper or _is_task_step(callback)):
            serial = getattr(owner, "_ls_serial", 0)
            if serial == 0:
                if ls.eager_t0 and asyncio.current_task(self) is owner:
                    # An eager first step (3.12+) is yielding from inside create_task.
                    serial = self._ls_open_eager_step(owner)
                    ls.rec.emit(_TASK_READY, serial, _C_YIELD, serial, 0)
                    return
                serial = self._ls_register(owner)
                ls.rec.emit(_TASK_READY, serial, _C_SPAWN, ls.running, 0)
            elif serial == ls.running:
                ls.rec.emit(_TASK_READY, serial, _C_YIELD, serial, 0)
            else:
                cause, detail, mask = ls.cause
                ls.rec.emit(_TASK_READY, serial, cause, detail, mask)
        else:
            hserial = ls.handle_seq()
            cause, detail, mask = ls.cause
            ls.callbacks[handle] = (hserial, cause, detail, mask)
            ls.rec.emit(_CALLBACK_READY, ls.running, hserial, cause, detail)

    def set_debug(self, enabled: bool) -> None:
        super().set_debug(enabled)
        self._ls_choose_paths()

    def _ls_choose_paths(self) -> None:
        """Which code runs this loop's hot methods, for its present recording, debug mode,
        gate and host: each is an instance attribute, found before the class's method.

        - ``_run_once``: the stock one while nothing is recorded, the gate is open and no
          host bounds the poll (the traced one would only check that and call it);
        - ``create_future``: the stock one while nothing is recorded (this class's names the
          futures of streams and queues);
        - ``_call_soon``: the compiled one (no Python frame between asyncio's ``call_soon``
          and C) outside debug mode: a debug Handle records the stack that made it, and the
          stock ``call_soon`` trims it expecting a Python ``_call_soon`` frame.

        Facts: CPython (3.11-3.13) keeps an instance's attributes inline, and asyncio's own
        attribute loads fast, only while every instance gets the same keys in the same order
        and nobody touches ``__dict__``. -> The three are assigned at the end of
        ``__init__`` and then only reassigned, never deleted. The gate calls this when it
        opens or closes (from any thread: the loop picks the new code at its next iteration;
        a pause while nothing is recorded stops the loop one iteration later than a unit).
        """
        ls = self._ls
        cls = TracingLoopMixin
        stock = not ls.tracing
        self._run_once = (  # type: ignore[method-assign]
            _stock_run_once.__get__(self) if stock and ls.gate.open and ls.max_timeout is None
            else cls._run_once.__get__(self))
        self.create_future = (  # type: ignore[method-assign]
            _stock_create_future.__get__(self) if stock else cls.create_future.__get__(self))
        accel = ls.accel
        self._call_soon = (  # type: ignore[method-assign]
            accel.call_soon if accel is not None and not self._debug
            else cls._call_soon.__get__(self))

    def call_soon_threadsafe(self, callback: Callable[[Unpack[_Ts]], object],
                             *args: *_Ts,
                             context: contextvars.Context | None = None) -> events.Handle:
        if not self._ls.tracing or threading.get_ident() == self._thread_id:
            return _without_own_frame(
                super().call_soon_threadsafe(callback, *args, context=context),
                "call_soon_threadsafe")
        # From another thread: the cause is that thread; the wake-up travels through the
        # self-pipe (an fd event on the loop's own socket) — both are recorded.
        self._check_closed()
        if self._debug:
            self._check_callback(callback, "call_soon_threadsafe")
        handle = _Handle(callback, args, self, context)
        if handle._source_traceback:
            del handle._source_traceback[-1]
        rec = self._ls.rec
        thread_sid = rec.intern(threading.current_thread().name)
        owner: Any = getattr(callback, "__self__", None)
        hserial = self._ls.handle_seq()
        serial = getattr(owner, "_ls_serial", 0) if isinstance(owner, _Task) else 0
        if serial and _is_step(callback):
            rec.emit(Ev.THREAD_WAKE, serial, hserial, thread_sid, 1)
            self._ready.append(handle)
            rec.emit(Ev.TASK_READY, serial, Cause.THREAD, thread_sid, 0)
        else:
            rec.emit(Ev.THREAD_WAKE, 0, hserial, thread_sid, 0)
            self._ls.callbacks[handle] = (hserial, Cause.THREAD, thread_sid, 0)
            self._ready.append(handle)
            rec.emit(Ev.CALLBACK_READY, 0, hserial, Cause.THREAD, thread_sid)
        self._write_to_self()
        return handle

    def call_soon_control(self, callback: Any, control: int, detail: int = 0) -> events.Handle:
        """Inject a user command's callback (thread-safe), recorded with cause CONTROL.

        The CONTROL event names the handle, so views can hide the command and what it ran.
        """
        self._check_closed()
        handle = events.Handle(callback, (), self, None)
        rec = self._ls.rec
        hserial = self._ls.handle_seq()
        rec.emit(Ev.CONTROL, 0, control, detail, hserial)
        if self._ls.tracing:
            self._ls.callbacks[handle] = (hserial, Cause.CONTROL, control, 0)
            self._ready.append(handle)
            rec.emit(Ev.CALLBACK_READY, 0, hserial, Cause.CONTROL, control)
        else:
            self._ready.append(handle)
        if threading.get_ident() != self._thread_id and self._ls.gate.waiting is None:
            self._write_to_self()
        # No write while the gate holds the loop thread before a unit (``gate.waiting`` set):
        # the thread is not blocked in the kernel, and it computes its next poll's timeout
        # only after the gate lets it go (in _run_once the timeout follows ``gate.wait``), so
        # it finds this handle in the ready queue and polls with timeout 0. Skipping the write
        # keeps LoopScope's own machinery out of the recording: otherwise the next poll
        # returns the self-pipe and ``_read_from_self`` runs first. The race is harmless: the
        # handle was appended before ``waiting`` was read, and the gate clears ``waiting``
        # before the loop goes on, so a set ``waiting`` means the timeout is not computed yet;
        # read as None (the loop runs, or is in the kernel), the write wakes it as usual.
        return handle

    def _add_callback(self, handle: events.Handle) -> None:
        # Reached from _process_events (fd callbacks) and signal handlers.
        if not handle._cancelled:
            self._ready.append(handle)
            ls = self._ls
            if ls.tracing:
                hserial = ls.handle_seq()
                cause, detail, mask = ls.cause
                ls.callbacks[handle] = (hserial, cause, detail, mask)
                ls.rec.emit(_CALLBACK_READY, 0, hserial, cause, detail)

    # -- timers --------------------------------------------------------------------------------
    def call_at(self, when: float, callback: Callable[[Unpack[_Ts]], object],
                *args: *_Ts,
                context: contextvars.Context | None = None) -> events.TimerHandle:
        timer = _stock_call_at(self, when, callback, *args, context=context)
        if timer._source_traceback:
            _without_own_frame(timer, "call_at")
        ls = self._ls
        if ls.tracing:
            rec = ls.rec
            serial = ls.handle_seq()
            ls.timers[timer] = serial
            deadline = int(when * 1e9)
            rec.emit(_TIMER_ADDED, ls.running, serial, deadline,
                     rec.intern(_callable_name(callback)))
            if args and isinstance(args[0], _Future):
                # asyncio.sleep / wait_for (3.11): the timer completes this future.
                future: Any = args[0]  # (_ls_wait: the loop's own field, unknown to the type)
                future._ls_wait = (_W_TIMER, deadline, serial)
        return timer

    def _timer_handle_cancelled(self, handle: events.TimerHandle) -> None:
        super()._timer_handle_cancelled(handle)  # type: ignore[misc]  # (not in typeshed)
        serial = self._ls.timers.pop(handle, 0)
        if serial and self._ls.tracing:
            self._ls.rec.emit(Ev.TIMER_CANCELLED, self._ls.running, serial)

    # -- threads -------------------------------------------------------------------------------
    def run_in_executor(self, executor: concurrent.futures.Executor | None,
                        func: Callable[[Unpack[_Ts]], _T],
                        *args: *_Ts) -> asyncio.Future[_T]:
        fut = _without_own_frame(super().run_in_executor(executor, func, *args),
                                 "run_in_executor")
        if self._ls.tracing:
            tagged: Any = fut  # (_ls_wait: the loop's own field, unknown to the type)
            tagged._ls_wait = (Wait.THREAD, 0,
                            self._ls.rec.intern(f"run_in_executor({_callable_name(func)})"))
        return fut

    # -- after a step: what does the task wait for now? ----------------------------------------
    def _ls_after_step(self, task: Any, serial: int) -> None:
        rec = self._ls.rec
        emit = rec.emit
        if task.done():
            emit(Ev.STEP_END, serial, Wait.DONE, 0, 0)
            if task.cancelled():
                emit(Ev.TASK_EXITED, serial, Outcome.CANCELLED, 0)
            else:
                exc = task._exception
                if exc is None:
                    emit(Ev.TASK_EXITED, serial, Outcome.OK, 0)
                else:
                    text = f"{type(exc).__name__}: {exc}".rstrip(": ")
                    emit(Ev.TASK_EXITED, serial, Outcome.ERROR, rec.intern(text))
            return
        waiter = task._fut_waiter
        if waiter is None:
            emit(Ev.STEP_END, serial, Wait.READY, 0, 0)
            return
        emit(Ev.STEP_END, serial, *self._ls_wait_for(task, waiter))

    def _ls_wait_for(self, task: Any, waiter: Any) -> tuple[int, int, int]:
        """(Wait, detail, c) for a task suspended on ``waiter``."""
        wait: tuple[int, int, int] | None = getattr(waiter, "_ls_wait", None)
        if wait is not None:
            return wait
        if isinstance(waiter, _Task):
            return (Wait.TASK, getattr(waiter, "_ls_serial", 0), 0)
        if type(waiter) is _Future:
            inner = _shielded(waiter)
            if inner is not None:  # what the shield protects is what the task waits for
                inner_wait: tuple[int, int, int] | None = getattr(inner, "_ls_wait", None)
                if inner_wait is not None:
                    return inner_wait
                if isinstance(inner, _Task):
                    return (Wait.TASK, getattr(inner, "_ls_serial", 0), 0)
                waiter = inner
        kind, detail, name = self._ls_name_wait(task, waiter)
        return (kind, detail, self._ls.rec.intern(name))

    def set_slow_step_threshold(self, seconds: float) -> None:
        """Steps and callbacks longer than this are recorded as SLOW_STEP (default 100 ms)."""
        if seconds <= 0:
            raise ValueError("the slow-step threshold must be > 0 seconds")
        self._ls.slow_ns = int(seconds * 1e9)

    def _ls_slow(self, serial: int, elapsed: int, task: Any, callback: Any) -> None:
        """Record a slow step with the source line where it ended (or the callback's code)."""
        site = "?"
        if task is not None:
            frame = _user_frame(task) if not task.done() else None
            code = getattr(task.get_coro(), "cr_code", None)
            if frame is not None:  # suspended: the user's await that ended the long step
                site = f"{frame.f_code.co_filename}:{frame.f_lineno}"
            elif code is not None:
                site = f"{code.co_filename}:{code.co_firstlineno}"
        else:
            code = getattr(getattr(callback, "__func__", callback), "__code__", None)
            if code is not None:
                site = f"{code.co_filename}:{code.co_firstlineno}"
        rec = self._ls.rec
        rec.emit(Ev.SLOW_STEP, serial, elapsed, rec.intern(site), self._ls.slow_ns)

    def _ls_name_wait(self, task: Any, waiter: Any) -> tuple[int, int, str]:
        """Name a generic future by the frame that awaits it (and find an fd behind streams)."""
        if type(waiter) is not _Future:
            name = type(waiter).__name__.lstrip("_")
            return (Wait.FUTURE, 0, "gather" if name == "GatheringFuture" else name)
        frame = _frame_of(_innermost_coroutine(task))
        if frame is None:
            return (Wait.FUTURE, 0, "Future")
        return _name_by_frame(frame)

    def create_future(self) -> asyncio.Future[Any]:
        future: Any
        if self._debug:  # (a debug future records the stack that made it: as the stock one)
            future = _without_own_frame(_stock_create_future(self), "create_future")
        else:
            future = _Future(loop=self)  # (the stock method's body)
        if self._ls.tracing:
            frame = sys._getframe(1)
            if frame.f_code in _NAMED_AT_CREATION:
                kind, detail, name = _name_by_frame(frame)
                future._ls_wait = (kind, detail, self._ls.rec.intern(name))
        return cast(asyncio.Future[Any], future)

    # -- the loop iteration, as units ----------------------------------------------------------
    def _run_once(self) -> None:
        ls = self._ls
        gate = ls.gate
        if not ls.tracing and gate.open and ls.max_timeout is None:
            return _stock_run_once(self)

        # --- purge cancelled timers (stock) ---
        scheduled = self._scheduled
        sched_count = len(scheduled)
        if (sched_count > _MIN_SCHEDULED_TIMER_HANDLES and
                self._timer_cancelled_count / sched_count >
                _MIN_CANCELLED_TIMER_HANDLES_FRACTION):
            new_scheduled = []
            for handle in scheduled:
                if handle._cancelled:
                    handle._scheduled = False
                else:
                    new_scheduled.append(handle)
            heapq.heapify(new_scheduled)
            self._scheduled = scheduled = new_scheduled
            self._timer_cancelled_count = 0
        else:
            while scheduled and scheduled[0]._cancelled:
                self._timer_cancelled_count -= 1
                handle = heapq.heappop(scheduled)
                handle._scheduled = False

        # --- POLL unit ---
        if not gate.open:
            gate.wait(Unit.POLL, ls.unit + 1, None, self)
            scheduled = self._scheduled
        timeout: float | None = None
        if self._ready or self._stopping:
            timeout = 0
        elif scheduled:
            timeout = scheduled[0]._when - self.time()
            if timeout > MAXIMUM_SELECT_TIMEOUT:
                timeout = MAXIMUM_SELECT_TIMEOUT
            elif timeout < 0:
                timeout = 0
        max_timeout = ls.max_timeout
        if max_timeout is not None and (timeout is None or timeout > max_timeout):
            timeout = max_timeout  # a host that must not block (the Qt host)
        rec = ls.rec
        emit = rec.emit
        tracing = ls.tracing
        ls.unit = unit = ls.unit + 1
        if tracing and timeout == 0 and rec.compiled_ring is not None:
            # A poll that cannot block shows nothing between its BEGIN and its END: the
            # compiled ring takes both as one record (unpacked when drained).
            t0 = _now()
            event_list = self._selector.select(timeout)
            rec.compiled_ring.emit_poll(t0, _now(), unit, len(event_list), ls.backend_sid)
        elif tracing:
            emit(_POLL_BEGIN, 0, -1 if timeout is None else int(timeout * 1e9), unit,
                 ls.backend_sid)
            t0 = _now()
            event_list = self._selector.select(timeout)
            emit(_POLL_END, 0, len(event_list), _now() - t0, ls.backend_sid)
        else:
            event_list = self._selector.select(timeout)
        self._process_events(event_list)
        event_list = None

        # --- TIMER units: due timers move to the ready queue ---
        ready = self._ready
        callbacks = ls.callbacks
        end_time = self.time() + self._clock_resolution
        while scheduled:
            handle = scheduled[0]
            if handle._when >= end_time:
                break
            if not gate.open:
                gate.wait(Unit.TIMER, ls.unit + 1, handle, self)
                scheduled = self._scheduled
                if not scheduled or scheduled[0] is not handle:
                    continue  # the heap changed while paused (a timer was cancelled)
            handle = heapq.heappop(scheduled)
            handle._scheduled = False
            ready.append(handle)
            ls.unit = unit = ls.unit + 1
            if tracing:
                serial = ls.timers.pop(handle, 0)
                when_ns = int(handle._when * 1e9)
                emit(_TIMER_FIRED, 0, serial, _now() - when_ns, unit)
                callbacks[handle] = (serial, _C_TIMER, serial, 0)

        # --- RUN units: the snapshot of the ready queue (stock semantics) ---
        # While no instrument listens, records are appended here directly: a STEP_BEGIN /
        # STEP_END carries the very clock reading the slow-step check uses (no emit() call,
        # two clock reads per step instead of four). With instruments, emit_at dispatches.
        direct = rec.direct_writer()
        if direct is not None:
            append, next_seq = direct
        emit_at = rec.emit_at
        names = ls.names
        unnamed = ls.unnamed
        named_later = ls.named_later
        ntodo = len(ready)
        accel = ls.accel
        if tracing and accel is not None and not self._debug:
            # The compiled RUN units, while the gate stays open; the loop below goes on from
            # the first handle it left (and waits at the gate there).
            ntodo = accel.run_ready(ntodo, gate)
        # What a handle runs: asyncio's own objects, read through their private fields.
        callback: Any
        owner: Any
        waiter: Any
        for _ in range(ntodo):
            handle = ready.popleft()
            if handle._cancelled:
                if tracing:
                    info = callbacks.pop(handle, None)
                    emit(_HANDLE_SKIPPED, 0, info[0] if info else 0)
                continue
            if not gate.open:
                # While paused, hold nothing of the handle that ran last (stock semantics: a
                # task nobody else holds is freed as soon as its handle is let go).
                callback = owner = waiter = None
                gate.wait(Unit.RUN, ls.unit + 1, handle, self)
                if handle._cancelled:  # cancelled while we were paused
                    info = callbacks.pop(handle, None)
                    emit(_HANDLE_SKIPPED, 0, info[0] if info else 0)
                    continue
            ls.unit = unit = ls.unit + 1
            run = self._ls_run_debug if self._debug else _run_handle
            if not tracing:
                run(handle)
                continue
            callback = handle._callback
            owner = getattr(callback, "__self__", None)
            if (owner.__class__ in _TASK_TYPES or isinstance(owner, _Task)) \
                    and (callback.__class__ is _step_wrapper or _is_task_step(callback)):
                serial = getattr(owner, "_ls_serial", 0) or self._ls_register(owner)
                ls.running = serial
                ls.cause = (_C_TASK, serial, 0)
                if serial in unnamed:
                    self._ls_check_name(owner, serial)
                t0 = _now()
                if direct is not None:
                    append((next_seq(), t0, _STEP_BEGIN, serial, unit, 0, 0))
                else:
                    emit_at(t0, _STEP_BEGIN, serial, unit)
                try:
                    run(handle)
                finally:
                    ls.running = 0
                # The common after-step cases inline (a bare yield, a recorded wait, a task);
                # the rest (done, generic futures) in _ls_after_step.
                waiter = owner._fut_waiter
                end: tuple[int, int, int] | None = None
                if waiter is None:
                    if not owner.done():
                        end = (_W_READY, 0, 0)
                else:
                    end = getattr(waiter, "_ls_wait", None)
                    if end is None and waiter.__class__ in _TASK_TYPES:
                        end = (_W_TASK, getattr(waiter, "_ls_serial", 0), 0)
                if end is None:
                    self._ls_after_step(owner, serial)
                    t1 = _now()
                elif direct is not None:
                    t1 = _now()
                    append((next_seq(), t1, _STEP_END, serial, *end))
                else:
                    t1 = _now()
                    emit_at(t1, _STEP_END, serial, *end)
                if t1 - t0 > ls.slow_ns:
                    self._ls_slow(serial, t1 - t0, owner, None)
            else:
                info = callbacks.pop(handle, None)
                if info is None:
                    hserial = 0
                    ls.cause = _NO_CAUSE
                else:
                    hserial = info[0]
                    # A callback passes on the cause that scheduled it (fd N readable, timer k,
                    # thread T): whatever it wakes was woken by that.
                    ls.cause = info[1:]
                name = getattr(callback, "__qualname__", None)
                sid = names.get(name) if name.__class__ is str else None
                if sid is None:
                    sid = self._ls_callback_sid(callback)
                t0 = _now()
                if direct is not None:
                    append((next_seq(), t0, _CALLBACK_BEGIN, 0, hserial, sid, unit))
                    run(handle)
                    t1 = _now()
                    append((next_seq(), t1, _CALLBACK_END, 0, hserial, 0, 0))
                else:
                    emit_at(t0, _CALLBACK_BEGIN, 0, hserial, sid, unit)
                    run(handle)
                    t1 = _now()
                    emit_at(t1, _CALLBACK_END, 0, hserial)
                if t1 - t0 > ls.slow_ns:
                    self._ls_slow(0, t1 - t0, None, callback)
            ls.cause = _OUTSIDE
            if named_later:  # (3.11 only: see create_task)
                self._ls_name_later()
        handle = None  # Needed to break cycles when an exception occurs.

    def _ls_callback_sid(self, callback: Any) -> int:
        """The string id of a callback's name, remembered by its qualname (one intern per
        name, not per run)."""
        ls = self._ls
        sid = ls.rec.intern(_callable_name(callback))
        name = getattr(callback, "__qualname__", None)
        if name.__class__ is str:
            ls.names[name] = sid
        return sid

    def _ls_run_debug(self, handle: events.Handle | None) -> None:
        """Run one handle the way stock _run_once does in debug mode (slow-callback log)."""
        try:
            assert handle is not None
            self._current_handle = handle
            t0 = self.time()
            handle._run()
            dt = self.time() - t0
            if dt >= self.slow_callback_duration:
                # (looked up when used, as the stock loop does: tests patch the logger)
                _asyncio_base.logger.warning("Executing %s took %.3f seconds",
                                             _asyncio_base._format_handle(handle), dt)
        finally:
            self._current_handle = None
            # The stock loop runs the handle inside _run_once, which rebinds ``handle`` to the
            # next one; this frame ends instead, and outlives its call whenever a traceback
            # links back to it (a task's exception does: its coroutine's frame -> Handle._run
            # -> here). Holding the handle would keep the task alive, and asyncio reports an
            # exception nobody retrieved only when the task is freed.
            handle = None


_stock_process_events: Callable[[Any, list[Any]], None] = \
    _asyncio_selector.BaseSelectorEventLoop._process_events


class TracedSelectorLoop(TracingLoopMixin, asyncio.SelectorEventLoop):
    """A SelectorEventLoop (epoll / kqueue / poll / select) that records every scheduling
    event and can be single-stepped."""

    _remove_reader: Callable[[Any], bool]
    _remove_writer: Callable[[Any], bool]

    # -- fds -----------------------------------------------------------------------------------
    def _add_reader(self, fd: Any, callback: Any, *args: Any) -> events.Handle:
        handle: events.Handle = _without_own_frame(
            super()._add_reader(fd, callback, *args),  # type: ignore[misc]  # (not in typeshed)
            "_add_reader")
        if args and isinstance(args[0], _Future):  # sock_recv, sock_accept, ...
            future: Any = args[0]  # (_ls_wait: the loop's own field, unknown to the type)
            future._ls_wait = (Wait.FD_READ, fd if isinstance(fd, int) else fd.fileno(),
                                self._ls.rec.intern(_callable_name(callback)))
        return handle

    def _add_writer(self, fd: Any, callback: Any, *args: Any) -> events.Handle:
        handle: events.Handle = _without_own_frame(
            super()._add_writer(fd, callback, *args),  # type: ignore[misc]  # (not in typeshed)
            "_add_writer")
        if args and isinstance(args[0], _Future):  # sock_sendall, sock_connect, ...
            future: Any = args[0]  # (_ls_wait: the loop's own field, unknown to the type)
            future._ls_wait = (Wait.FD_WRITE, fd if isinstance(fd, int) else fd.fileno(),
                                self._ls.rec.intern(_callable_name(callback)))
        return handle

    def _process_events(self, event_list: list[Any]) -> None:
        ls = self._ls
        if not ls.tracing:
            return _stock_process_events(self, event_list)
        emit = ls.rec.emit
        for key, mask in event_list:
            fileobj, (reader, writer) = key.fileobj, key.data
            fd = key.fd
            emit(_FD_EVENT, 0, fd, mask)
            if mask & EVENT_READ and reader is not None:
                if reader._cancelled:
                    self._remove_reader(fileobj)
                else:
                    ls.cause = (_C_FD, fd, EVENT_READ)
                    self._add_callback(reader)
            if mask & EVENT_WRITE and writer is not None:
                if writer._cancelled:
                    self._remove_writer(fileobj)
                else:
                    ls.cause = (_C_FD, fd, EVENT_WRITE)
                    self._add_callback(writer)
        ls.cause = _OUTSIDE
        return None
