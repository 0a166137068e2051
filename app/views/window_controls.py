"""The main window's commands, toolbars, menus and status bar: widgets and their wiring.

Each builder sets the widgets it makes as attributes of the window (declared there), and
connects them to the window's slots; what a command does is the window's (and, behind it,
the controller's) business.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QStyle, QToolBar

from app.runtime import backends
from app.views import session_dialogs
from app.views.help import KEYMAP_NAME
from app.views.live_text import keep_minimum_width

if TYPE_CHECKING:
    from app.views.main_window import MainWindow

SPEEDS = ((0.0, "Live"), (0.01, "10 ms per unit"), (0.05, "50 ms per unit"),
          (0.2, "200 ms per unit"), (1.0, "1 s per unit"))


def action(w: MainWindow, text: str, slot: Callable[[], object], shortcut: str | None = None,
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


def build_actions(w: MainWindow) -> None:
    """The window's commands, with their keys and tips."""
    sp = QStyle.StandardPixmap
    tr = w.tr
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
    w.act_run.setProperty(KEYMAP_NAME, tr("Run / Pause"))
    w.step_tooltip = w.act_step.toolTip()


def build_toolbars(w: MainWindow) -> None:
    """Controls (launch, run, step, speed, backend, host) and Replay (which recording,
    where in it)."""
    bar = QToolBar(w.tr("Controls"), w)
    bar.setObjectName("controls")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    w.addToolBar(bar)
    for act in (w.act_launch, w.act_run, w.act_step, w.act_step_iteration,
                   w.act_cancel, w.act_reset):
        bar.addAction(act)
    bar.addSeparator()
    bar.addWidget(QLabel(w.tr("Speed ")))
    w.speed = QComboBox(w)
    w.speed.setObjectName("speed")
    for delay, label in SPEEDS:
        w.speed.addItem(w.tr(label), delay)
    w.speed.currentIndexChanged.connect(w.speed_changed)
    bar.addWidget(w.speed)
    bar.addSeparator()
    bar.addWidget(QLabel(w.tr("Backend ")))
    w.backend_box = QComboBox(w)
    w.backend_box.setObjectName("backend")
    for name in backends.available():
        w.backend_box.addItem(name, name)
    w.backend_box.setCurrentIndex(backends.available().index(w.engine.backend))
    w.backend_box.currentIndexChanged.connect(w.backend_changed)
    bar.addWidget(w.backend_box)
    bar.addWidget(QLabel(w.tr(" Host ")))
    w.host_box = QComboBox(w)
    w.host_box.setObjectName("host")
    w.host_box.addItem(w.tr("engine thread"), "thread")
    w.host_box.addItem(w.tr("Qt event loop"), "qt")
    w.host_box.setCurrentIndex(0 if w.engine.host == "thread" else 1)
    w.host_box.currentIndexChanged.connect(w.host_changed)
    bar.addWidget(w.host_box)
    replay_bar = QToolBar(w.tr("Replay"), w)
    replay_bar.setObjectName("replay")
    w.addToolBarBreak()
    w.addToolBar(replay_bar)
    replay_bar.addWidget(QLabel(w.tr("Recording ")))
    w.source_box = QComboBox(w)
    w.source_box.setObjectName("recording")
    w.source_box.setToolTip(w.tr(
        "Which recording the views show: the live loop, or a saved session opened from a "
        "file (read-only). The live loop goes on recording while a session is shown."))
    w.source_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    w.update_source_box()
    w.source_box.currentIndexChanged.connect(w.source_changed)
    replay_bar.addWidget(w.source_box)
    replay_bar.addSeparator()
    replay_bar.addAction(w.act_back)
    replay_bar.addWidget(w.replay)


def build_menus(w: MainWindow) -> None:
    menu = w.menuBar()
    file_menu = menu.addMenu(w.tr("&File"))
    for act in (w.act_open, w.act_close_session, w.act_save,
                   w.act_open_script):
        file_menu.addAction(act)
    file_menu.addSeparator()
    file_menu.addAction(w.act_export_trace)
    file_menu.addAction(w.act_export_image)
    file_menu.addSeparator()
    file_menu.addAction(w.act_quit)
    run_menu = menu.addMenu(w.tr("&Run"))
    for act in (w.act_launch, w.act_run, w.act_step, w.act_step_iteration,
                   w.act_step_task, w.act_cancel, w.act_reset):
        run_menu.addAction(act)
    run_menu.addSeparator()
    run_menu.addAction(w.act_compare)
    run_menu.addSeparator()
    w.act_ask_discard = QAction(w.tr("Ask before discarding a run"), w)
    w.act_ask_discard.setCheckable(True)
    w.act_ask_discard.setChecked(w.ask_before_discarding())
    w.act_ask_discard.setStatusTip(w.tr(
        "Reset and backend or host switches start a new loop: offer to save the run "
        "first"))
    w.act_ask_discard.toggled.connect(w.set_ask_before_discarding)
    run_menu.addAction(w.act_ask_discard)
    replay_menu = menu.addMenu(w.tr("Re&play"))
    for act in (w.act_back, w.act_first, w.act_live):
        replay_menu.addAction(act)
    view_menu = menu.addMenu(w.tr("&View"))
    w.act_animate = QAction(w.tr("Animate the board"), w)
    w.act_animate.setCheckable(True)
    w.act_animate.setChecked(str(w.setting("animate", "true")).lower() == "true")
    w.act_animate.toggled.connect(w.animate_toggled)
    w.animate_toggled(w.act_animate.isChecked())
    view_menu.addAction(w.act_animate)
    view_menu.addSeparator()
    for dock in w.docks.values():
        view_menu.addAction(dock.toggleViewAction())
    help_menu = menu.addMenu(w.tr("&Help"))
    help_menu.addAction(action(w, w.tr("Guide to the views"), w.show_guide, "F1", None,
                               w.tr("what each view shows, and how to read it")))
    help_menu.addAction(action(w, w.tr("Keyboard map"), w.show_keyboard_map, None, None,
                               w.tr("every key and what it does")))
    help_menu.addSeparator()
    help_menu.addAction(action(w, w.tr("About LoopScope"), w.about))


def build_status_bar(w: MainWindow) -> None:
    """What the loop is doing (in words), which recording is shown, and the live figures."""
    bar = w.statusBar()
    w.status_where = QLabel(w)
    w.status_state = QLabel(w)
    w.status_state.setObjectName("loopState")
    w.status_state.setMinimumWidth(340)
    w.status_rate = QLabel(w)
    w.status_dropped = QLabel(w)
    w.status_lag = QLabel(w)
    w.status_frozen = QLabel(w)
    w.status_frozen.setObjectName("frozenWarning")
    w.status_message = QLabel(w)
    w.status_message.setObjectName("statusMessage")
    w.message_timer = QTimer(w)
    w.message_timer.setSingleShot(True)
    w.message_timer.timeout.connect(w.status_message.clear)
    bar.addWidget(w.status_where)
    bar.addWidget(w.status_state)
    bar.addWidget(w.status_message, 1)
    bar.addPermanentWidget(w.status_frozen)
    bar.addPermanentWidget(w.status_rate)
    bar.addPermanentWidget(w.status_dropped)
    bar.addPermanentWidget(w.status_lag)
    keep_minimum_width(w.status_where, w.status_rate, w.status_dropped,
                       w.status_lag, w.status_frozen, w.status_message)
