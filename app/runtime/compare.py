"""Run one sample both ways, one after the other: cooperatively and on OS threads.

:func:`run_both` runs a sample cooperatively (asyncio tasks on a fresh traced loop, on the
calling thread) and then preemptively (OS threads through
:mod:`app.runtime.preemptive`), with the same parameters. Each run is recorded into a store
of its own, with the conditions it ran under (Python version, GIL on/off, switch interval,
cores): the GUI thread competes for the GIL too, so they travel with the measurements.
:mod:`app.model.compare` then reduces each :class:`Run` to the numbers that differ.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.runtime.factory import new_loop
from app.runtime.params import ParamValue, Workload
from app.runtime.preemptive.gil import gil_enabled
from app.runtime.preemptive.run import by_time, run_preemptive
from app.runtime.recorder import Recorder
from app.trace.store import EventStore


@dataclass
class Run:
    """One recorded run of a sample."""

    mode: str  # "cooperative" or "preemptive"
    workload: str
    params: dict[str, ParamValue]
    store: EventStore
    result: Any  # the sample's own result (a dict of what it did), None if it failed
    error: str = ""
    conditions: dict[str, Any] = field(default_factory=dict)


def conditions(switch_interval: float | None = None) -> dict[str, Any]:
    """The conditions a run ran under (values: str, bool, float or int)."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "gil": gil_enabled(),
        "switch_interval_ms": round((switch_interval or sys.getswitchinterval()) * 1000, 3),
        "cores": os.cpu_count() or 1,
        "platform": sys.platform,
    }


def run_cooperative(workload: Workload, params: Mapping[str, object] | None = None,
                    backend: str = "auto") -> Run:
    """Run a sample's cooperative version to the end on a fresh traced loop (this thread)."""
    values = workload.validate(params)
    recorder = Recorder()
    loop = new_loop(backend, recorder=recorder)
    result: Any = None
    error = ""
    try:
        # "main", as the preemptive run calls its first thread: one role, one name both ways.
        result = loop.run_until_complete(
            loop.create_task(workload.cooperative(**values), name="main"))
    except Exception as exc:  # the run failed: still compare what was recorded
        error = f"{type(exc).__name__}: {exc}"
    finally:
        # The loop's own clean-up is no part of the sample (and has no preemptive twin).
        loop.set_recording(False)
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()
    store = EventStore.for_recorder(recorder)
    store.append(recorder.drain())
    return Run("cooperative", workload.name, values, store, result, error, conditions())


def run_threads(workload: Workload, params: Mapping[str, object] | None = None,
                switch_interval_ms: float = 5.0) -> Run:
    """Run a sample's preemptive version to the end (blocks this thread, which is not traced)."""
    values = workload.validate(params)
    recorder = Recorder()
    result: Any = None
    error = ""
    try:
        result = run_preemptive(workload, values, recorder,
                                switch_interval_ms=switch_interval_ms)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
    store = EventStore.for_recorder(recorder)
    # Wake-ups and inferred waits are stamped with the earlier time they describe: order the
    # recording by time before anything walks it.
    store.append(by_time(recorder.drain()))
    return Run("preemptive", workload.name, values, store, result, error,
               conditions(switch_interval_ms / 1000))


def run_both(workload: Workload, params: Mapping[str, object] | None = None, *,
             backend: str = "auto", switch_interval_ms: float = 5.0,
             pause_s: float = 0.1) -> tuple[Run, Run]:
    """The cooperative run, a short pause (sockets settle), then the preemptive run."""
    cooperative = run_cooperative(workload, params, backend)
    time.sleep(pause_s)
    return cooperative, run_threads(workload, params, switch_interval_ms)
