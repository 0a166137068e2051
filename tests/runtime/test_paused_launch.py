"""A command sent to a paused engine enters the ready queue without waking the loop: the
self-pipe is not written while the gate holds the loop thread, so LoopScope's own machinery
is never the first thing a stepped poll returns."""

from __future__ import annotations

import sys

from app.runtime.engine import Engine
from app.runtime.gate import UnitInfo
from app.trace.events import Cause, Control, Ev, Event, Outcome, Unit, Wait

TIMEOUT = 10
#: A selector loop (IOCP's proactor runs an extra self-reading unit of its own).
BACKEND = "select" if sys.platform == "win32" else "epoll"
ANY = object()  # a measured duration: not compared


async def answer() -> int:
    return 42


def _sequence(events: list[Event], strings: list[str]) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for e in events:
        a, b, c = e.a, e.b, e.c
        if e.kind == Ev.POLL_END:
            b = ANY  # type: ignore[assignment]
        if e.kind == Ev.CALLBACK_BEGIN:
            b = strings[b]  # type: ignore[assignment]
        out.append((e.kind.name, a, b, c) if e.kind not in (Ev.LOOP_INFO, Ev.FD_REGISTER,
                                                            Ev.TASK_SPAWNED, Ev.CONTROL)
                   else (e.kind.name, a))
    return out


def test_a_launch_into_a_paused_engine_writes_no_self_pipe() -> None:
    engine = Engine(BACKEND)
    engine.start(paused=True)  # answers once the gate holds the loop, before its first unit
    try:
        assert engine.gate.waiting == UnitInfo(Unit.POLL, 1, 0, "")
        launch = engine.launch_coroutine("answer", answer)
        while not launch.result.done():
            engine.step(1).result(TIMEOUT)
        assert launch.result.result(TIMEOUT) == 42
        loop = engine.loop
        assert loop is not None
        pipe = loop.self_pipe_fd()
        events = [Event.of(r) for r in engine.recorder.drain()]
        strings = engine.recorder.strings
    finally:
        assert engine.stop()
    assert not any(e.kind == Ev.FD_EVENT for e in events)  # the self-pipe never fired
    step = int(Control.STEP)
    sid = next(e.c for e in events if e.kind == Ev.POLL_BEGIN)  # the backend's name
    assert [s for s in _sequence(events, strings) if s != ("CONTROL", step)] == [
        ("FD_REGISTER", pipe), ("LOOP_INFO", pipe),
        ("CONTROL", int(Control.LAUNCH)),
        ("CALLBACK_READY", 1, int(Cause.CONTROL), int(Control.LAUNCH)),
        # The first poll: the launch waits in the ready queue, so the timeout is 0 and the
        # poll returns nothing (no self-pipe event, no _read_from_self).
        ("POLL_BEGIN", 0, 1, sid), ("POLL_END", 0, ANY, sid),
        ("CALLBACK_BEGIN", 1, "Engine.call.<locals>.run", 2),
        ("TASK_SPAWNED", 0), ("TASK_READY", int(Cause.SPAWN), 0, 0), ("CALLBACK_END", 1, 0, 0),
        ("POLL_BEGIN", 0, 3, sid), ("POLL_END", 0, ANY, sid),
        ("STEP_BEGIN", 4, 0, 0), ("CALLBACK_READY", 2, int(Cause.TASK), 1),
        ("STEP_END", int(Wait.DONE), 0, 0), ("TASK_EXITED", int(Outcome.OK), 0, 0),
        ("POLL_BEGIN", 0, 5, sid), ("POLL_END", 0, ANY, sid),
        ("CALLBACK_BEGIN", 2, "Engine.launch_coroutine.<locals>.create.<locals>.finished", 6),
        ("CALLBACK_END", 2, 0, 0),
    ]


def test_a_paused_engine_starts_without_waiting() -> None:
    """start(paused=True) answers when the gate holds the loop (it used to wait 5 s for a
    callback a paused loop never runs); a command then needs no wake-up to be stepped."""
    engine = Engine(BACKEND)
    engine.start(paused=True)
    try:
        assert engine.loop_held() and engine.running
        done = engine.call(lambda: "ran", Control.LAUNCH)
        assert not done.done()
        engine.step(2).result(TIMEOUT)  # the poll (timeout 0), then the command
        assert done.result(TIMEOUT) == "ran"
    finally:
        assert engine.stop()
