"""The GIL switch interval: a parameter of every preemptive run, and process-wide.

``sys.setswitchinterval`` (0.5-50 ms here) is how long a thread may keep the GIL while another
one waits for it. It is a setting of the whole process, so a preemptive run
(:class:`app.runtime.preemptive.run.PreemptiveRun`) sets it for the duration of the run and
restores it afterwards, and overlapping runs share it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
from collections.abc import Iterator

from app.runtime.params import Param
from app.runtime.preemptive.gil import GAP_NS

#: The switch interval of a preemptive run unless the user picks another one, in ms.
DEFAULT_SWITCH_INTERVAL_MS = 5.0

SWITCH_INTERVAL = Param(
    "switch_interval_ms", float, DEFAULT_SWITCH_INTERVAL_MS,
    "The GIL switch interval (sys.setswitchinterval) during the preemptive run: how long a "
    "thread may hold the GIL while another one waits for it.", 0.5, 50, unit="ms")


def recorded_conditions(gap_ns: int = GAP_NS) -> str:
    """The facts of a run's conditions that THREADS_INFO's numbers do not hold, for its string:
    a JSON object with the interpreter (``python``: "cpython 3.11.7"), the CPU count
    (``cpus``, 0 if unknown) and the gap threshold (``gap_ns``). Facts, not a sentence: the
    switch interval and the GIL are THREADS_INFO's ``a`` and ``b``, and
    :meth:`app.trace.text.Describer.conditions` words them all, in the user's language."""
    return json.dumps({"python": f"{sys.implementation.name} {sys.version.split()[0]}",
                       "cpus": os.cpu_count() or 0, "gap_ns": gap_ns},
                      separators=(",", ":"))


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
