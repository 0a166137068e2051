"""The event log: every recorded event, one row each, straight from the compact store.

The model never copies events. Without a filter a row *is* an event index; with one, the rows
are a numpy array of the matching event indices, extended per frame batch by evaluating the
filter on the new events only (vectorised), and rebuilt in one pass when the filter changes.
New rows arrive in one ``beginInsertRows`` per batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.qt import language
from app.qt.bridge import ShownTrace
from app.qt.language import tr
from app.trace.events import Ev, event_fd
from app.trace.log import TEXT, about_fd, log_cell, running_units
from app.trace.store import EventStore
from app.trace.text import QT_TR_NOOP, Describer
from app.views.gil_held import GilHeldTableView
from app.views.live_text import keep_minimum_width
from app.views.spotlight import spotlight
from app.views.throttle import Throttle

_KIND_COLOURS = {
    int(Ev.STEP_BEGIN): QColor("#1f7a1f"), int(Ev.TASK_READY): QColor("#9a6a00"),
    int(Ev.STEP_END): QColor("#305080"), int(Ev.POLL_BEGIN): QColor("#6a3d9a"),
    int(Ev.POLL_END): QColor("#6a3d9a"), int(Ev.FD_EVENT): QColor("#b03060"),
    int(Ev.TASK_EXITED): QColor("#555555"), int(Ev.CONTROL): QColor("#888888"),
    int(Ev.INSTRUMENT_ERROR): QColor("#b00020"), int(Ev.SLOW_STEP): QColor("#b00020"),
}
SLOW_BACKGROUND = QColor("#ffe0e0")
#: New rows join the table at most this often while a loop runs live: every insertion
#: repaints the visible rows, nobody reads a log scrolling at 60 Hz, and each repaint
#: competes for the GIL with the observed loop.
LIVE_UPDATE_S = 1 / 15

#: The kind groups offered as filters, with the kinds they hold.
KIND_GROUPS: dict[str, tuple[int, ...]] = {
    "tasks": (int(Ev.TASK_SPAWNED), int(Ev.TASK_READY), int(Ev.STEP_BEGIN), int(Ev.STEP_END),
              int(Ev.TASK_EXITED), int(Ev.TASK_RENAMED)),
    "callbacks": (int(Ev.CALLBACK_READY), int(Ev.CALLBACK_BEGIN), int(Ev.CALLBACK_END),
                  int(Ev.HANDLE_SKIPPED)),
    "I/O": (int(Ev.FD_REGISTER), int(Ev.FD_MODIFY), int(Ev.FD_UNREGISTER), int(Ev.POLL_BEGIN),
            int(Ev.POLL_END), int(Ev.FD_EVENT), int(Ev.LOOP_INFO), int(Ev.PEER_IO)),
    "timers": (int(Ev.TIMER_ADDED), int(Ev.TIMER_FIRED), int(Ev.TIMER_CANCELLED)),
    "threads": (int(Ev.THREAD_WAKE), int(Ev.THREADS_INFO)),
    "warnings": (int(Ev.SLOW_STEP), int(Ev.INSTRUMENT_ERROR), int(Ev.MARK)),
}

#: The filter check boxes' words (translated where shown).
GROUP_LABELS: dict[str, str] = {
    "tasks": QT_TR_NOOP("tasks"), "callbacks": QT_TR_NOOP("callbacks"),
    "I/O": QT_TR_NOOP("I/O"), "timers": QT_TR_NOOP("timers"),
    "threads": QT_TR_NOOP("threads"), "warnings": QT_TR_NOOP("warnings"),
}
#: The sentences of the "What happened" column kept per event (cleared past this): a
#: repaint of rows already worded costs a dict lookup, not a Describer call.
TEXT_CACHE_ROWS = 20_000

Index = QModelIndex | QPersistentModelIndex


@dataclass
class LogFilter:
    """What the log shows. Empty fields match everything."""

    task: int = 0  # only events of this task serial
    fd: int | None = None  # only events about this fd
    groups: set[str] = field(default_factory=lambda: set(KIND_GROUPS))
    hide_control: bool = False  # hide LoopScope's own commands and the callbacks they ran

    def active(self) -> bool:
        return bool(self.task or self.fd is not None or self.hide_control
                    or self.groups != set(KIND_GROUPS))

    def mask(self, store: EventStore, start: int, end: int) -> np.ndarray:
        """Which events of [start, end) match (vectorised over the store's columns)."""
        kind = store.kind[start:end]
        keep = np.ones(end - start, dtype=bool)
        if self.groups != set(KIND_GROUPS):  # kinds outside every group (commands) stay
            kinds = [k for g in self.groups for k in KIND_GROUPS.get(g, ())]
            known = [k for g in KIND_GROUPS.values() for k in g]
            keep &= np.isin(kind, kinds) | ~np.isin(kind, known)
        if self.task:
            keep &= store.task[start:end] == self.task
        if self.fd is not None:
            keep &= about_fd(store, start, end, self.fd)
        if self.hide_control:
            controls = store.c[:end][store.kind[:end] == Ev.CONTROL]  # handle serials
            keep &= kind != Ev.CONTROL
            if len(controls):
                keep &= ~(np.isin(kind, KIND_GROUPS["callbacks"])
                          & np.isin(store.a[start:end], controls))
        return keep


class EventTableModel(QAbstractTableModel):
    COLUMNS = ("time", "unit", "kind", "task", "fd", "what happened")

    def __init__(self, store: EventStore, backend: str | Callable[[], str] = "",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        #: Event index -> its "What happened" sentence in the current language.
        self._texts: dict[int, str] = {}
        self.backend = backend
        self.filter = LogFilter()
        self._word_headers()
        self.set_store(store)

    def _word_headers(self) -> None:
        self._headers = [tr("Time (ms)"), tr("Unit"), tr("Event"),
                         tr("Task"), tr("fd"), tr("What happened")]
        self._handle_header = tr("handle")

    def retranslate(self) -> None:
        """The language changed: the headers and every row already shown re-word now (a
        new Describer, the sentences cached per event dropped)."""
        self._word_headers()
        self._describer = Describer(self.store.strings, self.store.task_name, self.backend, tr)
        self._texts.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self._n_rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self._n_rows - 1, len(self.COLUMNS) - 1),
                                  [Qt.ItemDataRole.DisplayRole])

    def set_store(self, store: EventStore) -> None:
        self.beginResetModel()
        self.store = store
        self._end = 0  # events of the store examined so far
        self._rows: np.ndarray | None = None  # event indices when filtered (grown in place)
        self._n_rows = 0
        self._units = np.zeros(0, dtype=np.int64)
        self._describer = Describer(store.strings, store.task_name, self.backend, tr)
        self._worded_backend = self._describer.backend
        self._texts.clear()
        self.endResetModel()
        self.extend(len(store))

    def set_filter(self, log_filter: LogFilter) -> None:
        self.filter = log_filter
        self.beginResetModel()
        end = self._end
        if log_filter.active():
            matches = np.flatnonzero(log_filter.mask(self.store, 0, end))
            self._rows = np.zeros(max(4096, 2 * len(matches)), dtype=np.int64)
            self._rows[:len(matches)] = matches
            self._n_rows = len(matches)
        else:
            self._rows = None
            self._n_rows = end
        self.endResetModel()

    def _note_units(self, start: int, end: int) -> None:
        previous = int(self._units[start - 1]) if start else 0
        if end > len(self._units):  # grow geometrically: a per-frame copy would be O(n)
            grown = np.zeros(max(end, 2 * len(self._units), 4096), dtype=np.int64)
            grown[:start] = self._units[:start]
            self._units = grown
        self._units[start:end] = running_units(self.store, start, end, previous)

    def extend(self, end: int) -> None:
        """Events [examined, end) now exist in the store: add the matching rows in one go."""
        start = self._end
        if end <= start:
            return
        backend = self._describer.backend
        if backend != self._worded_backend:  # a live recording's first event names it
            self._worded_backend = backend
            self._texts.clear()
        self._note_units(start, end)
        self._end = end
        if self._rows is None:
            new = end - start
        else:
            matches = np.flatnonzero(self.filter.mask(self.store, start, end)) + start
            new = len(matches)
        if not new:
            return
        first = self._n_rows
        self.beginInsertRows(QModelIndex(), first, first + new - 1)
        if self._rows is not None:
            if first + new > len(self._rows):  # geometric growth: no per-batch full copy
                grown = np.zeros(max(first + new, 2 * len(self._rows)), dtype=np.int64)
                grown[:first] = self._rows[:first]
                self._rows = grown
            self._rows[first:first + new] = matches
        self._n_rows += new
        self.endInsertRows()

    def trim(self, cut: int) -> None:
        """The store let events ``[0, cut)`` go (already done): their rows leave the top,
        the rest are renumbered. Called before any view asks for data again."""
        cut = min(cut, self._end)
        if cut <= 0:
            return
        n_rows = self._n_rows
        gone = cut if self._rows is None else int(np.searchsorted(self._rows[:n_rows], cut))
        if gone:
            self.beginRemoveRows(QModelIndex(), 0, gone - 1)
        end = self._end
        self._texts.clear()  # keyed by event index, which the cut renumbers
        self._units[:end - cut] = self._units[cut:end]
        self._end = end - cut
        if self._rows is not None:
            self._rows[:n_rows - gone] = self._rows[gone:n_rows] - cut
        self._n_rows = n_rows - gone
        if gone:
            self.endRemoveRows()

    @property
    def examined(self) -> int:
        """Events of the store the model has looked at (the rest are not shown yet)."""
        return self._end

    def event_at(self, row: int) -> int:
        """The event index shown in ``row``."""
        return int(self._rows[row]) if self._rows is not None else row

    def row_of(self, event: int) -> int | None:
        """The row showing ``event`` (or the nearest row before it, when filtered)."""
        if self._rows is None:
            return event if 0 <= event < self._n_rows else None
        row = int(np.searchsorted(self._rows[:self._n_rows], event, side="right")) - 1
        return row if row >= 0 else None

    # -- Qt model API ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._n_rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._headers):
            if section == self.COLUMNS.index("fd") and self.completion:
                return self._handle_header  # IOCP: a socket handle, whose operations complete
            return self._headers[section]
        return None

    @property
    def completion(self) -> bool:
        """The recording is on a completion queue (IOCP): its fds are socket handles."""
        return self._describer.completion

    def fd_of(self, i: int) -> int | None:
        s = self.store
        return event_fd(int(s.kind[i]), int(s.a[i]), int(s.b[i]))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._n_rows:
            return None
        i, column = self.event_at(index.row()), index.column()
        s = self.store
        if role == Qt.ItemDataRole.DisplayRole:  # the columns are those of app.trace.log
            if column != TEXT:
                return log_cell(s, i, int(self._units[i]), self._describer, column)
            text = self._texts.get(i)
            if text is None:  # worded once per event and language, not once per paint
                if len(self._texts) >= TEXT_CACHE_ROWS:
                    self._texts.clear()
                text = self._texts[i] = log_cell(s, i, 0, self._describer, column)
            return text
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return _KIND_COLOURS.get(int(s.kind[i]))
        if role == Qt.ItemDataRole.BackgroundRole and int(s.kind[i]) == Ev.SLOW_STEP:
            return SLOW_BACKGROUND
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 1, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return i
        return None


class EventLogView(QWidget):
    """The table with its filters, following the newest event until the user scrolls away."""

    #: The user selected a row: its event index / the task of that event (0 = none).
    event_selected = Signal(int)
    task_selected = Signal(int)

    def __init__(self, store: EventStore, backend: str | Callable[[], str] = "",
                 parent: QWidget | None = None, source: ShownTrace | None = None,
                 live: Callable[[], bool] | None = None) -> None:
        """``source``: where :meth:`reset` finds the store (the bridge); ``live``: whether
        the views follow the running loop now (new rows then come at most every
        :data:`LIVE_UPDATE_S`)."""
        super().__init__(parent)
        self.source = source
        self._live = live
        self.model = EventTableModel(store, backend, self)
        self.table = GilHeldTableView(self)
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
        self._programmatic = False
        self.table.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.task_box = QComboBox(self)
        self.task_box.setObjectName("logTask")
        self.task_box.addItem("", 0)  # "all tasks", worded by retranslate
        self.task_box.setMinimumWidth(160)
        self.task_box.currentIndexChanged.connect(self._filters_changed)
        self.fd_edit = QLineEdit(self)
        self.fd_edit.setObjectName("logFd")
        self.fd_edit.setMaximumWidth(70)
        self.fd_edit.editingFinished.connect(self._filters_changed)
        self.group_boxes: dict[str, QCheckBox] = {}
        self.hide_control = QCheckBox(self)
        self.hide_control.toggled.connect(self._filters_changed)
        self.count_label = QLabel(self)
        keep_minimum_width(self.count_label)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.setSpacing(6)  # a label and its field apart (the style's own may be 0)
        self.show_label = QLabel(self)
        bar.addWidget(self.show_label)
        for group in GROUP_LABELS:
            box = QCheckBox(self)
            box.setChecked(True)
            box.toggled.connect(self._filters_changed)
            self.group_boxes[group] = box
            bar.addWidget(box)
        bar.addWidget(self.hide_control)
        bar.addSpacing(12)
        self.task_label = QLabel(self)
        self.task_label.setBuddy(self.task_box)
        bar.addWidget(self.task_label)
        bar.addWidget(self.task_box)
        self.fd_label = QLabel(self)
        bar.addSpacing(6)
        self.fd_label.setBuddy(self.fd_edit)
        bar.addWidget(self.fd_label)
        bar.addWidget(self.fd_edit)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self._known_tasks = 0
        self._handles = False  # the fd column and filter name handles (IOCP)
        self._pending_end = -1  # the store's events up to here wait to be shown
        self._updates = Throttle(LIVE_UPDATE_S, self._show_pending, self)
        self.retranslate()

    def retranslate(self) -> None:
        """Every fixed text of the log's bar in the current language (the selections and
        the typed fd stay), and its rows re-worded."""
        self.show_label.setText(tr("Show:"))
        for group, box in self.group_boxes.items():
            box.setText(tr(GROUP_LABELS[group]))
        self.hide_control.setText(tr("hide LoopScope commands"))
        self.task_label.setText(tr("task"))
        self.task_box.setItemText(0, tr("all tasks"))
        self._word_handles()
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.model.retranslate()
            self.retranslate()
        super().changeEvent(event)

    def set_store(self, store: EventStore) -> None:
        self._updates.cancel()
        self._pending_end = -1
        self.model.set_store(store)
        self.task_box.blockSignals(True)
        self.task_box.clear()
        self.task_box.addItem(tr("all tasks"), 0)
        self.task_box.blockSignals(False)
        self._known_tasks = 0
        self.follow = True
        self._name_handles()
        self._filters_changed()

    def reset(self) -> None:
        if self.source is not None:
            self.set_store(self.source.store)

    def extend(self, start: int, end: int) -> None:
        self.show_until(end, live=self._live is not None and self._live())

    def show_until(self, end: int, live: bool = False) -> None:
        """Show events up to ``end``; ``live``: at most every :data:`LIVE_UPDATE_S` (the
        rest follows with the next update, or by a timer if no batch comes)."""
        self._pending_end = max(self._pending_end, end)
        if live:
            self._updates.request()
        else:
            self._updates.now()

    def flush(self) -> None:
        """Show the events a live update held back."""
        if self._pending_end >= 0:
            self._updates.now()

    def _show_pending(self) -> None:
        end, self._pending_end = self._pending_end, -1
        if end < 0:
            return
        self.model.extend(end)
        self._name_handles()
        store = self.model.store
        if len(store.tasks) != self._known_tasks:  # new tasks join the task filter
            known = {self.task_box.itemData(i) for i in range(self.task_box.count())}
            for serial in sorted(store.tasks):
                if serial not in known:
                    self.task_box.addItem(f"{store.task_name(serial)} (#{serial})", serial)
            self._known_tasks = len(store.tasks)
        self._update_count()
        if self.follow:
            self._programmatic = True
            self.table.scrollToBottom()
            self._programmatic = False

    def _name_handles(self) -> None:
        """On a completion queue (IOCP) the log's fd column holds socket handles: the filter
        and the column say so (the recording's backend is known from its first event)."""
        handles = self.model.completion
        if handles != self._handles:
            self._handles = handles
            self._word_handles()
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                              len(self.model.COLUMNS) - 1)

    def _word_handles(self) -> None:
        handles = self._handles
        self.fd_label.setText(tr("handle") if handles else tr("fd"))
        self.fd_edit.setPlaceholderText(tr("any handle") if handles else tr("any fd"))

    def trim(self, cut: int) -> None:
        """Older events were let go: drop their rows, and forgotten tasks from the filter.
        (Rows held back by a live update are simply fewer to drop: the model counts what
        it has examined, and the rest of its rows come from the renumbered store.)"""
        if self._pending_end >= 0:
            self._pending_end = max(0, self._pending_end - cut)
        self._programmatic = True  # Qt moves the current row off removed rows: not the user
        try:
            self.model.trim(cut)
        finally:
            self._programmatic = False
        tasks = self.model.store.tasks
        selected = self.task_box.currentData()
        for i in range(self.task_box.count() - 1, 0, -1):  # item 0 is "all tasks"
            serial = self.task_box.itemData(i)
            if serial not in tasks and serial != selected:
                self.task_box.removeItem(i)
        self._known_tasks = len(tasks)
        self._update_count()

    def filter_to_task(self, serial: int) -> None:
        index = self.task_box.findData(serial)
        if index >= 0:
            self.task_box.setCurrentIndex(index)

    def _filters_changed(self) -> None:
        text = self.fd_edit.text().strip()
        try:
            fd = int(text) if text else None
            self.fd_edit.setStyleSheet("")
        except ValueError:
            fd = None
            self.fd_edit.setStyleSheet("background: #ffe0e0")
        self.model.set_filter(LogFilter(
            task=int(self.task_box.currentData() or 0), fd=fd,
            groups={g for g, box in self.group_boxes.items() if box.isChecked()},
            hide_control=self.hide_control.isChecked()))
        self._update_count()
        if self.follow:
            self.table.scrollToBottom()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.examined
        numbers = language.locale()
        self.count_label.setText(tr("{shown} of {total} events").format(
            shown=numbers.toString(shown), total=numbers.toString(total)))

    def show_event(self, event: int) -> None:
        """Select the row of ``event`` (the replay cursor moved) without re-emitting it."""
        self.flush()  # rows a live update held back may hold it
        row = self.model.row_of(event)
        if row is None:
            return
        self.follow = False
        index = self.model.index(row, 0)
        if self.table.currentIndex().row() == row and \
                self.table.visualRect(index).intersects(self.table.viewport().rect()):
            # The user selected this row here (a click's press is still being handled): it
            # stays under the pointer, as Qt keeps it for a press. Scrolled away, the rest of
            # the press would select whichever row is now under the pointer.
            return
        self._programmatic = True
        self.table.selectionModel().setCurrentIndex(
            index, self.table.selectionModel().SelectionFlag.ClearAndSelect
            | self.table.selectionModel().SelectionFlag.Rows)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self._programmatic = False

    def spotlight_last(self) -> int | None:
        """Select the newest row shown (a lesson points at it) without moving the replay
        cursor; returns its event index (None: no row is shown)."""
        self.flush()
        rows = self.model.rowCount()
        if not rows:
            return None
        index = self.model.index(rows - 1, 0)
        self._programmatic = True
        try:
            self.table.selectionModel().setCurrentIndex(
                index, self.table.selectionModel().SelectionFlag.ClearAndSelect
                | self.table.selectionModel().SelectionFlag.Rows)
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtBottom)
        finally:
            self._programmatic = False
        spotlight(self.table)
        return self.model.event_at(rows - 1)

    def set_hide_control(self, on: bool) -> bool:
        """Hide (or show) LoopScope's own commands; returns whether they were hidden."""
        was = self.hide_control.isChecked()
        self.hide_control.setChecked(on)
        return was

    def _scrolled(self, value: int) -> None:
        if self._programmatic:
            return
        bar = self.table.verticalScrollBar()
        self.follow = value >= bar.maximum() - 1

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._programmatic:
            event = self.model.event_at(current.row())
            self.event_selected.emit(event)
            self.task_selected.emit(int(self.model.store.task[event]))
