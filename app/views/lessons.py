"""The Lessons panel: the list of lessons, and the lesson running.

The list names each lesson in the language spoken, with its best score and a ✓ once
finished; a lesson file that cannot be read is listed greyed with the reason (naming the file
and the field), and the others stay available. The running lesson shows its title, where it
is ("Step 3 of 8"), the narration (from the lesson file, in the language spoken; `code` in
backticks shown monospaced), the question with one button per choice and, once the loop has
settled it, the verdict and why; the score; Back / Next, Restart and End lesson. What drives
the loop is :class:`~app.views.lesson_driver.LessonDriver`.
"""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.model.lesson_file import Lesson, LessonError, Text, load_lessons
from app.model.lessons import Question, Verdict
from app.qt import language
from app.qt.language import tr
from app.resources import resource_path
from app.trace.text import error_text
from app.views.lesson_driver import LessonDriver, Score, parse_score
from app.views.window_parts import WindowParts

#: `code` in a narration: shown monospaced.
CODE = re.compile(r"`([^`]+)`")
BAD_FILE = QColor("#888888")
#: How long the panel keeps a new question or verdict in view while its layout settles (ms).
SCROLL_SETTLE_MS = 500


def narration_html(text: str) -> str:
    """Plain narration as rich text: escaped, `code` monospaced, paragraphs kept."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + CODE.sub(r"<code>\1</code>", html.escape(p)).replace("\n", " ") + "</p>"
        for p in paragraphs)


def pick(text: Text) -> str:
    """A lesson's text in the language spoken now."""
    return text.pick(language.current())


class LessonsDock(QWidget):
    """The Lessons dock's content (see the module docstring)."""

    def __init__(self, window: WindowParts, folder: Path | None = None) -> None:
        """``folder``: where the lesson files are (None: LoopScope's own lessons)."""
        super().__init__(window)
        self.setObjectName("lessons")
        self.window_ = window
        self.driver = LessonDriver(window)
        self.driver.changed.connect(self.show_run)
        self.driver.ended.connect(self.show_run)
        self.lessons: list[Lesson] = []
        self.errors: list[LessonError] = []
        self.folder = folder

        # The list of lessons.
        self.list_page = QWidget(self)
        self.intro = QLabel(self.list_page)
        self.intro.setWordWrap(True)
        self.list = QListWidget(self.list_page)
        self.list.setObjectName("lessonList")
        self.list.currentRowChanged.connect(lambda _row: self._word_summary())
        self.list.itemActivated.connect(lambda _item: self.start_selected())
        self.summary = QLabel(self.list_page)
        self.summary.setObjectName("lessonSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.list_note = QLabel(self.list_page)
        self.list_note.setWordWrap(True)
        self.start_button = QPushButton(self.list_page)
        self.start_button.setObjectName("lessonStart")
        self.start_button.clicked.connect(self.start_selected)
        list_layout = QVBoxLayout(self.list_page)
        list_layout.addWidget(self.intro)
        list_layout.addWidget(self.list, 1)
        list_layout.addWidget(self.summary)
        list_layout.addWidget(self.list_note)
        list_layout.addWidget(self.start_button)

        # The running lesson: the narration and the question scrolled when the dock is
        # shorter than they are (their labels wrap to the dock's width; squeezed instead, the
        # choice buttons lost their text); the buttons below them, always in view.
        self.run_page = QWidget(self)
        self.run_scroll = QScrollArea(self.run_page)
        self.run_scroll.setWidgetResizable(True)
        self.run_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.run_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        run_body = QWidget(self.run_scroll)
        self.title = QLabel(self.run_page)
        self.title.setObjectName("lessonTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.progress = QLabel(self.run_page)
        self.progress.setObjectName("lessonProgress")
        self.narration = QLabel(self.run_page)
        self.narration.setObjectName("lessonNarration")
        self.narration.setWordWrap(True)
        self.narration.setTextFormat(Qt.TextFormat.RichText)
        self.narration.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.narration.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.note = QLabel(self.run_page)
        self.note.setObjectName("lessonNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #9a3a00")
        self.question_box = QGroupBox(self.run_page)
        self.question_box.setObjectName("lessonQuestion")
        self.question_text = QLabel(self.question_box)
        self.question_text.setWordWrap(True)
        self.choices_layout = QVBoxLayout()
        self.choice_buttons: list[QPushButton] = []
        self.skip_button = QPushButton(self.question_box)
        self.skip_button.setObjectName("lessonSkip")
        self.skip_button.clicked.connect(self.driver.skip)
        self.answer_label = QLabel(self.question_box)
        self.answer_label.setWordWrap(True)
        self.verdict = QLabel(self.question_box)
        self.verdict.setObjectName("lessonVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        question_layout = QVBoxLayout(self.question_box)
        question_layout.addWidget(self.question_text)
        question_layout.addLayout(self.choices_layout)
        question_layout.addWidget(self.skip_button)
        question_layout.addWidget(self.answer_label)
        question_layout.addWidget(self.verdict)
        self.score = QLabel(self.run_page)
        self.score.setObjectName("lessonScore")
        self.back_button = QPushButton(self.run_page)
        self.back_button.setObjectName("lessonBack")
        self.back_button.clicked.connect(self.driver.back)
        self.next_button = QPushButton(self.run_page)
        self.next_button.setObjectName("lessonNext")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(lambda: self.driver.next())
        self.stop_button = QPushButton(self.run_page)
        self.stop_button.setObjectName("lessonStop")
        self.stop_button.clicked.connect(self.driver.stop)
        self.stop_button.hide()
        self.restart_button = QPushButton(self.run_page)
        self.restart_button.setObjectName("lessonRestart")
        self.restart_button.clicked.connect(lambda: self.driver.restart())
        self.end_button = QPushButton(self.run_page)
        self.end_button.setObjectName("lessonEnd")
        self.end_button.clicked.connect(self.driver.end)
        steps = QHBoxLayout()
        steps.addWidget(self.back_button)
        steps.addWidget(self.next_button)
        steps.addWidget(self.stop_button)
        others = QHBoxLayout()
        others.addWidget(self.restart_button)
        others.addWidget(self.end_button)
        body_layout = QVBoxLayout(run_body)
        body_layout.addWidget(self.title)
        body_layout.addWidget(self.progress)
        body_layout.addWidget(self.narration)
        body_layout.addWidget(self.note)
        body_layout.addWidget(self.question_box)
        body_layout.addWidget(self.score)
        self.run_scroll.setWidget(run_body)
        # Packed at the top, the room left below them (the scroll area no taller than what
        # it holds: :meth:`_fit_scroll`): the narration, the question and the buttons stay
        # together, and the buttons in view when the narration must scroll.
        run_layout = QVBoxLayout(self.run_page)
        run_layout.setContentsMargins(0, 0, 0, 0)
        run_layout.addWidget(self.run_scroll, 1000)  # the room first, up to its maximum
        run_layout.addLayout(steps)
        run_layout.addLayout(others)
        run_layout.addStretch(1)

        #: The verdict last shown (a new one is scrolled into view).
        self._verdict_shown: Verdict | None = None
        self._asked_shown: Question | None = None
        self._scroll_target: QWidget | None = None
        self._scroll_settle = QTimer(self)
        self._scroll_settle.setSingleShot(True)
        self._scroll_settle.setInterval(SCROLL_SETTLE_MS)
        self.run_scroll.verticalScrollBar().rangeChanged.connect(lambda _lo, _hi:
                                                               self._scroll_again())
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.list_page)
        self.pages.addWidget(self.run_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.load(folder)
        self.retranslate()

    # -- the language --------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every text of the panel in the current language: the fixed ones, the lessons'
        titles and summaries, the narration and the question."""
        self.intro.setText(tr("Each lesson runs a sample on the real loop and tells what to "
                              "look at, step by step. → steps one unit, Shift+→ one "
                              "iteration, ← goes back a step."))
        self.start_button.setText(tr("Start lesson"))
        self.skip_button.setText(tr("Skip the question"))
        self.back_button.setText(tr("Back"))
        self.back_button.setToolTip(tr("the previous step; the replay shows where it began "
                                       "(←)"))
        self.next_button.setText(tr("Next"))
        self.next_button.setToolTip(tr("run the loop until this step ends"))
        self.stop_button.setText(tr("Stop"))
        self.stop_button.setToolTip(tr("stop running the loop for this step; it stays paused"))
        self.restart_button.setText(tr("Restart"))
        self.restart_button.setToolTip(tr("this lesson again from its first step, on a "
                                          "fresh loop"))
        self.end_button.setText(tr("End lesson"))
        self.end_button.setToolTip(tr("back to the list; your own layout comes back"))
        self.fill_list()
        self.driver.reword()
        self.show_run()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the list ------------------------------------------------------------------------------
    def load(self, folder: Path | None = None) -> None:
        """Read the lesson files of ``folder`` (None: LoopScope's own) and list them."""
        self.folder = folder
        self.lessons, self.errors = load_lessons(folder or resource_path("lessons"))
        self.fill_list()

    def fill_list(self) -> None:
        """One row per lesson (title, best score, ✓ when finished), then one greyed row per
        file that cannot be read, with the reason (the selection stays)."""
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for lesson in self.lessons:
            item = QListWidgetItem(self.lesson_line(lesson, self.driver.score(lesson.id)))
            item.setData(Qt.ItemDataRole.UserRole, lesson.id)
            self.list.addItem(item)
        for error in self.errors:
            item = QListWidgetItem(error_text(error, tr))
            item.setFlags(Qt.ItemFlag.NoItemFlags)  # greyed: it cannot be started
            item.setForeground(QBrush(BAD_FILE))
            item.setToolTip(error_text(error, tr))
            self.list.addItem(item)
        self.list.setCurrentRow(row if 0 <= row < len(self.lessons) else
                                (0 if self.lessons else -1))
        self.list.blockSignals(False)
        self._word_summary()

    @staticmethod
    def lesson_line(lesson: Lesson, score: Score) -> str:
        """A lesson's row: "✓ 2. The event queue — best 2 of 3"."""
        line = tr("{order}. {title}").format(order=lesson.order, title=pick(lesson.title))
        best = parse_score(score.best)
        if best is not None:
            line = tr("{lesson} — best {right} of {asked}").format(
                lesson=line, right=best[0], asked=best[1])
        return ("✓ " if score.finished else "") + line

    def selected(self) -> Lesson | None:
        item = self.list.currentItem()
        lesson_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return self.lesson(str(lesson_id)) if lesson_id else None

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def _word_summary(self) -> None:
        lesson = self.selected()
        self.summary.setText(narration_html(pick(lesson.summary)) if lesson else "")
        self.start_button.setEnabled(lesson is not None)

    # -- starting ------------------------------------------------------------------------------
    def start_selected(self) -> None:
        lesson = self.selected()
        if lesson is not None:
            self.driver.start(lesson)

    def start(self, lesson_id: str) -> asyncio.Task[bool] | None:
        """Start the lesson ``lesson_id``; returns the starting task (None: no such lesson)."""
        lesson = self.lesson(lesson_id)
        if lesson is None:
            return None
        return self.driver.start(lesson)

    # -- the running lesson --------------------------------------------------------------------
    def show_run(self) -> None:
        """The running lesson as it is now (or the list when none runs)."""
        driver = self.driver
        run = driver.run
        note = driver.note() if driver.note is not None else ""
        if run is None:
            self.fill_list()
            self.list_note.setText(note)
            self.list_note.setVisible(bool(note))
            self.pages.setCurrentWidget(self.list_page)
            return
        self.pages.setCurrentWidget(self.run_page)
        lesson = run.lesson
        self.title.setText(pick(lesson.title))
        total = len(lesson.steps)
        asks = any(step.ask for step in lesson.steps)
        right, asked = run.score
        if run.finished:
            self.progress.setText(tr("Finished: all {total} steps").format(total=total))
            self.narration.setText(narration_html(tr(
                "Lesson finished: {right} of {asked} questions right. Restart it, or End "
                "the lesson to go back to your own layout.").format(right=right, asked=asked)
                if asks else tr("Lesson finished. Restart it, or End the lesson to go back "
                                "to your own layout.")))
        else:
            self.progress.setText(tr("Step {n} of {total}").format(n=run.index + 1,
                                                                  total=total))
            self.narration.setText(narration_html(pick(run.step.say)))
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self._show_question()
        # A lesson that asks nothing has no score to show.
        self.score.setVisible(asks)
        self.score.setText(tr("{right} of {asked} right").format(right=right, asked=asked))
        busy = driver.busy
        self.next_button.setVisible(not busy)
        self.stop_button.setVisible(busy)
        self.back_button.setEnabled(not busy and run.index > 0)
        self.next_button.setEnabled(not busy and not run.finished
                                    and not driver.waiting_for_answer())
        self.restart_button.setEnabled(not busy)

    def _show_question(self) -> None:
        self._word_question()
        QTimer.singleShot(0, self, self._fit_scroll)  # once the new words are laid out
        self._fit_scroll()

    def _word_question(self) -> None:
        """The last question asked: its choices (buttons while it waits for an answer),
        the answer given and, once the loop settled it, the verdict."""
        driver = self.driver
        asked, verdict = driver.asked, driver.verdict
        self.question_box.setVisible(asked is not None)
        self.question_box.setTitle(tr("Predict what the loop does next"))
        for button in self.choice_buttons:
            self.choices_layout.removeWidget(button)
            button.deleteLater()
        self.choice_buttons = []
        if asked is None:
            return
        waiting = driver.waiting_for_answer()
        self.question_text.setText(asked.text)
        for index, choice in enumerate(asked.choices):
            if verdict is not None and index == verdict.right:
                choice = "✓ " + choice  # what the loop did
            elif verdict is not None and index == driver.choice:
                choice = "✗ " + choice  # the answer given, not what the loop did
            button = QPushButton(choice, self.question_box)
            # A long choice must not widen the panel (its scroll area would then scroll
            # sideways and cut the narration): the button may be narrower than its text,
            # which its tool tip then gives whole.
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setToolTip(choice)
            button.setObjectName(f"lessonChoice{index}")
            button.setEnabled(waiting)
            button.setCheckable(True)
            button.setChecked(driver.choice == index)
            button.clicked.connect(lambda _checked=False, i=index: driver.answer(i))
            self.choices_layout.addWidget(button)
            self.choice_buttons.append(button)
        self.skip_button.setVisible(waiting)
        if driver.choice is not None and verdict is None:
            self.answer_label.setText(tr("Your answer is in: step on to see what the loop "
                                         "does."))
        else:
            self.answer_label.setText("")
        self.answer_label.setVisible(bool(self.answer_label.text()))
        self.verdict.setVisible(verdict is not None)
        self.verdict.setText(verdict_html(verdict, asked.choices) if verdict else "")
        # A new question's choices, then its verdict, scrolled into view (on a small screen
        # they lie below the fold), once the panel has laid them out.
        if verdict is not None and verdict is not self._verdict_shown:
            self._scroll_to(self.verdict)
        elif asked is not self._asked_shown and self.choice_buttons:
            self._scroll_to(self.question_box)
        self._verdict_shown, self._asked_shown = verdict, asked

    def _scroll_to(self, widget: QWidget) -> None:
        """Bring ``widget`` into view, now and as the panel's content grows around it (a
        wrapped label's height is known only once laid out) for :data:`SCROLL_SETTLE_MS`."""
        self._scroll_target = widget
        self.run_scroll.ensureWidgetVisible(widget)
        self.run_scroll.horizontalScrollBar().setValue(0)  # never scrolled sideways
        self._scroll_settle.start()

    def _fit_scroll(self) -> None:
        """The scroll area as tall as its content at the width it has (no taller: the room
        left goes below the buttons)."""
        body = self.run_scroll.widget()
        if body is None:
            return
        height = body.heightForWidth(self.run_scroll.viewport().width())
        self.run_scroll.setMaximumHeight(max(height, body.minimumSizeHint().height())
                                         + 2 * self.run_scroll.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_scroll()

    def _scroll_again(self) -> None:
        if self._scroll_target is not None and self._scroll_settle.isActive():
            self.run_scroll.ensureWidgetVisible(self._scroll_target)
            self.run_scroll.horizontalScrollBar().setValue(0)


def verdict_html(verdict: Verdict, choices: tuple[str, ...]) -> str:
    """Right or wrong, what the loop did (when the answer was not it), and why."""
    head = tr("Right.") if verdict.correct else tr("Not this time.")
    colour = "#1b5e20" if verdict.correct else "#b00020"
    first = [f'<b style="color:{colour}">{html.escape(head)}</b>']
    if not verdict.correct and 0 <= verdict.right < len(choices):
        first.append(html.escape(tr("The loop did: {answer}").format(
            answer=choices[verdict.right])))
    # The explanation in a paragraph of its own: run on after the choice, it read as part
    # of it ("…due in 1335 ms With nothing ready…").
    paragraphs = [" ".join(first)]
    if verdict.why:
        paragraphs.append(html.escape(verdict.why).replace("\n", "<br>"))
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
