"""The layout of the timeline's lanes picture, pure numpy (Qt-free).

The view shows rows (lanes, and the summary row of collapsed tasks) one lane-height apart;
``y`` counts rows from the top, ``ymin`` / ``ymax`` is the window's vertical extent in rows.
A picture of it is made in steps, each a function here:

1. :func:`band_rows`: one raster row per band of each lane in view (three for the poll lane,
   none for the summary row), with its extent in pixel rows;
2. :func:`bar_rows`: which raster row each bar of a window goes to;
3. :func:`app.model.raster.rasterise` and :func:`~app.model.raster.stack_rows` paint them;
4. :func:`row_backgrounds` and :func:`coloured_pixels`: each pixel's index ``grid << 7 |
   background << 5 | style``, and a colour table (the view's) turns the indices into pixels.

The horizontal scale: :func:`pixel_ns` and :func:`grid_columns` place time on pixel columns
the way :func:`~app.model.raster.rasterise` places bar edges.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from app.model.lanes import BAND_TABLE, FULL_BAND, POLL_BANDS, SUMMARY, Lane, LaneKind
from app.model.timeline import WindowBars

#: Row background codes (bits 5-6 of a pixel's index): plain, every other lane, the selected
#: task's lane, the summary row.
BG_PLAIN, BG_STRIPE, BG_SELECTED, BG_SUMMARY = range(4)
#: The index bit of a time grid line (drawn only where no bar is).
GRID_BIT = 128


def pixel_ns(span_s: float, width: int) -> float:
    """ns per pixel of a picture ``width`` pixels wide of a window ``span_s`` seconds wide, to
    12 significant digits: the window's width is recomputed from moving ends every frame, and
    a last-bit difference in the scale would move a bar edge sitting on a pixel's half across
    it (the picture would not shift exactly)."""
    return float(f"{span_s * 1e9 / width:.12g}")


def grid_columns(spacing: float, values: list[float], x0: float, px: float, width: int
                 ) -> np.ndarray:
    """Pixel columns of the time ticks ``values`` (seconds, ``spacing`` apart) in a picture
    whose column 0 starts at ``x0`` seconds, ``px`` seconds a pixel: placed like
    :func:`~app.model.raster.rasterise` places bar edges (from the origin, in whole pixels), so
    that a picture shifted by whole pixels keeps its grid on the same columns."""
    ticks = np.rint(np.asarray(values, np.float64) / spacing) * spacing  # exact multiples
    k = x0 / px
    if abs(k - round(k)) < 1e-6:
        k = float(round(k))
    cols = np.floor(ticks / px - k + 0.5).astype(np.intp)
    return cols[(cols >= 0) & (cols < width)]


class BandRows(NamedTuple):
    """The raster rows of the rows in view: one per band of each lane."""

    r0: int  # the first row in view
    r1: int  # one past the last
    first: np.ndarray  # per row: its first raster row (-1: not in view)
    n_raster: int  # raster rows in all
    top: np.ndarray  # per raster row: its extent in pixel rows (float, ascending)
    bottom: np.ndarray
    scale: float  # pixel rows per row (0: an empty window)


def band_rows(row_kind: np.ndarray, ymin: float, ymax: float, height: int) -> BandRows:
    """The raster rows of the rows ``row_kind`` (a LaneKind or :data:`SUMMARY` per row) in the
    window ``[ymin, ymax]`` drawn ``height`` pixel rows high."""
    n = len(row_kind)
    r0, r1 = max(0, math.floor(ymin)), min(n, math.ceil(ymax))
    kinds = row_kind[r0:r1].astype(np.intp)
    nbands = np.where(kinds == LaneKind.POLL, len(POLL_BANDS),
                      np.where(kinds == SUMMARY, 0, 1))
    first = np.full(n, -1, np.intp)
    first[r0:r1] = np.cumsum(nbands) - nbands
    n_raster = int(nbands.sum())
    raster_row = np.repeat(np.arange(r0, r1), nbands)
    band = np.arange(n_raster) - np.repeat(first[r0:r1], nbands)
    is_poll = np.repeat(kinds == LaneKind.POLL, nbands)
    poll_top = np.array([b[0] for b in POLL_BANDS])
    poll_bottom = np.array([b[1] for b in POLL_BANDS])
    band_top = np.where(is_poll, poll_top[np.minimum(band, 2)], FULL_BAND[0][0])
    band_bottom = np.where(is_poll, poll_bottom[np.minimum(band, 2)], FULL_BAND[0][1])
    scale = height / (ymax - ymin) if ymax > ymin else 0.0
    tops = (raster_row + band_top - ymin) * scale
    bottoms = (raster_row + band_bottom - ymin) * scale
    return BandRows(r0, r1, first, n_raster, tops, bottoms, scale)


def bar_rows(bars: WindowBars, slot_row: np.ndarray, lane_row: np.ndarray, lanes: list[Lane],
             bands: BandRows) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """The bars of a window on the rows in view: (raster row, start, end, style) of each, or
    None when there are no bars to place. ``slot_row`` / ``lane_row``: the row of each task
    slot / each lane of ``lanes`` (-1: not shown); a lane's bar goes to its style's band."""
    rows: list[np.ndarray] = []
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    styles: list[np.ndarray] = []
    r0, r1, first = bands.r0, bands.r1, bands.first
    if len(bars.task_slot) and len(slot_row):
        slots = bars.task_slot.astype(np.intp)
        known = slots < len(slot_row)
        r = np.full(len(slots), -1, np.intp)
        r[known] = slot_row[slots[known]]
        ok = (r >= r0) & (r < r1)
        rows.append(first[r[ok]])
        starts.append(bars.task_start[ok])
        ends.append(bars.task_end[ok])
        styles.append(bars.task_style[ok])
    if len(bars.lane) and len(lane_row):
        lane = bars.lane.astype(np.intp)
        known = lane < len(lane_row)
        r = np.full(len(lane), -1, np.intp)
        r[known] = lane_row[lane[known]]
        ok = (r >= r0) & (r < r1)
        lane_kind = np.array([int(ln.kind) for ln in lanes], np.intp)[lane[ok]]
        rows.append(first[r[ok]] + BAND_TABLE[lane_kind, bars.style[ok].astype(np.intp)])
        starts.append(bars.start[ok])
        ends.append(bars.end[ok])
        styles.append(bars.style[ok])
    if not rows:
        return None
    return (np.concatenate(rows), np.concatenate(starts), np.concatenate(ends),
            np.concatenate(styles))


def row_backgrounds(row_kind: np.ndarray, ymin: float, scale: float, height: int,
                    stripes: bool, selected_row: int) -> np.ndarray:
    """The background code of each of ``height`` pixel rows (``scale`` pixel rows a row, the
    top one at row ``ymin``): every other row striped if ``stripes``, the summary row's,
    ``selected_row``'s (-1: none)."""
    n = len(row_kind)
    if scale:
        row_of_pixel = np.floor(ymin + (np.arange(height) + 0.5) / scale).astype(np.intp)
    else:
        row_of_pixel = np.full(height, -1, np.intp)
    inside = (row_of_pixel >= 0) & (row_of_pixel < n)
    bg = np.zeros(height, np.uint8)
    if stripes:
        bg[inside & (row_of_pixel % 2 == 1)] = BG_STRIPE
    kind_of_pixel = np.full(height, -1, np.intp)
    kind_of_pixel[inside] = row_kind[row_of_pixel[inside]]
    bg[kind_of_pixel == SUMMARY] = BG_SUMMARY
    if selected_row >= 0:
        bg[row_of_pixel == selected_row] = BG_SELECTED
    return bg


def coloured_pixels(table: np.ndarray, row_map: np.ndarray, bg: np.ndarray,
                  grid_cols: np.ndarray, colours: np.ndarray) -> np.ndarray:
    """The picture: ``colours`` (a table over the 256 pixel indices) of each pixel's index,
    from :func:`~app.model.raster.stack_rows`'s ``(table, row_map)``, the pixel rows'
    backgrounds ``bg`` and the grid's columns.

    The distinct rows are coloured first, then gathered into pixel rows. A row's background
    (bits 5-6) and the grid columns (bit 7) are OR-ed into its indices; the colour table
    shows them where no bar is. Four extra rows are the bare backgrounds.
    """
    height, width = len(row_map), table.shape[1]
    n_table = len(table)
    has = row_map >= 0
    bg_table = np.zeros(n_table, np.uint8)
    bg_table[row_map[has]] = bg[has]  # a table row lies within one lane: one background
    index = np.empty((n_table + 4, width), np.uint8)
    np.bitwise_or(table, (bg_table << 5)[:, None], out=index[:n_table])
    index[n_table:] = (np.arange(4, dtype=np.uint8) << 5)[:, None]
    index[:, grid_cols] |= GRID_BIT
    source = np.where(has, row_map, n_table + bg.astype(np.intp))
    if n_table * 4 < height:  # few distinct rows (tall lanes): colour them, then copy
        return np.take(colours, index)[source]
    return np.take(colours, index[source])  # thin lanes: one pass over the pixels
