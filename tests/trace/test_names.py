"""Task names as every view shows them (all read ``EventStore.task_name``): two launches in one
recording never show the same names, and a task that kept asyncio's default name is shown with
its coroutine."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.runtime.engine import Engine
from app.trace import perfetto, tracefile
from app.trace.events import Ev, TaskInfo
from app.trace.store import EventStore
from app.trace.text import Describer
from app.trace.tracefile import Session
from app.workloads import registry
from tests.support.stores import record_run

TCP_ECHO = {"clients": 2, "messages": 2, "payload": 16, "think_ms": 0}
DEFAULT = re.compile(r"Task-\d+")


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = Engine()
    yield engine
    engine.stop()


def launch_and_wait(engine: Engine, name: str) -> None:
    launch = engine.launch(registry.get(name), TCP_ECHO)
    launch.result.result(timeout=30)


def recorded(engine: Engine) -> EventStore:
    store = EventStore.for_recorder(engine.recorder)
    store.append(engine.recorder.drain())
    return store


def roles(store: EventStore, serials: list[int]) -> list[str]:
    """The shown names with the parts that differ between two runs by nature (asyncio's
    process-wide Task-N counter) taken out."""
    return sorted(DEFAULT.sub("Task-N", store.task_name(s)) for s in serials)


def test_the_second_launch_of_a_sample_numbers_its_tasks(engine: Engine,
                                                         tmp_path: Path) -> None:
    launch_and_wait(engine, "tcp-echo")
    first = sorted(engine.recorder.tasks)
    launch_and_wait(engine, "tcp-echo")
    store = recorded(engine)
    second = sorted(set(store.tasks) - set(first))
    shown = [store.task_name(s) for s in first + second]
    assert len(set(shown)) == len(shown), shown  # no two tasks share a name
    # The first launch keeps the plain names; the second one numbers every task of its run,
    # including the server's handlers, which asyncio creates from a callback.
    assert "main" in shown and "client-0" in shown and "handler-1" in shown
    assert not any(" (" in store.task_name(s) for s in first)
    assert all(store.task_name(s).endswith(" (2)") for s in second)
    assert roles(store, second) == sorted(f"{name} (2)" for name in roles(store, first))
    # The numbered name is what was recorded: a saved session shows it, with no app around.
    spawned = {store.task[i]: store.string(int(store.c[i])) for i in range(len(store))
               if store.kind[i] == Ev.TASK_SPAWNED}
    renamed = {store.task[i]: store.string(int(store.a[i])) for i in range(len(store))
               if store.kind[i] == Ev.TASK_RENAMED}
    assert {**spawned, **renamed}[second[1]] == store.tasks[second[1]].name
    tracefile.save(tmp_path / "two.loopscope", Session(store))
    opened = tracefile.load(tmp_path / "two.loopscope").store
    assert [opened.task_name(s) for s in first + second] == shown


def test_a_new_recording_starts_numbering_again(engine: Engine) -> None:
    launch_and_wait(engine, "tcp-echo")
    launch_and_wait(engine, "tcp-echo")
    engine.reset()
    launch_and_wait(engine, "tcp-echo")
    store = recorded(engine)
    assert not any(" (" in store.task_name(s) for s in store.tasks)
    assert "client-0" in {store.task_name(s) for s in store.tasks}


async def handle_echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(await reader.readexactly(4))
    await writer.drain()
    writer.close()


async def echo_once() -> bytes:
    server = await asyncio.start_server(handle_echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"ping")
    reply = await reader.readexactly(4)
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    return reply


def test_a_task_with_asyncios_default_name_is_shown_with_its_coroutine() -> None:
    run = record_run(echo_once)
    assert run.result == b"ping"
    store = run.store
    handler = next(s for s, info in store.tasks.items() if info.coro == "handle_echo")
    default_name = store.tasks[handler].name
    assert DEFAULT.fullmatch(default_name)  # what asyncio called it: Task-8, Task-41...
    assert store.task_name(handler) == f"handle_echo · {default_name}"
    # The event log, the board and the inspector describe events through the same names.
    d = Describer(store.strings, store.task_name)
    begin = run.first(Ev.STEP_BEGIN, task=handler)
    assert d.event(Ev.STEP_BEGIN, handler, 0, 0, 0) == f"handle_echo · {default_name} runs " \
        "(step)" and store.task[begin] == handler
    # So does a trace exported for Perfetto (its tracks add the serial).
    names = {e["args"]["name"] for e in perfetto.build(store)["traceEvents"]
             if e.get("name") == "thread_name"}
    assert f"handle_echo · {default_name} #{handler}" in names


@pytest.mark.parametrize(("name", "coro", "shown"), [
    ("Task-8", "handle_echo", "handle_echo · Task-8"),
    ("Task-9 (2)", "Server.handle", "handle · Task-9 (2)"),  # a second launch's task
    ("Task-10", "main.<locals>.serve", "serve · Task-10"),  # the function's own name
    ("reader", "main.<locals>.serve", "reader"),  # named by the program: its name alone
    ("Task-x", "f", "Task-x"),
])
def test_which_names_get_their_coroutine(name: str, coro: str, shown: str) -> None:
    store = EventStore(tasks={1: TaskInfo(1, name, coro, "f.py:1", 0, False)})
    assert store.task_name(1) == shown
