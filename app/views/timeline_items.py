"""The timeline's pyqtgraph items: the lane labels axis, the view box that turns the mouse into
zoom, pan, scroll and clicks, and the one item that paints every lane.

Each hands what it sees to callables the view gives it, so none of them knows the view.
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import HoverEvent, MouseClickEvent, MouseDragEvent
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSceneWheelEvent

#: Width of the lane labels axis (logical pixels).
LABEL_WIDTH = 170


class LaneAxis(pg.AxisItem):
    """The left axis: one label per visible lane (task names), clickable.

    ``on_click(y)``: a left click at lane coordinate ``y``; ``on_wheel``: the wheel over it
    (it scrolls the lanes)."""

    def __init__(self, on_click: Callable[[float], None],
                 on_wheel: Callable[[QGraphicsSceneWheelEvent], None]) -> None:
        super().__init__("left")
        self._on_click = on_click
        self._on_wheel = on_wheel
        self.labels: dict[float, str] = {}
        self.setWidth(LABEL_WIDTH)
        # Dozens of labels cost ~4 ms to draw (text), every frame while following live;
        # they change only when the lanes do, so Qt keeps the drawing as a pixmap.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setStyle(tickLength=0, autoExpandTextSpace=False, hideOverlappingLabels=False)
        font = QFont()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        self.setTickFont(font)

    def set_labels(self, labels: dict[float, str]) -> None:
        if labels != self.labels:
            self.labels = labels
            self.picture = None  # AxisItem caches its drawing in a QPicture
            self.update()

    def tickValues(self, minVal: float, maxVal: float, size: float
                   ) -> list[tuple[float, list[float]]]:
        lo, hi = min(minVal, maxVal), max(minVal, maxVal)  # the lanes axis is inverted
        return [(1.0, [y for y in self.labels if lo <= y <= hi])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [self.labels.get(v, "") for v in values]

    def mouseClickEvent(self, event: MouseClickEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            y = self.linkedView().mapSceneToView(event.scenePos()).y()
            self._on_click(y)
            event.accept()

    def wheelEvent(self, event: QGraphicsSceneWheelEvent) -> None:
        self._on_wheel(event)


class LaneViewBox(pg.ViewBox):
    """Time zooms and pans; lanes scroll (their height changes only with Ctrl+wheel).

    It hands the view what the mouse means: ``on_lane_wheel`` (Shift or Ctrl+wheel: scroll
    the lanes or change their height), ``on_zoom(factor, x)`` (the wheel: zoom time around
    ``x`` seconds), ``on_click(pos)`` (a left click, in view coordinates), ``on_hover(pos)``
    (the pointer moved; None: it left)."""

    def __init__(self, on_lane_wheel: Callable[[QGraphicsSceneWheelEvent], None],
                 on_zoom: Callable[[float, float], None],
                 on_click: Callable[[QPointF], None],
                 on_hover: Callable[[QPointF | None], None]) -> None:
        super().__init__(enableMenu=False, invertY=True)
        self._on_lane_wheel = on_lane_wheel
        self._on_zoom = on_zoom
        self._on_click = on_click
        self._on_hover = on_hover

    def wheelEvent(self, ev: QGraphicsSceneWheelEvent, axis: int | None = None) -> None:
        mods = ev.modifiers()
        if axis == 1 or mods & (Qt.KeyboardModifier.ShiftModifier
                                | Qt.KeyboardModifier.ControlModifier):
            self._on_lane_wheel(ev)
            return
        factor = 0.85 ** (ev.delta() / 120)
        x = self.mapSceneToView(ev.scenePos()).x()
        self._on_zoom(factor, x)
        ev.accept()

    def mouseDragEvent(self, ev: MouseDragEvent, axis: int | None = None) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return  # right-drag would scale the lanes; Ctrl+wheel does that on purpose
        super().mouseDragEvent(ev, axis)

    def mouseClickEvent(self, ev: MouseClickEvent) -> None:
        if ev.button() == Qt.MouseButton.LeftButton:
            self._on_click(self.mapSceneToView(ev.scenePos()))
            ev.accept()
        else:
            ev.ignore()

    def hoverEvent(self, ev: HoverEvent) -> None:
        if ev.isExit():
            self._on_hover(None)
        else:
            self._on_hover(self.mapSceneToView(ev.scenePos()))


class LaneRaster(pg.GraphicsObject):
    """The one item that paints every lane: it covers the view's rectangle and hands its
    painter to ``paint_lanes``, which blits the view's picture of the lanes."""

    def __init__(self, paint_lanes: Callable[[QPainter], None]) -> None:
        super().__init__()
        self._paint_lanes = paint_lanes
        self._rect = QRectF()

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, *args: object) -> None:
        self._paint_lanes(painter)
