"""What the window's first paint does not need is not imported before it, and is there after.

The first paint shows no plot (the timeline, activity and metrics are tabs behind the event
log), no database and no sample's code but the one whose source the launcher shows: pyqtgraph,
SQLAlchemy/SQLModel and the other sample modules are imported later (the plot views right
after the first paint, a sample when it is launched). Each check runs in a fresh interpreter,
where nothing else has imported them.
"""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from app.views.activity import SERIES
from app.views.main_window import MainWindow
from app.views.metrics import MetricsView
from app.views.plot_views import PLOT_DOCKS
from app.views.timeline import TimelineView
from tests.support.fresh import run_fresh
from tests.support.gui import TIMEOUT_MS

#: Builds the window offscreen, notes what is imported when its first paint arrives, then
#: lets the event loop run until the plot views are built.
FIRST_PAINT = """
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEvent, QObject
from app.views.app import make_application
from app.views.main_window import MainWindow

def heavy():
    return sorted(m for m in sys.modules if m.split(".")[0] in ("pyqtgraph", "sqlmodel",
                  "sqlalchemy") or m.startswith(("app.workloads.samples.",
                  "app.workloads.scenarios.", "app.views.timeline", "app.views.activity",
                  "app.views.metrics", "app.views.compare")))

app = make_application()
window = MainWindow(settings=None)
seen = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched is window and "paint" not in seen:
            seen["paint"] = heavy()
            seen["built_at_paint"] = window.plots.plots is not None
        return False

spy = FirstPaint()
window.installEventFilter(spy)
window.show()
deadline = time.monotonic() + 30
while window.plots.plots is None and time.monotonic() < deadline:
    app.processEvents()
seen["after"] = heavy()
seen["docked"] = [type(window.docks[key].widget()).__name__ for key in ("timeline", "activity",
                                                                       "metrics")]
seen["selected"] = window.launcher.workload.name
window.close()
app.processEvents()
print(json.dumps(seen))
"""


def test_the_first_paint_imports_no_plot_library_database_or_other_sample() -> None:
    seen = run_fresh(FIRST_PAINT)
    assert not seen["built_at_paint"]
    # The launcher shows the selected sample's source: that module (and the helpers every
    # sample shares) is all of the samples the first paint imports.
    selected = seen["selected"].replace("-", "_")
    assert seen["paint"] == sorted(["app.workloads.samples.common",
                                    f"app.workloads.samples.{selected}"])
    # Right after it, the plot views are built and docked; still no database and no sample
    # that was not launched.
    assert seen["docked"] == ["TimelineView", "ActivityView", "MetricsView"]
    assert "pyqtgraph" in seen["after"]
    assert not [m for m in seen["after"] if m.startswith(("sqlmodel", "sqlalchemy"))]
    assert "app.workloads.samples.db_user_lookup" not in seen["after"]


def test_a_plot_dock_in_front_gets_its_view_before_it_is_shown(qtbot: QtBot,
                                                               qt_warmed: None) -> None:
    """A saved layout may put the timeline in front: its dock is shown with the window,
    and must paint the timeline itself, never an empty dock."""
    window = MainWindow(settings=None)
    qtbot.addWidget(window)
    assert window.plots.plots is None and window.docks["timeline"].widget() is None
    window.docks["timeline"].raise_()
    window.show()  # (no event processed yet: nothing has been painted)
    plots = window.plots.plots
    assert plots is not None
    assert window.docks["timeline"].widget() is plots.timeline
    assert isinstance(plots.timeline, TimelineView)
    window.close()


def test_after_the_paint_the_plot_views_are_built_a_step_at_a_time(qtbot: QtBot,
                                                                     qt_warmed: None) -> None:
    """The import, then one view a step (the window runs one step per turn of its event
    loop); the views go in their docks, wired, with the last step."""
    window = MainWindow(settings=None)
    qtbot.addWidget(window)
    plots = window.plots
    steps = []
    while True:
        more = plots.build_step()
        steps.append((more, plots.plots is None,
                      [window.docks[key].widget() is None for key in PLOT_DOCKS]))
        if not more:
            break
    hidden = [True, True, True]
    assert steps == [(True, True, hidden), (True, True, hidden), (True, True, hidden),
                     (False, False, [False, False, False])]
    assert plots.build_step() is False and plots.build() is plots.plots
    window.close()


def test_plot_views_built_late_show_what_was_recorded_before(qtbot: QtBot,
                                                             gui_loop: Any,
                                                             no_leaks: None) -> None:
    """A window never painted builds its plot views when one is first read: they catch up
    with the events recorded until then, as after a reset, and follow the newer ones."""
    window = MainWindow(settings=None)
    qtbot.addWidget(window)
    try:
        # (through the controller: the window's own launch builds the views first, below)
        window.controller.launch("timers", {"tasks": 2, "interval_ms": 5.0, "rounds": 3})
        qtbot.waitUntil(lambda: not window.controller.workloads_running(), timeout=TIMEOUT_MS)
        window.bridge.drain()
        assert window.plots.plots is None  # nothing read them, nothing showed them
        store = window.bridge.store
        held = len(store)
        activity = window.activity  # built now
        kinds = store.kind[:held]
        counted = sum(int((kinds == kind).sum()) for _, kind, _ in SERIES)
        assert int(activity.counts.sum()) == counted > 0
        assert isinstance(window.metrics, MetricsView)
        assert window.timeline.data.t0 is not None
        # The signals reach the window: a click on the timeline moves the replay cursor.
        window.timeline.cursor_moved.emit(1)
        assert window.replay.position == 1
        for key in PLOT_DOCKS:
            assert window.docks[key].widget() is getattr(window.plots.plots, key)
    finally:
        window.close()


def test_a_launch_builds_the_plot_views_before_the_workload_runs(qtbot: QtBot, gui_loop: Any,
                                                                   no_leaks: None) -> None:
    """Built while a workload runs, the views would take turns with the loop's thread for
    the GIL (a frozen window); a launch from the window builds them first."""
    window = MainWindow(settings=None)
    qtbot.addWidget(window)
    try:
        assert window.plots.plots is None
        assert window.launch("timers", {"tasks": 2, "interval_ms": 5.0, "rounds": 3})
        assert window.plots.plots is not None
        qtbot.waitUntil(lambda: not window.controller.workloads_running(), timeout=TIMEOUT_MS)
    finally:
        window.close()


def test_the_heap_is_frozen_once_the_plot_views_exist_and_thawed_at_the_end() -> None:
    """``loopscope`` freezes the heap (app.main.freeze_heap) after the first paint, once the
    plot views are built, never before; the end of the GUI session undoes it."""
    seen = run_fresh("""
import gc, json, os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
seen = {}

class Watch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched.objectName() == "mainWindow" \\
                and "at_paint" not in seen:
            seen["at_paint"] = gc.get_freeze_count()
        return False

def look():
    windows = [w for w in app.topLevelWidgets() if w.objectName() == "mainWindow"]
    if windows and windows[0].plots.plots is not None:
        seen["with_plots"] = gc.get_freeze_count()
        windows[0].close()
        return
    QTimer.singleShot(5, look)

watch = Watch()
app.installEventFilter(watch)
QTimer.singleShot(0, look)
from app.main import main
seen["status"] = main(["--no-settings"])
seen["after"] = gc.get_freeze_count()
print(json.dumps(seen))
""")
    assert seen["status"] == 0
    assert seen["at_paint"] == 0
    assert seen["with_plots"] > 0
    assert seen["after"] == 0
