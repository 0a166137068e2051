"""The GIL switch interval: a parameter of every preemptive run, and process-wide.

``sys.setswitchinterval`` (0.5-50 ms here) is how long a thread may keep the GIL while another
one waits for it. It is a setting of the whole process, so a preemptive run
(:class:`app.runtime.preemptive.run.PreemptiveRun`) sets it for the duration of the run and
restores it afterwards, and overlapping runs share it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator

from app.runtime.params import Param
from app.runtime.preemptive.gil import GAP_NS, gil_enabled

#: The switch interval of a preemptive run unless the user picks another one, in ms.
DEFAULT_SWITCH_INTERVAL_MS = 5.0

SWITCH_INTERVAL = Param(
    "switch_interval_ms", float, DEFAULT_SWITCH_INTERVAL_MS,
    "The GIL switch interval (sys.setswitchinterval) during the preemptive run: how long a "
    "thread may hold the GIL while another one waits for it.", 0.5, 50, unit="ms")


def conditions_text(switch_interval: float, gap_ns: int = GAP_NS) -> str:
    """The run's conditions, for the user: the numbers depend on them."""
    gil = "GIL on" if gil_enabled() else "GIL off (free-threaded)"
    return (f"{sys.implementation.name} {sys.version.split()[0]} · {gil} · "
            f"{os.cpu_count() or '?'} CPUs · switch interval {switch_interval * 1000:g} ms · "
            f"gap threshold {gap_ns / 1000:g} µs")



_switch_lock = threading.Lock()
_switch_users = 0
_switch_saved = 0.0


@contextlib.contextmanager
def switch_interval(seconds: float) -> Iterator[None]:
    """Set ``sys.setswitchinterval`` for a block; the value before the first of overlapping
    blocks is restored when the last one ends."""
    global _switch_users, _switch_saved
    with _switch_lock:
        if _switch_users == 0:
            _switch_saved = sys.getswitchinterval()
        _switch_users += 1
        sys.setswitchinterval(seconds)
    try:
        yield
    finally:
        with _switch_lock:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_saved)
