"""The two socket questions, proved on a real loop: "which fds will this epoll_wait return?"
and "socket or timer first?". A peer connects while the loop is held before a POLL, after a
timer became due; the state then decides both answers, and the loop records the same, on
every run. (Lesson 7 asks both on its own scenario; tests/lessons plays it.)"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from app.model.lesson_file import Condition, Lesson, Start, Step, Text
from app.model.lessons import LessonRun, UnitAhead
from app.model.reducer import Reducer
from app.runtime.engine import Engine
from app.runtime.peer import Peer
from app.trace.events import Ev
from app.trace.store import EventStore
from app.trace.text import identity

SAY = Text("…", "…")


def lesson(ask: str) -> Lesson:
    return Lesson("socket-questions", 99, SAY, SAY, Start(workload="test"), (
        Step(SAY, until=Condition("queue")),
        Step(SAY, until=Condition("event", event=int(Ev.POLL_END)), ask=ask),
        Step(SAY),
    ), Path("test.toml"))


async def scene(peer: Peer, armed: threading.Event, addresses: list[Any]) -> None:
    """A server on loopback, a timer due soon, then nothing to do until the peer acts."""
    loop = asyncio.get_running_loop()
    handled = loop.create_future()

    def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()
        if not handled.done():
            handled.set_result(None)

    server = await asyncio.start_server(accepted, "127.0.0.1", 0)
    addresses.append((server.sockets[0].getsockname(), server.sockets[0].fileno()))
    timer = loop.call_later(0.02, lambda: None)
    armed.set()
    try:
        await handled
    finally:
        timer.cancel()
        server.close()
        await server.wait_closed()


@pytest.mark.parametrize("run_number", range(3))
@pytest.mark.parametrize("ask", ["poll_fds", "first_handler"])
def test_the_state_decides_what_the_next_poll_records(ask: str, run_number: int) -> None:
    engine = Engine("epoll")
    engine.start(paused=True)
    store = EventStore.for_recorder(engine.recorder)
    reducer = Reducer(store)
    run = LessonRun(lesson(ask), identity)
    peer = Peer(engine.recorder, 0.0)
    armed = threading.Event()
    addresses: list[Any] = []

    def drain() -> None:
        records = engine.recorder.drain()
        if records:
            begin = len(store)
            store.append(records)
            reducer.apply_until(len(store))
            run.feed(store, begin, len(store), reducer.state())

    def ahead() -> UnitAhead | None:
        unit = engine.gate.waiting
        return None if unit is None else UnitAhead(int(unit.kind), unit.task, unit.callback)

    try:
        engine.launch_coroutine("scene", lambda: scene(peer, armed, addresses))
        drain()
        for _ in range(200):  # until every task waits, the loop held before its POLL
            if run.index == 1:
                break
            while run.own_unit(reducer.state(), ahead()):
                engine.step(1).result(10)
                drain()
            engine.step(1).result(10)
            drain()
        assert run.index == 1 and armed.is_set() and ahead() == UnitAhead(1, 0, "")
        time.sleep(0.05)  # the timer is due now, the loop still held
        (address, listening_fd), = addresses
        done = threading.Event()
        peer.start(lambda p: (p.connect(address, listening_fd), done.set()))
        assert done.wait(10)
        drain()  # the PEER_IO, recorded while the loop is held
        question = run.ask(store, reducer.state(), ahead(), time.monotonic_ns())
        assert question is not None and question.kind == ask
        if ask == "poll_fds":
            assert question.decided == frozenset({listening_fd})
        else:
            assert question.decided == "fd"
        run.answer(question.keys.index(question.decided))
        engine.step(1).result(10)  # the POLL
        drain()
        assert run.verdict is not None
        assert run.verdict.recorded == question.decided and run.verdict.correct
        assert run.index == 2 and run.score == (1, 1)
    finally:
        peer.stop()
        engine.stop()
