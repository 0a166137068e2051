"""The event log model: Qt's model contract, filters by kind / task / fd / commands."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import numpy as np
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.trace.events import Cause, Ev
from app.trace.store import EventStore
from app.views import throttle
from app.views.event_log import EventLogView, EventTableModel, LogFilter
from tests.support.python_entries import entries_while_qt_runs
from tests.support.traces import record, serial_of


def echo_store() -> tuple[EventStore, Any, dict[int, int]]:
    fds: dict[int, int] = {}

    async def main() -> None:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writer.write(await reader.readline())
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]

        async def client() -> None:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            fds[0] = writer.get_extra_info("socket").fileno()
            writer.write(b"x\n")
            await reader.readline()
            writer.close()
            await writer.wait_closed()

        await asyncio.create_task(client(), name="client")
        server.close()
        await server.wait_closed()

    _, events, rec = record(main)
    store = EventStore(rec.strings, rec.tasks)
    store.append([(e.seq, e.ts, int(e.kind), e.task, e.a, e.b, e.c) for e in events])
    return store, rec, fds


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester) -> None:
    store, _, _ = echo_store()
    model = EventTableModel(EventStore(store.strings, store.tasks))
    qtmodeltester.check(model)
    # Rows arriving in batches, and a filter, keep the contract.
    model.store.append([])
    half = len(store) // 2
    model.set_store(store)
    qtmodeltester.check(model)
    model.set_filter(LogFilter(groups={"tasks"}))
    qtmodeltester.check(model)
    assert half > 0


def test_rows_arrive_in_batches_and_decode_on_demand(qtbot: QtBot) -> None:
    store, rec, _ = echo_store()
    partial = EventStore(store.strings, store.tasks)
    model = EventTableModel(partial)
    records = [(i + 1, int(store.ts[i]), int(store.kind[i]), int(store.task[i]),
                int(store.a[i]), int(store.b[i]), int(store.c[i])) for i in range(len(store))]
    partial.append(records[:10])
    model.extend(10)
    assert model.rowCount() == 10
    partial.append(records[10:])
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.extend(len(partial))
    assert inserted.args[1:] == [10, len(store) - 1]
    spawn = next(i for i in range(len(store)) if store.kind[i] == Ev.TASK_SPAWNED
                 and store.task[i] == serial_of(rec, "client"))
    assert model.index(spawn, 2).data() == "TASK_SPAWNED"
    assert "client created by" in model.index(spawn, 5).data()


def test_filters_by_kind_task_fd_and_hide_commands(qtbot: QtBot) -> None:
    store, rec, fds = echo_store()
    model = EventTableModel(store)
    client = serial_of(rec, "client")
    model.set_filter(LogFilter(task=client))
    rows = [model.event_at(r) for r in range(model.rowCount())]
    assert rows and all(int(store.task[i]) == client for i in rows)
    assert rows == np.flatnonzero(store.task == client).tolist()
    model.set_filter(LogFilter(fd=fds[0]))
    shown = [model.event_at(r) for r in range(model.rowCount())]
    kinds = {int(store.kind[i]) for i in shown}
    assert {int(Ev.FD_REGISTER), int(Ev.FD_EVENT), int(Ev.TASK_READY)} <= kinds
    for i in shown:
        assert model.fd_of(i) == fds[0]
    model.set_filter(LogFilter(groups={"I/O"}))
    io_kinds = {int(k) for k in (Ev.FD_REGISTER, Ev.FD_MODIFY, Ev.FD_UNREGISTER, Ev.POLL_BEGIN,
                                 Ev.POLL_END, Ev.FD_EVENT, Ev.LOOP_INFO)}
    assert model.rowCount() == int(np.isin(store.kind, list(io_kinds)).sum())
    assert {int(store.kind[model.event_at(r)]) for r in range(model.rowCount())} <= io_kinds
    # Commands: a CONTROL event and the callback it injected disappear together.
    control = (10**9, int(store.ts[-1]) + 1, int(Ev.CONTROL), 0, 4, 0, 999)
    ready = (10**9 + 1, int(store.ts[-1]) + 2, int(Ev.CALLBACK_READY), 0, 999,
             int(Cause.CONTROL), 4)
    store.append([control, ready])
    model.set_filter(LogFilter())
    model.extend(len(store))
    everything = model.rowCount()
    model.set_filter(LogFilter(hide_control=True))
    assert model.rowCount() == everything - 2


def test_view_selects_rows_and_follows(qtbot: QtBot) -> None:
    store, rec, _ = echo_store()
    view = EventLogView(store)
    qtbot.addWidget(view)
    view.show()
    view.show_until(len(store))
    client = serial_of(rec, "client")
    assert view.task_box.findData(client) > 0
    with qtbot.waitSignal(view.event_selected) as selected:
        view.table.selectRow(5)
    assert selected.args == [5]
    view.show_event(7)  # the replay cursor moved: selection follows, no signal loops back
    assert view.table.currentIndex().row() == 7
    view.filter_to_task(client)
    assert all(int(store.task[view.model.event_at(r)]) == client
               for r in range(view.model.rowCount()))
    assert view.count_label.text().endswith(f"of {len(store):,} events")


def _records(store: EventStore) -> list[tuple[int, ...]]:
    return [(i + 1, int(store.ts[i]), int(store.kind[i]), int(store.task[i]),
             int(store.a[i]), int(store.b[i]), int(store.c[i])) for i in range(len(store))]


def test_trimmed_rows_leave_the_top_filtered_or_not(qtmodeltester: ModelTester,
                                                    qtbot: QtBot) -> None:
    store, _, _ = echo_store()
    records = _records(store)
    for log_filter in (LogFilter(), LogFilter(groups={"tasks"})):
        live = EventStore(store.strings, store.tasks)
        live.append(records)
        model = EventTableModel(live)
        model.set_filter(log_filter)
        shown = [model.index(r, 5).data() for r in range(model.rowCount())]
        events = [model.event_at(r) for r in range(model.rowCount())]
        cut = len(live) // 3
        with qtbot.waitSignal(model.rowsRemoved) as removed:
            live.trim(cut)
            model.trim(cut)
        gone = sum(1 for e in events if e < cut)
        assert removed.args[1:] == [0, gone - 1]
        assert [model.index(r, 5).data() for r in range(model.rowCount())] == shown[gone:]
        assert [model.event_at(r) for r in range(model.rowCount())] == \
            [e - cut for e in events[gone:]]
        qtmodeltester.check(model)


def test_a_live_log_takes_new_rows_at_display_rate(qtbot: QtBot, monkeypatch: Any) -> None:
    # The throttle's clock stands still: the second update falls inside the first one's
    # interval however slowly this test runs (a GC pass or a busy machine can put more than
    # the 67 ms interval between two lines). Its timer is real: the held-back rows come when
    # the interval ends.
    monkeypatch.setattr(throttle, "time", SimpleNamespace(monotonic=lambda: 100.0))
    store, _, _ = echo_store()
    records = _records(store)
    partial = EventStore(store.strings, store.tasks)
    view = EventLogView(partial)
    qtbot.addWidget(view)
    partial.append(records[:10])
    view.show_until(10, live=True)
    assert view.model.rowCount() == 10  # the first update is immediate
    partial.append(records[10:20])
    view.show_until(20, live=True)
    assert view.model.rowCount() == 10  # the next waits for its turn...
    qtbot.waitUntil(lambda: view.model.rowCount() == 20, timeout=10_000)  # ...and comes
    partial.append(records[20:])
    view.show_until(len(partial))  # stepping / replay: at once
    assert view.model.rowCount() == len(partial)


def test_a_repaint_takes_the_gil_once_not_once_per_cell(qtbot: QtBot) -> None:
    # While an observed task computes, its thread holds the GIL and every entry from C++ into
    # Python waits up to a switch interval: a repaint must enter Python once, with the
    # model's data() calls nested inside that one entry.
    store, _, _ = echo_store()
    view = EventLogView(store)
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)
    view.table.viewport().update()
    entered, nested = entries_while_qt_runs(100)
    assert nested["EventTableModel.data"] > 6 * 5  # the visible cells were painted...
    assert not [name for name in entered if name.startswith("EventTableModel.")]
    assert "GilHeldEvents.viewportEvent" in entered  # ...from inside one entry per event


def test_a_clicked_row_stays_highlighted_when_the_replay_cursor_centres_it(
        qtbot: QtBot) -> None:
    # In the window, a selected row moves the replay cursor, and the cursor moving selects
    # (and centres) its row in the log. A real click: the press selects, the centring
    # scrolls the table under the pointer, and the release must not select another row.
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    store, _, _ = echo_store()
    view = EventLogView(store)
    qtbot.addWidget(view)
    view.event_selected.connect(view.show_event)
    view.resize(900, 300)
    view.show()
    qtbot.waitExposed(view)
    view.show_until(len(store))
    table = view.table
    assert table.verticalScrollBar().maximum() > 0  # room to scroll
    table.scrollToTop()
    for part in ("bottom", "top"):
        if part == "top":
            table.verticalScrollBar().setValue(table.verticalScrollBar().maximum() // 2)
        viewport = table.viewport()
        y = viewport.height() - 25 if part == "bottom" else 25
        row = table.rowAt(y)
        assert row >= 0
        point = QPoint(200, y)
        selected: list[int] = []
        view.event_selected.connect(selected.append)
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         point)
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier, point)
        view.event_selected.disconnect(selected.append)
        assert selected == [view.model.event_at(row)], part
        assert table.currentIndex().row() == row, part
        assert [i.row() for i in table.selectionModel().selectedRows()] == [row], part
