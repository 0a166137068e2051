"""The main window: docks for the board, timeline, event log, inspector and launcher; the
run / pause / step controls; a status bar that says what the loop is doing in words.

The window holds the views and wires them: the bridge feeds the views of the events (one
listener protocol), the window refreshes what shows the state at 10 Hz and follows the replay
cursor. Commands go to the :class:`~app.qt.controller.Controller`, the one gate to the engine
(it owns the engine and the bridge); the GUI's own coroutines run on qasync, the observed
loop on the engine thread (docs/ARCHITECTURE.md §7). The widgets around the views are built in
:mod:`app.views.window_controls` (docks, commands, toolbars, menus, the Backend/Host switch)
and :mod:`app.views.status_bar`; the file flows and the question before a run is wiped are in
:mod:`app.views.session_dialogs`.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QMessageBox,
    QWidget,
)
from qasync import asyncSlot

from app.model.state import SchedulerState
from app.qt import language
from app.qt.controller import CommandError, Controller, EngineFactory, make_engine
from app.qt.language import tr
from app.runtime import backends
from app.runtime.params import ParamError
from app.trace import tracefile
from app.trace.names import numbered
from app.trace.store import KEEP_EVENTS
from app.trace.text import Describer, error_text, fmt_result
from app.views import session_dialogs, status_bar, window_controls
from app.views.board import BoardView
from app.views.board_feed import BoardFeed
from app.views.event_log import EventLogView
from app.views.help import guide_dialog, keyboard_map_dialog
from app.views.inspector import InspectorView
from app.views.launcher import LauncherView
from app.views.lesson_offer import LessonOffer
from app.views.lessons import LessonsDock
from app.views.plot_views import Plots, PlotViews
from app.views.replay import ReplayBar
from app.views.source_pane import SourcePane
from app.views.state_view import StateView
from app.views.window_parts import WindowParts

if TYPE_CHECKING:  # imported when first opened: it holds a timeline (pyqtgraph)
    from app.views.compare import CompareWindow

REFRESH_MS = 100  # lists and plots: 10 Hz is plenty; the event log appends every frame


def on_screen(widget: QWidget) -> bool:
    """Shown and not covered (a dock behind another tab is "visible" but paints nothing).
    Qt leaves a widget's own visible region empty where opaque children cover it, as a plot
    whose viewport fills it does: then the region of a shown descendant counts."""
    pending = [widget]
    while pending:
        shown = pending.pop()
        if not shown.isVisible():
            continue
        if not shown.visibleRegion().isEmpty():
            return True
        pending.extend(shown.findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly))
    return False


class MainWindow(WindowParts):
    lessons: LessonsDock
    source_pane: SourcePane

    def __init__(self, backend: str | None = None, host: str | None = None,
                 settings: QSettings | None = None, paused: bool = False,
                 keep_events: int | None = None,
                 engine_factory: EngineFactory | None = None,
                 language_choice: str | None = None,
                 lesson_folder: Path | None = None) -> None:
        """``engine_factory`` builds each engine the window runs (the composition root
        gives it; None, for a window built on its own as in tests and benches:
        :func:`~app.qt.controller.make_engine`, the same factory); ``backend`` and ``host``
        default to the last ones used. ``language_choice``: the language the caller already
        speaks (``--lang`` or the setting, :func:`app.views.app.start_language`); None: the
        one kept in ``settings`` is spoken from here on (the system's if none was kept).
        ``lesson_folder``: where the Lessons panel reads its lesson files (None: LoopScope's
        own)."""
        super().__init__()
        #: The window re-reads its texts on a change of language: once built, until closed
        #: (a closed window's engine is stopped; there is nothing to re-word).
        self._retranslating = False
        self.setObjectName("mainWindow")
        self.settings = settings
        #: Nothing was kept before this window (the first start: lesson 1 is offered).
        self.first_start = settings is not None and not settings.allKeys()
        self.lesson_offer: LessonOffer | None = None
        if language_choice is None:
            kept = settings.value(language.SETTING) if settings is not None else None
            language_choice = language.chosen(None, kept)
            if kept:  # before any widget is made, so each is made in it
                language.start(language_choice)
        self.language_choice = (language_choice if language_choice in language.LANGUAGES
                                else language.SYSTEM)
        #: "Don't ask again" for the save-before-discarding question, without settings.
        self._ask_before_discarding = True
        self._help: dict[str, QDialog] = {}
        self.freeze_seconds: float | None = None
        if host is None:
            host = str(self.setting("host", "thread"))
        if backend is None:
            backend = str(self.setting("backend", "auto"))
        if backend not in backends.available():  # "auto", or saved on another OS
            backend = backends.default()
        self.controller = Controller(engine_factory or make_engine, backend, host, paused=paused,
                                     keep_events=keep_events or KEEP_EVENTS, parent=self)
        self.controller.failed.connect(self._error)
        self.controller.command_done.connect(self._after_command)
        self.controller.stepping.connect(lambda: window_controls.sync_controls(self))
        self.controller.frozen.connect(self._frozen)
        self.controller.engine_replaced.connect(self._engine_replaced)
        self.controller.script_finished.connect(
            lambda: session_dialogs.script_finished(self))
        bridge = self.bridge
        bridge.batch.connect(self._on_batch)
        self._show_title()
        bridge.reset.connect(self._on_reset)

        self.replay = ReplayBar(self, source=bridge)
        self.replay.set_store(bridge.store)
        self.replay.cursor_changed.connect(self._cursor_changed)
        self.board = BoardView(self)
        self.board.task_selected.connect(self.select_task)
        self.state_view = StateView(self)
        # The timeline, activity and metrics: built after the first paint (app.views.plot_views)
        self.plots = PlotViews(self, bridge, self._wire_plots)
        self._plots_posted = False
        self.event_log = EventLogView(bridge.store, self.recorded_backend, self, source=bridge,
                                      live=self.following_live)
        self.compare_window: CompareWindow | None = None
        self.source_pane = SourcePane(self)
        self.lessons = LessonsDock(self, folder=lesson_folder)
        # The views of the events, told by the bridge in this order (a lesson after them:
        # its spotlights point at what they show); the replay bar last: a trim that lets its
        # event go moves the cursor, and the others with it.
        for listener in (self.event_log, self.plots, self.state_view, BoardFeed(self),
                         self.lessons.driver, self.replay):
            bridge.subscribe(listener)
        self.inspector = InspectorView(self)
        self.controller.resumed.connect(self.inspector.engine_resumed)
        self.controller.engine_replaced.connect(self.inspector.engine_resumed)
        self.launcher = LauncherView(self)
        self.launcher.launch_requested.connect(self.launch)
        self.launcher.launch_refused.connect(self._error)
        self.state_view.task_selected.connect(self.select_task)
        self.event_log.task_selected.connect(
            lambda serial: self.select_task(serial) if serial else None)
        self.event_log.event_selected.connect(self.replay.set_cursor)

        central = QWidget(self)
        self.setCentralWidget(central)
        central.hide()
        window_controls.build_docks(self)
        self.plots.place(self.docks)
        self._sized = False

        window_controls.build_actions(self)
        window_controls.build_toolbars(self)
        window_controls.build_menus(self)
        status_bar.build(self)
        window_controls.restore_layout(self)

        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self.refresh)
        self.refresh_timer.start()
        self.bridge.start()
        window_controls.sync_controls(self)
        # A question asked or answered changes what the status bar and the source pane may
        # say: at once, not at the next refresh.
        self.lessons.driver.changed.connect(self.refresh)
        self._retranslating = True

    # -- the language --------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._retranslating:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Everything the window itself says, in the current language, at once: the
        controls, the title, the status bar (worded again from the state shown), the help
        windows; then what the views show is refreshed (the docked views re-read their own
        fixed texts)."""
        window_controls.retranslate(self)
        self._show_title()
        self._retranslate_help()
        self.refresh()  # the status bar's fields with the rest
        status_bar.retranslate_message(self)

    # -- data flow ---------------------------------------------------------------------------------
    def recorded_backend(self) -> str:
        """What the shown recording ran on, as its events say (not the Backend box: it may
        have been switched since); the engine's until the recording's first event is in."""
        session = self.viewing
        if session is not None:  # a trimmed recording may have let its LOOP_INFO go
            return self.bridge.reducer.backend() or session.info.backend
        return self.bridge.reducer.backend() or self.controller.backend

    def describer(self) -> Describer:
        store = self.bridge.store
        return Describer(store.strings, store.task_name, self.recorded_backend, tr)

    def _wire_plots(self, plots: Plots) -> None:
        """The plot views, just built (:mod:`app.views.plot_views`): their signals to the
        window, and the timeline's cursor where the replay bar's is."""
        plots.timeline.cursor_moved.connect(self.replay.set_cursor)
        plots.timeline.task_selected.connect(self.select_task)
        plots.metrics.threshold_changed.connect(self.controller.set_slow_step_threshold)
        plots.metrics.event_selected.connect(self.replay.set_cursor)
        index = -1 if self.replay.live else self.replay.position
        plots.timeline.set_cursor(len(self.bridge.store) - 1 if index < 0 else index)

    def _plot_on_screen(self, key: str) -> bool:
        """That plot view is built and on screen (one not built yet is nowhere)."""
        plots = self.plots.plots
        return plots is not None and on_screen(getattr(plots, key))

    def _on_batch(self, _start: int, end: int) -> None:
        """The views have the new events: the timeline redraws at display rate (the bridge
        drains at ~60 Hz) when it is on screen, at the newest event while live."""
        if self._plot_on_screen("timeline"):
            self._timeline_clock()
            self.timeline.redraw()
            if self.replay.live:
                self.timeline.set_cursor(end - 1)

    def _on_reset(self) -> None:
        """The views took the new store (the bridge told them first): the window follows."""
        self._on_batch(0, len(self.bridge.store))
        self._show_title()
        window_controls.update_source_box(self)
        window_controls.sync_controls(self)
        self.refresh()

    def refresh(self) -> None:
        """Lists, plot and status bar from the latest recorded state (10 Hz)."""
        store = self.bridge.store
        state = self.state_at_cursor()
        now = self.clock_now()
        # A lesson's question waits for its answer: the status bar and the source pane do
        # not name the unit the loop is held before (it would give the answer away).
        hold_back = self.lessons.driver.waiting_for_answer()
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
                                      self.controller if present else None)
        if self._plot_on_screen("activity"):
            self.activity.redraw()
        if self._plot_on_screen("timeline"):  # also when no batch comes (a long epoll_wait)
            self._timeline_clock()
            self.timeline.redraw()
        if self._plot_on_screen("metrics"):
            self.metrics.redraw()
        if on_screen(self.source_pane):  # (a call that changes nothing redraws nothing)
            showing = ("session" if self.viewing is not None
                       else "live" if self.replay.live else "replay")
            self.source_pane.follow(self.controller, store, showing, hold_back)
        status_bar.update(self, state, hold_back)

    def following_live(self) -> bool:
        """The loop runs and the views follow its newest event (not paused, not replaying,
        not showing a saved session)."""
        return (self.controller.running and not self.controller.paused and self.replay.live
                and self.viewing is None)

    def clock_now(self) -> int | None:
        """What "for how long" is measured to: the clock while following the loop live;
        paused or replaying, the time of the event shown (None), as every view does."""
        return time.monotonic_ns() if self.following_live() else None

    def state_at_cursor(self) -> SchedulerState:
        """The reducer's state after the event at the replay cursor (or the newest)."""
        if self.replay.live:
            return self.bridge.reducer.state()
        return self.bridge.reducer.state_at(self.replay.position + 1)

    def _timeline_clock(self) -> None:
        """Live and running: open intervals (a poll blocked right now) end at "now"."""
        self.timeline.live_clock = time.monotonic_ns if self.following_live() else None

    def _cursor_changed(self, index: int) -> None:
        store = self.bridge.store
        if self.plots.plots is not None:  # (else the timeline takes the cursor when built)
            self.timeline.set_cursor(len(store) - 1 if index < 0 else index)
        if index < 0:  # live again
            self.event_log.follow = True
            self.event_log.show_until(len(store))
            self.board.show_live(self.bridge.reducer.state(), store, self.describer(),
                                 len(store), len(store), self.clock_now())
        else:
            self.board.play([index], self.bridge.reducer.state_at, store, self.describer())
            self.event_log.show_event(index)
        self.refresh()

    # -- the status bar ----------------------------------------------------------------------------
    def loop_state_text(self, state: SchedulerState | None = None) -> str:
        """The loop's state in words, from the gate and the last recorded events."""
        return status_bar.loop_state_text(self, state or self.state_at_cursor(),
                                          self.lessons.driver.waiting_for_answer())

    def loop_lag_text(self) -> str:
        return status_bar.loop_lag_text(self)

    @property
    def freeze_message(self) -> str:
        """Why the Qt host last froze the window ("" once a new engine runs)."""
        return status_bar.frozen_text(self)

    def _frozen(self, seconds: float) -> None:
        status_bar.show_frozen(self, seconds)

    def message(self, text: str | Callable[[], str], ms: int = 6000) -> None:
        """A transient message beside the loop's state (never hiding it); ``text`` may be
        what makes it, so that it is worded again if the language changes."""
        status_bar.message(self, text, ms)

    def _error(self, message: str | Callable[[], str]) -> None:
        self.message(message, 10000)

    def _after_command(self) -> None:
        window_controls.sync_controls(self)
        self.refresh()

    # -- commands: to the controller -------------------------------------------------------------
    @asyncSlot()
    async def toggle_run(self) -> None:
        await self.controller.toggle_run()

    def forward(self) -> None:
        """→: the next recorded event while replaying, else one unit of the live loop; in a
        lesson, the lesson's → (:meth:`LessonDriver.forward`)."""
        if self.lessons.driver.steering:
            self.lessons.driver.forward()
        elif not self.replay.live:
            self.replay.step(+1)
        elif self.viewing is not None:
            self.message(lambda: tr("This is the saved session's last event (← steps back; "
                                    "the Recording box shows the live loop)."))
        else:
            self.step()

    @asyncSlot()
    async def step(self) -> None:
        await self.controller.step()

    @asyncSlot()
    async def step_iteration(self) -> None:
        if self.lessons.driver.steering:  # in a lesson, the lesson's Shift+→
            await self.lessons.driver.step_iteration()
        else:
            await self.controller.step_iteration()

    def step_back(self) -> None:
        """←: the previous recorded event; in a lesson, its previous step."""
        if self.lessons.driver.steering:
            self.lessons.driver.back()
        else:
            self.replay.step(-1)

    @asyncSlot()
    async def step_to_task(self) -> None:
        serial = self.inspector.serial
        if not serial:
            self._error(lambda: tr("Select a task first (board or event log)."))
            return
        await self.controller.step_to_task(serial)

    def launch_selected(self) -> None:
        self.launcher._launch()

    def launch(self, name: str, params: dict[str, object] | None = None) -> bool:
        # The plot views, if their build after the first paint is not done: built while a
        # workload runs, they compete with the loop's thread for the GIL (importing
        # pyqtgraph under cpu-hog's 2 s step froze the window 0.7 s); now they cost the
        # launch a moment instead.
        self.plots.build()
        switched = self.show_live()  # a launch runs on the live loop (a session stays open)
        try:
            launch = self.controller.launch(name, params)
        except (ParamError, CommandError) as exc:
            self.launcher.show_error(partial(error_text, exc, tr))
            self._error(error_text(exc, tr))
            return False
        self.launcher.select(name)
        label = numbered(name, launch.id)  # "tcp-echo (2)", as the tasks of that launch
        launch.result.add_done_callback(  # (by name: a reset forgets the engine's launches)
            lambda fut: QTimer.singleShot(0, self, lambda: self._launch_finished(label, fut)))

        def launched() -> str:
            if switched:
                return tr("launched {name} on the live loop; {note}").format(
                    name=label, note=switched())
            return tr("launched {name}").format(name=label)

        self.message(launched, 8000 if switched else 4000)
        return True

    def _launch_finished(self, name: str, fut: Future[object]) -> None:
        error = None if fut.cancelled() else fut.exception()

        def text() -> str:
            if fut.cancelled():
                return tr("{name} was cancelled").format(name=name)
            if error is not None:
                return tr("{name} failed: {err}").format(name=name, err=error_text(error, tr))
            return tr("{name} finished: {result}").format(name=name,
                                                          result=fmt_result(fut.result()))

        if error is not None:
            self.launcher.show_error(text)  # beside the Launch button until the next try
        self.message(text, 10000)

    @asyncSlot()
    async def cancel_workloads(self) -> None:
        if not self.controller.workloads_running():
            self.message(lambda: tr("Nothing to cancel: no workload is running."))
            return
        if self.controller.paused:
            self._error(lambda: tr("Paused: cancelling takes effect when the loop runs again."))
        await self.controller.cancel_workloads()

    def reset(self) -> None:
        if self.discard_ok(tr("Reset")):
            self.controller.reset()

    def _engine_replaced(self) -> None:
        self.freeze_seconds = None
        status_bar.word_frozen(self)
        window_controls.show_engine_choice(self)
        window_controls.sync_controls(self)

    # -- which recording is shown --------------------------------------------------------------
    def _show_title(self) -> None:
        if self.viewing is not None:
            self.setWindowTitle(tr("LoopScope — {name} (saved session, read-only)").format(
                name=os.path.basename(self.viewing_path)))
        else:
            self.setWindowTitle(tr("LoopScope — live recording"))

    def show_live(self) -> Callable[[], str] | None:
        """Show the live recording (a saved session on view stays open in the Recording
        box). Returns what makes the note to tell the user (None if the live recording was
        shown already)."""
        if self.viewing is None:
            return None
        name = os.path.basename(self.viewing_path)
        self.bridge.show_live()

        def note() -> str:
            return tr("{name} stays open in the Recording box").format(name=name)

        self.message(lambda: tr("Showing the live loop; {note}.").format(note=note()), 8000)
        return note

    def close_session(self) -> None:
        """Forget the opened saved session (the file stays as it is)."""
        if self.bridge.session is None:
            return
        self.bridge.close_session()
        window_controls.update_source_box(self)
        window_controls.sync_controls(self)

    def show_session(self, session: tracefile.Session, path: str) -> None:
        """Show a saved session, read-only; the live loop goes on recording apart from it."""
        self.bridge.show_session(session, path)
        self.message(lambda: session_dialogs.opened_text(self, session, path), 10000)
        self.refresh()

    def session_info(self) -> tracefile.SessionInfo:
        """What the shown recording is of."""
        if self.viewing is not None:
            return self.viewing.info
        return self.controller.live_session_info()

    # -- files and questions: session_dialogs ------------------------------------------------------
    def _file_dialog(self, save: bool, title: str, filters: str, suffix: str) -> str:
        return session_dialogs.file_dialog(self, save, title, filters, suffix)

    @asyncSlot(str)
    async def open_session(self, path: str) -> None:
        await session_dialogs.open_session(self, path)

    @asyncSlot(str)
    async def save_session(self, path: str) -> None:
        await session_dialogs.save_session(self, path)

    @asyncSlot(str)
    async def export_trace(self, path: str) -> None:
        await session_dialogs.export_trace(self, path)

    def export_image(self, which: str, path: str) -> bool:
        if which == "board":
            return self.board.grab().save(path)
        if which == "timeline":
            return self.timeline.grab().save(path)
        return self.save_screenshot(path)

    def open_script(self, path: str) -> bool:
        return session_dialogs.open_script(self, path)

    def unsaved_run(self) -> bool:
        return self.controller.unsaved_run()

    def discard_ok(self, what: str) -> bool:
        return session_dialogs.discard_ok(self, what)

    def ask_discard(self, what: str) -> str:
        return session_dialogs.ask_discard(self, what)

    def save_live_now(self) -> bool:
        return session_dialogs.save_live_now(self)

    def ask_before_discarding(self) -> bool:
        return str(self.setting("askBeforeDiscarding", self._ask_before_discarding)).lower() \
            == "true"

    def set_ask_before_discarding(self, on: bool) -> None:
        self._ask_before_discarding = on
        if self.settings is not None:
            self.settings.setValue("askBeforeDiscarding", "true" if on else "false")
        self.act_ask_discard.setChecked(on)

    # -- lessons -----------------------------------------------------------------------------------
    def show_lessons(self) -> LessonsDock:
        """Help → Lessons: the Lessons panel, shown and in front."""
        box = self.docks["lessons"]
        box.show()
        box.raise_()
        return self.lessons

    def start_lesson(self, lesson_id: str) -> asyncio.Task[bool] | None:
        """Start the lesson ``lesson_id`` (its panel shown); None if there is no such
        lesson (the panel says which lessons there are)."""
        self.lessons.driver.keep_layout()  # the tab in front before the panel comes forward
        self.show_lessons()
        return self.lessons.start(lesson_id)

    def offer_first_lesson(self) -> LessonOffer | None:
        """On a first start, offer lesson 1 (once: never again after an answer); None
        if it is not offered (settings kept before, ``--no-settings``, or answered)."""
        if not self.lessons.lessons or not LessonOffer.due(self.settings, self.first_start):
            return None
        self.lesson_offer = LessonOffer(self, self.lessons.lessons[0])
        self.lesson_offer.accepted.connect(
            lambda: self.start_lesson(self.lessons.lessons[0].id))
        return self.lesson_offer

    # -- other windows -----------------------------------------------------------------------------
    def open_compare(self) -> CompareWindow:
        if self.compare_window is None:
            from app.views.compare import CompareWindow  # (pyqtgraph: not before it is asked)

            self.compare_window = CompareWindow(self._compare_parameters, self.pause_display,
                                                settings=self.settings)
        self.compare_window.select(self.launcher.workload.name)
        self.compare_window.show()
        self.compare_window.raise_()
        return self.compare_window

    def compare_sessions(self, first: str = "", second: str = "") -> CompareWindow:
        """The compare window on two saved sessions: these files, else asked for."""
        window = self.open_compare()
        if first and second:
            window.open_sessions(first, second)
        else:
            window.pick_sessions()
        return window

    def _compare_parameters(self, name: str) -> dict[str, object]:
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

    def animate_toggled(self, on: bool) -> None:
        self.board.animations = on
        if self.settings is not None:
            self.settings.setValue("animate", "true" if on else "false")

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

    def _retranslate_help(self) -> None:
        """The help windows are made in one language (the keyboard map from the commands'
        words): each is made again, and those open are shown again where they were."""
        shown = {key: dialog.geometry() for key, dialog in self._help.items()
                 if dialog.isVisible()}
        for dialog in self._help.values():
            dialog.close()
            dialog.deleteLater()
        self._help.clear()
        for key, geometry in shown.items():
            dialog = self.show_guide() if key == "guide" else self.show_keyboard_map()
            dialog.setGeometry(geometry)

    def about(self) -> None:
        QMessageBox.about(self, tr("About LoopScope"), tr(
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
            self._sized = True  # dock sizes only apply once the window has a size
            window_controls.default_proportions(self)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._plots_posted:  # the first paint: build the plot views right after it
            self._plots_posted = True
            QTimer.singleShot(0, self, self._build_plots_if_open)

    def _build_plots_if_open(self) -> None:
        """One step of building the plot views a turn of the event loop (the window answers
        between them). A window closed at once, as by ``--quit-after 0``, never needs them."""
        if self.isVisible() and self.plots.build_step():
            QTimer.singleShot(0, self, self._build_plots_if_open)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._retranslating = False
        window_controls.save_layout(self)
        self.refresh_timer.stop()
        if self.compare_window is not None:
            self.compare_window.close()
        started = time.monotonic()
        if not self.controller.stop():
            print(f"LoopScope: the engine did not stop cleanly within "
                  f"{time.monotonic() - started:.1f} s", flush=True)
        super().closeEvent(event)
