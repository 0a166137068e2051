"""What the board, log, inspector and status show is one moment: the loop's present while
following it (blocked, paused or stepping), or the replayed event (never a mix of both)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.core.describe import fmt_ns
from app.views.main_window import MainWindow
from tests.app.test_main_window import TIMEOUT_MS


@pytest.fixture
def window(qtbot: QtBot, gui_loop: Any, no_leaks: None) -> Iterator[MainWindow]:
    win = MainWindow(settings=None)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


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
    launch = window.engine.launches[max(window.engine.launches)]
    qtbot.waitUntil(launch.result.done, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: (window.refresh(), window.status_state.text())[1] ==
                    "blocked in epoll_wait(timeout = forever)", timeout=TIMEOUT_MS)
    window.bridge.drain()
    window.event_log.flush()
    return len(window.bridge.store)


def test_end_returns_the_board_caption_to_the_newest_event(qtbot: QtBot,
                                                           window: MainWindow) -> None:
    from app.core import board_model as bm

    window.board.animations = False
    total = finished_run(qtbot, window, "timers", {"tasks": 2, "interval_ms": 10.0,
                                                   "rounds": 2})
    newest = bm.caption(window.bridge.store, total - 1, window.describer())[0]
    window.act_first.trigger()
    replayed = bm.caption(window.bridge.store, 0, window.describer())[0]
    assert replayed != newest
    qtbot.waitUntil(lambda: window.board.caption.text == replayed, timeout=TIMEOUT_MS)
    window.act_live.trigger()
    assert window.replay.live and len(window.bridge.store) == total
    assert window.board.caption.text == newest
