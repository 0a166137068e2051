"""The bridge from the engine's ring buffer to the views: one drain, one signal, per frame.

A QTimer at display rate pops everything the recorder holds, appends it to the compact
:class:`EventStore`, feeds the reducer, and emits :attr:`TraceBridge.batch` ONCE with the
range of new event indices. Views never see individual events as signals (a live loop makes
100,000 a second); they read the store and the reducer's state for the range they are told.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from ..core.events import Ev
from ..core.reducer import Reducer
from ..core.store import EventStore

FRAME_MS = 16
#: Events kept for replay in a live session (~40 bytes each in the store). Past this the
#: recording so far is let go and a new one continues from the current state — counted and
#: shown, never silent — so an endless run stays bounded in memory.
MAX_EVENTS = 4_000_000


class TraceBridge(QObject):
    #: New events [start, end) are in the store (and applied to the reducer).
    batch = Signal(int, int)
    #: The store and reducer were replaced (engine reset, file opened): views start over.
    reset = Signal()

    def __init__(self, engine: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.store = EventStore.for_recorder(engine.recorder)
        self.reducer = Reducer(self.store)
        self.frames = 0
        self.max_events = MAX_EVENTS
        #: Events let go to bound memory (the oldest part of an endless live recording).
        self.discarded = 0
        self._dropped_before = 0  # drops counted by stores let go
        self.events_per_s = 0.0
        self.loop_lag_ns = 0
        self._rate_window: deque[tuple[float, int]] = deque()
        self._lag_window: deque[tuple[float, int]] = deque()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self.drain)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def restart(self, engine: Any | None = None) -> None:
        """Start over with a new recording (after an engine reset)."""
        if engine is not None:
            self.engine = engine
        self.drain()
        self.store = EventStore.for_recorder(self.engine.recorder)
        self.reducer = Reducer(self.store)
        self.discarded = 0
        self._dropped_before = 0
        self._rate_window.clear()
        self._lag_window.clear()
        self.events_per_s = 0.0
        self.loop_lag_ns = 0
        self.reset.emit()

    def _roll_over(self) -> None:
        """Keep memory bounded on an endless run: continue in a fresh store whose reducer
        starts from the current state; the views start over from there."""
        old = self.store
        self.store = EventStore(old.strings, old.tasks)
        self.reducer = self.reducer.continue_into(self.store)
        self.discarded += len(old)
        self._dropped_before += old.dropped
        self.reset.emit()

    def show_store(self, store: EventStore) -> None:
        """Show a recording that is not the engine's (a saved session): stop draining."""
        self.timer.stop()
        self.store = store
        self.reducer = Reducer(self.store)
        self.reducer.apply()
        self._rate_window.clear()
        self._lag_window.clear()
        self.events_per_s = 0.0
        self.loop_lag_ns = 0
        self.reset.emit()

    @property
    def dropped(self) -> int:
        return self.store.dropped + self._dropped_before

    def drain(self) -> int:
        """Move what the recorder holds into the store; emit one batch signal."""
        self.frames += 1
        records = self.engine.recorder.drain()
        now = time.monotonic()
        start = len(self.store)
        if records:
            if len(self.store) + len(records) > self.max_events:
                self._roll_over()
                start = 0
            self.store.append(records)
            self.reducer.apply_until(len(self.store))
            end = len(self.store)
            fired = self.store.kind[start:end] == Ev.TIMER_FIRED
            if fired.any():  # loop lag = how late the loop got to its due timers (recorded)
                self._lag_window.append((now, int(self.store.b[start:end][fired].max())))
        self._rate_window.append((now, len(records)))
        while self._rate_window and now - self._rate_window[0][0] > 1.0:
            self._rate_window.popleft()
        while self._lag_window and now - self._lag_window[0][0] > 1.0:
            self._lag_window.popleft()
        span = max(now - self._rate_window[0][0], FRAME_MS / 1000)
        self.events_per_s = sum(n for _, n in self._rate_window) / span
        self.loop_lag_ns = max((lag for _, lag in self._lag_window), default=0)
        if records:
            self.batch.emit(start, len(self.store))
        return len(records)
