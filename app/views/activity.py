"""Activity over time: recorded events per 100 ms, split by what the loop was doing.

Counts are kept per 100 ms bin and updated incrementally from each frame's new events (one
``np.bincount`` over the batch), so the cost per frame follows the batch, never the history.
The plot shows the last 30 s; bins older than twice that are let go (memory stays flat on an
endless run).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.qt.bridge import ShownTrace
from app.qt.language import tr
from app.trace.events import Ev
from app.trace.log import recorded_backend
from app.trace.store import EventStore
from app.trace.text import COMPLETION_BACKENDS, QT_TR_NOOP

WINDOW_S = 30.0
BIN_NS = 100_000_000
_KEEP_BINS = int(2 * WINDOW_S * 1e9 // BIN_NS)
#: (name, the kind counted, colour); the names are the legend's words, translated where
#: shown ("fd events" reads "completion packets" for an IOCP recording).
SERIES = (
    (QT_TR_NOOP("task steps"), int(Ev.STEP_BEGIN), "#1f7a1f"),
    (QT_TR_NOOP("polls"), int(Ev.POLL_BEGIN), "#6a3d9a"),
    (QT_TR_NOOP("fd events"), int(Ev.FD_EVENT), "#b03060"),
    (QT_TR_NOOP("timers fired"), int(Ev.TIMER_FIRED), "#c08000"),
)


class ActivityView(QWidget):
    def __init__(self, parent: QWidget | None = None, source: ShownTrace | None = None) -> None:
        """``source``: where :meth:`extend` reads the events (the bridge)."""
        super().__init__(parent)
        self.source = source
        pg.setConfigOptions(antialias=False, background="w", foreground="k")
        self.plot = pg.PlotWidget(self)
        self.plot.addLegend(offset=(5, 5))
        self.curves = {name: self.plot.plot([], [], pen=pg.mkPen(colour, width=2),
                                            name=tr(name), stepMode="center")
                       for name, _, colour in SERIES}
        self._completion = False  # the recording is on a completion queue (IOCP)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.reset()
        self.retranslate()

    def retranslate(self) -> None:
        """The axis labels and the legend in the current language."""
        self.plot.setLabel("bottom", tr("seconds since the recording started"))
        self.plot.setLabel("left", tr("events per 100 ms"))
        for name, _, _ in SERIES:
            label = self.plot.plotItem.legend.getLabel(self.curves[name])
            if label is not None:
                label.setText(tr(name))
        self._name_io(self._completion)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def legend_texts(self) -> list[str]:
        """The legend's words, top to bottom (what a reader sees)."""
        legend = self.plot.plotItem.legend
        return [label.text for _, label in legend.items]

    def _name_io(self, completion: bool) -> None:
        """FD_EVENT is a ready fd on a readiness queue, a completion packet dequeued on IOCP:
        the legend says which the recording holds."""
        self._completion = completion
        label = self.plot.plotItem.legend.getLabel(self.curves["fd events"])
        if label is not None:
            label.setText(tr("completion packets") if completion else tr("fd events"))

    def reset(self) -> None:
        self._name_io(False)
        self.t0: int | None = None
        self.counts = np.zeros((len(SERIES), 1024), dtype=np.int64)
        self.first_bin = 0  # the bin counts[:, 0] holds (bins count from t0)
        self.last_bin = 0
        for curve in self.curves.values():
            curve.setData([], [])

    def extend(self, start: int, end: int) -> None:
        if self.source is not None:
            self.extend_from(self.source.store, start, end)

    def trim(self, cut: int) -> None:
        """Nothing to shift: the counts are per time bin, not per event index."""

    def extend_from(self, store: EventStore, start: int, end: int) -> None:
        """Count events [start, end) of ``store`` into their bins."""
        if end <= start:
            return
        ts = store.ts[start:end]
        if self.t0 is None:
            self.t0 = store.t0
            self._name_io(recorded_backend(store) in COMPLETION_BACKENDS)
        top = max(self.last_bin, int((int(ts.max()) - self.t0) // BIN_NS))
        if top - self.first_bin >= self.counts.shape[1]:
            old = self.counts
            drop = max(0, top - _KEEP_BINS - self.first_bin)  # too old to be shown again
            needed = top + 1 - self.first_bin - drop
            # Grow geometrically while young; once bins are let go, the width is enough.
            width = max(needed, old.shape[1] if drop else 2 * old.shape[1])
            self.counts = np.zeros((len(SERIES), width), dtype=np.int64)
            kept = old[:, drop:]
            self.counts[:, :kept.shape[1]] = kept
            self.first_bin += drop
        bins = np.maximum((ts - self.t0) // BIN_NS - self.first_bin, 0)
        kinds = store.kind[start:end]
        span = top + 1 - self.first_bin
        for row, (_, kind, _) in enumerate(SERIES):
            selected = bins[kinds == kind]
            if len(selected):
                self.counts[row, :span] += np.bincount(selected, minlength=span)
        self.last_bin = top

    def redraw(self) -> None:
        if self.t0 is None:
            return
        first = max(self.first_bin, self.last_bin + 1 - int(WINDOW_S * 1e9 // BIN_NS))
        edges = np.arange(first, self.last_bin + 2) * (BIN_NS / 1e9)
        lo, hi = first - self.first_bin, self.last_bin + 1 - self.first_bin
        for row, (name, _, _) in enumerate(SERIES):
            self.curves[name].setData(edges, self.counts[row, lo:hi])
