"""Both hosts: the engine thread keeps the window fluid; the Qt host freezes it, and says so."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
from PySide6.QtCore import QEventLoop, QSocketNotifier, QTimer
from pytestqt.qtbot import QtBot

from app.core.events import Ev
from app.qt.qt_host import QtHostEngine
from app.views.main_window import MainWindow

TIMEOUT_MS = 15_000


class GapMeter:
    """A 10 ms GUI-thread timer that remembers the longest interval between its ticks."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst = 0.0
        self.ticks = 0

    def _tick(self) -> None:
        now = time.monotonic()
        if self.last:
            self.worst = max(self.worst, now - self.last)
        self.last = now
        self.ticks += 1

    def start(self) -> None:
        self.last = 0.0
        self.worst = 0.0
        self.timer.start()


def hog_count(store: Any) -> int:
    return sum(1 for s in store.tasks if store.task_name(s) == "cpu-hog")


def wait_in_event_loop(done: Any, timeout_ms: int) -> None:
    """Spin one plain Qt event loop until ``done()``, as the application itself runs.

    (``qtbot.waitUntil`` re-enters a new event loop every 10 ms: harness work, not the app's.)
    """
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(lambda: done() and loop.quit())
    poll.start()
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    poll.stop()
    assert done(), "timed out"


@pytest.fixture
def window(qtbot: QtBot, gui_loop: Any, no_leaks: None) -> Any:
    win = MainWindow(settings=None)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def other_processes_cpu_s() -> float:
    """CPU seconds used so far by everything but this process (steal time included: another
    VM on the host), from /proc/stat; 0 where there is no /proc."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:9]]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    busy = (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
    mine = os.times()
    return busy - (mine.user + mine.system)


def test_engine_thread_host_keeps_the_gui_fluid_during_a_2s_cpu_step(
        qtbot: QtBot, window: MainWindow) -> None:
    # The criterion, measured once on a quiet machine. (The first repaint after the
    # hog started used to stall 60-100 ms in a third of the runs: the event log's paint
    # entered Python once per cell, each entry waiting for the GIL; see
    # app/views/gil_held.py.) Measured again (three times at most) only when other processes
    # took CPU meanwhile: then the GUI thread also waited for a core, which is not the app's
    # doing (measured: two busy loops on this 2-core machine gave 58-62 ms gaps).
    attempts = []
    for _ in range(3):
        meter = GapMeter()
        store = window.bridge.store
        hogs_before = hog_count(store)
        assert window.launch("cpu-hog", {"hog_ms": 2000, "hogs": 1, "tickers": 2})
        launch = window.engine.launches[max(window.engine.launches)]
        qtbot.waitUntil(lambda store=store, n=hogs_before: hog_count(store) > n,
                        timeout=TIMEOUT_MS)
        others_before = other_processes_cpu_s()
        meter.start()
        wait_in_event_loop(launch.result.done, TIMEOUT_MS)
        meter.timer.stop()
        others = other_processes_cpu_s() - others_before
        window.bridge.drain()
        hog = max(s for s in store.tasks if store.task_name(s) == "cpu-hog")
        longest = window.bridge.reducer.state().tasks[hog].longest_step
        assert longest > 1.9e9  # the observed loop really was held by one 2 s step
        assert meter.ticks > 100
        attempts.append(f"{meter.worst * 1000:.1f} ms (other processes used {others:.2f} s "
                        "of CPU meanwhile)")
        if meter.worst < 0.050 or others < 0.2:
            break
    assert meter.worst < 0.050, "worst GUI gap " + "; then ".join(attempts)
    assert window.freeze_message == ""


def test_a_window_at_its_minimum_width_keeps_it_while_texts_grow(
        qtbot: QtBot, window: MainWindow) -> None:
    # On a screen narrower than the default 1,500 px (the offscreen test screen is 800 px
    # wide) the window sits at its minimum width. A label's text (the log's count, a status
    # message) must not raise that minimum: each time it did, the window widened itself and
    # every dock was laid out and repainted at once (under a CPU-bound engine thread: the
    # 50-100 ms GUI gaps of the fluid-GUI test).
    qtbot.waitUntil(lambda: window.event_log.count_label.text() != "", timeout=TIMEOUT_MS)
    minimum = window.minimumSizeHint().width()
    qtbot.waitUntil(lambda: window.width() >= minimum, timeout=TIMEOUT_MS)  # laid out
    width = window.width()
    assert window.launch("tcp-echo", {"clients": 3, "messages": 200, "think_ms": 0.0})
    launch = window.engine.launches[max(window.engine.launches)]
    qtbot.waitUntil(launch.result.done, timeout=TIMEOUT_MS)
    window.bridge.drain()
    total = f"{len(window.bridge.store):,} events"
    qtbot.waitUntil(lambda: window.event_log.count_label.text().endswith(total),
                    timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: "finished" in window.status_message.text(), timeout=TIMEOUT_MS)
    window.refresh()
    qtbot.wait(50)  # delivers the layout requests that the new texts posted
    assert len(window.bridge.store) >= 1000  # the count gained digits
    assert window.minimumSizeHint().width() == minimum
    assert window.width() == width


def test_qt_host_freezes_the_window_and_reports_it(qtbot: QtBot, window: MainWindow) -> None:
    window.host_box.setCurrentIndex(window.host_box.findData("qt"))
    assert isinstance(window.engine, QtHostEngine)
    assert window.launch("cpu-hog", {"hog_ms": 300, "hogs": 1, "tickers": 1})
    launch = window.engine.launches[1]
    meter = GapMeter()
    meter.start()
    qtbot.waitUntil(launch.result.done, timeout=TIMEOUT_MS)
    meter.timer.stop()
    assert meter.worst >= 0.29  # the GUI thread itself ran the 300 ms step
    assert window.engine.freezes and max(window.engine.freezes) >= 0.29
    window.refresh()
    assert "the window was frozen" in window.status_frozen.text()
    assert "the loop shares Qt's thread" in window.status_frozen.text()


def test_qt_host_watches_the_epoll_fd_with_a_socket_notifier(qtbot: QtBot,
                                                           window: MainWindow) -> None:
    window.host_box.setCurrentIndex(window.host_box.findData("qt"))
    engine = window.engine
    assert isinstance(engine, QtHostEngine)
    notifier = engine.notifier
    assert notifier is not None and notifier.type() == QSocketNotifier.Type.Read
    assert notifier.socket() == engine.loop.kernel_fd()
    assert os.readlink(f"/proc/self/fd/{notifier.socket()}") == "anon_inode:[eventpoll]"
    ticks = engine.ticks
    assert window.launch("tcp-echo", {"clients": 3, "messages": 5, "think_ms": 0.0})
    launch = engine.launches[1]
    qtbot.waitUntil(launch.result.done, timeout=TIMEOUT_MS)
    result = launch.result.result()
    assert result["echoed"] == result["sent"] > 0
    assert engine.ticks > ticks
    window.bridge.drain()
    kinds = window.bridge.store.kind
    assert int((kinds == int(Ev.FD_EVENT)).sum()) > 10  # the echoes came through epoll
    # Qt did the waiting: every poll of the Qt host has timeout 0.
    polls = window.bridge.store.a[kinds == int(Ev.POLL_BEGIN)]
    assert len(polls) and int(polls.max()) == 0


def test_qt_host_steps_whole_iterations(qtbot: QtBot, window: MainWindow) -> None:
    window.host_box.setCurrentIndex(window.host_box.findData("qt"))
    wait = window.toggle_run()
    qtbot.waitUntil(wait.done, timeout=TIMEOUT_MS)
    assert window.engine.paused
    assert not window.act_step.isEnabled()
    window.bridge.drain()
    before = len(window.bridge.store)
    step = window.step_iteration()
    qtbot.waitUntil(step.done, timeout=TIMEOUT_MS)
    window.bridge.drain()
    kinds = window.bridge.store.kind[before:]
    assert int((kinds == int(Ev.POLL_BEGIN)).sum()) == 1
    assert window.engine.paused
