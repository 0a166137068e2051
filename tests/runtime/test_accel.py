"""The compiled recording path (app/runtime/_accel.c) records what the pure path records.

Two kinds of checks:

- the compiled Ring against the pure deque ring: same records, same seqs, same drop count,
  both drain forms, instruments;
- whole recordings made on both paths in this process (``Recorder(compiled=False)`` keeps a
  loop on the pure path), replayed through the reducer and compared state by state, event by
  event. Times differ from run to run, so every timing field is zeroed first; what is left
  (kinds, tasks, causes, waits, fds, units, names) is the schedule.

A sample's schedule repeats exactly only where nothing races the loop. The four samples in
EXACT_SAMPLES do once time is taken out of the race: they run on a virtual clock that stands
still while the loop works and jumps to the next deadline when the loop would block (a poll
with a timeout polls without one; loopback sockets answer at once, so nothing is missed).
The other five race worker threads or a thread of their own (an aiosqlite or executor thread
finishing before or after a poll) or the CPU (a hog measured on the real clock): two runs on the
SAME path differ there (even how often a ticker ticks while a worker thread works), so for
them each task's own repertoire is compared: which kinds of events it had, what it waited
for (by name) and how it ended, which no race changes.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import re
from collections.abc import Callable, Coroutine
from typing import Any

import numpy as np
import pytest

from app.model.reducer import Reducer
from app.runtime.accelerator import ACCEL, recording_path
from app.runtime.factory import new_loop
from app.runtime.instruments import Instrument
from app.runtime.recorder import Recorder
from app.trace.events import Ev, Event, Record, Wait
from app.trace.store import EventStore
from app.workloads import registry
from tests.support.workloads import SMALL

pytestmark = pytest.mark.skipif(ACCEL is None, reason="the accelerator is not built here "
                                "(pure-Python path; LOOPSCOPE_PURE_PYTHON or no compiler)")

EXACT_SAMPLES = ["timers", "tcp-echo", "udp-ping", "cpu-hog", "producer-consumer",
                 "server-under-load"]
RACING_SAMPLES = [name for name in SMALL if name not in EXACT_SAMPLES]


def test_the_version_line_names_the_compiled_path() -> None:
    assert recording_path() == "compiled (C)"


# -- the ring ------------------------------------------------------------------------------------
def _write(rec: Recorder, n: int) -> None:
    for i in range(n):
        rec.emit(Ev.MARK, i, i * 2, -i, 1 << 40)


def test_compiled_ring_holds_what_the_pure_ring_holds() -> None:
    compiled, pure = Recorder(64), Recorder(64, compiled=False)
    assert compiled.compiled_ring is not None and pure.compiled_ring is None
    for rec in (compiled, pure):
        _write(rec, 40)
        rec.emit_at(123, Ev.MARK, 7)
    a, b = compiled.drain(), pure.drain()
    assert [r[:1] + r[2:] for r in a] == [r[:1] + r[2:] for r in b]
    assert a[-1] == (41, 123, int(Ev.MARK), 7, 0, 0, 0)
    assert compiled.pending() == pure.pending() == 0


@pytest.mark.parametrize("compiled", [True, False])
def test_an_overflowing_ring_drops_the_oldest_and_counts_them(compiled: bool) -> None:
    rec = Recorder(16, compiled=compiled)
    _write(rec, 50)
    assert rec.pending() == 16
    first = rec.drain(5)
    rest = rec.drain_array()
    assert [r[0] for r in first] == list(range(35, 40))
    assert rest[:, 0].tolist() == list(range(40, 51))
    assert rec.dropped == 34 and rec.drained == 16
    _write(rec, 3)  # an emptied ring starts again at its first slot
    assert [r[0] for r in rec.drain()] == [51, 52, 53]


@pytest.mark.parametrize("compiled", [True, False])
def test_drain_array_is_drain_as_one_block(compiled: bool) -> None:
    one, two = Recorder(32, compiled=compiled), Recorder(32, compiled=compiled)
    for rec in (one, two):
        _write(rec, 20)  # 20 of 32, then 20 more: the ring wraps around its end
        rec.drain(12)
        _write(rec, 20)
    block = one.drain_array()
    records = two.drain()
    assert block.dtype == np.int64 and block.shape == (28, 7)
    assert [tuple(r[:1] + r[2:]) for r in block.tolist()] == [r[:1] + r[2:] for r in records]
    store_a, store_b = EventStore.for_recorder(one), EventStore.for_recorder(two)
    store_a.append(block)
    store_b.append(records)
    assert store_a.kind.tolist() == store_b.kind.tolist()
    assert store_a.c.tolist() == store_b.c.tolist() == [1 << 40] * 28


class _Collect(Instrument):
    def __init__(self) -> None:
        self.seen: list[Event] = []

    def event(self, event: Event) -> None:
        self.seen.append(event)


class _Broken(Instrument):
    def event(self, event: Event) -> None:
        raise RuntimeError("broken instrument")


def test_instruments_see_every_compiled_record_and_a_broken_one_is_removed() -> None:
    rec = Recorder(64)
    collect = _Collect()
    rec.add_instrument(collect)
    rec.add_instrument(_Broken())
    _write(rec, 3)
    records = rec.drain()
    kinds = [r[2] for r in records]
    assert kinds == [Ev.MARK, Ev.INSTRUMENT_ERROR, Ev.MARK, Ev.MARK]
    assert [e.kind for e in collect.seen] == [Ev.MARK] * 3  # (the error is not dispatched)
    assert len(rec.instruments) == 1
    rec.remove_instrument(collect)
    _write(rec, 1)
    assert len(collect.seen) == 3


# -- whole recordings on both paths -----------------------------------------------------------
def _timeless(records: list[Record]) -> list[Record]:
    """The records with every field that measures time zeroed: ts, poll timeouts and blocked
    ns, timer deadlines and lateness, slow-step durations."""
    out = []
    for seq, _ts, kind, task, a, b, c in records:
        if kind == Ev.POLL_BEGIN:
            a = 0
        elif kind in (Ev.POLL_END, Ev.TIMER_ADDED, Ev.TIMER_FIRED) \
                or (kind == Ev.STEP_END and a == Wait.TIMER):
            b = 0
        elif kind == Ev.SLOW_STEP:
            a = c = 0
        out.append((seq, 0, int(kind), task, a, b, c))
    return out


#: How long a poll that would wait for a timer first waits for real: loopback data is
#: delivered by the sender's system call, or a moment later when the kernel defers it to its
#: softirq thread on a busy machine; a jump of the clock must not overtake it.
_SETTLE_S = 0.005


class _VirtualClock:
    """``loop.time()`` that only a poll moves: to the deadline it would have waited for.

    Fds a poll returns are put in fd order: epoll lists them in the order they became ready,
    which two sockets written in one iteration can swap."""

    def __init__(self, loop: Any) -> None:
        self.now = 1000.0
        selector = loop._selector
        poll = selector.select

        def select(timeout: float | None = None) -> Any:
            events = poll(0)
            if not events and timeout != 0:
                events = poll(_SETTLE_S if timeout is not None else None)
                if not events and timeout is not None:
                    self.now += timeout
            return sorted(events, key=lambda event: event[0].fd)

        selector.select = select
        loop.time = self.time

    def time(self) -> float:
        return self.now


def _record(run: Callable[[], Coroutine[Any, Any, Any]], compiled: bool,
            virtual_time: bool = False, rec: Recorder | None = None,
            ) -> tuple[list[Record], Recorder]:
    """Run ``run()`` to the end on a new loop; the records it left in the ring."""
    rec = rec if rec is not None else Recorder(compiled=compiled)
    loop = new_loop(recorder=rec)
    if virtual_time:
        _VirtualClock(loop)
        # (a step slower than the threshold on the real clock is a race with the machine)
        loop.set_slow_step_threshold(3600)
    try:
        loop.run_until_complete(run())
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()
    assert (loop._ls.accel is not None) == compiled
    return rec.drain(), rec


def _sample(name: str) -> Callable[[], Coroutine[Any, Any, Any]]:
    workload = registry.get(name)
    values = workload.validate(SMALL[name])
    return lambda: workload.cooperative(**values)


def _states(records: list[Record], rec: Recorder) -> list[Any]:
    store = EventStore(rec.strings, rec.tasks)
    store.append(_timeless(records))
    reducer = Reducer(store)
    states = []
    for i in range(1, len(store) + 1):
        reducer.apply_until(i)
        states.append(reducer.state())
    return states


_DEFAULT_NAME = re.compile(r"\bTask-\d+")


def _unnumbered(texts: list[str]) -> list[str]:
    """asyncio numbers unnamed tasks from one process-wide counter ("Task-9" in the second
    run of what was "Task-1" in the first): the number is not part of the schedule."""
    return [_DEFAULT_NAME.sub("Task-N", text) for text in texts]


def _same_states(name: str, make: Callable[[], Coroutine[Any, Any, Any]]) -> None:
    compiled, rec_c = _record(make, True, virtual_time=True)
    pure, rec_p = _record(make, False, virtual_time=True)
    assert _unnumbered(rec_c.strings) == _unnumbered(rec_p.strings)
    assert _unnumbered([t.name for t in rec_c.tasks.values()]) == \
        _unnumbered([t.name for t in rec_p.tasks.values()])
    states_c, states_p = _states(compiled, rec_c), _states(pure, rec_p)
    assert len(states_c) == len(states_p), f"{name}: {len(states_c)} vs {len(states_p)} events"
    for i, (a, b) in enumerate(zip(states_c, states_p, strict=True)):
        assert a == b, f"{name}: the states differ after event {i} ({Ev(compiled[i][2]).name})"


@pytest.mark.parametrize("name", EXACT_SAMPLES)
def test_a_sample_replays_to_the_same_states_on_both_paths(name: str) -> None:
    _same_states(name, _sample(name))


def _repertoires(records: list[Record], rec: Recorder) -> dict[str, set[tuple[Any, ...]]]:
    """Each task's distinct events, by task name, with what names them spelled out (string
    ids depend on the order strings were first met)."""
    stories: dict[str, set[tuple[Any, ...]]] = {}
    # Unnamed tasks by the order of their spawns (their asyncio numbers differ run to run).
    unnamed = iter(range(1, len(rec.tasks) + 1))
    names = {serial: (f"unnamed-{next(unnamed)}" if _DEFAULT_NAME.fullmatch(info.name)
                      else info.name) for serial, info in sorted(rec.tasks.items())}
    for _seq, _ts, kind, task, a, _b, c in _timeless(records):
        if not task or kind in (Ev.TIMER_ADDED, Ev.TIMER_FIRED, Ev.TIMER_CANCELLED,
                                Ev.CALLBACK_READY, Ev.SLOW_STEP, Ev.FD_REGISTER,
                                Ev.FD_MODIFY):
            continue  # (handle serials and fd owners depend on the interleaving)
        name = names.get(task, f"#{task}")
        if kind == Ev.STEP_END:
            text = rec.strings[c] if a in (Wait.FUTURE, Wait.THREAD) else ""
            stories.setdefault(name, set()).add((Ev(kind).name, int(a), text))
        elif kind in (Ev.TASK_READY, Ev.STEP_BEGIN, Ev.TASK_EXITED, Ev.TASK_SPAWNED):
            stories.setdefault(name, set()).add((Ev(kind).name,
                                                 int(a) if kind == Ev.TASK_EXITED else 0))
    return stories


@pytest.mark.parametrize("name", RACING_SAMPLES)
def test_a_racing_sample_gives_each_task_the_same_events_on_both_paths(name: str) -> None:
    compiled, rec_c = _record(_sample(name), True)
    pure, rec_p = _record(_sample(name), False)
    assert _repertoires(compiled, rec_c) == _repertoires(pure, rec_p)


async def _everything_a_step_can_end_in() -> None:
    """Steps that yield, wait on timers, tasks, futures and queues, raise, get cancelled,
    and plain callbacks (named, partial, cancelled before they run)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[int] = asyncio.Queue()

    async def worker(k: int) -> int:
        for _ in range(k):
            await asyncio.sleep(0)
        await queue.put(k)
        return k

    async def failing() -> None:
        await asyncio.sleep(0)
        raise ValueError("expected")

    async def sleeper() -> None:
        await asyncio.sleep(3600)

    workers = [asyncio.create_task(worker(k), name=f"worker-{k}") for k in range(4)]
    bad = asyncio.create_task(failing(), name="failing")
    slow = asyncio.create_task(sleeper(), name="sleeper")
    loop.call_soon(functools.partial(print, end=""))
    skipped = loop.call_soon(print)
    skipped.cancel()
    future = loop.create_future()
    loop.call_soon(future.set_result, 1)
    await future
    await asyncio.gather(*workers)
    for _ in workers:
        await queue.get()
    with pytest.raises(ValueError):
        await bad
    slow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await slow


def test_every_way_a_step_ends_replays_the_same_on_both_paths() -> None:
    gc.collect()
    _same_states("steps", _everything_a_step_can_end_in)


def test_slow_steps_and_callbacks_are_recorded_alike_on_both_paths() -> None:
    async def main() -> None:
        asyncio.get_running_loop().set_slow_step_threshold(1e-9)  # every unit is slow
        await _everything_a_step_can_end_in()

    compiled, rec_c = _record(main, True)
    pure, rec_p = _record(main, False)
    slow_c = [r for r in _timeless(compiled) if r[2] == Ev.SLOW_STEP]
    slow_p = [r for r in _timeless(pure) if r[2] == Ev.SLOW_STEP]
    assert len(slow_c) == len(slow_p) > 20
    assert [(r[3], rec_c.strings[r[5]].rsplit(":", 1)[0]) for r in slow_c] == \
        [(r[3], rec_p.strings[r[5]].rsplit(":", 1)[0]) for r in slow_p]


# -- packed records: fewer records written, the same events read -------------------------------
def _chain(n: int, loop_probe: Callable[[], None] | None = None,
           ) -> Callable[[], Coroutine[Any, Any, None]]:
    """``n`` callbacks, each scheduling the next with call_soon (one per loop iteration)."""
    async def main() -> None:
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        left = n

        def tick() -> None:
            nonlocal left
            left -= 1
            if loop_probe is not None:
                loop_probe()
            if left:
                loop.call_soon(tick)
            else:
                done.set_result(None)

        loop.call_soon(tick)
        await done
    return main


def test_a_call_soon_callback_takes_at_most_three_records() -> None:
    """The chain's iteration is a poll that cannot block (timeout 0) and one callback that
    schedules the next: POLL_BEGIN, POLL_END, CALLBACK_BEGIN, CALLBACK_READY, CALLBACK_END.
    The ring holds it in three records; a drain reads the five events."""
    n = 2000
    rec = Recorder()
    loop = new_loop(recorder=rec)
    try:
        loop.run_until_complete(_chain(n)())
    finally:
        loop.close()
    records = rec.pending()
    events = rec.drain()
    kinds = [r[2] for r in events]
    assert kinds.count(Ev.CALLBACK_BEGIN) == kinds.count(Ev.CALLBACK_END) >= n
    assert records <= 3 * n + 40 < len(events)
    assert [r[0] for r in events] == list(range(events[0][0], events[0][0] + len(events)))


def test_packed_records_unpack_to_the_pure_paths_events() -> None:
    _same_states("chain", _chain(50))


def test_a_callback_drained_while_it_runs_gets_its_own_end() -> None:
    """A reader that drains while a callback runs shows it running: its BEGIN has left the
    ring, so the END is written as a record of its own."""
    rec = Recorder()
    drained: list[Record] = []
    rest, _ = _record(_chain(3, lambda: drained.extend(rec.drain())), True, rec=rec)
    drained.extend(rest)
    pure, _ = _record(_chain(3), False)
    assert [r[2] for r in drained] == [r[2] for r in pure]
    assert [r[0] for r in drained] == sorted(r[0] for r in drained)


def test_a_packed_poll_takes_two_seqs_and_unpacks_to_both_events() -> None:
    rec = Recorder(64)
    ring = rec.compiled_ring
    assert ring is not None
    rec.emit(Ev.MARK)
    ring.emit_poll(1_000, 1_750, 9, 2, 5)
    assert rec.next_seq() == 4 and rec.pending() == 2
    events = rec.drain()
    assert events[1:] == [(2, 1_000, int(Ev.POLL_BEGIN), 0, 0, 9, 5),
                          (3, 1_750, int(Ev.POLL_END), 0, 2, 750, 5)]


def test_a_limited_drain_keeps_a_callbacks_end_after_its_own_events() -> None:
    rec = Recorder()
    loop = new_loop(recorder=rec)
    try:
        loop.run_until_complete(_chain(20)())
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()
    batches = []
    while batch := rec.drain(1):
        batches.append(batch)
    events = [r for batch in batches for r in batch]
    pure, _ = _record(_chain(20), False)
    assert [r[2] for r in events] == [r[2] for r in pure]
    assert any(len(batch) > 1 for batch in batches)  # a packed callback came whole
    assert rec.dropped == 0


def test_instruments_see_packed_events_as_they_happen() -> None:
    rec = Recorder()
    collect = _Collect()
    rec.add_instrument(collect)
    loop = new_loop(recorder=rec)
    try:
        loop.run_until_complete(_chain(20)())
    finally:
        loop.close()
    events = rec.drain()
    assert [e.kind for e in collect.seen] == [r[2] for r in events]
