"""The rows a timeline shows (app.model.lane_rows), without Qt: the rows of a layout, the top
row kept while rows change above it, which rows get a label."""

from __future__ import annotations

import numpy as np

from app.model.lane_rows import anchored_top, labelled_rows, lane_rows
from app.model.lanes import SUMMARY, Lane, LaneKind
from app.model.timeline import LaneLayout

LANES = [Lane(LaneKind.LOOP, 0), Lane(LaneKind.POLL, 0), Lane(LaneKind.THREAD, 7)]


def test_rows_are_the_fixed_lanes_the_summary_then_the_tasks() -> None:
    rows = lane_rows(LaneLayout([1, 0, 2], np.array([0, 2, 5]), 3, 1), LANES, 6)
    assert rows.kind.tolist() == [LaneKind.POLL, LaneKind.LOOP, LaneKind.THREAD, SUMMARY,
                                  LaneKind.TASK, LaneKind.TASK, LaneKind.TASK]
    assert rows.ref.tolist() == [1, 0, 2, 0, 0, 2, 5]
    assert rows.slot_row.tolist() == [4, -1, 5, -1, -1, 6]
    assert rows.lane_row.tolist() == [1, 0, 2]
    # Nothing collapsed: no summary row.
    rows = lane_rows(LaneLayout([1, 0], np.arange(3), 0, 0), LANES[:2], 3)
    assert rows.kind.tolist() == [LaneKind.POLL, LaneKind.LOOP] + [LaneKind.TASK] * 3
    assert rows.slot_row.tolist() == [2, 3, 4]


def test_the_first_task_in_view_stays_where_it_is() -> None:
    old = lane_rows(LaneLayout([1, 0], np.arange(6), 0, 0), LANES[:2], 6)  # slot k on row 2+k
    new = lane_rows(LaneLayout([1, 0], np.array([3, 4, 5]), 3, 0), LANES[:2], 6)  # 3 collapse
    # Top at row 4.5: the first task row from row 4 on is slot 2's, collapsed now: kept as is.
    assert anchored_top(old.kind, old.ref, new.slot_row, 4.5) == 4.5
    # Top at row 5.25: slot 3 was on row 5 and is on row 3 now (after the summary row).
    assert anchored_top(old.kind, old.ref, new.slot_row, 5.25) == 3.25
    assert anchored_top(old.kind, old.ref, new.slot_row, 0.0) == 0.0  # the top stays the top
    assert anchored_top(old.kind, old.ref, new.slot_row, 40.0) == 40.0  # below every row


def test_thin_lanes_label_every_kth_task_and_other_rows_where_there_is_room() -> None:
    kind = np.array([LaneKind.POLL, LaneKind.LOOP] + [LaneKind.TASK] * 10, np.int8)
    assert labelled_rows(kind, 0, 12, 20.0, 12.0) == list(range(12))  # room for all
    # 5 px lanes, 12 px text: every 3rd task row; the loop's row is too close to the poll's.
    assert labelled_rows(kind, 0, 12, 5.0, 12.0) == [0, 3, 6, 9]
    assert labelled_rows(kind, 4, 12, 5.0, 12.0) == [6, 9]
