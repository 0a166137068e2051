"""The event store: the drained events, in compact numpy columns, growable.

All of them for a recording that ends; for an endless live run, the newest ones: the retention
window lets the oldest go with :meth:`EventStore.trim` (see ``app.qt.bridge``).

Records arrive from :meth:`Recorder.drain` as lists of 7-tuples ``(seq, ts, kind, task, a, b,
c)`` (see :mod:`app.trace.events`). The store keeps them as parallel column arrays:

======  ========  =====  ====================================================================
column  dtype     bytes  why this width
======  ========  =====  ====================================================================
ts      int64     8      monotonic ns
kind    uint8     1      24 kinds
task    int32     4      task serial; widened to int64 on the first serial >= 2**31 (never
                         reached in practice, but a silent wrap would be a wrong picture)
a,b,c   int64     24     timeouts and deadlines are ns, handle serials grow forever
======  ========  =====  ====================================================================

37 bytes per event, plus growth head-room of at most max(64 Ki events, 1/8 of the store):
≤ 41.6 bytes allocated per event past 512 Ki events, ≤ 2.4 MB of head-room below that.
:meth:`compact` drops the head-room.

Why parallel columns and not one structured array: every consumer wants one or two columns
at a time (the timeline wants ``ts`` and ``task``, filters want ``kind``), and a column of a
structured array is a strided view that numpy reductions and ``tolist`` walk more slowly than a
contiguous one. Why one contiguous array per column, grown geometrically, and not a list of
chunks: ``store.ts`` must be a plain view over ``[0, len)`` that pyqtgraph and
``np.searchsorted`` take as is; chunked storage would need a concatenation (a full copy) per
access. The growth factor 1.125 (with a 64 Ki-event minimum step) keeps the head-room under the
48-bytes-per-event budget while copying each event ~9 times over the store's whole life (a
memcpy, ~330 bytes per event in total: nothing next to converting the tuple).

The ``seq`` column is not kept: the only thing it tells is where the recorder dropped events,
and that is recorded once, on append, in :attr:`gaps` (store index -> events lost just before
it). :meth:`record` rebuilds ``seq`` from it.

Timestamps are *almost* sorted: an eager task's TASK_SPAWNED and STEP_BEGIN (3.12+) are
recorded when its first step yields or ends, stamped with the time ``create_task`` began
(``Recorder.emit_at``), so they carry earlier timestamps than the events recorded during that
step. Search ``ts`` with that in mind (or use event indices, which are exact).
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from app.trace.arrays import grow
from app.trace.events import Event, Record, TaskInfo, string_at
from app.trace.names import shown

#: Events a live session keeps for replay (its retention window, see ``TraceBridge``). Each
#: costs ~40 bytes here and about as much again in the reducer's snapshots and the views'
#: indices (``make soak`` measures it): a million is ~100 MB, minutes of history at the
#: rates most samples reach.
KEEP_EVENTS = 1_000_000
#: The smallest window accepted: trims happen at reducer snapshots, up to 32 Ki events apart.
MIN_KEEP_EVENTS = 50_000

_INT32_MAX = np.iinfo(np.int32).max
_MIN_GROWTH = 1 << 16  # events: never grow by less (small appends must stay O(1) amortised)
_GROWTH_SHIFT = 3  # grow by capacity >> 3, i.e. x1.125: head-room stays ≤ 12.5 %


#: A jump in seqs this small may be a swap, not a loss: its missing seqs are watched for.
_HOLE_MAX = 64
#: How many seqs behind the newest a late one may still arrive (and holes are kept).
_HOLES_KEPT = 4096


class RecordingTables(Protocol):
    """The tables a recording names things by: what :meth:`EventStore.for_recorder` reads.

    A protocol rather than the runtime's ``Recorder`` itself: the trace is the layer below
    the runtime and must not import it, and the store needs only these two tables (the
    recorder fills them; a saved session brings its own).
    """

    @property
    def strings(self) -> list[str]: ...

    @property
    def tasks(self) -> dict[int, TaskInfo]: ...


class EventStore:
    """All drained events of one recording, as numpy columns, with the recorder's tables."""

    __slots__ = ("_a", "_b", "_c", "_cap", "_gap_at", "_gap_cum", "_gap_lost", "_holes",
                 "_kind", "_n", "_t0", "_task", "_ts", "discarded", "dropped", "dropped_discarded",
                 "first_seq", "last_seq", "sealed", "strings", "tasks")

    def __init__(self, strings: list[str] | None = None,
                 tasks: dict[int, TaskInfo] | None = None, capacity: int = 0) -> None:
        #: The recorder's string table (shared by reference: it only ever grows).
        self.strings: list[str] = strings if strings is not None else [""]
        #: The recorder's task table, serial -> TaskInfo (shared by reference).
        self.tasks: dict[int, TaskInfo] = tasks if tasks is not None else {}
        self._n = 0
        self._cap = 0
        self._ts = np.empty(0, np.int64)
        self._kind = np.empty(0, np.uint8)
        self._task = np.empty(0, np.int32)
        self._a = np.empty(0, np.int64)
        self._b = np.empty(0, np.int64)
        self._c = np.empty(0, np.int64)
        self._gap_at: list[int] = []  # sorted store indices
        self._gap_lost: list[int] = []
        self._gap_cum: list[int] = []  # running total of _gap_lost (for lost_before)
        #: Seqs a gap misses, that may still arrive late -> the gap's index over the run.
        self._holes: dict[int, int] = {}
        #: Events the recorder lost before they reached the store (counted from seq gaps).
        self.dropped = 0
        self.first_seq = 0  # seq(i) = first_seq + i + drops before i (0 = no event yet)
        self.last_seq = 0  # highest seq appended so far
        #: Events let go from the front by :meth:`trim` (a live run's retention window), and
        #: the drops counted among them: event ``i`` here is event ``discarded + i`` of the run.
        self.discarded = 0
        self.dropped_discarded = 0
        self._t0: int | None = None  # the recording's first timestamp, kept across trims
        #: A finished recording (a saved session): appending or trimming raises.
        self.sealed = False
        if capacity:
            self._grow(capacity)

    @classmethod
    def for_recorder(cls, recorder: RecordingTables, capacity: int = 0) -> EventStore:
        """A store that renders names from ``recorder``'s (live, growing) tables."""
        return cls(recorder.strings, recorder.tasks, capacity)

    # -- growth ----------------------------------------------------------------------------------
    def _grow(self, need: int) -> None:
        cap = self._cap
        new_cap = max(need, cap + max(_MIN_GROWTH, cap >> _GROWTH_SHIFT))
        n = self._n
        for name in ("_ts", "_kind", "_task", "_a", "_b", "_c"):
            # Views handed out earlier keep the old buffer alive; they stay valid (and stale).
            setattr(self, name, grow(getattr(self, name), need, n, capacity=new_cap))
        self._cap = new_cap

    def compact(self) -> None:
        """Drop the growth head-room (e.g. when recording stops): exactly 37 bytes/event."""
        n = self._n
        for name in ("_ts", "_kind", "_task", "_a", "_b", "_c"):
            setattr(self, name, getattr(self, name)[:n].copy())
        self._cap = n

    # -- writing ---------------------------------------------------------------------------------
    def seal(self) -> None:
        """Make this store read-only: a saved session shows exactly what was saved."""
        self.sealed = True

    def _check_writable(self) -> None:
        if self.sealed:
            raise ValueError("this recording is read-only (a saved session)")

    def append(self, batch: Sequence[Record] | np.ndarray) -> int:
        """Append a drained batch (oldest first); returns how many events were added.

        ``batch`` is an int64 ``(n, 7)`` array (``Recorder.drain_array``: copied as it is) or
        a list of 7-tuples (``Recorder.drain``), which one C-level pass flattens into such a
        block (``np.fromiter`` over ``chain.from_iterable``: ~125 ns/event, the fastest of the
        conversions measured). Then each column is copied into place.
        """
        self._check_writable()
        m = len(batch)
        if m == 0:
            return 0
        if isinstance(batch, np.ndarray):
            block = batch
        else:
            block = np.fromiter(itertools.chain.from_iterable(batch), dtype=np.int64,
                                count=7 * m).reshape(m, 7)
        self._note_gaps(block[:, 0])
        n = self._n
        if n + m > self._cap:
            self._grow(n + m)
        task = block[:, 3]
        if self._task.dtype == np.int32 and m and int(np.max(task)) > _INT32_MAX:
            self._task = self._task.astype(np.int64)
        self._ts[n:n + m] = block[:, 1]
        self._kind[n:n + m] = block[:, 2]
        self._task[n:n + m] = task
        self._a[n:n + m] = block[:, 4]
        self._b[n:n + m] = block[:, 5]
        self._c[n:n + m] = block[:, 6]
        self._n = n + m
        return m

    def _note_gaps(self, seq: np.ndarray) -> None:
        """Record where sequence numbers jump: the recorder dropped events there.

        Facts: a thread takes its ``seq`` and writes its record in two steps, so another
        thread's record can land first: seqs arrive as 4302, 4304, 4305, 4303 (seen in a real
        recording with executor threads), and a drain may even fall between the two. A jump is
        therefore a gap only until its missing seqs arrive late. → Each jump above the running
        maximum is recorded with the seqs it misses; a seq that then arrives late (below the
        running maximum) fills its hole, and a gap whose holes are all filled is no gap. Holes
        are kept only for small jumps (a swap) and recent seqs, so the bookkeeping stays
        bounded; the total lost is computed from the extremes, which no order changes.
        """
        n0 = self._n
        prev_max = self.last_seq if n0 else int(seq[0]) - 1
        if not n0:
            self.first_seq = int(seq[0])
        running = np.maximum.accumulate(seq)
        before = np.empty_like(running)
        before[0] = prev_max
        before[1:] = np.maximum(running[:-1], prev_max)
        for j in np.flatnonzero(seq > before + 1).tolist():
            lo, hi = int(before[j]) + 1, int(seq[j])  # seqs [lo, hi) are missing here
            self._gap_at.append(n0 + j)
            self._gap_lost.append(hi - lo)
            self._gap_cum.append((self._gap_cum[-1] if self._gap_cum else 0) + hi - lo)
            if hi - lo <= _HOLE_MAX:
                at = self.discarded + n0 + j  # (over the whole run: trim moves indices)
                self._holes.update(dict.fromkeys(range(lo, hi), at))
        late = np.flatnonzero(seq < before).tolist()
        if late:
            self._fill_holes(seq[late].tolist())
        self.last_seq = max(prev_max, int(running[-1]))
        if len(self._holes) > _HOLES_KEPT:  # a seq this far behind is lost, not late
            oldest = self.last_seq - _HOLES_KEPT
            self._holes = {s: at for s, at in self._holes.items() if s > oldest}
        self.dropped = (self.last_seq - self.first_seq + 1) - (n0 + len(seq))
        # Negative would mean events of another recording were appended (seqs restart at 1).
        assert self.dropped >= 0, f"negative drop count {self.dropped}"

    def _fill_holes(self, arrived: list[int]) -> None:
        """Seqs that came after a higher one: the gaps that missed them lose one each, and a
        gap left with nothing missing goes."""
        changed = False
        for s in arrived:
            at = self._holes.pop(s, None)
            if at is None:
                continue
            k = bisect_left(self._gap_at, at - self.discarded)
            if k == len(self._gap_at) or self._gap_at[k] != at - self.discarded:
                continue  # its gap was let go by trim
            self._gap_lost[k] -= 1
            if not self._gap_lost[k]:
                del self._gap_at[k], self._gap_lost[k]
            changed = True
        if changed:
            self._gap_cum = list(itertools.accumulate(self._gap_lost))

    def restore_drops(self, first_seq: int, last_seq: int, dropped: int,
                      gaps: list[tuple[int, int]]) -> None:
        """Set the drop bookkeeping that ``append`` derives from seq numbers (for a store
        rebuilt from columns, e.g. a saved session) — the reducer uses it to resynchronise."""
        if dropped < 0:
            raise ValueError(f"negative drop count {dropped}")
        self.first_seq, self.last_seq, self.dropped = first_seq, last_seq, dropped
        self._gap_at, self._gap_lost, self._gap_cum = [], [], []
        self._holes = {}
        total = 0
        for index, lost in gaps:
            total += lost
            self._gap_at.append(index)
            self._gap_lost.append(lost)
            self._gap_cum.append(total)

    def trim(self, cut: int) -> None:
        """Let go of events ``[0, cut)``: event ``cut`` becomes event 0.

        What a live run's retention window does to stay bounded in memory. The columns keep
        their capacity (the window refills it), ``seq`` numbers, :attr:`t0` and the drop
        totals stay those of the whole run; gaps before ``cut`` are forgotten (their counts
        move to :attr:`dropped_discarded`), a gap *at* ``cut`` stays, now at 0, because it
        lies between the last let-go event and the first kept one.
        """
        self._check_writable()
        n = self._n
        if not 0 <= cut <= n:
            raise ValueError(f"trim({cut}): the store holds {n} events")
        if cut == 0:
            return
        if self._t0 is None:
            self._t0 = int(self._ts[0])
        for name in ("_ts", "_kind", "_task", "_a", "_b", "_c"):
            col = getattr(self, name)
            col[:n - cut] = col[cut:n]  # overlapping: numpy copies through a buffer
        k = bisect_left(self._gap_at, cut)
        lost_before = self._gap_cum[k - 1] if k else 0
        self._gap_at = [i - cut for i in self._gap_at[k:]]
        self._gap_lost = self._gap_lost[k:]
        self._gap_cum = [c - lost_before for c in self._gap_cum[k:]]
        self.first_seq += cut + lost_before
        self.dropped -= lost_before
        self.dropped_discarded += lost_before
        self.discarded += cut
        self._n = n - cut

    @property
    def t0(self) -> int:
        """Timestamp of the recording's first event (also after :meth:`trim`); 0 if none."""
        if self._t0 is not None:
            return self._t0
        return int(self._ts[0]) if self._n else 0

    def set_length(self, n: int) -> None:
        """Declare the first ``n`` rows of the (pre-grown) columns filled by the caller."""
        self._check_writable()
        if not 0 <= n <= self._cap:
            raise ValueError(f"set_length({n}): capacity is {self._cap}")
        self._n = n

    # -- reading ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._n

    @property
    def ts(self) -> np.ndarray:
        return self._ts[:self._n]

    @property
    def kind(self) -> np.ndarray:
        return self._kind[:self._n]

    @property
    def task(self) -> np.ndarray:
        return self._task[:self._n]

    @property
    def a(self) -> np.ndarray:
        return self._a[:self._n]

    @property
    def b(self) -> np.ndarray:
        return self._b[:self._n]

    @property
    def c(self) -> np.ndarray:
        return self._c[:self._n]

    @property
    def gaps(self) -> list[tuple[int, int]]:
        """``(index, lost)``: ``lost`` events were dropped just before event ``index``."""
        return list(zip(self._gap_at, self._gap_lost, strict=True))

    def gap_indices(self) -> list[int]:
        return list(self._gap_at)

    def lost_before(self, index: int) -> int:
        """Events dropped before event ``index`` (for rebuilding seq numbers)."""
        k = bisect_right(self._gap_at, index)
        return self._gap_cum[k - 1] if k else 0

    def columns(self, i: int, j: int) -> tuple[list[int], list[int], list[int], list[int],
                                               list[int], list[int]]:
        """Events ``[i, j)`` as six Python lists (ts, kind, task, a, b, c): what a Python loop
        over many events wants (``tolist`` is C; indexing numpy per element is not)."""
        j = min(j, self._n)
        i = max(0, min(i, j))
        return (self._ts[i:j].tolist(), self._kind[i:j].tolist(), self._task[i:j].tolist(),
                self._a[i:j].tolist(), self._b[i:j].tolist(), self._c[i:j].tolist())

    def record(self, i: int) -> Event:
        """Event ``i`` decoded (``seq`` rebuilt from the gap table)."""
        n = self._n
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(f"event index {i} out of range (0..{n - 1})")
        return Event.of((self.first_seq + i + self.lost_before(i), int(self._ts[i]),
                         int(self._kind[i]), int(self._task[i]), int(self._a[i]),
                         int(self._b[i]), int(self._c[i])))

    def slice(self, i: int, j: int) -> list[Event]:
        """Events ``[i, j)`` decoded (for an event-log page; clipped to the store)."""
        j = min(j, self._n)
        i = max(0, min(i, j))
        if i == j:
            return []
        seq0 = self.first_seq + i + self.lost_before(i)
        k0, k1 = bisect_right(self._gap_at, i), bisect_left(self._gap_at, j)
        gaps = list(zip(self._gap_at[k0:k1], self._gap_lost[k0:k1], strict=True))
        ts, kind, task, a, b, c = self.columns(i, j)
        out: list[Event] = []
        seq = seq0
        g = 0
        for k in range(j - i):
            if g < len(gaps) and gaps[g][0] == i + k:
                seq += gaps[g][1]
                g += 1
            out.append(Event.of((seq, ts[k], kind[k], task[k], a[k], b[k], c[k])))
            seq += 1
        return out

    @property
    def dropped_total(self) -> int:
        """Events the recorder lost over the whole run (also among those let go since)."""
        total = self.dropped + self.dropped_discarded
        assert total >= 0, f"negative drop count {total}"
        return total

    # -- names -----------------------------------------------------------------------------------
    def string(self, sid: int) -> str:
        """String ``sid`` of the recording (see :func:`app.trace.events.string_at`)."""
        return string_at(self.strings, sid)

    def task_name(self, serial: int) -> str:
        """A task as every view names it: "client-0", or "handle_echo · Task-8" for a task
        that kept asyncio's default name (see app.trace.names)."""
        info = self.tasks.get(serial)
        return shown(info.name, info.coro) if info is not None else f"task {serial}"

    # -- size ------------------------------------------------------------------------------------
    @property
    def nbytes(self) -> int:
        """Bytes allocated for the columns (including growth head-room)."""
        return sum(arr.nbytes for arr in (self._ts, self._kind, self._task, self._a, self._b,
                                          self._c))

    @property
    def bytes_per_event_used(self) -> int:
        return sum(arr.itemsize for arr in (self._ts, self._kind, self._task, self._a, self._b,
                                            self._c))

    def bytes_per_event(self) -> float:
        """Allocated bytes per stored event (≤ 37 × 1.125 past 512 Ki events)."""
        return self.nbytes / self._n if self._n else 0.0
