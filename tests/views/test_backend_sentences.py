"""Every sentence names the backend of the loop that recorded it, not the Backend box's.

The box can change while a recording is shown (the new backend takes effect at the next run),
and a new run after the switch records on the new backend: the event log, the status bar and
the board must each say what the shown recording's loop did.
"""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from app.trace.events import Ev
from app.trace.store import EventStore
from app.views.event_log import EventTableModel
from app.views.main_window import MainWindow
from tests.support.qt_fixtures import open_window
from tests.support.traces import record

TIMEOUT_MS = 10_000


def _recorded_on(backend: str) -> EventStore:
    async def main() -> None:
        await asyncio.sleep(0.001)

    _, events, rec = record(main, backend=backend)
    store = EventStore(rec.strings, rec.tasks)
    store.append([(e.seq, e.ts, int(e.kind), e.task, e.a, e.b, e.c) for e in events])
    return store


def _poll_rows(model: Any) -> set[str]:
    """The log's POLL_BEGIN lines, up to the opening parenthesis (the call's name)."""
    store = model.store
    text_column = model.columnCount() - 1
    rows = np.flatnonzero(store.kind[:model.rowCount()] == int(Ev.POLL_BEGIN))
    return {model.data(model.index(int(row), text_column)).split("(")[0] for row in rows}


def test_the_event_log_names_the_backend_of_each_recording_it_shows(qtbot: QtBot) -> None:
    model = EventTableModel(_recorded_on("epoll"), "epoll")
    assert _poll_rows(model) == {"epoll_wait"}
    model.set_store(_recorded_on("poll"))  # a new run, after Backend was switched to poll
    assert _poll_rows(model) == {"poll"}


@pytest.fixture
def window(qtbot: QtBot, gui_loop: Any, no_leaks: None) -> Any:
    with open_window(qtbot, backend="epoll", settings=None) as win:
        yield win


def test_a_backend_switch_renames_nothing_already_recorded(qtbot: QtBot,
                                                          window: MainWindow) -> None:
    def status() -> str:
        window.refresh()
        return window.status_state.text()

    qtbot.waitUntil(lambda: status().startswith("blocked in epoll_wait("), timeout=TIMEOUT_MS)
    # takes effect at the next run: this one is epoll's
    window.controller.engine.set_backend("poll")
    window.bridge.drain()
    assert status().startswith("blocked in epoll_wait(")
    assert _poll_rows(window.event_log.model) == {"epoll_wait"}
    assert window.board.model.wait_text.startswith("blocked in epoll_wait(")
    window.reset()  # the next run: on poll
    qtbot.waitUntil(lambda: status().startswith("blocked in poll("), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: bool(_poll_rows(window.event_log.model)), timeout=TIMEOUT_MS)
    assert _poll_rows(window.event_log.model) == {"poll"}
    assert window.recorded_backend() == "poll"
