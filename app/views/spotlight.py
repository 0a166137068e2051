"""Spotlights: a lesson points at a part of a window for a few seconds.

A rounded frame is drawn over the part it talks about; it goes by itself after
:data:`SPOTLIGHT_MS`, or when cleared. The board draws its own (an area of its scene, which
scales with the view); any other widget gets :class:`FrameFlash`, a child drawn over it that
lets the mouse through.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

#: How long a spotlight stays on (ms): long enough to find it, short enough not to linger
#: over the next thing the lesson talks about.
SPOTLIGHT_MS = 4000
#: The frame's colour and width (px): the board's orange, wide enough to see at a glance.
SPOTLIGHT_COLOUR = QColor("#f28e2b")
SPOTLIGHT_WIDTH = 4.0


class FrameFlash(QWidget):
    """A rounded frame over its parent widget, on for a while (see :func:`spotlight`)."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.setObjectName("spotlight")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)
        target.installEventFilter(self)
        self.hide()

    def flash(self, ms: int = SPOTLIGHT_MS) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self.timer.start(ms)

    def clear(self) -> None:
        self.timer.stop()
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if event.type() == QEvent.Type.Resize and parent is not None and watched is parent:
            self.setGeometry(parent.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(SPOTLIGHT_COLOUR, SPOTLIGHT_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = SPOTLIGHT_WIDTH / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 8, 8)


def spotlight(target: QWidget, ms: int = SPOTLIGHT_MS) -> FrameFlash:
    """Frame ``target`` for ``ms`` milliseconds (again from now if it is already framed)."""
    frame = target.findChild(FrameFlash, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if frame is None:
        frame = FrameFlash(target)
    frame.flash(ms)
    return frame


def spotlit(target: QWidget) -> bool:
    """Whether ``target`` is framed now."""
    frame = target.findChild(FrameFlash, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return frame is not None and not frame.isHidden()
