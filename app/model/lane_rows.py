"""The rows a timeline shows, top to bottom, pure numpy (Qt-free).

:meth:`app.model.timeline.TimelineData.layout` says which lanes a window shows
(:class:`~app.model.timeline.LaneLayout`); here they become rows: the fixed lanes, the
summary row of the collapsed tasks if any, then the tasks. Also: where the view's top goes
when the rows change under it, and which rows get a label when lanes are thinner than text.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from app.model.lanes import SUMMARY, Lane, LaneKind
from app.model.timeline import LaneLayout


class Rows(NamedTuple):
    """The rows of a layout, and the row of each task slot and each lane."""

    kind: np.ndarray  # int8 per row: its LaneKind, or SUMMARY
    ref: np.ndarray  # int64 per row: the lane index (fixed lanes), the task slot (tasks), 0
    slot_row: np.ndarray  # int64 per task slot: its row (-1: not shown)
    lane_row: np.ndarray  # int64 per lane: its row (-1: not shown)


def lane_rows(layout: LaneLayout, lanes: list[Lane], n_slots: int) -> Rows:
    """The rows of ``layout`` over ``lanes`` and ``n_slots`` task slots."""
    summary = layout.finished_before + layout.starting_after
    n_fixed = len(layout.fixed)
    n_tasks = len(layout.slots)
    n = n_fixed + (1 if summary else 0) + n_tasks
    kind = np.empty(n, np.int8)
    ref = np.empty(n, np.int64)
    kind[:n_fixed] = [lanes[i].kind for i in layout.fixed]
    ref[:n_fixed] = layout.fixed
    if summary:
        kind[n_fixed] = SUMMARY
        ref[n_fixed] = 0
    kind[n - n_tasks:] = LaneKind.TASK
    ref[n - n_tasks:] = layout.slots
    slot_row = np.full(n_slots, -1, np.int64)
    slot_row[layout.slots] = np.arange(n - n_tasks, n)
    lane_row = np.full(len(lanes), -1, np.int64)
    lane_row[layout.fixed] = np.arange(n_fixed)
    return Rows(kind, ref, slot_row, lane_row)


def anchored_top(old_kind: np.ndarray, old_ref: np.ndarray, new_slot_row: np.ndarray,
                 top: float) -> float:
    """The top row after the rows changed, so that the first task in view stays where it is
    while rows above it collapse or appear (``top``: the top row before; 0 stays 0)."""
    first = math.floor(top)
    if top > 0 and 0 <= first < len(old_kind):
        rows = np.flatnonzero(old_kind[first:] == LaneKind.TASK)
        if len(rows):
            anchor_row = first + int(rows[0])
            anchor_slot = int(old_ref[anchor_row])
            if anchor_slot < len(new_slot_row) and new_slot_row[anchor_slot] >= 0:
                return top + float(new_slot_row[anchor_slot] - anchor_row)
    return top


def labelled_rows(kind: np.ndarray, r0: int, r1: int, lane_px: float, text_px: float
                  ) -> list[int]:
    """Which of rows ``[r0, r1)``, ``lane_px`` pixels high, get a label ``text_px`` high.

    Lanes shorter than the text: every k-th task lane, k the same for all of them (labels stay
    put while scrolling); the other rows only where there is room after the previous label.
    """
    every = max(1, math.ceil(text_px / max(lane_px, 1e-3)))
    room = text_px * 0.9
    out = []
    last = -math.inf
    for r in range(r0, r1):
        if kind[r] == LaneKind.TASK and r % every:
            continue
        y = (r + 0.5) * lane_px
        if y - last < room:
            continue
        last = y
        out.append(r)
    return out
