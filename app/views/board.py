"""The scheduler board: tasks as tokens moving between registered, ready and running, beside
the kernel's event queue.

The maths (areas, slots, easing, captions, arrows) is in :mod:`app.model.board`. Here,
ONE graphics item paints the whole board: every Python ``paint`` called from Qt must take the
GIL, and while the observed loop runs a CPU-bound step on the engine thread each acquisition
can wait a whole switch interval — forty token items would cost forty waits per repaint, one
item costs one. Tokens and arrows are plain sprites (animation state only). One QTimer drives
every animation and stops when nothing moves.

Two ways to be fed:

- live (:meth:`BoardView.show_live`): once per frame, the latest state; tokens glide to their
  new places and the tasks that ran during the frame flash in the running slot — at live speed
  a step lasts microseconds and a board that only showed "now" would look idle;
- event by event (:meth:`BoardView.play`): after a step or when replaying, each recorded event
  is shown in turn, animated, with its caption and its wake-up arrow.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from app.model import board as bm
from app.model.state import SchedulerState
from app.trace.events import Ev
from app.trace.store import EventStore
from app.trace.text import Describer
from app.views.gil_held import GilHeldEvents

PALETTE = [QColor(c) for c in (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#7f7f7f", "#2f8f9d", "#c05a8d")]
AREA_FILL = {
    "kernel": QColor("#eef1f8"), "io": QColor("#f4f8ee"), "timer": QColor("#fbf6ea"),
    "waiting": QColor("#f6f0f8"), "thread": QColor("#eef6f6"), "ready": QColor("#fff6e5"),
    "running": QColor("#eaf6ea"), "done": QColor("#f3f3f3"),
}
ALARM = QColor("#d32f2f")
MOVE_MS = 260  # one token move at normal speed
ARROW_MS = 900
MAX_ARROWS = 12  # arrows on the board at once (each costs a stroked, translucent path)
# Repaint period while something moves: 60 Hz when one event animates at a time (stepping,
# slow motion, replay); 30 Hz following a live loop, where the state itself changes at
# most 30 times a second and each repaint competes for the GIL with the observed loop.
STEP_FRAME_MS = 16
LIVE_FRAME_MS = 33
FLASH_MS = 700
#: Events stepped through / played at most this far behind the newest one: older ones are
#: skipped (the board shows the state after each event, so skipping loses a caption and an
#: arrow, never a move; the log keeps them all). Without a bound a busy run paused, or slow
#: motion faster than the animations, left the board tens of seconds behind the status bar.
#: The events kept share the time of one move (see :meth:`BoardView.play`).
MAX_BEHIND = 12


def _rectf(r: bm.Rect) -> QRectF:
    return QRectF(r.x, r.y, r.w, r.h)


def draw_icon(painter: QPainter, area: str, r: QRectF) -> None:
    """A tiny vector icon for where a token is (glyph fonts vary too much between systems)."""
    painter.save()
    painter.setPen(QPen(QColor("#222222"), 1.4))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    c = r.center()
    if area == "io":  # an up and a down arrow: data in and out of an fd
        for x, up in ((r.left() + r.width() * 0.3, True), (r.left() + r.width() * 0.7, False)):
            top, bottom = r.top() + 1, r.bottom() - 1
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))
            tip = top if up else bottom
            d = 3 if up else -3
            painter.drawLine(QPointF(x, tip), QPointF(x - 2.5, tip + d))
            painter.drawLine(QPointF(x, tip), QPointF(x + 2.5, tip + d))
    elif area == "timer":  # a clock
        painter.drawEllipse(r.adjusted(1, 1, -1, -1))
        painter.drawLine(c, QPointF(c.x(), r.top() + 3))
        painter.drawLine(c, QPointF(r.right() - 3, c.y()))
    elif area == "waiting":  # an hourglass
        path = QPainterPath(QPointF(r.left() + 2, r.top() + 1))
        path.lineTo(r.right() - 2, r.top() + 1)
        path.lineTo(r.left() + 2, r.bottom() - 1)
        path.lineTo(r.right() - 2, r.bottom() - 1)
        path.closeSubpath()
        painter.drawPath(path)
    elif area == "thread":  # a spool of thread: a circle with a line through it
        painter.drawEllipse(r.adjusted(2, 2, -2, -2))
        painter.drawLine(QPointF(r.left(), c.y()), QPointF(r.right(), c.y()))
    elif area == "running":  # play
        painter.setBrush(QColor("#1b5e20"))
        path = QPainterPath(QPointF(r.left() + 2, r.top() + 1))
        path.lineTo(r.right() - 1, c.y())
        path.lineTo(r.left() + 2, r.bottom() - 1)
        path.closeSubpath()
        painter.drawPath(path)
    elif area == "ready":  # an arrow towards the head of the queue
        painter.drawLine(QPointF(r.left() + 1, c.y()), QPointF(r.right() - 1, c.y()))
        painter.drawLine(QPointF(r.right() - 1, c.y()), QPointF(r.right() - 4, c.y() - 3))
        painter.drawLine(QPointF(r.right() - 1, c.y()), QPointF(r.right() - 4, c.y() + 3))
    elif area == "done":  # a check mark
        painter.drawLine(QPointF(r.left() + 1, c.y()), QPointF(c.x() - 1, r.bottom() - 2))
        painter.drawLine(QPointF(c.x() - 1, r.bottom() - 2), QPointF(r.right() - 1, r.top() + 2))
    painter.restore()



class Label:
    """A piece of text the board paints (caption, running-slot note, chip count)."""

    def __init__(self, text: str = "") -> None:
        self.text = text
        self.opacity = 1.0


class TokenSprite:
    """One task's token: where it is drawn now and where it is going."""

    def __init__(self, serial: int) -> None:
        self.serial = serial
        self.token: bm.Token | None = None
        self.start = bm.Rect(0, 0, bm.TOKEN_W, bm.TOKEN_H)
        self.target = self.start
        self.t0 = 0.0
        self.duration = 0.0
        self.selected = False

    def move_to(self, target: bm.Rect, now: float, duration: float) -> None:
        if target == self.target:
            return
        current = self.current(now)
        self.start, self.target, self.t0, self.duration = current, target, now, duration
        if duration <= 0:
            self.start = target

    def current(self, now: float | None = None) -> bm.Rect:
        if self.duration <= 0:
            return self.target
        now = time.monotonic() if now is None else now
        return bm.lerp_rect(self.start, self.target, (now - self.t0) / self.duration)

    def animating(self, now: float) -> bool:
        return self.duration > 0 and now - self.t0 < self.duration

    def pos(self) -> QPointF:
        r = self.current()
        return QPointF(r.x, r.y)


class ArrowSprite:
    """A brief arrow from a wake-up's cause to the task it made ready.

    Its path, pen and brush are built once: a live board repaints every arrow up to 60 times
    a second, and each Qt object built in ``paint`` costs a GIL round trip while the
    observed loop runs Python on the engine thread.
    """

    def __init__(self, source: QPointF, target: QPointF, colour: QColor, t0: float) -> None:
        self.source, self.target, self.t0 = source, target, t0
        self.key = (source.x(), source.y(), target.x(), target.y())
        self.path = QPainterPath(source)
        mid = QPointF((source.x() + target.x()) / 2, min(source.y(), target.y()) - 30)
        self.path.quadTo(mid, target)
        self.pen = QPen(colour, 2.5)
        self.brush = QBrush(colour)

    def alive(self, now: float) -> bool:
        return now - self.t0 < ARROW_MS / 1000


class BoardItem(QGraphicsItem):
    """Paints every area, the kernel, the tokens, chips, arrows and the caption."""

    def __init__(self, view: BoardView) -> None:
        super().__init__()
        self.view = view
        self.setAcceptHoverEvents(True)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, bm.SCENE_W, bm.SCENE_H)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        view = self.view
        model = view.model
        now = time.monotonic()
        for key, title in view.titles.items():
            self._area(painter, key, title, view.count_texts.get(key, ""),
                       key == "running" and view.running_alarm)
        self._kernel(painter, model)
        self._text(painter, view.running_rect, view.running_text, "#1b5e20")
        if model.ready_callbacks:  # plain callbacks queue too, but are not tokens
            ready = bm.AREAS["ready"]
            self._text(painter, QRectF(ready.x, ready.y + ready.h - 24, ready.w, 24),
                       Label(view.tr("+ {n} plain callback(s) queued").format(
                           n=model.ready_callbacks)), "#7a5a00")
        earlier = model.counts.get("done_earlier", 0)
        if earlier:  # counted in the header; their events were let go (retention window)
            done = bm.AREAS["done"]
            self._text(painter, QRectF(done.x, done.y + done.h - 40, done.w, 40),
                       Label(view.tr("+ {n} finished before the events held").format(
                           n=earlier)), "#555555")
        for key, chip in model.chips.items():
            r = _rectf(bm.slot_rect(chip.area, chip.slot)).adjusted(1, 1, -1, -1)
            painter.setPen(QPen(QColor("#555555"), 1, Qt.PenStyle.DashLine))
            painter.setBrush(QColor("#ffffff"))
            painter.drawRoundedRect(r, 10, 10)
            painter.setPen(QColor("#333333"))
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, view.chips[key].text)
        for sprite in view.tokens.values():
            self._token(painter, sprite, now)
        for arrow in view.arrows:
            self._arrow(painter, arrow, now)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#fff8dc"))
        painter.drawRoundedRect(_rectf(bm.CAPTION_RECT), 6, 6)
        self._text(painter, _rectf(bm.CAPTION_RECT), view.caption, "#111111")

    @staticmethod
    def _area(painter: QPainter, key: str, title: str, count: str, alarm: bool) -> None:
        r = _rectf(bm.AREAS[key])
        painter.setPen(QPen(ALARM if alarm else QColor("#b8bcc8"), 2 if alarm else 1))
        painter.setBrush(AREA_FILL[key])
        painter.drawRoundedRect(r, 6, 6)
        regular = painter.font()
        bold = QFont(regular)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#333333"))
        painter.drawText(r.adjusted(8, 3, -8, 0), Qt.AlignmentFlag.AlignLeft, title)
        painter.setFont(regular)
        painter.drawText(r.adjusted(8, 3, -8, 0), Qt.AlignmentFlag.AlignRight, count)

    def _kernel(self, painter: QPainter, model: bm.BoardModel) -> None:
        area = bm.AREAS["kernel"]
        box = QRectF(area.x + 6, area.y + bm.HEADER_H, area.w - 12, bm.KERNEL_WAIT_H - 8)
        painter.setPen(QPen(QColor("#6a3d9a"), 2 if model.blocked else 1))
        painter.setBrush(QColor("#e6dcf2") if model.blocked else QColor("#ffffff"))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(QColor("#3b2063"))
        painter.drawText(box.adjusted(6, 4, -6, -4),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
                         model.wait_text)
        rows = model.fd_rows
        if not rows:
            painter.setPen(QColor("#777777"))
            painter.drawText(_rectf(bm.fd_row_rect(0)), Qt.AlignmentFlag.AlignLeft,
                             self.view.no_fd_text)
        capacity = int((area.h - bm.HEADER_H - bm.KERNEL_WAIT_H) // bm.FD_ROW_H)
        for i, row in enumerate(rows[:capacity]):
            r = _rectf(bm.fd_row_rect(i))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#ffd54f") if row.fired else QColor("#ffffff"))
            painter.drawRoundedRect(r, 3, 3)
            painter.setPen(QColor("#222222"))
            owner = self.view.self_pipe_label if row.self_pipe else row.owner
            painter.drawText(r.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter,
                             f"fd {row.fd} · {bm.mask_text(row.mask)} · {owner}")
        if len(rows) > capacity:
            painter.drawText(_rectf(bm.fd_row_rect(capacity)), Qt.AlignmentFlag.AlignLeft,
                             self.view.tr("… {n} more fds").format(n=len(rows) - capacity))

    @staticmethod
    def _token(painter: QPainter, sprite: TokenSprite, now: float) -> None:
        token = sprite.token
        if token is None:
            return
        g = sprite.current(now)
        r = QRectF(g.x + 1, g.y + 1, g.w - 2, g.h - 2)
        colour = QColor(PALETTE[bm.colour_index(sprite.serial, len(PALETTE))])
        painter.setOpacity(token.fade)
        painter.setPen(QPen(ALARM, 3) if token.alarm else
                       QPen(QColor("#111111"), 2) if sprite.selected
                       else QPen(colour.darker(130)))
        painter.setBrush(colour.lighter(150))
        painter.drawRoundedRect(r, 10, 10)
        draw_icon(painter, token.area, QRectF(r.x() + 6, r.y() + 4, r.height() - 8,
                                              r.height() - 8))
        painter.setPen(QColor("#111111"))
        painter.drawText(r.adjusted(r.height() + 2, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter,
                         token.label)
        painter.setOpacity(1.0)

    @staticmethod
    def _arrow(painter: QPainter, arrow: ArrowSprite, now: float) -> None:
        age = (now - arrow.t0) / (ARROW_MS / 1000)
        painter.setOpacity(max(0.0, 1.0 - age))
        painter.setPen(arrow.pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(arrow.path)
        painter.setBrush(arrow.brush)
        painter.drawEllipse(arrow.target, 4, 4)
        painter.setOpacity(1.0)

    @staticmethod
    def _text(painter: QPainter, rect: QRectF, label: Label, colour: str) -> None:
        if not label.text:
            return
        painter.setOpacity(label.opacity)
        painter.setPen(QColor(colour))
        painter.drawText(rect.adjusted(8, 4, -8, -4),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap), label.text)
        painter.setOpacity(1.0)

    def sprite_at(self, point: QPointF) -> TokenSprite | None:
        for sprite in self.view.tokens.values():
            r = sprite.current()
            if r.x <= point.x() <= r.x + r.w and r.y <= point.y() <= r.y + r.h:
                return sprite
        return None

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        sprite = self.sprite_at(event.pos())
        if sprite is None:
            event.ignore()
            return
        self.view.select(sprite.serial)
        self.view.task_selected.emit(sprite.serial)

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        sprite = self.sprite_at(event.pos())
        token = sprite.token if sprite is not None else None
        self.setToolTip(f"{token.label} (#{token.serial})\n{token.detail}" if token else "")


class BoardView(GilHeldEvents, QGraphicsView):
    task_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board")
        self.scene_ = QGraphicsScene(0, 0, bm.SCENE_W, bm.SCENE_H, self)
        self.setScene(self.scene_)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setBackgroundBrush(QColor("#fbfbfd"))
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.self_pipe_label = self.tr("self-pipe: wakes the loop from other threads")
        titles = {
            "kernel": self.tr("Kernel — the OS event queue"),
            "io": self.tr("Registered · I/O (fd)"),
            "timer": self.tr("Registered · timers (soonest first)"),
            "waiting": self.tr("Registered · another task / a future"),
            "thread": self.tr("Registered · a thread"),
            "ready": self.tr("Ready queue ↓"),
            "running": self.tr("Running (one at a time)"),
            "done": self.tr("Done (recent first)"),
        }
        self.titles = titles
        self.count_texts: dict[str, str] = {}
        self.running_alarm = False
        self.no_fd_text = self.tr("no fd registered")
        running = bm.AREAS["running"]
        self.running_rect = QRectF(running.x, running.y + bm.HEADER_H + 24, running.w,
                                   running.h - bm.HEADER_H - 24)
        self.running_text = Label()
        self.caption = Label()
        self.tokens: dict[int, TokenSprite] = {}
        self.chips: dict[str, Label] = {}
        self.arrows: list[ArrowSprite] = []
        self.item = BoardItem(self)
        self.scene_.addItem(self.item)
        self.flash_t0 = 0.0
        self.selected = 0
        self.model = bm.BoardModel()
        self.caption_step = -1
        #: Off: every change is immediate (deterministic tests, or a user's preference).
        self.animations = True
        self.speed = 1.0  # > 1 slows animations down (slow motion)
        self._queue: deque[int] = deque()
        self._due = 0.0  # monotonic time by which the newest event played is shown
        #: Event indices shown one by one (stepping / replay), most recent last (bounded).
        self.shown: deque[int] = deque(maxlen=4096)
        self._state_at: Callable[[int], SchedulerState] | None = None
        self._store: EventStore | None = None
        self._describer: Describer | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(STEP_FRAME_MS)
        self.timer.timeout.connect(self._animate)
        self._play_timer = QTimer(self)
        self._play_timer.setSingleShot(True)
        self._play_timer.timeout.connect(self._play_next)

    # -- feeding -------------------------------------------------------------------------------
    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fitInView(self.scene_.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def _duration(self) -> float:
        return MOVE_MS * self.speed / 1000 if self.animations else 0.0

    def show_state(self, state: SchedulerState, store: EventStore, describer: Describer,
                   now: int | None = None, duration: float | None = None) -> None:
        """Lay the board out for ``state``; tokens glide (or jump) to their places."""
        self._store, self._describer = store, describer
        model = bm.layout(state, store, describer, now)
        self.model = model
        t = time.monotonic()
        move = self._duration() if duration is None else duration
        for serial in [s for s in self.tokens if s not in model.tokens]:
            del self.tokens[serial]
        for serial, token in model.tokens.items():
            sprite = self.tokens.get(serial)
            if sprite is None:
                sprite = self.tokens[serial] = TokenSprite(serial)
                sprite.selected = serial == self.selected
                sprite.move_to(bm.slot_rect(token.area, token.slot), t, 0)
            else:
                sprite.move_to(bm.slot_rect(token.area, token.slot), t, move)
            sprite.token = token
        self.chips = {key: Label(self.tr("+ {n} more").format(n=chip.count))
                      for key, chip in model.chips.items()}
        for key in self.titles:
            count = model.counts.get(key, 0)
            if key == "kernel":
                self.count_texts[key] = self.tr("{n} fds").format(n=len(model.fd_rows))
            else:
                self.count_texts[key] = str(count)
        self.running_alarm = any(t.alarm for t in model.tokens.values() if t.area == "running")
        if model.running_text:
            self.running_text.text = model.running_text
            self.running_text.opacity = 1.0
        elif not self.flash_t0:  # nothing runs now (a live frame's "ran…" fades by itself)
            self.running_text.text = ""
        self.item.update()
        self._kick()

    def show_live(self, state: SchedulerState, store: EventStore, describer: Describer,
                  start: int, end: int, now: int | None = None) -> None:
        """Once per frame while running: the latest state, what ran, the last wake-ups."""
        self._queue.clear()
        self.timer.setInterval(LIVE_FRAME_MS)
        self.show_state(state, store, describer, now, duration=min(self._duration(), 0.12))
        self.set_caption(end - 1)  # the newest event, also when none is new (back from replay)
        if end > start:
            kinds = store.kind[start:end]
            ran = {int(s) for s in store.task[start:end][kinds == int(Ev.STEP_BEGIN)]}
            running = {t.serial for t in self.model.tokens.values() if t.area == "running"}
            ran -= running
            if ran and not self.model.running_text:
                names = [store.task_name(s) for s in sorted(ran)[:6]]
                more = len(ran) - len(names)
                self.running_text.text = self.tr("ran during the last frame: {names}").format(
                    names=", ".join(names) + (self.tr(" and {n} more").format(n=more)
                                              if more > 0 else ""))
                self.flash_t0 = time.monotonic()
                self.running_text.opacity = 1.0
            ready = [i for i in range(max(start, end - 2000), end)
                     if int(store.kind[i]) == Ev.TASK_READY][-3:]
            for i in ready:
                self.add_arrow(i)
        self._kick()

    def play(self, indices: list[int], state_at: Callable[[int], SchedulerState],
             store: EventStore, describer: Describer) -> None:
        """Show the state after each event of ``indices`` in turn (stepping, replay), the last
        of them one move from now: the log and the status bar show a stepped unit at once,
        and a move per event would keep the board a second behind them (a tcp-echo unit
        records four events; pausing a busy run hands over twelve)."""
        self.timer.setInterval(STEP_FRAME_MS)
        self._state_at, self._store, self._describer = state_at, store, describer
        self._queue.extend(indices)
        while len(self._queue) > MAX_BEHIND:
            self._queue.popleft()
        if indices:
            self._due = time.monotonic() + self._duration()
        if not self._play_timer.isActive():
            self._play_next()

    def stop(self) -> None:
        """Forget the events still to show, and what was said about the last one (a new
        recording starts: its caption and arrows were about an event of the old one)."""
        self._queue.clear()
        self._play_timer.stop()
        self.shown.clear()
        self.caption.text, self.caption_step = "", -1
        self.arrows = []
        self.flash_t0 = 0.0
        self.running_text.text = ""
        self.item.update()

    def trim(self, cut: int) -> None:
        """Older events were let go: renumber the events still to show (or shown)."""
        self._queue = deque(i - cut for i in self._queue if i >= cut)
        self.shown = deque((i - cut for i in self.shown if i >= cut), maxlen=self.shown.maxlen)

    def playing(self) -> bool:
        return bool(self._queue) or self._play_timer.isActive()

    def _play_next(self) -> None:
        if not self._queue or self._state_at is None or self._store is None \
                or self._describer is None:
            return
        # The events still to show share the time left (a timer that fires late leaves less).
        pace = max(0.0, self._due - time.monotonic()) / len(self._queue)
        self.show_index(self._queue.popleft(), pace)
        if self._queue:
            self._play_timer.start(int(pace * 1000))

    def show_index(self, index: int, duration: float | None = None) -> None:
        """The board after event ``index`` (state of events [0, index]), with its caption."""
        assert self._state_at is not None and self._store is not None
        assert self._describer is not None
        state = self._state_at(index + 1)
        self.show_state(state, self._store, self._describer, duration=duration)
        self.shown.append(index)
        self.set_caption(index)
        self.add_arrow(index)

    def set_caption(self, index: int) -> None:
        """Say what event ``index`` was (-1: no event yet, no caption)."""
        if self._store is None or self._describer is None:
            return
        text, step = bm.caption(self._store, index, self._describer) if index >= 0 else ("", -1)
        self.caption.text = text
        self.caption_step = step
        self.item.update()

    def add_arrow(self, index: int) -> ArrowSprite | None:
        store = self._store
        if store is None:
            return None
        arrow = bm.wake_arrow(store, index)
        if arrow is None or arrow.target not in self.tokens:
            return None
        target = self.tokens[arrow.target].target
        end = QPointF(target.x + 6, target.y + target.h / 2)
        start = self._arrow_source(arrow)
        if start is None:
            return None
        sprite = ArrowSprite(start, end, QColor(PALETTE[bm.colour_index(
            arrow.target, len(PALETTE))]).darker(), time.monotonic())
        # The same wake-up again (a live loop repeats its pattern) renews the arrow instead of
        # stacking copies; past MAX_ARROWS the oldest fades out at once.
        self.arrows = [a for a in self.arrows if a.key != sprite.key][-(MAX_ARROWS - 1):]
        self.arrows.append(sprite)
        self._kick()
        return sprite

    def _arrow_source(self, arrow: bm.Arrow) -> QPointF | None:
        if arrow.source == "fd":
            for row, fd_row in enumerate(self.model.fd_rows):
                if fd_row.fd == arrow.detail:
                    r = bm.fd_row_rect(row)
                    return QPointF(r.x + r.w, r.y + r.h / 2)
            area = bm.AREAS["kernel"]
            return QPointF(area.x + area.w, area.y + 40)
        if arrow.source == "task":
            source = self.tokens.get(arrow.detail)
            if source is not None:
                r = source.target
                return QPointF(r.x + r.w, r.y + r.h / 2)
        area = bm.AREAS[{"timer": "timer", "thread": "thread"}.get(arrow.source, "waiting")]
        return QPointF(area.x + area.w, area.y + bm.HEADER_H)

    # -- animation -----------------------------------------------------------------------------
    def _kick(self) -> None:
        if not self.timer.isActive():
            self.timer.start()
        self._animate()

    def _animate(self) -> None:
        now = time.monotonic()
        moving = any(sprite.animating(now) for sprite in self.tokens.values())
        alive = [arrow for arrow in self.arrows if arrow.alive(now) and self.animations]
        moving = moving or bool(alive)
        self.arrows = alive
        if self.flash_t0 and not self.model.running_text:
            age = (now - self.flash_t0) / (FLASH_MS / 1000)
            self.running_text.opacity = max(0.0, 1.0 - age)
            if age >= 1:
                self.flash_t0 = 0.0
                self.running_text.text = ""
            else:
                moving = True
        self.item.update()  # one repaint of the one item
        if not moving:
            self.timer.stop()

    def select(self, serial: int) -> None:
        for sprite in self.tokens.values():
            sprite.selected = sprite.serial == serial
        self.selected = serial
        self.item.update()

    # -- for tests and tooltips ----------------------------------------------------------------
    def area_of(self, serial: int) -> str | None:
        token = self.model.tokens.get(serial)
        return token.area if token else None

    def ready_order(self) -> list[int]:
        return [t.serial for t in sorted(
            (t for t in self.model.tokens.values() if t.area == "ready"),
            key=lambda t: t.slot)]
