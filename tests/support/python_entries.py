"""Which Python functions does Qt call straight from C++ while its event loop runs?

Each such entry takes the GIL anew; while an observed task computes on the engine thread,
each waits up to a switch interval (see app/views/gil_held.py).
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer


def entries_while_qt_runs(ms: int) -> tuple[list[str], Counter[str]]:
    """Run a Qt event loop for ``ms``: (functions entered from C++, in order; functions called
    from Python inside those entries, counted)."""
    entered: list[str] = []
    nested: Counter[str] = Counter()
    here = sys._getframe()

    def profile(frame: Any, event: str, _arg: Any) -> None:
        if event != "call":
            return
        if frame.f_back is here:  # the innermost Python frame was this one, in loop.exec()
            entered.append(frame.f_code.co_qualname)
        else:
            nested[frame.f_code.co_qualname] += 1

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    sys.setprofile(profile)
    try:
        loop.exec()
    finally:
        sys.setprofile(None)
    return entered, nested
