"""Spotlights: a lesson points at a part of a window for a few seconds.

A rounded frame is drawn over the part it talks about; it goes by itself after
:data:`SPOTLIGHT_MS`, or when cleared. The board draws its own (an area of its scene, which
scales with the view); any other widget gets :class:`FrameFlash`, a child drawn over it that
lets the mouse through.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

#: How long a spotlight stays on (ms): long enough to find it, short enough not to linger
#: over the next thing the lesson talks about.
SPOTLIGHT_MS = 4000
#: The frame's colour and width (px): the board's orange, wide enough to see at a glance.
SPOTLIGHT_COLOUR = QColor("#f28e2b")
SPOTLIGHT_WIDTH = 4.0
#: What moves a frame: the target or one of its ancestors moved, resized, showed or hid.
FOLLOWED = (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide)


class FrameFlash(QWidget):
    """A rounded frame over a widget, on for a while (see :func:`spotlight`).

    It is a child of the target's window, laid over the target, not a child of the target:
    a QSplitter takes every child widget for a pane of its own (the compare window's
    timelines are one), and a frame made its child would open an empty pane instead. It
    watches the target and every ancestor up to the window: a dock or a splitter that moves
    or resizes moves the target within the window, and the target itself gets no Move
    event then."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target.window())
        self.target = target
        self.setObjectName("spotlight")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)
        self.watched: list[QWidget] = []
        widget: QWidget | None = target
        while widget is not None:
            widget.installEventFilter(self)
            self.watched.append(widget)
            if widget.isWindow():
                break
            widget = widget.parentWidget()
        target.destroyed.connect(self.deleteLater)
        self.hide()

    def follow(self) -> None:
        """Lay the frame over the target, wherever the target now is in its window."""
        window = self.parentWidget()
        if window is not None:
            self.setGeometry(QRect(self.target.mapTo(window, QPoint(0, 0)),
                                   self.target.size()))

    def flash(self, ms: int = SPOTLIGHT_MS) -> None:
        self.follow()
        self.raise_()
        self.setVisible(self.target.isVisible())
        self.timer.start(ms)

    def clear(self) -> None:
        self.timer.stop()
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self.timer.isActive() and kind in FOLLOWED:
            # The target, or a widget it lies in, moved, resized, showed or hid: the frame
            # goes where the target is now, and shows only while the target does.
            self.follow()
            visible = self.target.isVisible() and kind != QEvent.Type.Hide
            self.setVisible(visible)
            if visible:
                self.raise_()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(SPOTLIGHT_COLOUR, SPOTLIGHT_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = SPOTLIGHT_WIDTH / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 8, 8)


def _frame_of(target: QWidget) -> FrameFlash | None:
    for frame in target.window().findChildren(FrameFlash):
        if frame.target is target:
            return frame
    return None


def spotlight(target: QWidget, ms: int = SPOTLIGHT_MS) -> FrameFlash:
    """Frame ``target`` for ``ms`` milliseconds (again from now if it is already framed)."""
    frame = _frame_of(target)
    if frame is None:
        frame = FrameFlash(target)
    frame.flash(ms)
    return frame


def clear_spotlights(window: QWidget) -> None:
    """Take every frame off ``window`` (a lesson ended: nothing is pointed at any more)."""
    for frame in window.findChildren(FrameFlash):
        frame.clear()
