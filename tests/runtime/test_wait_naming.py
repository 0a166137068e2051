"""What a task is registered for when the future it awaits carries no recorded wait.

The loop walks the task's await chain down to the frame that awaits the future. The chain
goes through ``@asynccontextmanager`` (``async with`` awaits the generator's ``asend``),
``anext()``, ``obj.__await__`` wrappers, and ``asyncio.shield`` (the task awaits a fresh future;
what it waits for is the shielded one). Every case here runs real tasks on the traced loop and
asserts the exact registered reason; the last runs the ``db-user-lookup`` sample itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import threading
from collections.abc import AsyncIterator
from typing import Any

from app.trace.events import Ev, Wait
from tests.support.traces import record, serial_of, task_sequence
from tests.support.workloads import SMALL, run_cooperative

_release = threading.Event()


def _blocking() -> str:
    _release.wait(10)
    return "done"


async def _worker_result() -> str:
    """A plain future that a thread of ours completes (as aiosqlite's worker does)."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def work() -> None:
        loop.call_soon_threadsafe(future.set_result, _blocking())

    threading.Thread(target=work).start()
    return await future


#: How the wait reads: named by the frame that awaits the future.
_AWAITS_WORKER = (f"registered(future _worker_result:"
                  f"{inspect.getsourcelines(_worker_result)[1] + 9})")


@contextlib.asynccontextmanager
async def _resource() -> AsyncIterator[str]:
    yield await _worker_result()  # entering it waits for the thread


async def _agen() -> AsyncIterator[str]:
    yield await _worker_result()


class _Awaitable:
    def __await__(self) -> Any:
        return _worker_result().__await__()


def _registered(main: Any) -> list[str]:
    """The registered reasons of the task ``waiter`` while the thread runs."""

    async def run() -> None:
        _release.clear()
        waiter = asyncio.create_task(main(), name="waiter")
        await asyncio.sleep(0.01)
        _release.set()
        await waiter

    _, events, rec = record(run)
    return [step for step in task_sequence(rec, events, serial_of(rec, "waiter"))
            if step.startswith("registered")]


def test_async_with_on_an_asynccontextmanager_waits_for_what_its_generator_awaits() -> None:
    async def main() -> None:
        async with _resource():
            pass

    assert _registered(main) == [_AWAITS_WORKER]


def test_anext_waits_for_what_the_async_generator_awaits() -> None:
    async def main() -> None:
        await anext(_agen())
        await anext(_agen(), "default")  # through the anext_awaitable wrapper

    assert _registered(main) == [_AWAITS_WORKER] * 2


def test_an_await_wrapper_is_seen_through() -> None:
    async def main() -> None:
        await _Awaitable()

    assert _registered(main) == [_AWAITS_WORKER]


def test_a_shield_waits_for_what_it_protects() -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        await asyncio.shield(loop.run_in_executor(None, _blocking))
        await asyncio.shield(asyncio.gather(asyncio.sleep(0.001), asyncio.sleep(0.001)))
        await asyncio.shield(asyncio.create_task(asyncio.sleep(0.001), name="inner"))

    assert _registered(main) == ["registered(thread run_in_executor(_blocking))",
                                 "registered(future gather)", "registered(task inner)"]


def test_awaiting_the_database_waits_for_the_aiosqlite_worker_thread() -> None:
    """The seed's own example: every wait of every task of db-user-lookup, exactly.

    A query runs on aiosqlite's worker thread; ``async with AsyncSession(...)`` and
    ``engine.begin()`` enter through async generators; the session's close runs in a task of
    its own (``_run_to_completion``: ``await asyncio.shield(task)``); the sample shields its
    gather.
    """
    _, events, rec = run_cooperative("db-user-lookup", SMALL["db-user-lookup"])
    lookups = {s for s, info in rec.tasks.items() if info.name.startswith("lookup-")}
    main = next(s for s, info in rec.tasks.items() if info.coro == "run")
    waits: dict[int, set[tuple[str, str]]] = {}
    for e in events:
        if e.kind == Ev.STEP_END and e.a not in (Wait.READY, Wait.DONE):
            what = rec.strings[e.c] if e.a in (Wait.FUTURE, Wait.THREAD) else ""
            if e.a == Wait.TASK:
                what = "lookup" if e.b in lookups else rec.tasks[e.b].coro
            waits.setdefault(e.task, set()).add((Wait(e.a).name, what))
    worker = ("THREAD", "aiosqlite worker")
    closing = {("TASK", "AsyncSession.close"), ("TASK", "AsyncConnection.close")}
    assert waits.pop(main) == {worker, ("FUTURE", "gather"), *closing}  # seed, then look-ups
    for lookup in lookups:
        assert waits.pop(lookup) == {worker, ("TASK", "AsyncSession.close")}
    # What is left: the close tasks and the engine's own (connection returns to the pool).
    assert waits and all(reasons == {worker} for reasons in waits.values()), waits


async def _blocked_in_every_named_at_creation() -> list[tuple[Any, Any, Any]]:
    """Tasks waiting inside every function of loop.py's _NAMED_AT_CREATION; for each, what
    its future was named when made and what walking its await chain names it."""
    loop: Any = asyncio.get_running_loop()
    full: asyncio.Queue[int] = asyncio.Queue(maxsize=1)
    full.put_nowait(0)
    lock, semaphore, condition = asyncio.Lock(), asyncio.Semaphore(0), asyncio.Condition()
    await lock.acquire()

    async def condition_wait() -> None:
        async with condition:
            await condition.wait()

    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1)  # (never sent: the client's read below waits too)

    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    reader, writer = await asyncio.open_connection(*server.sockets[0].getsockname()[:2])
    writer.transport.pause_reading()
    protocol: Any = writer._protocol  # type: ignore[attr-defined]
    protocol.pause_writing()  # (as a full send buffer would: drain() waits)
    waits = [asyncio.Queue().get(), full.put(1), asyncio.Event().wait(), lock.acquire(),
             semaphore.acquire(), condition_wait(), reader.read(1), writer.drain()]
    tasks = [asyncio.create_task(w) for w in waits]
    for _ in range(5):
        await asyncio.sleep(0)
    found = []
    for task in tasks:
        waiter = task._fut_waiter  # type: ignore[attr-defined]
        kind, detail, name = loop._ls_name_wait(task, waiter)
        found.append((getattr(waiter, "_ls_wait", None),
                       (kind, detail, loop.recorder.intern(name)), name))
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    protocol.resume_writing()
    writer.close()
    server.close()
    await server.wait_closed()
    return found


def test_a_future_named_when_made_is_named_as_its_awaiting_frame_would_name_it() -> None:
    found, _, _ = record(_blocked_in_every_named_at_creation)
    assert [name for *_, name in found] == [
        "Queue.get", "Queue.put", "Event.wait", "Lock.acquire", "Semaphore.acquire",
        "Condition.wait", "StreamReader._wait_for_data", "FlowControlMixin._drain_helper"]
    for named_when_made, named_by_walking, name in found:
        assert named_when_made == named_by_walking, name
    assert found[6][0][0] == Wait.FD_READ and found[6][0][1] > 0
    assert found[7][0][0] == Wait.FD_WRITE and found[7][0][1] > 0
