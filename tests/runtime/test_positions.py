"""Step positions: where a task's step resumed and the await where it stopped, read at the
gate while the engine is stepped, never while it runs freely."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.runtime.engine import Engine
from app.runtime.positions import StepPosition, is_own_code
from app.runtime.scripts import ScriptRun

TIMEOUT = 10
#: Units stepped at most before a test gives up (the workloads here need a few dozen).
MAX_UNITS = 400
HERE = Path(__file__)


def marked_line(path: Path, marker: str) -> int:
    """The number of the one line of ``path`` that holds ``marker`` (read from the file)."""
    lines = [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if marker in text and "marked_line" not in text]
    assert len(lines) == 1, (marker, lines)
    return lines[0]


async def three_steps() -> str:
    await asyncio.sleep(0)  # STOP-ONE
    await asyncio.sleep(0.001)  # STOP-TWO
    return "done"


async def waits_on_an_event() -> None:
    event = asyncio.Event()
    asyncio.get_running_loop().call_later(0.001, event.set)
    await event.wait()  # STOP-EVENT


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = Engine()
    # Started running, then paused: start(paused=True) waits its whole 5 s start-up bound
    # (the loop's "ready" callback is a unit the closed gate never lets through).
    engine.start()
    paused = engine.pause()
    engine.interrupt_poll()
    paused.result(TIMEOUT)
    yield engine
    engine.stop()


def serial_of(engine: Engine, coro_name: str) -> int:
    serials = [s for s, info in engine.recorder.tasks.items() if info.coro.endswith(coro_name)]
    return serials[0] if serials else 0


def step_until_done(engine: Engine, done: object, coro_name: str) -> list[StepPosition]:
    """Step unit by unit until ``done()``; every new position of the task, in order."""
    seen: list[StepPosition] = []
    for _ in range(MAX_UNITS):
        engine.step(1).result(TIMEOUT)
        serial = serial_of(engine, coro_name)
        position = engine.step_position(serial) if serial else None
        if position is not None and (not seen or seen[-1] != position):
            seen.append(position)
        if done() or (seen and seen[-1].finished):  # type: ignore[operator]
            break  # (one more unit could be a poll that waits for ever: nothing is left)
    else:
        pytest.fail(f"{coro_name} did not finish within {MAX_UNITS} units")
    return seen


def test_each_step_resumes_where_the_last_one_stopped(engine: Engine) -> None:
    launch = engine.launch_coroutine("three", three_steps)
    seen = step_until_done(engine, launch.result.done, "three_steps")
    engine.resume()  # what is left (the launch's done callback), freely
    assert launch.result.result(TIMEOUT) == "done"
    first = three_steps.__code__.co_firstlineno
    one, two = marked_line(HERE, "# STOP-ONE"), marked_line(HERE, "# STOP-TWO")
    ran = [(p.resumed_line, p.stopped_line) for p in seen if p.ran]
    # the first step starts at the def line; each later one resumes at the last await;
    # the last one finishes (stopped line 0)
    assert ran == [(first, one), (one, two), (two, 0)]
    assert seen[-1].finished and seen[-1].stopped is None
    # held before a step, the position says where the task will resume: the last stop
    pending = [p.resumed_line for p in seen if not p.ran]
    assert pending == [first, one, two]
    for position in seen:
        assert position.file == str(HERE) or position.file == __file__
        assert position.function == "three_steps" and position.first_line == first


def test_an_await_inside_asyncio_names_the_workloads_line_and_asyncios_frame(
        engine: Engine) -> None:
    launch = engine.launch_coroutine("event", waits_on_an_event)
    seen = step_until_done(engine, launch.result.done, "waits_on_an_event")
    stopped = [p for p in seen if p.ran and not p.finished]
    assert stopped, "the task stopped at its await at least once"
    position = stopped[0]
    assert position.stopped_line == marked_line(HERE, "# STOP-EVENT")
    assert position.function == "waits_on_an_event"
    assert position.inner.startswith("Event.wait (locks.py:")


def test_the_free_running_loop_records_no_position() -> None:
    engine = Engine()
    engine.start(paused=False)
    try:
        launch = engine.launch_coroutine("three", three_steps)
        assert launch.result.result(TIMEOUT) == "done"
        assert len(engine.positions) == 0
        assert engine.step_position(serial_of(engine, "three_steps")) is None
    finally:
        engine.stop()


def test_a_users_script_has_positions_in_its_own_file(tmp_path: Path,
                                                      engine: Engine) -> None:
    path = tmp_path / "mine.py"
    path.write_text(textwrap.dedent("""
        import asyncio

        async def worker():
            await asyncio.sleep(0)  # SCRIPT-AWAIT
            return 1

        async def main():
            return await asyncio.create_task(worker())
    """), encoding="utf-8")
    run = ScriptRun(path, engine).start()
    seen = step_until_done(engine, lambda: run.done, "worker")
    engine.resume()  # main's last steps, freely
    assert run.wait(TIMEOUT) and run.outcome.status == "ok"
    stop = marked_line(path, "# SCRIPT-AWAIT")
    first_stop = next(p for p in seen if p.ran and not p.finished)
    assert first_stop.file == str(path.resolve())
    assert first_stop.stopped_line == stop
    assert is_own_code(first_stop.file)


def test_a_sample_is_own_code_and_asyncio_is_not() -> None:
    from app.workloads.samples import timers

    assert is_own_code(timers.__file__)
    assert not is_own_code(asyncio.tasks.__file__)
    assert not is_own_code(Engine.__init__.__code__.co_filename)
