"""The timeline's arrays (app.model.timeline) on real recorded runs: task lanes equal the
reducer's intervals / task history exactly, in one batch or in any batches; the poll, loop and
thread lanes say what the events say; the window query, the lane layout, the rasteriser."""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections.abc import Iterator

import numpy as np
import pytest

from app.model.bar_table import CHUNK, BarTable
from app.model.history import Intervals, intervals, task_history
from app.model.lanes import MARK_STYLES, LaneKind, Style, wait_style
from app.model.raster import rasterise, stack_rows
from app.model.reducer import Reducer
from app.model.state import DONE, NEW, READY, REGISTERED, RUNNING
from app.model.timeline import INT64_MAX, TimelineData, task_intervals
from app.runtime.recorder import Recorder
from app.trace.events import Cause, Ev, Outcome, Record, Wait
from app.trace.store import EventStore
from app.workloads import registry
from tests.support.stores import record_mixed
from tests.support.traces import record

FIELDS = ("task", "start", "end", "state", "serials", "bounds")


def _store(events: list, recorder: Recorder) -> EventStore:
    store = EventStore.for_recorder(recorder)
    store.append([tuple(e) for e in events])
    return store


def assert_same_intervals(got: Intervals, want: Intervals) -> None:
    for name in FIELDS:
        a, b = getattr(got, name), getattr(want, name)
        assert a.dtype == b.dtype, name
        assert np.array_equal(a, b), name


def extend_in_batches(store: EventStore, sizes: Iterator[int]) -> TimelineData:
    data = TimelineData()
    i = 0
    while i < len(store):
        j = min(len(store), i + next(sizes))
        assert data.extend(store, i, j) == j - i
        i = j
    return data


def random_sizes(seed: int, small: float = 0.5) -> Iterator[int]:
    rng = random.Random(seed)
    while True:  # many tiny batches (a frame with 1-3 events) and some large ones
        yield rng.randint(1, 3) if rng.random() < small else rng.randint(4, 2500)


@pytest.fixture(scope="module")
def echo() -> EventStore:
    """A real tcp-echo run (server, 3 clients, 5 messages each) plus an executor call."""
    work = registry.get("tcp-echo")

    async def main() -> None:
        loop = asyncio.get_running_loop()
        await asyncio.gather(work.cooperative(**work.validate({"think_ms": 2.0})),
                             loop.run_in_executor(None, time.sleep, 0.003))

    _, events, recorder = record(main)
    return _store(events, recorder)


@pytest.fixture(scope="module")
def mixed() -> tuple[list[Record], EventStore]:
    return record_mixed(30_000)


# -- task lanes = the reducer ----------------------------------------------------------------------
def test_echo_task_intervals_are_the_reducers_exactly(echo: EventStore) -> None:
    store = echo
    got = task_intervals(store)
    assert_same_intervals(got, intervals(store))
    assert len(got.serials) >= 7  # the server's tasks, 3 clients, their handlers
    reducer = Reducer(store, snapshot_every=64)
    reducer.apply()
    final = reducer.state()
    for serial in got.serials.tolist():
        history = task_history(store, serial)
        rows = got.for_task(serial)
        # Same starts and states as the task's history (DONE is terminal: no interval),
        # each interval ending where the next begins.
        assert rows[:, 2].tolist() == [t.state for t in history if t.state != DONE]
        assert rows[:, 0].tolist() == [t.ts for t in history if t.state != DONE]
        assert (rows[1:, 0] == rows[:-1, 1]).all()
        for t in history:  # each start is the state the reducer reaches at that event
            assert reducer.state_at(t.index + 1).tasks[serial].state == t.state
        task = final.tasks[serial]
        per_state = [int((rows[rows[:, 2] == s][:, 1] - rows[rows[:, 2] == s][:, 0]).sum())
                     for s in (NEW, REGISTERED, READY, RUNNING)]
        assert per_state == [task.time_new, task.time_registered, task.time_ready,
                             task.time_running]


def test_the_echo_run_shows_every_state_and_the_fd_wait(echo: EventStore) -> None:
    data = TimelineData()
    data.extend(echo, 0, len(echo))
    t = data.tasks
    styles = set(t.col("style").tolist())
    assert {Style.NEW, Style.READY, Style.RUNNING, Style.WAIT_FD_READ} <= styles
    # The style of every REGISTERED row is its STEP_END's wait, row for row.
    ends = np.flatnonzero((echo.kind == Ev.STEP_END) & ~np.isin(echo.a, [Wait.READY,
                                                                        Wait.DONE]))
    registered = t.col("state") == REGISTERED
    by_start = dict(zip(zip(t.col("slot")[registered].tolist(),
                            t.col("start")[registered].tolist(), strict=True),
                        t.col("style")[registered].tolist(), strict=True))
    checked = 0
    for i in ends.tolist():
        key = (data.slot(int(echo.task[i])), int(echo.ts[i]))
        if key in by_start:
            assert by_start[key] == wait_style(int(echo.a[i]))
            checked += 1
    assert checked >= 10


def test_any_batches_give_the_same_arrays_as_one(mixed: tuple[list[Record], EventStore]
                                                 ) -> None:
    _, store = mixed
    one = TimelineData()
    one.extend(store, 0, len(store))
    want = intervals(store)
    assert_same_intervals(one.task_intervals(), want)
    for seed in range(4):
        data = extend_in_batches(store, random_sizes(seed, small=0.3 + 0.2 * seed))
        assert_same_intervals(data.task_intervals(), want)
        # The other lanes too, row for row, and the per-task state.
        assert data.lanes == one.lanes
        for name in ("lane", "start", "end", "style", "value"):
            assert np.array_equal(data.bars.col(name), one.bars.col(name)), name
        for name in ("slot_serial", "slot_first", "slot_done", "open_state", "open_since",
                     "open_style"):
            n = one.n_slots
            assert np.array_equal(getattr(data, name)[:n], getattr(one, name)[:n]), name
        assert data.t_end == one.t_end and data.n_events == len(store)


def test_a_prefix_matches_the_reducer_at_that_index(mixed: tuple[list[Record], EventStore]
                                                    ) -> None:
    _, store = mixed
    data = TimelineData()
    rng = random.Random(5)
    stops = sorted(rng.sample(range(1, len(store)), 6))
    done = 0
    for stop in stops:
        data.extend(store, done, stop)
        done = stop
        end_ts = int(store.ts[:stop].max())
        assert_same_intervals(data.task_intervals(end_ts), intervals(store, stop=stop))


def test_lost_events_never_crash_and_still_match(mixed: tuple[list[Record], EventStore]
                                                 ) -> None:
    records, full = mixed
    rng = random.Random(11)
    for _ in range(4):
        kept = list(records)
        for _ in range(3):
            i = rng.randrange(len(kept) - 800)
            del kept[i:i + rng.choice((1, 2, 17, 700))]
        store = EventStore(full.strings, full.tasks)
        store.append(kept)
        assert store.dropped > 0
        data = extend_in_batches(store, random_sizes(rng.randrange(100)))
        assert_same_intervals(data.task_intervals(), intervals(store))


def test_eager_steps_and_a_preemptive_recording() -> None:
    k = Ev
    eager: list[Record] = [  # the layout of a 3.13 run with eager_task_factory
        (1, 100, k.TASK_SPAWNED, 1, 0, 0, 3), (2, 110, k.TASK_READY, 1, Cause.SPAWN, 0, 0),
        (3, 120, k.POLL_BEGIN, 0, 0, 1, 0), (4, 130, k.POLL_END, 0, 0, 10, 0),
        (5, 140, k.STEP_BEGIN, 1, 2, 0, 0), (6, 150, k.TASK_SPAWNED, 2, 1, 1, 5),
        (7, 150, k.STEP_BEGIN, 2, 3, 0, 0), (8, 160, k.TASK_READY, 2, Cause.YIELD, 2, 0),
        (9, 170, k.STEP_END, 2, Wait.READY, 0, 0), (10, 200, k.TASK_SPAWNED, 4, 1, 1, 8),
        (11, 200, k.STEP_BEGIN, 4, 5, 0, 0), (12, 215, k.STEP_END, 4, Wait.TIMER, 5000, 1),
        (13, 220, k.STEP_END, 1, Wait.FUTURE, 0, 9), (14, 230, k.POLL_BEGIN, 0, 0, 6, 0),
        (15, 240, k.POLL_END, 0, 0, 10, 0), (16, 250, k.STEP_BEGIN, 2, 7, 0, 0),
        (17, 260, k.STEP_END, 2, Wait.DONE, 0, 0), (18, 261, k.TASK_EXITED, 2, Outcome.OK, 0, 0),
    ]
    store = EventStore()
    store.append(eager)
    for sizes in (iter([len(store)]), iter([1] * len(store))):
        data = extend_in_batches(store, sizes)
        assert_same_intervals(data.task_intervals(), intervals(store))
        # The eager steps ran inside task 1's step: the loop lane shows one step, 140-220.
        loop = data.lane_bars(data.lane_index(LaneKind.LOOP))
        steps = loop[loop[:, 2] == Style.RUNNING]
        assert steps[:, :2].tolist() == [[140, 220], [250, 260]]
        assert steps[:, 3].tolist() == [1, 2]  # which task's step
    # OS threads as tasks: two run at once; no loop lane, no poll lane.
    threads: list[Record] = [
        (1, 100, k.THREADS_INFO, 0, 5_000_000, 1, 0),
        (2, 110, k.TASK_SPAWNED, 1, 0, 0, 0), (3, 110, k.TASK_READY, 1, Cause.SPAWN, 0, 0),
        (4, 120, k.TASK_SPAWNED, 2, 0, 0, 0), (5, 120, k.TASK_READY, 2, Cause.SPAWN, 0, 0),
        (6, 130, k.STEP_BEGIN, 1, 1, 0, 0), (7, 140, k.STEP_BEGIN, 2, 2, 0, 0),
        (8, 150, k.TASK_READY, 1, Cause.PREEMPTED, 0, 0), (9, 150, k.STEP_END, 1, Wait.READY, 0, 0),
        (10, 160, k.STEP_END, 2, Wait.CALL, 0, 1), (11, 170, k.STEP_BEGIN, 1, 3, 0, 0),
    ]
    store = EventStore(strings=["", "sqlite3.execute"])
    store.append(threads)
    data = extend_in_batches(store, iter([3, 1, 2, 5]))
    assert_same_intervals(data.task_intervals(), intervals(store))
    assert data.threads_mode and data.lanes == []
    assert data.task_intervals().for_task(2).tolist() == [
        [120, 120, NEW], [120, 140, READY], [140, 160, RUNNING], [160, 170, REGISTERED]]
    assert data.open_style[data.slot(2)] == Style.WAIT_THREAD  # a call releasing the GIL


# -- the poll, loop and thread lanes -------------------------------------------------------------
def test_the_poll_lane_is_every_poll_with_its_timeout_and_fds(echo: EventStore) -> None:
    store = echo
    data = TimelineData()
    data.extend(store, 0, len(store))
    poll = data.lane_bars(data.lane_index(LaneKind.POLL))
    begins = np.flatnonzero(store.kind == Ev.POLL_BEGIN)
    ends = np.flatnonzero(store.kind == Ev.POLL_END)
    blocked = poll[poll[:, 2] == Style.POLL_BLOCKED]
    assert len(blocked) == len(begins) == len(ends)
    assert blocked[:, 0].tolist() == store.ts[begins].tolist()
    assert blocked[:, 1].tolist() == store.ts[ends].tolist()
    assert blocked[:, 3].tolist() == store.a[begins].tolist()  # the timeout asked for
    # The reducer says the same about each poll, at its end.
    reducer = Reducer(store, snapshot_every=64)
    reducer.apply()
    for n, i in enumerate(ends[:40].tolist()):
        p = reducer.state_at(i + 1).poll
        assert (p.begin_ts, p.timeout, p.in_poll) == (blocked[n, 0], blocked[n, 3], False)
    # The timeout band: from each poll's start to its deadline or the next poll, whichever
    # comes first; "no timeout" polls run to the next poll.
    bands = poll[np.isin(poll[:, 2], [Style.POLL_TIMEOUT, Style.POLL_FOREVER])]
    assert bands[:, 0].tolist() == store.ts[begins].tolist()
    for n in range(len(begins) - 1):
        timeout = int(store.a[begins[n]])
        nxt = int(store.ts[begins[n + 1]])
        want = nxt if timeout < 0 else min(nxt, int(store.ts[begins[n]]) + timeout)
        assert bands[n, 1] == want
        assert bands[n, 2] == (Style.POLL_FOREVER if timeout < 0 else Style.POLL_TIMEOUT)
    # A mark per fd returned, read / write / the self-pipe (a thread woke the loop).
    fds = np.flatnonzero(store.kind == Ev.FD_EVENT)
    marks = poll[np.isin(poll[:, 2], [int(s) for s in MARK_STYLES])]
    assert marks[:, 0].tolist() == store.ts[fds].tolist() == marks[:, 1].tolist()
    assert marks[:, 3].tolist() == store.a[fds].tolist()
    pipe = int(store.a[np.flatnonzero(store.kind == Ev.LOOP_INFO)[0]])
    for (_, _, style, fd), mask in zip(marks.tolist(), store.b[fds].tolist(), strict=True):
        want = Style.MARK_SELF_PIPE if fd == pipe else (
            Style.MARK_FD_READ if mask & 1 else Style.MARK_FD_WRITE)
        assert style == want
    assert Style.MARK_SELF_PIPE in marks[:, 2]  # the executor's wake-up came through it


def test_the_loop_lane_tiles_time_with_units_and_idle(echo: EventStore) -> None:
    store = echo
    data = TimelineData()
    data.extend(store, 0, len(store))
    loop = data.lane_bars(data.lane_index(LaneKind.LOOP))
    # Sequential, no gaps, no overlaps: every instant is a unit or idle.
    assert (loop[1:, 0] == loop[:-1, 1]).all()
    steps = loop[loop[:, 2] == Style.RUNNING]
    begins = np.flatnonzero(store.kind == Ev.STEP_BEGIN)
    ends = np.flatnonzero(store.kind == Ev.STEP_END)
    assert steps[:, 0].tolist() == store.ts[begins].tolist()  # 3.11: no eager steps
    assert steps[:, 1].tolist() == store.ts[ends].tolist()
    assert steps[:, 3].tolist() == store.task[begins].tolist()
    callbacks = loop[loop[:, 2] == Style.LOOP_CALLBACK]
    assert len(callbacks) == int((store.kind == Ev.CALLBACK_BEGIN).sum()) > 0
    polls = loop[loop[:, 2] == Style.POLL_BLOCKED]
    assert len(polls) == int((store.kind == Ev.POLL_BEGIN).sum())
    idle = loop[loop[:, 2] == Style.LOOP_IDLE]
    assert len(idle) and set(np.unique(loop[:, 2]).tolist()) == {
        Style.LOOP_IDLE, Style.POLL_BLOCKED, Style.LOOP_CALLBACK, Style.RUNNING}


def test_a_thread_lane_per_thread_that_woke_the_loop(echo: EventStore) -> None:
    store = echo
    data = TimelineData()
    data.extend(store, 0, len(store))
    wakes = np.flatnonzero(store.kind == Ev.THREAD_WAKE)
    assert len(wakes)
    names = sorted({store.string(int(sid)) for sid in store.b[wakes].tolist()})
    lanes = [ln for ln in data.lanes if ln.kind == LaneKind.THREAD]
    assert sorted(store.string(ln.key) for ln in lanes) == names
    for lane in lanes:
        rows = data.lane_bars(data.lane_index(LaneKind.THREAD, lane.key))
        mine = wakes[store.b[wakes] == lane.key]
        assert rows[:, 0].tolist() == rows[:, 1].tolist() == store.ts[mine].tolist()
        assert set(rows[:, 2].tolist()) == {Style.MARK_THREAD_WAKE}


# -- queries ---------------------------------------------------------------------------------------
def test_window_returns_exactly_what_overlaps(mixed: tuple[list[Record], EventStore]) -> None:
    _, store = mixed
    data = extend_in_batches(store, random_sizes(2))
    iv = data.task_intervals()
    lanes = [data.lane_bars(i) for i in range(len(data.lanes))]
    t0, t1 = int(store.ts.min()), data.t_end
    rng = random.Random(4)
    for _ in range(30):
        a = rng.randrange(t0 - 1000, t1 + 1000)
        b = a + rng.choice((0, 1000, 100_000, 10_000_000, t1 - t0))
        got = data.window(a, b)
        hit = (iv.start <= b) & (iv.end >= a)
        want = sorted(zip(iv.task[hit].tolist(), iv.start[hit].tolist(), iv.end[hit].tolist(),
                          iv.state[hit].tolist(), strict=True))
        serial = data.slot_serial[got.task_slot]
        state = np.array([_state_of_style(s) for s in got.task_style.tolist()])
        assert sorted(zip(serial.tolist(), got.task_start.tolist(), got.task_end.tolist(),
                          state.tolist(), strict=True)) == want
        want_lanes = sorted((i, s, e, st) for i, rows in enumerate(lanes)
                            for s, e, st, _ in rows.tolist() if s <= b and e >= a)
        assert sorted(zip(got.lane.tolist(), got.start.tolist(), got.end.tolist(),
                          got.style.tolist(), strict=True)) == want_lanes


def _state_of_style(style: int) -> int:
    """A task bar's style says its state (and, registered, what it waits for)."""
    if style == Style.NEW:
        return NEW
    if style == Style.READY:
        return READY
    if style == Style.RUNNING:
        return RUNNING
    return REGISTERED


def test_layout_collapses_tasks_finished_before_the_window() -> None:
    k = Ev
    recs: list[Record] = []
    seq = 0

    def emit(ts: int, kind: int, task: int, a: int = 0) -> None:
        nonlocal seq
        seq += 1
        recs.append((seq, ts, kind, task, a, 0, 0))

    for t in range(1, 11):  # tasks 1-10 live 0..1000 + 100 t; 11-12 start at 5000
        emit(10 * t, k.TASK_SPAWNED, t)
        emit(10 * t + 1, k.STEP_BEGIN, t, 1)
        emit(1000 + 100 * t, k.STEP_END, t, Wait.DONE)
    emit(5000, k.TASK_SPAWNED, 11)
    emit(5000, k.TASK_SPAWNED, 12)
    recs.sort(key=lambda r: r[1])
    recs = [(i + 1, *r[1:]) for i, r in enumerate(recs)]
    store = EventStore()
    store.append(recs)
    data = TimelineData()
    data.extend(store, 0, len(store))
    lay = data.layout(0, 10_000)
    assert lay.slots.tolist() == list(range(12)) and lay.finished_before == 0
    lay = data.layout(1550, 10_000)  # tasks 1-5 ended by 1500
    assert data.slot_serial[lay.slots].tolist() == [6, 7, 8, 9, 10, 11, 12]
    assert (lay.finished_before, lay.starting_after) == (5, 0)
    lay = data.layout(1550, 2000)  # ...and 11, 12 start after the window
    assert data.slot_serial[lay.slots].tolist() == [6, 7, 8, 9, 10]
    assert (lay.finished_before, lay.starting_after) == (5, 2)
    assert data.layout(1550, 2000, collapse=False).slots.tolist() == list(range(12))
    assert data.slot_done[:10].tolist() == [1000 + 100 * t for t in range(1, 11)]
    assert data.slot_done[10:12].tolist() == [INT64_MAX, INT64_MAX]


def test_nearest_event_tolerates_earlier_stamps() -> None:
    store = EventStore()
    ts = [100, 200, 150, 300, 300, 400]  # event 2 stamped earlier (an eager step)
    store.append([(i + 1, t, Ev.MARK, 0, 0, 0, 0) for i, t in enumerate(ts)])
    data = TimelineData()
    data.extend(store, 0, 3)
    data.extend(store, 3, len(store))
    assert [data.nearest_event(x) for x in (0, 100, 149, 151, 240, 260, 300, 351, 999)] == [
        0, 0, 0, 1, 1, 3, 3, 5, 5]
    assert TimelineData().nearest_event(5) == -1


def test_touched_since_tells_how_far_back_new_events_reach() -> None:
    store = EventStore()
    store.append([(i + 1, t, Ev.MARK, 0, 0, 0, 0) for i, t in enumerate([10, 20, 30, 25, 40])])
    data = TimelineData()
    data.extend(store, 0, 3)
    v = data.version
    assert data.touched_since(v) == INT64_MAX
    data.extend(store, 3, 5)
    assert data.touched_since(v) == 25  # the earlier stamp, not the first of the batch
    assert data.touched_since(-5) == -1  # unknown that far back: redraw everything


# -- rasterisation -------------------------------------------------------------------------------
def _reference_raster(row: np.ndarray, start: np.ndarray, end: np.ndarray, style: np.ndarray,
                      n_rows: int, x0: float, x1: float, width: int) -> np.ndarray:
    """Pixel by pixel: spans first (they tile), then narrow bars and 3-px marks on top."""
    grid = np.zeros((n_rows, width), np.uint8)
    scale = width / (x1 - x0)
    spans, points = [], []
    for r, a, b, c in zip(row.tolist(), start.tolist(), end.tolist(), style.tolist(),
                          strict=True):
        s, e = (a - x0) * scale, (b - x0) * scale
        p0, p1 = math.floor(s + 0.5), math.floor(e + 0.5)  # halves round up
        if c and p1 > p0:
            spans.append((r, min(max(p0, 0), width), min(max(p1, 0), width), c))
        elif c:
            points.append((r, math.floor(s), c))
    for r, p0, p1, c in spans:
        grid[r, p0:p1] = c
    for r, q, c in points:
        for qq in (q - 1, q, q + 1) if c in MARK_STYLES else (q,):
            if 0 <= qq < width:
                grid[r, qq] = max(grid[r, qq], c)
    return grid


def test_rasterise_paints_what_a_pixel_by_pixel_painter_paints() -> None:
    rng = np.random.default_rng(3)
    for _ in range(300):
        n_rows, width = int(rng.integers(1, 7)), int(rng.integers(1, 80))
        rows, starts, ends, styles = [], [], [], []
        for r in range(n_rows):  # each row: a partition of time, as a lane's intervals are
            t = float(rng.uniform(-40, 20))
            for _ in range(int(rng.integers(0, 14))):
                d = float(rng.exponential(6)) * (rng.random() < 0.85)
                rows.append(r)
                starts.append(t)
                ends.append(t + d)
                styles.append(int(rng.integers(0, len(Style))))
                t += d
        # Bars arrive in time order per row (as a lane's do), or in any order.
        order = rng.permutation(len(rows)) if rng.random() < 0.5 else np.arange(len(rows))
        args = (np.array(rows, np.int64)[order], np.array(starts)[order],
                np.array(ends)[order], np.array(styles, np.uint8)[order])
        got = rasterise(*args, n_rows, -10.0, 90.0, width)
        assert np.array_equal(got, _reference_raster(*args, n_rows, -10.0, 90.0, width))
        # A grid shifted by whole pixels (same origin) is the same picture, shifted.
        d = 100.0 / width
        shifted = rasterise(*args, n_rows, -10.0 + 3 * d, 90.0 + 3 * d, width, origin=-10.0)
        assert np.array_equal(shifted[:, :-3], got[:, 3:])


def test_a_running_blip_narrower_than_a_pixel_stays_visible() -> None:
    # 1 ms of waiting around a 1 µs step, 10 pixels: the step still shows as a pixel.
    grid = rasterise(np.array([0, 0, 0]), np.array([0, 500_000, 500_001]),
                     np.array([500_000, 500_001, 1_000_000]),
                     np.array([Style.WAIT_TIMER, Style.RUNNING, Style.WAIT_TIMER], np.uint8),
                     1, 0, 1_000_000, 10)
    assert grid[0].tolist() == [Style.WAIT_TIMER] * 5 + [Style.RUNNING] + [
        Style.WAIT_TIMER] * 4


def test_stack_rows_samples_tall_rows_and_merges_thin_ones() -> None:
    grid = np.array([[1, 1, 0], [2, 0, 2], [0, 3, 0], [4, 0, 0]], np.uint8)
    # Tall rows: row 0 on pixel rows 1-2, row 1 on 4; a gap between.
    table, row_map = stack_rows(grid[:2], np.array([1.0, 3.6]), np.array([3.0, 5.0]), 6)
    image = np.where(row_map[:, None] >= 0, table[np.maximum(row_map, 0)], 0)
    assert image.tolist() == [[0, 0, 0], [1, 1, 0], [1, 1, 0], [0, 0, 0], [2, 0, 2],
                              [0, 0, 0]]
    # Four rows 0.3 px high in two pixel rows: each pixel row is the max of its rows.
    tops = np.array([0.0, 0.3, 1.0, 1.3])
    table, row_map = stack_rows(grid, tops, tops + 0.3, 2)
    assert table[row_map].tolist() == [[2, 1, 2], [4, 3, 0]]
    assert len(table) == 2  # one table row per pixel row, not per raster row


@pytest.mark.parametrize("kept", ["tail", "scattered", "a few long ones and the tail"])
def test_bar_table_keeps_rows_in_order_and_answers_windows(kept: str) -> None:
    rng = np.random.default_rng(7)
    n = 3 * CHUNK + 123
    start = np.sort(rng.integers(0, 10**9, n))
    end = start + rng.integers(0, 10**6, n)
    table = BarTable(start=np.int64, end=np.int64, slot=np.int32)
    table.append(start=start, end=end, slot=np.arange(n, dtype=np.int32))
    tail = np.arange(CHUNK + 17, n)
    rows = {"tail": tail,
            "scattered": np.sort(rng.choice(n, n // 2, replace=False)),
            "a few long ones and the tail": np.r_[[0, 5, 6, 900, CHUNK + 16], tail]}[kept]
    table.keep(rows)
    assert len(table) == len(rows)
    assert table.col("slot").tolist() == rows.tolist()
    assert np.array_equal(table.col("start"), start[rows])
    for x0, x1 in rng.integers(0, 10**9, (20, 2)):
        x0, x1 = min(x0, x1), max(x0, x1)
        expected = np.flatnonzero((start[rows] <= x1) & (end[rows] >= x0))
        assert np.array_equal(table.overlapping(int(x0), int(x1)), expected)
