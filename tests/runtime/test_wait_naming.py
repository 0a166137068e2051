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
