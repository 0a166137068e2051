"""The socket-or-timer scenario (lesson 7): a peer sends while a task computes, a timer falls
due meanwhile, and the next poll harvests the fd before the timer moves; it stops cleanly."""

from __future__ import annotations

import sys
import threading

import numpy as np
import pytest

from app.runtime.engine import Engine
from app.trace.events import Cause, Ev
from app.trace.store import EventStore
from app.workloads import registry

SCENARIO = registry.get("socket-or-timer")
FAST = {"busy_ms": 60.0, "timer_ms": 10.0, "pause_ms": 0.0}
TIMEOUT = 10.0
SKIP_OFF_LINUX = pytest.mark.skipif(sys.platform != "linux", reason="an epoll scenario")


@SKIP_OFF_LINUX
@pytest.mark.parametrize("paused", [False, True])
def test_the_fd_is_harvested_before_the_due_timer(paused: bool) -> None:
    engine = Engine("epoll")
    engine.start(paused=paused)
    try:
        launch = engine.launch(SCENARIO, FAST)
        for _ in range(2000):
            if launch.result.done():
                break
            if paused:
                engine.step(1).result(TIMEOUT)
        assert launch.result.result(TIMEOUT) == {"lines": 2, "ticks": 1}
        store = EventStore(list(engine.recorder.strings), dict(engine.recorder.tasks))
        store.append(engine.recorder.drain())
    finally:
        assert engine.stop()
    kind, task, a, b = store.kind, store.task, store.a, store.b
    busy = [s for s, info in store.tasks.items() if info.name.startswith("busy-")]
    assert len(busy) == 2
    for serial in busy:  # the peer's line was sent during the busy step
        begin = int(np.flatnonzero((kind == Ev.STEP_BEGIN) & (task == serial))[0])
        end = int(np.flatnonzero((kind == Ev.STEP_END) & (task == serial))[0])
        sends = np.flatnonzero(kind[begin:end] == Ev.PEER_IO)
        assert len(sends) == 1
    fired = int(np.flatnonzero(kind == Ev.TIMER_FIRED)[0])
    poll = int(np.flatnonzero(kind[:fired] == Ev.POLL_END)[-1])
    # The poll before the timer moved returned the connection's fd, whose callback queued
    # first: FD_EVENT, CALLBACK_READY (cause FD), then TIMER_FIRED.
    between = [(Ev(int(k)), int(bb)) for k, bb in zip(kind[poll + 1:fired], b[poll + 1:fired],
                                                       strict=True)
               if k != Ev.CONTROL]  # (the test's own step commands)
    assert between == [(Ev.FD_EVENT, 1), (Ev.CALLBACK_READY, int(Cause.FD))]
    assert int(a[poll + 1]) == int(a[np.flatnonzero(kind == Ev.PEER_IO)[-1]])


@SKIP_OFF_LINUX
@pytest.mark.parametrize("units", [0, 20, 40])
def test_stopping_mid_scenario_leaves_no_peer_behind(units: int) -> None:
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
