"""A spotlight frames a widget without becoming part of its layout."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.views.spotlight import FrameFlash, spotlight


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
