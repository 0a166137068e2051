"""Which recording path runs: the compiled accelerator or pure Python.

``app/runtime/_accel.c`` is an optional C extension (``setup.py`` builds it where a compiler
is found). It holds the recorder's ring as int64 records and runs the traced loop's RUN units
and the recording half of ``_call_soon`` in C; every rule it applies is the pure path's own,
and whatever is rare it hands back to :mod:`app.runtime.loop`. Both paths record the same
events (tests/runtime/test_accel.py checks it, sample by sample).

``LOOPSCOPE_PURE_PYTHON=1`` in the environment selects the pure path even where the extension
is built (how CI tests both paths, and a way to rule the extension out when hunting a bug).
"""

from __future__ import annotations

import os
from types import ModuleType

from app.trace.text import QT_TR_NOOP

#: The environment variable that forces the pure-Python path.
PURE_ENV = "LOOPSCOPE_PURE_PYTHON"


def _load() -> ModuleType | None:
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return None
    try:
        from app.runtime import _accel
    except ImportError:  # not built: no compiler where it was installed, or a source checkout
        return None
    return _accel


#: The compiled module, or None on the pure-Python path.
ACCEL = _load()


def recording_path() -> str:
    """Which path records, in words for ``--version`` and the status bar (an English
    template: pass it through ``tr`` where it is shown)."""
    return QT_TR_NOOP("compiled (C)") if ACCEL is not None else QT_TR_NOOP("pure Python")


def recording_path_why() -> str:
    """Why this path records (an English template, as :func:`recording_path`)."""
    if ACCEL is not None:
        return QT_TR_NOOP("Events are recorded by LoopScope's compiled accelerator "
                          "(app/runtime/_accel.c): the same events as the pure-Python "
                          "path, at a fraction of its cost to the observed loop.")
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return QT_TR_NOOP("Events are recorded in pure Python because LOOPSCOPE_PURE_PYTHON "
                          "is set: the same events as the compiled accelerator, with more "
                          "cost to the observed loop.")
    return QT_TR_NOOP("Events are recorded in pure Python: the compiled accelerator was not "
                      "built when LoopScope was installed (no C compiler was found). The "
                      "events are the same; the observed loop is slowed more.")
