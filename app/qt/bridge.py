"""The bridge from the engine's ring buffer to the views: one drain, one signal, per frame.

A QTimer at display rate pops everything the recorder holds, appends it to the compact
:class:`EventStore`, feeds the reducer, and emits :attr:`TraceBridge.batch` ONCE with the
range of new event indices. Views never see individual events as signals (a live loop makes
100,000 a second); they read the store and the reducer's state for the range they are told.

A live run keeps a *retention window*: the newest :attr:`TraceBridge.keep_events` events
(and up to a quarter more before it lets a quarter go, so trimming is rare and cheap). When
the window overflows, the oldest events are let go from the store, the reducer and every view
at once (:attr:`TraceBridge.trimmed`), at one of the reducer's snapshots so that nothing is
replayed. The tasks that finished in the let-go part leave the task table; the views shift
their indices and keep everything else. An endless run therefore stays flat in memory, and
what is let go is counted in the status bar, never silent.

Views are :class:`TraceListener` s: each subscribes once (:meth:`TraceBridge.subscribe`) and is
told, in the order they subscribed, which events are new (``extend``, only while the live
recording is shown), which old ones went (``trim``, likewise), and when the shown store itself
changed (``reset``: they read :attr:`TraceBridge.store` again and take what it holds through
an ``extend`` that follows at once). The signals say the same afterwards, for what is not a
view of the events (the window's title, redraw policy, the status bar).

Two recordings can be held at once: the engine's *live* one, which every drain extends, and a
*saved session* opened from a file, which is read-only. The views show one of them
(:attr:`TraceBridge.showing_live`), and switch only when told to (:meth:`show_session`,
:meth:`show_live`). While a saved session is shown the engine's events still go to the live
recording, never into the session: what a window shows of a file is exactly what was saved.
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Iterator
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.model.reducer import Reducer
from app.model.status import LAG_WINDOW_S
from app.runtime.engine import Engine
from app.trace.events import Ev
from app.trace.store import KEEP_EVENTS, EventStore
from app.trace.tracefile import Session

FRAME_MS = 16


class TraceListener(Protocol):
    """A view of the shown recording's events, fed by the bridge."""

    def extend(self, start: int, end: int) -> None:
        """Events ``[start, end)`` of the shown store are new (and in its reducer)."""

    def trim(self, cut: int) -> None:
        """The oldest ``cut`` events were let go: event ``cut + i`` is now event ``i``."""

    def reset(self) -> None:
        """The shown store was replaced: start over (an ``extend`` with what it already
        holds follows)."""


class ShownTrace(Protocol):
    """Where a listener reads the events it is told about (the bridge)."""

    @property
    def store(self) -> EventStore: ...

    @property
    def showing_live(self) -> bool: ...


class TraceBridge(QObject):
    #: New events [start, end) are in the shown store (and applied to its reducer).
    batch = Signal(int, int)
    #: The shown store and reducer were replaced (engine reset, file opened, a switch between
    #: the live recording and a saved session): views start over from what it holds.
    reset = Signal()
    #: The oldest ``cut`` events were let go (retention window): event ``cut + i`` is now
    #: event ``i``. Emitted before the batch that follows; views shift their indices.
    trimmed = Signal(int)

    def __init__(self, engine: Engine, parent: QObject | None = None,
                 keep_events: int = KEEP_EVENTS) -> None:
        super().__init__(parent)
        if keep_events < 1:
            raise ValueError("keep_events must be >= 1")
        self.engine = engine
        #: The engine's recording: every drain extends it, whichever recording is shown.
        self.live_store = EventStore.for_recorder(engine.recorder)
        self.live_reducer = Reducer(self.live_store)
        #: A saved session opened from a file (read-only), kept until another replaces it.
        self.session: Session | None = None
        self.session_path = ""
        #: Which recording the views show: the live one, or :attr:`session`.
        self.showing_live = True
        self._session_reducer: Reducer | None = None
        self.frames = 0
        self.keep_events = keep_events
        self._holds = 0  # > 0 while a worker reads the store (saving): no trim moves it
        self.events_per_s = 0.0
        self.loop_lag_ns = 0
        self._rate_window: deque[tuple[float, int]] = deque()
        self._lag_window: deque[tuple[float, int]] = deque()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self.drain)
        self._listeners: list[TraceListener] = []

    @property
    def store(self) -> EventStore:
        """The shown recording's events."""
        if self.showing_live or self.session is None:
            return self.live_store
        return self.session.store

    @property
    def reducer(self) -> Reducer:
        """The shown recording's reducer."""
        if self.showing_live or self._session_reducer is None:
            return self.live_reducer
        return self._session_reducer

    def subscribe(self, listener: TraceListener) -> None:
        """Tell ``listener`` about the shown recording from now on (listeners are told in
        the order they subscribed)."""
        self._listeners.append(listener)

    def _reset(self) -> None:
        for listener in self._listeners:
            listener.reset()
        held = len(self.store)
        if held:
            for listener in self._listeners:
                listener.extend(0, held)
        self.reset.emit()

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def restart(self, engine: Engine | None = None) -> None:
        """Start over with a new recording (after an engine reset).

        No drain first: the engine's recorder is already the new one (a reset or a new
        engine made it, and its loop has recorded its first events into it), so those belong
        to the new store, not to the recording being let go (or a saved session on view)."""
        if engine is not None:
            self.engine = engine
        self.live_store = EventStore.for_recorder(self.engine.recorder)
        self.live_reducer = Reducer(self.live_store)
        self._rate_window.clear()
        self._lag_window.clear()
        self.events_per_s = 0.0
        self.loop_lag_ns = 0
        if self.showing_live:
            self._reset()

    @contextlib.contextmanager
    def holding(self) -> Iterator[None]:
        """No trim while inside (a worker thread is reading the store's columns: a trim
        moves them in place); the window may overflow meanwhile and catches up after."""
        self._holds += 1
        try:
            yield
        finally:
            self._holds -= 1

    def trim(self, keep: int | None = None) -> int:
        """Let go of the oldest events so that about ``keep`` (default :attr:`keep_events`)
        remain; returns how many went (0 if the reducer has no snapshot to cut at yet)."""
        keep = self.keep_events if keep is None else keep
        store, reducer = self.live_store, self.live_reducer
        cut = reducer.trim_point(len(store) - keep)
        if cut <= 0 or self._holds:
            return 0
        forgotten = reducer.trim(cut)
        store.trim(cut)
        if store.tasks is self.engine.recorder.tasks:
            self.engine.recorder.forget_tasks(forgotten)
        if self.showing_live:  # a shown session's views hold none of these events
            for listener in self._listeners:
                listener.trim(cut)
            self.trimmed.emit(cut)
        return cut

    def show_session(self, session: Session, path: str) -> None:
        """Show a saved session (it replaces an earlier one; the live recording goes on)."""
        reducer = Reducer(session.store)
        reducer.apply()
        self.session, self.session_path, self._session_reducer = session, path, reducer
        self.showing_live = False
        self._reset()

    def show_saved(self) -> None:
        """Show the opened saved session again (its reducer is kept: nothing is replayed)."""
        if self.session is None or not self.showing_live:
            return
        self.showing_live = False
        self._reset()

    def show_live(self) -> None:
        """Show the engine's recording again (the saved session stays open)."""
        if self.showing_live:
            return
        self.showing_live = True
        self._reset()

    def close_session(self) -> None:
        """Forget the saved session (showing the live recording)."""
        self.show_live()
        self.session, self.session_path, self._session_reducer = None, "", None

    @property
    def dropped(self) -> int:
        """Events the recorder lost (also among those let go since), of the shown store."""
        return self.store.dropped_total

    @property
    def discarded(self) -> int:
        """Events let go by the retention window (the oldest part of a long live run)."""
        return self.store.discarded

    def drain(self) -> int:
        """Move what the recorder holds into the live store; one batch signal if it is shown.

        Returns how many events were drained."""
        self.frames += 1
        records = self.engine.recorder.drain_array()
        now = time.monotonic()
        store = self.live_store
        start = len(store)
        if len(records):
            if len(store) + len(records) > self.keep_events + self.keep_events // 4:
                self.trim()
                start = len(store)
            store.append(records)
            self.live_reducer.apply_until(len(store))
            end = len(store)
            fired = store.kind[start:end] == Ev.TIMER_FIRED
            if fired.any():  # loop lag = how late the loop got to its due timers (recorded)
                self._lag_window.append((now, int(store.b[start:end][fired].max())))
        self._rate_window.append((now, len(records)))
        while self._rate_window and now - self._rate_window[0][0] > 1.0:
            self._rate_window.popleft()
        while self._lag_window and now - self._lag_window[0][0] > LAG_WINDOW_S:
            self._lag_window.popleft()
        span = max(now - self._rate_window[0][0], FRAME_MS / 1000)
        self.events_per_s = sum(n for _, n in self._rate_window) / span
        self.loop_lag_ns = max((lag for _, lag in self._lag_window), default=0)
        if len(records) and self.showing_live:
            end = len(store)
            for listener in self._listeners:
                listener.extend(start, end)
            self.batch.emit(start, end)
        return len(records)
