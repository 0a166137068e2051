"""The timeline picture's layout (app.model.lane_picture) and the lanes' bands (app.model.lanes),
without Qt: raster rows per band, bars on their rows, row backgrounds, the colour lookup, the
time grid's columns, and which band and styles the pointer is over."""

from __future__ import annotations

import numpy as np
import pytest

from app.model.lane_picture import (
    BG_PLAIN,
    BG_SELECTED,
    BG_STRIPE,
    BG_SUMMARY,
    GRID_BIT,
    band_rows,
    bar_rows,
    coloured_pixels,
    grid_columns,
    pixel_ns,
    row_backgrounds,
)
from app.model.lanes import (
    BAND_TABLE,
    FULL_BAND,
    MARK_STYLES,
    POLL_BANDS,
    SUMMARY,
    Lane,
    LaneKind,
    Style,
    band_at,
    band_of,
    band_styles,
)
from app.model.timeline import WindowBars

ROWS = np.array([LaneKind.POLL, LaneKind.LOOP, SUMMARY, LaneKind.TASK, LaneKind.TASK], np.int8)


def test_the_band_table_is_band_of() -> None:
    for kind in LaneKind:
        for style in Style:
            assert BAND_TABLE[kind, style] == band_of(kind, style)


def test_the_pointer_picks_the_band_it_is_in_or_the_nearest() -> None:
    assert band_at(LaneKind.POLL, 0.1) == 0
    assert band_at(LaneKind.POLL, 0.5) == 1
    assert band_at(LaneKind.POLL, 0.9) == 2
    assert band_at(LaneKind.POLL, 0.31) == 0  # between marks (to 0.30) and blocked (from 0.34)
    assert band_at(LaneKind.POLL, 0.33) == 1
    assert band_at(LaneKind.TASK, 0.0) == 0
    # Marks on top, but a peer's I/O (② fire) on the blocked span it happened in.
    assert set(band_styles(LaneKind.POLL, 0)) == {int(s) for s in MARK_STYLES} - {
        Style.MARK_PEER_IO}
    assert Style.MARK_PEER_IO in band_styles(LaneKind.POLL, 1)
    assert Style.POLL_BLOCKED in band_styles(LaneKind.POLL, 1)
    assert set(band_styles(LaneKind.POLL, 2)) == {Style.POLL_TIMEOUT, Style.POLL_FOREVER}
    assert band_styles(LaneKind.TASK, 0) == [int(s) for s in Style]


def test_band_rows_give_the_poll_lane_three_rows_and_the_summary_none() -> None:
    bands = band_rows(ROWS, 0.0, 5.0, 100)  # 20 pixel rows a row
    assert (bands.r0, bands.r1, bands.n_raster, bands.scale) == (0, 5, 6, 20.0)
    assert bands.first.tolist() == [0, 3, 4, 4, 5]
    tops = [b[0] for b in POLL_BANDS] + [1 + FULL_BAND[0][0], 3 + FULL_BAND[0][0],
                                         4 + FULL_BAND[0][0]]
    assert bands.top == pytest.approx(np.array(tops) * 20)
    bottoms = [b[1] for b in POLL_BANDS] + [1 + FULL_BAND[0][1], 3 + FULL_BAND[0][1],
                                            4 + FULL_BAND[0][1]]
    assert bands.bottom == pytest.approx(np.array(bottoms) * 20)
    # Scrolled down by one and a half rows: the poll lane is out of view.
    bands = band_rows(ROWS, 1.5, 4.0, 50)
    assert (bands.r0, bands.r1, bands.n_raster, bands.scale) == (1, 4, 2, 20.0)
    assert bands.first.tolist() == [-1, 0, 1, 1, -1]
    assert bands.top == pytest.approx([(1 + FULL_BAND[0][0] - 1.5) * 20,
                                       (3 + FULL_BAND[0][0] - 1.5) * 20])
    assert band_rows(ROWS, 2.0, 2.0, 10).scale == 0.0


def _bars(task: list[tuple[int, int, int, int]], lane: list[tuple[int, int, int, int]]
          ) -> WindowBars:
    t = np.array(task, np.int64).reshape(-1, 4)
    b = np.array(lane, np.int64).reshape(-1, 4)
    return WindowBars(t[:, 0].astype(np.int32), t[:, 1], t[:, 2], t[:, 3].astype(np.uint8),
                      b[:, 0].astype(np.int32), b[:, 1], b[:, 2], b[:, 3].astype(np.uint8))


def test_bars_go_to_their_lanes_band_and_hidden_ones_nowhere() -> None:
    lanes = [Lane(LaneKind.LOOP, 0), Lane(LaneKind.POLL, 0)]
    lane_row = np.array([1, 0])  # lane 0 (loop) on row 1, lane 1 (poll) on row 0
    slot_row = np.array([3, -1, 4])  # slot 1 is collapsed
    bands = band_rows(ROWS, 0.0, 5.0, 100)
    bars = _bars([(0, 10, 20, Style.RUNNING), (1, 10, 20, Style.READY),
                  (2, 30, 40, Style.READY), (7, 0, 1, Style.READY)],  # slot 7: not laid out
                 [(1, 5, 5, Style.MARK_FD_READ), (1, 5, 9, Style.POLL_BLOCKED),
                  (1, 5, 50, Style.POLL_TIMEOUT), (0, 5, 9, Style.POLL_BLOCKED)])
    placed = bar_rows(bars, slot_row, lane_row, lanes, bands)
    assert placed is not None
    rows, starts, ends, styles = placed
    assert rows.tolist() == [4, 5, 0, 1, 2, 3]
    assert starts.tolist() == [10, 30, 5, 5, 5, 5]
    assert ends.tolist() == [20, 40, 5, 9, 50, 9]
    assert styles.tolist() == [Style.RUNNING, Style.READY, Style.MARK_FD_READ,
                               Style.POLL_BLOCKED, Style.POLL_TIMEOUT, Style.POLL_BLOCKED]
    # Rows out of view: their bars are left out.
    placed = bar_rows(bars, slot_row, lane_row, lanes, band_rows(ROWS, 1.5, 4.0, 50))
    assert placed is not None
    assert placed[0].tolist() == [1, 0]
    assert bar_rows(_bars([], []), slot_row, lane_row, lanes, bands) is None


def test_row_backgrounds_stripe_select_and_mark_the_summary() -> None:
    bg = row_backgrounds(ROWS, 0.0, 2.0, 12, True, 4)  # 2 pixel rows a row, one past the end
    assert bg.tolist() == [BG_PLAIN] * 2 + [BG_STRIPE] * 2 + [BG_SUMMARY] * 2 \
        + [BG_STRIPE] * 2 + [BG_SELECTED] * 2 + [BG_PLAIN] * 2
    bg = row_backgrounds(ROWS, 0.0, 2.0, 10, False, -1)
    assert bg.tolist() == [BG_PLAIN] * 4 + [BG_SUMMARY] * 2 + [BG_PLAIN] * 4
    assert row_backgrounds(ROWS, 0.0, 0.0, 3, True, 0).tolist() == [BG_PLAIN] * 3


@pytest.mark.parametrize("height", [3, 40])  # many distinct rows, and few (tall lanes)
def test_coloured_pixels_are_the_colours_of_each_pixels_index(height: int) -> None:
    colours = np.arange(256, dtype=np.uint32) * 1000 + 7
    table = np.array([[0, Style.RUNNING, 0, 0], [Style.READY, 0, 0, 0]], np.uint8)
    row_map = np.full(height, -1, np.intp)
    row_map[0] = 0
    row_map[2] = 1
    bg = np.full(height, BG_STRIPE, np.uint8)
    bg[0] = BG_SELECTED
    grid = np.array([2])
    out = coloured_pixels(table, row_map, bg, grid, colours)
    expected = np.empty((height, 4), np.uint32)
    for y in range(height):
        for x in range(4):
            code = int(table[row_map[y], x]) if row_map[y] >= 0 else 0
            index = code | int(bg[y]) << 5 | (GRID_BIT if x in grid else 0)
            expected[y, x] = colours[index]
    assert out.tolist() == expected.tolist()


def test_pixel_ns_and_the_grid_columns() -> None:
    assert pixel_ns(1.0, 1000) == 1e6
    assert pixel_ns(0.3, 7) == float(f"{0.3e9 / 7:.12g}")
    # Ticks every 0.1 s, 1 ms a pixel, the picture starting at 0.25 s: columns 50, 150, …
    cols = grid_columns(0.1, [0.2, 0.3, 0.4, 0.5, 0.6], 0.25, 1e-3, 300)
    assert cols.tolist() == [50, 150, 250]
