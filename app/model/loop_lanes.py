"""The loop's lanes: the loop, poll and thread lanes' bars, from the loop's events (Qt-free).

- the **loop** lane: blocked in poll / running a task step / running a plain callback / idle;
- the **poll** lane: each ``epoll_wait`` (``kevent``, ``select``…) as a bar for the span it
  blocked, a band for the timeout it asked for, and a mark per fd it returned (read / write /
  the loop's self-pipe, i.e. another thread woke the loop);
- a lane per **thread** that woke the loop (THREAD_WAKE names it): a mark per wake-up;
- on the poll lane's blocked span, a mark per **peer's I/O** (PEER_IO, the ② fire of the
  readiness flow: a peer outside the loop connected, sent or closed, which made a loop fd
  ready in the kernel while the loop waited).

Units are sequential on the loop thread, so one short Python loop over a batch's events makes
the bars that closed in it (:func:`loop_lane_bars`); what is still open is carried from batch
to batch in a :class:`LoopState`, and :func:`open_loop_bars` shows it up to a given time. A
peer's I/O is recorded by the peer's own thread and opens or closes nothing, so its marks are
made apart, vectorised (:func:`peer_mark_values`), and the Python loop never sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from app.model.lanes import LaneKind, Style
from app.trace.events import Ev

_K_SPAWNED, _K_BEGIN, _K_END = int(Ev.TASK_SPAWNED), int(Ev.STEP_BEGIN), int(Ev.STEP_END)
_K_CB_BEGIN, _K_CB_END = int(Ev.CALLBACK_BEGIN), int(Ev.CALLBACK_END)
_K_POLL_BEGIN, _K_POLL_END, _K_FD_EVENT = int(Ev.POLL_BEGIN), int(Ev.POLL_END), int(Ev.FD_EVENT)
_K_TIMER_FIRED, _K_THREAD_WAKE = int(Ev.TIMER_FIRED), int(Ev.THREAD_WAKE)
_K_LOOP_INFO, _K_THREADS_INFO = int(Ev.LOOP_INFO), int(Ev.THREADS_INFO)
#: The event kinds the loop's lanes read (of TASK_SPAWNED, only an eager task's).
LOOP_LANE_KINDS = np.array([_K_SPAWNED, _K_BEGIN, _K_END, _K_CB_BEGIN, _K_CB_END,
                            _K_POLL_BEGIN, _K_POLL_END, _K_FD_EVENT, _K_TIMER_FIRED,
                            _K_THREAD_WAKE, _K_LOOP_INFO, _K_THREADS_INFO], dtype=np.uint8)
_S_RUNNING, _S_CALLBACK = int(Style.RUNNING), int(Style.LOOP_CALLBACK)
_S_POLL, _S_IDLE = int(Style.POLL_BLOCKED), int(Style.LOOP_IDLE)

#: Bits of a peer mark's value (:func:`peer_mark_values`): the fd (a signed 32-bit number)
#: in the low 32, the PeerAction in the next 4, the bytes sent above them.
_PEER_FD_BITS, _PEER_ACTION_BITS = 32, 4
_PEER_SENT_SHIFT = _PEER_FD_BITS + _PEER_ACTION_BITS
#: The most bytes a peer mark's value tells (more read as this many): the value stays >= 0.
PEER_SENT_MAX = (1 << (63 - _PEER_SENT_SHIFT)) - 1

#: A bar or mark (``start == end``) of a lane: (lane, start, end, style, value).
LaneBar = tuple[int, int, int, int, int]


class LoopState(NamedTuple):
    """What the loop's lanes carry from one batch of events to the next."""

    unit: tuple[int, int, int] | None  # the open loop unit: (style, begin, value)
    last_unit_end: int | None
    poll: tuple[int, int] | None  # the open poll: (begin, timeout ns or -1)
    timeout: tuple[int, int] | None  # the last poll: (begin, deadline or -1)
    eager: int  # an eager task whose first STEP_BEGIN runs inside another unit
    self_pipe_fd: int  # the loop's self-pipe fd (LOOP_INFO): its events are a thread waking it
    backend_sid: int  # string id of the poll backend's name (0 = not known yet)
    threads_mode: bool  # a preemptive recording (THREADS_INFO): there is no loop lane


#: Before any event.
NO_LOOP_YET = LoopState(None, None, None, None, 0, -1, 0, False)


def loop_lane_bars(state: LoopState, kinds: list[int], tasks: list[int], tss: list[int],
                   a_l: list[int], b_l: list[int], lane: Callable[[LaneKind, int], int],
                   loop_lane: int, poll_lane: int) -> tuple[list[LaneBar], LoopState]:
    """The bars of the poll, loop and thread lanes that one batch of events closes, and the
    state after it. ``lane(kind, key)``: the index of a lane, made on first use;
    ``loop_lane`` / ``poll_lane``: theirs if they exist yet (else -1).

    Units are sequential on the loop thread: a unit that opens while another looks open means
    events were lost; the open one ends there."""
    out: list[tuple[int, int, int, int, int]] = []  # (lane, start, end, style, value)
    bar = out.append
    unit, last_end, poll, timeout, eager, self_pipe, backend_sid, threads = state
    s_timeout, s_forever = int(Style.POLL_TIMEOUT), int(Style.POLL_FOREVER)
    s_read, s_write = int(Style.MARK_FD_READ), int(Style.MARK_FD_WRITE)
    s_pipe, s_wake = int(Style.MARK_SELF_PIPE), int(Style.MARK_THREAD_WAKE)
    unit_kinds = (_K_POLL_BEGIN, _K_CB_BEGIN, _K_TIMER_FIRED)

    for kind, task, ts, a, b in zip(kinds, tasks, tss, a_l, b_l, strict=True):
        if kind in unit_kinds or (kind == _K_BEGIN and not threads and task != eager):
            # A unit opens: the loop was idle since the last one ended (or, if one still
            # looks open, its end was lost: it ends here).
            if poll_lane < 0:
                poll_lane = lane(LaneKind.POLL, 0)
                loop_lane = lane(LaneKind.LOOP, 0)
            if unit is not None:
                bar((loop_lane, unit[1], ts, unit[0], unit[2]))
                unit = None
                last_end = max(ts, last_end or ts)
            elif last_end is not None and ts > last_end:
                bar((loop_lane, last_end, ts, _S_IDLE, 0))
        if kind == _K_BEGIN:
            if task == eager:  # an eager first step inside the running unit
                eager = 0
            elif not threads:
                unit = (_S_RUNNING, ts, task)
        elif kind == _K_END:
            if unit is not None and unit[0] == _S_RUNNING and unit[2] == task:
                bar((loop_lane, unit[1], ts, _S_RUNNING, task))
                unit = None
                last_end = ts
        elif kind == _K_FD_EVENT:
            if poll_lane < 0:
                poll_lane = lane(LaneKind.POLL, 0)
                loop_lane = lane(LaneKind.LOOP, 0)
            style = s_pipe if a == self_pipe else s_read if b & 1 else s_write
            bar((poll_lane, ts, ts, style, a))
        elif kind == _K_POLL_BEGIN:
            if poll is not None:  # its POLL_END was lost
                bar((poll_lane, poll[0], ts, _S_POLL, poll[1]))
            if timeout is not None:  # the previous poll's timeout ends here at the latest
                begin, deadline = timeout
                if deadline < 0:
                    bar((poll_lane, begin, ts, s_forever, -1))
                else:
                    bar((poll_lane, begin, min(deadline, ts), s_timeout, deadline - begin))
            poll = (ts, a)
            timeout = (ts, ts + a if a >= 0 else -1)
            unit = (_S_POLL, ts, a)
        elif kind == _K_POLL_END:
            if poll is not None:
                bar((poll_lane, poll[0], ts, _S_POLL, poll[1]))
                poll = None
            if unit is not None and unit[0] == _S_POLL:
                bar((loop_lane, unit[1], ts, _S_POLL, unit[2]))
                unit = None
                last_end = ts
        elif kind == _K_CB_BEGIN:
            unit = (_S_CALLBACK, ts, a)  # a = handle serial
        elif kind == _K_CB_END:
            if unit is not None and unit[0] == _S_CALLBACK:
                bar((loop_lane, unit[1], ts, _S_CALLBACK, unit[2]))
                unit = None
                last_end = ts
        elif kind == _K_TIMER_FIRED:  # an instant unit: a due timer joins the ready queue
            last_end = ts if last_end is None else max(last_end, ts)
        elif kind == _K_THREAD_WAKE:
            bar((lane(LaneKind.THREAD, b), ts, ts, s_wake, a))
        elif kind == _K_SPAWNED:  # (only eager ones are selected: see extend)
            eager = task  # its first STEP_BEGIN runs inside create_task (3.12+)
        elif kind == _K_LOOP_INFO:
            self_pipe = a
            backend_sid = b
        elif kind == _K_THREADS_INFO:
            threads = True
    return out, LoopState(unit, last_end, poll, timeout, eager, self_pipe, backend_sid,
                          threads)


def open_loop_bars(state: LoopState, loop_lane: int, poll_lane: int, end_ts: int
                   ) -> np.ndarray:
    """(k, 5) int64 rows (lane, start, end, style, value) of the loop / poll bars still open
    at ``end_ts``: the unit running now (or the idle time since the last one), the poll
    blocked now, the last poll's timeout. ``loop_lane`` / ``poll_lane``: -1 if there is none."""
    rows: list[tuple[int, int, int, int, int]] = []
    if loop_lane >= 0:
        if state.unit is not None:
            style, begin, value = state.unit
            rows.append((loop_lane, begin, max(begin, end_ts), style, value))
        elif state.last_unit_end is not None:
            begin = state.last_unit_end
            rows.append((loop_lane, begin, max(begin, end_ts), _S_IDLE, 0))
    if poll_lane >= 0:
        if state.poll is not None:
            begin, timeout = state.poll
            rows.append((poll_lane, begin, max(begin, end_ts), _S_POLL, timeout))
        if state.timeout is not None:
            begin, deadline = state.timeout
            if deadline < 0:
                rows.append((poll_lane, begin, max(begin, end_ts), int(Style.POLL_FOREVER),
                             -1))
            else:
                rows.append((poll_lane, begin, max(begin, min(deadline, end_ts)),
                             int(Style.POLL_TIMEOUT), deadline - begin))
    return np.array(rows, np.int64).reshape(-1, 5)


def peer_mark_values(fd: np.ndarray, action: np.ndarray, sent: np.ndarray) -> np.ndarray:
    """The values of peer marks (:data:`Style.MARK_PEER_IO`) from their PEER_IO events'
    ``a`` (the loop fd, -1 unknown), ``b`` (the PeerAction) and ``c`` (bytes sent), packed
    into one int64 each so that the hover can say all three (:func:`peer_mark_fields`)."""
    low = fd.astype(np.int64) & ((1 << _PEER_FD_BITS) - 1)
    what = (action.astype(np.int64) & ((1 << _PEER_ACTION_BITS) - 1)) << _PEER_FD_BITS
    size = np.clip(sent.astype(np.int64), 0, PEER_SENT_MAX) << _PEER_SENT_SHIFT
    return low | what | size


def peer_mark_fields(value: int) -> tuple[int, int, int]:
    """(fd, action, bytes sent) of a peer mark's value (see :func:`peer_mark_values`)."""
    fd = value & ((1 << _PEER_FD_BITS) - 1)
    if fd >= 1 << (_PEER_FD_BITS - 1):
        fd -= 1 << _PEER_FD_BITS
    action = (value >> _PEER_FD_BITS) & ((1 << _PEER_ACTION_BITS) - 1)
    return fd, action, value >> _PEER_SENT_SHIFT
