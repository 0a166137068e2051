"""The gate: pause, step exact units, step an iteration, step until, really block in POLL."""

from __future__ import annotations

import asyncio
import socket
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from app.runtime.factory import loop_factory, new_loop
from app.runtime.gate import Gate, UnitInfo
from app.runtime.recorder import Recorder
from app.trace.events import UNIT_KINDS, Ev, Event, Unit, unit_number

TIMEOUT = 10
#: The loop the gate is stepped on. These tests assert exact unit sequences (POLL, then each
#: ready handle). On Windows that is the ``select`` loop: the default ProactorEventLoop (iocp)
#: runs its own ``_loop_self_reading`` callback as an extra RUN unit at the start of every
#: ``run_forever``, which shifts each sequence; tests/runtime/test_sequences_iocp.py asserts
#: IOCP's own sequences.
STEP_BACKEND = "select" if sys.platform == "win32" else "auto"
#: A selector backend other than the default, for the Runner test (Windows has no poll()).
OTHER_BACKEND = "select" if sys.platform == "win32" else "poll"
#: The backends the gate's contract (n units per step, a poll that really blocks) is checked
#: on: the selector loop everywhere, and on Windows the proactor (IOCP) as well.
GATED = [STEP_BACKEND, *(["iocp"] if sys.platform == "win32" else [])]


@contextmanager
def paused_loop(main: Callable[[], Coroutine[Any, Any, Any]],
                backend: str = STEP_BACKEND) -> Iterator[tuple[Any, Gate]]:
    """A traced loop running ``main`` on its own thread, paused before its first unit."""
    gate = Gate(paused=True)
    loop = new_loop(backend, gate=gate)
    done = threading.Event()
    outcome: list[Any] = []

    def engine() -> None:
        try:
            outcome.append(loop.run_until_complete(main()))
        except BaseException as exc:  # report in the test thread
            outcome.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=engine, name="engine", daemon=True)
    thread.start()
    try:
        yield loop, gate
    finally:
        gate.release()
        assert done.wait(TIMEOUT), "the loop did not finish after release()"
        thread.join(TIMEOUT)
        loop.close()
        if outcome and isinstance(outcome[0], BaseException):
            raise outcome[0]


def units(events: list[Event], rec: Recorder) -> list[str]:
    """The unit sequence: 'POLL', 'TIMER', 'RUN <task name>' or 'RUN <callback>'."""
    out = []
    for e in events:
        kind = UNIT_KINDS.get(e.kind)
        if kind is None:
            continue
        if e.kind == Ev.STEP_BEGIN:
            info = rec.tasks[e.task]  # unnamed tasks (Task-N, N global) by their coroutine
            name = info.coro.rsplit(".", 1)[-1] if info.name.startswith("Task-") else info.name
            out.append(f"RUN {name}")
        elif e.kind == Ev.CALLBACK_BEGIN:
            out.append(f"RUN {rec.strings[e.b]}")
        else:
            out.append(kind.name)
    return out


def drain(loop: Any) -> list[Event]:
    return [Event.of(r) for r in loop.recorder.drain()]


async def three_yielders() -> None:
    async def worker() -> None:
        for _ in range(2):
            await asyncio.sleep(0)

    await asyncio.gather(*(asyncio.create_task(worker(), name=f"w{i}") for i in range(3)))


EXPECTED_UNITS = [
    "POLL", "RUN three_yielders",
    "POLL", "RUN w0", "RUN w1", "RUN w2",
    "POLL", "RUN w0", "RUN w1", "RUN w2",
    "POLL", "RUN w0", "RUN w1", "RUN w2",
    "POLL", "RUN gather.<locals>._done_callback", "RUN gather.<locals>._done_callback",
    "RUN gather.<locals>._done_callback",
    "POLL", "RUN three_yielders",
    "POLL", "RUN _run_until_complete_cb",
]


@pytest.mark.parametrize("backend", GATED)
def test_step_n_runs_exactly_n_units_and_nothing_else(backend: str) -> None:
    with paused_loop(three_yielders, backend) as (loop, gate):
        time.sleep(0.05)  # a paused loop does not advance, however long we wait
        assert [e for e in drain(loop) if e.kind in UNIT_KINDS] == []
        assert gate.waiting == UnitInfo(Unit.POLL, 1, 0, "")
        seen: list[Event] = []
        for n in (1, 3, 5):
            stopped_before = gate.step(n).result(TIMEOUT)
            batch = drain(loop)
            opened = [e for e in batch if e.kind in UNIT_KINDS]
            assert len(opened) == n
            # Paused again, before the next unit: nothing after the last unit's own events.
            assert stopped_before is not None and stopped_before == gate.waiting
            last = opened[-1]
            assert stopped_before.number == unit_number(last.kind, last.a, last.b, last.c) + 1
            seen += batch
        if backend == STEP_BACKEND:  # (the proactor's own self-pipe read shifts the list)
            assert units(seen, loop.recorder) == EXPECTED_UNITS[:9]


def test_the_unit_sequence_is_the_same_on_every_interpreter() -> None:
    # The same list is asserted on 3.11 and 3.13 in CI (and on 3.12 here).
    with paused_loop(three_yielders) as (loop, gate):
        gate.step(len(EXPECTED_UNITS)).result(TIMEOUT)
        events = drain(loop)
        assert units(events, loop.recorder) == EXPECTED_UNITS


def test_step_iteration_stops_before_the_next_poll() -> None:
    with paused_loop(three_yielders) as (loop, gate):
        gate.step(2).result(TIMEOUT)  # POLL, RUN three_yielders
        drain(loop)
        info = gate.step_iteration().result(TIMEOUT)
        assert info is not None and info.kind is Unit.POLL
        assert units(drain(loop), loop.recorder) == ["POLL", "RUN w0", "RUN w1", "RUN w2"]


def test_step_until_next_unit_of_a_task() -> None:
    with paused_loop(three_yielders) as (loop, gate):
        gate.step(3).result(TIMEOUT)  # POLL, RUN three_yielders, POLL
        rec = loop.recorder
        drain(loop)
        # Spawned in order w0, w1, w2 (on 3.11 their names arrive with their first step).
        w2 = max(rec.tasks)
        gate.step_until(lambda unit: unit.task == w2).result(TIMEOUT)
        assert units(drain(loop), rec) == ["RUN w0", "RUN w1", "RUN w2"]


def test_paused_poll_really_blocks_until_the_deadline() -> None:
    async def main() -> None:
        await asyncio.sleep(0.15)

    with paused_loop(main) as (loop, gate):
        gate.step(2).result(TIMEOUT)  # POLL, RUN main (arms the 150 ms timer)
        armed = next(e for e in drain(loop) if e.kind == Ev.TIMER_ADDED)
        gate.step(1).result(TIMEOUT)  # the POLL: nothing ready, so epoll_wait blocks
        events = drain(loop)
        poll_begin = next(e for e in events if e.kind == Ev.POLL_BEGIN)
        poll_end = next(e for e in events if e.kind == Ev.POLL_END)
        # Blocked for the whole time left until the timer's deadline (however long this
        # test took to get here), released by the deadline, no fd.
        assert poll_begin.a > 0
        assert poll_end.a == 0 and poll_end.b >= poll_begin.a
        assert poll_end.ts >= armed.b


@pytest.mark.parametrize("backend", GATED)
def test_a_blocked_poll_is_released_by_io_and_can_be_interrupted(backend: str) -> None:
    a, b = socket.socketpair()
    a.setblocking(False)

    async def main() -> bytes:
        return await asyncio.get_running_loop().sock_recv(a, 10)

    try:
        with paused_loop(main, backend) as (loop, gate):
            # POLL, RUN main (registers a for reading; IOCP: starts a WSARecv on it). The
            # proactor first runs its own self-pipe read, a RUN unit of its own.
            gate.step(3 if backend == "iocp" else 2).result(TIMEOUT)
            drain(loop)
            stepped = gate.step(1)
            time.sleep(0.05)
            assert not stepped.done()  # really blocked in epoll_wait, no timeout
            loop.interrupt()  # the self-pipe releases it
            stepped.result(TIMEOUT)
            events = drain(loop)
            fired = [e.a for e in events if e.kind == Ev.FD_EVENT]
            assert fired == [loop.self_pipe_fd()]
            b.send(b"ping")  # released by real I/O on the socket
            gate.step_until(lambda unit: unit.kind is Unit.POLL and unit.number > 4)
            deadline = time.monotonic() + TIMEOUT
            while not any(e.kind == Ev.FD_EVENT and e.a == a.fileno() for e in events):
                assert time.monotonic() < deadline
                time.sleep(0.01)
                events += drain(loop)
    finally:
        a.close()
        b.close()


@pytest.mark.skipif(sys.version_info < (3, 12), reason="asyncio.run(loop_factory=) is 3.12+")
def test_works_with_asyncio_run_loop_factory() -> None:
    rec = Recorder()

    async def main() -> int:
        await asyncio.sleep(0)
        return 7

    assert asyncio.run(main(), loop_factory=loop_factory(recorder=rec)) == 7
    assert any(e[2] == Ev.TASK_EXITED for e in rec.drain())


def test_works_with_asyncio_runner() -> None:
    rec = Recorder()

    async def main() -> int:
        await asyncio.sleep(0)
        return 8

    with asyncio.Runner(loop_factory=loop_factory(OTHER_BACKEND, recorder=rec)) as runner:
        assert runner.run(main()) == 8
    assert any(e[2] == Ev.TASK_EXITED for e in rec.drain())
