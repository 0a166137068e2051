"""Every dock view and the compare window re-word live: filled from a real recording in
English, switched to (pseudo-)Chinese, every text read is translated; switched back, the
English texts are exactly those of before."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.model.reducer import Reducer
from app.qt import language
from app.runtime.compare import Run, run_cooperative, run_threads
from app.trace import tracefile
from app.trace.log import TEXT, recorded_backend
from app.trace.store import EventStore
from app.trace.text import Describer
from app.views.activity import ActivityView
from app.views.board import BoardView
from app.views.compare import CompareWindow
from app.views.event_log import EventLogView
from app.views.inspector import InspectorView
from app.views.metrics import MetricsView
from app.views.state_view import StateView
from app.views.timeline import TimelineView
from app.workloads import registry
from tests.support.i18n import is_pseudo
from tests.support.recordings import record_sample_run
from tests.support.sessions import IOCP_ECHO
from tests.support.workloads import SMALL

Texts = dict[str, str]


@pytest.fixture(scope="module")
def recording() -> tuple[EventStore, Reducer]:
    """The TCP echo and timers samples recorded together, reduced to the end."""
    store = record_sample_run(clients=3, messages=10)
    reducer = Reducer(store)
    reducer.apply()
    return store, reducer


def switch(code: str) -> None:
    language.apply(code)
    QApplication.processEvents()  # Qt posts LanguageChange to every window


def check_rewords(read: Callable[[], Texts]) -> None:
    """``read()`` gives every text checked: all are translated in Chinese, and back in
    English they are what they were."""
    english = read()
    assert all(english.values()), english  # every text checked is shown
    assert not any(is_pseudo(text) for text in english.values()), english
    switch(language.CHINESE)
    chinese = read()
    untranslated = {key: text for key, text in chinese.items() if not is_pseudo(text)}
    assert not untranslated, untranslated
    switch(language.ENGLISH)
    assert read() == english


def test_event_log_rewords_its_rows_and_bar(qtbot: QtBot, pseudo_language: None,
                                            recording: tuple[EventStore, Reducer]) -> None:
    store, _ = recording
    view = EventLogView(store, recorded_backend(store))
    qtbot.addWidget(view)
    view.show_until(len(store))
    model = view.model
    step = next(i for i in range(len(store)) if model.data(model.index(i, TEXT))
                .endswith("runs (step)"))  # a sentence about a task

    def read() -> Texts:
        texts = {f"header {c}": model.headerData(c, Qt.Orientation.Horizontal)
                 for c in (0, 1, 2, 3, 5)}
        texts["row"] = model.data(model.index(step, TEXT))
        texts["first row"] = model.data(model.index(0, TEXT))
        texts["count"] = view.count_label.text()
        texts["all tasks"] = view.task_box.itemText(0)
        texts["tasks box"] = view.group_boxes["tasks"].text()
        texts["hide"] = view.hide_control.text()
        texts["fd placeholder"] = view.fd_edit.placeholderText()
        return texts

    view.filter_to_task(int(store.task[step]))  # a selection the switch keeps
    chosen = view.task_box.currentIndex()
    check_rewords(read)
    assert view.task_box.currentIndex() == chosen


def test_rows_are_worded_once_per_language(qtbot: QtBot, pseudo_language: None,
                                           recording: tuple[EventStore, Reducer],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A repaint of rows already shown asks neither the Describer nor ``tr``."""
    store, _ = recording
    view = EventLogView(store, recorded_backend(store))
    qtbot.addWidget(view)
    view.show_until(len(store))
    model = view.model
    rows = range(min(200, len(store)))
    english = [model.data(model.index(r, TEXT)) for r in rows]
    switch(language.CHINESE)
    calls: list[int] = []
    describe = model._describer.event
    monkeypatch.setattr(model._describer, "event",
                        lambda *args: calls.append(1) or describe(*args))
    worded = [model.data(model.index(r, TEXT)) for r in rows]
    assert all(is_pseudo(text) for text in worded)
    assert len(calls) == len(rows)  # the first paint in this language words each row
    assert [model.data(model.index(r, TEXT)) for r in rows] == worded
    assert len(calls) == len(rows)  # a repaint words nothing
    switch(language.ENGLISH)
    assert [model.data(model.index(r, TEXT)) for r in rows] == english


def test_board_rewords_titles_caption_and_tokens(qtbot: QtBot, pseudo_language: None,
                                                 recording: tuple[EventStore, Reducer]) -> None:
    store, reducer = recording
    board = BoardView()
    board.animations = False
    qtbot.addWidget(board)
    describer = Describer(store.strings, store.task_name, reducer.backend(), language.tr)
    middle = len(store) // 2
    board.play([middle], reducer.state_at, store, describer)
    registered = next(t for t in board.model.tokens.values() if t.area != "done")

    def read() -> Texts:
        model = board.model
        texts = {f"title {key}": title for key, title in board.titles.items() if title}
        texts["kernel title"] = model.kernel_title
        texts["io title"] = model.io_title
        texts["kernel count"] = model.kernel_count
        texts["wait"] = model.wait_text
        texts["caption"] = board.caption.text
        texts["token"] = board.model.tokens[registered.serial].detail
        return texts

    check_rewords(read)


def test_state_view_rewords_headers_and_lists(qtbot: QtBot, pseudo_language: None,
                                              recording: tuple[EventStore, Reducer]) -> None:
    store, reducer = recording
    view = StateView()
    qtbot.addWidget(view)
    view.show_state(reducer.state_at(len(store) // 2), store, reducer.backend())

    def read() -> Texts:
        header = view.tree.headerItem()
        texts = {"header 0": header.text(0), "header 1": header.text(1)}
        for key, section in view.sections.items():
            texts[f"section {key}"] = section.text(0)
            texts[f"count {key}"] = section.text(1)
        kernel = view.sections["kernel"]
        texts["kernel row"] = kernel.child(0).text(0)
        return texts

    check_rewords(read)


def test_inspector_rewords_the_selected_task(qtbot: QtBot, pseudo_language: None,
                                             recording: tuple[EventStore, Reducer]) -> None:
    store, reducer = recording
    view = InspectorView()
    qtbot.addWidget(view)
    hint = {"summary": view.summary.text(), "stack": view.stack_title.text()}
    check_rewords(lambda: {"summary": view.summary.text(), "stack": view.stack_title.text()})
    assert hint["summary"] == "Select a task on the board or in the event log."
    state = reducer.state_at(len(store) // 2)
    serial = next(iter(state.tasks))
    view.select(serial)
    view.show_state(state, store, reducer.backend(), None)
    check_rewords(lambda: {"summary": view.summary.text(), "stack": view.stack_title.text()})


def test_metrics_rewords_plots_table_and_summary(qtbot: QtBot, pseudo_language: None,
                                                 recording: tuple[EventStore, Reducer]) -> None:
    store, _ = recording
    view = MetricsView()
    qtbot.addWidget(view)
    view.extend_from(store, 0, len(store))
    view.redraw()

    def read() -> Texts:
        texts = {f"title {key}": plot.titleLabel.text for key, (plot, _) in view.hists.items()}
        texts["count axis"] = view.hists["step"][0].getAxis("left").labelText
        texts["lag title"] = view.lag_plot.titleLabel.text
        texts["lag axis"] = view.lag_plot.getAxis("bottom").labelText
        texts["summary"] = view.summary.text()
        texts.update({f"header {c}": view.slow_table.horizontalHeaderItem(c).text()
                      for c in range(3)})
        return texts

    check_rewords(read)


def test_activity_rewords_axes_and_legend(qtbot: QtBot, pseudo_language: None,
                                          recording: tuple[EventStore, Reducer]) -> None:
    store, _ = recording
    view = ActivityView()
    qtbot.addWidget(view)
    view.extend_from(store, 0, len(store))
    view.redraw()

    def read() -> Texts:
        texts = {f"legend {i}": text for i, text in enumerate(view.legend_texts())}
        texts["x"] = view.plot.getAxis("bottom").labelText
        texts["y"] = view.plot.getAxis("left").labelText
        return texts

    assert len(view.legend_texts()) == 4
    check_rewords(read)


def test_timeline_rewords_controls_legend_and_lanes(qtbot: QtBot, pseudo_language: None,
                                                    recording: tuple[EventStore, Reducer]
                                                    ) -> None:
    store, _ = recording
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    view.extend_from(store, 0, len(store))
    view.fit_all()
    view.redraw()
    lanes = {text for text in view.axis.labels.values() if text.startswith(("poll", "event"))}
    assert len(lanes) == 2  # the poll lane and the loop lane, named in words

    def read() -> Texts:
        texts = {"follow": view.follow_button.text(), "follow tip": view.follow_button.toolTip(),
                 "fit": view.fit_button.text(), "collapse": view.collapse_box.text(),
                 "legend": view.legend.text(), "info": view.info.text(),
                 "axis": view.time_axis.labelText}
        named = sorted(text for text in view.axis.labels.values()
                       if text.startswith(("poll", "event", "⟦")))
        texts.update({f"lane {i}": text for i, text in enumerate(named)})
        return texts

    check_rewords(read)


@pytest.fixture(scope="module")
def timers_runs() -> tuple[Run, Run]:
    """The timers sample run both ways (before the GUI's loop runs: each run has its own)."""
    workload = registry.get("timers")
    return run_cooperative(workload, SMALL["timers"]), run_threads(workload, SMALL["timers"])


@pytest.fixture
def compare_window(qtbot: QtBot, gui_loop: object) -> CompareWindow:
    window = CompareWindow()
    qtbot.addWidget(window)
    return window


def test_compare_window_rewords_runs(qtbot: QtBot, pseudo_language: None,
                                     timers_runs: tuple[Run, Run],
                                     compare_window: CompareWindow) -> None:
    window = compare_window
    window.show_runs(*timers_runs)
    window.select("timers")
    chosen = window.workload.currentIndex()

    def read() -> Texts:
        texts = {"window": window.windowTitle(), "run": window.run_button.text(),
                 "session": window.session_buttons[0].text(),
                 "coop": window.coop_title.text(), "explanation": window.explanation.text(),
                 "conditions": window.conditions.text(), "status": window.status.text(),
                 "measure": window.table.item(0, 0).text()}
        texts.update({f"header {c}": window.table.horizontalHeaderItem(c).text()
                      for c in range(3)})
        return texts

    check_rewords(read)
    assert window.workload.currentIndex() == chosen


def test_compare_window_rewords_sessions(qtbot: QtBot, pseudo_language: None,
                                         compare_window: CompareWindow) -> None:
    window = compare_window
    session = tracefile.load(IOCP_ECHO)
    window.show_sessions((IOCP_ECHO.name, session), ("again.loopscope", session))

    def read() -> Texts:
        texts = {"window": window.windowTitle(), "lane": window.coop_title.text(),
                 "explanation": window.explanation.text(),
                 "conditions": window.conditions.text(), "status": window.status.text(),
                 "measure": window.table.item(1, 0).text(),
                 "header 0": window.table.horizontalHeaderItem(0).text(),
                 "header 1": window.table.horizontalHeaderItem(1).text()}
        return texts

    check_rewords(read)
