"""The reducer on real recorded runs: exact task states, ready queue, timers, fds, polls;
``state_at`` against a replay from event 0; lost events; eager steps."""

from __future__ import annotations

import asyncio
import math
import random
import sys
import threading

import numpy as np
import pytest

from app.model.history import history_text, intervals, task_history
from app.model.reducer import Reducer
from app.model.state import DONE, NEW, READY, REGISTERED, RUNNING, SchedulerState
from app.trace.events import (
    READ,
    WAIT_UNKNOWN,
    Cause,
    Ev,
    Outcome,
    PeerAction,
    Record,
    Unit,
    Wait,
)
from app.trace.store import EventStore
from app.trace.text import cause_text, wait_text
from bench.reducer_bench import measure_jumps
from tests.support.stores import Run, record_mixed, record_run

NEVER = 10**12  # snapshot_every that means "never snapshot": a pure replay from event 0
DENSE = math.inf  # snapshot_budget that means "snapshot every K events, whatever it costs"


def _reduced(run: Run, k: int = 4096) -> Reducer:
    reducer = Reducer(run.store, snapshot_every=k, snapshot_budget=DENSE)
    reducer.apply()
    return reducer


def _states(run: Run, serial: int) -> list[str]:
    return history_text(task_history(run.store, serial), run.store)


def _check_invariants(state: SchedulerState) -> None:
    """What must hold at every index of any stream, complete or not."""
    task_entries = [s for is_task, s in state.ready if is_task]
    assert len(task_entries) == len(set(task_entries)), "a task is queued twice"
    for serial in task_entries:
        t = state.tasks[serial]
        assert t.queued >= 0 and t.state in (READY, RUNNING), (serial, t)
    for serial, t in state.tasks.items():
        if t.state == READY:
            assert serial in task_entries, (serial, t)
    assert {s for is_task, s in state.ready if not is_task} == set(state.callbacks)
    if state.running is not None and state.running[0]:
        assert state.tasks[state.running[1]].state == RUNNING


# -- exact behaviour of small workloads ------------------------------------------------------------
def test_ready_queue_is_fifo_and_a_yielding_task_joins_its_tail() -> None:
    async def main() -> None:
        async def worker() -> None:
            await asyncio.sleep(0)

        workers = [asyncio.create_task(worker(), name=f"w{i}") for i in range(3)]
        await asyncio.sleep(0)
        await asyncio.gather(*workers)

    run = record_run(main)
    reducer = _reduced(run)
    main_ = 1
    w0, w1, w2 = (run.serial(f"w{i}") for i in range(3))
    # During main's first step: spawned workers are READY, main yields while RUNNING.
    yield_at = run.first(Ev.TASK_READY, task=main_, a=Cause.YIELD)
    s = reducer.state_at(yield_at + 1)
    assert s.ready == [(True, w0), (True, w1), (True, w2), (True, main_)]
    assert s.tasks[main_].state == RUNNING and s.running == (True, main_)
    assert [s.tasks[w].state for w in (w0, w1, w2)] == [READY] * 3
    assert s.tasks[w1].cause == Cause.SPAWN and s.tasks[w1].parent == main_
    # Its STEP_END (Wait.READY) makes it READY where its TASK_READY put it.
    end = run.first(Ev.STEP_END, yield_at, task=main_)
    assert run.store.record(end).a == Wait.READY
    s = reducer.state_at(end + 1)
    assert s.ready == [(True, w0), (True, w1), (True, w2), (True, main_)]
    assert s.tasks[main_].state == READY and s.tasks[main_].cause == Cause.YIELD
    assert s.running is None
    # The next RUN unit pops the head.
    begin = run.first(Ev.STEP_BEGIN, end)
    s = reducer.state_at(begin + 1)
    assert run.store.record(begin).task == w0
    assert s.running == (True, w0) and s.unit_kind == Unit.RUN
    assert s.ready == [(True, w1), (True, w2), (True, main_)]
    # w0 yields too: it goes behind main.
    s = reducer.state_at(run.first(Ev.STEP_END, begin, task=w0) + 1)
    assert s.ready == [(True, w1), (True, w2), (True, main_), (True, w0)]
    assert _states(run, w0) == ["spawned", "ready(spawn)", "running", "ready(yield)",
                                "running", "done(ok)"]
    final = reducer.state()
    assert all(t.state == DONE and t.outcome == Outcome.OK for t in final.tasks.values())
    assert final.ready == [] and final.running is None


def test_sleep_timer_heap_fire_and_callback() -> None:
    async def main() -> None:
        async def sleeper() -> None:
            await asyncio.sleep(0.005)

        await asyncio.create_task(sleeper(), name="sleeper")

    run = record_run(main)
    reducer = _reduced(run)
    sleeper = run.serial("sleeper")
    added = run.first(Ev.TIMER_ADDED, task=sleeper)
    h, deadline = run.store.record(added).a, run.store.record(added).b
    s = reducer.state_at(added + 1)
    assert s.timers[h].deadline == deadline and s.timers[h].owner == sleeper
    assert run.store.string(s.timers[h].name) == "_set_result_unless_cancelled"
    s = reducer.state_at(run.first(Ev.STEP_END, added, task=sleeper) + 1)
    t = s.tasks[sleeper]
    assert (t.state, t.wait, t.wait_detail, t.wait_c) == (REGISTERED, Wait.TIMER, deadline, h)
    # The loop blocks in poll until the deadline, then moves the timer to the ready queue.
    blocked = run.first(Ev.POLL_BEGIN, added)
    while run.store.record(blocked).a <= 0:
        blocked = run.first(Ev.POLL_BEGIN, blocked + 1)
    s = reducer.state_at(blocked + 1)
    assert s.poll.in_poll and s.poll.timeout > 0 and s.unit_kind == Unit.POLL
    fired = run.first(Ev.TIMER_FIRED, a=h)
    s = reducer.state_at(fired + 1)
    assert h not in s.timers
    assert s.ready == [(False, h)] and s.unit_kind == Unit.TIMER
    assert s.callbacks[h].cause == Cause.TIMER and s.callbacks[h].owner == sleeper
    s = reducer.state_at(fired)
    assert not s.poll.in_poll and s.poll.blocked_ns > 0 and s.poll.nevents == 0
    begin = run.first(Ev.CALLBACK_BEGIN, fired, a=h)
    s = reducer.state_at(begin + 1)
    assert s.ready == [] and s.running == (False, h)
    assert run.store.string(s.running_name) == "_set_result_unless_cancelled"
    ready = run.first(Ev.TASK_READY, begin, task=sleeper)
    s = reducer.state_at(ready + 1)
    assert s.tasks[sleeper].state == READY
    assert (s.tasks[sleeper].cause, s.tasks[sleeper].cause_detail) == (Cause.TIMER, h)
    assert _states(run, sleeper) == ["spawned", "ready(spawn)", "running", "registered(timer)",
                                     f"ready(timer {h})", "running", "done(ok)"]


def test_queue_gather_and_a_raising_task() -> None:
    async def main() -> None:
        q: asyncio.Queue[int] = asyncio.Queue()

        async def consumer() -> int:
            return await q.get()

        async def boom() -> None:
            await asyncio.sleep(0)
            raise ValueError("bad token")

        async def parent() -> list[object]:
            c = asyncio.create_task(consumer(), name="consumer")
            b = asyncio.create_task(boom(), name="boom")
            await asyncio.sleep(0)
            q.put_nowait(7)
            return await asyncio.gather(c, b, return_exceptions=True)

        await asyncio.create_task(parent(), name="parent")

    run = record_run(main)
    reducer = _reduced(run)
    consumer, boom, parent = (run.serial(n) for n in ("consumer", "boom", "parent"))
    assert _states(run, consumer) == [
        "spawned", "ready(spawn)", "running", "registered(future Queue.get)",
        "ready(task parent)", "running", "done(ok)"]
    assert _states(run, boom) == [
        "spawned", "ready(spawn)", "running", "ready(yield)", "running",
        "done(error: ValueError: bad token)"]
    assert _states(run, parent) == [
        "spawned", "ready(spawn)", "running", "ready(yield)", "running",
        "registered(future gather)", "ready(task consumer)", "running", "done(ok)"]
    final = reducer.state()
    b = final.tasks[boom]
    assert (b.state, b.outcome) == (DONE, Outcome.ERROR)
    assert run.store.string(b.outcome_text) == "ValueError: bad token"
    assert b.steps == 2 and final.tasks[parent].steps == 3
    # While the consumer waits on the queue, the inspector can name what it waits for.
    s = reducer.state_at(run.first(Ev.STEP_END, task=consumer) + 1)
    c = s.tasks[consumer]
    assert c.state == REGISTERED and c.wait == Wait.FUTURE
    assert run.store.string(c.wait_c) == "Queue.get"


def test_echo_over_loopback_interest_list_and_polls() -> None:
    fds: dict[str, int] = {}

    async def main() -> None:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            fds["server"] = writer.get_extra_info("socket").fileno()
            while line := await reader.readline():
                writer.write(line)
                await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]

        async def client() -> None:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            fds["client"] = writer.get_extra_info("socket").fileno()
            for _ in range(3):
                writer.write(b"hi\n")
                await writer.drain()
                assert await reader.readline() == b"hi\n"
            writer.close()
            await writer.wait_closed()

        await asyncio.create_task(client(), name="client")
        server.close()
        await server.wait_closed()

    run = record_run(main)
    reducer = _reduced(run)
    client, n = run.serial("client"), fds["client"]
    # Waiting for the echo: registered on its real socket fd, which is in the interest list.
    reg = run.first(Ev.STEP_END, task=client, a=Wait.FD_READ)
    s = reducer.state_at(reg + 1)
    t = s.tasks[client]
    assert (t.state, t.wait, t.wait_detail) == (REGISTERED, Wait.FD_READ, n)
    assert n in s.fds and s.fds[n].mask & READ
    assert fds["server"] in s.fds
    assert s.loop is not None and s.loop.self_pipe_fd in s.fds  # the self-pipe, always there
    # The kernel reports the fd readable: harvested by a poll, then the reader callback
    # (cause fd N) wakes the task (cause fd N readable).
    ev = run.first(Ev.FD_EVENT, reg, a=n)
    s = reducer.state_at(ev + 1)
    assert (n, READ, 0) in s.poll.fds and s.poll.nevents >= 1
    cb = run.first(Ev.CALLBACK_READY, ev)
    s = reducer.state_at(cb + 1)
    h = run.store.record(cb).a
    assert (False, h) in s.ready and s.callbacks[h].cause == Cause.FD
    assert s.callbacks[h].detail == n
    woke = run.first(Ev.TASK_READY, ev, task=client)
    s = reducer.state_at(woke + 1)
    t = s.tasks[client]
    assert (t.state, t.cause, t.cause_detail, t.cause_mask) == (READY, Cause.FD, n, READ)
    assert _states(run, client) == [
        "spawned", "ready(spawn)", "running",
        f"registered(fd-write {n})", f"ready(fd {n} writable)",  # non-blocking connect
        "running", "registered(future BaseEventLoop._create_connection_transport)",
        "ready(task client)", "running",
        *[f"registered(fd-read {n})", f"ready(fd {n} readable)", "running"] * 3,  # 3 echoes
        "registered(future StreamWriter.wait_closed)", "ready(task client)", "running",
        "done(ok)",
    ]
    # Closed sockets left the interest list.
    final = reducer.state()
    assert n not in final.fds and fds["server"] not in final.fds


def test_thread_wake_and_a_skipped_handle() -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        handle = loop.call_soon(print, "never printed")
        handle.cancel()
        release = threading.Event()
        done = loop.run_in_executor(None, release.wait, 5)
        release.set()  # only now: the worker completes the future from its own thread
        await done

    run = record_run(main)
    reducer = _reduced(run)
    ready = run.first(Ev.CALLBACK_READY)
    h = run.store.record(ready).a
    s = reducer.state_at(ready + 1)
    assert (False, h) in s.ready
    skipped = run.first(Ev.HANDLE_SKIPPED, a=h)
    s = reducer.state_at(skipped + 1)
    assert (False, h) not in s.ready and h not in s.callbacks
    assert s.running is None  # skipping is not a unit
    # The worker thread's call_soon_threadsafe: recorded as a thread wake, the callback it
    # queued carries the thread as its cause, and so does the task that callback wakes.
    wake = run.first(Ev.THREAD_WAKE)
    thread_sid = run.store.record(wake).b
    assert run.store.string(thread_sid) != threading.current_thread().name
    s = reducer.state_at(wake + 1)
    assert s.thread_wakes == 1
    cb = run.first(Ev.CALLBACK_READY, wake)
    s = reducer.state_at(cb + 1)
    hh = run.store.record(cb).a
    assert s.callbacks[hh].cause == Cause.THREAD and s.callbacks[hh].detail == thread_sid
    woke = run.first(Ev.TASK_READY, cb, task=1)
    s = reducer.state_at(woke + 1)
    assert (s.tasks[1].cause, s.tasks[1].cause_detail) == (Cause.THREAD, thread_sid)
    reg = run.first(Ev.STEP_END, task=1, a=Wait.THREAD)
    assert reducer.state_at(reg + 1).tasks[1].state == REGISTERED


def test_a_task_bound_callback_that_is_not_a_step() -> None:
    # loop.call_soon(task.cancel) queues a handle whose callback's __self__ is the task: the
    # loop records it as the task's (TASK_READY, STEP_BEGIN/END). The queue is the fact: the
    # task stays READY after that "step" because cancel() queued its real wake-up.
    async def main() -> None:
        victim = asyncio.create_task(asyncio.sleep(10), name="victim")
        await asyncio.sleep(0)
        asyncio.get_running_loop().call_soon(victim.cancel)
        with pytest.raises(asyncio.CancelledError):
            await victim

    run = record_run(main)
    reducer = _reduced(run, k=8)
    victim = run.serial("victim")
    for i in range(len(run.store) + 1):
        _check_invariants(reducer.state_at(i))
    final = reducer.state()
    assert final.tasks[victim].outcome == Outcome.CANCELLED and final.ready == []


# -- state_at == replay from 0 -------------------------------------------------------------------
@pytest.fixture(scope="module")
def mixed() -> tuple[list[Record], EventStore]:
    return record_mixed(40_000)


def test_state_at_equals_a_replay_from_zero(mixed: tuple[list[Record], EventStore]) -> None:
    _, store = mixed
    n = len(store)
    rng = random.Random(1234)
    for k, budget in ((64, math.inf), (1000, math.inf), (4096, 16.0)):
        reducer = Reducer(store, snapshot_every=k, snapshot_budget=budget)
        reducer.apply()
        assert reducer.snapshots >= n // reducer.max_interval
        if budget == math.inf:
            assert reducer.snapshots == 1 + n // k
        indices = sorted({0, 1, n, *(rng.randrange(n + 1) for _ in range(400)),
                          *range(k - 2, k + 3), *range(n - 3, n)})
        reference = Reducer(store, snapshot_every=NEVER)  # one pass, never restores
        for i in indices:
            reference.apply(stop=i)
            expected = reference.state()
            got = reducer.state_at(i)
            assert got == expected, f"state_at({i}) differs from the replay (K={k})"
            _check_invariants(got)
    # The trace is complete: everything ended.
    final = reducer.state()
    assert final.ready == [] and final.running is None and not final.poll.in_poll
    assert all(t.state == DONE for t in final.tasks.values())
    assert {t.outcome for t in final.tasks.values()} == {Outcome.OK, Outcome.ERROR,
                                                         Outcome.CANCELLED}


def test_incremental_batches_equal_one_pass(mixed: tuple[list[Record], EventStore]) -> None:
    records, store = mixed
    inc = EventStore(store.strings, store.tasks)
    reducer = Reducer(inc, snapshot_every=500, snapshot_budget=DENSE)
    rng = random.Random(5)
    i = 0
    checkpoints: list[tuple[int, SchedulerState]] = []
    while i < len(records):
        m = rng.randrange(1, 3000)
        reducer.apply(records[i:i + m])  # what the bridge does with each drain
        i += m
        if rng.random() < 0.2:
            checkpoints.append((reducer.index, reducer.state()))
    one = Reducer(store)
    one.apply()
    assert reducer.state() == one.state()
    for index, state in checkpoints:  # states taken while applying are still exact later
        assert one.state_at(index) == state == reducer.state_at(index)


def test_states_are_independent_of_the_reducer(
        mixed: tuple[list[Record], EventStore]) -> None:
    _, store = mixed
    reducer = Reducer(store, snapshot_every=256, snapshot_budget=DENSE)
    reducer.apply(stop=len(store) // 2)
    i = len(store) // 3
    before = reducer.state_at(i)
    pristine = reducer.state_at(i)
    assert before == pristine and before is not pristine
    # Vandalise everything mutable in the returned state.
    before.tasks.clear()
    before.ready.append((True, 999))
    before.timers.clear()
    before.fds[12345] = before.fds.get(0)  # type: ignore[assignment]
    before.callbacks.clear()
    current = reducer.state()
    current.tasks.clear()
    current.ready.clear()
    reducer.apply()  # keep going after the vandalism
    assert reducer.state_at(i) == pristine
    reference = Reducer(store, snapshot_every=NEVER)
    reference.apply(stop=len(store) // 2)
    assert reducer.state_at(len(store) // 2) == reference.state()
    reference.apply()
    assert reducer.state() == reference.state()


def test_task_history_and_intervals_agree_with_the_reducer(
        mixed: tuple[list[Record], EventStore]) -> None:
    _, store = mixed
    reducer = Reducer(store, snapshot_every=512, snapshot_budget=DENSE)
    reducer.apply()
    iv = intervals(store)
    serials = sorted(store.tasks)
    rng = random.Random(3)
    for serial in [*rng.sample(serials, 25), serials[0], serials[-1]]:
        history = task_history(store, serial)
        assert history[0].state == NEW and history[-1].state == DONE
        for tr in history:  # each transition is the state right after its event
            assert reducer.state_at(tr.index + 1).tasks[serial].state == tr.state, tr
        # Intervals: the same sequence of states (DONE is terminal: no interval).
        rows = iv.for_task(serial)
        assert rows[:, 2].tolist() == [tr.state for tr in history[:-1]]
        assert rows[:, 0].tolist() == [tr.ts for tr in history[:-1]]
        assert (rows[1:, 0] == rows[:-1, 1]).all()
        # Time in each state: intervals and the reducer's counters are the same numbers.
        t = reducer.state().tasks[serial]
        per_state = [int(rows[rows[:, 2] == s][:, 1].sum() - rows[rows[:, 2] == s][:, 0].sum())
                     for s in (NEW, REGISTERED, READY, RUNNING)]
        assert per_state == [t.time_new, t.time_registered, t.time_ready, t.time_running]
        assert t.steps == sum(1 for tr in history if tr.state == RUNNING)
    table = iv.time_in_state()
    assert table.shape == (len(iv.serials), 4) and (table >= 0).all()
    k = int(np.searchsorted(iv.serials, serials[-1]))
    t = reducer.state().tasks[serials[-1]]
    assert table[k].tolist() == [t.time_new, t.time_registered, t.time_ready, t.time_running]


# -- lost events ---------------------------------------------------------------------------------
def test_dropped_events_never_crash_and_resynchronise(
        mixed: tuple[list[Record], EventStore]) -> None:
    records, full = mixed
    rng = random.Random(99)
    for trial in range(12):
        kept = list(records)
        lost = 0
        for _ in range(1 + trial % 4):  # the ring lost one or more slices
            # (never from the first event: a loss before it leaves no gap any store could
            # see, so the count would be short by the slice, a fault of the test)
            i = rng.randrange(1, len(kept) - 2000)
            j = i + rng.choice((1, 3, 50, 700, 1999))
            lost += j - i
            del kept[i:j]
        store = EventStore(full.strings, full.tasks)
        for i in range(0, len(kept), 4096):
            store.append(kept[i:i + 4096])
        assert store.dropped == lost
        reducer = Reducer(store, snapshot_every=300, snapshot_budget=DENSE)
        reducer.apply()
        final = reducer.state()
        assert final.lost == lost
        _check_invariants(final)
        # The queue healed: nothing lingers from iterations long gone.
        for is_task, serial in final.ready:
            queued = final.tasks[serial].queued if is_task else final.callbacks[serial].queued
            assert queued >= final.poll.count - 1
        reference = Reducer(store, snapshot_every=NEVER)
        for i in sorted(rng.randrange(len(store) + 1) for _ in range(40)):
            reference.apply(stop=i)
            got = reducer.state_at(i)
            assert got == reference.state()
            _check_invariants(got)


def test_lost_step_end_and_lost_begin_are_repaired() -> None:
    async def main() -> None:
        async def worker() -> None:
            for _ in range(3):
                await asyncio.sleep(0)

        await asyncio.gather(*(asyncio.create_task(worker(), name=f"w{i}") for i in range(2)))

    run = record_run(main)
    w0, w1 = run.serial("w0"), run.serial("w1")
    kinds = run.store.kind
    # Lose w0's second STEP_END and the STEP_BEGIN that followed it (w1's).
    ends = [i for i in range(len(run.records)) if kinds[i] == Ev.STEP_END
            and run.records[i][3] == w0]
    lost_end = ends[1]
    lost_begin = next(i for i in range(lost_end, len(run.records)) if kinds[i] == Ev.STEP_BEGIN)
    assert run.records[lost_begin][3] == w1
    kept = [r for i, r in enumerate(run.records) if i not in (lost_end, lost_begin)]
    store = EventStore(run.store.strings, run.store.tasks)
    store.append(kept)
    assert store.dropped == 2 and store.gaps == [(lost_end, 2)]
    reducer = Reducer(store, snapshot_every=16, snapshot_budget=DENSE)
    reducer.apply()
    # Up to w1's STEP_END the reducer cannot know: w0 still looks RUNNING.
    w1_end = next(i for i in range(lost_end, len(store)) if store.kind[i] == Ev.STEP_END)
    assert store.record(w1_end).task == w1
    s = reducer.state_at(w1_end)
    assert s.running == (True, w0) and s.lost == 2
    # w1's STEP_END proves w0's step is over; both yielded (their TASK_READYs survived).
    s = reducer.state_at(w1_end + 1)
    assert s.running is None
    assert (s.tasks[w0].state, s.tasks[w1].state) == (READY, READY)
    assert s.ready == [(True, w0), (True, w1)]
    for i in range(len(store) + 1):
        _check_invariants(reducer.state_at(i))
    final = reducer.state()
    assert final.ready == [] and all(t.state == DONE for t in final.tasks.values())


def test_a_lost_callback_begin_leaves_the_queue_two_polls_later() -> None:
    async def main() -> None:
        async def sleeper() -> None:
            for _ in range(3):
                await asyncio.sleep(0.002)

        await asyncio.create_task(sleeper(), name="sleeper")

    run = record_run(main)
    fired = run.first(Ev.TIMER_FIRED)
    h = run.store.record(fired).a
    lost = run.first(Ev.CALLBACK_BEGIN, fired, a=h)
    kept = run.records[:lost] + run.records[lost + 1:]
    store = EventStore(run.store.strings, run.store.tasks)
    store.append(kept)
    reducer = Reducer(store, snapshot_every=8, snapshot_budget=DENSE)
    reducer.apply()
    polls = [i for i in range(fired, len(store)) if store.kind[i] == Ev.POLL_BEGIN]
    # The handle ran unseen; its entry lingers (nothing says otherwise)...
    assert (False, h) in reducer.state_at(polls[0]).ready
    assert (False, h) in reducer.state_at(polls[0] + 1).ready
    # ...until the second poll after it was queued: the loop runs every handle queued before
    # an iteration's RUN phase in that iteration.
    assert (False, h) not in reducer.state_at(polls[1] + 1).ready
    final = reducer.state()
    assert final.ready == [] and final.tasks[run.serial("sleeper")].state == DONE
    for i in range(len(store) + 1):
        _check_invariants(reducer.state_at(i))


def test_a_lost_wait_is_shown_as_unknown_until_the_next_wake() -> None:
    async def main() -> None:
        async def sleeper() -> None:
            await asyncio.sleep(0.002)

        await asyncio.create_task(sleeper(), name="sleeper")

    run = record_run(main)
    sleeper = run.serial("sleeper")
    lost = run.first(Ev.STEP_END, task=sleeper, a=Wait.TIMER)
    store = EventStore(run.store.strings, run.store.tasks)
    store.append(run.records[:lost] + run.records[lost + 1:])
    reducer = Reducer(store)
    reducer.apply()
    unit = next(i for i in range(lost, len(store)) if store.kind[i] in (
        Ev.STEP_BEGIN, Ev.CALLBACK_BEGIN, Ev.POLL_BEGIN, Ev.TIMER_FIRED))
    assert reducer.state_at(unit).tasks[sleeper].state == RUNNING
    t = reducer.state_at(unit + 1).tasks[sleeper]
    assert (t.state, t.wait) == (REGISTERED, WAIT_UNKNOWN)
    assert wait_text(t.wait, t.wait_detail, t.wait_c, store.strings) == "unknown (events lost)"
    woke = next(i for i in range(unit, len(store)) if store.kind[i] == Ev.TASK_READY
                and store.task[i] == sleeper)
    t = reducer.state_at(woke + 1).tasks[sleeper]
    assert (t.state, t.cause) == (READY, Cause.TIMER)


def test_an_empty_store() -> None:
    store = EventStore()
    reducer = Reducer(store)
    assert reducer.apply() == 0
    s = reducer.state_at(0)
    assert s.index == 0 and s.tasks == {} and s.ready == [] and s.running is None
    assert s.poll.count == 0 and s.loop is None
    with pytest.raises(IndexError):
        reducer.state_at(1)
    assert task_history(store, 1) == []
    iv = intervals(store)
    assert iv.by_task() == {} and iv.for_task(1).shape == (0, 3)
    assert iv.time_in_state().shape == (0, 4)


# -- eager tasks (3.12+), as the loop records them -------------------------------------------------
def test_eager_steps_pop_nothing_and_restore_the_outer_runner() -> None:
    # The record layout of a 3.13 run with asyncio.eager_task_factory (see loop.create_task):
    # the eager step's TASK_SPAWNED/STEP_BEGIN carry create_task's start time, and events the
    # step caused before it yielded were recorded first, attributed to the running task.
    K = Ev
    recs: list[Record] = [
        (1, 100, K.TASK_SPAWNED, 1, 0, 0, 3),
        (2, 110, K.TASK_READY, 1, Cause.SPAWN, 0, 0),
        (3, 120, K.POLL_BEGIN, 0, 0, 1, 0),
        (4, 130, K.POLL_END, 0, 0, 10, 0),
        (5, 140, K.STEP_BEGIN, 1, 2, 0, 0),
        (6, 150, K.TASK_SPAWNED, 2, 1, 1, 5),  # "yields": its first step yields
        (7, 150, K.STEP_BEGIN, 2, 3, 0, 0),
        (8, 160, K.TASK_READY, 2, Cause.YIELD, 2, 0),
        (9, 170, K.STEP_END, 2, Wait.READY, 0, 0),
        (10, 180, K.TASK_SPAWNED, 3, 1, 1, 6),  # "immediate": done inside create_task
        (11, 180, K.STEP_BEGIN, 3, 4, 0, 0),
        (12, 190, K.STEP_END, 3, Wait.DONE, 0, 0),
        (13, 191, K.TASK_EXITED, 3, Outcome.OK, 0, 0),
        (14, 210, K.TIMER_ADDED, 1, 1, 5000, 7),  # armed by "sleeps"' eager step
        (15, 200, K.TASK_SPAWNED, 4, 1, 1, 8),
        (16, 200, K.STEP_BEGIN, 4, 5, 0, 0),
        (17, 215, K.STEP_END, 4, Wait.TIMER, 5000, 1),
        (18, 220, K.STEP_END, 1, Wait.FUTURE, 0, 9),
        (19, 230, K.POLL_BEGIN, 0, 0, 6, 0),
        (20, 240, K.POLL_END, 0, 0, 10, 0),
        (21, 250, K.STEP_BEGIN, 2, 7, 0, 0),
    ]
    store = EventStore()
    store.append(recs)
    reducer = Reducer(store, snapshot_every=3, snapshot_budget=DENSE)
    reducer.apply()
    s = reducer.state_at(7)  # inside "yields"' eager step
    assert s.running == (True, 2) and s.outer == (True, 1)
    assert s.tasks[1].state == RUNNING and s.tasks[2].state == RUNNING
    assert s.ready == [] and s.tasks[2].steps == 1 and s.tasks[2].eager == 1
    s = reducer.state_at(9)
    assert s.running == (True, 1) and s.outer is None
    assert s.ready == [(True, 2)] and s.tasks[2].state == READY
    s = reducer.state_at(13)
    assert s.tasks[3].state == DONE and s.tasks[3].outcome == Outcome.OK
    assert s.running == (True, 1) and s.ready == [(True, 2)]
    s = reducer.state_at(17)
    assert (s.tasks[4].state, s.tasks[4].wait, s.tasks[4].wait_c) == (REGISTERED, Wait.TIMER, 1)
    assert s.timers[1].owner == 1  # attributed to the runner whose create_task ran the step
    assert s.running == (True, 1)
    s = reducer.state_at(18)
    assert s.running is None and s.tasks[1].state == REGISTERED
    s = reducer.state_at(21)
    assert s.running == (True, 2) and s.ready == []
    # Time is per task: the eager step's earlier stamps never make a negative duration.
    assert s.tasks[4].time_running == 15 and s.tasks[4].time_new == 0
    assert s.tasks[3].time_running == 10
    assert history_text(task_history(store, 2), store) == [
        "spawned", "running", "ready(yield)", "running"]
    assert intervals(store).for_task(2)[:, 2].tolist() == [NEW, RUNNING, READY, RUNNING]
    for i in range(len(store) + 1):
        _check_invariants(reducer.state_at(i))


@pytest.mark.skipif(sys.version_info < (3, 12), reason="eager tasks exist from Python 3.12")
def test_real_eager_tasks() -> None:
    async def main() -> int:
        asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)

        async def yields() -> int:
            await asyncio.sleep(0)
            return 1

        async def sleeps() -> int:
            await asyncio.sleep(0.005)
            return 2

        async def immediate() -> int:
            return 3

        a = asyncio.create_task(yields(), name="yields")
        b = asyncio.create_task(sleeps(), name="sleeps")
        c = asyncio.create_task(immediate(), name="immediate")
        return await a + await b + await c

    run = record_run(main)
    assert run.result == 6
    reducer = _reduced(run, k=4)
    y, sl, im = (run.serial(n) for n in ("yields", "sleeps", "immediate"))
    assert _states(run, y) == ["spawned", "running", "ready(yield)", "running", "done(ok)"]
    assert _states(run, im) == ["spawned", "running", "done(ok)"]
    assert _states(run, sl)[:3] == ["spawned", "running", "registered(timer)"]
    for serial in (y, sl, im):  # each eager step ran inside main's step, popping nothing
        begin = run.first(Ev.STEP_BEGIN, task=serial)
        before, inside = reducer.state_at(begin), reducer.state_at(begin + 1)
        assert inside.running == (True, serial) and inside.outer == (True, 1)
        assert inside.ready == before.ready and inside.tasks[1].state == RUNNING
        after = reducer.state_at(run.first(Ev.STEP_END, begin, task=serial) + 1)
        assert after.running == (True, 1) and after.outer is None
    for i in range(len(run.store) + 1):
        _check_invariants(reducer.state_at(i))


def test_a_preemptive_recording_lets_several_threads_run() -> None:
    # app.runtime.preemptive records OS threads as tasks after a THREADS_INFO; two of them may be
    # running at once (stamps of two cores, a free-threaded build): no "lost step" repair.
    threads_info = int(getattr(Ev, "THREADS_INFO", 25))
    preempted = int(getattr(Cause, "PREEMPTED", 10))
    call = int(getattr(Wait, "CALL", 8))
    K = Ev
    recs: list[Record] = [
        (1, 100, threads_info, 0, 5_000_000, 1, 0),
        (2, 110, K.TASK_SPAWNED, 1, 0, 0, 0),
        (3, 110, K.TASK_READY, 1, Cause.SPAWN, 0, 0),
        (4, 120, K.TASK_SPAWNED, 2, 0, 0, 0),
        (5, 120, K.TASK_READY, 2, Cause.SPAWN, 0, 0),
        (6, 130, K.STEP_BEGIN, 1, 1, 0, 0),
        (7, 140, K.STEP_BEGIN, 2, 2, 0, 0),
        (8, 150, K.TASK_READY, 1, preempted, 0, 0),  # inferred from a gap in cpu() units
        (9, 150, K.STEP_END, 1, Wait.READY, 0, 0),
        (10, 160, K.STEP_END, 2, call, 0, 1),
        (11, 170, K.STEP_BEGIN, 1, 3, 0, 0),
    ]
    store = EventStore(strings=["", "sqlite3.execute"])
    store.append(recs)
    reducer = Reducer(store, snapshot_every=2, snapshot_budget=DENSE)
    reducer.apply()
    s = reducer.state_at(7)
    assert s.threads == (5_000_000, 1, 0)
    assert s.by_state(RUNNING) == [1, 2] and s.running == (True, 2) and s.ready == []
    s = reducer.state_at(9)
    assert (s.tasks[1].state, s.tasks[1].cause) == (READY, preempted)
    assert s.tasks[2].state == RUNNING and s.ready == [(True, 1)]
    assert history_text(task_history(store, 1), store)[-3:] == [
        "running", f"ready({cause_text(preempted, 0, 0, store.strings)})", "running"]
    assert history_text(task_history(store, 2), store)[-1] == "registered(call sqlite3.execute)"
    assert intervals(store).for_task(1)[:, 2].tolist() == [NEW, READY, RUNNING, READY, RUNNING]


# -- scale -----------------------------------------------------------------------------------------
@pytest.mark.slow
def test_jump_anywhere_in_a_million_events() -> None:
    records, store = record_mixed(1_000_000)
    del records
    assert len(store) >= 1_000_000
    reducer = Reducer(store)
    reducer.apply()
    assert reducer.snapshots >= len(store) // (4096 * 8)
    rng = random.Random(2024)
    indices = sorted(rng.randrange(len(store) + 1) for _ in range(25))
    reference = Reducer(store, snapshot_every=NEVER)
    for i in indices:
        reference.apply(stop=i)
        assert reducer.state_at(i) == reference.state()
    # Backwards and repeated jumps give the same answers.
    for i in reversed(indices[::5]):
        reference_state = Reducer(store, snapshot_every=NEVER)
        reference_state.apply(stop=i)
        assert reducer.state_at(i) == reference_state.state()
    stats = measure_jumps(store, jumps=5)
    assert stats["snapshots"] >= 1 and stats["events"] == len(store)


def test_fired_lists_the_fds_made_ready_since_the_last_poll() -> None:
    """PEER_IO marks its fd fired, THREAD_WAKE the self-pipe; POLL_END clears both; snapshots
    and jumps see the same."""
    store = EventStore(["", "epoll", "worker"])
    records: list[Record] = [
        (1, 10, Ev.LOOP_INFO, 0, 4, 1, 5),
        (2, 11, Ev.FD_REGISTER, 0, 6, READ, 0),
        (3, 12, Ev.POLL_BEGIN, 0, -1, 1, 1),
        (4, 13, Ev.PEER_IO, 0, 6, int(PeerAction.CONNECT), 0),
        (5, 14, Ev.PEER_IO, 0, -1, int(PeerAction.SEND), 3),  # fd unknown: nothing to name
        (6, 15, Ev.PEER_IO, 0, 6, int(PeerAction.SEND), 3),  # already fired: listed once
        (7, 16, Ev.POLL_END, 0, 1, 3, 1),
        (8, 17, Ev.FD_EVENT, 0, 6, READ, 0),
        (9, 18, Ev.THREAD_WAKE, 0, 1, 2, 0),
        (10, 19, Ev.PEER_IO, 0, 8, int(PeerAction.SEND), 6),
        (11, 20, Ev.POLL_BEGIN, 0, 0, 2, 1),
        (12, 21, Ev.POLL_END, 0, 2, 1, 1),
    ]
    store.append(records)
    reducer = Reducer(store, snapshot_every=2, snapshot_budget=DENSE)
    reducer.apply()
    fired = [reducer.state_at(i).fired for i in range(len(store) + 1)]
    assert fired == [(), (), (), (), (6,), (6,), (6,), (), (), (4,), (4, 8), (4, 8), ()]
    assert reducer.state().fired == ()
    # A task's state never changes for a PEER_IO: it is the kernel's business.
    assert reducer.state_at(4).tasks == reducer.state_at(3).tasks
