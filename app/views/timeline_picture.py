"""The timeline's lanes as one picture: rasterised with numpy into a QImage, and while
following live, shifted and completed strip by strip instead of drawn whole.

The picture is rebuilt only when the window, the size or the data changed. Following live,
the window moves right by whole pixels and new events only change what lies right of the
previous picture's end, so the previous pixels stay and only the newly exposed strip is
rasterised; the pixels are a ring buffer (the picture starts at column ``offset``), so
shifting them moves no memory. The layout maths are :mod:`app.model.lane_picture`'s.
"""

from __future__ import annotations

import math
import sys
from typing import NamedTuple

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from app.model.lane_picture import (
    band_rows,
    bar_rows,
    coloured_pixels,
    grid_columns,
    pixel_ns,
    row_backgrounds,
)
from app.model.raster import rasterise, stack_rows
from app.model.timeline import TimelineData
from app.views.timeline_palette import colour_table


class LanesInView(NamedTuple):
    """What the view shows in its lanes, for one paint: the data, where open intervals end,
    the rows (their kinds, which row each task slot and lane is on, bumped by every change
    of them), the selected task and the lane height."""

    data: TimelineData
    end_ts: int
    row_kind: np.ndarray
    slot_row: np.ndarray
    lane_row: np.ndarray
    layout_version: int
    selected: int
    lane_px: float


class LanesPicture:
    """The picture of the lanes, kept from paint to paint (see the module docstring).

    ``time_axis``: the axis whose major ticks the time grid under the bars follows.
    """

    def __init__(self, time_axis: pg.AxisItem) -> None:
        self._time_axis = time_axis
        self.colours = colour_table()
        self.frame_key: tuple[object, ...] | None = None
        self.image: QImage | None = None
        # The last picture drawn, for incremental frames: (what must not have changed, ns per
        # pixel, left edge ns, end ns, data version, pixels).
        self.previous: tuple[tuple[object, ...], float, float, int, int, np.ndarray] | None = \
            None
        #: Pictures drawn whole / by shifting the previous one (diagnostics, tests).
        self.full_frames = 0
        self.incremental_frames = 0
        self.pixels: np.ndarray | None = None  # the buffer the image points into
        self.offset = 0  # the ring buffer's column 0 (see _frame)

    def forget(self) -> None:
        """Draw the next picture whole (what it showed is stale)."""
        self.frame_key = None
        self.previous = None

    def picture(self) -> np.ndarray | None:
        """The lanes as last painted: (height, width) RGB32 pixels, column 0 on the left."""
        if self.pixels is None:
            return None
        return np.roll(self.pixels, -self.offset, axis=1)

    def paint(self, painter: QPainter, view: QRectF, lanes: LanesInView) -> None:
        """Blit the picture of ``view`` (the lanes' window, in seconds and rows) with
        ``painter``, drawing it first if anything it shows changed."""
        device = painter.worldTransform().mapRect(view)
        dpr = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        width = max(1, round(device.width() * dpr))
        height = max(1, round(device.height() * dpr))
        try:
            image = self._frame(view, width, height, dpr, lanes)
        except Exception:  # a bug must not take the window down with it (Qt is painting)
            sys.excepthook(*sys.exc_info())
            return
        painter.save()
        painter.resetTransform()  # the image is in device pixels already: a straight blit
        off = self.offset
        if off == 0:
            painter.drawImage(device, image)
        else:  # a ring buffer: logical column 0 is stored at column ``off``
            split = (width - off) / dpr
            painter.drawImage(QRectF(device.x(), device.y(), split, device.height()), image,
                              QRectF(off, 0, width - off, height))
            painter.drawImage(QRectF(device.x() + split, device.y(), off / dpr,
                                     device.height()), image, QRectF(0, 0, off, height))
        painter.restore()

    def _frame(self, view: QRectF, width: int, height: int, dpr: float, lanes: LanesInView
               ) -> QImage:
        """The lanes in view as one opaque image (bars, row backgrounds, time grid), rebuilt
        only when something it shows changed, and then incrementally when it can be.

        Following live, the window moves right by whole pixels and new events only change
        what lies right of the previous picture's end (:meth:`TimelineData.touched_since`):
        the previous pixels stay and only the strip from there on is rasterised — a few
        percent of the width per frame instead of all of it. The pixels are a ring buffer
        (the picture starts at column ``offset``), so shifting them moves no memory.
        """
        data = lanes.data
        end_ts = lanes.end_ts
        key = (view.getRect(), width, height, data.version, lanes.layout_version, end_ts,
               lanes.selected, lanes.lane_px)
        if key == self.frame_key and self.image is not None:
            return self.image
        t0 = data.t0 or 0
        x0 = t0 + view.left() * 1e9
        px = pixel_ns(view.width(), width)
        same = (view.top(), view.bottom(), width, height, lanes.layout_version,
                lanes.selected, lanes.lane_px)
        pixels = None
        prev = self.previous
        if prev is not None and prev[0] == same and abs(prev[1] - px) <= 1e-9 * px \
                and end_ts >= prev[3]:
            shift_f = (x0 - prev[2]) / px
            shift = round(shift_f)
            valid = min(prev[3], data.touched_since(prev[4]))  # old pixels right up to here
            col = math.floor((valid - x0) / px) - 2  # (a pixel of rounding either side)
            if abs(shift_f - shift) < 1e-3 and shift >= 0 and 0 < col < width - shift:
                pixels = prev[5]
                off = (self.offset + shift) % width
                strip = self._lane_pixels(view, width, height, lanes, col)
                at = (off + col) % width  # where logical column ``col`` is stored
                first = min(width - col, width - at)
                pixels[:, at:at + first] = strip[:, :first]
                pixels[:, :width - col - first] = strip[:, first:]
                self.offset = off
                self.incremental_frames += 1
        if pixels is None:
            pixels = self._lane_pixels(view, width, height, lanes)
            self.offset = 0
            self.full_frames += 1
        self.previous = (same, px, x0, end_ts, data.version, pixels)
        image = QImage(pixels.data, width, height, width * 4, QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(dpr)
        self.pixels = pixels  # the image does not copy: keep its buffer alive with it
        self.image = image
        self.frame_key = key
        return image

    def _lane_pixels(self, view: QRectF, width: int, height: int, lanes: LanesInView,
                     col0: int = 0) -> np.ndarray:
        """(height, width - col0) RGB32 pixels of the lanes in view, from pixel column
        ``col0`` on."""
        data = lanes.data
        end_ts = lanes.end_ts
        t0 = data.t0 or 0
        grid_cols = self._grid_columns(view, width) - col0
        grid_cols = grid_cols[grid_cols >= 0]
        px = pixel_ns(view.width(), width)
        x0 = t0 + view.left() * 1e9 + col0 * px
        x1 = t0 + view.right() * 1e9
        width -= col0
        ymin, ymax = view.top(), view.bottom()
        bands = band_rows(lanes.row_kind, ymin, ymax, height)
        bars = data.window(math.floor(x0), math.ceil(x1), end_ts)
        placed = bar_rows(bars, lanes.slot_row, lanes.lane_row, data.lanes, bands)
        if placed is not None:
            grid = rasterise(*placed, bands.n_raster, x0, x1, width, origin=t0, scale=1 / px)
        else:
            grid = np.zeros((bands.n_raster, width), np.uint8)
        table, row_map = stack_rows(grid, bands.top, bands.bottom, height)
        slot = data.slot(lanes.selected) if lanes.selected else -1
        selected_row = -1
        if 0 <= slot < len(lanes.slot_row) and lanes.slot_row[slot] >= 0:
            selected_row = int(lanes.slot_row[slot])
        # Stripes mean nothing on lanes thinner than 4 pixels.
        bg = row_backgrounds(lanes.row_kind, ymin, bands.scale, height, lanes.lane_px >= 4,
                             selected_row)
        return coloured_pixels(table, row_map, bg, grid_cols, self.colours)

    def _grid_columns(self, view: QRectF, width: int) -> np.ndarray:
        """Pixel columns of the time axis's major ticks (the grid under the bars), placed by
        :func:`~app.model.lane_picture.grid_columns`."""
        x0, x1 = view.left(), view.right()
        if x1 <= x0:
            return np.empty(0, np.intp)
        levels = self._time_axis.tickValues(x0, x1, width)
        if not levels:
            return np.empty(0, np.intp)
        spacing, values = levels[0]
        return grid_columns(spacing, values, x0, pixel_ns(view.width(), width) / 1e9, width)
