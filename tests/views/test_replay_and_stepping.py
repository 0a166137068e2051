"""What the board, log, inspector and status show is one moment: the loop's present while
following it (blocked, paused or stepping), or the replayed event (never a mix of both)."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.trace.events import Ev
from app.trace.text import fmt_ns
from app.views.main_window import MainWindow
from tests.support.gui import TIMEOUT_MS, wait_done


def test_the_kernel_box_counts_the_wait_while_the_loop_is_blocked(
        qtbot: QtBot, window: MainWindow) -> None:
    # Idle, the loop blocks in epoll_wait and records nothing until it returns: no batch
    # comes, and the board must still count the wait on the clock.
    qtbot.waitUntil(lambda: (window.refresh(), window.status_state.text())[1] ==
                    "blocked in epoll_wait(timeout = forever)", timeout=TIMEOUT_MS)
    begin = window.bridge.reducer.state().poll.begin_ts
    qtbot.waitUntil(lambda: window.board.model.waited_ns >= 1_000_000_000, timeout=TIMEOUT_MS)
    model = window.board.model
    assert window.bridge.reducer.state().poll.begin_ts == begin  # the same wait, still on
    assert model.blocked
    assert model.wait_text == \
        f"blocked in epoll_wait(timeout = forever) for {fmt_ns(model.waited_ns)}"


def finished_run(qtbot: QtBot, window: MainWindow, name: str, params: dict[str, Any]) -> int:
    """Run a sample to its end and wait for the idle loop's wait: no event comes after it."""
    assert window.launch(name, params)
    launch = window.controller.engine.launches[max(window.controller.engine.launches)]
    qtbot.waitUntil(launch.result.done, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: (window.refresh(), window.status_state.text())[1] ==
                    "blocked in epoll_wait(timeout = forever)", timeout=TIMEOUT_MS)
    window.bridge.drain()
    window.event_log.flush()
    return len(window.bridge.store)


def test_end_returns_the_board_caption_to_the_newest_event(qtbot: QtBot,
                                                           window: MainWindow) -> None:
    from app.model import board as bm

    window.board.animations = False
    total = finished_run(qtbot, window, "timers", {"tasks": 2, "interval_ms": 10.0,
                                                   "rounds": 2})
    newest = bm.unit_caption(window.bridge.store, total - 1, window.describer())[0]
    window.act_first.trigger()
    replayed = bm.unit_caption(window.bridge.store, 0, window.describer())[0]
    assert replayed != newest
    qtbot.waitUntil(lambda: window.board.caption.text == replayed, timeout=TIMEOUT_MS)
    window.act_live.trigger()
    assert window.replay.live and len(window.bridge.store) == total
    assert window.board.caption.text == newest


def board_areas(window: MainWindow) -> dict[int, str]:
    return {s: t.area for s, t in window.board.model.tokens.items()}


def newest_areas(window: MainWindow) -> dict[int, str]:
    from app.model import board as bm

    wanted = bm.layout(window.bridge.reducer.state(), window.bridge.store, window.describer())
    return {s: t.area for s, t in wanted.tokens.items()}


def test_paused_and_stepping_the_board_reaches_the_newest_event_within_one_move(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    # The log and the status bar show what a pause or a step recorded at once; the board
    # animates those events one by one, and must get to the newest within one move: the
    # intervals it asks its timer for sum to at most one move (however late the timer
    # fires on a busy machine), and it ends on the newest state, with its caption.
    from app.model import board as bm
    from app.views.board import MOVE_MS

    board = window.board
    intervals: list[int] = []
    start = board._play_timer.start
    monkeypatch.setattr(board._play_timer, "start",
                        lambda ms: (intervals.append(ms), start(ms))[1])
    assert window.launch("tcp-echo", {"clients": 3, "forever": True, "think_ms": 5.0})
    qtbot.waitUntil(lambda: len(window.bridge.store) > 500, timeout=TIMEOUT_MS)
    intervals.clear()
    wait_done(qtbot, window.toggle_run())  # pause: the last live events are played...
    qtbot.waitUntil(lambda: not board.playing(), timeout=TIMEOUT_MS)
    assert sum(intervals) <= MOVE_MS * board.speed  # ...within one move
    newest = len(window.bridge.store) - 1
    # The pause's own events are played one by one if they are drained after the pause
    # took effect, else shown live at the next frame: either way the board ends on them.
    assert not board.shown or board.shown[-1] == newest
    assert board_areas(window) == newest_areas(window)
    assert board.caption.text == bm.unit_caption(window.bridge.store, newest, window.describer())[0]
    played = 0
    for _ in range(8):
        intervals.clear()
        before = len(window.bridge.store)
        wait_done(qtbot, window.step())
        after = len(window.bridge.store)
        qtbot.waitUntil(lambda: not board.playing(), timeout=TIMEOUT_MS)
        assert sum(intervals) <= MOVE_MS * board.speed
        assert board.shown[-1] == after - 1
        assert board_areas(window) == newest_areas(window)
        played += after - before > 2
    assert played  # (some steps ran a task: more than the command and one event)


def test_paused_the_board_measures_how_long_at_the_newest_event_as_the_lists_do(
        qtbot: QtBot, window: MainWindow) -> None:
    # Paused, time stops at the newest recorded event for every view: a token's "for how
    # long" must not run on the clock until the moment the board happened to be laid out.
    from app.model import board as bm

    window.board.animations = False
    assert window.launch("timers", {"tasks": 3, "interval_ms": 20.0, "forever": True})
    qtbot.waitUntil(lambda: len(window.bridge.store.tasks) >= 4, timeout=TIMEOUT_MS)
    wait_done(qtbot, window.toggle_run())  # pause
    qtbot.waitUntil(lambda: not window.board.playing(), timeout=TIMEOUT_MS)
    window.act_back.trigger()
    qtbot.wait(50)  # (the clock moves on)
    window.act_live.trigger()  # End, paused
    state = window.bridge.reducer.state()
    wanted = bm.layout(state, window.bridge.store, window.describer())
    assert window.board.model.tokens == wanted.tokens
    assert window.board.model.wait_text == wanted.wait_text


def test_the_inspector_shows_a_live_stack_only_with_the_present_and_says_so(
        qtbot: QtBot, window: MainWindow) -> None:
    # The stack is read from the live loop: it belongs to the newest event, never to a
    # replayed one (where the task may not even exist yet).
    assert window.launch("timers", {"tasks": 2, "interval_ms": 20.0, "forever": True})
    store = window.bridge.store
    qtbot.waitUntil(lambda: any(info.name == "sleeper-0" for info in store.tasks.values()),
                    timeout=TIMEOUT_MS)
    wait_done(qtbot, window.toggle_run())  # pause
    inspector = window.inspector
    sleeper = next(s for s, info in store.tasks.items() if info.name == "sleeper-0")
    window.select_task(sleeper)
    assert "sleeper" in inspector.stack.toPlainText()  # its coroutine's frame
    assert inspector.stack_title.text().startswith("Live stack")
    spawned = next(i for i in range(len(store)) if store.kind[i] == Ev.TASK_SPAWNED
                   and store.task[i] == sleeper)
    window.replay.set_cursor(spawned - 1)  # before the task existed
    assert "sleeper-0 (#" in inspector.summary.text()
    assert "not created yet" in inspector.summary.text()
    assert inspector.stack.toPlainText() == "" and not inspector.stack.isVisibleTo(inspector)
    assert not inspector.stack_title.text().startswith("Live stack")
    window.replay.set_cursor(spawned + 2)  # it exists, but this is not now
    assert "Coroutine" in inspector.summary.text()
    assert inspector.stack.toPlainText() == "" and not inspector.stack.isVisibleTo(inspector)
    assert f"event {spawned + 3:,}" in inspector.stack_title.text()
    window.act_live.trigger()  # End: the present again
    assert "sleeper" in inspector.stack.toPlainText() and inspector.stack.isVisibleTo(inspector)
    assert inspector.stack_title.text().startswith("Live stack")


def test_a_clicked_log_row_is_the_event_every_view_shows(qtbot: QtBot,
                                                         window: MainWindow) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    window.board.animations = False
    total = finished_run(qtbot, window, "timers", {"tasks": 3, "interval_ms": 5.0,
                                                   "rounds": 3})
    window.act_back.trigger()  # replaying
    table = window.event_log.table
    qtbot.waitExposed(table)
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum() // 3)
    viewport = table.viewport()
    y = viewport.height() - table.rowHeight(0) // 2 - 2  # the last row in view
    row = table.rowAt(y)
    event = window.event_log.model.event_at(row)
    assert 0 < event < total - 1
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(300, y))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(300, y))
    assert window.replay.position == event and window.replay.slider.value() == event
    assert [i.row() for i in table.selectionModel().selectedRows()] == [row]
    assert table.currentIndex().row() == row
    assert window.board.shown[-1] == event
    assert window.status_state.text().startswith(f"replay, event {event + 1:,}:")
