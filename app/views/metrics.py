"""Metrics: how long steps take, how long tasks wait in the ready queue, how long the loop
blocks in the kernel, how late it gets to its timers — and the slow steps, with source lines.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.model.metrics import LOG_EDGES, Metrics
from app.qt import language
from app.qt.bridge import ShownTrace
from app.qt.language import tr
from app.trace.store import EventStore
from app.trace.text import QT_TR_NOOP, fmt_ns

#: The histograms' titles, translated where shown.
HISTOGRAM_TITLES: dict[str, str] = {
    "step": QT_TR_NOOP("Step duration"),
    "latency": QT_TR_NOOP("Wake-to-run latency (time in the ready queue)"),
    "poll": QT_TR_NOOP("Time blocked in the kernel per poll"),
}


def log_time_axis() -> pg.AxisItem:
    """x in log10(ns), labelled at every second decade as a duration."""
    axis = pg.AxisItem("bottom")
    major = [(float(d), fmt_ns(int(10 ** d))) for d in range(3, 12, 2)]
    minor = [(float(d), "") for d in range(4, 12, 2)]
    axis.setTicks([major, minor])
    return axis


class MetricsView(QWidget):
    #: The user picked a slow step in the list: its event index.
    event_selected = Signal(int)
    threshold_changed = Signal(float)  # seconds

    def __init__(self, parent: QWidget | None = None, source: ShownTrace | None = None) -> None:
        """``source``: where :meth:`extend` reads the events (the bridge)."""
        super().__init__(parent)
        self.source = source
        self.metrics = Metrics()
        self.plots = pg.GraphicsLayoutWidget(self)
        self.hists: dict[str, Any] = {}
        colours = {"step": "#1f7a1f", "latency": "#c08000", "poll": "#6a3d9a"}
        for col, key in enumerate(HISTOGRAM_TITLES):
            plot = self.plots.addPlot(row=0, col=col, axisItems={"bottom": log_time_axis()})
            curve = plot.plot([], [], stepMode="center", fillLevel=0,
                              brush=pg.mkBrush(colours[key]), pen=pg.mkPen(colours[key]))
            self.hists[key] = (plot, curve)
        self.lag_plot = self.plots.addPlot(row=1, col=0, colspan=3)
        self.lag_curve = self.lag_plot.plot([], [], pen=None, symbol="o", symbolSize=4,
                                            symbolBrush="#c0392b")
        self.summary = QLabel(self)
        self.summary.setObjectName("metricsSummary")
        self.summary.setWordWrap(True)
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setObjectName("slowThreshold")
        self.threshold.setRange(1, 10_000)
        self.threshold.setValue(100)
        self.threshold.setSuffix(" ms")
        self.threshold.valueChanged.connect(lambda ms: self.threshold_changed.emit(ms / 1000))
        self.slow_table = QTableWidget(0, 3, self)
        self.slow_table.setObjectName("slowSteps")
        self.slow_table.horizontalHeader().setStretchLastSection(True)
        self.slow_table.verticalHeader().setVisible(False)
        self.slow_table.cellClicked.connect(self._slow_clicked)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        row = QHBoxLayout()
        self.threshold_label = QLabel(self)
        row.addWidget(self.threshold_label)
        row.addWidget(self.threshold)
        row.addStretch(1)
        side_layout.addLayout(row)
        side_layout.addWidget(self.summary)
        side_layout.addWidget(self.slow_table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.plots)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._store: EventStore | None = None
        self._shown_slow = 0
        self.retranslate()

    def retranslate(self) -> None:
        """Every fixed text (plot titles, axis labels, the table's headers) in the current
        language; the summary and the slow steps' rows re-worded."""
        for key, title in HISTOGRAM_TITLES.items():
            plot = self.hists[key][0]
            plot.setTitle(tr(title), size="9pt")
            plot.setLabel("left", tr("count"))
        self.lag_plot.setTitle(tr("Loop lag: how late due timers were handled"), size="9pt")
        self.lag_plot.setLabel("bottom", tr("seconds since the recording started"))
        self.lag_plot.setLabel("left", tr("ms late"))
        self.slow_table.setHorizontalHeaderLabels([tr("Task"), tr("Step took"),
                                                   tr("Where the step ended")])
        self.threshold_label.setText(tr("Slow-step warning above"))
        self.slow_table.setRowCount(0)  # refilled in the new words by redraw
        self._shown_slow = 0
        self.redraw()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reset(self) -> None:
        self.metrics = Metrics()
        self.slow_table.setRowCount(0)
        self._shown_slow = 0
        self.redraw()

    def extend(self, start: int, end: int) -> None:
        if self.source is not None:
            self.extend_from(self.source.store, start, end)

    def extend_from(self, store: EventStore, start: int, end: int) -> None:
        self._store = store
        self.metrics.extend(store, start, end)

    def trim(self, cut: int) -> None:
        """Older events were let go: the numbers now describe the events held."""
        self.metrics.trim(cut)
        self.slow_table.setRowCount(0)  # refilled (renumbered) by the next redraw
        self._shown_slow = 0

    def redraw(self) -> None:
        m = self.metrics
        x = np.log10(LOG_EDGES)
        for key, values in (("step", m.step_ns.values), ("latency", m.latency_ns.values),
                            ("poll", m.poll_ns.values)):
            counts, _ = m.histogram(values) if len(values) else (np.zeros(len(x) - 1), None)
            self.hists[key][1].setData(x, counts)
        store = self._store
        if store is not None and len(store) and m.lag_ts.n:
            t0 = store.t0
            self.lag_curve.setData((m.lag_ts.values - t0) / 1e9, m.lag_ns.values / 1e6)
        elif not m.lag_ts.n:
            self.lag_curve.setData([], [])
        p = m.percentile
        numbers = language.locale()
        self.summary.setText(tr(
            "{steps} steps: p50 {s50}, p99 {s99}, longest {smax}.\n"
            "Ready-queue wait: p50 {l50}, p99 {l99}.\n"
            "Polls: {polls}, p50 blocked {p50}.\nTimers late: p99 {lag99}, worst {lagmax}."
        ).format(steps=numbers.toString(m.step_ns.n), s50=fmt_ns(p(m.step_ns.values, 50)),
                 s99=fmt_ns(p(m.step_ns.values, 99)),
                 smax=fmt_ns(int(m.step_ns.values.max()) if m.step_ns.n else 0),
                 l50=fmt_ns(p(m.latency_ns.values, 50)), l99=fmt_ns(p(m.latency_ns.values, 99)),
                 polls=numbers.toString(m.poll_ns.n), p50=fmt_ns(p(m.poll_ns.values, 50)),
                 lag99=fmt_ns(p(m.lag_ns.values, 99)),
                 lagmax=fmt_ns(int(m.lag_ns.values.max()) if m.lag_ns.n else 0)))
        if store is not None:
            for slow in m.slow[self._shown_slow:]:
                row = self.slow_table.rowCount()
                self.slow_table.insertRow(row)
                name = store.task_name(slow.task) if slow.task else tr("(callback)")
                for column, text in enumerate((name, fmt_ns(slow.duration_ns), slow.site)):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, slow.index)
                    self.slow_table.setItem(row, column, item)
            self._shown_slow = len(m.slow)

    def _slow_clicked(self, row: int, _column: int) -> None:
        item = self.slow_table.item(row, 0)
        if item is not None:
            self.event_selected.emit(int(item.data(Qt.ItemDataRole.UserRole)))
