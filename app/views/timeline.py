"""The timeline: every task, the loop and its polls on one time axis (pyqtgraph).

Lanes, top to bottom: the poll lane (each ``epoll_wait``: the span it blocked, the timeout it
asked for as a thin band below, the fds it returned as marks above), the loop lane (blocked in
poll / running a task step / running a callback / idle), one lane per thread that woke the
loop, then one lane per task coloured by state. Tasks that finished before the visible window
(or start after it) collapse into one counted row.

How it stays fast (1,000 lanes, 50,000 visible bars, 60 fps): the arrays live in
:class:`app.model.timeline.TimelineData` (extended incrementally, once per frame); painting is
ONE graphics item that rasterises the visible bars with numpy (:func:`app.model.raster.
rasterise`: style codes per pixel, then one lookup table to RGB32) into one QImage, so the
scene holds a fixed handful of items whatever the number of lanes or bars (one graphics item
per bar, or even ``QPainter.drawRects``, measured ~240 ns a rect: 12 ms for 50,000). The image
is rebuilt only when the window, the size or the data changed, and while following live only
the newly exposed strip is (the window moves by whole pixels; the pixels are a ring buffer):
:class:`app.views.timeline_picture.LanesPicture`. ``python -m bench.timeline_bench`` measures
it.

The view's parts: its pyqtgraph items (``timeline_items``), the picture (``timeline_picture``),
its colours (``timeline_palette``), its words (``timeline_legend``, ``timeline_text``); this
module holds the widget: its controls, the time window and the rows it shows, the mouse and
the keys.

Mouse: wheel zooms time (around the pointer; at the live edge while following live), drag
pans, Shift+wheel scrolls lanes, Ctrl+wheel changes the lane height, a click moves the cursor
to the nearest event (and selects the task of a task lane). Keys: W/S or +/- zoom, A/D pan,
Up/Down/PageUp/PageDown scroll lanes, F follows live again, 0 fits the whole recording.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QGraphicsSceneWheelEvent,
    QHBoxLayout,
    QLabel,
    QScrollBar,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.model.lane_rows import anchored_top, labelled_rows, lane_rows
from app.model.lanes import SUMMARY, LaneKind
from app.model.timeline import TimelineData
from app.qt import language
from app.qt.bridge import ShownTrace
from app.qt.language import tr
from app.trace.store import EventStore
from app.views.spotlight import SPOTLIGHT_COLOUR, SPOTLIGHT_MS
from app.views.timeline_items import LABEL_WIDTH, LaneAxis, LaneRaster, LaneViewBox
from app.views.timeline_legend import legend_html
from app.views.timeline_palette import CURSOR
from app.views.timeline_picture import LanesInView, LanesPicture
from app.views.timeline_text import lane_describer, point_text, row_label, time_text

DEFAULT_SPAN_S = 10.0  # follow-live window once the recording is longer than this
MIN_SPAN_S = 1e-6
LANE_PX = 20.0  # default lane height (logical pixels)
MIN_LANE_PX, MAX_LANE_PX = 0.25, 60.0


class TimelineView(QWidget):
    """Lanes of tasks, the loop, its polls and threads over time (see the module docstring)."""

    #: The user clicked the timeline: the index of the event nearest the click.
    cursor_moved = Signal(int)
    #: The user clicked a task's lane (label or bars): its serial.
    task_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None, source: ShownTrace | None = None) -> None:
        """``source``: where :meth:`extend` reads the events (the bridge); without one,
        the timeline is fed through :meth:`extend_from`."""
        super().__init__(parent)
        pg.setConfigOptions(antialias=False, background="w", foreground="k")
        self.data = TimelineData()
        self.source = source
        self.store: EventStore | None = None
        #: Where open intervals end while live ("now", ns on the recorder's clock); None = at
        #: the last recorded event (a finished recording, or paused).
        self.live_clock: Callable[[], int] | None = None
        self._follow = True
        self._auto_span = True  # until the user zooms: the whole recording, up to 10 s
        self._span = DEFAULT_SPAN_S
        self._lane_px = LANE_PX
        self._top = 0.0
        self._collapse = True
        self._selected = 0
        #: The event the cursor line is on (-1: none).
        self.cursor_index = -1
        self._syncing = False
        self._layout_key: tuple[object, ...] | None = None
        self._layout_version = 0
        self._row_kind = np.zeros(0, np.int8)
        self._row_ref = np.zeros(0, np.int64)
        self._slot_row = np.zeros(0, np.int64)
        self._lane_row = np.zeros(0, np.int64)
        self._summary = (0, 0)
        #: The row a lesson's spotlight frames (-1: none).
        self.spotlit_row = -1
        self._build()
        self.reset()
        self.retranslate()

    def retranslate(self) -> None:
        """Every fixed text in the current language (buttons, tips, the legend, the time
        axis), and the words drawn from the recording: the lanes' labels, the info line,
        the let-go note."""
        self.follow_button.setText(tr("Follow live"))
        self.follow_button.setToolTip(tr(
            "Keep the newest events in view (F). Scrolling back in time turns it off."))
        self.fit_button.setText(tr("Fit all"))
        self.fit_button.setToolTip(tr("Show the whole recording (0)"))
        self.collapse_box.setText(tr("Collapse finished tasks"))
        self.collapse_box.setToolTip(tr(
            "Tasks that finished before the visible window share one counted row"))
        self.legend.setText(legend_html(tr, self._completion))
        self.time_axis.setLabel(tr("time since the recording started"), units="s")
        self._word_info()
        if self.gone_label is not None and self.store is not None:
            self._word_gone(self.store.discarded)
        self._update_labels()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _word_info(self) -> None:
        """The info line when nothing is pointed at: no events yet, or how to use the view
        (a hover's text is worded again at the next move)."""
        if self.data.t0 is None:
            self.info.setText(tr("No events yet"))
        else:
            self.info.setText(tr(
                "Point at a bar for details · click: move the cursor · wheel: zoom · "
                "drag: pan · Shift+wheel: scroll lanes · F: follow live"))

    def _word_gone(self, discarded: int) -> None:
        if self.gone_label is not None:
            self.gone_label.setText(tr("{n} older events let go (memory bound)").format(
                n=language.locale().toString(discarded)))

    # -- construction --------------------------------------------------------------------------
    def _build(self) -> None:
        self.follow_button = QToolButton(self)
        self.follow_button.setObjectName("followLive")
        self.follow_button.setCheckable(True)
        self.follow_button.setChecked(True)
        self.follow_button.toggled.connect(self._follow_toggled)
        self.fit_button = QToolButton(self)
        self.fit_button.clicked.connect(self.fit_all)
        self.collapse_box = QCheckBox(self)
        self.collapse_box.setChecked(True)
        self.collapse_box.toggled.connect(self._collapse_toggled)
        self.info = QLabel(self)
        self.info.setObjectName("timelineInfo")
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.legend = QLabel(self)
        self.legend.setObjectName("timelineLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self._completion = False  # the recording is on a completion queue (IOCP)

        self.vb = LaneViewBox(self._lane_wheel, self._zoom_time, self._clicked, self._hovered)
        self.axis = LaneAxis(self._label_clicked, self._lane_wheel)
        self.time_axis = pg.AxisItem("bottom")
        # Labels on the major ticks only: following live, the axis is laid out again every
        # frame and measuring each label's text is most of that (~1.5 ms saved a frame).
        self.time_axis.setStyle(maxTextLevel=0)
        self.lanes_picture = LanesPicture(self.time_axis)
        self.plot = pg.PlotWidget(self, viewBox=self.vb,
                                  axisItems={"left": self.axis, "bottom": self.time_axis})
        self.plot.setObjectName("timelinePlot")
        self.plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        self.vb.setMouseEnabled(x=True, y=True)
        self.vb.disableAutoRange()
        self.raster = LaneRaster(self._paint_lanes)
        self.vb.addItem(self.raster, ignoreBounds=True)
        self.cursor_line = pg.InfiniteLine(angle=90, movable=False,
                                           pen=pg.mkPen(CURSOR, width=1.5))
        self.cursor_line.setZValue(10)
        self.cursor_line.hide()
        self.vb.addItem(self.cursor_line, ignoreBounds=True)
        # What the retention window let go, shaded so an empty stretch is not read as idle:
        # made on the first trim (items in the view cost work on every range change, and
        # that work waits for the GIL while the observed loop runs Python).
        self.gone: pg.LinearRegionItem | None = None
        # The lane a lesson points at: made on the first spotlight, as ``gone`` is.
        self.spot_band: pg.LinearRegionItem | None = None
        self._spot_timer = QTimer(self)
        self._spot_timer.setSingleShot(True)
        self._spot_timer.timeout.connect(self.clear_spotlight)
        self.gone_label: pg.TextItem | None = None
        self.lane_scroll = QScrollBar(Qt.Orientation.Vertical, self)
        self.lane_scroll.valueChanged.connect(self._scrolled)

        self.vb.sigRangeChanged.connect(self._range_changed)
        self.vb.sigRangeChangedManually.connect(self._manual_range)
        self.vb.sigResized.connect(self._resized)
        self.plot.installEventFilter(self)  # keys reach us before pyqtgraph's scene

        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 0)
        top.addWidget(self.follow_button)
        top.addWidget(self.fit_button)
        top.addWidget(self.collapse_box)
        top.addSpacing(12)
        top.addWidget(self.info, 1)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.plot, 1)
        body.addWidget(self.lane_scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.legend)
        layout.addLayout(body, 1)

    # -- public API ------------------------------------------------------------------------------
    @property
    def follow_live(self) -> bool:
        """Keep the newest events in view; the user scrolling back in time turns it off."""
        return self._follow

    @follow_live.setter
    def follow_live(self, on: bool) -> None:
        on = bool(on)
        changed = on != self._follow
        self._follow = on
        if self.follow_button.isChecked() != on:
            self.follow_button.blockSignals(True)
            self.follow_button.setChecked(on)
            self.follow_button.blockSignals(False)
        if changed and on:
            self._follow_now()

    @Slot()
    def reset(self) -> None:
        """A new recording starts: forget every lane."""
        self.data.reset()
        self.store = None
        self._auto_span = True
        self._span = DEFAULT_SPAN_S
        self._top = 0.0
        self._selected = 0
        self.cursor_index = -1
        self.cursor_line.hide()
        for item in (self.gone, self.gone_label):
            if item is not None:
                self.vb.removeItem(item)
        self.gone = self.gone_label = None
        self.lanes_picture.forget()
        self.lanes_picture.offset = 0
        self._layout_key = None
        self.follow_live = True
        self._syncing = True
        self.vb.setRange(xRange=(0.0, 1.0), yRange=(0.0, self._visible_rows()), padding=0)
        self._syncing = False
        self._relayout(force=True)
        self._word_info()
        if self._completion:
            self._completion = False
            self.legend.setText(legend_html(tr))
        self.raster.update()

    def extend(self, start: int, end: int) -> None:
        """Take events ``[start, end)`` of the source's store (one frame's batch)."""
        if self.source is not None:
            self.extend_from(self.source.store, start, end)

    def extend_from(self, store: EventStore, start: int, end: int) -> None:
        """Take events ``[start, end)`` of ``store`` (one frame's batch)."""
        if store is not self.store:
            if self.store is not None:  # a new recording without reset(): start over
                self.reset()
            self.store = store
        first = self.data.t0 is None
        self.data.extend(store, start, end)
        completion = lane_describer(self.data, store, tr).completion
        if completion != self._completion:  # the backend is known: its words in the legend
            self._completion = completion
            self.legend.setText(legend_html(tr, completion))
        if first and self.data.t0 is not None:
            self._word_info()

    def trim(self, cut: int) -> None:
        """The store let events ``[0, cut)`` go: drop what ended before its first event
        and redraw whole (lane numbers and the cached picture are stale)."""
        store = self.store
        if store is None or not len(store):
            return
        self.data.trim(cut, int(store.ts[0]))
        t0 = self.data.t0 or 0
        cut_s = (int(store.ts[0]) - t0) / 1e9
        if self.gone is None or self.gone_label is None:
            self.gone = pg.LinearRegionItem(movable=False, brush=pg.mkBrush(120, 120, 120, 60),
                                            pen=pg.mkPen(120, 120, 120, 120))
            self.gone.setZValue(5)
            self.vb.addItem(self.gone, ignoreBounds=True)
            self.gone_label = pg.TextItem(anchor=(1, 0), color=(80, 80, 80))
            self.gone_label.setZValue(6)
            self.vb.addItem(self.gone_label, ignoreBounds=True)
        self.gone.setRegion((0.0, cut_s))
        self._word_gone(store.discarded)
        self.gone_label.setPos(cut_s, 0)
        if self.cursor_index >= 0:
            self.cursor_index = max(0, self.cursor_index - cut)
        self.lanes_picture.forget()
        self._layout_key = None
        self._relayout(force=True)
        self.raster.update()

    @Slot()
    def redraw(self) -> None:
        """Bring the window up to date (called at display rate)."""
        if self.data.t0 is None:
            return
        if self._follow:
            self._follow_now()
        self._relayout()
        self.raster.update()

    @Slot(int)
    def set_cursor(self, index: int) -> None:
        """Move the cursor line to event ``index`` (no signal: the caller knows)."""
        self.cursor_index = index
        x = self._event_x(index)
        if x is None:
            self.cursor_line.hide()
            return
        self.cursor_line.setValue(x)
        self.cursor_line.show()
        (x0, x1), _ = self.vb.viewRange()
        if not x0 <= x <= x1:  # keep the cursor in view when stepping through events
            if self._follow and x < x0:
                self.follow_live = False
            if not self._follow:
                half = (x1 - x0) / 2
                self._set_x(x - half, x + half)

    @Slot(int)
    def select_task(self, serial: int) -> None:
        """Highlight task ``serial``'s lane (and scroll it into view)."""
        self._selected = serial
        slot = self.data.slot(serial)
        if 0 <= slot < len(self._slot_row) and self._slot_row[slot] >= 0:
            row = float(self._slot_row[slot])
            visible = self._visible_rows()
            if not self._top <= row < self._top + visible - 1:
                self._set_top(row - visible / 3)
        self._update_labels()
        self.raster.update()

    def spotlight_lane(self, lane: str | int, ms: int = SPOTLIGHT_MS) -> bool:
        """Frame a lane for ``ms`` milliseconds (a lesson points at it) and scroll it into
        view: "loop" (the loop's lane), "poll" (its polls) or a task serial. False if that
        lane is not shown."""
        self._relayout()
        if lane in ("loop", "poll"):
            kind = LaneKind.LOOP if lane == "loop" else LaneKind.POLL
            rows = np.flatnonzero(self._row_kind == kind)
            row = int(rows[0]) if len(rows) else -1
        else:
            slot = self.data.slot(int(lane))
            row = int(self._slot_row[slot]) if 0 <= slot < len(self._slot_row) else -1
        if row < 0:
            return False
        if self.spot_band is None:
            self.spot_band = pg.LinearRegionItem(
                orientation="horizontal", movable=False,
                brush=pg.mkBrush(242, 142, 43, 60), pen=pg.mkPen(SPOTLIGHT_COLOUR, width=2))
            self.spot_band.setZValue(9)
            self.vb.addItem(self.spot_band, ignoreBounds=True)
        self.spot_band.setRegion((row, row + 1))
        self.spot_band.show()
        visible = self._visible_rows()
        if not self._top <= row < self._top + visible - 1:
            self._set_top(row - visible / 3)
        self.spotlit_row = row
        self._spot_timer.start(ms)
        return True

    def clear_spotlight(self) -> None:
        self._spot_timer.stop()
        self.spotlit_row = -1
        if self.spot_band is not None:
            self.spot_band.hide()

    @property
    def lane_height(self) -> float:
        """Height of one lane in logical pixels (Ctrl+wheel changes it)."""
        return self._lane_px

    def set_lane_height(self, px: float) -> None:
        """Lanes ``px`` logical pixels high (below 1, several lanes share a pixel row: the
        busiest state wins it)."""
        self._lane_px = min(MAX_LANE_PX, max(MIN_LANE_PX, float(px)))
        self._set_top(self._top)

    @Slot()
    def fit_all(self) -> None:
        """Show the whole recording."""
        end = self.end_s()
        self._auto_span = False
        self._span = max(end * 1.02, MIN_SPAN_S)
        self._set_x(-0.01 * self._span, end + 0.01 * self._span)
        self._after_user_range()

    # -- time range ------------------------------------------------------------------------------
    def _end_ts(self) -> int:
        end = self.data.t_end
        if self.live_clock is not None:
            end = max(end, int(self.live_clock()))
        return end

    def end_s(self) -> float:
        """Where the drawn recording ends, in seconds from its first event (live: now)."""
        t0 = self.data.t0
        return 0.0 if t0 is None else (self._end_ts() - t0) / 1e9

    def _event_x(self, index: int) -> float | None:
        store, t0 = self.store, self.data.t0
        if store is None or t0 is None or not 0 <= index < len(store):
            return None
        return (int(store.ts[index]) - t0) / 1e9

    def _set_x(self, x0: float, x1: float) -> None:
        self._syncing = True
        try:
            self.vb.setXRange(x0, x1, padding=0)
        finally:
            self._syncing = False
        self._range_changed()

    def _follow_now(self) -> None:
        end = self.end_s()
        if self._auto_span:
            self._span = min(max(end * 1.05, 1e-3), DEFAULT_SPAN_S)
        span = self._span
        x1 = end + 0.02 * span
        x0 = x1 - span
        if x0 < -0.01 * span:  # the recording is shorter than the window: start at 0
            x0 = -0.01 * span
            x1 = x0 + span
        # Move by whole device pixels: the previous picture then shifts exactly and only the
        # newly exposed strip is rasterised (see _frame).
        pixels = round(self.vb.width() * self.devicePixelRatioF())
        if pixels > 0:
            step = span / pixels
            x0 = math.floor(x0 / step) * step
            x1 = x0 + pixels * step
        self._set_x(x0, x1)

    def _zoom_time(self, factor: float, centre: float) -> None:
        (x0, x1), _ = self.vb.viewRange()
        span = max((x1 - x0) * factor, MIN_SPAN_S)
        if self._follow:  # zoom at the live edge: following goes on
            self._auto_span = False
            self._span = span
            self._follow_now()
            return
        frac = (centre - x0) / (x1 - x0) if x1 > x0 else 0.5
        new0 = centre - frac * span
        self._set_x(new0, new0 + span)
        self._after_user_range()

    def _pan_time(self, fraction: float) -> None:
        (x0, x1), _ = self.vb.viewRange()
        d = (x1 - x0) * fraction
        self._set_x(x0 + d, x1 + d)
        self._after_user_range()

    def _manual_range(self, *_: object) -> None:
        """pyqtgraph moved the view for the mouse (drag)."""
        if self._syncing:
            return
        _, (y0, _) = self.vb.viewRange()
        self._set_top(y0)
        self._after_user_range()

    def _after_user_range(self) -> None:
        """The user moved the time window: following live goes on only if the live edge is
        still in view (scrolling back turns it off; zooming at the live edge does not)."""
        (x0, x1), _ = self.vb.viewRange()
        if self.data.t0 is None:
            return
        if x1 < self.end_s() - 1e-12:
            self.follow_live = False
        else:
            self._auto_span = False
            self._span = x1 - x0
            self.follow_live = True

    def _follow_toggled(self, on: bool) -> None:
        self.follow_live = on
        self.redraw()

    def _collapse_toggled(self, on: bool) -> None:
        self._collapse = on
        self._relayout(force=True)
        self.raster.update()

    def _range_changed(self, *_: object) -> None:
        self.raster.set_rect(self.vb.viewRect())
        if not self._syncing:
            self._relayout()

    # -- lanes (y) -------------------------------------------------------------------------------
    def _visible_rows(self) -> float:
        return max(1.0, self.vb.height() / self._lane_px) if self.vb.height() > 0 else 20.0

    def _max_top(self) -> float:
        return max(0.0, len(self._row_kind) - self._visible_rows() + 0.5)

    def _set_top(self, top: float) -> None:
        top = min(max(top, -0.0), self._max_top())
        self._top = top
        self._syncing = True
        try:
            self.vb.setYRange(top, top + self._visible_rows(), padding=0)
            self.lane_scroll.setRange(0, math.ceil(self._max_top()))
            self.lane_scroll.setPageStep(max(1, int(self._visible_rows())))
            self.lane_scroll.setValue(round(top))
        finally:
            self._syncing = False
        self.raster.set_rect(self.vb.viewRect())
        self._update_labels()
        self.raster.update()

    def _scrolled(self, value: int) -> None:
        if not self._syncing:
            self._set_top(float(value))

    def _resized(self, *_: object) -> None:
        self._set_top(self._top)
        self.axis.picture = None

    def _lane_wheel(self, ev: QGraphicsSceneWheelEvent) -> None:
        delta = ev.delta() / 120
        if ev.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_lane_height(self._lane_px * 1.15 ** delta)
        else:
            self._set_top(self._top - 3 * delta)
        ev.accept()

    def _relayout(self, force: bool = False) -> None:
        """Decide the rows for the current window (cheap when nothing changed)."""
        data = self.data
        (x0s, x1s), _ = self.vb.viewRange()
        t0 = data.t0 or 0
        x0, x1 = t0 + int(x0s * 1e9), t0 + int(x1s * 1e9)
        lay = data.layout(x0, x1, self._collapse)
        key = (tuple(lay.fixed), lay.finished_before, lay.starting_after, len(lay.slots),
               lay.slots.tobytes())
        if not force and key == self._layout_key:
            return
        self._layout_key = key
        self._layout_version += 1
        rows = lane_rows(lay, data.lanes, data.n_slots)
        # Keep the first task in view where it is while lanes above it collapse or appear.
        top = anchored_top(self._row_kind, self._row_ref, rows.slot_row, self._top)
        self._row_kind, self._row_ref = rows.kind, rows.ref
        self._summary = (lay.finished_before, lay.starting_after)
        self._slot_row, self._lane_row = rows.slot_row, rows.lane_row
        self._set_top(top)
        self._update_labels()

    def _update_labels(self) -> None:
        """Labels for the rows in view (thinned out when lanes are shorter than the text)."""
        _, (y0, y1) = self.vb.viewRange()
        n = len(self._row_kind)
        r0, r1 = max(0, math.floor(y0)), min(n, math.ceil(y1))
        metrics = QFontMetrics(self.axis.style.get("tickFont") or QFont())
        width = LABEL_WIDTH - 12
        labels = {
            r + 0.5: metrics.elidedText(self._row_label(r), Qt.TextElideMode.ElideMiddle, width)
            for r in labelled_rows(self._row_kind, r0, r1, self._lane_px, metrics.height())}
        self.axis.set_labels(labels)

    def _row_label(self, row: int) -> str:
        return row_label(tr, self.data, self.store, int(self._row_kind[row]),
                         int(self._row_ref[row]), self._selected, self._summary)

    # -- painting --------------------------------------------------------------------------------
    def _paint_lanes(self, painter: QPainter) -> None:
        if self.data.t0 is None:
            return
        lanes = LanesInView(self.data, self._end_ts(), self._row_kind, self._slot_row,
                            self._lane_row, self._layout_version, self._selected, self._lane_px)
        self.lanes_picture.paint(painter, self.vb.viewRect(), lanes)

    def picture(self) -> np.ndarray | None:
        """The lanes as last painted: (height, width) RGB32 pixels, column 0 on the left."""
        return self.lanes_picture.picture()

    # -- interaction -----------------------------------------------------------------------------
    def _row_at(self, y: float) -> int:
        r = math.floor(y)
        return r if 0 <= r < len(self._row_kind) else -1

    def _clicked(self, pos: QPointF) -> None:
        data = self.data
        if data.t0 is None:
            return
        index = data.nearest_event(data.t0 + round(pos.x() * 1e9))
        if index >= 0:
            self.set_cursor(index)
            self.cursor_moved.emit(index)
        row = self._row_at(pos.y())
        if row >= 0 and self._row_kind[row] == LaneKind.TASK:
            self._select_row(row)

    def _label_clicked(self, y: float) -> None:
        row = self._row_at(y)
        if row >= 0 and self._row_kind[row] == LaneKind.TASK:
            self._select_row(row)
        elif row >= 0 and self._row_kind[row] == SUMMARY:
            self.collapse_box.setChecked(False)  # show them all

    def _select_row(self, row: int) -> None:
        serial = int(self.data.slot_serial[self._row_ref[row]])
        self._selected = serial
        self._update_labels()
        self.raster.update()
        self.task_selected.emit(serial)

    def _hovered(self, pos: QPointF | None) -> None:
        if pos is None or self.data.t0 is None:
            return
        self.info.setText(self.hover_text(pos.x(), pos.y()))

    def hover_text(self, x: float, y: float) -> str:
        """What is under the point (x seconds, y lanes): for the info line."""
        data = self.data
        t0 = data.t0 or 0
        ts = t0 + round(x * 1e9)
        (x0, x1), _ = self.vb.viewRange()
        at = tr("at {t}").format(t=time_text(x, x1 - x0))
        row = self._row_at(y)
        if row < 0:
            return at
        slack = int((x1 - x0) * 1e9 * 3 / max(1.0, self.vb.width()))  # 3 pixels
        return point_text(tr, data, self.store, at, self._row_label(row),
                          int(self._row_kind[row]), int(self._row_ref[row]), ts, self._end_ts(),
                          slack, y - row)

    # -- keys ------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.plot and isinstance(event, QKeyEvent) and \
                event.type() == QEvent.Type.KeyPress and self._key(event):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._key(event):
            super().keyPressEvent(event)

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        k = Qt.Key
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                | Qt.KeyboardModifier.AltModifier):
            return False  # leave the window's shortcuts alone
        (x0, x1), _ = self.vb.viewRange()
        centre = (x0 + x1) / 2
        if key in (k.Key_W, k.Key_Plus, k.Key_Equal):
            self._zoom_time(0.8, centre)
        elif key in (k.Key_S, k.Key_Minus):
            self._zoom_time(1.25, centre)
        elif key == k.Key_A:
            self._pan_time(-0.2)
        elif key == k.Key_D:
            self._pan_time(0.2)
        elif key == k.Key_Up:
            self._set_top(self._top - 1)
        elif key == k.Key_Down:
            self._set_top(self._top + 1)
        elif key == k.Key_PageUp:
            self._set_top(self._top - self._visible_rows() + 1)
        elif key == k.Key_PageDown:
            self._set_top(self._top + self._visible_rows() - 1)
        elif key == k.Key_F:
            self.follow_live = True
            self.redraw()
        elif key == k.Key_0:
            self.fit_all()
        else:
            return False
        event.accept()
        return True
