"""The user's own scripts on the traced engine: both shapes of script run and are recorded, a
syntax error names file:line, an exception comes back as the user's traceback, a script that
never yields is stopped, asyncio is left as it was."""

from __future__ import annotations

import asyncio
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.runtime import scripts
from app.runtime.engine import Engine
from app.runtime.factory import new_loop
from app.runtime.scripts import ScriptError, ScriptRun
from app.trace.events import Ev


def write(tmp_path: Path, name: str, source: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = Engine()
    yield engine
    engine.stop()


def run_script(path: Path, engine: Engine, timeout: float = 10.0) -> ScriptRun:
    run = ScriptRun(path, engine).start()
    assert run.wait(timeout), "the script did not finish"
    return run


def task_names(engine: Engine) -> set[str]:
    return {info.name for info in engine.recorder.tasks.values()}


def test_a_module_with_async_main_runs_as_a_task_on_the_engine(tmp_path: Path,
                                                               engine: Engine) -> None:
    path = write(tmp_path, "app_main.py", """
        import asyncio
        import threading
        from dataclasses import dataclass

        @dataclass
        class Reply:  # dataclasses need the module registered while it runs
            value: int

        async def worker(i):
            await asyncio.sleep(0.001 * i)
            return Reply(i)

        async def main():
            replies = await asyncio.gather(*(worker(i) for i in range(4)))
            return [r.value for r in replies], threading.current_thread().name

        if __name__ == "__main__":
            raise SystemExit("the __main__ block must not run")
    """)
    run = run_script(path, engine)
    assert run.kind == "main" and run.outcome.status == "ok", run.outcome
    values, thread = run.outcome.result
    assert values == [0, 1, 2, 3] and thread == "loopscope-engine"
    assert "main" in task_names(engine)
    kinds = {r[2] for r in engine.recorder.drain()}
    assert {Ev.STEP_BEGIN, Ev.TIMER_FIRED, Ev.POLL_BEGIN, Ev.CONTROL} <= kinds


def test_a_script_that_calls_asyncio_run_and_runner(tmp_path: Path, engine: Engine) -> None:
    (tmp_path / "helper_mod.py").write_text("FACTOR = 3\n", encoding="utf-8")
    path = write(tmp_path, "plain.py", """
        import asyncio
        from asyncio import run
        from helper_mod import FACTOR  # a sibling module, found as with `python plain.py`

        async def triple(x):
            await asyncio.sleep(0)
            return x * FACTOR

        async def amain():
            return sum(await asyncio.gather(*(triple(i) for i in range(3))))

        RESULTS = [run(amain())]
        with asyncio.Runner() as runner:
            RESULTS.append(runner.run(triple(5)))
            assert "Traced" in type(runner.get_loop()).__name__  # the engine's loop
        assert RESULTS == [9, 15], RESULTS
    """)
    run = run_script(path, engine)
    assert run.kind == "script" and run.outcome.status == "ok", run.outcome
    assert len(run.launches) == 2
    # Each asyncio.run is a launch; the second one's tasks are numbered (app.trace.names).
    assert {"amain", "triple (2)"} <= task_names(engine)
    # asyncio is itself again once no script runs
    assert not scripts._active and asyncio.run.__module__ == "asyncio.runners"
    assert asyncio.Runner.__module__ == "asyncio.runners"


def test_an_exception_reports_the_users_traceback(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path, "broken.py", """
        import asyncio

        async def fetch():
            await asyncio.sleep(0)
            raise KeyError("user 42")

        async def main():
            await fetch()
    """)
    run = run_script(path, engine)
    assert run.outcome.status == "error" and run.outcome.failed
    error = run.outcome.error
    assert error.startswith("Traceback (most recent call last):")
    assert f'File "{path}", line 6, in fetch' in error and "KeyError: 'user 42'" in error
    assert "app/runtime" not in error and "concurrent/futures" not in error
    # the recording holds what ran until then, including the failed task
    assert any(r[2] == Ev.TASK_EXITED for r in engine.recorder.drain())


def test_a_syntax_error_names_the_file_and_line(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path, "typo.py", """
        import asyncio

        async def main():
            await asyncio.sleep(0)
            return = 3
    """)
    with pytest.raises(ScriptError) as info:
        ScriptRun(path, engine).start()
    assert str(info.value).startswith(f"{path}:6: SyntaxError:")
    assert "return = 3" in str(info.value) and "^" in str(info.value)
    assert info.value.lineno == 6
    assert not engine.running, "nothing ran"


def test_files_that_cannot_be_scripts(tmp_path: Path) -> None:
    with pytest.raises(ScriptError, match="no such file"):
        scripts.check(tmp_path / "missing.py")
    with pytest.raises(ScriptError, match="folder"):
        scripts.check(tmp_path)
    (tmp_path / "bin.py").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ScriptError, match="not UTF-8"):
        scripts.check(tmp_path / "bin.py")
    assert scripts.check(write(tmp_path, "m.py", "async def main():\n    pass\n"))[1] == "main"
    assert scripts.check(write(tmp_path, "s.py", "import asyncio\n"))[1] == "script"


def test_a_script_that_never_yields_is_stopped(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path, "spin.py", """
        async def main():
            n = 0
            while True:  # never awaits: the loop is stuck in this step
                n += 1
    """)
    run = ScriptRun(path, engine).start()
    assert not run.wait(0.3)
    t0 = time.monotonic()
    assert run.stop(timeout=2.0)
    assert time.monotonic() - t0 < 3.0
    assert run.done and run.outcome.status == "stopped"
    assert not engine.running
    assert "a running step was interrupted" in engine.leftovers


def test_top_level_code_that_never_ends_is_stopped(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path, "busy.py", """
        while True:
            pass
    """)
    run = ScriptRun(path, engine).start()
    assert not run.wait(0.2)
    run.stop(timeout=2.0)
    assert run.wait(2.0) and run.outcome.status == "stopped"


def test_a_script_that_makes_its_own_loop_is_told_why_not(tmp_path: Path,
                                                          engine: Engine) -> None:
    path = write(tmp_path, "oldstyle.py", """
        import asyncio
        loop = asyncio.new_event_loop()
        loop.run_until_complete(asyncio.sleep(0))
    """)
    run = run_script(path, engine)
    assert run.outcome.status == "error"
    assert "creates an event loop of its own" in run.outcome.error
    assert asyncio.new_event_loop.__module__ == "asyncio.events"  # restored


def test_sys_exit_and_self_cancellation(tmp_path: Path, engine: Engine) -> None:
    run = run_script(write(tmp_path, "ok_exit.py", "import sys\nsys.exit(0)\n"), engine)
    assert run.outcome.status == "ok"
    run = run_script(write(tmp_path, "bad_exit.py", "import sys\nsys.exit(3)\n"), engine)
    assert run.outcome.status == "error" and "sys.exit(3)" in run.outcome.error
    run = run_script(write(tmp_path, "cancel.py", """
        import asyncio
        async def main():
            asyncio.current_task().cancel()
            await asyncio.sleep(1)
    """), engine)
    assert run.outcome.status == "error" and "cancelled" in run.outcome.error


def test_a_script_spawning_many_tasks_is_recorded_with_counted_drops(tmp_path: Path) -> None:
    engine = Engine(capacity=4096)  # nobody drains while it runs: the ring must drop
    try:
        path = write(tmp_path, "many.py", """
            import asyncio
            async def tiny():
                await asyncio.sleep(0)
            async def main():
                await asyncio.gather(*(tiny() for _ in range(20_000)))
                return "done"
        """)
        run = run_script(path, engine, timeout=30)
        assert run.outcome.status == "ok" and run.outcome.result == "done"
    finally:
        engine.stop()
    records = engine.recorder.drain()
    # (4096 records; on the compiled path a record may hold two events: app/runtime/_accel.c)
    assert len(records) <= (4096 if engine.recorder.compiled_ring is None else 2 * 4096)
    assert engine.recorder.dropped > 50_000


@pytest.mark.skipif(sys.platform != "win32", reason="the proactor loop (iocp) is Windows' own")
def test_the_proactor_says_it_has_no_readiness_calls() -> None:
    loop = new_loop("iocp")
    try:
        for method, args in (("add_reader", (0, print)), ("add_writer", (0, print)),
                             ("remove_reader", (0,)), ("remove_writer", (0,))):
            # Still a NotImplementedError, as the stock proactor's: libraries catch that.
            with pytest.raises(NotImplementedError, match=rf"loop\.{method}\(\) is not "
                               r"available on Windows' proactor loop \(IOCP\)"):
                getattr(loop, method)(*args)
    finally:
        loop.close()


@pytest.mark.skipif(sys.platform != "win32", reason="the proactor loop (iocp) is Windows' own")
def test_a_script_calling_add_reader_on_the_proactor_gets_the_fact_and_its_line(
        tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path, "reader.py", """
        import asyncio
        import socket

        async def main():
            left, right = socket.socketpair()
            asyncio.get_running_loop().add_reader(left.fileno(), print)
        """)
    run = run_script(path, engine)
    assert run.outcome.status == "error"
    assert f"{path.name}, line 7: loop.add_reader() is not available" in run.outcome.error
    assert "Traceback" not in run.outcome.error
