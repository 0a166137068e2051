"""The main window's docks, commands, toolbars and menus, and what the controls say.

Each builder sets the widgets it makes as attributes of the window (declared there) and
connects them: commands to the window's slots (and through them to the controller), the
Speed, Backend, Host and Recording boxes to the handlers here. :func:`sync_controls` makes
the commands say what they would do now; :func:`switch_engine` is the one flow behind the
Backend and Host boxes (refused, or asked about, before anything stops).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QDockWidget, QLabel, QMessageBox, QStyle, QToolBar, QWidget

from app.qt.language import tr
from app.runtime import backends
from app.views import session_dialogs
from app.views.help import KEYMAP_NAME
from app.views.window_parts import WindowParts

SPEEDS = ((0.0, "Live"), (0.01, "10 ms per unit"), (0.05, "50 ms per unit"),
          (0.2, "200 ms per unit"), (1.0, "1 s per unit"))


def action(w: WindowParts, text: str, slot: Callable[[], object], shortcut: str | None = None,
           icon: QStyle.StandardPixmap | None = None, tip: str = "") -> QAction:
    """A command of the window: its key works wherever the focus is."""
    act = QAction(text, w)
    if shortcut:
        act.setShortcut(QKeySequence(shortcut))
    if icon is not None:
        act.setIcon(w.style().standardIcon(icon))
    if tip:
        act.setStatusTip(tip)
        act.setToolTip(f"{text} — {tip}" + (f" ({shortcut})" if shortcut else ""))
    act.triggered.connect(lambda _checked=False: slot())
    w.addAction(act)
    return act


def dock(w: WindowParts, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
    """``widget`` in a dock the View menu can show and hide (``w.docks[key]``)."""
    box = QDockWidget(title, w)
    box.setObjectName(f"dock_{key}")
    box.setWidget(widget)
    w.addDockWidget(area, box)
    w.docks[key] = box


def build_docks(w: WindowParts) -> None:
    """The views in docks: the board and lists left, Workloads and the inspector right,
    the timeline, log, activity and metrics tabbed below."""
    w.docks = {}
    dock(w, "board", tr("Board — where every task is now"), w.board,
         Qt.DockWidgetArea.LeftDockWidgetArea)
    dock(w, "lists", tr("State as lists"), w.state_view,
         Qt.DockWidgetArea.LeftDockWidgetArea)
    dock(w, "launcher", tr("Workloads"), w.launcher,
         Qt.DockWidgetArea.RightDockWidgetArea)
    dock(w, "timeline", tr("Timeline"), w.timeline,
         Qt.DockWidgetArea.BottomDockWidgetArea)
    dock(w, "activity", tr("Activity"), w.activity,
         Qt.DockWidgetArea.BottomDockWidgetArea)
    dock(w, "log", tr("Event log"), w.event_log,
         Qt.DockWidgetArea.BottomDockWidgetArea)
    dock(w, "metrics", tr("Metrics"), w.metrics,
         Qt.DockWidgetArea.BottomDockWidgetArea)
    dock(w, "inspector", tr("Inspector"), w.inspector,
         Qt.DockWidgetArea.RightDockWidgetArea)
    w.tabifyDockWidget(w.docks["timeline"], w.docks["log"])
    w.tabifyDockWidget(w.docks["log"], w.docks["activity"])
    w.tabifyDockWidget(w.docks["log"], w.docks["metrics"])
    w.tabifyDockWidget(w.docks["board"], w.docks["lists"])
    w.docks["log"].raise_()
    w.docks["board"].raise_()


# -- layout and what is saved between sessions -------------------------------------------------
def default_size(w: WindowParts) -> None:
    """1500 x 920, or the screen's available area where that is smaller (a 1366 x 768
    laptop would otherwise lose the status bar below its edge)."""
    area = w.screen().availableGeometry()
    w.resize(min(1500, area.width()), min(920, area.height() - 40))


def restore_layout(w: WindowParts) -> None:
    """The window as the user left it: geometry, docks, the selected sample, the speed."""
    if w.settings is None:
        default_size(w)
        return
    geometry = w.settings.value("geometry")
    if isinstance(geometry, QByteArray):
        w.restoreGeometry(geometry)
    else:
        default_size(w)
    state = w.settings.value("windowState")
    if isinstance(state, QByteArray):
        w.restoreState(state)
    w.launcher.select(str(w.settings.value("workload", "tcp-echo")))
    speed = int(str(w.settings.value("speed", 0)))
    if 0 <= speed < len(SPEEDS):
        w.speed.setCurrentIndex(speed)


def save_layout(w: WindowParts) -> None:
    """What :func:`restore_layout` restores, and the engine's backend and host."""
    if w.settings is None:
        return
    w.settings.setValue("geometry", w.saveGeometry())
    w.settings.setValue("windowState", w.saveState())
    w.settings.setValue("workload", w.launcher.workload.name)
    w.settings.setValue("speed", w.speed.currentIndex())
    w.settings.setValue("host", w.controller.host)
    w.settings.setValue("backend", w.controller.backend)
    w.settings.sync()


def default_proportions(w: WindowParts) -> None:
    """The board large, the log a strip."""
    height, width = w.height(), w.width()
    w.resizeDocks([w.docks["log"]], [max(180, int(height * 0.28))], Qt.Orientation.Vertical)
    w.resizeDocks([w.docks["board"], w.docks["launcher"]],
                  [int(width * 0.7), int(width * 0.3)], Qt.Orientation.Horizontal)
    # The launcher's parameters and Launch button want more room than the inspector's
    # hint; within it, the parameters more than the list.
    w.resizeDocks([w.docks["launcher"], w.docks["inspector"]],
                  [int(height * 0.5), int(height * 0.2)], Qt.Orientation.Vertical)
    w.launcher.splitter.setSizes([int(height * 0.16), int(height * 0.34)])


def build_actions(w: WindowParts) -> None:
    """The window's commands, with their keys and tips."""
    sp = QStyle.StandardPixmap
    w.act_run = action(w, tr("Run"), w.toggle_run, "Space", sp.SP_MediaPlay,
                       tr("run freely / pause before the next unit"))
    w.act_step = action(w, tr("Step"), w.forward, "Right", sp.SP_MediaSeekForward,
                        tr("run exactly one unit (a poll, a timer or one handle) and pause; "
                           "while replaying, the next recorded event"))
    w.act_back = action(w, tr("Back"), lambda: w.replay.step(-1), "Left",
                        sp.SP_MediaSeekBackward, tr("replay: the previous recorded event"))
    w.act_first = action(w, tr("First event"), lambda: w.replay.set_cursor(0), "Home", None,
                         tr("replay: the first recorded event"))
    w.act_live = action(w, tr("Live"), lambda: w.replay.set_cursor(-1), "End", None,
                        tr("follow the newest event again"))
    w.act_step_iteration = action(w, tr("Step iteration"), w.step_iteration, "Shift+Right",
                                  sp.SP_MediaSkipForward,
                                  tr("run until the loop is about to poll again"))
    w.act_step_task = action(w, tr("Step to selected task"), w.step_to_task, "Ctrl+Right",
                             None, tr("run until the selected task's next step has run"))
    w.act_launch = action(w, tr("Launch"), w.launch_selected, "Ctrl+L",
                          sp.SP_FileDialogStart,
                          tr("launch the workload selected in Workloads"))
    w.act_cancel = action(w, tr("Cancel workloads"), w.cancel_workloads, "Ctrl+K",
                          sp.SP_MediaStop, tr("cancel every running workload"))
    w.act_reset = action(w, tr("Reset"), w.reset, "Ctrl+R", sp.SP_BrowserReload,
                         tr("stop the engine, clear the recording, start again"))
    w.act_quit = action(w, tr("Quit"), w.close, "Ctrl+Q", None,
                        tr("stop the engine and close LoopScope"))
    w.act_open = action(w, tr("Open session…"), lambda: session_dialogs.open_session_dialog(w),
                        "Ctrl+O", sp.SP_DialogOpenButton, tr("open a saved recording"))
    w.act_close_session = action(w, tr("Close session"), w.close_session, None, None,
                                 tr("forget the opened saved session and show the live loop"))
    w.act_save = action(w, tr("Save session…"), lambda: session_dialogs.save_session_dialog(w),
                        "Ctrl+S", sp.SP_DialogSaveButton,
                        tr("save this recording (events, tasks, workload)"))
    w.act_export_trace = action(w, tr("Export Perfetto / Chrome trace…"),
                                lambda: session_dialogs.export_trace_dialog(w), None, None,
                                tr("JSON that opens in ui.perfetto.dev and chrome://tracing"))
    w.act_export_image = action(w, tr("Export image…"),
                                lambda: session_dialogs.export_image_dialog(w), None, None,
                                tr("the board, the timeline or the whole window as PNG"))
    w.act_open_script = action(w, tr("Open script…"),
                               lambda: session_dialogs.open_script_dialog(w), "Ctrl+Shift+O",
                               None, tr("run your own asyncio script on the traced loop"))
    w.act_compare = action(w, tr("Compare cooperative vs preemptive…"), w.open_compare,
                           "Ctrl+M", None, tr("run the selected sample as asyncio tasks and "
                                              "on OS threads, side by side"))
    w.act_compare_sessions = action(w, tr("Compare sessions…"), w.compare_sessions, None, None,
                                    tr("two saved sessions (an epoll and an IOCP recording, "
                                       "say) on one time axis: readiness vs completion"))
    w.act_run.setProperty(KEYMAP_NAME, tr("Run / Pause"))
    w.step_tooltip = w.act_step.toolTip()


def build_toolbars(w: WindowParts) -> None:
    """Controls (launch, run, step, speed, backend, host) and Replay (which recording,
    where in it)."""
    bar = QToolBar(tr("Controls"), w)
    bar.setObjectName("controls")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    w.addToolBar(bar)
    for act in (w.act_launch, w.act_run, w.act_step, w.act_step_iteration,
                   w.act_cancel, w.act_reset):
        bar.addAction(act)
    bar.addSeparator()
    bar.addWidget(QLabel(tr("Speed ")))
    w.speed = QComboBox(w)
    w.speed.setObjectName("speed")
    for delay, label in SPEEDS:
        w.speed.addItem(tr(label), delay)
    w.speed.currentIndexChanged.connect(lambda index: speed_changed(w, index))
    bar.addWidget(w.speed)
    bar.addSeparator()
    bar.addWidget(QLabel(tr("Backend ")))
    w.backend_box = QComboBox(w)
    w.backend_box.setObjectName("backend")
    for name in backends.available():
        w.backend_box.addItem(name, name)
    w.backend_box.setCurrentIndex(backends.available().index(w.controller.backend))
    w.backend_box.currentIndexChanged.connect(lambda _index: backend_changed(w))
    bar.addWidget(w.backend_box)
    bar.addWidget(QLabel(tr(" Host ")))
    w.host_box = QComboBox(w)
    w.host_box.setObjectName("host")
    w.host_box.addItem(tr("engine thread"), "thread")
    w.host_box.addItem(tr("Qt event loop"), "qt")
    w.host_box.setCurrentIndex(0 if w.controller.host == "thread" else 1)
    w.host_box.currentIndexChanged.connect(lambda _index: host_changed(w))
    bar.addWidget(w.host_box)
    replay_bar = QToolBar(tr("Replay"), w)
    replay_bar.setObjectName("replay")
    w.addToolBarBreak()
    w.addToolBar(replay_bar)
    replay_bar.addWidget(QLabel(tr("Recording ")))
    w.source_box = QComboBox(w)
    w.source_box.setObjectName("recording")
    w.source_box.setToolTip(tr(
        "Which recording the views show: the live loop, or a saved session opened from a "
        "file (read-only). The live loop goes on recording while a session is shown."))
    w.source_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    update_source_box(w)
    w.source_box.currentIndexChanged.connect(lambda _index: source_changed(w))
    replay_bar.addWidget(w.source_box)
    replay_bar.addSeparator()
    replay_bar.addAction(w.act_back)
    replay_bar.addWidget(w.replay)


def build_menus(w: WindowParts) -> None:
    menu = w.menuBar()
    file_menu = menu.addMenu(tr("&File"))
    for act in (w.act_open, w.act_close_session, w.act_save,
                   w.act_open_script, w.act_compare_sessions):
        file_menu.addAction(act)
    file_menu.addSeparator()
    file_menu.addAction(w.act_export_trace)
    file_menu.addAction(w.act_export_image)
    file_menu.addSeparator()
    file_menu.addAction(w.act_quit)
    run_menu = menu.addMenu(tr("&Run"))
    for act in (w.act_launch, w.act_run, w.act_step, w.act_step_iteration,
                   w.act_step_task, w.act_cancel, w.act_reset):
        run_menu.addAction(act)
    run_menu.addSeparator()
    run_menu.addAction(w.act_compare)
    run_menu.addSeparator()
    w.act_ask_discard = QAction(tr("Ask before discarding a run"), w)
    w.act_ask_discard.setCheckable(True)
    w.act_ask_discard.setChecked(w.ask_before_discarding())
    w.act_ask_discard.setStatusTip(tr(
        "Reset and backend or host switches start a new loop: offer to save the run "
        "first"))
    w.act_ask_discard.toggled.connect(w.set_ask_before_discarding)
    run_menu.addAction(w.act_ask_discard)
    replay_menu = menu.addMenu(tr("Re&play"))
    for act in (w.act_back, w.act_first, w.act_live):
        replay_menu.addAction(act)
    view_menu = menu.addMenu(tr("&View"))
    w.act_animate = QAction(tr("Animate the board"), w)
    w.act_animate.setCheckable(True)
    w.act_animate.setChecked(str(w.setting("animate", "true")).lower() == "true")
    w.act_animate.toggled.connect(w.animate_toggled)
    w.animate_toggled(w.act_animate.isChecked())
    view_menu.addAction(w.act_animate)
    view_menu.addSeparator()
    for dock in w.docks.values():
        view_menu.addAction(dock.toggleViewAction())
    help_menu = menu.addMenu(tr("&Help"))
    help_menu.addAction(action(w, tr("Guide to the views"), w.show_guide, "F1", None,
                               tr("what each view shows, and how to read it")))
    help_menu.addAction(action(w, tr("Keyboard map"), w.show_keyboard_map, None, None,
                               tr("every key and what it does")))
    help_menu.addSeparator()
    help_menu.addAction(action(w, tr("About LoopScope"), w.about))


# -- what the controls say --------------------------------------------------------------------
def sync_controls(w: WindowParts) -> None:
    """The commands say what they would do now, and those that cannot are disabled."""
    paused = w.controller.paused
    sp = QStyle.StandardPixmap
    w.act_run.setText(tr("Run") if paused else tr("Pause"))
    w.act_run.setIcon(w.style().standardIcon(sp.SP_MediaPlay if paused else sp.SP_MediaPause))
    live = w.viewing is None
    # A saved session is read-only: the commands that drive the live loop wait until the
    # live recording is shown again (→ and ← replay the session).
    for act in (w.act_run, w.act_step_iteration, w.act_cancel, w.act_reset):
        act.setEnabled(live)
    single_unit = w.controller.host == "thread"
    w.act_step.setEnabled(single_unit or not live)
    w.act_step_task.setEnabled(single_unit and live)
    w.act_step.setToolTip(w.step_tooltip if single_unit or not live else tr(
        "Single-unit stepping needs the engine-thread host; use Step iteration"))
    w.act_close_session.setEnabled(w.bridge.session is not None)


def speed_changed(w: WindowParts, index: int) -> None:
    delay = float(w.speed.itemData(index))
    # Slow motion: moves short enough that a unit's events (~3) play within its time
    # (1 s per unit: the normal 260 ms), never shorter than a quarter of that.
    w.board.speed = 1.0 if delay < 0.05 else min(1.0, max(0.25, delay))
    w.controller.set_slow_motion(delay)


# -- the engine: backend and host --------------------------------------------------------------
def backend_changed(w: WindowParts) -> None:
    backend = str(w.backend_box.currentData())
    if backend != w.controller.backend:
        switch_engine(w, backend, w.controller.host, tr("Switch the backend"))


def host_changed(w: WindowParts) -> None:
    host = str(w.host_box.currentData())
    if host != w.controller.host:
        switch_engine(w, w.controller.backend, host, tr("Switch the host"))


def show_engine_choice(w: WindowParts) -> None:
    """The Backend and Host boxes name the engine's (after a refusal or a cancel too)."""
    for box, value in ((w.backend_box, w.controller.backend), (w.host_box, w.controller.host)):
        box.blockSignals(True)
        box.setCurrentIndex(box.findData(value))
        box.blockSignals(False)


def switch_engine(w: WindowParts, backend: str, host: str, what: str) -> None:
    """A new engine (a new loop, a new live recording): refused before anything stops if
    the host cannot run the backend, and asked first if a run would be lost."""
    refusal = w.controller.refusal(backend, host)
    if refusal:
        show_engine_choice(w)
        QMessageBox.warning(w, tr("Cannot switch"), refusal)
        return
    if not w.discard_ok(what):
        show_engine_choice(w)
        return
    problem = w.controller.replace_engine(backend, host)
    if problem:
        QMessageBox.warning(w, tr("Cannot switch"), problem)


# -- the Recording box -------------------------------------------------------------------------
def update_source_box(w: WindowParts) -> None:
    """The Recording box: the live recording, and the saved session if one is open."""
    box = w.source_box
    box.blockSignals(True)
    box.clear()
    box.addItem(tr("live loop"), "live")
    if w.bridge.session is not None:
        box.addItem(tr("{name} (saved)").format(
            name=os.path.basename(w.bridge.session_path)), "session")
    box.setCurrentIndex(0 if w.viewing is None else 1)
    box.setEnabled(box.count() > 1)
    box.blockSignals(False)


def source_changed(w: WindowParts) -> None:
    if w.source_box.currentData() == "session":
        w.bridge.show_saved()
    else:
        w.show_live()
