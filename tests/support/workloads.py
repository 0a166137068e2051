"""Helpers for the workload tests: run a sample either way and look at what was recorded."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from app.runtime.factory import new_loop
from app.runtime.preemptive.run import by_time, run_preemptive
from app.runtime.recorder import Recorder
from app.trace.events import Cause, Ev, Event, Wait
from app.workloads import registry

#: Small parameters: every sample, both versions, in well under a second.
SMALL: dict[str, dict[str, Any]] = {
    "timers": {"tasks": 3, "interval_ms": 10, "rounds": 3},
    "tcp-echo": {"clients": 2, "messages": 3, "payload": 32, "think_ms": 1},
    "udp-ping": {"clients": 2, "pings": 3, "interval_ms": 1},
    "stream-fanout": {"subscribers": 2, "lines": 200, "line_bytes": 128, "slow_ms": 0.5},
    "cpu-hog": {"hog_ms": 30, "hogs": 2, "tickers": 2, "tick_ms": 5},
    "producer-consumer": {"producers": 2, "consumers": 2, "items": 10, "maxsize": 2,
                          "produce_ms": 0, "consume_ms": 1},
    "db-user-lookup": {"users": 5, "lookups": 8, "invalid_percent": 25},
    "executor": {"jobs": 4, "workers": 2, "job_ms": 5, "tick_ms": 5},
    "server-under-load": {"clients": 2, "messages": 4, "think_ms": 2, "hog_ms": 20,
                          "hog_pause_ms": 5, "tick_ms": 5},
}
NAMES = list(SMALL)


def run_cooperative(name: str, params: dict[str, Any] | None = None,
                    ) -> tuple[Any, list[Event], Recorder]:
    """Run a sample's cooperative version to the end on a fresh traced loop."""
    workload = registry.get(name)
    values = workload.validate(params)
    loop = new_loop()
    try:
        result = loop.run_until_complete(workload.cooperative(**values))
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        loop.close()
    rec = loop.recorder
    return result, [Event.of(r) for r in rec.drain()], rec


def run_threads(name: str, params: dict[str, Any] | None = None,
                **kwargs: Any) -> tuple[Any, list[Event], Recorder]:
    """Run a sample's preemptive version; its events in time order."""
    rec = Recorder()
    result = run_preemptive(registry.get(name), params, rec, **kwargs)
    return result, [Event.of(r) for r in by_time(rec.drain())], rec


def waits(events: list[Event], rec: Recorder) -> set[str]:
    """``{"TIMER", "FD_READ", "FUTURE Queue.get", "THREAD aiosqlite worker", ...}``:
    every reason a task (or thread) was registered / blocked for."""
    out: set[str] = set()
    for e in events:
        if e.kind == Ev.STEP_END and e.a not in (Wait.READY, Wait.DONE):
            kind = Wait(e.a).name
            out.add(kind)
            if e.a in (Wait.FUTURE, Wait.THREAD, Wait.CALL):
                out.add(f"{kind} {rec.strings[e.c]}")
    return out


def causes(events: list[Event]) -> set[Cause]:
    return {Cause(e.a) for e in events if e.kind == Ev.TASK_READY}


def running_intervals(events: list[Event]) -> list[tuple[int, int, int]]:
    """(begin, end, serial) of every recorded running interval (events in time order)."""
    begun: dict[int, int] = {}
    out: list[tuple[int, int, int]] = []
    for e in events:
        if e.kind == Ev.STEP_BEGIN:
            assert e.task not in begun, f"thread {e.task} began twice without an end"
            begun[e.task] = e.ts
        elif e.kind == Ev.STEP_END:
            assert e.task in begun, f"thread {e.task} ended a step it never began"
            out.append((begun.pop(e.task), e.ts, e.task))
    assert not begun, f"threads still running at the end: {begun}"
    return sorted(out)


def overlaps(intervals: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Pairs of serials whose running intervals overlap (a GIL build allows none)."""
    out = []
    latest_end, latest = 0, 0
    for begin, end, serial in intervals:
        if begin < latest_end and serial != latest:
            out.append((latest, serial))
        if end > latest_end:
            latest_end, latest = end, serial
    return out


def gil_enabled() -> bool:
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else -1


def settled(expected: int, count: Callable[[], int], timeout: float = 10.0) -> int:
    """``count()`` once it equals ``expected`` (or the last value after ``timeout``): a thread
    that was joined may take a moment to leave ``threading.enumerate`` (on a busy machine,
    as long as it waits for a core)."""
    end = time.monotonic() + timeout
    value = count()
    while value != expected and time.monotonic() < end:
        time.sleep(0.01)
        value = count()
    return value


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Return once ``condition()`` holds; fail after ``timeout`` (a wait that long is a
    hang, not a slow machine). For what the code under test does not signal."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.001)


def thread_count() -> int:
    return threading.active_count()
