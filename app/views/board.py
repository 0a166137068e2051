"""The scheduler board: tasks as tokens moving between registered, ready and running, beside
the kernel's event queue.

The maths is in the model layer: what each token says and which area and slot it takes
(:mod:`app.model.board`), where areas, slots, rows and notes sit (:mod:`app.model.board_layout`),
and how tokens glide, arrows fade and played events are paced over time
(:mod:`app.model.board_motion`, :mod:`app.model.animation`). The view reads its clock once per
frame, passes that instant to the model and draws what it says.

ONE graphics item paints the whole board: every Python ``paint`` called from Qt must take the
GIL, and while the observed loop runs a CPU-bound step on the engine thread each acquisition
can wait a whole switch interval — forty token items would cost forty waits per repaint, one
item costs one. Tokens are no Qt objects at all (their glides are model values); an arrow
keeps only its prebuilt outline and brush. What is the same from frame to frame is drawn
once and copied: the areas and titles (a backdrop pixmap per view size and language) and
each kind of token body (a sprite per colour, area and pen). One QTimer drives every
animation and stops when nothing moves.

Two ways to be fed:

- live (:meth:`BoardView.show_live`): once per frame, the latest state; tokens glide to their
  new places, never overlapping on the way (a token that would cross another jumps), and the
  tasks that ran during the frame flash in the running slot — at live speed a step lasts
  microseconds and a board that only showed "now" would look idle; only the newest few
  wake-up arrows are drawn, the older fainter;
- event by event (:meth:`BoardView.play`): after a step or when replaying, each recorded event
  is shown in turn, animated, with its caption and its wake-up arrow.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPixmap,
    QResizeEvent,
    QStaticText,
    QTransform,
)
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
from app.model import board_layout as bl
from app.model.animation import Animation
from app.model.board_motion import (
    LIVE_MOVE_MS,
    MAX_ARROWS,
    MAX_BEHIND,
    MOVE_MS,
    PlayQueue,
    TokenGlides,
    WakeArrow,
    arrow_alphas,
    fade_note,
    move_seconds,
    wake_arrow_shape,
    with_arrow,
)
from app.model.state import SchedulerState
from app.qt.language import tr
from app.trace.store import EventStore
from app.trace.text import QT_TR_NOOP, Describer
from app.views.gil_held import GilHeldEvents
from app.views.spotlight import SPOTLIGHT_COLOUR, SPOTLIGHT_MS, SPOTLIGHT_WIDTH

__all__ = ["MAX_ARROWS", "MAX_BEHIND", "MOVE_MS", "ArrowSprite", "BoardView"]

PALETTE = [QColor(c) for c in (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#7f7f7f", "#2f8f9d", "#c05a8d")]
AREA_FILL = {
    "kernel": QColor("#eef1f8"), "io": QColor("#f4f8ee"), "timer": QColor("#fbf6ea"),
    "waiting": QColor("#f6f0f8"), "thread": QColor("#eef6f6"), "ready": QColor("#fff6e5"),
    "running": QColor("#eaf6ea"), "done": QColor("#f3f3f3"),
}
ALARM = QColor("#d32f2f")
# Repaint period while something moves: 60 Hz when one event animates at a time (stepping,
# slow motion, replay); 30 Hz following a live loop, where the state itself changes at
# most 30 times a second and each repaint competes for the GIL with the observed loop.
STEP_FRAME_MS = 16
LIVE_FRAME_MS = 33
#: The areas' titles (the kernel's and the registered I/O's are the backend's, from
#: BoardModel.kernel_title and io_title), translated where laid out.
AREA_TITLES: dict[str, str] = {
    "kernel": "",
    "io": "",
    "timer": QT_TR_NOOP("Registered · timers (soonest first)"),
    "waiting": QT_TR_NOOP("Registered · another task / a future"),
    "thread": QT_TR_NOOP("Registered · a thread"),
    "ready": QT_TR_NOOP("Ready queue ↓"),
    "running": QT_TR_NOOP("Running (one at a time)"),
    "done": QT_TR_NOOP("Done (recent first)"),
}


def _rectf(r: bl.Rect) -> QRectF:
    return QRectF(r.x, r.y, r.w, r.h)


def _pointf(p: bl.Point) -> QPointF:
    return QPointF(p.x, p.y)


ICON_PEN = QPen(QColor("#222222"), 1.4)
RUNNING_ICON_FILL = QColor("#1b5e20")


def icon_path(area: str, side: float) -> QPainterPath:
    """A tiny vector icon for where a token is, in a ``side`` × ``side`` square at (0, 0)
    (glyph fonts vary too much between systems). Built once per area and drawn translated:
    a path is one painter call where separate lines and ellipses were up to six."""
    r = QRectF(0, 0, side, side)
    c = r.center()
    path = QPainterPath()

    def line(x0: float, y0: float, x1: float, y1: float) -> None:
        path.moveTo(x0, y0)
        path.lineTo(x1, y1)

    if area == "io":  # an up and a down arrow: data in and out of an fd
        for x, up in ((r.width() * 0.3, True), (r.width() * 0.7, False)):
            top, bottom = r.top() + 1, r.bottom() - 1
            line(x, top, x, bottom)
            tip = top if up else bottom
            d = 3 if up else -3
            line(x, tip, x - 2.5, tip + d)
            line(x, tip, x + 2.5, tip + d)
    elif area == "timer":  # a clock
        path.addEllipse(r.adjusted(1, 1, -1, -1))
        line(c.x(), c.y(), c.x(), r.top() + 3)
        line(c.x(), c.y(), r.right() - 3, c.y())
    elif area == "waiting":  # an hourglass
        path.moveTo(r.left() + 2, r.top() + 1)
        path.lineTo(r.right() - 2, r.top() + 1)
        path.lineTo(r.left() + 2, r.bottom() - 1)
        path.lineTo(r.right() - 2, r.bottom() - 1)
        path.closeSubpath()
    elif area == "thread":  # a spool of thread: a circle with a line through it
        path.addEllipse(r.adjusted(2, 2, -2, -2))
        line(r.left(), c.y(), r.right(), c.y())
    elif area == "running":  # play (filled when drawn)
        path.moveTo(r.left() + 2, r.top() + 1)
        path.lineTo(r.right() - 1, c.y())
        path.lineTo(r.left() + 2, r.bottom() - 1)
        path.closeSubpath()
    elif area == "ready":  # an arrow towards the head of the queue
        line(r.left() + 1, c.y(), r.right() - 1, c.y())
        line(r.right() - 1, c.y(), r.right() - 4, c.y() - 3)
        line(r.right() - 1, c.y(), r.right() - 4, c.y() + 3)
    elif area == "done":  # a check mark
        line(r.left() + 1, c.y(), c.x() - 1, r.bottom() - 2)
        line(c.x() - 1, r.bottom() - 2, r.right() - 1, r.top() + 2)
    return path


ICON_SIDE = bl.token_parts(bl.Rect(0, 0, bl.TOKEN_W, bl.TOKEN_H)).icon.w
ICONS = {area: icon_path(area, ICON_SIDE) for area in bl.TOKEN_AREAS}


class TokenInk:
    """The pen and brush of a token of each palette colour, built once (a token drawn 60
    times a second would otherwise build three colours and a pen per frame)."""

    def __init__(self) -> None:
        self.pens = [QPen(colour.darker(130)) for colour in PALETTE]
        self.brushes = [QBrush(colour.lighter(150)) for colour in PALETTE]
        self.alarm = QPen(ALARM, 3)
        self.selected = QPen(QColor("#111111"), 2)
        self.label = QPen(QColor("#111111"))


INK = TokenInk()
#: A token sprite reaches this far (scene units) beyond its slot: an alarming token's 3 px
#: pen is centred on the body's edge, 1 unit inside the slot.
SPRITE_MARGIN = 2.0
#: The board's background colour (the view's, and the backdrop's under the areas).
BACKGROUND = QColor("#fbfbfd")
#: An area's count is right-aligned in its title line; the title is elided to leave it room,
#: rounded up to a multiple of this (px), and the room an area's count got is kept (see
#: BoardItem._count_room): a live ready queue's count swings between 2 and 4 digits every few
#: frames, and each change of room laid the titles out and drew the backdrop again.
COUNT_ROOM_STEP = 8.0


class Label:
    """A piece of text the board paints (caption, running-slot note, chip count)."""

    def __init__(self, text: str = "") -> None:
        self.text = text
        self.opacity = 1.0


class ArrowSprite:
    """A wake-up arrow (:class:`WakeArrow`, from the model) ready to paint.

    Its path, pen and brush are built once: a live board repaints every arrow up to 60 times
    a second, and each Qt object built in ``paint`` costs a GIL round trip while the
    observed loop runs Python on the engine thread.
    """

    def __init__(self, shape: WakeArrow, colour: QColor) -> None:
        self.shape = shape
        self.source, self.target = _pointf(shape.source), _pointf(shape.tip)
        self.path = QPainterPath(self.source)
        self.path.quadTo(_pointf(shape.control), self.target)
        self.pen = QPen(colour, 2.5)
        self.brush = QBrush(colour)
        # The curve's stroke as an outline, with the dot at its tip: one fill per paint
        # instead of stroking the curve anew (the stroker's work) and a second call.
        self.outline = QPainterPathStroker(self.pen).createStroke(self.path)
        self.outline.addEllipse(self.target, 4, 4)

    @property
    def key(self) -> tuple[bl.Point, bl.Point]:
        return self.shape.key


class BoardItem(QGraphicsItem):
    """Paints every area, the kernel, the tokens, chips, arrows and the caption."""

    #: Laid-out words kept between frames (see :meth:`_words`), dropped when this many.
    WORDS_KEPT = 4096

    def __init__(self, view: BoardView) -> None:
        super().__init__()
        self.view = view
        self.setAcceptHoverEvents(True)
        self._laid_out: dict[tuple[str, float, float, bool, int], QStaticText] = {}
        #: The areas' boxes and titles and the caption's box, drawn once per size, language
        #: and title (see :meth:`_backdrop`), and what they were drawn for.
        self._backdrop_pixmap: QPixmap | None = None
        self._backdrop_key: tuple[object, ...] = ()
        #: The widest room each area's count has had beside its title (px, in the painter's
        #: font): it only grows, so the titles are not laid out again as counts swing.
        self._count_room: dict[str, float] = {}
        #: Token sprites (see :meth:`_sprite`) by (colour, area, pen), and the scale
        #: (x, y, device pixel ratio) they were drawn at.
        self._sprites: dict[tuple[int, str, int], QImage] = {}
        self._sprite_scale: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, bl.SCENE_W, bl.SCENE_H)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        view = self.view
        model = view.model
        now = view.clock()  # one instant for every animation drawn in this frame
        regular = painter.font()
        metrics = QFontMetricsF(regular)
        titles: list[tuple[str, str, float]] = []  # (area, title, room left for its count)
        for key, title in view.titles.items():
            if key == "kernel" and model.kernel_title:
                title = model.kernel_title  # what the kernel area holds (IOCP: operations)
            elif key == "io" and model.io_title:
                title = model.io_title
            needed = metrics.horizontalAdvance(view.count_texts.get(key, "")) + 6
            room = max(self._count_room.get(key, 0.0),
                       math.ceil(needed / COUNT_ROOM_STEP) * COUNT_ROOM_STEP)
            self._count_room[key] = room
            titles.append((key, title, room))
        self._backdrop(painter, tuple(titles))
        painter.setPen(QColor("#333333"))
        for key, _, _ in titles:
            self._words(painter, _rectf(bl.title_rect(key)), view.count_texts.get(key, ""),
                        Qt.AlignmentFlag.AlignRight)
        if view.running_alarm:
            painter.setPen(QPen(ALARM, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(_rectf(bl.AREAS["running"]), 6, 6)
        self._kernel(painter, model, view.more_fds)
        self._text(painter, bl.running_note_rect(), view.running_text, "#1b5e20")
        # (Worded when laid out, not here: a paint translates nothing.)
        self._text(painter, bl.ready_note_rect(), view.ready_note, "#7a5a00")
        self._text(painter, bl.done_note_rect(), view.done_note, "#555555")
        for key, chip in model.chips.items():
            r = _rectf(bl.chip_rect(chip.area, chip.slot))
            painter.setPen(QPen(QColor("#555555"), 1, Qt.PenStyle.DashLine))
            painter.setBrush(QColor("#ffffff"))
            painter.drawRoundedRect(r, 10, 10)
            painter.setPen(QColor("#333333"))
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, view.chips[key].text)
        glides = view.glides
        resting: list[tuple[bm.Token, bl.Rect]] = []
        gliding: list[tuple[bm.Token, bl.Rect]] = []  # drawn last: over the tokens at rest
        for serial in glides:
            token = model.tokens.get(serial)
            if token is None or not glides.shown(serial, now):
                continue
            glide = glides.glide(serial)
            if glide.done(now):
                resting.append((token, glide.end))
            else:
                gliding.append((token, glide.value_at(now)))
        self._tokens(painter, resting, view.selected)
        self._tokens(painter, gliding, view.selected)
        painter.setPen(Qt.PenStyle.NoPen)
        for arrow, alpha in view.drawn_arrows(now):
            painter.setOpacity(alpha)
            painter.setBrush(arrow.brush)
            painter.drawPath(arrow.outline)
        painter.setOpacity(1.0)
        self._text(painter, bl.CAPTION_RECT, view.caption, "#111111")
        spot = view.spotlight_rect()
        if spot is not None:  # a lesson points here: a frame just outside the area
            painter.setPen(QPen(SPOTLIGHT_COLOUR, SPOTLIGHT_WIDTH))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(_rectf(spot).adjusted(-3, -3, 3, 3), 10, 10)

    def _words(self, painter: QPainter, rect: QRectF, text: str,
               align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
               wrap: bool = False) -> None:
        """``text`` in ``rect``, as ``drawText`` would draw it (one line elided to the width,
        or wrapped and clipped to the rect), from a layout kept between frames. Facts: the
        board redraws its titles, fd rows, notes and caption every frame, mostly unchanged, and
        ``drawText`` shapes a string anew at each call: 8 µs an English area title, 13 µs a
        Chinese one (measured here); drawn from a kept ``QStaticText``, 4 and 8 µs. → The words
        are laid out once per text, width and font."""
        font = painter.font()
        key = (text, rect.width(), rect.height(), wrap, int(font.bold()))
        words = self._laid_out.get(key)
        if words is None:
            if len(self._laid_out) >= self.WORDS_KEPT:
                self._laid_out.clear()
            # Wrapped text keeps its line breaks: plain-text QStaticText ignores "\n", not
            # U+2028 (a line separator), so a caption's lines stay lines.
            shown = text.replace("\n", "\u2028") if wrap else QFontMetricsF(font).elidedText(
                text, Qt.TextElideMode.ElideRight, rect.width())
            words = QStaticText(shown)
            words.setTextFormat(Qt.TextFormat.PlainText)
            if wrap:
                words.setTextWidth(rect.width())
            self._laid_out[key] = words
        size = words.size()
        x = rect.right() - size.width() if align & Qt.AlignmentFlag.AlignRight else \
            rect.center().x() - size.width() / 2 if align & Qt.AlignmentFlag.AlignHCenter \
            else rect.x()
        y = rect.center().y() - size.height() / 2 if align & Qt.AlignmentFlag.AlignVCenter \
            else rect.y()
        if wrap and size.height() > rect.height():
            painter.save()
            painter.setClipRect(rect)
            painter.drawStaticText(QPointF(x, y), words)
            painter.restore()
        else:
            painter.drawStaticText(QPointF(x, y), words)

    def _backdrop(self, painter: QPainter, titles: tuple[tuple[str, str, float], ...]) -> None:
        """The areas' boxes and titles and the caption's box, from a pixmap drawn once per
        view size, language and title. Facts: they are the same in every frame, and drawing
        them (eight antialiased rounded boxes a few hundred pixels wide, eight shaped titles)
        was a fifth of a board repaint; a pixmap blitted at whole device pixels is one
        copy. The pixmap is drawn with the painter's own transform, so it looks as if drawn
        directly."""
        world = painter.worldTransform()
        scene = world.mapRect(self.boundingRect())
        left, top = math.floor(scene.left()), math.floor(scene.top())
        ratio = painter.device().devicePixelRatioF()
        key = (world.m11(), world.m12(), world.m21(), world.m22(), world.dx() - left,
               world.dy() - top, ratio, painter.font().key(), titles)
        pixmap = self._backdrop_pixmap
        if pixmap is None or key != self._backdrop_key:
            width = math.ceil(scene.right()) - left + 1
            height = math.ceil(scene.bottom()) - top + 1
            pixmap = QPixmap(math.ceil(width * ratio), math.ceil(height * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(BACKGROUND)
            drawn = QPainter(pixmap)
            drawn.setRenderHints(painter.renderHints())
            drawn.setFont(painter.font())
            drawn.setWorldTransform(world * QTransform.fromTranslate(-left, -top))
            for area, title, room in titles:
                self._area(drawn, area, title, room)
            drawn.setPen(Qt.PenStyle.NoPen)
            drawn.setBrush(QColor("#fff8dc"))
            drawn.drawRoundedRect(_rectf(bl.CAPTION_RECT), 6, 6)
            drawn.end()
            self._backdrop_pixmap, self._backdrop_key = pixmap, key
        painter.save()
        painter.resetTransform()
        painter.drawPixmap(QPointF(left, top), pixmap)
        painter.restore()

    def _area(self, painter: QPainter, key: str, title: str, room: float) -> None:
        """An area's box and its title, elided to leave ``room`` for its count."""
        r = _rectf(bl.AREAS[key])
        painter.setPen(QPen(QColor("#b8bcc8"), 1))
        painter.setBrush(AREA_FILL[key])
        painter.drawRoundedRect(r, 6, 6)
        bold = QFont(painter.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#333333"))
        self._words(painter, _rectf(bl.title_rect(key)).adjusted(0, 0, -room, 0), title)

    def _kernel(self, painter: QPainter, model: bm.BoardModel, more_fds: str) -> None:
        box = _rectf(bl.kernel_wait_rect())
        painter.setPen(QPen(QColor("#6a3d9a"), 2 if model.blocked else 1))
        painter.setBrush(QColor("#e6dcf2") if model.blocked else QColor("#ffffff"))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(QColor("#3b2063"))
        self._words(painter, _rectf(bl.kernel_wait_text_rect()), model.wait_text, wrap=True)
        rows = model.fd_rows
        if not rows:
            painter.setPen(QColor("#777777"))
            self._words(painter, _rectf(bl.fd_row_rect(0)), model.no_rows_text)
        shown, hidden = bl.arrange_fd_rows(len(rows))
        for i, row in enumerate(rows[:shown]):
            r = _rectf(bl.fd_row_rect(i))
            if row.header:
                painter.setPen(QColor("#3b2063"))
                self._words(painter, _rectf(bl.fd_row_text_rect(i)), row.text,
                            Qt.AlignmentFlag.AlignVCenter)
                continue
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#ffd54f") if row.fired else QColor("#ffffff"))
            painter.drawRoundedRect(r, 3, 3)
            painter.setPen(QColor("#222222"))
            self._words(painter, _rectf(bl.fd_row_text_rect(i)), row.text,
                        Qt.AlignmentFlag.AlignVCenter)
        if hidden:
            self._words(painter, _rectf(bl.fd_row_rect(shown)), more_fds.format(n=hidden))

    def _tokens(self, painter: QPainter, tokens: list[tuple[bm.Token, bl.Rect]],
                selected: int) -> None:
        """``tokens``, each at its rectangle: its body and icon from a sprite (see
        :meth:`_sprite`) placed at whole device pixels, then its name."""
        world = painter.worldTransform()
        sprites = self._sprites_for(world, painter.device().devicePixelRatioF())
        margin = SPRITE_MARGIN
        painter.save()
        painter.resetTransform()
        for token, at in tokens:
            key = (bm.colour_index(token.serial, len(PALETTE)), token.area,
                   2 if token.alarm else 1 if token.serial == selected else 0)
            sprite = sprites.get(key)
            if sprite is None:
                sprite = sprites[key] = self._sprite(world, *key)
            corner = world.map(QPointF(at.x - margin, at.y - margin))
            painter.setOpacity(token.fade)
            painter.drawImage(QPointF(round(corner.x()), round(corner.y())), sprite)
        painter.restore()
        painter.setPen(INK.label)
        for token, at in tokens:
            painter.setOpacity(token.fade)
            self._words(painter, _rectf(bl.token_parts(at).label), token.label,
                        Qt.AlignmentFlag.AlignVCenter)
        painter.setOpacity(1.0)

    def _sprites_for(self, world: QTransform, ratio: float) -> dict[tuple[int, str, int], QImage]:
        """The token sprites drawn at this scale (all drawn again when the view is resized)."""
        scale = (world.m11(), world.m22(), ratio)
        if scale != self._sprite_scale:
            self._sprites.clear()
            self._sprite_scale = scale
        return self._sprites

    def _sprite(self, world: QTransform, colour: int, area: str, pen: int) -> QImage:
        """A token's body and icon (palette ``colour``, the icon of ``area``; ``pen`` 0 plain,
        1 selected, 2 alarming) at the view's scale, in device pixels, its top left corner
        SPRITE_MARGIN scene units above and left of the token's slot. Facts: a token's
        antialiased rounded box and icon cost a board repaint tens of µs each, and a live
        board draws forty tokens twice per frame; a sprite is one small copy. Tokens differ
        only by colour, area and pen between tasks: at most 12 × 7 × 3 sprites a scale."""
        ratio = self._sprite_scale[2]
        margin = SPRITE_MARGIN
        width = math.ceil((bl.TOKEN_W + 2 * margin) * world.m11() * ratio)
        height = math.ceil((bl.TOKEN_H + 2 * margin) * world.m22() * ratio)
        sprite = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        sprite.setDevicePixelRatio(ratio)
        sprite.fill(Qt.GlobalColor.transparent)
        painter = QPainter(sprite)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(world.m11(), world.m22())
        parts = bl.token_parts(bl.Rect(margin, margin, bl.TOKEN_W, bl.TOKEN_H))
        painter.setPen(INK.alarm if pen == 2 else INK.selected if pen == 1 else INK.pens[colour])
        painter.setBrush(INK.brushes[colour])
        painter.drawRoundedRect(_rectf(parts.body), 10, 10)
        painter.setPen(ICON_PEN)
        painter.setBrush(RUNNING_ICON_FILL if area == "running" else Qt.BrushStyle.NoBrush)
        painter.drawPath(ICONS[area].translated(parts.icon.x, parts.icon.y))
        painter.end()
        return sprite

    def _text(self, painter: QPainter, rect: bl.Rect, label: Label, colour: str) -> None:
        if not label.text:
            return
        painter.setOpacity(label.opacity)
        painter.setPen(QColor(colour))
        self._words(painter, _rectf(bl.text_rect(rect)), label.text, wrap=True)
        painter.setOpacity(1.0)

    def token_at(self, point: QPointF) -> bm.Token | None:
        """The token drawn under ``point`` now."""
        serial = self.view.glides.token_at(point.x(), point.y(), self.view.clock())
        return None if serial is None else self.view.model.tokens.get(serial)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        token = self.token_at(event.pos())
        if token is None:
            event.ignore()
            return
        self.view.select(token.serial)
        self.view.task_selected.emit(token.serial)

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        token = self.token_at(event.pos())
        self.setToolTip(tr("{label} (#{serial})\n{detail}").format(
            label=token.label, serial=token.serial, detail=token.detail) if token else "")


class BoardView(GilHeldEvents, QGraphicsView):
    task_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.setObjectName("board")
        #: Read once per frame (and once per fed state or input event); every animation is
        #: asked for its value at that instant.
        self.clock = clock
        self.scene_ = QGraphicsScene(0, 0, bl.SCENE_W, bl.SCENE_H, self)
        self.setScene(self.scene_)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setBackgroundBrush(BACKGROUND)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.titles: dict[str, str] = {}
        self.count_texts: dict[str, str] = {}
        #: The notes under the ready and done areas ("" when there is none) and the
        #: template of the kernel's "… n more fds": worded when laid out, painted as they are.
        self.ready_note = Label()
        self.done_note = Label()
        self.more_fds = ""
        self.running_alarm = False
        self.running_text = Label()
        #: The fading of a "ran during the last frame" note (None: no such note shown).
        self.flash: Animation[float] | None = None
        self.caption = Label()
        self.glides = TokenGlides()
        self.chips: dict[str, Label] = {}
        self.arrows: list[ArrowSprite] = []
        self.item = BoardItem(self)
        self.scene_.addItem(self.item)
        self.selected = 0
        self.model = bm.BoardModel()
        self.caption_step = -1
        #: Off: every change is immediate (deterministic tests, or a user's preference).
        self.animations = True
        #: Fed by :meth:`show_live` (since the last :meth:`play`): the board follows a
        #: running loop, and whoever lays it out again meanwhile (a clock refresh, a new
        #: language) keeps its tokens apart too.
        self.live = False
        self.speed = 1.0  # > 1 slows animations down (slow motion)
        self._queue = PlayQueue(MAX_BEHIND)
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
        #: What the board shows now, laid out again in a new language: the state, the
        #: recording's clock, the event the caption is about (-1: none).
        self._shown_state: tuple[SchedulerState, int | None] | None = None
        self._caption_index = -1
        #: The area a lesson points at (a key of ``board_layout.AREAS`` or "caption"; None:
        #: none), framed until :attr:`_spotlight_timer` clears it.
        self.spotlit: str | None = None
        self._spotlight_timer = QTimer(self)
        self._spotlight_timer.setSingleShot(True)
        self._spotlight_timer.timeout.connect(lambda: self.spotlight(None))
        self.retranslate()

    def retranslate(self) -> None:
        """The areas' titles in the current language; the texts computed from the recording
        (tokens, kernel rows, notes, the caption) are laid out again in it."""
        self.titles = {key: tr(title) if title else "" for key, title in AREA_TITLES.items()}
        self.more_fds = tr("… {n} more fds")
        shown = self._shown_state
        if shown is not None and self._store is not None and self._describer is not None:
            state, now = shown
            self.show_state(state, self._store, self._describer, now, duration=0.0)
            self.set_caption(self._caption_index)
        self.item.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- feeding -------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fitInView(self.scene_.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def _duration(self) -> float:
        return move_seconds(self.speed, self.animations)

    def show_state(self, state: SchedulerState, store: EventStore, describer: Describer,
                   now: int | None = None, duration: float | None = None) -> None:
        """Lay the board out for ``state``; tokens glide (or jump) to their places.

        ``now`` is the recording's clock (ns) for "for how long"; the glides run on the
        view's own clock. Following a live loop (:attr:`live`) no two tokens ever overlap,
        also on the way (a live frame moves many at once; see
        :meth:`TokenGlides.keep_apart`); when events are shown one by one, a token glides
        over the others to its place."""
        self._store, self._describer = store, describer
        self._shown_state = (state, now)
        model = bm.layout(state, store, describer, now)
        self.model = model
        self.glides.follow(model.tokens, self.clock(),
                           self._duration() if duration is None else duration, self.live,
                           [bl.chip_rect(chip.area, chip.slot) for chip in model.chips.values()])
        more = tr("+ {n} more")
        self.chips = {key: Label(more.format(n=chip.count)) for key, chip in model.chips.items()}
        self.ready_note.text = tr("+ {n} plain callback(s) queued").format(
            n=model.ready_callbacks) if model.ready_callbacks else ""
        earlier = model.counts.get("done_earlier", 0)
        # Counted in the header; their events were let go (retention window).
        self.done_note.text = tr("+ {n} finished before the events held").format(
            n=earlier) if earlier else ""
        for key in self.titles:
            count = model.counts.get(key, 0)
            if key == "kernel":
                self.count_texts[key] = model.kernel_count
            else:
                self.count_texts[key] = str(count)
        self.running_alarm = model.running_alarm
        if model.running_text:
            self.running_text.text = model.running_text
            self.running_text.opacity = 1.0
        elif self.flash is None:  # nothing runs now (a live frame's "ran…" fades by itself)
            self.running_text.text = ""
        self.item.update()
        self._kick()

    def show_live(self, state: SchedulerState, store: EventStore, describer: Describer,
                  start: int, end: int, now: int | None = None) -> None:
        """Once per frame while running: the latest state, what ran, the last wake-ups."""
        self._queue.clear()
        self.timer.setInterval(LIVE_FRAME_MS)
        self.live = True
        self.show_state(state, store, describer, now,
                        duration=min(self._duration(), LIVE_MOVE_MS / 1000))
        self.set_caption(end - 1)  # the newest event, also when none is new (back from replay)
        if end > start:
            running = {t.serial for t in self.model.tokens.values() if t.area == "running"}
            names, more = bm.ran_during(store, start, end, running)
            if names and not self.model.running_text:
                listed = ", ".join(names)
                self.running_text.text = tr(
                    "ran during the last frame: {names} and {n} more").format(
                    names=listed, n=more) if more > 0 else tr(
                    "ran during the last frame: {names}").format(names=listed)
                self.flash = fade_note(self.clock())
                self.running_text.opacity = 1.0
            for i in bm.recent_wakeups(store, start, end):
                self.add_arrow(i)
        self._kick()

    def play(self, indices: list[int], state_at: Callable[[int], SchedulerState],
             store: EventStore, describer: Describer) -> None:
        """Show the state after each event of ``indices`` in turn (stepping, replay), the last
        of them one move from now (see :class:`PlayQueue`)."""
        self.timer.setInterval(STEP_FRAME_MS)
        self.live = False
        self._state_at, self._store, self._describer = state_at, store, describer
        self._queue.add(indices, self.clock(), self._duration())
        if not self._play_timer.isActive():
            self._play_next()

    def stop(self) -> None:
        """Forget the events still to show, and what was said about the last one (a new
        recording starts: its caption and arrows were about an event of the old one)."""
        self._queue.clear()
        self._play_timer.stop()
        self.shown.clear()
        self.caption.text, self.caption_step = "", -1
        self._caption_index = -1
        self.arrows = []
        self.flash = None
        self.running_text.text = ""
        self.item.update()

    def trim(self, cut: int) -> None:
        """Older events were let go: renumber the events still to show (or shown)."""
        self._queue.trim(cut)
        self._caption_index = self._caption_index - cut if self._caption_index >= cut else -1
        self.shown = deque((i - cut for i in self.shown if i >= cut), maxlen=self.shown.maxlen)

    def playing(self) -> bool:
        return bool(self._queue) or self._play_timer.isActive()

    def _play_next(self) -> None:
        if not self._queue or self._state_at is None or self._store is None \
                or self._describer is None:
            return
        index, pace = self._queue.pop(self.clock())
        self.show_index(index, pace)
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
        # Every flow step the event's unit reached so far, one line each (③ then ④...).
        text, step = bm.unit_caption(self._store, index, self._describer) if index >= 0 \
            else ("", -1)
        self._caption_index = index
        self.caption.text = text
        self.caption_step = step
        self.item.update()

    def add_arrow(self, index: int) -> ArrowSprite | None:
        """An arrow for the wake-up recorded at ``index`` (None: the event woke no task on
        the board)."""
        store = self._store
        if store is None:
            return None
        arrow = bm.wake_arrow(store, index)
        if arrow is None:
            return None
        shape = wake_arrow_shape(arrow, self.model.fd_rows, self.glides.targets(), self.clock())
        if shape is None:
            return None
        sprite = ArrowSprite(shape, QColor(PALETTE[bm.colour_index(
            arrow.target, len(PALETTE))]).darker())
        self.arrows = with_arrow(self.arrows, sprite, MAX_ARROWS)
        self._kick()
        return sprite

    def drawn_arrows(self, now: float) -> list[tuple[ArrowSprite, float]]:
        """The arrows drawn at ``now`` (oldest first), with the opacity each is drawn with:
        the newest :data:`MAX_ARROWS` whose task is still heading for the slot the arrow
        points at (live, the ready queue moves on every frame: an arrow left pointing at an
        empty slot, or at another task, would say something false; one whose task is still
        to appear waits for it)."""
        glides = self.glides
        arrows = [arrow for arrow in self.arrows if arrow.shape.target in glides
                  and glides.shown(arrow.shape.target, now)
                  and bl.arrow_tip(glides.target(arrow.shape.target)) == arrow.shape.tip]
        arrows = arrows[-MAX_ARROWS:]
        return list(zip(arrows, arrow_alphas([a.shape for a in arrows], now), strict=True))

    # -- animation -----------------------------------------------------------------------------
    def _kick(self) -> None:
        if not self.timer.isActive():
            self.timer.start()
        self._animate()

    def _animate(self) -> None:
        now = self.clock()
        moving = self.glides.moving(now)
        self.arrows = [arrow for arrow in self.arrows
                       if self.animations and arrow.shape.alive(now)]
        moving = moving or bool(self.arrows)
        if self.flash is not None and not self.model.running_text:
            self.running_text.opacity = self.flash.value_at(now)
            if self.flash.done(now):
                self.flash = None
                self.running_text.text = ""
            else:
                moving = True
        self.item.update()  # one repaint of the one item
        if not moving:
            self.timer.stop()

    def select(self, serial: int) -> None:
        self.selected = serial
        self.item.update()

    def spotlight(self, area: str | None, ms: int = SPOTLIGHT_MS) -> None:
        """Frame ``area`` (a key of ``board_layout.AREAS``, or "caption") for ``ms``
        milliseconds; None, or a name that is no area, clears the frame."""
        self.spotlit = area if area in bl.AREAS or area == "caption" else None
        if self.spotlit is None:
            self._spotlight_timer.stop()
        else:
            self._spotlight_timer.start(ms)
        self.item.update()

    def spotlight_rect(self) -> bl.Rect | None:
        """Where the spotlight's frame goes (None: no spotlight now)."""
        if self.spotlit is None:
            return None
        return bl.CAPTION_RECT if self.spotlit == "caption" else bl.AREAS[self.spotlit]

    # -- for tests and tooltips ----------------------------------------------------------------
    def area_of(self, serial: int) -> str | None:
        token = self.model.tokens.get(serial)
        return token.area if token else None

    def ready_order(self) -> list[int]:
        return [t.serial for t in sorted(
            (t for t in self.model.tokens.values() if t.area == "ready"),
            key=lambda t: t.slot)]
