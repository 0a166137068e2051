"""The main window: docks for the board, timeline, event log, inspector and launcher; the
run / pause / step controls; a status bar that says what the loop is doing in words.

Controls are qasync slots that await the engine's futures (``asyncio.wrap_future``): the
GUI's own coroutines run on qasync, the observed loop runs elsewhere (DESIGN.md §2).
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStyle,
    QToolBar,
    QWidget,
)
from qasync import asyncSlot

from app.qt.bridge import LAG_WINDOW_S, TraceBridge
from app.qt.qt_host import QtHostEngine
from app.runtime import backends, scripts
from app.runtime.engine import Engine, EngineError
from app.runtime.params import ParamError
from app.trace import perfetto, tracefile
from app.trace.events import Unit
from app.trace.names import numbered
from app.trace.store import KEEP_EVENTS
from app.trace.text import Describer, fmt_elapsed, fmt_ns, fmt_result
from app.views.activity import ActivityView
from app.views.board import BoardView
from app.views.compare import CompareWindow
from app.views.event_log import EventLogView
from app.views.files import run_with_progress
from app.views.help import KEYMAP_NAME, guide_dialog, keyboard_map_dialog
from app.views.inspector import InspectorView
from app.views.launcher import LauncherView
from app.views.live_text import keep_minimum_width
from app.views.metrics import MetricsView
from app.views.replay import ReplayBar
from app.views.state_view import StateView
from app.views.throttle import Throttle
from app.views.timeline import TimelineView
from app.workloads import registry

REFRESH_MS = 100  # lists and plots: 10 Hz is plenty; the event log appends every frame
#: The GIL switch interval while the window is open. Every Qt callback into Python (a timer,
#: a paint) must take the GIL; while the observed loop runs a CPU-bound step on the engine
#: thread, each take waits up to one switch interval. Measured with a 2 s CPU step: worst GUI
#: gap 87 ms at CPython's default 5 ms, 21 ms at 1 ms. It only matters when the GUI thread
#: actually asks for the GIL, so the observed loop is not slowed otherwise.
GUI_SWITCH_INTERVAL = 0.001
SPEEDS = ((0.0, "Live"), (0.01, "10 ms per unit"), (0.05, "50 ms per unit"),
          (0.2, "200 ms per unit"), (1.0, "1 s per unit"))


def on_screen(widget: QWidget) -> bool:
    """Shown and not covered (a dock behind another tab is "visible" but paints nothing)."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


class MainWindow(QMainWindow):
    def __init__(self, backend: str | None = None, host: str | None = None,
                 settings: QSettings | None = None, paused: bool = False,
                 keep_events: int | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings
        self.compare_window: CompareWindow | None = None
        #: "Don't ask again" for the save-before-discarding question, without settings.
        self._ask_before_discarding = True
        #: Launches up to this id are in a saved file: wiping them loses nothing.
        self._saved_launch = 0
        self._help: dict[str, QDialog] = {}
        self.script: scripts.ScriptRun | None = None
        self._script_timer = QTimer(self)
        self._script_timer.setInterval(200)
        self._script_timer.timeout.connect(self._script_poll)
        self.freeze_message = ""
        self._saved_switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(GUI_SWITCH_INTERVAL)
        if host is None:
            host = str(self._setting("host", "thread"))
        if backend is None:
            backend = str(self._setting("backend", "auto"))
        if backend not in backends.available():  # "auto", or saved on another OS
            backend = backends.default()
        self.engine = self._make_engine(backend, host)
        self.engine.start(paused=paused)
        self.bridge = TraceBridge(self.engine, self, keep_events or KEEP_EVENTS)
        self.bridge.batch.connect(self._on_batch)
        self._show_title()
        self.bridge.reset.connect(self._on_reset)
        self.bridge.trimmed.connect(self._on_trimmed)

        self.replay = ReplayBar(self)
        self.replay.set_store(self.bridge.store)
        self.replay.cursor_changed.connect(self._cursor_changed)
        self.board = BoardView(self)
        self.board.task_selected.connect(self.select_task)
        self._board_pending = -1  # first event index not yet shown live on the board
        self._board_live = Throttle(1 / 30, self._show_board_pending, self)
        self._resumed_at = 0.0  # when the user last resumed a paused loop
        self.state_view = StateView(self)
        self.activity = ActivityView(self)
        self.timeline = TimelineView(self)
        self.timeline.cursor_moved.connect(self.replay.set_cursor)
        self.timeline.task_selected.connect(self.select_task)
        self.metrics = MetricsView(self)
        self.metrics.threshold_changed.connect(self._threshold_changed)
        self.metrics.event_selected.connect(self.replay.set_cursor)
        self.event_log = EventLogView(self.bridge.store, self.recorded_backend, self)
        self.inspector = InspectorView(self)
        self.launcher = LauncherView(self)
        self.launcher.launch_requested.connect(self.launch)
        self.launcher.launch_refused.connect(self._error)
        self.state_view.task_selected.connect(self.select_task)
        self.event_log.task_selected.connect(lambda serial: serial and self.select_task(serial))
        self.event_log.event_selected.connect(self.replay.set_cursor)

        self.setCentralWidget(QWidget(self))
        self.centralWidget().hide()
        self.docks: dict[str, QDockWidget] = {}
        self._dock("board", self.tr("Board — where every task is now"), self.board,
                   Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("lists", self.tr("State as lists"), self.state_view,
                   Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("launcher", self.tr("Workloads"), self.launcher,
                   Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("timeline", self.tr("Timeline"), self.timeline,
                   Qt.DockWidgetArea.BottomDockWidgetArea)
        self._dock("activity", self.tr("Activity"), self.activity,
                   Qt.DockWidgetArea.BottomDockWidgetArea)
        self._dock("log", self.tr("Event log"), self.event_log,
                   Qt.DockWidgetArea.BottomDockWidgetArea)
        self._dock("metrics", self.tr("Metrics"), self.metrics,
                   Qt.DockWidgetArea.BottomDockWidgetArea)
        self._dock("inspector", self.tr("Inspector"), self.inspector,
                   Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.docks["timeline"], self.docks["log"])
        self.tabifyDockWidget(self.docks["log"], self.docks["activity"])
        self.tabifyDockWidget(self.docks["log"], self.docks["metrics"])
        self.tabifyDockWidget(self.docks["board"], self.docks["lists"])
        self.docks["log"].raise_()
        self.docks["board"].raise_()
        self._sized = False

        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()
        self._restore()

        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self.refresh)
        self.refresh_timer.start()
        self.bridge.start()
        self._sync_controls()
        # A full cyclic-GC pass holds the GIL while it walks every tracked object: in a big
        # heap (measured inside the test suite: 45-160 ms each) that is a stall of the whole
        # window, whichever thread triggers it. What exists now (modules, Qt wrappers, plot
        # items) lives as long as the window: frozen, it is never walked again, and what the
        # run allocates from here on is collected as usual. Undone on close.
        gc.collect()
        gc.freeze()

    # -- construction ------------------------------------------------------------------------------
    def _make_engine(self, backend: str, host: str) -> Engine:
        """The engine for ``host``; the engine thread where the Qt host cannot run
        ``backend`` (``--host qt --backend poll``, or such saved settings), saying why."""
        if host == "qt":
            refusal = QtHostEngine.refusal(backend)
            if not refusal:
                return QtHostEngine(backend, on_freeze=self._frozen)
            QTimer.singleShot(0, self, lambda: self._error(self.tr(
                "{why} The loop runs on the engine thread.").format(why=refusal)))
        return Engine(backend)

    def _dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[key] = dock

    def _action(self, text: str, slot: Callable[..., Any], shortcut: str | None = None,
                icon: QStyle.StandardPixmap | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{text} — {tip}" + (f" ({shortcut})" if shortcut else ""))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work wherever the focus is
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.act_run = self._action(self.tr("Run"), self.toggle_run, "Space",
                                    sp.SP_MediaPlay, self.tr("run freely / pause before "
                                                             "the next unit"))
        self.act_step = self._action(self.tr("Step"), self.forward, "Right",
                                     sp.SP_MediaSeekForward,
                                     self.tr("run exactly one unit (a poll, a timer or one "
                                             "handle) and pause; while replaying, the next "
                                             "recorded event"))
        self.act_back = self._action(self.tr("Back"), lambda: self.replay.step(-1), "Left",
                                     sp.SP_MediaSeekBackward,
                                     self.tr("replay: the previous recorded event"))
        self.act_first = self._action(self.tr("First event"), lambda: self.replay.set_cursor(0),
                                      "Home", None, self.tr("replay: the first recorded event"))
        self.act_live = self._action(self.tr("Live"), lambda: self.replay.set_cursor(-1), "End",
                                     None, self.tr("follow the newest event again"))
        self.act_step_iteration = self._action(
            self.tr("Step iteration"), self.step_iteration, "Shift+Right",
            sp.SP_MediaSkipForward, self.tr("run until the loop is about to poll again"))
        self.act_step_task = self._action(
            self.tr("Step to selected task"), self.step_to_task, "Ctrl+Right", None,
            self.tr("run until the selected task's next step has run"))
        self.act_launch = self._action(self.tr("Launch"), self.launch_selected, "Ctrl+L",
                                       sp.SP_FileDialogStart,
                                       self.tr("launch the workload selected in Workloads"))
        self.act_cancel = self._action(self.tr("Cancel workloads"), self.cancel_workloads,
                                       "Ctrl+K", sp.SP_MediaStop,
                                       self.tr("cancel every running workload"))
        self.act_reset = self._action(self.tr("Reset"), self.reset, "Ctrl+R",
                                      sp.SP_BrowserReload,
                                      self.tr("stop the engine, clear the recording, "
                                              "start again"))
        self.act_quit = self._action(self.tr("Quit"), self.close, "Ctrl+Q", None,
                                     self.tr("stop the engine and close LoopScope"))
        self.act_open = self._action(self.tr("Open session…"), self.open_session_dialog,
                                     "Ctrl+O", sp.SP_DialogOpenButton,
                                     self.tr("open a saved recording"))
        self.act_close_session = self._action(
            self.tr("Close session"), self.close_session, None, None,
            self.tr("forget the opened saved session and show the live loop"))
        self.act_save = self._action(self.tr("Save session…"), self.save_session_dialog,
                                     "Ctrl+S", sp.SP_DialogSaveButton,
                                     self.tr("save this recording (events, tasks, workload)"))
        self.act_export_trace = self._action(
            self.tr("Export Perfetto / Chrome trace…"), self.export_trace_dialog, None, None,
            self.tr("JSON that opens in ui.perfetto.dev and chrome://tracing"))
        self.act_export_image = self._action(self.tr("Export image…"),
                                             self.export_image_dialog, None, None,
                                             self.tr("the board, the timeline or the whole "
                                                     "window as PNG"))
        self.act_open_script = self._action(self.tr("Open script…"), self.open_script_dialog,
                                            "Ctrl+Shift+O", None,
                                            self.tr("run your own asyncio script on the "
                                                    "traced loop"))
        self.act_compare = self._action(
            self.tr("Compare cooperative vs preemptive…"), self.open_compare, "Ctrl+M", None,
            self.tr("run the selected sample as asyncio tasks and on OS threads, side by side"))

        self.act_run.setProperty(KEYMAP_NAME, self.tr("Run / Pause"))
        self._step_tooltip = self.act_step.toolTip()

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Controls"), self)
        bar.setObjectName("controls")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(bar)
        for action in (self.act_launch, self.act_run, self.act_step, self.act_step_iteration,
                       self.act_cancel, self.act_reset):
            bar.addAction(action)
        bar.addSeparator()
        bar.addWidget(QLabel(self.tr("Speed ")))
        self.speed = QComboBox(self)
        self.speed.setObjectName("speed")
        for delay, label in SPEEDS:
            self.speed.addItem(self.tr(label), delay)
        self.speed.currentIndexChanged.connect(self._speed_changed)
        bar.addWidget(self.speed)
        bar.addSeparator()
        bar.addWidget(QLabel(self.tr("Backend ")))
        self.backend_box = QComboBox(self)
        self.backend_box.setObjectName("backend")
        for name in backends.available():
            self.backend_box.addItem(name, name)
        self.backend_box.setCurrentIndex(backends.available().index(self.engine.backend))
        self.backend_box.currentIndexChanged.connect(self._backend_changed)
        bar.addWidget(self.backend_box)
        bar.addWidget(QLabel(self.tr(" Host ")))
        self.host_box = QComboBox(self)
        self.host_box.setObjectName("host")
        self.host_box.addItem(self.tr("engine thread"), "thread")
        self.host_box.addItem(self.tr("Qt event loop"), "qt")
        self.host_box.setCurrentIndex(0 if self.engine.host == "thread" else 1)
        self.host_box.currentIndexChanged.connect(self._host_changed)
        bar.addWidget(self.host_box)
        replay_bar = QToolBar(self.tr("Replay"), self)
        replay_bar.setObjectName("replay")
        self.addToolBarBreak()
        self.addToolBar(replay_bar)
        replay_bar.addWidget(QLabel(self.tr("Recording ")))
        self.source_box = QComboBox(self)
        self.source_box.setObjectName("recording")
        self.source_box.setToolTip(self.tr(
            "Which recording the views show: the live loop, or a saved session opened from a "
            "file (read-only). The live loop goes on recording while a session is shown."))
        self.source_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._update_source_box()
        self.source_box.currentIndexChanged.connect(self._source_changed)
        replay_bar.addWidget(self.source_box)
        replay_bar.addSeparator()
        replay_bar.addAction(self.act_back)
        replay_bar.addWidget(self.replay)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        for action in (self.act_open, self.act_close_session, self.act_save,
                       self.act_open_script):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.act_export_trace)
        file_menu.addAction(self.act_export_image)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        run_menu = menu.addMenu(self.tr("&Run"))
        for action in (self.act_launch, self.act_run, self.act_step, self.act_step_iteration,
                       self.act_step_task, self.act_cancel, self.act_reset):
            run_menu.addAction(action)
        run_menu.addSeparator()
        run_menu.addAction(self.act_compare)
        run_menu.addSeparator()
        self.act_ask_discard = QAction(self.tr("Ask before discarding a run"), self)
        self.act_ask_discard.setCheckable(True)
        self.act_ask_discard.setChecked(self.ask_before_discarding())
        self.act_ask_discard.setStatusTip(self.tr(
            "Reset and backend or host switches start a new loop: offer to save the run "
            "first"))
        self.act_ask_discard.toggled.connect(self.set_ask_before_discarding)
        run_menu.addAction(self.act_ask_discard)
        replay_menu = menu.addMenu(self.tr("Re&play"))
        for action in (self.act_back, self.act_first, self.act_live):
            replay_menu.addAction(action)
        view_menu = menu.addMenu(self.tr("&View"))
        self.act_animate = QAction(self.tr("Animate the board"), self)
        self.act_animate.setCheckable(True)
        self.act_animate.setChecked(str(self._setting("animate", "true")).lower() == "true")
        self.act_animate.toggled.connect(self._animate_toggled)
        self._animate_toggled(self.act_animate.isChecked())
        view_menu.addAction(self.act_animate)
        view_menu.addSeparator()
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("Guide to the views"), self.show_guide, "F1",
                                         None, self.tr("what each view shows, and how to "
                                                       "read it")))
        help_menu.addAction(self._action(self.tr("Keyboard map"), self.show_keyboard_map,
                                         None, None, self.tr("every key and what it does")))
        help_menu.addSeparator()
        help_menu.addAction(self._action(self.tr("About LoopScope"), self.about))

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.status_where = QLabel(self)
        self.status_state = QLabel(self)
        self.status_state.setObjectName("loopState")
        self.status_state.setMinimumWidth(340)
        self.status_rate = QLabel(self)
        self.status_dropped = QLabel(self)
        self.status_lag = QLabel(self)
        self.status_frozen = QLabel(self)
        self.status_frozen.setObjectName("frozenWarning")
        self.status_message = QLabel(self)
        self.status_message.setObjectName("statusMessage")
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.status_message.clear)
        status.addWidget(self.status_where)
        status.addWidget(self.status_state)
        status.addWidget(self.status_message, 1)
        status.addPermanentWidget(self.status_frozen)
        status.addPermanentWidget(self.status_rate)
        status.addPermanentWidget(self.status_dropped)
        status.addPermanentWidget(self.status_lag)
        keep_minimum_width(self.status_where, self.status_rate, self.status_dropped,
                           self.status_lag, self.status_frozen, self.status_message)

    # -- settings ----------------------------------------------------------------------------------
    def _setting(self, key: str, default: Any) -> Any:
        if self.settings is None:
            return default
        return self.settings.value(key, default)

    def _default_size(self) -> None:
        """1500 x 920, or the screen's available area where that is smaller (a 1366 x 768
        laptop would otherwise lose the status bar below its edge)."""
        area = self.screen().availableGeometry()
        self.resize(min(1500, area.width()), min(920, area.height() - 40))

    def _restore(self) -> None:
        if self.settings is None:
            self._default_size()
            return
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self._default_size()
        state = self.settings.value("windowState")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.launcher.select(str(self.settings.value("workload", "tcp-echo")))
        speed = int(self.settings.value("speed", 0))
        if 0 <= speed < len(SPEEDS):
            self.speed.setCurrentIndex(speed)

    def _save(self) -> None:
        if self.settings is None:
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState())
        self.settings.setValue("workload", self.launcher.workload.name)
        self.settings.setValue("speed", self.speed.currentIndex())
        self.settings.setValue("host", self.engine.host)
        self.settings.setValue("backend", self.engine.backend)
        self.settings.sync()

    # -- data flow ---------------------------------------------------------------------------------
    def recorded_backend(self) -> str:
        """What the shown recording ran on, as its events say (not the Backend box: it may
        have been switched since); the engine's until the recording's first event is in."""
        session = self.viewing
        if session is not None:  # a trimmed recording may have let its LOOP_INFO go
            return self.bridge.reducer.backend() or session.info.backend
        return self.bridge.reducer.backend() or self.engine.backend

    def describer(self) -> Describer:
        store = self.bridge.store
        return Describer(store.strings, store.task_name, self.recorded_backend, self.tr)

    def _on_batch(self, start: int, end: int) -> None:
        self._extend_views(start, end)
        if self.replay.live:
            self._board_batch(start, end)

    def _extend_views(self, start: int, end: int) -> None:
        """Events ``[start, end)`` of the shown store into the log, activity, timeline,
        metrics and replay range."""
        self.event_log.extend(end, live=self.following_live())
        self.activity.extend(self.bridge.store, start, end)
        self.timeline.extend(self.bridge.store, start, end)  # cheap: O(batch), always
        if on_screen(self.timeline):  # the bridge drains at ~60 Hz: redraw at display rate
            self._timeline_clock()
            self.timeline.redraw()
            if self.replay.live:
                self.timeline.set_cursor(end - 1)
        self.metrics.extend(self.bridge.store, start, end)
        self.replay.set_total(end)

    def _board_batch(self, start: int, end: int) -> None:
        """Stepping or slow motion: every event animates in turn. Live: at most 30 Hz."""
        store = self.bridge.store
        if (self.engine.paused or self.slow_motion_s() >= 0.05) and end - start <= 400:
            self.board.play(list(range(start, end)), self.bridge.reducer.state_at, store,
                            self.describer())
            self._board_pending = -1
            return
        if self._board_pending < 0:
            self._board_pending = start
        self._board_live.request()

    def _show_board_pending(self) -> None:
        if self._board_pending < 0 or not self.replay.live:
            return
        store = self.bridge.store
        self.board.show_live(self.bridge.reducer.state(), store, self.describer(),
                             self._board_pending, len(store), self.clock_now())
        self._board_pending = -1

    def _on_trimmed(self, cut: int) -> None:
        """The retention window let the oldest ``cut`` events go: every view shifts (the
        replay bar last: if its event went, it moves the others to the oldest one held)."""
        self.event_log.trim(cut)
        self.timeline.trim(cut)
        self.metrics.trim(cut)
        self.board.trim(cut)
        if self._board_pending >= 0:
            self._board_pending = max(0, self._board_pending - cut)
        self.replay.trim(cut)

    def _on_reset(self) -> None:
        self.board.stop()  # what it had still to show belongs to the recording let go
        self._board_pending = -1
        self._board_live.cancel()
        self.replay.set_store(self.bridge.store, saved=self.viewing is not None)
        self.event_log.set_store(self.bridge.store)
        self.state_view.clear()
        self.activity.reset()
        self.timeline.reset()
        self.metrics.reset()
        # The new store may already hold a whole recording (a session, or the live one shown
        # again): every view takes it in one go; the board shows its last state.
        self._extend_views(0, len(self.bridge.store))
        self.board.show_state(self.bridge.reducer.state(), self.bridge.store, self.describer())
        self._show_title()
        self._update_source_box()
        self._sync_controls()
        self.refresh()

    def refresh(self) -> None:
        """Lists, plot and status bar from the latest recorded state (10 Hz)."""
        store = self.bridge.store
        state = self.state_at_cursor()
        now = self.clock_now()
        # Only what is on screen: every Qt call may hand the GIL to the engine thread and wait
        # a switch interval to get it back, so hidden views must cost nothing.
        if on_screen(self.state_view):
            self.state_view.show_state(state, store, self.recorded_backend(), now)
        if self.following_live() and (state.running is not None or state.poll.in_poll) \
                and not self.board.playing() and on_screen(self.board):
            # A long step or a long wait records nothing while it lasts: re-lay the board on
            # the clock so the kernel box counts the wait, and the running slot shows its
            # time and turns alarming past the threshold.
            self.board.show_state(state, store, self.describer(), now, duration=0.0)
        if on_screen(self.inspector):
            present = self.replay.live and self.viewing is None  # the engine's own now
            self.inspector.show_state(state, store, self.recorded_backend(),
                                      self.engine if present else None)
        if on_screen(self.activity):
            self.activity.redraw()
        if on_screen(self.timeline):  # also when no batch comes (a long epoll_wait)
            self._timeline_clock()
            self.timeline.redraw()
        if on_screen(self.metrics):
            self.metrics.redraw()
        self._update_status(state)

    def following_live(self) -> bool:
        """The loop runs and the views follow its newest event (not paused, not replaying,
        not showing a saved session)."""
        return (self.engine.running and not self.engine.paused and self.replay.live
                and self.viewing is None)

    def clock_now(self) -> int | None:
        """What "for how long" is measured to: the clock while following the loop live;
        paused or replaying, the time of the event shown (None), as every view does."""
        return time.monotonic_ns() if self.following_live() else None

    def state_at_cursor(self) -> Any:
        """The reducer's state after the event at the replay cursor (or the newest)."""
        if self.replay.live:
            return self.bridge.reducer.state()
        return self.bridge.reducer.state_at(self.replay.cursor + 1)

    def _timeline_clock(self) -> None:
        """Live and running: open intervals (a poll blocked right now) end at "now"."""
        self.timeline.live_clock = time.monotonic_ns if self.following_live() else None

    def _cursor_changed(self, index: int) -> None:
        store = self.bridge.store
        self.timeline.set_cursor(len(store) - 1 if index < 0 else index)
        if index < 0:  # live again
            self.event_log.follow = True
            self.event_log.extend(len(store))
            self.board.show_live(self.bridge.reducer.state(), store, self.describer(),
                                 len(store), len(store), self.clock_now())
        else:
            self.board.play([index], self.bridge.reducer.state_at, store, self.describer())
            self.event_log.show_event(index)
        self.refresh()

    def loop_state_text(self, state: Any | None = None) -> str:
        """The loop's state in words, from the gate and the last recorded events."""
        engine = self.engine
        store = self.bridge.store
        d = self.describer()
        if self.viewing is not None:
            if state is None:
                state = self.state_at_cursor()
            where = self.tr("saved session {name}").format(
                name=os.path.basename(self.viewing_path))
            if self.replay.live:
                return self.tr("{where}: {n:,} events, shown at its last one").format(
                    where=where, n=len(store))
            return self.tr("{where}, event {i:,}: {what}").format(
                where=where, i=self.bridge.discarded + self.replay.cursor + 1,
                what=self._recorded_state_text(state, d))
        if not self.replay.live:
            if state is None:
                state = self.state_at_cursor()
            return self.tr("replay, event {i:,}: {what}").format(
                i=self.bridge.discarded + self.replay.cursor + 1,
                what=self._recorded_state_text(state, d))
        if not engine.running:
            return self.tr("stopped")
        if state is None:
            state = self.bridge.reducer.state()
        if engine.paused:
            waiting = engine.gate.waiting if engine.host == "thread" else None
            if waiting is None and engine.host == "thread":
                return self.tr("pausing…")
            if waiting is None or waiting.kind is Unit.POLL:
                return self.tr("paused before POLL")
            if waiting.kind is Unit.TIMER:
                return self.tr("paused before TIMER ({what})").format(what=waiting.callback)
            if waiting.task:
                return self.tr("paused before RUN of task {name}").format(
                    name=store.task_name(waiting.task))
            return self.tr("paused before RUN of callback {name}").format(
                name=waiting.callback)
        return self._recorded_state_text(state, d)

    def _recorded_state_text(self, state: Any, d: Describer) -> str:
        """What the recorded events say the loop was doing after the last of them."""
        if state.poll.in_poll:
            timeout = self.tr("forever") if state.poll.timeout < 0 else fmt_ns(state.poll.timeout)
            return self.tr("blocked in {call}(timeout = {t})").format(call=d.wait_call(),
                                                                    t=timeout)
        if state.running is not None:
            is_task, serial = state.running
            if is_task:
                return self.tr("running task {name}").format(
                    name=self.bridge.store.task_name(serial))
            return self.tr("running callback {name}").format(name=d.s(state.running_name))
        if self.viewing is None and self.replay.live and self.engine.running:
            delay = self.slow_motion_s()
            if delay:
                return self.tr("slow motion: each unit is held {t} before it runs").format(
                    t=fmt_ns(int(delay * 1e9)))
            if self.engine.host != "thread":
                return self.tr("idle: Qt's event loop waits for the loop's next fd or timer")
        return self.tr("between units (the loop's own bookkeeping)")

    def _update_status(self, state: Any) -> None:
        self.status_where.setText(self.recording_text())
        self.status_state.setText(self.loop_state_text(state))
        live = self.viewing is None
        # The live loop's rate and lag say nothing about a saved session.
        self.status_rate.setVisible(live)
        self.status_lag.setVisible(live)
        self.status_rate.setText(self.tr("{n:,.0f} events/s").format(n=self.bridge.events_per_s))
        dropped = self.tr("dropped: {n:,}").format(n=self.bridge.dropped)
        if self.bridge.discarded:
            dropped += self.tr(" · {n:,} older events let go (memory bound)").format(
                n=self.bridge.discarded)
        self.status_dropped.setText(dropped)
        self.status_lag.setText(self.loop_lag_text())
        self.status_frozen.setText(self.freeze_message)

    def recording_text(self) -> str:
        """Which recording the window shows, and where it was made."""
        session = self.viewing
        if session is not None:
            where, mode = self.made_on(session.info)
            return self.tr("saved session (read-only) · {where} · {mode}").format(
                where=where, mode=mode)
        host = self.tr("engine thread") if self.engine.host == "thread" else \
            self.tr("Qt event loop")
        return self.tr("live · {backend} · {host}").format(backend=self.engine.backend,
                                                          host=host)

    def made_on(self, info: tracefile.SessionInfo) -> tuple[str, str]:
        """Where a saved recording ran (its backend, or OS threads) and its mode, in words."""
        if info.mode == "preemptive":
            return self.tr("OS threads"), self.tr("preemptive")
        return info.backend, self.tr("cooperative")

    def loop_lag_text(self) -> str:
        """How late the loop got to its due timers in the last second (recorded): not while
        the user holds the loop, and said so when a resume releases timers held by a pause."""
        if self.engine.paused:
            return self.tr("loop lag: — (paused)")
        if self.slow_motion_s():
            return self.tr("loop lag: — (slow motion)")
        lag = fmt_elapsed(self.bridge.loop_lag_ns)
        if self.bridge.loop_lag_ns and time.monotonic() - self._resumed_at < LAG_WINDOW_S:
            return self.tr("loop lag: {t} (timers held by the pause)").format(t=lag)
        return self.tr("loop lag: {t}").format(t=lag)

    def _frozen(self, seconds: float) -> None:
        """The Qt host ran a step on the GUI thread for ``seconds``: said once, in its own
        permanent field (the transient message beside the state would repeat it)."""
        self.freeze_message = self.tr(
            "the window was frozen {ms:.0f} ms: the loop shares Qt's thread").format(
                ms=seconds * 1000)
        self.status_frozen.setText(self.freeze_message)
        self.status_frozen.setToolTip(self.tr(
            "On the Qt host the observed loop runs inside Qt's event loop, on the GUI thread: "
            "while one of its steps runs, the window cannot repaint or take input. The "
            "engine-thread host keeps the window fluid."))

    def _sync_controls(self) -> None:
        paused = self.engine.paused
        sp = QStyle.StandardPixmap
        self.act_run.setText(self.tr("Run") if paused else self.tr("Pause"))
        self.act_run.setIcon(self.style().standardIcon(sp.SP_MediaPlay if paused
                                                       else sp.SP_MediaPause))
        live = self.viewing is None
        # A saved session is read-only: the commands that drive the live loop wait until the
        # live recording is shown again (→ and ← replay the session).
        for action in (self.act_run, self.act_step_iteration, self.act_cancel, self.act_reset):
            action.setEnabled(live)
        single_unit = self.engine.host == "thread"
        self.act_step.setEnabled(single_unit or not live)
        self.act_step_task.setEnabled(single_unit and live)
        self.act_step.setToolTip(self._step_tooltip if single_unit or not live else self.tr(
            "Single-unit stepping needs the engine-thread host; use Step iteration"))
        self.act_close_session.setEnabled(self.bridge.session is not None)

    # -- commands (async slots awaiting the engine) ---------------------------------------------
    async def _await(self, future: Future[Any]) -> Any:
        try:
            return await asyncio.wrap_future(future)
        except (EngineError, ValueError) as exc:
            self._error(str(exc))
            return None

    def message(self, text: str, ms: int = 6000) -> None:
        """A transient message beside the loop's state (never hiding it)."""
        self.status_message.setText(text)
        self.status_message.setToolTip(text)  # the whole of it, when the bar cuts it short
        self._message_timer.start(ms)

    def _error(self, message: str) -> None:
        self.message(message, 10000)

    def _after_command(self) -> None:
        self.bridge.drain()
        self._sync_controls()
        self.refresh()

    @asyncSlot()
    async def toggle_run(self) -> None:
        if self.engine.paused:
            self.inspector.engine_resumed()
            await self._await(self.engine.resume())
            self._resumed_at = time.monotonic()
        else:
            # The request first, then the wake-up (a pause takes effect now, not after a long
            # poll): a loop woken first could be back in a wait with no deadline before the
            # request, and the pause would wait for the loop's next event.
            paused = self.engine.pause()
            self.engine.interrupt_poll()
            await self._await(paused)
        self._after_command()

    async def _step(self, start: Callable[[], Future[Any]]) -> Any:
        try:
            future = start()
        except EngineError as exc:
            self._error(str(exc))
            return None
        self._sync_controls()
        result = await self._await(future)
        self.inspector.engine_resumed()
        self._after_command()
        return result

    def forward(self) -> Any:
        """→: the next recorded event while replaying, else one unit of the live loop."""
        if not self.replay.live:
            self.replay.step(+1)
            return None
        if self.viewing is not None:
            self.message(self.tr("This is the saved session's last event (← steps back; the "
                                 "Recording box shows the live loop)."))
            return None
        return self.step()

    @asyncSlot()
    async def step(self) -> None:
        await self._step(lambda: self.engine.step(1))

    @asyncSlot()
    async def step_iteration(self) -> None:
        await self._step(self.engine.step_iteration)

    @asyncSlot()
    async def step_to_task(self) -> None:
        serial = self.inspector.serial
        if not serial:
            self._error(self.tr("Select a task first (board or event log)."))
            return
        await self._step(lambda: self.engine.step_until_task(serial))

    def launch_selected(self) -> None:
        self.launcher._launch()

    def launch(self, name: str, params: dict[str, Any] | None = None) -> bool:
        switched = self.show_live()  # a launch runs on the live loop (a session stays open)
        try:
            launch = self.engine.launch(registry.get(name), params)
        except (ParamError, KeyError, EngineError) as exc:
            message = str(exc.args[0]) if isinstance(exc, KeyError) else str(exc)
            self.launcher.show_error(message)
            self._error(message)
            return False
        self.launcher.select(name)
        label = numbered(name, launch.id)  # "tcp-echo (2)", as the tasks of that launch
        launch.result.add_done_callback(  # (by name: a reset forgets the engine's launches)
            lambda fut: QTimer.singleShot(0, self, lambda: self._launch_finished(label, fut)))
        launched = self.tr("launched {name}").format(name=label)
        if switched:
            launched = self.tr("{launched} on the live loop; {note}").format(
                launched=launched, note=switched)
        self.message(launched, 8000 if switched else 4000)
        return True

    def _launch_finished(self, name: str, fut: Future[Any]) -> None:
        if fut.cancelled():
            text = self.tr("{name} was cancelled").format(name=name)
        elif fut.exception() is not None:
            text = self.tr("{name} failed: {err}").format(name=name, err=fut.exception())
            self.launcher.show_error(text)  # stays beside the Launch button until the next try
        else:
            text = self.tr("{name} finished: {result}").format(name=name,
                                                              result=fmt_result(fut.result()))
        self.message(text, 10000)

    @asyncSlot()
    async def cancel_workloads(self) -> None:
        if all(launch.result.done() for launch in self.engine.launches.values()):
            self.message(self.tr("Nothing to cancel: no workload is running."))
            return
        if self.engine.paused:
            self._error(self.tr("Paused: cancelling takes effect when the loop runs again."))
        try:
            future = self.engine.cancel_all()
        except EngineError as exc:
            self._error(str(exc))
            return
        if not self.engine.paused:
            await self._await(future)
        self._after_command()

    def reset(self) -> None:
        if not self.discard_ok(self.tr("Reset")):
            return
        paused = self.engine.paused
        self._saved_launch = 0  # a new loop numbers its launches from 1 again
        self.engine.reset(paused=paused)
        self._apply_speed(self.engine)  # a new loop starts at full speed
        self.freeze_message = ""
        self.bridge.restart(self.engine)
        self.bridge.start()
        self._sync_controls()

    # -- which recording is shown --------------------------------------------------------------
    @property
    def viewing(self) -> tracefile.Session | None:
        """The saved session on view (None: the live recording is shown)."""
        return None if self.bridge.showing_live else self.bridge.session

    @property
    def viewing_path(self) -> str:
        return "" if self.viewing is None else self.bridge.session_path

    def _show_title(self) -> None:
        if self.viewing is not None:
            self.setWindowTitle(self.tr("LoopScope — {name} (saved session, read-only)").format(
                name=os.path.basename(self.viewing_path)))
        else:
            self.setWindowTitle(self.tr("LoopScope — live recording"))

    def _update_source_box(self) -> None:
        """The Recording box: the live recording, and the saved session if one is open."""
        box = self.source_box
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("live loop"), "live")
        if self.bridge.session is not None:
            box.addItem(self.tr("{name} (saved)").format(
                name=os.path.basename(self.bridge.session_path)), "session")
        box.setCurrentIndex(0 if self.viewing is None else 1)
        box.setEnabled(box.count() > 1)
        box.blockSignals(False)

    def _source_changed(self, _index: int) -> None:
        if self.source_box.currentData() == "session":
            self.bridge.show_saved()
        else:
            self.show_live()

    def show_live(self) -> str:
        """Show the live recording (a saved session on view stays open in the Recording
        box). Returns what to tell the user ("" if the live recording was shown already)."""
        if self.viewing is None:
            return ""
        name = os.path.basename(self.viewing_path)
        self.bridge.show_live()
        note = self.tr("{name} stays open in the Recording box").format(name=name)
        self.message(self.tr("Showing the live loop; {note}.").format(note=note), 8000)
        return note

    def close_session(self) -> None:
        """Forget the opened saved session (the file stays as it is)."""
        if self.bridge.session is None:
            return
        self.bridge.close_session()
        self._update_source_box()
        self._sync_controls()

    # -- files -----------------------------------------------------------------------------------
    def show_session(self, session: tracefile.Session, path: str) -> None:
        """Show a saved session, read-only; the live loop goes on recording apart from it."""
        self.bridge.show_session(session, path)
        info = session.info
        where, mode = self.made_on(info)
        self.message(self.tr("opened {name}: {n:,} events of {what} ({mode}, {where}, "
                             "Python {py})").format(name=os.path.basename(path),
                                                    n=session.events,
                                                    what=info.workload or "?",
                                                    mode=mode, where=where,
                                                    py=info.python), 10000)
        self.refresh()

    def session_info(self) -> tracefile.SessionInfo:
        """What the shown recording is of."""
        if self.viewing is not None:
            return self.viewing.info
        return self.live_session_info()

    def live_session_info(self) -> tracefile.SessionInfo:
        launches = list(self.engine.launches.values())
        names = sorted({launch.workload for launch in launches})
        return tracefile.SessionInfo(
            workload=", ".join(names), params=launches[-1].params if launches else {},
            mode="cooperative", backend=self.engine.backend, host=self.engine.host,
            script=str(self.script.path) if self.script is not None else "")

    def _file_dialog(self, save: bool, title: str, filters: str, suffix: str) -> str:
        directory = str(self._setting("lastDirectory", os.path.expanduser("~")))
        if save:
            path, _ = QFileDialog.getSaveFileName(self, title, directory, filters)
            if path and not os.path.splitext(path)[1]:
                path += suffix
        else:
            path, _ = QFileDialog.getOpenFileName(self, title, directory, filters)
        if path and self.settings is not None:
            self.settings.setValue("lastDirectory", os.path.dirname(path))
        return path

    def open_session_dialog(self) -> None:
        path = self._file_dialog(False, self.tr("Open session"),
                                 self.tr("LoopScope sessions (*.loopscope);;All files (*)"),
                                 tracefile.SUFFIX)
        if path:
            self.open_session(path)

    @asyncSlot(str)
    async def open_session(self, path: str) -> None:
        try:
            session = await run_with_progress(
                self, self.tr("Opening {name}…").format(name=os.path.basename(path)),
                lambda progress, cancelled: tracefile.load(path, progress=progress,
                                                           cancelled=cancelled))
        except tracefile.TraceFileCancelled:
            self.message(self.tr("Opening cancelled: nothing changed."))
            return
        except tracefile.TraceFileError as exc:
            # Refused with the reason; what was on screen stays as it was.
            QMessageBox.warning(self, self.tr("Cannot open this file"), str(exc))
            return
        self.show_session(session, path)

    def save_session_dialog(self) -> None:
        path = self._file_dialog(True, self.tr("Save session"),
                                 self.tr("LoopScope sessions (*.loopscope)"), tracefile.SUFFIX)
        if path:
            self.save_session(path)

    @asyncSlot(str)
    async def save_session(self, path: str) -> None:
        self.bridge.drain()
        live = self.viewing is None  # (the Recording box may change while the worker saves)
        session = tracefile.Session(self.bridge.store, self.session_info())
        written = [len(session.store)]  # a live store keeps growing: the saver says how many

        def save(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
            def note(done: int, total: int) -> None:
                written[0] = total
                progress(done, total)

            return tracefile.save(path, session, progress=note, cancelled=cancelled)

        try:
            with self.bridge.holding():  # the worker reads the live store's columns
                size = await run_with_progress(
                    self, self.tr("Saving {name}…").format(name=os.path.basename(path)), save)
        except tracefile.TraceFileCancelled:
            self.message(self.tr("Saving cancelled: no file was written."))
            return
        except (tracefile.TraceFileError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Cannot save"), str(exc))
            return
        self._saved(live, written[0], path, size)

    def _saved(self, live: bool, events: int, path: str, size: int) -> None:
        """Say what was written; a saved live recording needs no question before a reset."""
        if live:
            self._note_saved()
        self.message(self.tr("saved {n:,} events to {name} ({size:,} bytes)").format(
            n=events, name=os.path.basename(path), size=size), 8000)

    def export_trace_dialog(self) -> None:
        path = self._file_dialog(True, self.tr("Export Perfetto / Chrome trace"),
                                 self.tr("Trace Event JSON (*.json)"), ".json")
        if path:
            self.export_trace(path)

    @asyncSlot(str)
    async def export_trace(self, path: str) -> None:
        self.bridge.drain()
        store, info = self.bridge.store, self.session_info()
        try:
            with self.bridge.holding():
                stats = await run_with_progress(
                    self, self.tr("Exporting {name}…").format(name=os.path.basename(path)),
                    lambda progress, cancelled: perfetto.export(store, path, info=info,
                                                                progress=progress,
                                                                cancelled=cancelled))
        except perfetto.ExportCancelled:
            self.message(self.tr("Export cancelled: no file was written."))
            return
        except (perfetto.ExportError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Cannot export"), str(exc))
            return
        self.message(self.tr("exported {name}: open it in ui.perfetto.dev or "
                             "chrome://tracing").format(name=os.path.basename(path)), 8000)
        del stats

    def export_image_dialog(self) -> None:
        choices = [self.tr("The whole window"), self.tr("The board"), self.tr("The timeline")]
        choice, ok = QInputDialog.getItem(self, self.tr("Export image"),
                                          self.tr("What to save as PNG:"), choices, 0, False)
        if not ok:
            return
        path = self._file_dialog(True, self.tr("Export image"), self.tr("PNG images (*.png)"),
                                 ".png")
        if path:
            which = {choices[0]: "window", choices[1]: "board", choices[2]: "timeline"}[choice]
            if not self.export_image(which, path):
                QMessageBox.warning(self, self.tr("Cannot save"),
                                    self.tr("The image could not be written to {path}.")
                                    .format(path=path))

    def export_image(self, which: str, path: str) -> bool:
        widget = {"board": self.board, "timeline": self.timeline}.get(which, self)
        if widget is self:
            return self.save_screenshot(path)
        return widget.grab().save(path)

    def open_script_dialog(self) -> None:
        path = self._file_dialog(False, self.tr("Open script"),
                                 self.tr("Python scripts (*.py)"), ".py")
        if path:
            self.open_script(path)

    def open_script(self, path: str) -> bool:
        """Run a user's asyncio script on the traced loop, its source shown in Workloads."""
        try:
            source, kind = scripts.check(path)
        except scripts.ScriptError as exc:
            QMessageBox.warning(self, self.tr("Cannot run this script"), str(exc))
            return False
        if self.script is not None and not self.script.done:
            self.script.stop()
        self.show_live()
        self.launcher.show_source(os.path.basename(path), source)
        try:
            self.script = scripts.ScriptRun(path, self.engine).start()
        except scripts.ScriptError as exc:
            QMessageBox.warning(self, self.tr("Cannot run this script"), str(exc))
            return False
        self._script_timer.start()
        self.message(self.tr("running {name} ({how}) on the traced loop").format(
            name=os.path.basename(path),
            how=self.tr("its main()") if kind == "main" else self.tr("as a script")), 8000)
        return True

    def _script_poll(self) -> None:
        run = self.script
        if run is None or not run.done:
            return
        self._script_timer.stop()
        outcome = run.outcome
        name = run.path.name
        if outcome.status == "error":
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("The script failed"),
                              self.tr("{name} raised an exception. What it did until then "
                                      "is recorded.").format(name=name),
                              QMessageBox.StandardButton.Ok, self)
            box.setDetailedText(outcome.error)
            box.setObjectName("scriptError")
            box.open()
        else:
            self.message(self.tr("{name}: {status}").format(name=name, status=outcome.status),
                         8000)

    def open_compare(self) -> CompareWindow:
        if self.compare_window is None:
            self.compare_window = CompareWindow(self._compare_parameters, self.pause_display)
        self.compare_window.select(self.launcher.workload.name)
        self.compare_window.show()
        self.compare_window.raise_()
        return self.compare_window

    def _compare_parameters(self, name: str) -> dict[str, Any]:
        """The Workloads panel's values for that sample (never "forever": it must end)."""
        values = self.launcher.values() if self.launcher.workload.name == name else {}
        return {**values, "forever": False}

    def pause_display(self, paused: bool) -> None:
        """Stop (or restart) the display timers: during a compare run the GUI thread must
        compete for the GIL as little as possible."""
        for timer in (self.bridge.timer, self.refresh_timer):
            if paused:
                timer.stop()
            else:
                timer.start()

    def _threshold_changed(self, seconds: float) -> None:
        try:
            self.engine.set_slow_step_threshold(seconds)
        except ValueError as exc:
            self._error(str(exc))

    def _animate_toggled(self, on: bool) -> None:
        self.board.animations = on
        if self.settings is not None:
            self.settings.setValue("animate", "true" if on else "false")

    def _speed_changed(self, index: int) -> None:
        delay = float(self.speed.itemData(index))
        # Slow motion: moves short enough that a unit's events (~3) play within its time
        # (1 s per unit: the normal 260 ms), never shorter than a quarter of that.
        self.board.speed = 1.0 if delay < 0.05 else min(1.0, max(0.25, delay))
        try:
            self.engine.slow_motion(delay)
        except (EngineError, ValueError) as exc:
            self._error(str(exc))

    def slow_motion_s(self) -> float:
        """The Speed box: how long each unit is held (0: live speed)."""
        return float(self.speed.currentData() or 0)

    def _apply_speed(self, engine: Any) -> None:
        if self.slow_motion_s():
            engine.slow_motion(self.slow_motion_s())

    def _backend_changed(self, _index: int) -> None:
        backend = str(self.backend_box.currentData())
        if backend == self.engine.backend:
            return
        self._replace_engine(backend, self.engine.host, self.tr("Switch the backend"))

    def _host_changed(self, _index: int) -> None:
        host = str(self.host_box.currentData())
        if host == self.engine.host:
            return
        self._replace_engine(self.engine.backend, host, self.tr("Switch the host"))

    def _show_engine_choice(self) -> None:
        """The Backend and Host boxes name the engine's (after a refusal or a cancel too)."""
        for box, value in ((self.backend_box, self.engine.backend),
                           (self.host_box, self.engine.host)):
            box.blockSignals(True)
            box.setCurrentIndex(box.findData(value))
            box.blockSignals(False)

    def _replace_engine(self, backend: str, host: str, what: str) -> None:
        """A new engine (a new loop, a new live recording): refused before anything stops if
        the host cannot run the backend, and asked first if a run would be lost."""
        refusal = QtHostEngine.refusal(backend) if host == "qt" else ""
        if refusal:
            self._show_engine_choice()
            QMessageBox.warning(self, self.tr("Cannot switch"), refusal)
            return
        if not self.discard_ok(what):
            self._show_engine_choice()
            return
        paused = self.engine.paused
        self.engine.stop()
        engine = self._make_engine(backend, host)
        try:
            engine.start(paused=paused)
        except EngineError as exc:
            QMessageBox.warning(self, self.tr("Cannot switch"), str(exc))
            engine = Engine(backend)
            engine.start(paused=paused)
        self.engine = engine
        self._saved_launch = 0
        self.freeze_message = ""
        self._show_engine_choice()
        self._apply_speed(engine)
        self.bridge.restart(engine)
        self._sync_controls()

    # -- nothing is lost without asking ----------------------------------------------------------
    def unsaved_run(self) -> bool:
        """The live recording holds a workload or script run that was not saved since."""
        launches = self.engine.launches
        return bool(launches) and max(launches) > self._saved_launch

    def discard_ok(self, what: str) -> bool:
        """``what`` (a reset, a backend or host switch) would wipe the live recording: ask
        first whether to save it, unless there is nothing to lose or the user said not to
        ask. False: the user cancelled (or saving failed), so nothing must change."""
        if not self.unsaved_run() or not self.ask_before_discarding():
            return True
        choice = self.ask_discard(what)
        if choice == "discard":
            return True
        if choice == "save":
            return self.save_live_now()
        return False

    def ask_before_discarding(self) -> bool:
        return str(self._setting("askBeforeDiscarding", self._ask_before_discarding)).lower() \
            == "true"

    def set_ask_before_discarding(self, on: bool) -> None:
        self._ask_before_discarding = on
        if self.settings is not None:
            self.settings.setValue("askBeforeDiscarding", "true" if on else "false")
        self.act_ask_discard.setChecked(on)

    def ask_discard(self, what: str) -> str:
        """The question, as a modal box: "save", "discard" or "cancel"."""
        box = QMessageBox(QMessageBox.Icon.Question, what,
                          self.tr("{what} starts a new loop and wipes the live recording "
                                  "({n:,} events). Save it first?").format(
                              what=what, n=len(self.bridge.live_store)),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("discardQuestion")
        save = box.addButton(self.tr("Save…"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save)
        never = QCheckBox(self.tr("Don't ask again (Run → Ask before discarding a run)"), box)
        box.setCheckBox(never)
        box.exec()
        clicked = box.clickedButton()
        if clicked not in (save, discard):
            return "cancel"
        if never.isChecked():  # from now on: discard without asking
            self.set_ask_before_discarding(False)
        return "save" if clicked is save else "discard"

    def save_live_now(self) -> bool:
        """Save the live recording before it is wiped: a file dialog, then the save itself
        here (a million events take ~0.2 s). False if cancelled or the save failed."""
        path = self._file_dialog(True, self.tr("Save the live recording"),
                                 self.tr("LoopScope sessions (*.loopscope)"), tracefile.SUFFIX)
        if not path:
            return False
        self.bridge.drain()
        session = tracefile.Session(self.bridge.live_store, self.live_session_info())
        try:
            size = tracefile.save(path, session)
        except (tracefile.TraceFileError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Cannot save"), str(exc))
            return False
        self._saved(True, session.events, path, size)
        return True

    def _note_saved(self) -> None:
        """The live recording was saved: what ran until now needs no question any more
        (a launch still running goes on recording, so it still counts)."""
        launches = self.engine.launches
        running = [i for i, launch in launches.items() if not launch.result.done()]
        self._saved_launch = (min(running) - 1) if running else max(launches, default=0)

    def select_task(self, serial: int) -> None:
        self.board.select(serial)
        self.timeline.select_task(serial)
        self.inspector.select(serial)
        self.refresh()

    def show_guide(self) -> QDialog:
        return self._show_help("guide", lambda: guide_dialog(self))

    def show_keyboard_map(self) -> QDialog:
        return self._show_help("keys", lambda: keyboard_map_dialog(self, self.actions()))

    def _show_help(self, key: str, make: Callable[[], QDialog]) -> QDialog:
        """One window per kind of help: asked again, it comes to the front."""
        dialog = self._help.get(key)
        if dialog is None:
            dialog = self._help[key] = make()
        dialog.show()
        dialog.raise_()
        return dialog

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About LoopScope"), self.tr(
            "LoopScope runs a real asyncio event loop on the kernel's own event queue, records "
            "every scheduling event and shows tasks moving between registered, ready and "
            "running."))

    def save_screenshot(self, path: str) -> bool:
        self.bridge.drain()
        self.refresh()
        return self.grab().save(path)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized and (self.settings is None or self.settings.value("windowState")
                                is None):
            # The default proportions: the board large, the log a strip (dock sizes only
            # apply once the window has a size).
            self._sized = True
            height, width = self.height(), self.width()
            self.resizeDocks([self.docks["log"]], [max(180, int(height * 0.28))],
                             Qt.Orientation.Vertical)
            self.resizeDocks([self.docks["board"], self.docks["launcher"]],
                             [int(width * 0.7), int(width * 0.3)], Qt.Orientation.Horizontal)
            # The launcher's parameters and Launch button want more room than the inspector's
            # hint; within it, the parameters more than the list.
            self.resizeDocks([self.docks["launcher"], self.docks["inspector"]],
                             [int(height * 0.5), int(height * 0.2)], Qt.Orientation.Vertical)
            self.launcher.splitter.setSizes([int(height * 0.16), int(height * 0.34)])

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save()
        self.refresh_timer.stop()
        self.bridge.stop()
        if self.compare_window is not None:
            self.compare_window.close()
        self._script_timer.stop()
        if self.script is not None and not self.script.done:
            self.script.stop()
        started = time.monotonic()
        clean = self.engine.stop()
        sys.setswitchinterval(self._saved_switch_interval)
        gc.unfreeze()
        gc.collect()  # now, while closing: unfrozen, the whole heap is due for a full pass
        if not clean:
            print(f"LoopScope: the engine did not stop cleanly within "
                  f"{time.monotonic() - started:.1f} s", flush=True)
        super().closeEvent(event)
