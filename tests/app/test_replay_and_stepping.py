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
