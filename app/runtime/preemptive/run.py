"""One run of a sample's preemptive version: started, supervised, cleaned up.

:class:`PreemptiveRun` runs the sample's entry point on a traced main thread, under the run's
switch interval and the blocking-call monitor; :func:`run_preemptive` is the same, blocking
the caller until the end. A preemptive recording is in ``seq`` order per thread but not
across threads (wake-ups and inferred waits are stamped with the earlier time they
describe): :func:`by_time` orders it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from app.runtime.params import Workload, WorkloadError
from app.runtime.preemptive.blocking import blocking_call_monitor
from app.runtime.preemptive.cancelled import Cancelled
from app.runtime.preemptive.gil import GAP_NS
from app.runtime.preemptive.runtime import JOIN_TIMEOUT, ThreadRuntime, TracedThread
from app.runtime.preemptive.switch_interval import (
    DEFAULT_SWITCH_INTERVAL_MS,
    SWITCH_INTERVAL,
    switch_interval,
)
from app.runtime.recorder import Recorder
from app.trace.events import Record
from app.trace.text import QT_TR_NOOP, Sentence


def by_time(records: Iterable[Record]) -> list[Record]:
    """A preemptive recording in time order (ties keep their recording order)."""
    return sorted(records, key=lambda r: (r[1], r[0]))


class PreemptiveRun:
    """One run of a sample's preemptive version, started in the background.

    Parameters are validated when it is created (ParamError before anything starts).
    :meth:`start` runs the sample's entry point on a traced main thread; a supervisor thread
    (not traced, blocked while it waits) then cleans up and resolves :attr:`future` with the
    sample's result, its exception, or :class:`Cancelled`.
    """

    def __init__(self, workload: Workload, params: Mapping[str, object] | None,
                 recorder: Recorder, *, switch_interval_ms: float = DEFAULT_SWITCH_INTERVAL_MS,
                 gap_ns: int = GAP_NS) -> None:
        self.workload = workload
        self.params = workload.validate(params)
        if workload.preemptive is None:
            raise WorkloadError(Sentence(QT_TR_NOOP("{workload} has no preemptive version"),
                                         workload=workload.name))
        self.switch_interval = float(SWITCH_INTERVAL.parse(switch_interval_ms)) / 1000
        self.runtime = ThreadRuntime(recorder, gap_ns=gap_ns)
        self.future: Future[Any] = Future()
        self.main: TracedThread | None = None
        self.leftovers: list[str] = []
        self._supervisor: threading.Thread | None = None

    def start(self) -> PreemptiveRun:
        if self._supervisor is not None:
            raise RuntimeError("this run was started already")
        self.future.set_running_or_notify_cancel()
        self._supervisor = threading.Thread(target=self._supervise, daemon=True,
                                            name=f"loopscope-preemptive-{self.workload.name}")
        self._supervisor.start()
        return self

    def _supervise(self) -> None:
        rt = self.runtime
        name = self.workload.name
        try:
            with switch_interval(self.switch_interval), blocking_call_monitor(rt):
                rt.announce(self.switch_interval)
                preemptive = self.workload.preemptive
                assert preemptive is not None
                self.main = main = rt.spawn(preemptive, rt, name="main", **self.params)
                stopped_at = 0.0
                while not main.wait(0.5):  # (a wake-up every 0.5 s: negligible)
                    if rt.stop.is_set():  # cancelled: give its clean-up a bounded time
                        stopped_at = stopped_at or time.monotonic()
                        if time.monotonic() - stopped_at > JOIN_TIMEOUT:
                            break
                self.leftovers = rt.shutdown()
        except BaseException as exc:  # the run could not even start: report it, clean up
            self.leftovers = rt.shutdown()
            self.future.set_exception(exc)
            return
        if not main.done.is_set():
            self.future.set_exception(Cancelled(f"{name} did not stop: {self.leftovers}"))
        elif main.exception is None:
            self.future.set_result(main.result)
        else:
            self.future.set_exception(main.exception)

    def cancel(self) -> None:
        """Cancel the run (from any thread); :meth:`result` then raises Cancelled."""
        self.runtime.cancel()

    def done(self) -> bool:
        return self.future.done()

    def result(self, timeout: float | None = None) -> Any:
        """The sample's result; re-raises its error or :class:`Cancelled`."""
        return self.future.result(timeout)

    def join(self, timeout: float | None = None) -> bool:
        """Wait until the run is over and cleaned up (True if it is)."""
        if self._supervisor is not None:
            self._supervisor.join(timeout)
            return not self._supervisor.is_alive()
        return True


def run_preemptive(workload: Workload, params: Mapping[str, object] | None, recorder: Recorder,
                   *, switch_interval_ms: float = DEFAULT_SWITCH_INTERVAL_MS,
                   stop: threading.Event | None = None, gap_ns: int = GAP_NS) -> Any:
    """Run a sample's preemptive version to the end, recording into ``recorder``.

    Blocks the calling thread (which is not traced) and returns the sample's result. Setting
    ``stop`` (from another thread) cancels the run: every thread stops at its next primitive,
    everything is cleaned up and :class:`Cancelled` is raised. Invalid parameters raise
    ``ParamError`` before anything starts.
    """
    run = PreemptiveRun(workload, params, recorder,
                        switch_interval_ms=switch_interval_ms, gap_ns=gap_ns).start()
    try:
        while True:
            try:
                result = run.result(timeout=0.05 if stop is not None else None)
                break
            except FutureTimeout:
                if stop is not None and stop.is_set():
                    run.cancel()
    except BaseException:
        run.cancel()
        run.join()
        raise
    run.join()
    return result
