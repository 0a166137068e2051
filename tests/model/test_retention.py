"""The retention window of a live run: the oldest events are let go from the store, the
reducer, the timeline and the metrics together, and what remains is exactly what a run that
kept everything shows for the same events (less the tasks that finished before them)."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest

from app.model.metrics import Metrics
from app.model.reducer import Reducer
from app.model.state import DONE, SchedulerState
from app.model.timeline import TimelineData
from app.runtime.recorder import Recorder
from app.trace.events import Ev, Record, TaskInfo
from app.trace.store import EventStore
from tests.support.stores import record_mixed

KEEP = 6000


@pytest.fixture(scope="module")
def mixed() -> tuple[list[Record], EventStore]:
    return record_mixed(40_000)


class Windowed:
    """What the bridge does each frame, with a retention window of ``keep`` events."""

    def __init__(self, like: EventStore, keep: int) -> None:
        self.store = EventStore(like.strings, like.tasks)
        self.reducer = Reducer(self.store)
        self.timeline = TimelineData()
        self.metrics = Metrics()
        self.keep = keep
        self.cuts: list[int] = []
        self.forgotten: list[int] = []

    def feed(self, batch: list[Record]) -> None:
        store = self.store
        if len(store) + len(batch) > self.keep + self.keep // 4:
            cut = self.reducer.trim_point(len(store) - self.keep)
            if cut:
                self.forgotten += self.reducer.trim(cut)
                store.trim(cut)
                self.timeline.trim(cut, int(store.ts[0]))
                self.metrics.trim(cut)
                self.cuts.append(cut)
        start = len(store)
        store.append(batch)
        self.reducer.apply()
        self.timeline.extend(store, start, len(store))
        self.metrics.extend(store, start, len(store))


def _feed_all(records: list[Record], like: EventStore, keep: int = KEEP,
              seed: int = 7) -> Windowed:
    w = Windowed(like, keep)
    rng = random.Random(seed)
    i = 0
    while i < len(records):
        m = rng.randrange(1, 1500)
        w.feed(records[i:i + m])
        i += m
    return w


def _same_but_earlier(got: SchedulerState, want: SchedulerState, offset: int) -> None:
    """``got`` (trimmed by ``offset`` events) is ``want`` (everything kept) less the tasks
    finished earlier."""
    assert got.index + offset == want.index
    forgotten = want.tasks.keys() - got.tasks.keys()
    assert got.tasks.keys() <= want.tasks.keys()
    assert {serial: want.tasks[serial] for serial in got.tasks} == got.tasks
    assert all(want.tasks[serial].state == DONE for serial in forgotten)
    assert got.done_earlier == len(forgotten)
    assert dataclasses.replace(got, index=want.index, tasks=want.tasks, done_earlier=0) == want


def test_the_store_lets_events_go_and_keeps_seq_time_and_drop_counts() -> None:
    records: list[Record] = [(seq, 1000 + 10 * seq, int(Ev.MARK), seq % 3, seq, 0, 0)
                             for seq in range(1, 201)]
    kept = records[:20] + records[25:120] + records[121:]  # the ring lost 5, then 1
    store = EventStore()
    store.append(kept[:100])
    capacity = store.nbytes
    store.trim(20)  # the gap of 5 lies right before event 20: it stays, now at 0
    assert store.gaps == [(0, 5)] and store.dropped == 5
    assert store.discarded == 20 and store.dropped_discarded == 0
    store.trim(10)
    assert store.gaps == [] and store.dropped == 0 and store.dropped_discarded == 5
    store.append(kept[100:])
    assert store.gaps == [(115 - 30, 1)] and store.dropped == 1
    assert len(store) == len(kept) - 30 and store.discarded == 30
    assert [store.record(i).seq for i in range(len(store))] == [r[0] for r in kept[30:]]
    assert [e.seq for e in store.slice(0, len(store))] == [r[0] for r in kept[30:]]
    assert store.ts.tolist() == [r[1] for r in kept[30:]]
    assert store.a.tolist() == [r[4] for r in kept[30:]]
    assert store.t0 == 1010  # the recording's first event, let go long ago
    assert store.dropped + store.dropped_discarded == 6
    assert store.nbytes == capacity  # the window refills what is there
    with pytest.raises(ValueError):
        store.trim(len(store) + 1)


def test_the_reducer_trims_at_snapshots_only(mixed: tuple[list[Record], EventStore]) -> None:
    _, store = mixed
    copy = EventStore(store.strings, store.tasks)
    copy.append(list(zip(range(1, len(store) + 1), *(c.tolist() for c in (
        store.ts, store.kind, store.task, store.a, store.b, store.c)), strict=True)))
    reducer = Reducer(copy)
    reducer.apply()
    assert reducer.trim_point(5000) == 4096  # the snapshot at or before 5000
    with pytest.raises(ValueError, match="not a snapshot"):
        reducer.trim(5000)
    assert reducer.trim(0) == []


def test_a_windowed_run_shows_what_a_complete_one_shows(
        mixed: tuple[list[Record], EventStore]) -> None:
    records, store = mixed
    full = Reducer(store)
    full.apply()
    w = _feed_all(records, store)
    assert len(w.cuts) >= 4, "the window never filled: the test proves nothing"
    offset = w.store.discarded
    assert offset == sum(w.cuts) and len(w.store) == len(store) - offset
    # Cuts fall on snapshots (up to max_interval apart): never fewer than KEEP are held.
    assert KEEP <= len(w.store) <= KEEP + KEEP // 4 + 1500 + w.reducer.max_interval
    assert w.reducer.index == len(w.store)
    # Now, and at any event still held, the state is that of the complete run.
    _same_but_earlier(w.reducer.state(), full.state(), offset)
    rng = random.Random(3)
    for i in sorted({0, 1, len(w.store), *(rng.randrange(len(w.store)) for _ in range(60))}):
        _same_but_earlier(w.reducer.state_at(i), full.state_at(offset + i), offset)
    # Forgotten: exactly the tasks that finished before the first event held.
    first_state = full.state_at(offset)
    finished = {s for s, t in first_state.tasks.items() if t.state == DONE}
    assert set(w.forgotten) == finished - w.reducer.state_at(0).tasks.keys()
    assert w.reducer.done_earlier == len(w.forgotten) > 0


def test_the_timeline_keeps_every_bar_that_reaches_into_the_window(
        mixed: tuple[list[Record], EventStore]) -> None:
    records, store = mixed
    full = TimelineData()
    full.extend(store, 0, len(store))
    w = _feed_all(records, store, seed=11)
    data = w.timeline
    offset = w.store.discarded
    cut_ts = int(w.store.ts[0])
    assert data.n_events == len(w.store) and data.t0 == full.t0
    assert data.n_slots < full.n_slots  # finished tasks gave their lanes back

    def bars(d: TimelineData, x0: int, x1: int) -> tuple[set[tuple[int, ...]], ...]:
        wb = d.window(x0, x1)
        serial = d.slot_serial[wb.task_slot.astype(np.int64)]
        lanes = [d.lanes[i] for i in wb.lane.tolist()]
        return ({(int(s), int(a), int(b), int(c)) for s, a, b, c in zip(
                    serial, wb.task_start, wb.task_end, wb.task_style, strict=True)},
                {(ln.kind, ln.key, int(a), int(b), int(c)) for ln, a, b, c in zip(
                    lanes, wb.start, wb.end, wb.style, strict=True)})

    t_end = full.t_end
    rng = random.Random(5)
    windows = [(cut_ts, t_end), (cut_ts + (t_end - cut_ts) // 2, t_end)]
    for _ in range(20):
        a, b = sorted(rng.randrange(cut_ts, t_end) for _ in range(2))
        windows.append((a, b))
    for x0, x1 in windows:
        assert bars(data, x0, x1) == bars(full, x0, x1)
    for ts in (cut_ts, (cut_ts + t_end) // 2, t_end):
        assert data.nearest_event(ts) + offset == full.nearest_event(ts)
    # Lanes of tasks still held keep their serial; the slot table is dense again.
    assert sorted(data._slot_of.values()) == list(range(data.n_slots))
    assert all(data.slot_serial[slot] == serial for serial, slot in data._slot_of.items())


def test_metrics_describe_the_events_held(mixed: tuple[list[Record], EventStore]) -> None:
    records, store = mixed
    full = Metrics()
    full.extend(store, 0, len(store))
    w = _feed_all(records, store, seed=13)
    offset = w.store.discarded
    for name in ("step_ns", "latency_ns", "poll_ns", "lag_ns"):
        at = full._at[name].values
        expected = getattr(full, name).values[at >= offset]
        assert getattr(w.metrics, name).values.tolist() == expected.tolist(), name
        assert w.metrics._at[name].values.tolist() == (at[at >= offset] - offset).tolist()
    assert w.metrics.lag_ts.values.tolist() == \
        full.lag_ts.values[full._at["lag_ns"].values >= offset].tolist()
    assert w.metrics.step_ns.n > 0


def test_forgotten_tasks_leave_the_task_table_but_serials_never_repeat() -> None:
    recorder = Recorder()
    for serial in (1, 2, 3):
        recorder.add_task(TaskInfo(serial, f"t{serial}", "coro", "here", 0, False))
    assert recorder.forget_tasks([3, 1, 99]) == 2
    assert list(recorder.tasks) == [2]
    assert recorder.highest_serial() == 3  # a new run on this recorder starts above it


def test_the_board_counts_tasks_finished_before_the_events_held(
        mixed: tuple[list[Record], EventStore]) -> None:
    from app.model import board as bm
    from app.trace.text import Describer

    records, store = mixed
    w = _feed_all(records, store, seed=17)
    state = w.reducer.state()
    model = bm.layout(state, w.store, Describer(w.store.strings, w.store.task_name, "epoll"))
    described = sum(1 for t in state.tasks.values() if t.state == DONE)
    assert model.counts["done_earlier"] == w.reducer.done_earlier > 0
    assert model.counts["done"] == described + w.reducer.done_earlier
