"""Saved sessions in the window: an opened session shows exactly what was saved, apart from
the live loop, which the user switches to explicitly; nothing recorded is wiped without
asking first; the Help menu's guide and keyboard map."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QMessageBox, QTableWidget, QTextBrowser
from pytestqt.qtbot import QtBot

from app import cli
from app.trace import tracefile
from app.views.main_window import MainWindow
from tests.support.qt_fixtures import open_window

TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def echo_session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tcp-echo recording made by ``loopscope record`` (in-process), as a user makes one."""
    path = tmp_path_factory.mktemp("sessions") / "echo.loopscope"
    assert cli.main(["record", "tcp-echo", "--param", "clients=2", "--param", "messages=3",
                     "-q", "-o", str(path)]) == 0
    return path


def idle(ms: int) -> None:
    """Let the application run (timers, drains, repaints) for ``ms``."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_done(qtbot: QtBot, task: Any) -> Any:
    qtbot.waitUntil(task.done, timeout=TIMEOUT_MS)
    return task.result()


def shown_counts(window: MainWindow) -> dict[str, Any]:
    window.refresh()
    window.event_log.flush()
    return {
        "store": len(window.bridge.store),
        "log": window.event_log.count_label.text(),
        "replay": window.replay.total,
        "slider": window.replay.slider.maximum() + 1,
        "timeline": window.timeline.data.n_events,
        "dropped": window.status_dropped.text(),
    }


def test_an_opened_session_shows_exactly_what_was_saved(qtbot: QtBot, window: MainWindow,
                                                        echo_session: Path) -> None:
    saved = tracefile.load(echo_session)
    n = saved.events
    # The live loop is busy meanwhile: its events must never reach the opened session.
    assert window.launch("timers", {"tasks": 3, "interval_ms": 5.0, "forever": True})
    qtbot.waitUntil(lambda: len(window.bridge.live_store) > 100, timeout=TIMEOUT_MS)
    wait_done(qtbot, window.open_session(str(echo_session)))
    expected = {"store": n, "log": f"{n:,} of {n:,} events", "replay": n, "slider": n,
                "timeline": n, "dropped": "dropped: 0"}
    assert shown_counts(window) == expected
    live_before = len(window.bridge.live_store)
    idle(2000)
    window.bridge.drain()
    window.save_screenshot(os.devnull)  # (drains too: the race that used to append here)
    assert shown_counts(window) == expected
    assert len(window.bridge.live_store) > live_before  # the live loop went on, apart
    assert window.bridge.store.sealed
    assert "echo.loopscope (saved session, read-only)" in window.windowTitle()
    assert window.status_where.text() == "saved session (read-only) · epoll · cooperative"
    assert window.status_state.text() == \
        f"saved session echo.loopscope: {n:,} events, shown at its last one"
    assert not window.status_rate.isVisible() and not window.status_lag.isVisible()
    assert window.replay.label.text() == f"end · {n:,} events"
    # The live loop's commands wait until it is shown again; → and ← replay the session.
    assert not window.act_run.isEnabled() and not window.act_reset.isEnabled()
    window.act_back.trigger()
    assert window.replay.position == n - 2
    assert window.status_state.text().startswith(f"saved session echo.loopscope, event "
                                                  f"{n - 1:,}: ")
    window.act_step.trigger()  # → : the last event, then the end
    assert window.replay.position == n - 1
    window.act_step.trigger()
    assert window.replay.live and len(window.bridge.store) == n
    window.act_step.trigger()  # at the end: said, and nothing else happens
    assert "saved session's last event" in window.status_message.text()
    assert window.replay.live and len(window.bridge.store) == n
    # Switching is explicit, both ways, and keeps both recordings.
    box = window.source_box
    assert [box.itemText(i) for i in range(box.count())] == ["live loop",
                                                            "echo.loopscope (saved)"]
    box.setCurrentIndex(0)
    assert window.viewing is None and window.bridge.store is window.bridge.live_store
    assert window.windowTitle() == "LoopScope — live recording"
    assert window.act_run.isEnabled()
    assert window.status_where.text() == "live · epoll · engine thread"
    live_now = len(window.bridge.live_store)
    assert shown_counts(window)["replay"] == live_now
    box.setCurrentIndex(1)
    assert shown_counts(window) == expected
    box.setCurrentIndex(0)
    wait_done(qtbot, window.cancel_workloads())


def test_launching_shows_the_live_loop_and_keeps_the_session_open(
        qtbot: QtBot, window: MainWindow, echo_session: Path) -> None:
    wait_done(qtbot, window.open_session(str(echo_session)))
    assert window.viewing is not None
    window.act_launch.trigger()  # Ctrl+L: the selected sample, on the live loop
    assert window.viewing is None and window.controller.engine.launches
    assert "echo.loopscope stays open in the Recording box" in window.status_message.text()
    assert window.source_box.count() == 2 and window.source_box.isEnabled()
    window.act_close_session.trigger()
    assert window.source_box.count() == 1 and not window.source_box.isEnabled()
    assert window.bridge.session is None
    wait_done(qtbot, window.cancel_workloads())


def test_a_trimmed_session_still_names_its_own_backend(qtbot: QtBot, window: MainWindow,
                                                        monkeypatch: Any,
                                                        tmp_path: Path) -> None:
    # A long live run lets its oldest events go, LOOP_INFO (which names the backend) among
    # them; saved and opened under another backend, its sentences must still name its own.
    monkeypatch.setattr(window, "ask_discard", lambda what: "discard")
    window.backend_box.setCurrentIndex(window.backend_box.findData("poll"))
    assert window.launch("timers", {"tasks": 20, "interval_ms": 2.0, "forever": True})
    bridge = window.bridge
    qtbot.waitUntil(lambda: len(bridge.live_store) > 3000, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: bridge.trim(keep=1000) > 0, timeout=TIMEOUT_MS)
    path = tmp_path / "trimmed.loopscope"
    wait_done(qtbot, window.save_session(str(path)))
    from app.model.reducer import Reducer

    reread = Reducer(tracefile.load(path).store)
    reread.apply()
    assert reread.backend() == ""  # the events the file holds no longer say it
    window.backend_box.setCurrentIndex(window.backend_box.findData("epoll"))
    assert window.controller.engine.backend == "epoll"
    wait_done(qtbot, window.open_session(str(path)))
    assert window.recorded_backend() == "poll"
    assert window.describer().wait_call() == "poll"
    window.source_box.setCurrentIndex(0)
    assert window.recorded_backend() == "epoll"


def test_the_qt_host_with_poll_at_start_runs_on_the_engine_thread(
        qtbot: QtBot, gui_loop: Any, no_leaks: None) -> None:
    with open_window(qtbot, backend="poll", host="qt", settings=None) as win:
        assert (win.controller.engine.backend, win.controller.engine.host) == ("poll", "thread")
        qtbot.waitUntil(lambda: "The loop runs on the engine thread." in
                        win.status_message.text(), timeout=TIMEOUT_MS)
        assert "poll has none" in win.status_message.text()


def test_the_store_refuses_another_recordings_events() -> None:
    from app.trace.store import EventStore

    store = EventStore()
    store.append([(1, 10, 0, 0, 0, 0, 0), (2, 11, 0, 0, 0, 0, 0)])
    with pytest.raises(AssertionError, match="negative drop count"):
        store.append([(1, 12, 0, 0, 0, 0, 0)])  # a new loop's seqs start at 1 again
    sealed = EventStore()
    sealed.seal()
    with pytest.raises(ValueError, match="read-only"):
        sealed.append([(1, 10, 0, 0, 0, 0, 0)])


# -- nothing is lost without asking ----------------------------------------------------------
def launched_and_ran(qtbot: QtBot, window: MainWindow) -> int:
    assert window.launch("timers", {"tasks": 2, "interval_ms": 5.0, "rounds": 3})
    qtbot.waitUntil(window.controller.engine.launches[max(window.controller.engine.launches)].result.done,
                    timeout=TIMEOUT_MS)
    window.bridge.drain()
    return len(window.bridge.live_store)


def test_reset_and_switches_ask_before_wiping_a_run(qtbot: QtBot, window: MainWindow,
                                                    monkeypatch: Any, tmp_path: Path) -> None:
    answers: list[str] = []
    asked: list[str] = []
    monkeypatch.setattr(window, "ask_discard", lambda what: asked.append(what) or
                        answers.pop(0))
    # Nothing launched yet: nothing to lose, no question.
    window.reset()
    assert asked == []
    n = launched_and_ran(qtbot, window)
    engine = window.controller.engine
    # Cancel: nothing changes, the Backend box goes back to the engine's.
    answers.append("cancel")
    window.backend_box.setCurrentIndex(window.backend_box.findData("poll"))
    assert asked == ["Switch the backend"]
    assert window.controller.engine is engine and window.backend_box.currentData() == "epoll"
    assert len(window.bridge.live_store) >= n
    answers.append("cancel")
    window.reset()
    assert window.controller.engine is engine and len(window.bridge.live_store) >= n
    # Save: a file dialog, the live recording written, then the reset.
    path = tmp_path / "kept.loopscope"
    monkeypatch.setattr(window, "_file_dialog", lambda *args: str(path))
    answers.append("save")
    window.reset()
    assert tracefile.load(path).events >= n
    assert len(window.bridge.live_store) < n  # a new recording
    # Saved, and nothing launched since: no question.
    n = launched_and_ran(qtbot, window)
    window.save_live_now()
    before = len(asked)
    window.reset()
    assert len(asked) == before
    # Discard.
    launched_and_ran(qtbot, window)
    answers.append("discard")
    window.host_box.setCurrentIndex(window.host_box.findData("qt"))
    assert asked[-1] == "Switch the host" and window.controller.engine.host == "qt"
    assert answers == []


def test_the_qt_host_refuses_poll_before_anything_stops(qtbot: QtBot, window: MainWindow,
                                                        monkeypatch: Any) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: warnings.append(text))
    monkeypatch.setattr(window, "ask_discard", lambda what: "discard")
    window.backend_box.setCurrentIndex(window.backend_box.findData("poll"))
    assert window.controller.engine.backend == "poll"
    n = launched_and_ran(qtbot, window)
    engine = window.controller.engine
    window.host_box.setCurrentIndex(window.host_box.findData("qt"))
    assert warnings == ["The Qt host needs a kernel event queue with a pollable fd (epoll or "
                        "kqueue); poll has none."]
    assert window.controller.engine is engine and engine.running and engine.host == "thread"
    assert window.host_box.currentData() == "thread"
    assert len(window.bridge.live_store) >= n  # the run is still there


def click_when_shown(button_text: str, check_box: bool = False) -> None:
    """Answer the next modal question by clicking its button (as a user would)."""
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        if check_box:
            box.findChild(QCheckBox).setChecked(True)
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {box.text()!r}")

    QTimer.singleShot(20, answer)


def test_the_real_question_and_dont_ask_again(qtbot: QtBot, window: MainWindow) -> None:
    launched_and_ran(qtbot, window)
    click_when_shown("Cancel")
    assert window.discard_ok("Reset") is False
    click_when_shown("Discard", check_box=True)
    assert window.discard_ok("Reset") is True
    assert not window.ask_before_discarding() and not window.act_ask_discard.isChecked()
    assert window.discard_ok("Reset") is True  # not asked: no modal box would answer it
    window.act_ask_discard.setChecked(True)
    assert window.ask_before_discarding()


# -- help ---------------------------------------------------------------------------------------
def test_help_has_the_guide_and_the_keyboard_map(qtbot: QtBot, window: MainWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()[-1].menu().actions()]
    assert titles == ["Lessons", "Guide to the views", "Keyboard map", "", "About LoopScope"]
    guide = window.show_guide()
    browser = guide.findChild(QTextBrowser, "guide")
    plain = browser.toPlainText()
    assert "Board — where every task is now" in plain and "Event log" in plain
    assert "![" not in browser.toMarkdown()
    assert window.show_guide() is guide  # asked again: the same window, in front
    keys = window.show_keyboard_map().findChild(QTableWidget, "keyboardMap")
    rows = {keys.item(r, 0).text(): keys.item(r, 1).text() for r in range(keys.rowCount())}
    assert rows["Space"] == "Run / Pause" and rows["Right"] == "Step" and rows["Left"] == "Back"
    assert rows["Ctrl+L"] == "Launch" and rows["F1"] == "Guide to the views"
    assert rows["End"] == "Live" and rows["Shift+Right"] == "Step iteration"


def test_no_lag_reads_with_its_unit(qtbot: QtBot, window: MainWindow) -> None:
    window.bridge.loop_lag_ns = 0
    assert window.loop_lag_text() == "loop lag: 0 ms"


def test_the_qt_host_freeze_is_said_once(qtbot: QtBot, window: MainWindow) -> None:
    window._frozen(0.3)
    assert window.status_frozen.text() == \
        "the window was frozen 300 ms: the loop shares Qt's thread"
    assert "frozen" not in window.status_message.text()
    assert "GUI thread" in window.status_frozen.toolTip()
