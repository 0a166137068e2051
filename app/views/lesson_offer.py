"""The first-run offer: "New to LoopScope? Start lesson 1" in a banner above the views.

A newcomer meets a dense window (issue #17): on a first start the window offers its first
lesson, in a banner that blocks nothing (a toolbar across the top: the window works around
it). It is offered until answered — Start or Not now — and never again after; never
without settings (``--no-settings``: nothing would remember the answer).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSettings, Qt, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton, QToolBar, QWidget

from app.model.lesson_file import Lesson
from app.qt import language
from app.qt.language import tr

#: The setting that remembers the offer: absent on a first start, "pending" once offered,
#: "answered" once the learner chose (outside the "lessons" group: a lesson's id could be
#: any name).
OFFER_KEY = "lessonOffer"


class LessonOffer(QToolBar):
    """The banner (see the module docstring); it goes once answered."""

    #: The learner chose Start: the window starts the lesson.
    accepted = Signal()

    @staticmethod
    def due(settings: QSettings | None, first_start: bool) -> bool:
        """Whether to offer now: a first start (``first_start``: the window found nothing
        kept when it was built), or offered before and never answered. Marks it offered."""
        if settings is None:
            return False
        state = settings.value(OFFER_KEY)
        if state is None and first_start:
            settings.setValue(OFFER_KEY, "pending")
            return True
        return str(state) == "pending"

    def __init__(self, window: QMainWindow, lesson: Lesson) -> None:
        super().__init__(window)
        self.setObjectName("lessonOffer")
        self.setMovable(False)
        self.setFloatable(False)
        self.settings: QSettings | None = getattr(window, "settings", None)
        self.lesson = lesson
        self.label = QLabel(self)
        self.label.setObjectName("lessonOfferText")
        self.label.setContentsMargins(8, 4, 8, 4)
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("lessonOfferStart")
        self.start_button.clicked.connect(lambda: self.answer(True))
        self.later_button = QPushButton(self)
        self.later_button.setObjectName("lessonOfferLater")
        self.later_button.clicked.connect(lambda: self.answer(False))
        self.addWidget(self.label)
        self.addWidget(self.start_button)
        self.addWidget(self.later_button)
        self.setStyleSheet("QToolBar#lessonOffer { background: #fff8dc; }")
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self)
        self.retranslate()
        self.show()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("First lesson"))
        self.label.setText(tr("New to LoopScope? Start lesson {order}: {title}").format(
            order=self.lesson.order, title=self.lesson.title.pick(language.current())))
        self.start_button.setText(tr("Start"))
        self.later_button.setText(tr("Not now"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def answer(self, start: bool) -> None:
        """The learner chose: remembered (never offered again), the banner goes."""
        if self.settings is not None:
            self.settings.setValue(OFFER_KEY, "answered")
            self.settings.sync()
        parent = self.parentWidget()
        if isinstance(parent, QMainWindow):
            parent.removeToolBar(self)
        self.hide()
        self.deleteLater()
        if start:
            self.accepted.emit()


def offered(window: QWidget) -> LessonOffer | None:
    """The banner shown on ``window`` now (None: none)."""
    banner = window.findChild(LessonOffer)
    return banner if banner is not None and not banner.isHidden() else None
