"""Bounded live memory: a reducer continued into a fresh store reaches the same state."""

from __future__ import annotations

import asyncio

from app.core.reducer import Reducer
from app.core.store import EventStore

from .trace_helpers import record


def test_continue_into_reaches_the_same_state_as_one_reducer() -> None:
    async def main() -> None:
        q: asyncio.Queue[int] = asyncio.Queue(maxsize=2)

        async def producer() -> None:
            for i in range(200):
                await q.put(i)

        async def consumer() -> None:
            for _ in range(200):
                await q.get()
                await asyncio.sleep(0)

        await asyncio.gather(producer(), consumer(), asyncio.sleep(0.01))

    _, events, rec = record(main)
    records = [(e.seq, e.ts, int(e.kind), e.task, e.a, e.b, e.c) for e in events]
    whole = EventStore(rec.strings, rec.tasks)
    whole.append(records)
    one = Reducer(whole)
    one.apply()
    for cut in (len(records) // 3, len(records) // 2, len(records) - 5):
        first = EventStore(rec.strings, rec.tasks)
        first.append(records[:cut])
        reducer = Reducer(first)
        reducer.apply()
        second = EventStore(rec.strings, rec.tasks)
        continued = reducer.continue_into(second)
        second.append(records[cut:])
        continued.apply()
        a, b = one.state(), continued.state()
        live = {s: t for s, t in a.tasks.items() if t.state != 4}  # DONE tasks stay behind
        assert {s: b.tasks[s] for s in live} == live
        assert (a.ready, a.timers, a.fds, a.running) == (b.ready, b.timers, b.fds, b.running)
        # Replay inside the continuation works from its own event 0.
        assert continued.state_at(0).tasks.keys() >= {s for s, t in
                                                       reducer.state().tasks.items()
                                                       if t.state != 4}
