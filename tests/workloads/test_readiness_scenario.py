"""The readiness-server scenario on the real loop: stepped one unit at a time it records the
four steps of the readiness flow exactly, with the peer's I/O (PEER_IO) inside the wait it
ends; run freely it finishes; the board's captions follow ① ② ③ ④ on it; the reducer's
``fired`` names what the next wait returns."""

from __future__ import annotations

import inspect
import sys
import threading
from typing import Any

import pytest

from app.model import board as bm
from app.model.reducer import Reducer
from app.runtime.engine import Engine
from app.trace.events import READ, Cause, Control, Ev, Event, Outcome, PeerAction, Record, Wait
from app.trace.store import EventStore
from app.trace.text import Describer
from app.workloads import registry
from app.workloads.scenarios import readiness

SKIP_OFF_LINUX = pytest.mark.skipif(sys.platform != "linux", reason="the scenario is stepped on "
                                "epoll, which only Linux has")

TIMEOUT = 10
MAX_UNITS = 400
SCENARIO = registry.get("readiness-server")
FAST = {"pause_ms": 10}  # the peer's pause after the loop blocked: no test waits on it


#: The line where the scenario's main task awaits the handler's end (its wait names it).
AWAIT_LINE = 1 + next(i for i, line in enumerate(inspect.getsource(readiness).splitlines())
                      if "await finished" in line)


def recorded(paused: bool, params: dict[str, Any] | None = None,
             ) -> tuple[list[Record], EventStore, Any]:
    """Launch the scenario on an epoll engine and run it to its end: stepped one unit at a
    time from a paused start, or freely."""
    engine = Engine("epoll")
    engine.start(paused=paused)
    try:
        launch = engine.launch(SCENARIO, {**FAST, **(params or {})})
        units = 0
        while paused and not launch.result.done():
            assert units < MAX_UNITS, "the scenario did not finish"
            engine.step(1).result(TIMEOUT)
            units += 1
        result = launch.result.result(TIMEOUT)
        records = engine.recorder.drain()
        store = EventStore(list(engine.recorder.strings), dict(engine.recorder.tasks))
        store.append(records)
    finally:
        assert engine.stop()  # the peer's thread is joined, its socket closed
    return records, store, result


def events_of(records: list[Record]) -> list[Event]:
    return [Event.of(r) for r in records]


def normalised(events: list[Event], strings: list[str]) -> list[tuple[object, ...]]:
    """(kind, a, b, c) of each event but the test's own STEP commands, with the fds named
    ("pipe", "listener", "conn"), string ids as their strings and measured times as "ns"."""
    pipe = next(e.a for e in events if e.kind == Ev.LOOP_INFO)
    peer = [e for e in events if e.kind == Ev.PEER_IO]
    names = {pipe: "pipe", peer[0].a: "listener", peer[1].a: "conn"}
    default_names: dict[str, str] = {}

    def fd(value: int) -> object:
        return names.get(value, value)

    out: list[tuple[object, ...]] = []
    for e in events:
        k, a, b, c = e.kind, e.a, e.b, e.c
        if k == Ev.CONTROL and a == Control.STEP:
            continue
        row: tuple[object, ...]
        if k in (Ev.FD_REGISTER, Ev.FD_MODIFY):
            row = (k.name, fd(a), b, strings[c])
        elif k in (Ev.FD_UNREGISTER, Ev.FD_EVENT, Ev.PEER_IO):
            row = (k.name, fd(a), b, c)
        elif k == Ev.LOOP_INFO:
            row = (k.name, "pipe", strings[b])
        elif k in (Ev.POLL_BEGIN, Ev.POLL_END):
            row = (k.name, a, "ns" if k == Ev.POLL_END else b)
        elif k == Ev.CALLBACK_BEGIN:
            row = (k.name, a, strings[b], c)
        elif k == Ev.TASK_SPAWNED:  # asyncio's default names count process-wide: Task-N
            name = strings[c]
            if name.startswith("Task-"):
                name = default_names.setdefault(name, f"Task-{len(default_names) + 1}")
            row = (k.name, e.task, a, name)
        elif k == Ev.TASK_READY and a == Cause.FD:
            row = (k.name, e.task, a, fd(b), c)
        elif k == Ev.STEP_END and a in (Wait.FD_READ, Wait.FD_WRITE):  # b: the fd
            row = (k.name, e.task, a, fd(b))
        elif k == Ev.STEP_END and a in (Wait.FUTURE, Wait.THREAD):  # c: names what it awaits
            row = (k.name, e.task, a, strings[c])
        elif k == Ev.CALLBACK_READY and b == Cause.FD:
            row = (k.name, a, b, fd(c))
        elif k == Ev.CONTROL:
            row = (k.name, a, strings[b])
        else:
            row = (k.name, e.task, a, b, c)
        out.append(row)
    return out


#: One stepped run with the default two messages (CPython 3.11's asyncio: its
#: create_server resolves the address in a task of its own, Task-1).
EXPECTED = [
    ("FD_REGISTER", "pipe", 1, "BaseSelectorEventLoop._read_from_self"),
    ("LOOP_INFO", "pipe", "epoll"),
    ("CONTROL", Control.LAUNCH, "readiness-server"),
    ("CALLBACK_READY", 0, 1, Cause.CONTROL, Control.LAUNCH),
    ("POLL_BEGIN", 0, 1),
    ("POLL_END", 0, "ns"),
    ("CALLBACK_BEGIN", 1, "Engine.call.<locals>.run", 2),
    ("TASK_SPAWNED", 1, 0, "main"),
    ("TASK_READY", 1, 1, 0, 0),
    ("CALLBACK_END", 0, 1, 0, 0),
    ("POLL_BEGIN", 0, 3),
    ("POLL_END", 0, "ns"),
    ("STEP_BEGIN", 1, 4, 0, 0),
    ("TASK_SPAWNED", 2, 1, "Task-1"),
    ("TASK_READY", 2, 1, 1, 0),
    ("STEP_END", 1, Wait.FUTURE, "gather"),
    ("POLL_BEGIN", 0, 5),
    ("POLL_END", 0, "ns"),
    ("STEP_BEGIN", 2, 6, 0, 0),
    ("CALLBACK_READY", 2, 2, 4, 2),
    ("STEP_END", 2, Wait.DONE, 0, 0),
    ("TASK_EXITED", 2, Outcome.OK, 0, 0),
    ("POLL_BEGIN", 0, 7),
    ("POLL_END", 0, "ns"),
    ("CALLBACK_BEGIN", 2, "gather.<locals>._done_callback", 8),
    ("TASK_READY", 1, 4, 2, 0),
    ("CALLBACK_END", 0, 2, 0, 0),
    ("POLL_BEGIN", 0, 9),
    ("POLL_END", 0, "ns"),
    ("STEP_BEGIN", 1, 10, 0, 0),
    ("FD_REGISTER", "listener", 1, "BaseSelectorEventLoop._accept_connection"),
    ("TASK_READY", 1, 6, 1, 0),
    ("STEP_END", 1, 0, 0, 0),
    ("POLL_BEGIN", 0, 11),
    ("POLL_END", 0, "ns"),
    ("STEP_BEGIN", 1, 12, 0, 0),
    ("STEP_END", 1, Wait.FUTURE, f"run:{AWAIT_LINE}"),
    ("POLL_BEGIN", -1, 13),
    ("PEER_IO", "listener", PeerAction.CONNECT, 0),
    ("POLL_END", 1, "ns"),
    ("FD_EVENT", "listener", 1, 0),
    ("CALLBACK_READY", 3, 2, "listener"),
    ("CALLBACK_BEGIN", 3, "BaseSelectorEventLoop._accept_connection", 14),
    ("TASK_SPAWNED", 3, 0, "Task-2"),
    ("TASK_READY", 3, 1, 0, 0),
    ("CALLBACK_END", 0, 3, 0, 0),
    ("POLL_BEGIN", 0, 15),
    ("POLL_END", 0, "ns"),
    ("STEP_BEGIN", 3, 16, 0, 0),
    ("CALLBACK_READY", 3, 4, 4, 3),
    ("CALLBACK_READY", 3, 5, 4, 3),
    ("CALLBACK_READY", 3, 6, 4, 3),
    ("STEP_END", 3, Wait.FUTURE, "BaseSelectorEventLoop._accept_connection2"),
    ("POLL_BEGIN", 0, 17),
    ("POLL_END", 0, "ns"),
    ("CALLBACK_BEGIN", 4, "StreamReaderProtocol.connection_made", 18),
    ("TASK_SPAWNED", 4, 0, "handler"),
    ("TASK_READY", 4, 1, 0, 0),
    ("CALLBACK_END", 0, 4, 0, 0),
    ("CALLBACK_BEGIN", 5, "_SelectorTransport._add_reader", 19),
    ("FD_REGISTER", "conn", 1, "_SelectorSocketTransport._read_ready"),
    ("CALLBACK_END", 0, 5, 0, 0),
    ("CALLBACK_BEGIN", 6, "_set_result_unless_cancelled", 20),
    ("TASK_READY", 3, 4, 3, 0),
    ("CALLBACK_END", 0, 6, 0, 0),
    ("POLL_BEGIN", 0, 21),
    ("POLL_END", 0, "ns"),
    ("STEP_BEGIN", 4, 22, 0, 0),
    ("STEP_END", 4, Wait.FD_READ, "conn"),
    ("STEP_BEGIN", 3, 23, 0, 0),
    ("STEP_END", 3, Wait.DONE, 0, 0),
    ("TASK_EXITED", 3, Outcome.OK, 0, 0),
    ("POLL_BEGIN", -1, 24),
    ("PEER_IO", "conn", PeerAction.SEND, 6),
    ("POLL_END", 1, "ns"),
    ("FD_EVENT", "conn", 1, 0),
    ("CALLBACK_READY", 7, 2, "conn"),
    ("CALLBACK_BEGIN", 7, "_SelectorSocketTransport._read_ready", 25),
    ("TASK_READY", 4, 2, "conn", 1),
    ("CALLBACK_END", 0, 7, 0, 0),
    ("POLL_BEGIN", 0, 26),
    ("POLL_END", 0, "ns"),
    ("STEP_BEGIN", 4, 27, 0, 0),
    ("STEP_END", 4, Wait.FD_READ, "conn"),
    ("POLL_BEGIN", -1, 28),
    ("PEER_IO", "conn", PeerAction.SEND, 6),
    ("POLL_END", 1, "ns"),
    ("FD_EVENT", "conn", 1, 0),
    ("CALLBACK_READY", 8, 2, "conn"),
    ("CALLBACK_BEGIN", 8, "_SelectorSocketTransport._read_ready", 29),
    ("TASK_READY", 4, 2, "conn", 1),
    ("CALLBACK_END", 0, 8, 0, 0),
    ("POLL_BEGIN", 0, 30),
    ("POLL_END", 0, "ns"),
    ("STEP_BEGIN", 4, 31, 0, 0),
    ("STEP_END", 4, Wait.FD_READ, "conn"),
    ("POLL_BEGIN", -1, 32),
    ("PEER_IO", "conn", PeerAction.CLOSE, 0),
    ("POLL_END", 1, "ns"),
    ("FD_EVENT", "conn", 1, 0),
    ("CALLBACK_READY", 9, 2, "conn"),
    ("CALLBACK_BEGIN", 9, "_SelectorSocketTransport._read_ready", 33),
    ("TASK_READY", 4, 2, "conn", 1),
    ("FD_UNREGISTER", "conn", 1, 0),
    ("CALLBACK_END", 0, 9, 0, 0),
    ("POLL_BEGIN", 0, 34),
    ("POLL_END", 0, "ns"),
    ("STEP_BEGIN", 4, 35, 0, 0),
    ("CALLBACK_READY", 4, 10, 4, 4),
    ("STEP_END", 4, Wait.FUTURE, "StreamWriter.wait_closed"),
    ("POLL_BEGIN", 0, 36),
    ("POLL_END", 0, "ns"),
    ("CALLBACK_BEGIN", 10, "_SelectorSocketTransport._call_connection_lost", 37),
    ("TASK_READY", 4, 4, 4, 0),
    ("CALLBACK_END", 0, 10, 0, 0),
    ("POLL_BEGIN", 0, 38),
    ("POLL_END", 0, "ns"),
    ("STEP_BEGIN", 4, 39, 0, 0),
    ("TASK_READY", 1, 4, 4, 0),
    ("STEP_END", 4, Wait.DONE, 0, 0),
    ("TASK_EXITED", 4, Outcome.OK, 0, 0),
    ("POLL_BEGIN", 0, 40),
    ("POLL_END", 0, "ns"),
    ("STEP_BEGIN", 1, 41, 0, 0),
    ("FD_UNREGISTER", "listener", 1, 0),
    ("CALLBACK_READY", 1, 11, 4, 1),
    ("STEP_END", 1, Wait.DONE, 0, 0),
    ("TASK_EXITED", 1, Outcome.OK, 0, 0),
    ("POLL_BEGIN", 0, 42),
    ("POLL_END", 0, "ns"),
    ("CALLBACK_BEGIN", 11, "Engine.launch_coroutine.<locals>.create.<locals>.finished", 43),
    ("CALLBACK_END", 0, 11, 0, 0),
]


@SKIP_OFF_LINUX
def test_stepped_the_scenario_records_the_readiness_flow_exactly() -> None:
    records, store, result = recorded(paused=True)
    assert result["lines"] == 2
    rows = normalised(events_of(records), store.strings)
    if sys.version_info[:2] == (3, 11):  # other versions' asyncio differ around the flow
        assert rows == EXPECTED
    # On every version: each of the peer's actions ends a wait that had nothing else to do,
    # and that wait returns its fd alone, whose callback then runs.
    read_ready = "_SelectorSocketTransport._read_ready"
    for action, fd, callback in ((PeerAction.CONNECT, "listener",
                                  "BaseSelectorEventLoop._accept_connection"),
                                 (PeerAction.SEND, "conn", read_ready),
                                 (PeerAction.CLOSE, "conn", read_ready)):
        at = next(i for i, row in enumerate(rows) if row[:3] == ("PEER_IO", fd, action))
        poll = rows[at - 1]
        assert poll[:2] == ("POLL_BEGIN", -1)
        handle = rows[at + 3][1]
        assert rows[at + 1:at + 5] == [
            ("POLL_END", 1, "ns"), ("FD_EVENT", fd, READ, 0),
            ("CALLBACK_READY", handle, Cause.FD, fd),
            ("CALLBACK_BEGIN", handle, callback, poll[2] + 1)]


@SKIP_OFF_LINUX
def test_run_freely_the_scenario_finishes_with_the_same_flow() -> None:
    records, store, result = recorded(paused=False, params={"messages": 3, "pause_ms": 0})
    assert result["lines"] == 3
    rows = normalised(events_of(records), store.strings)
    peer = [i for i, row in enumerate(rows) if row[0] == "PEER_IO"]
    assert [rows[i][2] for i in peer] == [PeerAction.CONNECT] + [PeerAction.SEND] * 3 + [
        PeerAction.CLOSE]
    for i in peer:
        fd = rows[i][1]
        assert rows[i - 1][:2] == ("POLL_BEGIN", -1)
        assert rows[i + 1:i + 3] == [("POLL_END", 1, "ns"), ("FD_EVENT", fd, READ, 0)]
    assert rows.count(("FD_UNREGISTER", "listener", READ, 0)) == 1  # the server closed


@SKIP_OFF_LINUX
def test_the_captions_follow_register_fire_harvest_handle() -> None:
    _, store, _ = recorded(paused=True, params={"messages": 1})
    d = Describer(store.strings, store.task_name, "epoll")
    kinds = [Ev(int(k)) for k in store.kind]
    listener = int(store.a[kinds.index(Ev.PEER_IO)])
    register = next(i for i, k in enumerate(kinds) if k == Ev.FD_REGISTER
                    and int(store.a[i]) == listener)
    connect = kinds.index(Ev.PEER_IO)
    harvest = connect + 1
    returned = connect + 2
    accept = next(i for i in range(connect, len(kinds)) if kinds[i] == Ev.CALLBACK_BEGIN)
    assert [kinds[i] for i in (register, connect, harvest, returned, accept)] == [
        Ev.FD_REGISTER, Ev.PEER_IO, Ev.POLL_END, Ev.FD_EVENT, Ev.CALLBACK_BEGIN]
    # One event at a time: ① ② ③ ③ ④, and the handle joining the queue is no step.
    assert [bm.flow_step_at(store, i) for i in (register, connect, harvest, returned,
                                                 connect + 3, accept)] == [0, 1, 2, 2, -1, 3]
    assert bm.caption(store, register, d)[0].startswith("① register — ")
    # The board's caption of a unit: every step it reached, in the note's order.
    text, step = bm.unit_caption(store, returned, d)
    assert step == 2
    assert text.split("\n") == [
        "② fire — while the loop is blocked, the kernel marks a loop fd ready: a peer outside "
        f"the loop connects: the kernel queues the connection on the listening fd {listener} "
        "and marks it readable",
        "③ harvest — epoll_wait returns only the fds that fired: "
        f"epoll_wait returned fd {listener}: readable"]
    text, step = bm.unit_caption(store, accept, d)
    assert (text, step) == ("④ handle — the fd's callback runs: callback #3 runs: "
                            "BaseSelectorEventLoop._accept_connection", 3)
    # The line the peer sends: ③ alone names ② when no peer recorded it.
    send = next(i for i, k in enumerate(kinds) if k == Ev.PEER_IO and i > connect)
    handler = next(i for i in range(send, len(kinds)) if kinds[i] == Ev.STEP_BEGIN)
    assert store.task_name(int(store.task[handler])) == "handler"
    assert bm.unit_caption(store, handler, d)[0].startswith(
        "④ handle — the task the fd woke runs: handler runs (step)")
    # The flow steps in recording order, repeats merged: ① … ② ③ ④ for each of the peer's
    # actions (the connection's fd is registered, ①, before the peer sends; the callback
    # and the task it wakes are both ④).
    steps = [s for s in (bm.flow_step_at(store, i) for i in range(len(store))) if s >= 0]
    merged = [s for i, s in enumerate(steps) if i == 0 or s != steps[i - 1]]
    assert merged == [0, 1, 2, 3, 0, 1, 2, 3, 1, 2, 3]


@SKIP_OFF_LINUX
def test_fired_names_what_the_next_wait_returns() -> None:
    _, store, _ = recorded(paused=True, params={"messages": 1})
    reducer = Reducer(store)
    reducer.apply()
    kinds = store.kind.tolist()
    pipe = int(store.a[kinds.index(int(Ev.LOOP_INFO))])
    for i in (i for i, k in enumerate(kinds) if k == Ev.PEER_IO):
        fd = int(store.a[i])
        assert fd != pipe
        before = reducer.state_at(i)  # blocked in the wait, before the peer acts
        assert before.poll.in_poll and before.fired == ()
        during = reducer.state_at(i + 1)
        assert during.poll.in_poll and during.fired == (fd,)
        after = reducer.state_at(i + 3)  # POLL_END and the FD_EVENT it returned
        assert after.fired == () and [f for f, _, _ in after.poll.fds] == [fd]


def test_the_scenario_is_found_by_name_but_is_no_sample() -> None:
    assert SCENARIO.name == "readiness-server" and SCENARIO.preemptive is None
    assert SCENARIO in registry.scenarios()
    assert SCENARIO not in registry.all_workloads() and len(registry.all_workloads()) == 9
    assert SCENARIO.validate() == {"messages": 2, "pause_ms": 300.0}
    assert "readiness-server" in (SCENARIO.source() or "")


@SKIP_OFF_LINUX
@pytest.mark.parametrize("units", [0, 12, 30])
def test_stopping_mid_scenario_leaves_no_peer_behind(units: int) -> None:
    """Stopped paused before the peer connected (12 units: held before the wait the peer is
    to end), or connected and reading the answer: the engine stops cleanly and the peer's
    thread is joined."""
    engine = Engine("epoll")
    engine.start(paused=True)
    try:
        engine.launch(SCENARIO, FAST)
        for _ in range(units):
            engine.step(1).result(TIMEOUT)
    finally:
        assert engine.stop()
    assert engine.leftovers == []
    assert not [t for t in threading.enumerate() if t.name == "peer"]
