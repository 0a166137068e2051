"""The bridge feeds its listeners: extend and trim only while the live recording is shown,
reset (then the whole new store) whenever the shown store changes, in subscription order."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.qt.bridge import TraceBridge, TraceListener
from app.runtime.engine import Engine
from app.trace import tracefile

TIMEOUT_S = 10.0


class Recorded:
    """A listener that writes down what it is told (and by whom, in which order)."""

    def __init__(self, name: str, calls: list[tuple[str, str, tuple[int, ...]]]) -> None:
        self.name, self.calls = name, calls

    def extend(self, start: int, end: int) -> None:
        self.calls.append((self.name, "extend", (start, end)))

    def trim(self, cut: int) -> None:
        self.calls.append((self.name, "trim", (cut,)))

    def reset(self) -> None:
        self.calls.append((self.name, "reset", ()))


async def ticking() -> None:
    while True:
        await asyncio.sleep(0.001)


@pytest.fixture
def bridge(qapp: object, no_leaks: None) -> Iterator[TraceBridge]:
    engine = Engine("auto")
    engine.start()
    bridge = TraceBridge(engine, keep_events=2000)
    engine.launch_coroutine("ticking", ticking)
    yield bridge
    engine.stop()


def drain_until(bridge: TraceBridge, events: int) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while len(bridge.live_store) < events:
        assert time.monotonic() < deadline, "the loop recorded too little"
        bridge.drain()
        time.sleep(0.005)


def test_listeners_get_every_batch_in_order_and_each_trim(bridge: TraceBridge) -> None:
    calls: list[tuple[str, str, tuple[int, ...]]] = []
    listeners: list[TraceListener] = [Recorded("first", calls), Recorded("second", calls)]
    for listener in listeners:
        bridge.subscribe(listener)
    drain_until(bridge, 500)
    extends = [args for name, what, args in calls if name == "first"]
    assert all(what == "extend" for _, what, _ in calls)
    # contiguous batches, from the first event to the last, each told to both in turn
    assert extends[0][0] == 0 and extends[-1][1] == len(bridge.live_store)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(extends))
    assert [name for name, _, _ in calls] == ["first", "second"] * len(extends)
    calls.clear()
    deadline = time.monotonic() + TIMEOUT_S
    cut = 0
    while not cut:  # (a trim waits for a reducer snapshot to cut at)
        assert time.monotonic() < deadline
        drain_until(bridge, len(bridge.live_store) + 200)
        calls.clear()
        cut = bridge.trim(keep=100)
    assert calls == [("first", "trim", (cut,)), ("second", "trim", (cut,))]


def test_a_saved_session_shown_resets_and_no_live_event_reaches_it(
        bridge: TraceBridge, tmp_path: Path) -> None:
    drain_until(bridge, 300)
    path = tmp_path / "run.loopscope"
    tracefile.save(str(path), tracefile.Session(bridge.live_store, tracefile.SessionInfo()))
    session = tracefile.load(str(path))
    calls: list[tuple[str, str, tuple[int, ...]]] = []
    bridge.subscribe(Recorded("view", calls))
    bridge.show_session(session, str(path))
    held = len(session.store)
    assert calls == [("view", "reset", ()), ("view", "extend", (0, held))]
    calls.clear()
    drain_until(bridge, len(bridge.live_store) + 200)  # the live loop goes on recording
    assert bridge.trim(keep=100) >= 0
    assert calls == []  # ... but the views show the session: nothing of it is theirs
    bridge.show_live()
    assert calls == [("view", "reset", ()), ("view", "extend", (0, len(bridge.live_store)))]
