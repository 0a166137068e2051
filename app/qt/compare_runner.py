"""Runs a comparison for the compare window: one sample cooperatively, then preemptively.

The two runs use loops and threads of their own (``app.runtime.compare``), not the observed
engine, so they happen on a worker thread of their own, one after the other, while the GUI's
coroutine awaits them through qasync (whose default executor keeps QThreads, so it is not
used). The GUI thread's own CPU time during the threaded run is measured: the GUI thread
competes for the GIL too, and the window shows what it cost.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from app.runtime.compare import Run, run_cooperative, run_threads
from app.workloads import registry

__all__ = ["CompareRunner", "Comparison", "Run"]


@dataclass(frozen=True)
class Comparison:
    """The two recordings of one sample, and the GUI thread's CPU during the threaded one."""

    cooperative: Run
    preemptive: Run
    gui_cpu_ns: int


class CompareRunner:
    """The samples that can be compared, and the two runs of one of them."""

    @staticmethod
    def samples() -> list[tuple[str, str]]:
        """(title, name) of every sample with a preemptive version, in launcher order."""
        return [(w.title, w.name) for w in registry.all_workloads() if w.preemptive is not None]

    @staticmethod
    def check(name: str, params: Mapping[str, object]) -> None:
        """Raises :class:`~app.runtime.params.ParamError` if ``params`` do not fit the
        sample ``name``, before anything runs."""
        registry.get(name).validate(params)

    async def run(self, name: str, params: Mapping[str, object], switch_interval_ms: float,
                  phase: Callable[[str], None] | None = None) -> Comparison:
        """Run ``name`` as asyncio tasks, then on OS threads under ``switch_interval_ms``;
        ``phase("cooperative")`` and ``phase("preemptive")`` are called as each run starts.
        Raises ``ParamError`` as :meth:`check` does."""
        workload = registry.get(name)
        workload.validate(params)
        loop = asyncio.get_running_loop()
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lscompare")
        try:
            if phase is not None:
                phase("cooperative")
            cooperative = await loop.run_in_executor(executor, run_cooperative,
                                                     workload, params)
            if phase is not None:
                phase("preemptive")
            cpu0 = time.thread_time_ns()  # the GUI thread's own CPU, during the threaded run
            preemptive = await loop.run_in_executor(executor, run_threads, workload,
                                                    params, switch_interval_ms)
            gui_cpu_ns = time.thread_time_ns() - cpu0
        finally:
            executor.shutdown(wait=False)
        return Comparison(cooperative, preemptive, gui_cpu_ns)
