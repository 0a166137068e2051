"""Item views that take the GIL once per event, not once per model call.

Why this exists: the observed loop runs on its own thread, and while one of its tasks
computes, that thread holds the GIL. Every time C++ calls into Python, the GUI thread must
take the GIL back, and it waits up to one switch interval for it. A ``QTableView`` over a
Python model paints a screen of rows with hundreds of such calls (``data()`` for every cell
and role, ``rowCount()``, ``headerData()``), each entered separately from C++: measured, the
first repaint of the event log after a CPU hog started made 497 separate entries and froze
the window for 60-100 ms.

A Python override of ``event()`` / ``viewportEvent()`` that just calls the C++ base puts the
whole delivery of an event (a paint, a layout timer) inside one Python call: the GIL is
taken once, and the model's calls made during it re-enter cheaply (measured: the same
repaint then froze the window for no longer than the steady ~20 ms). The board's view does
the same for its painted item.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget


class GilHeldEvents:
    """Mixin for a QAbstractScrollArea subclass (item views, graphics views): each event
    delivered to it or to its viewport enters Python once, and everything the delivery calls
    back into Python (model data, item paint and boundingRect) nests inside that entry."""

    def event(self, event: QEvent) -> bool:
        return super().event(event)  # type: ignore[misc]

    def viewportEvent(self, event: QEvent) -> bool:
        return super().viewportEvent(event)  # type: ignore[misc]


class GilHeldHeaderView(GilHeldEvents, QHeaderView):
    pass


class GilHeldTableView(GilHeldEvents, QTableView):
    """A QTableView whose events (and its headers') are each delivered under one GIL take."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(self._header(Qt.Orientation.Horizontal))
        self.setVerticalHeader(self._header(Qt.Orientation.Vertical))

    def _header(self, orientation: Qt.Orientation) -> GilHeldHeaderView:
        header = GilHeldHeaderView(orientation, self)
        header.setSectionsClickable(True)  # as QTableView sets up the headers it makes
        header.setHighlightSections(True)
        return header
