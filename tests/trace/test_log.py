"""The event log's rows (app.trace.log): the cells the GUI's table asks for one by one are the
rows ``loopscope log`` walks, and the unit and fd columns say what the events carry."""

from __future__ import annotations

import numpy as np
import pytest

from app.runtime.factory import resolve_backend
from app.trace.events import Ev, event_fd, unit_number
from app.trace.log import (
    COLUMNS,
    FD,
    TASK,
    UNIT,
    about_fd,
    log_cell,
    log_rows,
    recorded_backend,
    running_units,
)
from app.trace.store import EventStore
from app.trace.text import Describer
from tests.support.recordings import record_sample_run


@pytest.fixture(scope="module")
def store() -> EventStore:
    return record_sample_run(clients=2, messages=5)


def test_the_rows_are_the_cells(store: EventStore) -> None:
    d = Describer(store.strings, store.task_name, recorded_backend(store))
    units = running_units(store, 0, len(store))
    rows = list(log_rows(store, d))
    assert [i for i, _ in rows] == list(range(len(store)))
    for i, row in rows:
        assert tuple(row) == tuple(log_cell(store, i, int(units[i]), d, column)
                                   for column in range(len(COLUMNS)))
    selected = np.flatnonzero(store.kind == Ev.STEP_BEGIN)
    assert [i for i, _ in log_rows(store, d, selected)] == selected.tolist()
    assert dict(log_rows(store, d, selected)) == {i: row for i, row in rows if i in set(selected)}


def test_the_unit_is_the_last_one_opened(store: EventStore) -> None:
    units = running_units(store, 0, len(store)).tolist()
    last = 0
    for i in range(len(store)):
        e = store.record(i)
        last = max(last, unit_number(e.kind, e.a, e.b, e.c))
        assert units[i] == last
    # Computed in two pieces (as the table extends), the same.
    half = len(store) // 2
    assert np.concatenate([running_units(store, 0, half),
                           running_units(store, half, len(store), units[half - 1])
                           ]).tolist() == units


def test_the_fd_column_and_the_fd_filter_agree(store: EventStore) -> None:
    d = Describer(store.strings, store.task_name, "epoll")
    fds = {event_fd(int(k), int(a), int(b)) for k, a, b in zip(store.kind, store.a, store.b,
                                                                strict=True)} - {None}
    assert len(fds) >= 3
    for fd in fds:
        assert fd is not None
        matched = np.flatnonzero(about_fd(store, 0, len(store), fd)).tolist()
        assert matched == [i for i, row in log_rows(store, d) if row.fd == str(fd)]
    rows = dict(log_rows(store, d))
    assert all((rows[i].task == "") == (int(store.task[i]) == 0) for i in rows)
    assert {log_cell(store, i, 0, d, UNIT) for i in range(3)} == {"0"}
    assert log_cell(store, 0, 0, d, TASK) == rows[0].task and log_cell(store, 0, 0, d, FD) == \
        rows[0].fd


def test_the_backend_is_the_one_recorded(store: EventStore) -> None:
    # The fixture records on the platform's default loop: epoll on Linux, iocp on Windows.
    assert recorded_backend(store) == resolve_backend("auto")
    assert recorded_backend(EventStore()) == ""
