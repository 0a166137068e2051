"""An IOCP session recorded on Windows (resources/sessions) opened in the window on Linux: every
view speaks of a completion port — the board's kernel side lists outstanding overlapped
operations and the packets ``GetQueuedCompletionStatus`` dequeued, the captions follow the
completion flow, and the event log, state lists, inspector and timeline use the same words."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.trace.events import Cause, Ev
from app.views.main_window import MainWindow
from tests.support.gui import wait_done
from tests.support.sessions import IOCP_ECHO


def first(window: MainWindow, kind: Ev, skip: int = 0) -> int:
    store = window.bridge.store
    return [i for i in range(len(store)) if int(store.kind[i]) == kind][skip]


def test_an_iocp_session_opens_with_the_completion_vocabulary(qtbot: QtBot,
                                                              window: MainWindow) -> None:
    wait_done(qtbot, window.open_session(str(IOCP_ECHO)))
    assert window.recorded_backend() == "iocp"
    assert window.status_where.text() == "saved session (read-only) · iocp · cooperative"
    store = window.bridge.store
    # A completion dequeued in the middle of the run: the board's kernel side and caption.
    at = first(window, Ev.FD_EVENT, 4)
    handle = int(store.a[at])
    window.replay.set_cursor(at)
    window.refresh()
    board = window.board
    model = board.model
    assert model.kernel_title == "Kernel — completion port"
    assert model.io_title == "Registered · I/O (an operation in flight)"
    texts = [row.text for row in model.fd_rows]
    assert texts[0] == "Completion queue — dequeued:"
    assert "Outstanding operations:" in texts
    assert any(row.fd == handle and row.fired and row.text.startswith("✓ ")
               for row in model.fd_rows)
    # Dequeued, it is no longer listed as outstanding (its FD_UNREGISTER is the next event).
    outstanding = texts[texts.index("Outstanding operations:") + 1:]
    assert not any(f"· handle {handle} ·" in text and "self-pipe" not in text
                   for text in outstanding)
    assert board.caption.text.startswith("③ dequeue — the kernel has done the I/O")
    # The state lists show the same kernel side, under the same title.
    window.docks["board"].raise_()
    window.state_view.show_state(window.state_at_cursor(), store, "iocp")
    kernel = window.state_view.sections["kernel"]
    assert kernel.text(0) == "Kernel — completion port"
    shown = [kernel.child(i).text(0) for i in range(kernel.childCount())]
    assert shown[1:] == texts
    # The log names handles, and its sentences are the completion ones.
    log_model = window.event_log.model
    assert log_model.headerData(4, window.event_log.table.horizontalHeader().orientation()) \
        == "handle"
    assert window.event_log.fd_label.text() == "handle"
    # The timeline's legend and the inspector of a task woken by a completion.
    assert "completion dequeued" in legend_words(window)
    activity = window.activity
    assert activity.plot.plotItem.legend.getLabel(activity.curves["fd events"]).text == \
        "completion packets"
    woken = [i for i in range(len(store)) if int(store.kind[i]) == Ev.TASK_READY
             and int(store.a[i]) == Cause.FD]
    assert woken
    serial = int(store.task[woken[0]])
    window.replay.set_cursor(woken[0])
    window.select_task(serial)
    window.inspector.show_state(window.state_at_cursor(), store, "iocp", None)
    summary = window.inspector.summary.text()
    assert "ready — woken because an overlapped" in summary and "completed" in summary
    assert "readable" not in summary


def test_back_on_the_live_loop_the_views_speak_readiness_again(qtbot: QtBot,
                                                               window: MainWindow) -> None:
    wait_done(qtbot, window.open_session(str(IOCP_ECHO)))
    assert window.event_log.fd_label.text() == "handle"
    window.act_close_session.trigger()  # back to the live loop (epoll here)
    qtbot.waitUntil(lambda: window.recorded_backend() == "epoll", timeout=10_000)
    window.refresh()
    assert window.board.model.kernel_title == "Kernel — the OS event queue"
    activity = window.activity
    assert activity.plot.plotItem.legend.getLabel(activity.curves["fd events"]).text == \
        "fd events"
    assert "completion" not in legend_words(window)
    assert window.event_log.fd_label.text() == "fd"


def legend_words(window: MainWindow) -> str:
    """The timeline legend's words as a reader sees them (no markup, no joiners)."""
    text = window.timeline.legend.text().replace("&nbsp;", " ")
    return text.replace("\u2060", "").replace("\u00a0", " ")
