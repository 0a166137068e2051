"""Cross-thread wake-ups: a worker thread, call_soon_threadsafe, the self-pipe, the task."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from typing import Any

from app.runtime.recorder import Recorder
from app.trace.events import Cause, Ev, Event, Wait
from tests.support.traces import record, serial_of, task_sequence


def _assert_woken_through_self_pipe(events: list[Event], rec: Recorder, serial: int) -> None:
    """THREAD_WAKE (worker) → FD_EVENT(self-pipe) → callback runs → the task becomes ready."""
    self_pipe = next(e.a for e in events if e.kind == Ev.LOOP_INFO)
    step_end = next(i for i, e in enumerate(events)
                    if e.kind == Ev.STEP_END and e.task == serial and e.a == Wait.THREAD)
    wake = next(i for i in range(step_end, len(events))
                if events[i].kind == Ev.THREAD_WAKE)
    assert rec.strings[events[wake].b] != "MainThread"
    callback_ready = events[wake + 1]
    assert callback_ready.kind == Ev.CALLBACK_READY
    assert (callback_ready.b, callback_ready.c) == (Cause.THREAD, events[wake].b)
    pipe = next(i for i in range(wake, len(events))
                if events[i].kind == Ev.FD_EVENT and events[i].a == self_pipe)
    ready = next(i for i in range(wake, len(events))
                 if events[i].kind == Ev.TASK_READY and events[i].task == serial)
    assert events[ready].a == Cause.THREAD and events[ready].b == events[wake].b
    # The worker's callback runs in the loop thread, after epoll_wait returned the self-pipe.
    run = next(i for i in range(wake, len(events)) if events[i].kind == Ev.CALLBACK_BEGIN
               and events[i].a == callback_ready.a)
    assert pipe < run < ready


def test_run_in_executor_wakes_the_task_through_the_self_pipe() -> None:
    async def main() -> int:
        async def offload() -> int:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(None, lambda: (time.sleep(0.02), 42)[1])

        return await asyncio.create_task(offload(), name="offload")

    result, events, rec = record(main)
    assert result == 42
    serial = serial_of(rec, "offload")
    seq = task_sequence(rec, events, serial)
    assert seq[:3] == ["spawned", "ready(spawn)", "running"]
    assert seq[3].startswith("registered(thread run_in_executor(")
    assert seq[4:] == ["ready(thread)", "running", "done(ok)"]
    _assert_woken_through_self_pipe(events, rec, serial)


def test_aiosqlite_query_is_a_worker_thread_and_a_self_pipe_wake() -> None:
    import aiosqlite

    fd, path = tempfile.mkstemp(suffix=".db")
    os.close(fd)

    async def main() -> Any:
        async def lookup() -> Any:
            async with aiosqlite.connect(path) as db:
                await db.execute("create table users (token text, name text)")
                await db.execute("insert into users values ('t1', 'ada')")
                async with db.execute("select name from users where token = 't1'") as cur:
                    return await cur.fetchone()

        return await asyncio.create_task(lookup(), name="lookup")

    try:
        result, events, rec = record(main)
    finally:
        os.unlink(path)
    assert result == ("ada",)
    serial = serial_of(rec, "lookup")
    seq = task_sequence(rec, events, serial)
    waits = [s for s in seq if s.startswith("registered(")]
    assert waits and all(s == "registered(thread aiosqlite worker)" for s in waits), waits
    assert seq.count("ready(thread)") == len(waits)
    _assert_woken_through_self_pipe(events, rec, serial)
