"""The replay bar: a global cursor over the recorded events.

While *live* the cursor follows the newest event. Moving it (slider, ← → Home End, a row of the
event log, a click on the timeline) enters replay: the board, inspector and timeline then show
the state after the event at the cursor, reconstructed by the reducer. "Live" returns.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from app.qt.bridge import ShownTrace
from app.qt.language import tr
from app.trace.store import EventStore
from app.trace.text import fmt_ns


class ReplayBar(QWidget):
    #: The cursor moved to an event index (-1 = live).
    cursor_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None, source: ShownTrace | None = None) -> None:
        """``source``: the recording :meth:`reset` replays (the bridge)."""
        super().__init__(parent)
        self.source = source
        self.setObjectName("replayBar")
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("replaySlider")
        self.slider.setMinimumWidth(260)
        self.slider.setRange(0, 0)
        self.slider.valueChanged.connect(self._slid)
        self.label = QLabel(self)
        self.label.setMinimumWidth(230)
        self.live_button = QPushButton(self)
        self.live_button.setObjectName("liveButton")
        self.live_button.setCheckable(True)
        self.live_button.setChecked(True)
        self.live_button.clicked.connect(lambda: self.set_cursor(-1))
        self.title = QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        layout.addWidget(self.live_button)
        #: The event index the replay shows (-1: live, following the newest event). Not
        #: ``cursor``: that is QWidget's mouse cursor.
        self.position = -1
        self.total = 0
        self._store: EventStore | None = None
        self._saved = False  # the store is a saved session: its end is not "live"
        self._quiet = False
        self.retranslate()

    def retranslate(self) -> None:
        """Every text of the bar in the current language (the position's words too)."""
        self.title.setText(tr("Replay"))
        self._word_end()
        self._update_label()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _word_end(self) -> None:
        """The button that goes to the end: the live loop's newest event, or a saved
        session's last."""
        saved = self._saved
        self.live_button.setText(tr("End") if saved else tr("Live"))
        self.live_button.setToolTip(tr("The session's last event (End)") if saved
                                    else tr("Follow the newest event (End)"))

    @property
    def live(self) -> bool:
        return self.position < 0

    def set_store(self, store: EventStore, saved: bool = False) -> None:
        """Replay ``store``; ``saved``: a finished recording (a saved session), whose end is
        its last event rather than the live loop's newest."""
        self._store = store
        self._saved = saved
        self.position = -1
        self._word_end()
        self.set_total(len(store))

    def reset(self) -> None:
        """The source shows another store: replay it (a saved session ends at its end)."""
        if self.source is not None:
            self.set_store(self.source.store, saved=not self.source.showing_live)

    def extend(self, start: int, end: int) -> None:
        self.set_total(end)

    def set_total(self, total: int) -> None:
        """The store now holds ``total`` events (extends the slider; live follows the end)."""
        self.total = total
        self._quiet = True
        self.slider.setRange(0, max(0, total - 1))
        if self.live:
            self.slider.setValue(max(0, total - 1))
        self._quiet = False
        self._update_label()

    def trim(self, cut: int) -> None:
        """Older events were let go: the cursor keeps its event (or moves to the oldest one
        held, if its own went)."""
        if self.live:
            self.set_total(max(0, self.total - cut))
            return
        index = self.position - cut
        self.position = max(0, index)
        self.set_total(max(0, self.total - cut))
        self._quiet = True
        self.slider.setValue(self.position)
        self._quiet = False
        if index < 0:  # its event is gone: the views follow to the oldest one held
            self.cursor_changed.emit(self.position)

    def set_cursor(self, index: int) -> None:
        """Move to event ``index`` (clamped); -1 or past the end means live."""
        if index >= self.total or index < 0:
            index = -1
        changed = index != self.position
        self.position = index
        self._quiet = True
        self.slider.setValue(max(0, self.total - 1) if index < 0 else index)
        self._quiet = False
        self.live_button.setChecked(index < 0)
        self._update_label()
        if changed:
            self.cursor_changed.emit(index)

    def step(self, delta: int) -> None:
        """← / →: one event back or forward (from live, back starts at the newest event)."""
        if self.total == 0:
            return
        current = self.total - 1 if self.live else self.position
        self.set_cursor(max(0, current + delta) if current + delta < self.total else -1)

    def _slid(self, value: int) -> None:
        if not self._quiet:
            self.set_cursor(value if value < self.total - 1 else -1)

    def _update_label(self) -> None:
        store = self._store
        if self._saved and self.live:
            self.label.setText(tr("end · {n:,} events").format(n=self.total))
            return
        if self.live or store is None or not len(store):
            gone = store.discarded if store is not None else 0
            if gone:  # numbered over the whole run, as a replayed event is
                self.label.setText(tr("live · {n:,} events ({held:,} held)").format(
                    n=gone + self.total, held=self.total))
            else:
                self.label.setText(tr("live · {n:,} events").format(n=self.total))
            return
        t = int(store.ts[self.position]) - store.t0
        self.label.setText(tr("event {i:,} of {n:,} · {t}").format(
            i=store.discarded + self.position + 1, n=store.discarded + self.total, t=fmt_ns(t)))
