"""The recorder: a bounded ring of event tuples, written by the loop, drained by anyone.

Why it looks like this (it sits on the hot path of every task step):

- The write is one C-level ``deque.append`` of a 7-tuple built from ``next(seq)`` (an
  ``itertools.count``, atomic under the GIL) and ``time.monotonic_ns()``. No lock, no
  Python-level index arithmetic, no dict. Appends from other threads (``call_soon_threadsafe``)
  are just as safe.
- The deque has ``maxlen``: when the reader falls behind, the *oldest* unread events are
  dropped by the deque itself. Every record carries its sequence number, so the reader counts
  exactly how many were lost (the gaps) and reports it; nothing is dropped silently.
- ``drain()`` pops from the left while the writer appends on the right: safe from any
  thread without stopping the loop.
- Strings are interned into :attr:`strings` (append-only list, read by index from any thread)
  and task metadata into :attr:`tasks`, so events stay seven small integers.

Where the compiled accelerator is built (:mod:`app.runtime.accelerator`), the ring is its
``Ring`` instead: the same bounded, oldest-dropped ring with the same seqs, but each record is
seven int64 fields in one preallocated array (no tuple, ~10 ns a write), and writes are atomic
under the GIL. Tuples are built only by :meth:`drain`. Everything below reads the same on both.

The compiled ring also *packs* two events into one record where the second follows from the
first: a plain callback's CALLBACK_END into its CALLBACK_BEGIN (while that is still unread),
and a poll that cannot block (timeout 0) into one record for its POLL_BEGIN and POLL_END.
A ``call_soon`` chain's iteration (a poll, a callback that schedules the next) is then three
records instead of five. Drains unpack them into exactly the events the pure path records,
same seqs included, so readers never see a packed record (``_accel.c`` says how).
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from app.runtime._accel import Ring

from app.runtime.accelerator import ACCEL
from app.runtime.instruments import Dispatcher, Instrument
from app.trace.events import Ev, Record, TaskInfo

Emit = Callable[..., None]
EmitAt = Callable[..., None]

DEFAULT_CAPACITY = 1 << 20


class Recorder:
    """Bounded, thread-safe event ring with an exact dropped-event count."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY, compiled: bool = True) -> None:
        """``compiled=False`` keeps this recorder (and a loop recording into it) on the
        pure-Python path even where the accelerator is built (tests compare the two)."""
        if capacity < 16:
            raise ValueError("recorder capacity must be at least 16 events")
        self.capacity = capacity
        #: The compiled ring, or None on the pure-Python path (a deque of tuples).
        self.compiled_ring: Ring | None = (ACCEL.Ring(capacity)
                                           if ACCEL is not None and compiled else None)
        self._ring: deque[Record] = deque(maxlen=capacity)
        self._seq = itertools.count(1)
        self._next_expected = 1
        self._drain_lock = threading.Lock()
        self.dropped = 0
        #: Messages of instruments that raised and were removed.
        self.errors: list[str] = []
        self.drained = 0
        self.strings: list[str] = [""]
        self._string_ids: dict[str, int] = {"": 0}
        self._strings_lock = threading.Lock()
        self.tasks: dict[int, TaskInfo] = {}
        #: The highest serial :meth:`forget_tasks` removed (new serials must stay above it).
        self.highest_forgotten = 0
        self._dispatcher: Dispatcher | None = None
        self.emit: Emit = self._make_emit()
        #: ``emit_at(ts, kind, task=0, a=0, b=0, c=0)``: record an event with an explicit
        #: timestamp (measured earlier by the caller).
        self.emit_at: EmitAt = (self.compiled_ring.emit_at if self.compiled_ring is not None
                                else self._emit_at)

    # -- writing ---------------------------------------------------------------------------
    def _make_emit(self) -> Emit:
        if self.compiled_ring is not None:
            return self.compiled_ring.emit  # (it dispatches by itself: see add_instrument)
        append = self._ring.append
        seq = self._seq
        now = time.monotonic_ns

        def emit(kind: int, task: int = 0, a: int = 0, b: int = 0, c: int = 0) -> None:
            append((next(seq), now(), kind, task, a, b, c))

        return emit

    def _make_dispatching_emit(self, dispatcher: Dispatcher) -> Emit:
        append = self._ring.append
        seq = self._seq
        now = time.monotonic_ns
        dispatch = dispatcher.dispatch

        def emit(kind: int, task: int = 0, a: int = 0, b: int = 0, c: int = 0) -> None:
            record = (next(seq), now(), kind, task, a, b, c)
            append(record)
            dispatch(record)

        return emit

    def direct_writer(self) -> tuple[Callable[[Record], None], Callable[[], int]] | None:
        """``(append, next_seq)`` for a hot path that builds its records itself.

        ``append((next_seq(), ts, kind, task, a, b, c))`` is what :attr:`emit` does, minus a
        Python call and with a timestamp the caller already has. ``None`` while instruments
        are attached: they must see every record, so such callers fall back to ``emit_at``.
        """
        if self._dispatcher is not None or self.compiled_ring is not None:
            return None
        return self._ring.append, self._seq.__next__

    def _emit_at(self, ts: int, kind: int, task: int = 0, a: int = 0, b: int = 0,
                 c: int = 0) -> None:
        record = (next(self._seq), ts, kind, task, a, b, c)
        self._ring.append(record)
        if self._dispatcher is not None:
            self._dispatcher.dispatch(record)

    # -- instruments -----------------------------------------------------------------------
    def add_instrument(self, instrument: Instrument) -> None:
        if self._dispatcher is None:
            self._dispatcher = Dispatcher(self._instrument_failed)
        self._dispatcher.add(instrument)
        if self.compiled_ring is not None:
            self.compiled_ring.set_dispatch(self._dispatcher.dispatch)
        else:
            self.emit = self._make_dispatching_emit(self._dispatcher)

    def remove_instrument(self, instrument: Instrument) -> None:
        if self._dispatcher is not None:
            self._dispatcher.remove(instrument)
            if not self._dispatcher.instruments:
                self._stop_dispatching()

    def _stop_dispatching(self) -> None:
        self._dispatcher = None
        if self.compiled_ring is not None:
            self.compiled_ring.set_dispatch(None)
        else:
            self.emit = self._make_emit()

    @property
    def instruments(self) -> list[Instrument]:
        return list(self._dispatcher.instruments) if self._dispatcher else []

    def _instrument_failed(self, message: str) -> None:
        self.errors.append(message)
        sid = self.intern(message)
        if self.compiled_ring is not None:
            self.compiled_ring.emit_quiet(Ev.INSTRUMENT_ERROR, 0, sid)
        else:
            self._ring.append((next(self._seq), time.monotonic_ns(), Ev.INSTRUMENT_ERROR, 0,
                               sid, 0, 0))
        if self._dispatcher is not None and not self._dispatcher.instruments:
            self._stop_dispatching()

    def intern(self, text: str) -> int:
        """Return the id of ``text`` in the string table, adding it once."""
        sid = self._string_ids.get(text)
        if sid is None:
            with self._strings_lock:
                sid = self._string_ids.get(text)
                if sid is None:
                    self.strings.append(text)
                    sid = len(self.strings) - 1
                    self._string_ids[text] = sid
        return sid

    def add_task(self, info: TaskInfo) -> None:
        self.tasks[info.serial] = info
        self.emit(Ev.TASK_SPAWNED, info.serial, info.parent, int(info.eager),
                  self.intern(info.name))

    def forget_tasks(self, serials: Iterable[int]) -> int:
        """Drop finished tasks from :attr:`tasks` (their events were let go by a retention
        window); returns how many. Safe while the loop runs: it only adds *new* serials."""
        n = 0
        for serial in serials:
            if self.tasks.pop(serial, None) is not None:
                n += 1
                self.highest_forgotten = max(self.highest_forgotten, serial)
        return n

    def highest_serial(self) -> int:
        """The highest task serial this recorder has known (including forgotten ones)."""
        return max(max(list(self.tasks), default=0), self.highest_forgotten)

    # -- reading ---------------------------------------------------------------------------
    def drain(self, limit: int | None = None) -> list[Record]:
        """Pop every recorded event (or at most ``limit``), oldest first.

        Safe to call from any thread while the loop keeps writing. Updates :attr:`dropped`
        with the events the ring overwrote before they could be drained.
        """
        with self._drain_lock:
            if self.compiled_ring is not None:
                batch = self.compiled_ring.drain(limit)
            else:
                batch = self._pop(limit)
            if batch:
                self._account(batch[0][0], batch[-1][0], len(batch))
            return batch

    def drain_array(self, limit: int | None = None) -> np.ndarray:
        """As :meth:`drain`, as one ``(n, 7)`` int64 array, a row per record: what the event
        store appends (``EventStore.append``) without a tuple per event. On the compiled
        path the ring's records are copied as they lie (no Python object per record)."""
        import numpy as np  # (here: a loop that is never drained this way never loads it)

        with self._drain_lock:
            if self.compiled_ring is not None:
                flat = np.frombuffer(self.compiled_ring.drain_bytes(limit), dtype=np.int64)
            else:
                batch = self._pop(limit)
                flat = np.fromiter(itertools.chain.from_iterable(batch), dtype=np.int64,
                                   count=7 * len(batch))
            block = flat.reshape(-1, 7)
            if len(block):
                self._account(int(block[0, 0]), int(block[-1, 0]), len(block))
            return block

    def _pop(self, limit: int | None) -> list[Record]:
        ring = self._ring
        n = len(ring) if limit is None else min(len(ring), limit)
        pop = ring.popleft
        return [pop() for _ in range(n)]

    def _account(self, first: int, last: int, n: int) -> None:
        """Count a drained batch of ``n`` records, seqs ``first``..``last``: the gaps before
        it, and inside it (the writer may have overwritten unread events on the left while
        they were popped)."""
        self.dropped += (first - self._next_expected) + (last - first + 1 - n)
        self._next_expected = last + 1
        self.drained += n

    def next_seq(self) -> int:
        """The seq the next event will get (read, never consumed)."""
        if self.compiled_ring is not None:
            return self.compiled_ring.last_seq + 1
        # ``repr(itertools.count(n))`` is ``'count(n)'``: reading it does not advance it.
        text = repr(self._seq)
        return int(text[text.index("(") + 1:-1])

    def records_written(self) -> int:
        """Records written to the ring so far: the events, less one for each pair the
        compiled ring packed into one record."""
        if self.compiled_ring is not None:
            return self.compiled_ring.written
        return self.next_seq() - 1

    def pending(self) -> int:
        return len(self.compiled_ring if self.compiled_ring is not None else self._ring)

    def string(self, sid: int) -> str:
        return self.strings[sid]
