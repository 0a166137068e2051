"""A spotlight frames a widget without becoming part of its layout."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.views.spotlight import FrameFlash, clear_spotlights, spotlight


def test_a_splitter_spotlit_gets_no_pane_of_its_own(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel("above"))
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.addWidget(QLabel("top"))
    splitter.addWidget(QLabel("bottom"))
    layout.addWidget(splitter)
    window.resize(400, 300)
    window.show()
    qtbot.waitExposed(window)

    frame = spotlight(splitter, ms=60_000)
    assert splitter.count() == 2  # a child of a splitter would have been a third pane
    assert isinstance(frame, FrameFlash) and frame.parentWidget() is window
    assert frame.isVisible()
    assert frame.geometry().topLeft() == splitter.mapTo(window, QPoint(0, 0))
    assert frame.size() == splitter.size()

    window.resize(500, 400)  # the frame follows the target
    qtbot.waitUntil(lambda: frame.size() == splitter.size())
    assert spotlight(splitter) is frame  # once per target
    frame.clear()
    assert not frame.isVisible()


def test_the_frame_follows_its_target_when_an_ancestor_moves(qtbot: QtBot) -> None:
    """A dock or a splitter moving the target's container: the target gets no Move event
    of its own, the frame still goes where it is now (and hides with it, and ends)."""
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(500, 400)
    holder = QWidget(window)  # laid out by hand, as a dock area would move it
    holder.setGeometry(10, 10, 200, 150)
    target = QLabel("target", holder)
    target.setGeometry(5, 5, 100, 50)
    window.show()
    qtbot.waitExposed(window)

    frame = spotlight(target, ms=60_000)
    assert frame.geometry().topLeft() == QPoint(15, 15)
    holder.move(120, 80)  # the container moves; the target's own position stays (5, 5)
    assert target.pos() == QPoint(5, 5)
    assert frame.geometry().topLeft() == QPoint(125, 85) == target.mapTo(window, QPoint(0, 0))
    holder.hide()
    assert not frame.isVisible()
    holder.show()
    assert frame.isVisible()
    clear_spotlights(window)
    assert not frame.isVisible()
    holder.move(0, 0)  # a cleared frame stays off
    assert not frame.isVisible()
