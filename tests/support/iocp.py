"""Helpers for exact-sequence tests of the traced proactor loop (IOCP, Windows only).

Facts about what the IOCP backend records (app/runtime/backends/iocp.py states them):

- FD_REGISTER = an overlapped operation started on a handle; its ``c`` names the
  ``IocpProactor`` method ("recv", "accept", "send", "connect", "recvfrom", "sendto"...).
- FD_EVENT = its completion packet dequeued by ``GetQueuedCompletionStatus`` (``c`` names the
  operation again), recorded inside the wait, so before that wait's POLL_END; an
  FD_UNREGISTER (``c`` = 0) follows it.
- FD_UNREGISTER with ``c`` = 1 = the operation finished inside the call that started it: no
  packet was waited for, no FD_EVENT exists.
- FD_UNREGISTER with ``c`` = 2 = the operation was cancelled (a task cancelled while it
  waited, a transport closed, the self-pipe's recv at the end of ``run_forever``); no
  FD_EVENT precedes it.

What this means for the tokens here: they speak of operations, not readiness ("start recv
client", "dequeued recv client"), and name handles by role (Windows reuses handle values, and
their numbers say nothing to a reader). A task waiting on an overlapped future is
``registered(recv client)``; woken by its completion, ``ready(recv client completed)``.
Polls that returned no completion are left out of :func:`kernel_sequence`: whether a wait
with timeout 0 already sees a packet the kernel is about to queue is a matter of timing,
while which completions happen, and in what order, is fixed by the workload.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from app.runtime.factory import new_loop
from app.runtime.recorder import Recorder
from app.trace.events import Cause, Ev, Event, Outcome, Wait
from tests.support.traces import cause_text, wait_text


def record_once(main: Callable[[], Coroutine[Any, Any, Any]],
                ) -> tuple[Any, list[Event], Recorder]:
    """Run ``main()`` on a fresh traced IOCP loop with one ``run_until_complete`` (each run of
    a proactor loop starts, and at its end cancels, its own self-pipe recv: one run keeps the
    recording to the workload's)."""
    loop = new_loop("iocp")
    try:
        result = loop.run_until_complete(main())
    finally:
        loop.close()
    rec = loop.recorder
    return result, [Event.of(r) for r in rec.drain()], rec


def self_pipe(events: list[Event]) -> int:
    """The handle of the loop's self-pipe socket (LOOP_INFO's ``a``)."""
    return next(e.a for e in events if e.kind == Ev.LOOP_INFO)


def _op(rec: Recorder, sid: int) -> str:
    return rec.strings[sid]


def kernel_sequence(rec: Recorder, events: list[Event], names: dict[int, str]) -> list[str]:
    """The operations on the named handles, in order: "start recv client", "finished at once
    send server", "dequeued recv client", "ended recv client", "cancelled recv client", and
    "poll returned N" for each wait that dequeued N > 0 completions."""
    out: list[str] = []
    last_op: dict[tuple[int, int], str] = {}  # (handle, mask) -> its latest operation
    dequeued: set[tuple[int, int]] = set()  # (handle, mask) whose FD_EVENT awaits its end
    for e in events:
        if e.kind == Ev.POLL_END:
            if e.a:
                out.append(f"poll returned {e.a}")
            continue
        if e.kind not in (Ev.FD_REGISTER, Ev.FD_EVENT, Ev.FD_UNREGISTER) or e.a not in names:
            continue
        name = names[e.a]
        if e.kind == Ev.FD_REGISTER:
            last_op[e.a, e.b] = _op(rec, e.c)
            out.append(f"start {_op(rec, e.c)} {name}")
        elif e.kind == Ev.FD_EVENT:
            last_op[e.a, e.b] = _op(rec, e.c)
            dequeued.add((e.a, e.b))
            out.append(f"dequeued {_op(rec, e.c)} {name}")
        elif e.c == 1:
            out.append(f"finished at once {last_op[e.a, e.b]} {name}")
        elif e.c == 2:
            out.append(f"cancelled {last_op[e.a, e.b]} {name}")
        else:
            assert (e.a, e.b) in dequeued, f"an operation ended with no packet: {e}"
            dequeued.discard((e.a, e.b))
            out.append(f"ended {last_op[e.a, e.b]} {name}")
    return out


def task_sequence(rec: Recorder, events: list[Event], serial: int,
                  names: dict[int, str]) -> list[str]:
    """Like tests.support.traces.task_sequence, in completion words for the named handles:
    spawned → ready(spawn) → running → registered(recv client) → ready(recv client
    completed) → running → done(ok)."""
    out: list[str] = []
    dequeued: dict[tuple[int, int], str] = {}  # (handle, mask) -> latest dequeued operation
    for e in events:
        if e.kind == Ev.FD_EVENT:
            dequeued[e.a, e.b] = _op(rec, e.c)
        if e.task != serial:
            continue
        if e.kind == Ev.TASK_SPAWNED:
            out.append("spawned")
        elif e.kind == Ev.TASK_READY:
            if e.a == Cause.FD and e.b in names:
                out.append(f"ready({dequeued[e.b, e.c]} {names[e.b]} completed)")
            else:
                out.append(f"ready({cause_text(rec, e.a, e.b, e.c)})")
        elif e.kind == Ev.STEP_BEGIN:
            out.append("running")
        elif e.kind == Ev.STEP_END and e.a not in (Wait.READY, Wait.DONE):
            if e.a in (Wait.FD_READ, Wait.FD_WRITE) and e.b in names:
                out.append(f"registered({_op(rec, e.c)} {names[e.b]})")
            else:
                out.append(f"registered({wait_text(rec, e.a, e.b, e.c)})")
        elif e.kind == Ev.TASK_EXITED:
            if e.a == Outcome.ERROR:
                out.append(f"done(error: {rec.strings[e.b]})")
            else:
                out.append(f"done({Outcome(e.a).name.lower()})")
    return out


def polls(events: list[Event]) -> list[tuple[Event, list[Event], Event]]:
    """Every wait as (POLL_BEGIN, the events recorded inside it, POLL_END)."""
    out: list[tuple[Event, list[Event], Event]] = []
    begin: Event | None = None
    inside: list[Event] = []
    for e in events:
        if e.kind == Ev.POLL_BEGIN:
            assert begin is None, f"POLL_BEGIN inside a poll: {e}"
            begin, inside = e, []
        elif e.kind == Ev.POLL_END:
            assert begin is not None, f"POLL_END outside a poll: {e}"
            out.append((begin, inside, e))
            begin = None
        elif begin is not None:
            inside.append(e)
    return out
