"""What the main window's helpers may use of it: :class:`WindowParts`.

The window's widgets, commands and status bar are built by helper modules
(:mod:`~app.views.window_controls`, :mod:`~app.views.status_bar`,
:mod:`~app.views.session_dialogs`) and the board is fed by :mod:`~app.views.board_feed`. They
take the window as this base class, not as :class:`~app.views.main_window.MainWindow`, so
the main window imports them and none of them imports it back: no cycle, even one hidden
behind ``TYPE_CHECKING``. The base declares what the helpers read or make (its attributes) and
the window's commands they connect to (its methods, which the main window defines); what is
only a read of the controller is defined here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QToolBar,
    QWidget,
)

from app.model.state import SchedulerState
from app.qt.bridge import TraceBridge
from app.qt.controller import Controller
from app.trace import tracefile
from app.trace.text import Describer
from app.views.board import BoardView
from app.views.event_log import EventLogView
from app.views.inspector import InspectorView
from app.views.launcher import LauncherView
from app.views.plot_views import PlotViews
from app.views.replay import ReplayBar
from app.views.state_view import StateView

if TYPE_CHECKING:  # pyqtgraph views, imported where they are built (app.views.plot_views)
    from app.views.activity import ActivityView
    from app.views.compare import CompareWindow
    from app.views.metrics import MetricsView
    from app.views.timeline import TimelineView


class WindowParts(QMainWindow):
    """The main window as its helpers see it; :class:`MainWindow` is the one subclass."""

    settings: QSettings | None
    controller: Controller
    # The views, made by the window.
    replay: ReplayBar
    board: BoardView
    state_view: StateView
    #: The timeline, activity and metrics views, built after the first paint (read them as
    #: :attr:`timeline`, :attr:`activity`, :attr:`metrics`: built when first read).
    plots: PlotViews
    event_log: EventLogView
    inspector: InspectorView
    launcher: LauncherView
    #: The code of the task that runs or was just suspended (``app.views.source_pane``).
    source_pane: QWidget
    #: The Lessons panel (``app.views.lessons.LessonsDock``; a plain widget here, since that
    #: module takes this class and cannot be imported by it).
    lessons: QWidget
    compare_window: CompareWindow | None
    #: How long the Qt host last froze the window, in seconds (None once a new engine runs).
    freeze_seconds: float | None
    #: What View → Language is set to: "system", "en" or "zh_CN".
    language_choice: str
    # Made by app.views.window_controls (docks, commands, toolbar boxes) and
    # app.views.status_bar (its labels).
    docks: dict[str, QDockWidget]
    act_run: QAction
    act_step: QAction
    act_back: QAction
    act_first: QAction
    act_live: QAction
    act_step_iteration: QAction
    act_step_task: QAction
    act_launch: QAction
    act_cancel: QAction
    act_reset: QAction
    act_quit: QAction
    act_open: QAction
    act_close_session: QAction
    act_save: QAction
    act_export_trace: QAction
    act_export_image: QAction
    act_open_script: QAction
    act_compare: QAction
    act_compare_sessions: QAction
    act_ask_discard: QAction
    act_animate: QAction
    act_guide: QAction
    act_lessons: QAction
    act_keyboard_map: QAction
    act_about: QAction
    #: View → Language: one checkable entry per choice ("system", "en", "zh_CN").
    language_actions: dict[str, QAction]
    #: The menus by name ("file", "run", "replay", "view", "language", "help").
    menus: dict[str, QMenu]
    step_tooltip: str
    controls_bar: QToolBar
    replay_toolbar: QToolBar
    speed_label: QLabel
    backend_label: QLabel
    host_label: QLabel
    recording_label: QLabel
    speed: QComboBox
    backend_box: QComboBox
    host_box: QComboBox
    source_box: QComboBox
    status_where: QLabel
    status_state: QLabel
    status_rate: QLabel
    status_dropped: QLabel
    status_lag: QLabel
    status_path: QLabel
    status_frozen: QLabel
    status_message: QLabel
    #: What makes the transient message's words (again after a change of language).
    message_words: Callable[[], str]
    message_timer: QTimer

    # -- the plot views: built on first read, if the window has not built them yet -----------
    @property
    def activity(self) -> ActivityView:
        return self.plots.build().activity

    @property
    def timeline(self) -> TimelineView:
        return self.plots.build().timeline

    @property
    def metrics(self) -> MetricsView:
        return self.plots.build().metrics

    # -- reads of the controller and the settings ----------------------------------------------
    @property
    def bridge(self) -> TraceBridge:
        return self.controller.bridge

    @property
    def viewing(self) -> tracefile.Session | None:
        """The saved session on view (None: the live recording is shown)."""
        return None if self.bridge.showing_live else self.bridge.session

    @property
    def viewing_path(self) -> str:
        return "" if self.viewing is None else self.bridge.session_path

    def setting(self, key: str, default: object) -> object:
        if self.settings is None:
            return default
        return self.settings.value(key, default)

    def slow_motion_s(self) -> float:
        """The Speed box: how long each unit is held (0: live speed)."""
        return float(self.speed.currentData() or 0)

    # -- what the main window defines ----------------------------------------------------------
    def describer(self) -> Describer:
        raise NotImplementedError

    def clock_now(self) -> int | None:
        raise NotImplementedError

    def message(self, text: str | Callable[[], str], ms: int = 6000) -> None:
        raise NotImplementedError

    def toggle_run(self) -> None:
        raise NotImplementedError

    def forward(self) -> None:
        raise NotImplementedError

    def step_iteration(self) -> None:
        raise NotImplementedError

    def step_back(self) -> None:
        raise NotImplementedError

    def state_at_cursor(self) -> SchedulerState:
        raise NotImplementedError

    def launch(self, name: str, params: dict[str, object] | None = None) -> bool:
        raise NotImplementedError

    def show_lessons(self) -> QWidget:
        raise NotImplementedError

    def step_to_task(self) -> None:
        raise NotImplementedError

    def launch_selected(self) -> None:
        raise NotImplementedError

    def cancel_workloads(self) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        raise NotImplementedError

    def show_live(self) -> Callable[[], str] | None:
        raise NotImplementedError

    def show_session(self, session: tracefile.Session, path: str) -> None:
        raise NotImplementedError

    def close_session(self) -> None:
        raise NotImplementedError

    def session_info(self) -> tracefile.SessionInfo:
        raise NotImplementedError

    def _file_dialog(self, save: bool, title: str, filters: str, suffix: str) -> str:
        raise NotImplementedError

    def open_session(self, path: str) -> None:
        raise NotImplementedError

    def save_session(self, path: str) -> None:
        raise NotImplementedError

    def export_trace(self, path: str) -> None:
        raise NotImplementedError

    def export_image(self, which: str, path: str) -> bool:
        raise NotImplementedError

    def save_live_now(self) -> bool:
        raise NotImplementedError

    def discard_ok(self, what: str) -> bool:
        raise NotImplementedError

    def ask_discard(self, what: str) -> str:
        raise NotImplementedError

    def ask_before_discarding(self) -> bool:
        raise NotImplementedError

    def set_ask_before_discarding(self, on: bool) -> None:
        raise NotImplementedError

    def open_compare(self) -> CompareWindow:
        raise NotImplementedError

    def compare_sessions(self, first: str = "", second: str = "") -> CompareWindow:
        raise NotImplementedError

    def animate_toggled(self, on: bool) -> None:
        raise NotImplementedError

    def show_guide(self) -> QDialog:
        raise NotImplementedError

    def show_keyboard_map(self) -> QDialog:
        raise NotImplementedError

    def about(self) -> None:
        raise NotImplementedError
