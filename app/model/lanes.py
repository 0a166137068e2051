"""What a timeline lane is and what its bars show (Qt-free).

A timeline has one lane per task, the loop's lane, the poll lane and one lane per thread that
woke the loop (:class:`LaneKind`, :class:`Lane`). Every bar or mark on them has a
:class:`Style`: what it shows (a state, a poll's timeout, a returned fd…), which is also its
paint priority. A lane is drawn in horizontal bands: the poll lane stacks three (returned fds,
the blocked span with the marks of the peers' I/O that fired in it, the requested timeout),
every other lane has one (:func:`band_of`).
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

import numpy as np

from app.trace.events import Wait


class Style(IntEnum):
    """What a bar shows; also its *paint priority*: where several bars share one pixel (a
    zoomed-out view), the highest code wins, so a 10 µs running step stays visible inside a
    pixel that is mostly "waiting", and a mark stays visible on the span it lies in.

    A pixel's index keeps the code in 5 bits (:mod:`app.views.timeline_palette`): at most 32
    styles."""

    NONE = 0  # nothing drawn (transparent)
    LOOP_IDLE = 1  # the loop thread between units (its own bookkeeping, tracing)
    POLL_TIMEOUT = 2  # the timeout a poll asked for (from its start to its deadline)
    POLL_FOREVER = 3  # a poll with no timeout (blocks until an event)
    NEW = 4  # spawned, not yet scheduled
    WAIT_UNKNOWN = 5  # registered, reason not recorded
    WAIT_FD_READ = 6  # registered: waits for an fd to be readable
    WAIT_FD_WRITE = 7  # registered: waits for an fd to be writable
    WAIT_TIMER = 8  # registered: sleeps (a timer)
    WAIT_TASK = 9  # registered: awaits another task
    WAIT_FUTURE = 10  # registered: awaits a future (Queue.get, Event.wait, …)
    WAIT_THREAD = 11  # registered: a worker thread / a blocking call will complete it
    READY = 12  # in the ready queue
    POLL_BLOCKED = 13  # the loop thread blocked in epoll_wait / kevent / select
    LOOP_CALLBACK = 14  # the loop runs a plain callback (not a task step)
    RUNNING = 15  # a task step runs (on the loop lane: the loop runs a task step)
    MARK_FD_READ = 16  # the poll returned this fd readable
    MARK_FD_WRITE = 17  # the poll returned this fd writable
    MARK_SELF_PIPE = 18  # the poll returned the loop's self-pipe: another thread woke it
    MARK_THREAD_WAKE = 19  # a thread called call_soon_threadsafe
    MARK_PEER_IO = 20  # ② fire: a peer's I/O made this fd ready, while the loop was blocked


N_STYLES = len(Style)
#: Styles drawn as instants (marks), not spans.
MARK_STYLES = frozenset({Style.MARK_FD_READ, Style.MARK_FD_WRITE, Style.MARK_SELF_PIPE,
                         Style.MARK_THREAD_WAKE, Style.MARK_PEER_IO})

#: The mark styles' codes, as an array for ``np.isin``.
MARK_CODES = np.array(sorted(int(s) for s in MARK_STYLES), np.uint8)

_WAIT_STYLE = {
    int(Wait.FD_READ): int(Style.WAIT_FD_READ),
    int(Wait.FD_WRITE): int(Style.WAIT_FD_WRITE),
    int(Wait.TIMER): int(Style.WAIT_TIMER),
    int(Wait.TASK): int(Style.WAIT_TASK),
    int(Wait.FUTURE): int(Style.WAIT_FUTURE),
    int(Wait.THREAD): int(Style.WAIT_THREAD),
    int(Wait.CALL): int(Style.WAIT_THREAD),  # OS threads: blocked in a call releasing the GIL
}
#: The same as a table over 0..255 (any other value: WAIT_UNKNOWN).
WAIT_STYLE_LUT = np.full(256, int(Style.WAIT_UNKNOWN), np.uint8)
for _wait, _style in _WAIT_STYLE.items():
    WAIT_STYLE_LUT[_wait] = _style


def wait_style(wait: int) -> int:
    """The style of a task registered with :class:`Wait` ``wait`` (unknown codes: grey)."""
    return _WAIT_STYLE.get(wait, int(Style.WAIT_UNKNOWN))


class LaneKind(IntEnum):
    """Lane kinds, in display order (tasks come last)."""

    POLL = 1
    LOOP = 2
    THREAD = 3  # key = string id of the thread's name
    TASK = 4  # key = task serial


class Lane(NamedTuple):
    kind: LaneKind
    key: int


#: Horizontal bands of a lane, as (top, bottom) fractions of the lane height. The poll lane
#: stacks three: returned fds (marks) on top, the blocked span (and the marks of the peers'
#: I/O that fired in it), the requested timeout below.
FULL_BAND = ((0.12, 0.88),)
POLL_BANDS = ((0.04, 0.30), (0.34, 0.76), (0.80, 0.96))


def lane_bands(kind: LaneKind) -> tuple[tuple[float, float], ...]:
    return POLL_BANDS if kind == LaneKind.POLL else FULL_BAND


def band_of(kind: LaneKind, style: int) -> int:
    """Which band of a ``kind`` lane shows ``style``. A peer's I/O (② fire) goes on the
    blocked span it happened in, not with the returned fds (③ harvest): the fd it made ready
    is returned microseconds later, and one band would show only one of the two marks."""
    if kind != LaneKind.POLL:
        return 0
    if style == Style.MARK_PEER_IO:
        return 1
    if style in MARK_STYLES:
        return 0
    if style in (Style.POLL_TIMEOUT, Style.POLL_FOREVER):
        return 2
    return 1


def band_at(kind: LaneKind, frac: float) -> int:
    """The band of a ``kind`` lane at ``frac`` of its height (0 = top, 1 = bottom): the band it
    falls in, else the nearest (what the pointer means between two bands)."""
    bands = lane_bands(kind)
    return min(range(len(bands)), key=lambda b: 0 if bands[b][0] <= frac <= bands[b][1]
               else min(abs(frac - bands[b][0]), abs(frac - bands[b][1])))


def band_styles(kind: LaneKind, band: int) -> list[int]:
    """The style codes a ``kind`` lane shows in ``band``."""
    return [int(s) for s in Style if band_of(kind, s) == band]


def _band_table() -> np.ndarray:
    table = np.zeros((max(LaneKind) + 1, N_STYLES), np.intp)
    for kind in LaneKind:
        for style in Style:
            table[kind, style] = band_of(kind, style)
    return table


#: :func:`band_of` as a lookup table ``[kind, style]``, for whole arrays of bars.
BAND_TABLE = _band_table()

#: The row kind of the row that stands for the collapsed tasks (LaneKind values are >= 1).
SUMMARY = 0
