"""A task is shown by the name it was given from the moment it exists, on every Python: on
3.11 asyncio.create_task names a task only after loop.create_task returned it, and the loop
records the name when the unit that created it ends, before the task first runs."""

from __future__ import annotations

import asyncio

from app.model.reducer import Reducer
from app.runtime.engine import Engine
from app.trace.events import Ev
from app.trace.store import EventStore


async def parent() -> None:
    children = [asyncio.create_task(asyncio.sleep(0), name=f"child-{i}") for i in range(2)]
    unnamed = asyncio.create_task(asyncio.sleep(0))
    await asyncio.gather(*children, unnamed)


def test_a_named_task_has_its_name_before_its_first_step() -> None:
    engine = Engine("auto")  # (IOCP on Windows: names are the loop's, not the backend's)
    engine.start(paused=True)
    store = EventStore.for_recorder(engine.recorder)
    try:
        engine.launch_coroutine("names", parent)
        for _ in range(40):  # until the parent's first step has ended
            engine.step(1).result(10)
            store.append(engine.recorder.drain())
            if (store.kind == Ev.STEP_END).any():
                break
        spawned = [int(t) for t, k in zip(store.task, store.kind, strict=True)
                   if k == Ev.TASK_SPAWNED]
        assert len(spawned) == 4  # main, two children, one left unnamed
        begun = {int(t) for t, k in zip(store.task, store.kind, strict=True)
                 if k == Ev.STEP_BEGIN}
        assert not begun & set(spawned[1:])  # none of them has run yet
        names = [store.task_name(serial) for serial in spawned[1:]]
        assert names[:2] == ["child-0", "child-1"]
        assert names[2].startswith("sleep · Task-")  # asyncio's default name, shown so
        state = Reducer(store).state_at(len(store))
        assert [store.task_name(s) for s in state.ready_tasks()] == names
    finally:
        engine.stop()
