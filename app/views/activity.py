"""Activity over time: recorded events per 100 ms, split by what the loop was doing.

A numpy histogram of the store's timestamps, redrawn a few times a second; the full
per-task timeline (lanes, states, zoom) builds on the same store.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..core.events import Ev
from ..core.store import EventStore

WINDOW_S = 30.0
BIN_S = 0.1
SERIES = (
    ("task steps", (int(Ev.STEP_BEGIN),), "#1f7a1f"),
    ("polls", (int(Ev.POLL_BEGIN),), "#6a3d9a"),
    ("fd events", (int(Ev.FD_EVENT),), "#b03060"),
    ("timers fired", (int(Ev.TIMER_FIRED),), "#c08000"),
)


class ActivityView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pg.setConfigOptions(antialias=False, background="w", foreground="k")
        self.plot = pg.PlotWidget(self)
        self.plot.setLabel("bottom", self.tr("seconds since the recording started"))
        self.plot.setLabel("left", self.tr("per 100 ms"))
        self.plot.addLegend(offset=(5, 5))
        self.curves = {name: self.plot.plot([], [], pen=pg.mkPen(colour, width=2), name=name,
                                             stepMode="center")
                       for name, _, colour in SERIES}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def show_store(self, store: EventStore) -> None:
        n = len(store)
        if n == 0:
            for curve in self.curves.values():
                curve.setData([], [])
            return
        ts = store.ts
        t0 = int(ts[0])
        end = (int(ts[n - 1]) - t0) / 1e9
        start = max(0.0, end - WINDOW_S)
        first = int(np.searchsorted(ts, t0 + int(start * 1e9)))
        seconds = (ts[first:n] - t0) / 1e9
        kinds = store.kind[first:n]
        edges = np.arange(start, end + BIN_S, BIN_S)
        if len(edges) < 2:
            edges = np.array([start, start + BIN_S])
        for name, members, _ in SERIES:
            mask = np.isin(kinds, members)
            counts, _ = np.histogram(seconds[mask], bins=edges)
            self.curves[name].setData(edges, counts)
