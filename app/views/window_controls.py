"""The main window's docks, commands, toolbars and menus, and what the controls say.

Each builder sets the widgets it makes as attributes of the window (declared there) and
connects them: commands to the window's slots (and through them to the controller), the
Speed, Backend, Host and Recording boxes to the handlers here. :func:`sync_controls` makes
the commands say what they would do now; :func:`switch_engine` is the one flow behind the
Backend and Host boxes (refused, or asked about, before anything stops).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMenu,
    QMessageBox,
    QStyle,
    QToolBar,
    QWidget,
)

from app.qt import language
from app.qt.language import tr
from app.runtime import backends
from app.trace.text import QT_TR_NOOP, error_text
from app.views import session_dialogs
from app.views.help import KEYMAP_NAME
from app.views.window_parts import WindowParts

#: The Speed box: how long each unit is held, and its label (translated where shown).
SPEEDS = ((0.0, QT_TR_NOOP("Live")), (0.01, QT_TR_NOOP("10 ms per unit")),
          (0.05, QT_TR_NOOP("50 ms per unit")), (0.2, QT_TR_NOOP("200 ms per unit")),
          (1.0, QT_TR_NOOP("1 s per unit")))
#: The names View → Language offers for the two languages, each in its own language (never
#: translated: a reader looks for the language they read).
LANGUAGE_NAMES = {language.ENGLISH: "English", language.CHINESE: "简体中文"}


def action(w: WindowParts, slot: Callable[[], object], shortcut: str | None = None,
           icon: QStyle.StandardPixmap | None = None) -> QAction:
    """A command of the window: its key works wherever the focus is. Its words are set by
    :func:`word` (again at each change of language)."""
    act = QAction(w)
    if shortcut:
        act.setShortcut(QKeySequence(shortcut))
    if icon is not None:
        act.setIcon(w.style().standardIcon(icon))
    act.triggered.connect(lambda _checked=False: slot())
    w.addAction(act)
    return act


def word(act: QAction, text: str, tip: str = "") -> None:
    """A command's name, its status tip and the tool tip that says both with its key."""
    act.setText(text)
    act.setStatusTip(tip)
    if not tip:
        act.setToolTip(text.replace("&", ""))
        return
    key = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    template = tr("{command} — {tip} ({key})") if key else tr("{command} — {tip}")
    act.setToolTip(template.format(command=text.replace("&", ""), tip=tip, key=key))


def dock(w: WindowParts, key: str, widget: QWidget | None, area: Qt.DockWidgetArea) -> None:
    """``widget`` in a dock the View menu can show and hide (``w.docks[key]``); its title
    is set by :func:`word_docks`. None: a plot view's dock, which gets its view when the
    plot views are built (:mod:`app.views.plot_views`), before the dock is first shown."""
    box = QDockWidget(w)
    box.setObjectName(f"dock_{key}")
    if widget is not None:
        box.setWidget(widget)
    w.addDockWidget(area, box)
    w.docks[key] = box


def build_docks(w: WindowParts) -> None:
    """The views in docks: the board and lists left; Workloads (with Lessons) and the
    inspector (with the source) right; the timeline, log, activity and metrics tabbed
    below."""
    w.docks = {}
    left = Qt.DockWidgetArea.LeftDockWidgetArea
    right = Qt.DockWidgetArea.RightDockWidgetArea
    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    dock(w, "board", w.board, left)
    dock(w, "lists", w.state_view, left)
    dock(w, "launcher", w.launcher, right)
    dock(w, "timeline", None, bottom)
    dock(w, "activity", None, bottom)
    dock(w, "log", w.event_log, bottom)
    dock(w, "metrics", None, bottom)
    dock(w, "inspector", w.inspector, right)
    dock(w, "lessons", w.lessons, right)
    dock(w, "source", w.source_pane, right)
    w.tabifyDockWidget(w.docks["launcher"], w.docks["lessons"])
    w.tabifyDockWidget(w.docks["inspector"], w.docks["source"])
    w.tabifyDockWidget(w.docks["timeline"], w.docks["log"])
    w.tabifyDockWidget(w.docks["log"], w.docks["activity"])
    w.tabifyDockWidget(w.docks["log"], w.docks["metrics"])
    w.tabifyDockWidget(w.docks["board"], w.docks["lists"])
    w.docks["log"].raise_()
    w.docks["board"].raise_()
    w.docks["launcher"].raise_()
    w.docks["inspector"].raise_()
    word_docks(w)


def word_docks(w: WindowParts) -> None:
    """The docks' titles (their View menu entries follow them)."""
    titles = {"board": tr("Board — where every task is now"), "lists": tr("State as lists"),
              "launcher": tr("Workloads"), "timeline": tr("Timeline"),
              "activity": tr("Activity"), "log": tr("Event log"), "metrics": tr("Metrics"),
              "inspector": tr("Inspector"), "lessons": tr("Lessons"),
              "source": tr("Task source")}
    for key, title in titles.items():
        w.docks[key].setWindowTitle(title)


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


#: The share of the window's width a running lesson's panel takes: the board keeps the rest
#: (half of a 1366 px screen left its captions about 6 px high).
LESSON_SHARE = 0.3
#: The share of that column's height the panel takes when a dock (the source) is under it.
LESSON_HEIGHT = 0.7
#: The share of the window's height a bottom dock (the log) keeps while a lesson runs.
LOG_SHARE = 0.3


def lesson_layout(w: WindowParts, keys: Sequence[str]) -> None:
    """A lesson's layout: the docks ``keys`` names shown (the first one in front of those
    tabbed with it) and the Lessons panel, :data:`LESSON_SHARE` of the window wide, the
    others hidden. Names of docks this window does not have are passed over; no names: the
    docks stay as they are."""
    shown = [key for key in keys if key in w.docks]
    lessons = w.docks["lessons"]
    for key, box in w.docks.items() if shown else ():
        box.setVisible(key in shown or key == "lessons")
    for key in reversed(shown):
        w.docks[key].raise_()
    lessons.show()
    lessons.raise_()
    share_width(w)
    # Docks shown or hidden just now are laid out when the window's layout next runs: sized
    # again then (before it, the old split stays).
    QTimer.singleShot(0, w, lambda: share_width(w))


def share_width(w: WindowParts) -> None:
    """The Lessons panel :data:`LESSON_SHARE` of the window's width, the left docks the
    rest. With the central widget hidden, the left and right areas share the width: one dock
    of each is sized (the lessons' alone leaves the split as it was)."""
    lessons = w.docks["lessons"]
    if lessons.isFloating() or not lessons.isVisible():
        return
    left = [box for box in w.docks.values() if box.isVisible() and not box.isFloating()
            and w.dockWidgetArea(box) == Qt.DockWidgetArea.LeftDockWidgetArea][:1]
    width = w.width()
    sizes = [int(width * (1 - LESSON_SHARE))] * len(left) + [int(width * LESSON_SHARE)]
    w.resizeDocks([*left, lessons], sizes, Qt.Orientation.Horizontal)
    # A dock at the bottom (the log a step asks to read) keeps about a third of the height,
    # enough for the last rows of one unit; it is sized with a dock above it (resized alone,
    # the docks above it keep their height). A dock under the panel (the source) gets the
    # smaller part of the column's height.
    height = w.height()
    bottom = [box for box in w.docks.values() if box.isVisible() and not box.isFloating()
              and w.dockWidgetArea(box) == Qt.DockWidgetArea.BottomDockWidgetArea][:1]
    top = int(height * (1 - LOG_SHARE)) if bottom else height
    if bottom and left:
        w.resizeDocks([*left, *bottom], [top, int(height * LOG_SHARE)],
                      Qt.Orientation.Vertical)
    below = [box for box in w.docks.values() if box is not lessons and box.isVisible()
             and not box.isFloating() and box not in w.tabifiedDockWidgets(lessons)
             and w.dockWidgetArea(box) == Qt.DockWidgetArea.RightDockWidgetArea][:1]
    if below:
        w.resizeDocks([lessons, *below], [int(top * LESSON_HEIGHT),
                                          int(top * (1 - LESSON_HEIGHT))],
                      Qt.Orientation.Vertical)


def front_docks(w: WindowParts) -> list[str]:
    """The docks shown in front of their tab groups (one a group; a dock alone is in front
    of its own): those of which some part is on screen. None while the window is hidden."""
    return [key for key, box in w.docks.items()
            if box.isVisible() and not box.visibleRegion().isEmpty()]


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
    """The window's commands, with their keys (their words: :func:`word_actions`)."""
    sp = QStyle.StandardPixmap
    w.act_run = action(w, w.toggle_run, "Space", sp.SP_MediaPlay)
    w.act_step = action(w, w.forward, "Right", sp.SP_MediaSeekForward)
    w.act_back = action(w, w.step_back, "Left", sp.SP_MediaSeekBackward)
    w.act_first = action(w, lambda: w.replay.set_cursor(0), "Home")
    w.act_live = action(w, lambda: w.replay.set_cursor(-1), "End")
    w.act_step_iteration = action(w, w.step_iteration, "Shift+Right", sp.SP_MediaSkipForward)
    w.act_step_task = action(w, w.step_to_task, "Ctrl+Right")
    w.act_launch = action(w, w.launch_selected, "Ctrl+L", sp.SP_FileDialogStart)
    w.act_cancel = action(w, w.cancel_workloads, "Ctrl+K", sp.SP_MediaStop)
    w.act_reset = action(w, w.reset, "Ctrl+R", sp.SP_BrowserReload)
    w.act_quit = action(w, w.close, "Ctrl+Q")
    w.act_open = action(w, lambda: session_dialogs.open_session_dialog(w), "Ctrl+O",
                        sp.SP_DialogOpenButton)
    w.act_close_session = action(w, w.close_session)
    w.act_save = action(w, lambda: session_dialogs.save_session_dialog(w), "Ctrl+S",
                        sp.SP_DialogSaveButton)
    w.act_export_trace = action(w, lambda: session_dialogs.export_trace_dialog(w))
    w.act_export_image = action(w, lambda: session_dialogs.export_image_dialog(w))
    w.act_open_script = action(w, lambda: session_dialogs.open_script_dialog(w),
                               "Ctrl+Shift+O")
    w.act_compare = action(w, w.open_compare, "Ctrl+M")
    w.act_compare_sessions = action(w, w.compare_sessions)
    w.act_guide = action(w, w.show_guide, "F1")
    w.act_lessons = action(w, w.show_lessons)
    w.act_keyboard_map = action(w, w.show_keyboard_map)
    w.act_about = action(w, w.about)
    word_actions(w)


def word_actions(w: WindowParts) -> None:
    """Every command's name and tips, in the current language (Run / Pause follows the
    state: :func:`sync_controls`)."""
    word(w.act_run, tr("Run"), tr("run freely / pause before the next unit"))
    word(w.act_step, tr("Step"),
         tr("run exactly one unit (a poll, a timer or one handle) and pause; while "
            "replaying, the next recorded event"))
    word(w.act_back, tr("Back"), tr("replay: the previous recorded event"))
    word(w.act_first, tr("First event"), tr("replay: the first recorded event"))
    word(w.act_live, tr("Live"), tr("follow the newest event again"))
    word(w.act_step_iteration, tr("Step iteration"),
         tr("run until the loop is about to poll again"))
    word(w.act_step_task, tr("Step to selected task"),
         tr("run until the selected task's next step has run"))
    word(w.act_launch, tr("Launch"), tr("launch the workload selected in Workloads"))
    word(w.act_cancel, tr("Cancel workloads"), tr("cancel every running workload"))
    word(w.act_reset, tr("Reset"), tr("stop the engine, clear the recording, start again"))
    word(w.act_quit, tr("Quit"), tr("stop the engine and close LoopScope"))
    word(w.act_open, tr("Open session…"), tr("open a saved recording"))
    word(w.act_close_session, tr("Close session"),
         tr("forget the opened saved session and show the live loop"))
    word(w.act_save, tr("Save session…"), tr("save this recording (events, tasks, workload)"))
    word(w.act_export_trace, tr("Export Perfetto / Chrome trace…"),
         tr("JSON that opens in ui.perfetto.dev and chrome://tracing"))
    word(w.act_export_image, tr("Export image…"),
         tr("the board, the timeline or the whole window as PNG"))
    word(w.act_open_script, tr("Open script…"),
         tr("run your own asyncio script on the traced loop"))
    word(w.act_compare, tr("Compare cooperative vs preemptive…"),
         tr("run the selected sample as asyncio tasks and on OS threads, side by side"))
    word(w.act_compare_sessions, tr("Compare sessions…"),
         tr("two saved sessions (an epoll and an IOCP recording, say) on one time axis: "
            "readiness vs completion"))
    word(w.act_guide, tr("Guide to the views"), tr("what each view shows, and how to read it"))
    word(w.act_lessons, tr("Lessons"),
         tr("guided lessons on the real loop: what to look at, step by step, and questions "
            "on what it does next"))
    word(w.act_keyboard_map, tr("Keyboard map"), tr("every key and what it does"))
    word(w.act_about, tr("About LoopScope"))
    w.act_run.setProperty(KEYMAP_NAME, tr("Run / Pause"))
    w.step_tooltip = w.act_step.toolTip()


def build_toolbars(w: WindowParts) -> None:
    """Controls (launch, run, step, speed, backend, host) and Replay (which recording,
    where in it)."""
    bar = w.controls_bar = QToolBar(w)
    bar.setObjectName("controls")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    w.addToolBar(bar)
    for act in (w.act_launch, w.act_run, w.act_step, w.act_step_iteration,
                w.act_cancel, w.act_reset):
        bar.addAction(act)
    bar.addSeparator()
    w.speed_label = QLabel(w)
    bar.addWidget(w.speed_label)
    w.speed = QComboBox(w)
    w.speed.setObjectName("speed")
    for delay, label in SPEEDS:
        w.speed.addItem(label, delay)
    w.speed.currentIndexChanged.connect(lambda index: speed_changed(w, index))
    bar.addWidget(w.speed)
    bar.addSeparator()
    w.backend_label = QLabel(w)
    bar.addWidget(w.backend_label)
    w.backend_box = QComboBox(w)
    w.backend_box.setObjectName("backend")
    for name in backends.available():  # (identifiers: epoll, kqueue, iocp…)
        w.backend_box.addItem(name, name)
    w.backend_box.setCurrentIndex(backends.available().index(w.controller.backend))
    w.backend_box.currentIndexChanged.connect(lambda _index: backend_changed(w))
    bar.addWidget(w.backend_box)
    w.host_label = QLabel(w)
    bar.addWidget(w.host_label)
    w.host_box = QComboBox(w)
    w.host_box.setObjectName("host")
    w.host_box.addItem("", "thread")
    w.host_box.addItem("", "qt")
    w.host_box.setCurrentIndex(0 if w.controller.host == "thread" else 1)
    w.host_box.currentIndexChanged.connect(lambda _index: host_changed(w))
    bar.addWidget(w.host_box)
    replay_bar = w.replay_toolbar = QToolBar(w)
    replay_bar.setObjectName("replay")
    w.addToolBarBreak()
    w.addToolBar(replay_bar)
    w.recording_label = QLabel(w)
    replay_bar.addWidget(w.recording_label)
    w.source_box = QComboBox(w)
    w.source_box.setObjectName("recording")
    w.source_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    update_source_box(w)
    w.source_box.currentIndexChanged.connect(lambda _index: source_changed(w))
    replay_bar.addWidget(w.source_box)
    replay_bar.addSeparator()
    replay_bar.addAction(w.act_back)
    replay_bar.addWidget(w.replay)
    word_toolbars(w)


def word_toolbars(w: WindowParts) -> None:
    """The toolbars' names, labels and box entries (each box keeps its selection)."""
    w.controls_bar.setWindowTitle(tr("Controls"))
    w.replay_toolbar.setWindowTitle(tr("Replay"))
    w.speed_label.setText(tr("Speed "))
    for index, (_delay, label) in enumerate(SPEEDS):
        w.speed.setItemText(index, tr(label))
    w.backend_label.setText(tr("Backend "))
    w.host_label.setText(tr(" Host "))
    w.host_box.setItemText(0, tr("engine thread"))
    w.host_box.setItemText(1, tr("Qt event loop"))
    w.recording_label.setText(tr("Recording "))
    w.source_box.setToolTip(tr(
        "Which recording the views show: the live loop, or a saved session opened from a "
        "file (read-only). The live loop goes on recording while a session is shown."))
    update_source_box(w)


def build_menus(w: WindowParts) -> None:
    menu = w.menuBar()
    w.menus = {}
    file_menu = w.menus["file"] = menu.addMenu("")
    for act in (w.act_open, w.act_close_session, w.act_save,
                w.act_open_script, w.act_compare_sessions):
        file_menu.addAction(act)
    file_menu.addSeparator()
    file_menu.addAction(w.act_export_trace)
    file_menu.addAction(w.act_export_image)
    file_menu.addSeparator()
    file_menu.addAction(w.act_quit)
    run_menu = w.menus["run"] = menu.addMenu("")
    for act in (w.act_launch, w.act_run, w.act_step, w.act_step_iteration,
                w.act_step_task, w.act_cancel, w.act_reset):
        run_menu.addAction(act)
    run_menu.addSeparator()
    run_menu.addAction(w.act_compare)
    run_menu.addSeparator()
    w.act_ask_discard = QAction(w)
    w.act_ask_discard.setCheckable(True)
    w.act_ask_discard.setChecked(w.ask_before_discarding())
    w.act_ask_discard.toggled.connect(w.set_ask_before_discarding)
    run_menu.addAction(w.act_ask_discard)
    replay_menu = w.menus["replay"] = menu.addMenu("")
    for act in (w.act_back, w.act_first, w.act_live):
        replay_menu.addAction(act)
    view_menu = w.menus["view"] = menu.addMenu("")
    w.act_animate = QAction(w)
    w.act_animate.setCheckable(True)
    w.act_animate.setChecked(str(w.setting("animate", "true")).lower() == "true")
    w.act_animate.toggled.connect(w.animate_toggled)
    w.animate_toggled(w.act_animate.isChecked())
    view_menu.addAction(w.act_animate)
    build_language_menu(w, view_menu.addMenu(""))
    view_menu.addSeparator()
    for box in w.docks.values():
        view_menu.addAction(box.toggleViewAction())
    help_menu = w.menus["help"] = menu.addMenu("")
    help_menu.addAction(w.act_lessons)
    help_menu.addAction(w.act_guide)
    help_menu.addAction(w.act_keyboard_map)
    help_menu.addSeparator()
    help_menu.addAction(w.act_about)
    word_menus(w)


def build_language_menu(w: WindowParts, menu: QMenu) -> None:
    """View → Language: follow the system, English, 简体中文 (one of them checked)."""
    w.menus["language"] = menu
    group = QActionGroup(w)
    group.setExclusive(True)
    w.language_actions = {}
    for choice in language.LANGUAGES:
        act = QAction(LANGUAGE_NAMES.get(choice, ""), group)
        act.setCheckable(True)
        act.setData(choice)
        act.triggered.connect(lambda _checked=False, c=choice: choose_language(w, c))
        menu.addAction(act)
        w.language_actions[choice] = act
    show_language_choice(w)


def word_menus(w: WindowParts) -> None:
    """The menus' titles and the words of the checkable entries."""
    titles = {"file": tr("&File"), "run": tr("&Run"), "replay": tr("Re&play"),
              "view": tr("&View"), "language": tr("&Language"), "help": tr("&Help")}
    for key, title in titles.items():
        w.menus[key].setTitle(title)
    w.act_ask_discard.setText(tr("Ask before discarding a run"))
    w.act_ask_discard.setStatusTip(tr(
        "Reset and backend or host switches start a new loop: offer to save the run "
        "first"))
    w.act_animate.setText(tr("Animate the board"))
    system = w.language_actions[language.SYSTEM]
    system.setText(tr("Follow the system"))
    system.setStatusTip(tr("speak the system's language: 简体中文 for a Chinese system, "
                           "English otherwise"))


def retranslate(w: WindowParts) -> None:
    """Every fixed text of the window's controls, in the current language; the commands
    whose words follow the state say them again (:func:`sync_controls`)."""
    word_docks(w)
    word_actions(w)
    word_toolbars(w)
    word_menus(w)
    sync_controls(w)


# -- the language ------------------------------------------------------------------------------
def show_language_choice(w: WindowParts) -> None:
    """View → Language checks the window's choice."""
    w.language_actions[w.language_choice].setChecked(True)


def choose_language(w: WindowParts, choice: str) -> None:
    """Speak ``choice`` from now on (every widget re-reads its texts at once) and keep it
    for the next start. A translation that is missing is said, and nothing changes."""
    try:
        language.apply(choice)
    except FileNotFoundError as exc:
        show_language_choice(w)
        QMessageBox.warning(w, tr("Cannot switch the language"),
                            tr("The translation is missing: {reason}").format(
                                reason=error_text(exc, tr)))
        return
    w.language_choice = choice
    show_language_choice(w)
    if w.settings is not None:
        w.settings.setValue(language.SETTING, choice)


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
