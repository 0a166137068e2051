"""The PySide6 6.12.0 + CPython 3.11 crash (docs/ARCHITECTURE.md §11) must not come back.

That release dropped a reference to ``None`` on every None-returning Qt call and to ``True``
on every ``Signal.emit``; CPython 3.11 aborts in ``none_dealloc`` within ~20,000 calls (3.12+
hides it with immortal objects). The stress runs in a child process so a crash is reported
as a failure, not as a dead test run.
"""

from __future__ import annotations

import subprocess
import sys

STRESS = r"""
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

app = QApplication([])

class Emitter(QObject):
    fired = Signal(int)

emitter = Emitter()
received = []
emitter.fired.connect(received.append)
widget = QWidget()
none_refs, true_refs = sys.getrefcount(None), sys.getrefcount(True)
for i in range(200_000):
    widget.setEnabled(True)  # a void-returning Qt call: returns None
for i in range(100_000):
    emitter.fired.emit(i)
assert len(received) == 100_000
if sys.version_info < (3, 12):  # mortal None/True: a leaked or dropped reference shows here
    assert abs(sys.getrefcount(None) - none_refs) < 1000, (none_refs, sys.getrefcount(None))
    assert abs(sys.getrefcount(True) - true_refs) < 1000, (true_refs, sys.getrefcount(True))
print("ok")
"""


def test_many_void_qt_calls_and_signal_emits_do_not_crash() -> None:
    proc = subprocess.run([sys.executable, "-c", STRESS], capture_output=True, text=True,
                          timeout=300, env={"QT_QPA_PLATFORM": "offscreen",
                                            "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", (
        f"exit {proc.returncode}: {proc.stderr[-2000:]}")
