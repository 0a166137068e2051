"""The real start of the GUI, timed from its launch: ``python -m bench.startup_probe``.

Run by :mod:`bench.startup` (case ``launch_paint``), which reads the clock just before it
starts this process and passes that time in ``LOOPSCOPE_BENCH_LAUNCHED`` (seconds of
``time.time()``: the one wall clock both processes read). This process then starts the GUI as
``python -m app --no-settings`` does (``app.main.main``), with one event filter on the
application, and prints one JSON line once the window closes:

``first_paint_s``
    launch → the main window's first paint done: interpreter start, every import, the
    QApplication, the window, and the paint of the whole window (a zero-delay timer posted
    when its first Paint event arrives fires once that paint, children included, is over).
``plots_s``
    launch → the plot views built (after the first paint: :mod:`app.views.plot_views`).

The application object is made here before ``app.main`` runs, so that the filter sees the
first event; ``app.views.app.make_application`` then takes it as the one instance (its
settings applied as for any start): the same work in a slightly different order.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

WINDOW_NAME = "mainWindow"  # app.views.main_window.MainWindow's objectName
GIVE_UP_S = 60.0


class FirstPaint(QObject):
    """Notes when the main window's first paint is over, then when its plot views exist,
    and closes it."""

    def __init__(self, launched: float) -> None:
        super().__init__()
        self.launched = launched
        self.times: dict[str, Any] = {}
        self.window: QWidget | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (self.window is None and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget) and watched.objectName() == WINDOW_NAME):
            self.window = watched
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        self.times["first_paint_s"] = time.time() - self.launched
        self._wait_for_plots()

    def _wait_for_plots(self) -> None:
        plots = getattr(self.window, "plots", None)
        if plots is not None and plots.plots is None \
                and time.time() - self.launched < GIVE_UP_S:
            QTimer.singleShot(1, self._wait_for_plots)
            return
        self.times["plots_s"] = time.time() - self.launched
        assert self.window is not None
        self.window.close()


def main() -> int:
    launched = float(os.environ["LOOPSCOPE_BENCH_LAUNCHED"])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    application = QApplication(sys.argv[:1])
    probe = FirstPaint(launched)
    application.installEventFilter(probe)

    from app.main import main as loopscope

    status = loopscope(["--no-settings"])
    probe.times["exit_status"] = status
    print(json.dumps(probe.times), flush=True)
    return 0 if "first_paint_s" in probe.times else 1


if __name__ == "__main__":
    sys.exit(main())
