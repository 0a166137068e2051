"""Helpers for the store / reducer tests: real recorded runs, kept as raw records and a store."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import Callable, Coroutine
from typing import Any

from app.runtime.factory import new_loop
from app.runtime.recorder import Recorder
from app.trace.events import Ev, Record
from app.trace.store import EventStore

#: The backend the store and reducer tests record on. On Windows that is ``select``, not the
#: default ``iocp``: these tests assert the exact ready queues, fds and polls of a selector
#: loop, while a ProactorEventLoop adds its own ``_loop_self_reading`` callback (queued again
#: when ``run_forever`` cancels its read at the stop, so still queued when the loop closes)
#: and waits on overlapped operations, not on fds. IOCP's own sequences are asserted in
#: tests/runtime/test_sequences_iocp.py; the recordings of ``make test-windows`` are replayed.
RECORD_BACKEND = "select" if sys.platform == "win32" else "auto"


class Run:
    """One recorded run: the result, the raw records, the store holding them, the recorder."""

    def __init__(self, result: Any, records: list[Record], store: EventStore,
                 recorder: Recorder) -> None:
        self.result = result
        self.records = records
        self.store = store
        self.recorder = recorder

    def serial(self, name: str) -> int:
        matches = [s for s, info in self.recorder.tasks.items() if info.name == name]
        assert len(matches) == 1, f"{len(matches)} tasks named {name!r}"
        return matches[0]

    def first(self, kind: Ev, start: int = 0, **fields: int) -> int:
        """Index of the first event of ``kind`` at or after ``start`` whose fields match."""
        store = self.store
        for i in range(start, len(store)):
            if store.kind[i] != kind:
                continue
            e = store.record(i)
            if all(getattr(e, k) == v for k, v in fields.items()):
                return i
        raise AssertionError(f"no {kind.name} {fields} after {start}")


def record_run(main: Callable[[], Coroutine[Any, Any, Any]], **kwargs: Any) -> Run:
    """Run ``main()`` to completion on a fresh traced loop and keep everything it recorded."""
    loop = new_loop(kwargs.pop("backend", RECORD_BACKEND), **kwargs)
    rec = loop.recorder
    try:
        result = loop.run_until_complete(main())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()
    records = rec.drain()
    store = EventStore.for_recorder(rec)
    store.append(records)
    return Run(result, records, store, rec)


async def mixed_round(port: int, rounds: int = 24) -> None:
    """A bit of everything: yields, timers, a Queue, task churn, TCP echo, executor calls."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=4)

    async def yielder() -> None:
        for _ in range(rounds):
            await asyncio.sleep(0)

    async def sleeper(i: int) -> None:
        for _ in range(rounds // 8):
            await asyncio.sleep(0.0001 * (1 + i % 3))

    async def producer() -> None:
        for i in range(rounds):
            await queue.put(i)
        await queue.put(-1)

    async def consumer() -> None:
        while await queue.get() >= 0:
            pass

    async def tiny(i: int) -> int:
        if i % 2:
            await asyncio.sleep(0)
        if i == 5:
            raise ValueError("tiny failed")
        return i

    async def churn() -> None:
        for _ in range(rounds // 8):
            await asyncio.gather(*(asyncio.create_task(tiny(i)) for i in range(6)),
                                 return_exceptions=True)

    async def echo_client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(rounds // 4):
            writer.write(b"ping\n")
            await writer.drain()
            await reader.readline()
        writer.close()
        await writer.wait_closed()

    async def executor() -> None:
        for _ in range(2):
            await loop.run_in_executor(None, time.sleep, 0)

    async def canceller() -> None:
        victim = asyncio.create_task(asyncio.sleep(10))
        await asyncio.sleep(0)
        loop.call_soon(victim.cancel)  # a Task-bound callback that is not a step
        handle = loop.call_soon(print, "never printed")
        handle.cancel()  # leaves the queue as HANDLE_SKIPPED
        with contextlib.suppress(asyncio.CancelledError):
            await victim

    await asyncio.gather(*(yielder() for _ in range(6)), *(sleeper(i) for i in range(4)),
                         producer(), consumer(), churn(), echo_client(), executor(),
                         canceller())


async def serve_mixed(n_rounds: int) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while line := await reader.readline():
            writer.write(line)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    for _ in range(n_rounds):
        await mixed_round(port)
    server.close()
    await server.wait_closed()


def record_mixed(n_events: int) -> tuple[list[Record], EventStore]:
    """A real mixed trace of at least ``n_events`` events (the records and a store of them)."""
    recorder = Recorder(capacity=1 << 21)
    loop = new_loop(RECORD_BACKEND, recorder=recorder)
    store = EventStore.for_recorder(recorder)
    records: list[Record] = []
    try:
        while len(records) < n_events:
            loop.run_until_complete(serve_mixed(max(1, min(20, n_events // 4000))))
            batch = recorder.drain()
            records.extend(batch)
            store.append(batch)
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()
    batch = recorder.drain()
    records.extend(batch)
    store.append(batch)
    assert store.dropped == 0
    return records, store
