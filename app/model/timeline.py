"""The timeline's arrays: every lane's bars, built incrementally from the event store (Qt-free).

A timeline shows, on one time axis:

- one lane per **task** (or per OS thread of a preemptive recording: threads are tasks there),
  coloured by state — registered (the hue says what it waits for: fd, timer, task, future,
  thread), ready, running;
- a **loop** lane: blocked in poll / running a task step / running a plain callback / idle;
- a **poll** lane: each ``epoll_wait`` (``kevent``, ``select``…) as a bar for the span it
  blocked, a thin band under it for the timeout it asked for, and a mark per fd it returned
  (read / write / the loop's self-pipe, i.e. another thread woke the loop);
- a lane per **thread** that woke the loop (THREAD_WAKE names it): a mark per wake-up;
- on the poll lane's blocked span, a mark per **peer's I/O** (PEER_IO: ② fire, a peer outside
  the loop made one of its fds ready in the kernel while it waited).

:class:`TimelineData` builds all of it *incrementally*: :meth:`TimelineData.extend` takes the
store's new events ``[start, end)`` each frame and costs O(new events), never O(history). Per
task it keeps the open interval (state, since when, style) in per-slot numpy arrays, carried
from batch to batch, and appends the intervals that close to growable numpy columns (one
vectorised pass per batch); the loop / poll / thread lanes likewise, from a short Python loop
over their events (:mod:`app.model.loop_lanes`). The task states follow the task-state rules
of :mod:`app.model.rules`, as :func:`app.model.history.intervals` (which recomputes
everything from scratch) does:
:meth:`TimelineData.task_intervals` returns the same :class:`~app.model.history.Intervals`,
row for row, in one batch or in any batches, which the tests assert.

Closed intervals go to :class:`~app.model.bar_table.BarTable` columns, whose chunk index lets
a window query (:meth:`TimelineData.window`) read only what can overlap the window. The lane
kinds and bar styles are defined in :mod:`app.model.lanes`; :mod:`app.model.raster` turns the
bars of a window into pixels.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from app.model.bar_table import BarTable
from app.model.history import Intervals
from app.model.lanes import MARK_STYLES, WAIT_STYLE_LUT, Lane, LaneKind, Style
from app.model.loop_lanes import (
    LOOP_LANE_KINDS,
    NO_LOOP_YET,
    loop_lane_bars,
    open_loop_bars,
    peer_mark_values,
)
from app.model.rules import RUNNING_QUEUED, TASK_STATE, event_classes, run_rules
from app.model.state import DONE, REGISTERED
from app.trace.arrays import grow
from app.trace.events import Ev
from app.trace.store import EventStore

INT64_MAX = int(np.iinfo(np.int64).max)


class WindowBars(NamedTuple):
    """The bars overlapping a time window (absolute ns), closed and open ones together."""

    task_slot: np.ndarray  # int32: task slot (see TimelineData.slot_serial)
    task_start: np.ndarray  # int64
    task_end: np.ndarray  # int64
    task_style: np.ndarray  # uint8
    lane: np.ndarray  # int32: index into TimelineData.lanes (poll / loop / thread lanes)
    start: np.ndarray
    end: np.ndarray
    style: np.ndarray


class LaneLayout(NamedTuple):
    """Which lanes a window shows, top to bottom: the fixed lanes, then the tasks alive in it.

    Tasks that finished before the window (or start after it) have nothing to show there: they
    collapse into a count instead of an empty lane each.
    """

    fixed: list[int]  # indices into TimelineData.lanes
    slots: np.ndarray  # int64 task slots, in spawn order
    finished_before: int
    starting_after: int


_K_SPAWNED, _K_EXITED, _K_PEER_IO = int(Ev.TASK_SPAWNED), int(Ev.TASK_EXITED), int(Ev.PEER_IO)
_S_NEW, _S_READY, _S_RUNNING = int(Style.NEW), int(Style.READY), int(Style.RUNNING)
_S_IDLE, _S_PEER = int(Style.LOOP_IDLE), int(Style.MARK_PEER_IO)
#: The style of a task bar by TaskStateCode (REGISTERED: by its wait, see WAIT_STYLE_LUT; DONE has
#: no bar).
_STATE_STYLE = np.array([_S_NEW, int(Style.WAIT_UNKNOWN), _S_READY, _S_RUNNING, 0], np.uint8)


class TimelineData:
    """Every lane of one recording, extended frame by frame (see the module docstring)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget everything (a new recording starts)."""
        #: Events consumed so far (the next ``extend`` continues from here).
        self.n_events = 0
        #: Timestamp the time axis counts from (the first event's), ns; None before any event.
        self.t0: int | None = None
        #: Latest timestamp seen, ns (open intervals end here unless told otherwise).
        self.t_end = 0
        #: Bumped by every change: views cache on it.
        self.version = 0
        # (version, earliest timestamp) of recent extends: what a cached picture of the
        # window may have missed (see touched_since).
        self._touched: list[tuple[int, int]] = []
        # Running maximum of ts per event index: timestamps are *almost* sorted (eager steps
        # are stamped earlier, see EventStore), and a nearest-event search needs sorted keys.
        self._tsmax = np.empty(0, np.int64)
        # -- tasks: slot = dense index in first-seen order (= spawn order) --------------------
        self._slot_of: dict[int, int] = {}
        self._n_slots = 0
        self.slot_serial = np.empty(0, np.int64)
        self.slot_first = np.empty(0, np.int64)  # ts of its first event
        self.slot_done = np.empty(0, np.int64)  # ts it became DONE (INT64_MAX while not)
        # The open interval of each task: state (-1 = none yet; DONE has no interval), since
        # when, style; and whether it was queued (TASK_READY) during its running step.
        self.open_state = np.empty(0, np.int8)
        self.open_since = np.empty(0, np.int64)
        self.open_style = np.empty(0, np.uint8)
        self.open_queued = np.empty(0, bool)
        #: Closed task intervals, in the order they closed.
        self.tasks = BarTable(slot=np.int32, start=np.int64, end=np.int64, state=np.uint8,
                              style=np.uint8)
        # -- the other lanes ------------------------------------------------------------------
        self.lanes: list[Lane] = []
        self._lane_of: dict[Lane, int] = {}
        #: Closed bars and marks (``start == end``) of the poll / loop / thread lanes.
        #: ``value``: fd (fd marks), requested timeout ns (poll bars, -1 = none), task serial
        #: (loop steps), handle serial (thread wake-ups), fd, action and bytes packed
        #: (peer marks: :func:`app.model.loop_lanes.peer_mark_fields`).
        self.bars = BarTable(lane=np.int32, start=np.int64, end=np.int64, style=np.uint8,
                             value=np.int64)
        self._loop = NO_LOOP_YET  # what the loop's lanes carry from batch to batch

    # -- feeding -----------------------------------------------------------------------------------
    def extend(self, store: EventStore, start: int, end: int) -> int:
        """Consume the store's events up to ``end``; returns how many were new.

        Batches continue where the previous one ended (``start`` is only a hint: events
        already consumed are skipped, so a repeated range is harmless). A store shorter than
        what was consumed is a new recording: start over.
        """
        if len(store) < self.n_events:
            self.reset()
        end = min(end, len(store))
        start = self.n_events
        if end <= start:
            return 0
        ts = store.ts[start:end]
        if self.t0 is None:
            self.t0 = int(ts.min())
        run = np.maximum.accumulate(ts)
        if len(self._tsmax) and start:
            np.maximum(run, self._tsmax[start - 1], out=run)
        self._tsmax = grow(self._tsmax, end, start)
        self._tsmax[start:end] = run
        self.t_end = max(self.t_end, int(run[-1]))
        kind = store.kind[start:end]
        task = store.task[start:end]
        rows = np.flatnonzero((kind <= _K_EXITED) & (task != 0))
        if len(rows):
            self._extend_tasks(kind[rows], task[rows].astype(np.int64), ts[rows],
                               store.a[start:end][rows])
        rows = np.flatnonzero(np.isin(kind, LOOP_LANE_KINDS)
                              & ((kind != _K_SPAWNED) | (store.b[start:end] != 0)))
        if len(rows):
            self._extend_lanes(kind[rows].tolist(), task[rows].tolist(), ts[rows].tolist(),
                               store.a[start:end][rows].tolist(),
                               store.b[start:end][rows].tolist())
        peer = np.flatnonzero(kind == _K_PEER_IO)
        if len(peer):
            self._extend_peer_marks(ts[peer], store.a[start:end][peer],
                                    store.b[start:end][peer], store.c[start:end][peer])
        self.n_events = end
        self.version += 1
        self._touched.append((self.version, int(ts.min())))
        del self._touched[:-64]
        return end - start

    def _grow_slots(self, n: int) -> None:
        for name in ("slot_serial", "slot_first", "slot_done", "open_state", "open_since",
                     "open_style", "open_queued"):
            setattr(self, name, grow(getattr(self, name), n, self._n_slots))

    def _extend_tasks(self, kind: np.ndarray, serial: np.ndarray, ts: np.ndarray,
                      a: np.ndarray) -> None:
        """The task-state rules (:data:`app.model.rules.RULES`, applied with
        :func:`~app.model.rules.run_rules`) over one batch of task events, vectorised, with each
        task's open interval and rule state carried in from the previous batch; an event that
        leaves the state as it was starts no interval, and DONE ends the task's intervals. (A
        Python loop over the events cost ~1 µs each: 1.7 ms a frame at 100,000 events/s; this
        is ~0.3 ms.)"""
        m = len(kind)
        # Slots: known tasks from the dict, new ones numbered in order of first appearance.
        uniq, first_idx, inverse = np.unique(serial, return_index=True, return_inverse=True)
        slot_u = np.fromiter((self._slot_of.get(x, -1) for x in uniq.tolist()), np.int64,
                             len(uniq))
        new = np.flatnonzero(slot_u < 0)
        if len(new):
            new = new[np.argsort(first_idx[new], kind="stable")]
            n0 = self._n_slots
            n1 = n0 + len(new)
            slot_u[new] = np.arange(n0, n1)
            self._grow_slots(n1)
            self._slot_of.update(zip(uniq[new].tolist(), range(n0, n1), strict=True))
            self.slot_serial[n0:n1] = uniq[new]
            self.slot_first[n0:n1] = ts[first_idx[new]]
            self.slot_done[n0:n1] = INT64_MAX
            self.open_state[n0:n1] = -1
            self.open_since[n0:n1] = ts[first_idx[new]]
            self.open_style[n0:n1] = 0
            self.open_queued[n0:n1] = False
            self._n_slots = n1
        slot = slot_u[inverse.reshape(-1)]
        # Work task by task: a stable sort keeps each task's events in event order.
        order = np.argsort(slot, kind="stable")
        s, k, t, w = slot[order], kind[order], ts[order], a[order]
        head = np.ones(m, bool)  # first row of its task
        head[1:] = s[1:] != s[:-1]
        carry_state = self.open_state[s].astype(np.int64)
        carry = np.where(self.open_queued[s], RUNNING_QUEUED, carry_state + 1).astype(np.int8)
        codes = run_rules(event_classes(k, w), head, carry)
        state = TASK_STATE[codes].astype(np.int64)
        before = np.empty(m, np.int64)
        before[1:] = state[:-1]
        before[head] = carry_state[head]
        tr = np.flatnonzero(state != before)  # the transitions
        # The style of each state entered; REGISTERED (entered at a STEP_END) by its wait.
        style = _STATE_STYLE[state[tr]]
        wait = w[tr]
        registered = state[tr] == REGISTERED
        known = np.where((wait >= 0) & (wait < 256), wait, 255)
        style[registered] = WAIT_STYLE_LUT[known[registered]]
        # Each transition closes the interval open before it.
        tr_s = s[tr]
        tr_head = np.ones(len(tr), bool)
        tr_head[1:] = tr_s[1:] != tr_s[:-1]
        p_state = np.empty(len(tr), np.int64)
        p_start = np.empty(len(tr), np.int64)
        p_style = np.empty(len(tr), np.uint8)
        p_state[1:], p_start[1:], p_style[1:] = state[tr[:-1]], t[tr[:-1]], style[:-1]
        first = tr_s[tr_head]
        p_state[tr_head] = self.open_state[first]
        p_start[tr_head] = self.open_since[first]
        p_style[tr_head] = self.open_style[first]
        closes = np.flatnonzero((p_state >= 0) & (p_state != DONE))
        close_order = closes[np.argsort(order[tr[closes]])]  # in event order
        rows = tr[close_order]
        self.tasks.append(slot=s[rows], start=p_start[close_order],
                          end=np.maximum(t[rows], p_start[close_order]),
                          state=p_state[close_order], style=p_style[close_order])
        # Carry out: each task's last transition opens its interval; the queued flag is that
        # of its last event's rule state.
        tr_last = np.ones(len(tr), bool)
        tr_last[:-1] = tr_head[1:]
        last_tr = tr[tr_last]
        slots = s[last_tr]
        self.open_state[slots] = state[last_tr]
        self.open_since[slots] = t[last_tr]
        self.open_style[slots] = style[tr_last]
        self.slot_done[slots] = np.where(state[last_tr] == DONE, t[last_tr], INT64_MAX)
        last = np.ones(m, bool)
        last[:-1] = head[1:]
        self.open_queued[s[last]] = codes[last] == RUNNING_QUEUED

    def _lane(self, kind: LaneKind, key: int = 0) -> int:
        lane = Lane(kind, key)
        index = self._lane_of.get(lane)
        if index is None:
            index = len(self.lanes)
            self.lanes.append(lane)
            self._lane_of[lane] = index
        return index

    def _extend_lanes(self, kinds: list[int], tasks: list[int], tss: list[int], a_l: list[int],
                      b_l: list[int]) -> None:
        """The poll, loop and thread lanes (:func:`app.model.loop_lanes.loop_lane_bars`)."""
        loop_lane = poll_lane = -1
        if self._lane_of:
            loop_lane = self._lane_of.get(Lane(LaneKind.LOOP, 0), -1)
            poll_lane = self._lane_of.get(Lane(LaneKind.POLL, 0), -1)
        out, self._loop = loop_lane_bars(self._loop, kinds, tasks, tss, a_l, b_l, self._lane,
                                         loop_lane, poll_lane)
        if out:
            cols = np.array(out, np.int64)
            self.bars.append(lane=cols[:, 0], start=cols[:, 1],
                             end=np.maximum(cols[:, 2], cols[:, 1]), style=cols[:, 3],
                             value=cols[:, 4])

    def _extend_peer_marks(self, ts: np.ndarray, fd: np.ndarray, action: np.ndarray,
                           sent: np.ndarray) -> None:
        """A mark on the poll lane at each peer's I/O (PEER_IO, ② fire), vectorised: it is
        recorded by the peer's thread and opens or closes no unit of the loop. A recording
        on OS threads has no loop to show it on."""
        if self._loop.threads_mode:
            return
        poll_lane = self._lane_of.get(Lane(LaneKind.POLL, 0))
        if poll_lane is None:  # before the loop's first unit: both lanes, as loop_lane_bars
            poll_lane = self._lane(LaneKind.POLL)
            self._lane(LaneKind.LOOP)
        self.bars.append(lane=np.full(len(ts), poll_lane, np.int32), start=ts, end=ts,
                         style=np.full(len(ts), _S_PEER, np.uint8),
                         value=peer_mark_values(fd, action, sent))

    def trim(self, cut: int, cut_ts: int) -> None:
        """The store let events ``[0, cut)`` go (a live run's retention window; ``cut_ts`` =
        the time of the first event kept): drop what ended before it.

        Bars that ended before ``cut_ts`` go; bars spanning it stay whole (their start is a
        recorded fact). Tasks that finished before it lose their slot: slots are renumbered
        in the same order (spawn order). ``t0`` stays, so the time axis does not move.
        """
        if cut <= 0:
            return
        n_ev = self.n_events
        cut = min(cut, n_ev)
        self._tsmax[:n_ev - cut] = self._tsmax[cut:n_ev]
        self.n_events = n_ev - cut
        n = self._n_slots
        alive = np.flatnonzero(self.slot_done[:n] >= cut_ts)
        if len(alive) < n:
            remap = np.full(max(n, 1), -1, np.int64)
            remap[alive] = np.arange(len(alive))
            for name in ("slot_serial", "slot_first", "slot_done", "open_state", "open_since",
                         "open_style", "open_queued"):
                arr = getattr(self, name)
                arr[:len(alive)] = arr[alive]
            self._n_slots = len(alive)
            self._slot_of = dict(zip(self.slot_serial[:len(alive)].tolist(),
                                     range(len(alive)), strict=True))
        else:
            remap = None
        t = self.tasks
        keep = t.col("end") >= cut_ts
        if remap is not None:  # (a finished task's bars end by its end: a guard, not a case)
            keep &= remap[t.col("slot")] >= 0
        t.keep(np.flatnonzero(keep))
        if remap is not None and t.n:
            slot = t.col("slot")
            slot[:] = remap[slot]
        self.bars.keep(np.flatnonzero(self.bars.col("end") >= cut_ts))
        self.version += 1
        self._touched.clear()  # cached pictures may show what is gone: redraw whole

    # -- reading ---------------------------------------------------------------------------------
    def touched_since(self, version: int) -> int:
        """The earliest timestamp of the events consumed after ``version`` (INT64_MAX: none).

        Events arrive in time order, so a picture of the window drawn at ``version`` (open
        intervals up to its end) is still right left of this time: a live view shifts it and
        draws only the rest. (Not *exactly* time order: an eager step's events are stamped
        when ``create_task`` began, hence the minimum rather than the first event.) Older
        versions than the last 64 extends: -1 (redraw everything)."""
        if version >= self.version:
            return INT64_MAX
        if not self._touched or self._touched[0][0] > version + 1:
            return -1
        return min(ts for v, ts in self._touched if v > version)

    @property
    def self_pipe_fd(self) -> int:
        """The loop's self-pipe fd (LOOP_INFO): its events are another thread waking the loop."""
        return self._loop.self_pipe_fd

    @property
    def backend_sid(self) -> int:
        """String id of the poll backend's name ("epoll", "kqueue"…; 0 = not known yet)."""
        return self._loop.backend_sid

    @property
    def threads_mode(self) -> bool:
        """A preemptive recording (THREADS_INFO): threads are tasks, there is no loop lane."""
        return self._loop.threads_mode

    @property
    def n_slots(self) -> int:
        return self._n_slots

    def slot(self, serial: int) -> int:
        """The slot of task ``serial`` (-1 if it never appeared)."""
        return self._slot_of.get(serial, -1)

    def _open_lane_bars(self, end_ts: int) -> np.ndarray:
        """(k, 5) int64 rows (lane, start, end, style, value) of the loop / poll bars still
        open (:func:`app.model.loop_lanes.open_loop_bars`)."""
        return open_loop_bars(self._loop, self._lane_of.get(Lane(LaneKind.LOOP, 0), -1),
                              self._lane_of.get(Lane(LaneKind.POLL, 0), -1), end_ts)

    def window(self, x0: int, x1: int, end_ts: int | None = None) -> WindowBars:
        """Every bar overlapping ``[x0, x1]`` (absolute ns); open intervals end at ``end_ts``
        (default: the latest event's time; a live view passes "now")."""
        if end_ts is None:
            end_ts = self.t_end
        rows = self.tasks.overlapping(x0, x1)
        t = self.tasks
        n = self.n_slots
        st = self.open_state[:n]
        since = self.open_since[:n]
        live = np.flatnonzero((st >= 0) & (st != DONE) & (since <= x1) & (end_ts >= x0))
        open_end = np.maximum(since[live], end_ts)
        lane_rows = self.bars.overlapping(x0, x1)
        b = self.bars
        extra = self._open_lane_bars(end_ts)
        extra = extra[(extra[:, 1] <= x1) & (extra[:, 2] >= x0)]
        return WindowBars(
            np.concatenate([t.col("slot")[rows], live.astype(np.int32)]),
            np.concatenate([t.col("start")[rows], since[live]]),
            np.concatenate([t.col("end")[rows], open_end]),
            np.concatenate([t.col("style")[rows], self.open_style[:n][live]]),
            np.concatenate([b.col("lane")[lane_rows], extra[:, 0].astype(np.int32)]),
            np.concatenate([b.col("start")[lane_rows], extra[:, 1]]),
            np.concatenate([b.col("end")[lane_rows], extra[:, 2]]),
            np.concatenate([b.col("style")[lane_rows], extra[:, 3].astype(np.uint8)]),
        )

    def layout(self, x0: int, x1: int, collapse: bool = True) -> LaneLayout:
        """The lanes to show for the window ``[x0, x1]`` (see :class:`LaneLayout`)."""
        fixed = sorted(range(len(self.lanes)), key=lambda i: (self.lanes[i].kind, i))
        n = self.n_slots
        if not collapse:
            return LaneLayout(fixed, np.arange(n), 0, 0)
        before = self.slot_done[:n] < x0
        after = self.slot_first[:n] > x1
        return LaneLayout(fixed, np.flatnonzero(~(before | after)), int(before.sum()),
                          int(after.sum()))

    def task_intervals(self, end_ts: int | None = None) -> Intervals:
        """All task intervals as :func:`app.model.history.intervals` returns them (sorted by
        task, then time; DONE has no interval; open intervals end at ``end_ts``)."""
        if end_ts is None:
            end_ts = self.t_end
        t = self.tasks
        n = self.n_slots
        st = self.open_state[:n]
        live = np.flatnonzero((st >= 0) & (st != DONE))
        since = self.open_since[:n][live]
        slot = np.concatenate([t.col("slot").astype(np.int64), live])
        start = np.concatenate([t.col("start"), since])
        end = np.concatenate([t.col("end"), np.maximum(since, end_ts)])
        state = np.concatenate([t.col("state"), st[live].astype(np.uint8)])
        task = self.slot_serial[:n][slot] if n else np.empty(0, np.int64)
        order = np.argsort(task, kind="stable")  # per task, rows are already in event order
        task, start, end, state = task[order], start[order], end[order], state[order]
        serials, first = np.unique(task, return_index=True)
        bounds = np.append(first, len(task)).astype(np.int64)
        return Intervals(task.astype(np.int64), start, end, state.astype(np.uint8),
                         serials.astype(np.int64), bounds)

    def lane_bars(self, lane: int, end_ts: int | None = None) -> np.ndarray:
        """(n, 4) int64 rows (start, end, style, value) of one poll / loop / thread lane,
        closed and open, in time order (marks have ``start == end``)."""
        if end_ts is None:
            end_ts = self.t_end
        b = self.bars
        rows = np.flatnonzero(b.col("lane") == lane)
        extra = self._open_lane_bars(end_ts)
        extra = extra[extra[:, 0] == lane]
        out = np.concatenate([
            np.stack([b.col("start")[rows], b.col("end")[rows],
                      b.col("style")[rows].astype(np.int64), b.col("value")[rows]], axis=1),
            extra[:, 1:]])
        return out[np.argsort(out[:, 0], kind="stable")]

    def lane_index(self, kind: LaneKind, key: int = 0) -> int:
        """Index of a lane in :attr:`lanes` (-1 if there is none)."""
        return self._lane_of.get(Lane(kind, key), -1)

    def task_bar_at(self, slot: int, ts: int, end_ts: int | None = None
                    ) -> tuple[int, int, int, int] | None:
        """(start, end, state, style) of task ``slot``'s interval covering ``ts`` (hover)."""
        if not 0 <= slot < self.n_slots:
            return None
        if end_ts is None:
            end_ts = self.t_end
        state = int(self.open_state[slot])
        since = int(self.open_since[slot])
        if state >= 0 and state != DONE and since <= ts:
            return since, max(since, end_ts), state, int(self.open_style[slot])
        t = self.tasks
        rows = np.flatnonzero(t.col("slot") == slot)
        hit = rows[(t.col("start")[rows] <= ts) & (t.col("end")[rows] >= ts)]
        if not len(hit):
            return None
        i = int(hit[-1])
        return (int(t.col("start")[i]), int(t.col("end")[i]), int(t.col("state")[i]),
                int(t.col("style")[i]))

    def lane_bar_at(self, lane: int, ts: int, slack: int = 0, end_ts: int | None = None,
                    styles: list[int] | None = None) -> tuple[int, int, int, int] | None:
        """(start, end, style, value) of lane ``lane``'s bar or mark nearest ``ts`` within
        ``slack`` ns, among ``styles`` if given (for hover text): marks first (they are what
        one points at), then spans other than idle time, nearest centre first."""
        rows = self.lane_bars(lane, end_ts)
        if styles is not None:
            rows = rows[np.isin(rows[:, 2], styles)]
        near = rows[(rows[:, 0] <= ts + slack) & (rows[:, 1] >= ts - slack)]
        if not len(near):
            return None
        marks = np.isin(near[:, 2], [int(m) for m in MARK_STYLES])
        busy = near[:, 2] != _S_IDLE
        pick = near[marks] if marks.any() else near[busy] if busy.any() else near
        inside = (pick[:, 0] <= ts) & (pick[:, 1] >= ts)
        if not marks.any() and inside.any():
            pick = pick[inside]
        centre = (pick[:, 0] + pick[:, 1]) // 2
        r = pick[int(np.argmin(np.abs(centre - ts)))]
        return int(r[0]), int(r[1]), int(r[2]), int(r[3])

    def nearest_event(self, ts: int) -> int:
        """The index of the event whose time is nearest ``ts`` (-1 if there is none); ties go
        to the earlier event. Searches the running maximum of the timestamps, so an eager
        step's earlier stamps (see EventStore) never break the search."""
        n = self.n_events
        if n == 0:
            return -1
        keys = self._tsmax[:n]
        i = int(np.searchsorted(keys, ts, side="left"))
        if i >= n:
            return n - 1
        if i == 0:
            return 0
        # keys[i - 1] < ts <= keys[i]: the earliest event with key keys[i - 1] is the candidate
        # on the left (equal keys belong to one instant).
        left = int(np.searchsorted(keys, keys[i - 1], side="left"))
        return left if ts - int(keys[i - 1]) <= int(keys[i]) - ts else i

    def event_ts(self, index: int) -> int:
        """The (running-maximum) time of event ``index``: where a cursor on it is drawn."""
        return int(self._tsmax[index])


def task_intervals(store: EventStore, stop: int | None = None, end_ts: int | None = None
                   ) -> Intervals:
    """Per-task state intervals over events ``[0, stop)``, built by the timeline's incremental
    machine in one batch (the same rows as :func:`app.model.history.intervals`)."""
    data = TimelineData()
    n = len(store) if stop is None else min(stop, len(store))
    data.extend(store, 0, n)
    if end_ts is None and n:
        end_ts = int(store.ts[:n].max())
    return data.task_intervals(end_ts)
