"""Task names as every view shows them (all read ``EventStore.task_name``): two launches in one
recording never show the same names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core import tracefile
from app.core.engine import Engine
from app.core.events import Ev
from app.core.store import EventStore
from app.core.tracefile import Session

TCP_ECHO = {"clients": 2, "messages": 2, "payload": 16, "think_ms": 0}
DEFAULT = re.compile(r"Task-\d+")


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = Engine()
    yield engine
    engine.stop()


def launch_and_wait(engine: Engine, name: str) -> None:
    launch = engine.launch(name, TCP_ECHO)
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

