"""A Python whose stdlib has no sources (bytecode only: the Windows embeddable distribution's
``python313.zip``, a frozen app) runs LoopScope: the check of the CPython methods the traced
loop copies degrades to one warning that names what it could not verify."""

from __future__ import annotations

import asyncio
import inspect
import py_compile
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.runtime import loop as traced_loop
from app.runtime.loop import (
    STOCK_SOURCE_DIGESTS,
    StockCheck,
    check_stock_sources,
    stock_source_warnings,
)
from app.workloads import registry

ROOT = Path(__file__).resolve().parents[2]
#: The Windows embeddable CPython (make test-windows) ships its stdlib as bytecode only: there
#: is no source to hide, and every test there runs LoopScope on a sourceless stdlib already.
WINDOWS_BYTECODE_ONLY = sys.platform == "win32" and \
    traced_loop.stock_digest("BaseEventLoop._run_once") is None
_NO_SOURCE_HERE = pytest.mark.skipif(
    WINDOWS_BYTECODE_ONLY, reason="this Windows CPython's stdlib is bytecode only (the "
    "embeddable distribution): no source to hide or to verify; the suite runs on it as is")


def _no_source(obj: object) -> str:
    raise OSError("could not get source code")


def test_methods_without_source_are_unverified_not_an_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inspect, "getsource", _no_source)
    check = check_stock_sources()
    assert check == StockCheck(changed=[], unverified=list(STOCK_SOURCE_DIGESTS))
    messages = stock_source_warnings(check)
    assert len(messages) == 1
    assert all(name in messages[0] for name in STOCK_SOURCE_DIGESTS)
    assert "cannot verify" in messages[0] and "bytecode only" in messages[0]


def test_a_changed_method_and_an_unverified_one_are_told_apart() -> None:
    messages = stock_source_warnings(StockCheck(["BaseEventLoop._run_once"],
                                                ["BaseEventLoop._call_soon"]))
    assert len(messages) == 2
    assert "BaseEventLoop._run_once changed" in messages[0]
    assert "no source for BaseEventLoop._call_soon" in messages[1]
    assert stock_source_warnings(StockCheck([], [])) == []


def test_a_sample_without_source_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    workload = registry.get("timers")
    assert workload.source() is not None
    monkeypatch.setattr(inspect, "getsource", _no_source)
    assert workload.source() is None


def _bytecode_only_asyncio(zip_path: Path, work: Path) -> None:
    """asyncio as the embeddable distribution ships it: .pyc in a zip, the source file names
    they were compiled from nowhere on disk."""
    package = Path(asyncio.__file__).parent
    with zipfile.ZipFile(zip_path, "w") as archive:
        for source in sorted(package.glob("*.py")):
            compiled = work / f"{source.stem}.pyc"
            py_compile.compile(str(source), cfile=str(compiled), doraise=True,
                               dfile=f"<bytecode only>/asyncio/{source.name}")
            archive.write(compiled, f"asyncio/{source.stem}.pyc")


@_NO_SOURCE_HERE
def test_a_stdlib_shipped_as_bytecode_warns_once_and_the_loop_runs(tmp_path: Path) -> None:
    archive = tmp_path / "asyncio-bytecode.zip"
    _bytecode_only_asyncio(archive, tmp_path)
    code = f"""
import sys, warnings
sys.path.insert(0, {str(archive)!r})
import asyncio, inspect
assert asyncio.__file__.startswith({str(archive)!r}), asyncio.__file__
try:
    inspect.getsource(asyncio.base_events.BaseEventLoop._run_once)
    raise SystemExit("the stdlib's source is still readable: the test would prove nothing")
except OSError:
    pass
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import app.runtime.loop
for w in caught:
    print("WARNING", w.category.__name__, w.message)
from app.runtime.factory import new_loop
from app.runtime.recorder import Recorder
from app.trace.events import Ev, Wait
recorder = Recorder()
loop = new_loop(recorder=recorder)
async def main():
    queue = asyncio.Queue()
    asyncio.get_running_loop().call_later(0.005, queue.put_nowait, 42)
    return await queue.get()
try:
    print("RESULT", loop.run_until_complete(main()))
finally:
    loop.close()
records = recorder.drain()
print("KINDS", " ".join(sorted({{Ev(r[2]).name for r in records}})))
# asyncio's frames are told from user code by their code's file name, not by __file__:
print("WAITS", " ".join(sorted({{recorder.strings[r[6]] for r in records
                                 if r[2] == Ev.STEP_END and r[4] == Wait.FUTURE}})))
"""
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    warned = [line for line in lines if line.startswith("WARNING")]
    assert len(warned) == 1, lines
    assert warned[0].startswith("WARNING RuntimeWarning LoopScope: this Python")
    assert all(name in warned[0] for name in STOCK_SOURCE_DIGESTS)
    assert "RESULT 42" in lines
    kinds = next(line for line in lines if line.startswith("KINDS")).split()[1:]
    assert {"TASK_SPAWNED", "POLL_BEGIN", "TIMER_ADDED", "TIMER_FIRED", "TASK_EXITED"} <= \
        set(kinds)
    # The wait is asyncio's own Queue.get, named without a line of asyncio's code.
    assert "WAITS Queue.get" in lines


@_NO_SOURCE_HERE
def test_this_interpreter_has_the_sources_the_suite_checks() -> None:
    # The suite's own interpreter must be able to verify the copy (the guard in
    # tests/test_boundaries.py would otherwise pass vacuously).
    assert traced_loop.stock_digest("BaseEventLoop._run_once") is not None
