"""The event log: every recorded event, one row each, straight from the compact store.

The model never copies events: ``rowCount`` is the store's length and ``data`` decodes the
visible rows on demand. New rows arrive in one ``beginInsertRows`` per frame batch.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from ..core.describe import Describer
from ..core.events import Cause, Ev, Wait
from ..core.store import EventStore

_OPENER_UNIT_FIELD = {int(Ev.STEP_BEGIN): "a", int(Ev.POLL_BEGIN): "b",
                      int(Ev.CALLBACK_BEGIN): "c", int(Ev.TIMER_FIRED): "c"}
_FD_IN_A = {int(Ev.FD_REGISTER), int(Ev.FD_MODIFY), int(Ev.FD_UNREGISTER), int(Ev.FD_EVENT)}
_KIND_COLOURS = {
    int(Ev.STEP_BEGIN): QColor("#1f7a1f"), int(Ev.TASK_READY): QColor("#9a6a00"),
    int(Ev.STEP_END): QColor("#305080"), int(Ev.POLL_BEGIN): QColor("#6a3d9a"),
    int(Ev.POLL_END): QColor("#6a3d9a"), int(Ev.FD_EVENT): QColor("#b03060"),
    int(Ev.TASK_EXITED): QColor("#555555"), int(Ev.CONTROL): QColor("#888888"),
    int(Ev.INSTRUMENT_ERROR): QColor("#b00020"),
}

Index = QModelIndex | QPersistentModelIndex


class EventTableModel(QAbstractTableModel):
    COLUMNS = ("time", "unit", "kind", "task", "fd", "what happened")

    def __init__(self, store: EventStore, backend: str = "epoll",
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = [self.tr("Time (ms)"), self.tr("Unit"), self.tr("Event"),
                         self.tr("Task"), self.tr("fd"), self.tr("What happened")]
        self.backend = backend
        self.set_store(store)

    def set_store(self, store: EventStore) -> None:
        self.beginResetModel()
        self.store = store
        self._rows = 0
        self._units = np.zeros(0, dtype=np.int64)
        self._describer = Describer(store.strings, store.task_name, self.backend, self.tr)
        self.endResetModel()
        self.extend(len(store))

    def extend(self, end: int) -> None:
        """Rows [rowCount, end) now exist in the store: announce them in one go."""
        start = self._rows
        if end <= start:
            return
        kinds = self.store.kind[start:end]
        numbers = np.zeros(end - start, dtype=np.int64)
        for kind, field in _OPENER_UNIT_FIELD.items():
            where = kinds == kind
            if where.any():
                numbers[where] = getattr(self.store, field)[start:end][where]
        previous = self._units[start - 1] if start else 0
        numbers[0] = max(numbers[0], previous)
        if end > len(self._units):  # grow geometrically: a per-frame copy would be O(n)
            grown = np.zeros(max(end, 2 * len(self._units), 4096), dtype=np.int64)
            grown[:start] = self._units[:start]
            self._units = grown
        self._units[start:end] = np.maximum.accumulate(numbers)
        self.beginInsertRows(QModelIndex(), start, end - 1)
        self._rows = end
        self.endInsertRows()

    # -- Qt model API ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def fd_of(self, row: int) -> int | None:
        s = self.store
        kind = int(s.kind[row])
        if kind in _FD_IN_A:
            return int(s.a[row])
        if kind == Ev.TASK_READY and s.a[row] == Cause.FD:
            return int(s.b[row])
        if kind == Ev.STEP_END and s.a[row] in (Wait.FD_READ, Wait.FD_WRITE):
            return int(s.b[row])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._rows:
            return None
        row, column = index.row(), index.column()
        s = self.store
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{(int(s.ts[row]) - int(s.ts[0])) / 1e6:.3f}"
            if column == 1:
                return str(int(self._units[row]))
            kind = int(s.kind[row])
            if column == 2:
                return Ev(kind).name if kind in Ev._value2member_map_ else str(kind)
            task = int(s.task[row])
            if column == 3:
                return s.task_name(task) if task else ""
            if column == 4:
                fd = self.fd_of(row)
                return "" if fd is None else str(fd)
            return self._describer.event(kind, task, int(s.a[row]), int(s.b[row]),
                                         int(s.c[row]))
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return _KIND_COLOURS.get(int(s.kind[row]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 1, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return int(s.task[row])
        return None


class EventLogView(QWidget):
    """The table, following the newest event until the user scrolls away."""

    #: The user selected an event row (event index) / the task of that row (0 = none).
    event_selected = Signal(int)
    task_selected = Signal(int)

    def __init__(self, store: EventStore, backend: str = "epoll",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = EventTableModel(store, backend, self)
        self.table = QTableView(self)
        self.table.setObjectName("eventLog")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(20)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((90, 60, 130, 140, 50)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(False)
        self.follow = True
        self.table.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def set_store(self, store: EventStore) -> None:
        self.model.set_store(store)
        self.follow = True

    def extend(self, end: int) -> None:
        self.model.extend(end)
        if self.follow:
            self.table.scrollToBottom()

    def _scrolled(self, value: int) -> None:
        bar = self.table.verticalScrollBar()
        self.follow = value >= bar.maximum() - 1

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.event_selected.emit(current.row())
            self.task_selected.emit(int(self.model.store.task[current.row()]))
