"""The source pane: the code of the task that runs (or was just suspended), while stepping.

It shows the file of the subject task, scrolled to its function, with two lines highlighted:
where the task's last step resumed and the ``await`` where it stopped (facts the engine reads
at the gate while the loop is held: :mod:`app.runtime.positions`, asked through the
controller). Held before a task's step, it shows where that task will resume. The subject is
the task of the RUN unit the loop is held before, else the task of the last STEP_BEGIN or
STEP_END recorded.

When nothing is known (the loop runs freely, no task has stepped, a saved session has no live
loop, a file has no source) it says so in words. Source text comes from :mod:`linecache`:
samples, lesson scenarios and user scripts are real files (a script is compiled under its
resolved path); a stdlib shipped as bytecode only has none ("no source for ...").
"""

from __future__ import annotations

import linecache
import os
from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFontDatabase, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.qt.language import tr
from app.runtime.positions import CodeLine, StepPosition
from app.trace.events import Ev, Unit
from app.trace.store import EventStore
from app.trace.text import QT_TR_NOOP

#: Background of the line where the step resumed, and of the await where it stopped.
RESUMED_COLOUR = QColor("#c8ecc0")
STOPPED_COLOUR = QColor("#ffd98a")
CODE_INK = QColor("#000000")
#: How far back the recording is searched for the last task step (events).
LOOK_BACK = 50_000
#: Lines shown above a function's ``def`` when the pane scrolls to it.
CONTEXT_ABOVE = 2

NOTHING_YET = QT_TR_NOOP("Nothing to show yet: step the loop to see the source of the task "
                         "that runs.")
SAVED_SESSION = QT_TR_NOOP("No live loop: a saved session does not keep its tasks' source "
                           "lines.")
REPLAYING = QT_TR_NOOP("Replaying: the source is known only for the live loop's newest "
                       "event. Go back to the live end to see it.")
NOT_RUNNING = QT_TR_NOOP("The engine is not running: there is no task to show.")
RUNS_FREELY = QT_TR_NOOP("The loop runs freely: pause or step it to see the source of the "
                         "task that runs.")
NO_STEP = QT_TR_NOOP("No task has run a step yet: step the loop to see one.")
NOT_STEPPED = QT_TR_NOOP("No line is known for {task}: its last step ran while the loop ran "
                         "freely. Step it to see one.")
NO_FRAME = QT_TR_NOOP("{task} has no Python frame to show.")
NO_SOURCE = QT_TR_NOOP("no source for {file}")
ANSWER_FIRST = QT_TR_NOOP("The lesson asks which task runs next: the source shows again once "
                          "you answer.")


class LiveLoop(Protocol):
    """What the pane asks of the controller (app.qt.controller.Controller)."""

    @property
    def running(self) -> bool: ...

    @property
    def paused(self) -> bool: ...

    slow_motion_s: float

    def waiting_unit(self) -> Any: ...

    def step_position(self, serial: int) -> StepPosition | None: ...


def last_step_task(store: EventStore, end: int | None = None) -> int:
    """The task of the last STEP_BEGIN or STEP_END in ``store[:end]`` (0: none)."""
    end = len(store) if end is None else min(end, len(store))
    start = max(0, end - LOOK_BACK)
    kinds = store.kind[start:end]
    hits = np.flatnonzero((kinds == int(Ev.STEP_BEGIN)) | (kinds == int(Ev.STEP_END)))
    return int(store.task[start + int(hits[-1])]) if hits.size else 0


def _swatch(colour: QColor) -> QLabel:
    swatch = QLabel()
    swatch.setFixedSize(14, 14)
    swatch.setFrameShape(QFrame.Shape.Box)
    swatch.setStyleSheet(f"background: {colour.name()};")
    return swatch


class SourcePane(QWidget):
    """A read-only view of the subject task's code with its resumed and stopped lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel()
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Wrapped: on one line, a long header ("main · seed · db_user_lookup.py:133 · resumed
        # at line ...") made the pane, and the dock column it shares, 450-500 px wide at least.
        self.header.setWordWrap(True)
        self.inner = QLabel()
        self.inner.setWordWrap(True)
        self.inner.setStyleSheet("font-style: italic;")
        self.resumed_swatch = _swatch(RESUMED_COLOUR)
        self.resumed_label = QLabel()
        self.stopped_swatch = _swatch(STOPPED_COLOUR)
        self.stopped_label = QLabel()
        legend = QHBoxLayout()
        legend.setContentsMargins(0, 0, 0, 0)
        for widget in (self.resumed_swatch, self.resumed_label, self.stopped_swatch,
                       self.stopped_label):
            legend.addWidget(widget)
        legend.addStretch(1)
        self.code = QPlainTextEdit()
        self.code.setReadOnly(True)
        self.code.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.code.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.message)
        self.pages.addWidget(self.code)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.inner)
        layout.addLayout(legend)
        layout.addWidget(self.pages, 1)
        self._lines: list[str] = []  # linecache's lines of the file the code view holds
        self._number_width = 0  # characters of its line-number column
        self._shown_position: tuple[str, StepPosition] | None = None
        self._shown_reason: tuple[str, dict[str, object]] = (NOTHING_YET, {})
        self.retranslate()

    # -- public API ----------------------------------------------------------------------------
    def show_position(self, name: str, position: StepPosition) -> None:
        """Show task ``name``'s code at ``position`` with its resumed and stopped lines."""
        where = position.where
        if where is None:
            self.show_nothing(NO_FRAME, task=name)
            return
        linecache.checkcache(where.file)  # a script edited since it was read
        lines = linecache.getlines(where.file)
        if not lines:
            self.show_nothing(NO_SOURCE, file=where.file)
            return
        if (name, position) == self._shown_position and lines is self._lines:
            return  # shown already: leave the view where the user may have scrolled it
        self._shown_position = (name, position)
        if lines is not self._lines:  # another file, or the file changed since it was read
            self._number_width = width = len(str(len(lines)))
            self.code.setPlainText("".join(f"{n:>{width}}  {text.rstrip(chr(10))}\n"
                                           for n, text in enumerate(lines, 1)).rstrip("\n"))
            self._lines = lines
        self.code.setToolTip(where.file)
        self._highlight(position, where)
        self._scroll_to(where)
        self.pages.setCurrentWidget(self.code)
        self._word()

    def show_nothing(self, reason: str, **fields: object) -> None:
        """Say why no code is shown. ``reason``: an English text marked ``QT_TR_NOOP`` (with
        ``{fields}``), translated when shown and again on a language change."""
        if self._shown_position is None and self._shown_reason == (reason, fields):
            return
        self._shown_position = None
        self._shown_reason = (reason, dict(fields))
        self.code.setExtraSelections([])
        self.pages.setCurrentWidget(self.message)
        self._word()

    def follow(self, controller: LiveLoop, store: EventStore, showing: str = "live",
               hold_back: bool = False) -> None:
        """Show what the controller's loop is at now: the task it is held before, else the
        last task that stepped in ``store``. Call after each command and batch (a call that
        changes nothing redraws nothing); a language change needs no call: the pane re-words
        itself. ``showing``: "live" (the live recording at its newest event), "replay" (the
        replay cursor on an earlier event) or "session" (a saved session on view).
        ``hold_back``: a lesson's question waits for its answer ("which task runs next?"):
        the task that ran last is shown, not the one the loop is held before."""
        if showing != "live":
            self.show_nothing(SAVED_SESSION if showing == "session" else REPLAYING)
            return
        if not controller.running:
            self.show_nothing(NOT_RUNNING)
            return
        if not controller.paused and not controller.slow_motion_s:
            self.show_nothing(RUNS_FREELY)
            return
        waiting = controller.waiting_unit()
        ahead = waiting.task if waiting is not None and waiting.kind is Unit.RUN else 0
        serial = 0 if hold_back else ahead
        if not serial:
            serial = last_step_task(store)
        if not serial:
            self.show_nothing(NO_STEP)
            return
        name = store.task_name(serial)
        position = controller.step_position(serial)
        if hold_back and (serial == ahead or (position is not None and not position.ran)):
            # The task that ran last is the one ahead: its position is where it resumes.
            self.show_nothing(ANSWER_FIRST)
        elif position is None:
            self.show_nothing(NOT_STEPPED, task=name)
        else:
            self.show_position(name, position)

    # -- drawing -------------------------------------------------------------------------------
    def _line_selection(self, line: int, colour: QColor) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(colour)
        selection.format.setForeground(CODE_INK)
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        block = self.code.document().findBlockByNumber(line - 1)
        selection.cursor = QTextCursor(block)
        return selection

    def _highlight(self, position: StepPosition, where: CodeLine) -> None:
        selections = []
        resumed = position.resumed
        stopped = position.stopped
        if stopped is not None:
            selections.append(self._line_selection(stopped.line, STOPPED_COLOUR))
        if resumed is not None and resumed.file == where.file:
            selection = self._line_selection(resumed.line, RESUMED_COLOUR)
            if stopped is not None and stopped.line == resumed.line:
                # One line is both (a loop around its await): the resumed colour on its
                # number only, the await's on the rest of the line.
                selection.format.clearProperty(QTextFormat.Property.FullWidthSelection)
                selection.cursor.movePosition(QTextCursor.MoveOperation.Right,
                                              QTextCursor.MoveMode.KeepAnchor,
                                              self._number_width)
            selections.append(selection)
        self.code.setExtraSelections(selections)

    def _scroll_to(self, where: CodeLine) -> None:
        """The function from its ``def`` line, or the line itself centred if it is further
        down than the view shows."""
        bar = self.code.verticalScrollBar()
        rows = max(1, self.code.viewport().height()
                   // max(1, self.code.fontMetrics().lineSpacing()))
        if where.line - where.first_line + CONTEXT_ABOVE < rows - 1:
            bar.setValue(max(0, where.first_line - 1 - CONTEXT_ABOVE))
        else:
            cursor = QTextCursor(self.code.document().findBlockByNumber(where.line - 1))
            self.code.setTextCursor(cursor)
            self.code.centerCursor()

    # -- words ---------------------------------------------------------------------------------
    def _word(self) -> None:
        """Word what is shown in the current language (header, legend, message)."""
        shown = self._shown_position
        if shown is None:
            reason, fields = self._shown_reason
            self.message.setText(tr(reason).format(**fields))
            self.header.setText(tr("Source"))
            self.inner.setVisible(False)
            for widget in (self.resumed_swatch, self.resumed_label, self.stopped_swatch,
                           self.stopped_label):
                widget.setVisible(False)
            return
        name, position = shown
        where = position.where
        assert where is not None  # (show_position said so before keeping it)
        fields = {"task": name, "function": where.function,
                  "file": os.path.basename(where.file), "line": where.line,
                  "resumed": position.resumed_line}
        if not position.ran:
            header = tr("{task} · {function} · {file}:{line} · resumes here at its next step")
        elif position.finished:
            header = tr("{task} · {function} · {file}:{line} · resumed here and ran to its end")
        else:
            header = tr("{task} · {function} · {file}:{line} · resumed at line {resumed}, "
                        "stopped at this await")
        self.header.setText(header.format(**fields))
        self.header.setToolTip(where.file)
        self.inner.setText(tr("It waits inside {frame}.").format(frame=position.inner))
        self.inner.setVisible(bool(position.inner))
        self.resumed_label.setText(tr("resumed here") if position.ran
                                   else tr("will resume here"))
        self.stopped_label.setText(tr("stopped at this await"))
        has_resumed = position.resumed is not None and position.resumed.file == where.file
        self.resumed_swatch.setVisible(has_resumed)
        self.resumed_label.setVisible(has_resumed)
        self.stopped_swatch.setVisible(position.stopped is not None)
        self.stopped_label.setVisible(position.stopped is not None)

    def retranslate(self) -> None:
        """Every text of this pane, in the current language."""
        self.code.setPlaceholderText(tr("no source"))
        self._word()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
