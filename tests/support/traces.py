"""Helpers for tests that assert exact event sequences of real recorded runs.

``task_sequence`` turns the raw records of one task into readable tokens independently of
the reducer, so the two check each other.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from app.runtime.factory import new_loop
from app.runtime.recorder import Recorder
from app.trace.events import Cause, Ev, Event, Outcome, Wait


def record(main: Callable[[], Coroutine[Any, Any, Any]], backend: str = "auto",
           **kwargs: Any) -> tuple[Any, list[Event], Recorder]:
    """Run ``main()`` to completion on a fresh traced loop; return (result, events, recorder)."""
    loop = new_loop(backend, **kwargs)
    try:
        result = loop.run_until_complete(main())
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()
    rec = loop.recorder
    return result, [Event.of(r) for r in rec.drain()], rec


def serial_of(rec: Recorder, name: str) -> int:
    matches = [s for s, info in rec.tasks.items() if info.name == name]
    assert len(matches) == 1, f"{len(matches)} tasks named {name!r}: {rec.tasks}"
    return matches[0]


def _name(rec: Recorder, serial: int) -> str:
    info = rec.tasks.get(serial)
    return info.name if info else f"#{serial}"


def cause_text(rec: Recorder, cause: int, detail: int, mask: int) -> str:
    if cause == Cause.FD:
        return f"fd {detail} {'readable' if mask == 1 else 'writable'}"
    if cause == Cause.TASK:
        return f"task {_name(rec, detail)}"
    if cause == Cause.THREAD:
        return "thread"
    return Cause(cause).name.lower()


def wait_text(rec: Recorder, wait: int, detail: int, c: int) -> str:
    if wait == Wait.FD_READ:
        return f"fd-read {detail}"
    if wait == Wait.FD_WRITE:
        return f"fd-write {detail}"
    if wait == Wait.TIMER:
        return "timer"
    if wait == Wait.TASK:
        return f"task {_name(rec, detail)}"
    return f"{Wait(wait).name.lower()} {rec.strings[c]}"


def task_sequence(rec: Recorder, events: list[Event], serial: int) -> list[str]:
    """spawned → ready(spawn) → running → registered(fd-read 7) → ready(fd 7 readable) → …"""
    out: list[str] = []
    for e in events:
        if e.task != serial:
            continue
        if e.kind == Ev.TASK_SPAWNED:
            out.append("spawned")
        elif e.kind == Ev.TASK_READY:
            out.append(f"ready({cause_text(rec, e.a, e.b, e.c)})")
        elif e.kind == Ev.STEP_BEGIN:
            out.append("running")
        elif e.kind == Ev.STEP_END and e.a not in (Wait.READY, Wait.DONE):
            out.append(f"registered({wait_text(rec, e.a, e.b, e.c)})")
        elif e.kind == Ev.TASK_EXITED:
            if e.a == Outcome.ERROR:
                out.append(f"done(error: {rec.strings[e.b]})")
            else:
                out.append(f"done({Outcome(e.a).name.lower()})")
    return out


def kinds(events: list[Event]) -> list[str]:
    return [e.kind.name for e in events]
