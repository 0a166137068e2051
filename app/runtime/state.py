"""The traced loop's own state, and the part of it a backend sees.

The loop keeps everything it adds to asyncio in one :class:`TraceState` (``loop._ls``). Its
backend (the tracing selector or IOCP proactor that the loop waits on) is handed the same
object when the loop attaches to it, and reads from it only what :class:`BackendView`
names: whether recording is on, the recorder, the task whose step is running, and (IOCP,
whose completions wake tasks inside its own poll) the cause of the next wake-up.
"""

from __future__ import annotations

from asyncio import events
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from app.runtime.gate import Gate
from app.runtime.recorder import Recorder


class BackendView(Protocol):
    """What a backend reads of (and, for ``cause``, writes to) the loop it serves."""

    tracing: bool
    rec: Recorder
    #: Serial of the task whose step is running (0 = none): who registered an fd.
    running: int
    #: Why the next handle enters the ready queue: (Cause, detail, fd mask).
    cause: tuple[int, int, int]


class TraceState:
    """The traced loop's own state, in ONE instance attribute of the loop (``loop._ls``).

    CPython 3.11-3.13 keeps an instance's attributes in a shared-keys dict only up to 30 keys;
    past that, every ``self._ready``-style load in asyncio's own code takes a slower path. A
    SelectorEventLoop has 24 (26 on 3.13) of its own: eighteen attributes of the loop's own
    make the *stock* code 10-25 % slower (call_soon chain), recording on or off.
    """

    __slots__ = ("accel", "backend_name", "backend_sid", "callbacks", "cause", "eager_coro",
                 "eager_t0", "gate", "handle_seq", "max_timeout", "named_later", "names",
                 "pending_name", "rec", "running", "slow_ns", "task_seq", "timers", "tracing",
                 "unit", "unnamed")

    rec: Recorder
    gate: Gate
    tracing: bool
    #: The compiled RUN units (an ``app.runtime._accel.Runner``), or None: pure Python.
    accel: Any
    running: int  # serial of the task whose step is running (0 = none)
    cause: tuple[int, int, int]
    unit: int
    handle_seq: Callable[[], int]
    task_seq: Callable[[], int]
    # Plain-callback handles waiting in the ready queue -> (serial, cause, detail, mask).
    # Entries leave when the handle runs or is skipped.
    callbacks: dict[events.Handle, tuple[int, int, int, int]]
    timers: dict[events.TimerHandle, int]
    pending_name: str | None
    eager_t0: int  # set while create_task may run an eager first step (3.12+)
    eager_coro: Coroutine[Any, Any, Any] | None
    unnamed: set[int]  # tasks not yet stepped (name may still change)
    #: 3.11: tasks made by asyncio.create_task(coro, name=...), which names a task only after
    #: loop.create_task returned it; their names are read again when the unit ends.
    named_later: list[Any]
    slow_ns: int  # SLOW_STEP above this (set_slow_step_threshold)
    #: Upper bound for the poll timeout; a host that does the waiting itself sets 0
    #: (see app.runtime.hosted).
    max_timeout: float | None
    backend_name: str
    backend_sid: int
    names: dict[str, int]  # callback qualname -> string id (one intern per name, not per run)
