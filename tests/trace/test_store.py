"""EventStore: exact round trip of real recorded records, growth, size budget, drop gaps."""

from __future__ import annotations

import asyncio
import random

import numpy as np
import pytest

from app.trace.events import Ev, Event, Record
from app.trace.store import EventStore
from tests.support.stores import record_mixed, record_run


async def _small_workload() -> int:
    async def child(n: int) -> int:
        await asyncio.sleep(0.001)
        return n

    tasks = [asyncio.create_task(child(i), name=f"child-{i}") for i in range(3)]
    q: asyncio.Queue[int] = asyncio.Queue()
    q.put_nowait(1)
    await q.get()
    return sum(await asyncio.gather(*tasks))


def test_round_trip_of_a_real_run() -> None:
    run = record_run(_small_workload)
    store, records = run.store, run.records
    assert run.result == 3
    assert len(store) == len(records) > 20
    assert store.dropped == 0 and store.gaps == []
    # Columns are exact numpy views over [0, len).
    for col, k in (("ts", 1), ("kind", 2), ("task", 3), ("a", 4), ("b", 5), ("c", 6)):
        arr = getattr(store, col)
        assert isinstance(arr, np.ndarray) and len(arr) == len(records)
        assert arr.tolist() == [r[k] for r in records], col
    # record(i) / slice(i, j) decode exactly what the recorder wrote, seq included.
    for i, r in enumerate(records):
        assert store.record(i) == Event.of(r)
    assert store.record(-1) == Event.of(records[-1])
    assert store.slice(3, 11) == [Event.of(r) for r in records[3:11]]
    assert store.slice(len(records) - 2, len(records) + 50) == [Event.of(r)
                                                                for r in records[-2:]]
    assert store.slice(5, 5) == []
    with pytest.raises(IndexError):
        store.record(len(records))


def test_store_shares_the_recorders_tables() -> None:
    run = record_run(_small_workload)
    store, rec = run.store, run.recorder
    assert store.strings is rec.strings and store.tasks is rec.tasks
    spawned = [store.record(i) for i in range(len(store)) if store.kind[i] == Ev.TASK_SPAWNED]
    names = {store.task_name(e.task) for e in spawned}
    assert {"child-0", "child-1", "child-2"} <= names
    renamed = {store.record(i).task: store.record(i).a for i in range(len(store))
               if store.kind[i] == Ev.TASK_RENAMED}  # 3.11 names a task after scheduling it
    for e in spawned:  # name string ids render through the shared table
        assert store.string(renamed.get(e.task, e.c)) == rec.tasks[e.task].name
    assert store.task_name(10_000) == "task 10000"
    assert store.string(10**9).startswith("<string")


def test_batches_growth_and_bytes_per_event() -> None:
    records, _ = record_mixed(60_000)
    n = len(records)
    store = EventStore()
    old_ts = None
    i = 0
    rng = random.Random(7)
    while i < n:  # drain-sized batches of uneven length, as the bridge would append them
        m = rng.choice((1, 17, 999, 5000, 20_000))
        store.append(records[i:i + m])
        if old_ts is None and len(store) > 100:
            old_ts = store.ts  # a view taken before the store grew
            old_copy = old_ts.copy()
        i += m
    assert len(store) == n
    assert store.kind.tolist() == [r[2] for r in records]
    assert store.b.tolist() == [r[5] for r in records]
    assert store.append([]) == 0
    # Views handed out earlier stay valid after growth (they keep the old buffer alive).
    assert old_ts is not None and np.array_equal(old_ts, old_copy)
    assert store.bytes_per_event_used == 37
    # Head-room is at most max(64 Ki events, 1/8 of the store): here ≤ 44 bytes/event.
    big = EventStore()
    for k in range(6):  # one recording: each copy continues the sequence numbers
        big.append([(r[0] + k * n, *r[1:]) for r in records])
    assert big.bytes_per_event() <= 48, big.bytes_per_event()
    big.compact()
    assert big.bytes_per_event() == 37
    assert big.kind.tolist()[:n] == [r[2] for r in records]


def test_task_column_widens_instead_of_wrapping() -> None:
    store = EventStore()
    store.append([(1, 10, Ev.MARK, 5, 0, 0, 0)])
    huge = 2**40
    store.append([(2, 11, Ev.TASK_READY, huge, 1, 0, 0)])
    assert store.task.tolist() == [5, huge]
    assert store.record(1).task == huge


def test_dropped_events_are_counted_where_they_happened() -> None:
    run = record_run(_small_workload)
    records: list[Record] = list(run.records)
    kept = records[:10] + records[15:30] + records[31:]  # the ring lost 5, then 1
    store = EventStore()
    store.append(kept[:12])  # the first gap inside a batch, the second...
    store.append(kept[12:25])  # ...right at a batch boundary
    store.append(kept[25:])
    assert store.dropped == 6
    assert store.gaps == [(10, 5), (25, 1)]
    assert store.lost_before(9) == 0 and store.lost_before(10) == 5
    assert store.lost_before(len(store) - 1) == 6
    # seq is rebuilt exactly from the gap table.
    assert [store.record(i).seq for i in range(len(store))] == [r[0] for r in kept]
    assert [e.seq for e in store.slice(0, len(store))] == [r[0] for r in kept]
    # A store can start anywhere in the stream (a drop before the first drained event).
    late = EventStore()
    late.append(records[40:])
    assert late.dropped == 0 and late.record(0).seq == records[40][0]


def test_swapped_sequence_numbers_are_not_counted_as_lost() -> None:
    # Two threads can take seq n and n+1 and append them in the other order.
    store = EventStore()
    store.append([(1, 1, Ev.MARK, 0, 0, 0, 0), (3, 2, Ev.MARK, 0, 0, 0, 0),
                  (2, 3, Ev.MARK, 0, 0, 0, 0), (4, 4, Ev.MARK, 0, 0, 0, 0)])
    assert store.dropped == 0 and store.gaps == []  # no gap, which the reducer would count
    store.append([(6, 5, Ev.MARK, 0, 0, 0, 0)])
    assert store.dropped == 1 and store.gaps == [(4, 1)]


def test_a_seq_written_late_fills_its_gap_even_after_a_drain() -> None:
    """Seen in a recording with executor threads: 4302, 4304, 4305, 4303, 4306. The late
    seq may come a few places later, even in the next drained batch; the gap it left goes,
    and a real loss beside it stays counted."""
    def marks(*seqs: int) -> list[Record]:
        return [(q, q, Ev.MARK, 0, 0, 0, 0) for q in seqs]

    store = EventStore()
    store.append(marks(4300, 4301, 4302, 4304, 4305))
    assert store.gaps == [(3, 1)]  # 4303 missing, for now
    store.append(marks(4303, 4306, 4309, 4308, 4310))  # 4303 late; 4307 lost; 4308 late
    assert store.gaps == [(7, 1)] and store.dropped == 1
    assert store.lost_before(len(store) - 1) == 1
    store.trim(6)
    store.append(marks(4312, 4311))
    assert store.gaps == [(1, 1)] and store.dropped == 1 and store.dropped_discarded == 0
