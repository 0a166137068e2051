"""What the traced loop does exactly as the stock loop, beyond CPython's own tests.

- Debug mode: what a handle, timer, future or task records as its creator is the caller.
  asyncio keeps ``_source_traceback`` (the stack that created the object) and prints it when
  the object misbehaves. The stock loop trims its own frames so the record ends in the
  caller's frame; the traced loop's overrides must not leave their frames in it. Each case
  runs the same call from the same line on the stock ``SelectorEventLoop`` and on the traced
  loop (recording on and off), and compares what follows the caller's frame.
- A task's exception that nobody retrieved is reported when the task is freed: the loop must
  not hold a task it has stepped (in debug mode, or paused at the gate) longer than the
  stock loop does.
"""

from __future__ import annotations

import asyncio
import socket
import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest

from app.runtime.factory import new_loop
from app.runtime.gate import Gate


def _noop(*_: Any) -> None:
    pass


async def _sleeper() -> None:
    await asyncio.sleep(0)


def _after_caller(obj: Any) -> list[tuple[str, int, str]]:
    """The frames of ``obj._source_traceback`` from this file's innermost frame on."""
    frames = [(f.filename, f.lineno, f.name) for f in obj._source_traceback]
    ours = [i for i, frame in enumerate(frames) if frame[0] == __file__]
    assert ours, f"the caller's frame is missing: {frames}"
    return frames[ours[-1]:]


def _call_soon(loop: Any) -> Any:
    return loop.call_soon(_noop)


def _call_later(loop: Any) -> Any:
    return loop.call_later(10, _noop)


def _call_at(loop: Any) -> Any:
    return loop.call_at(loop.time() + 10, _noop)


def _threadsafe_before_run(loop: Any) -> Any:
    return loop.call_soon_threadsafe(_noop)


def _create_task(loop: Any) -> Any:
    return loop.create_task(_sleeper())


def _create_future(loop: Any) -> Any:
    return loop.create_future()


def _run_in_executor(loop: Any) -> Any:
    return loop.run_in_executor(None, _noop)


def _add_reader(loop: Any) -> Any:
    left, right = socket.socketpair()
    loop.add_reader(left.fileno(), _noop)
    handle = loop._selector.get_key(left.fileno()).data[0]
    loop.remove_reader(left.fileno())
    left.close()
    right.close()
    return handle


_OUTSIDE_THE_LOOP = [_call_soon, _call_later, _call_at, _threadsafe_before_run, _create_task,
                     _create_future, _run_in_executor, _add_reader]


def _made_outside(loop: Any, make: Callable[[Any], Any]) -> list[tuple[str, int, str]]:
    loop.set_debug(True)
    try:
        obj = make(loop)
        frames = _after_caller(obj)
        loop.run_until_complete(asyncio.sleep(0))
        loop.run_until_complete(loop.shutdown_default_executor())
        return frames
    finally:
        for task in asyncio.all_tasks(loop):
            task.cancel()
        loop.run_until_complete(asyncio.sleep(0))
        loop.close()


def _in_thread(loop: Any) -> Any:
    """call_soon_threadsafe from the loop's own thread, while it runs."""
    return loop.call_soon_threadsafe(_noop)


def _from_another_thread(loop: Any) -> Any:
    made: list[Any] = []

    def _from_another_thread() -> None:  # the caller: the thread's own function
        made.append(loop.call_soon_threadsafe(_noop))

    worker = threading.Thread(target=_from_another_thread)
    worker.start()
    worker.join()
    return made[0]


def _asyncio_create_task(loop: Any) -> Any:
    return asyncio.create_task(_sleeper())


_INSIDE_THE_LOOP = [_in_thread, _from_another_thread, _asyncio_create_task, _call_later,
                    _call_soon]


def _made_inside(loop: Any, make: Callable[[Any], Any]) -> list[tuple[str, int, str]]:
    loop.set_debug(True)

    async def main() -> list[tuple[str, int, str]]:
        return _after_caller(make(loop))

    try:
        return loop.run_until_complete(main())
    finally:
        for task in asyncio.all_tasks(loop):
            task.cancel()
        loop.run_until_complete(asyncio.sleep(0))
        loop.close()


@pytest.mark.parametrize("recording", [True, False], ids=["recording", "not-recording"])
@pytest.mark.parametrize("make", _OUTSIDE_THE_LOOP, ids=lambda f: f.__name__.strip("_"))
def test_a_source_traceback_made_outside_the_loop_ends_as_the_stock_one(
        make: Callable[[Any], Any], recording: bool) -> None:
    stock = _made_outside(asyncio.SelectorEventLoop(), make)
    # Windows' default traced loop is the proactor (iocp), which has no add_reader: that one
    # is compared on the traced select loop there, like the stock SelectorEventLoop.
    backend = "select" if make is _add_reader and sys.platform == "win32" else "auto"
    traced = _made_outside(new_loop(backend, recording=recording), make)
    assert traced == stock
    assert traced[0][2] == make.__name__


@pytest.mark.parametrize("recording", [True, False], ids=["recording", "not-recording"])
@pytest.mark.parametrize("make", _INSIDE_THE_LOOP, ids=lambda f: f.__name__.strip("_"))
def test_a_source_traceback_made_inside_the_loop_ends_as_the_stock_one(
        make: Callable[[Any], Any], recording: bool) -> None:
    stock = _made_inside(asyncio.SelectorEventLoop(), make)
    traced = _made_inside(new_loop(recording=recording), make)
    assert traced == stock
    assert traced[0][2] == make.__name__



async def _fails() -> None:
    raise ZeroDivisionError


@pytest.mark.parametrize("recording", [True, False], ids=["recording", "not-recording"])
@pytest.mark.parametrize("debug", [True, False], ids=["debug", "no-debug"])
@pytest.mark.parametrize("loop_kind", ["stock", "traced"])
def test_an_exception_nobody_retrieved_is_reported_once_its_task_is_let_go(
        loop_kind: str, debug: bool, recording: bool) -> None:
    loop = asyncio.SelectorEventLoop() if loop_kind == "stock" else new_loop(recording=recording)
    loop.set_debug(debug)
    reported: list[str] = []
    loop.set_exception_handler(lambda _loop, context: reported.append(context["message"]))

    async def main() -> bool:
        loop.create_task(_fails())  # not kept: freed once its step has run
        await asyncio.sleep(0)  # the failing step runs first, then this one
        return bool(reported)

    try:
        assert loop.run_until_complete(main()) is True
    finally:
        loop.close()
    assert reported == ["Task exception was never retrieved"]


def test_a_loop_paused_after_a_step_holds_nothing_of_that_task() -> None:
    gate = Gate(paused=True)
    loop = new_loop(gate=gate)
    reported = threading.Event()
    loop.set_exception_handler(lambda _loop, _context: reported.set())

    async def main() -> None:
        loop.create_task(_fails(), name="fails")
        await asyncio.sleep(0)

    worker = threading.Thread(target=loop.run_until_complete, args=(main(),))
    worker.start()
    try:
        # main is task 1, fails task 2: stop at the gate right after the failing step.
        stopped = gate.step_until(lambda unit: unit.task == 2).result(timeout=10)
        assert stopped is not None and stopped.task == 1  # paused before main's step
        assert reported.is_set()
    finally:
        gate.release()
        worker.join(timeout=10)
        loop.close()
