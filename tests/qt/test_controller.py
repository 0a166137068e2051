"""The controller without a window: engines come only from the factory it is given, commands
reach the engine and say when they are done, and a new loop forgets what was saved."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.qt.controller import Controller, make_engine
from app.runtime import backends
from app.runtime.engine import Engine
from tests.support.gui import TIMEOUT_MS, wait_done


class Factory:
    """make_engine, noting what it was asked for."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def __call__(self, backend: str, host: str, on_freeze: Callable[[float], None]) -> Engine:
        self.asked.append((backend, host))
        return make_engine(backend, host, on_freeze)


@pytest.fixture
def made(gui_loop: asyncio.AbstractEventLoop, no_leaks: None) -> Iterator[
        tuple[Controller, Factory]]:
    factory = Factory()
    controller = Controller(factory, backends.default(), "thread")
    yield controller, factory
    controller.stop()


async def forever() -> None:
    while True:
        await asyncio.sleep(0.01)


async def briefly() -> None:
    await asyncio.sleep(0.01)


def test_engines_come_from_the_factory_and_a_refused_host_says_why(
        qtbot: QtBot, made: tuple[Controller, Factory]) -> None:
    controller, factory = made
    assert factory.asked == [(backends.default(), "thread")]
    assert controller.engine.running and controller.bridge.engine is controller.engine
    replaced: list[bool] = []
    controller.engine_replaced.connect(lambda: replaced.append(True))
    failures: list[str] = []
    controller.failed.connect(failures.append)
    assert "poll" in Controller.refusal("poll", "qt")  # the window refuses before it asks
    assert controller.replace_engine("poll", "qt") == ""  # asked anyway: the engine thread
    assert factory.asked[-1] == ("poll", "qt")
    assert controller.engine.host == "thread" and controller.engine.backend == "poll"
    assert controller.bridge.engine is controller.engine and replaced == [True]
    qtbot.waitUntil(lambda: bool(failures), timeout=TIMEOUT_MS)
    assert failures[0].endswith("The loop runs on the engine thread.")


def test_commands_reach_the_engine_and_say_when_done(
        qtbot: QtBot, made: tuple[Controller, Factory]) -> None:
    controller, _ = made
    done: list[bool] = []
    resumed: list[bool] = []
    controller.command_done.connect(lambda: done.append(True))
    controller.resumed.connect(lambda: resumed.append(True))
    wait_done(qtbot, asyncio.ensure_future(controller.toggle_run()))
    assert controller.engine.paused and done == [True]
    stepping: list[bool] = []
    controller.stepping.connect(lambda: stepping.append(True))
    wait_done(qtbot, asyncio.ensure_future(controller.step()))
    assert controller.engine.paused and stepping == [True] and resumed == [True]
    wait_done(qtbot, asyncio.ensure_future(controller.toggle_run()))
    assert not controller.engine.paused and resumed == [True, True]
    assert controller.resumed_at > 0


def test_what_was_saved_counts_until_a_new_loop(
        qtbot: QtBot, made: tuple[Controller, Factory]) -> None:
    controller, _ = made
    assert not controller.unsaved_run()
    running = controller.engine.launch_coroutine("forever", forever)
    assert controller.unsaved_run() and controller.workloads_running()
    controller.note_saved()  # a launch still running goes on recording: still unsaved
    assert controller.unsaved_run()
    wait_done(qtbot, asyncio.ensure_future(controller.cancel_workloads()))
    assert running.result.cancelled() and not controller.workloads_running()
    finished = controller.engine.launch_coroutine("briefly", briefly)
    qtbot.waitUntil(finished.result.done, timeout=TIMEOUT_MS)
    controller.note_saved()
    assert not controller.unsaved_run() and controller.saved_launch == finished.id
    assert controller.live_session_info().workload == "briefly, forever"
    controller.reset()  # a new loop numbers its launches from 1 again
    assert controller.saved_launch == 0 and not controller.unsaved_run()
