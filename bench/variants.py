"""The loop variants every loop benchmark runs on, and the drain thread of the recording one.

=============  ==========================================================================
variant        loop
=============  ==========================================================================
asyncio        ``asyncio.SelectorEventLoop()`` with the default selector (epoll on Linux):
               the baseline every ratio is taken against
uvloop         ``uvloop.new_event_loop()`` ("not installed" when it cannot be imported)
viztracer      plain asyncio under VizTracer (a tracer of every Python call, with a C
               core, recording into its own ring): another tracer, for scale ("not
               installed" when it cannot be imported)
traced-off     LoopScope's traced loop, ``recording=False`` (the stock paths, plus the cost
               of the overrides deciding that they are off)
traced-on      LoopScope's traced loop recording everything, drained every 16 ms by a
               second thread the way the GUI's bridge drains it
cand-off/-on   only with ``--candidate FILE.py:FUNCTION`` (env ``BENCH_CANDIDATE``): the same
               two, from a prototype factory ``FUNCTION(backend, recording=...)``, so a
               hot-path change is measured against the current loop in the same rounds
=============  ==========================================================================

No Qt here: the loop benchmarks must measure the loop, not a toolkit.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BASE_VARIANTS: tuple[str, ...] = ("asyncio", "uvloop", "viztracer", "traced-off", "traced-on")
#: Variants that are not an event loop of their own (left out where only loops compare).
TRACER_ANCHORS: tuple[str, ...] = ("viztracer",)
#: VizTracer's ring: entries kept (it overwrites the oldest, as LoopScope's ring does).
VIZTRACER_ENTRIES = 1_000_000
CANDIDATE_VARIANTS: tuple[str, ...] = ("cand-off", "cand-on")
#: ``FILE.py:FUNCTION`` or ``module:function`` of a prototype traced-loop factory.
CANDIDATE_ENV = "BENCH_CANDIDATE"
BASELINE = "asyncio"
BACKEND = "epoll"
#: How often the drain thread empties the recorder (the GUI bridge's ~60 Hz QTimer).
DRAIN_INTERVAL_S = 0.016
#: The GIL switch interval of the GUI process (app.main.GUI_SWITCH_INTERVAL), kept while a
#: drain thread runs.
GUI_SWITCH_INTERVAL_S = 0.001


def variants() -> tuple[str, ...]:
    """The variants of this run (the candidate's only when one is given)."""
    if os.environ.get(CANDIDATE_ENV):
        return BASE_VARIANTS + CANDIDATE_VARIANTS
    return BASE_VARIANTS


def recording(variant: str) -> bool:
    """Does this variant record (and so run the drain thread)?"""
    return variant in ("traced-on", "cand-on")


def role(variant: str) -> str:
    """The variant whose targets apply (a candidate is held to the traced loop's)."""
    return {"cand-off": "traced-off", "cand-on": "traced-on"}.get(variant, variant)


def unavailable(variant: str) -> str | None:
    """Why ``variant`` cannot run here (``None`` when it can)."""
    if variant not in variants():
        return f"unknown variant {variant!r}"
    if variant in ("uvloop", "viztracer") and importlib.util.find_spec(variant) is None:
        return "not installed"
    return None


def new_loop(variant: str) -> asyncio.AbstractEventLoop:
    if variant == "asyncio":
        return asyncio.SelectorEventLoop()
    if variant == "uvloop":
        import uvloop

        return uvloop.new_event_loop()
    if variant == "viztracer":
        return _viztraced_loop()
    if variant in CANDIDATE_VARIANTS:
        factory = candidate_factory(os.environ[CANDIDATE_ENV])
    else:
        from app.runtime.factory import new_loop as factory
    loop: asyncio.AbstractEventLoop = factory(BACKEND, recording=recording(variant))
    return loop


def _viztraced_loop() -> asyncio.AbstractEventLoop:
    """A plain asyncio loop traced by VizTracer from now until it is closed (the trace is
    thrown away: only the cost of recording it is measured, as for the traced loop)."""
    from viztracer import VizTracer

    loop = asyncio.SelectorEventLoop()
    tracer = VizTracer(tracer_entries=VIZTRACER_ENTRIES, verbose=0)
    tracer.start()
    close = loop.close

    def stop_and_close() -> None:
        tracer.stop()
        tracer.clear()
        close()

    loop.close = stop_and_close  # type: ignore[method-assign]
    return loop


def candidate_factory(spec: str) -> Any:
    """Load ``FILE.py:FUNCTION`` (or ``module:function``; FUNCTION defaults to new_loop)."""
    target, _, name = spec.rpartition(":") if ":" in spec else (spec, "", "")
    name = name or "new_loop"
    if target.endswith(".py"):
        path = Path(target).resolve()
        sys.path.insert(0, str(path.parent))  # so the prototype can import its neighbours
        spec_ = importlib.util.spec_from_file_location(f"bench_candidate_{path.stem}", path)
        if spec_ is None or spec_.loader is None:
            raise ImportError(f"cannot load {path}")
        module = importlib.util.module_from_spec(spec_)
        sys.modules[spec_.name] = module
        spec_.loader.exec_module(module)
    else:
        module = importlib.import_module(target)
    return getattr(module, name)


def next_seq(recorder: Any) -> int:
    """The sequence number the recorder will give its next event (read, never consumed)."""
    return int(recorder.next_seq())


@dataclass
class DrainStats:
    drains: int = 0
    events: int = 0
    largest_batch: int = 0
    busy_s: float = 0.0  # CPU time the drain thread spent inside drain() (holding the GIL)


class Drainer:
    """Pops everything from a recorder every ``interval`` seconds on its own thread.

    Unlike the GUI's bridge it keeps nothing, it only counts: what the bridge then does with a
    batch (the compact store's ``append``) is measured separately, in the recording-cost
    section, so this section's numbers are the loop's own.
    """

    def __init__(self, recorder: Any, interval: float = DRAIN_INTERVAL_S) -> None:
        # The store's arrays are numpy's: the application has it loaded long before a loop
        # runs. Imported on the first drain instead, it would charge the measured run ~0.1 s
        # of import holding the GIL (10 ms late timers in section 3).
        import numpy  # noqa: F401

        self.recorder = recorder
        self.interval = interval
        self.stats = DrainStats()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-drain", daemon=True)

    def __enter__(self) -> Drainer:
        # The GUI process runs with a 1 ms GIL switch interval (app.main), and so does the
        # recording it drains. At CPython's default 5 ms the drain thread starves behind a
        # loop that polls without blocking: each poll releases and retakes the GIL, which
        # counts as a switch, so the waiter never sees the 5 ms without one that would make
        # it ask for the GIL (the "convoy effect"). Measured on the fan-out, 1,000 callbacks
        # an iteration: 2 drains in 1.5 s and 8.8 M events dropped at 5 ms, a drain every
        # ~40 ms and none dropped at 1 ms.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        sys.setswitchinterval(self._switch_interval)
        self._drain_once()

    def _drain_once(self) -> None:
        t0 = time.thread_time()
        batch = self.recorder.drain_array()  # (as the GUI's bridge drains)
        self.stats.busy_s += time.thread_time() - t0
        n = len(batch)
        stats = self.stats
        stats.drains += 1
        stats.events += n
        stats.largest_batch = max(stats.largest_batch, n)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._drain_once()
