"""``loopscope --version`` says which recording path is active, and the environment variable
that forces the pure-Python path does (app/runtime/accelerator.py)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from app.runtime.accelerator import PURE_ENV

#: Is the extension built here? (Whatever this process runs: the suite itself may run with
#: LOOPSCOPE_PURE_PYTHON set, and the processes below choose for themselves.)
BUILT = importlib.util.find_spec("app.runtime._accel") is not None

_CHECK = ("from app.runtime.factory import new_loop; from app.runtime.accelerator import "
          "recording_path; loop = new_loop(); print(recording_path(), "
          "loop._ls.accel is not None, loop.recorder.compiled_ring is not None); loop.close()")


def _run(*args: str, pure: bool) -> str:
    env = {k: v for k, v in os.environ.items() if k != PURE_ENV}
    if pure:
        env[PURE_ENV] = "1"
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout.strip()


def test_version_names_the_active_path() -> None:
    expected = "compiled (C)" if BUILT else "pure Python"
    line = _run("-m", "app", "--version", pure=False)
    assert line.startswith("loopscope ") and line.endswith(f"recording path: {expected}")
    assert _run("-m", "app", "--version", pure=True).endswith("recording path: pure Python")


def test_the_environment_variable_keeps_every_loop_on_the_pure_path() -> None:
    assert _run("-c", _CHECK, pure=True) == "pure Python False False"


@pytest.mark.skipif(not BUILT, reason="the accelerator is not built here")
def test_where_built_a_new_loop_records_on_the_compiled_path() -> None:
    assert _run("-c", _CHECK, pure=False) == "compiled (C) True True"
