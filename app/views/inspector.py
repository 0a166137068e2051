"""The inspector: everything recorded about the selected task (and its live stack when paused)."""

from __future__ import annotations

from typing import Protocol

import numpy as np
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.model.state import DONE, READY, REGISTERED, RUNNING, SchedulerState, TaskStateCode
from app.qt.language import tr
from app.trace.events import Cause, Ev
from app.trace.store import EventStore
from app.trace.text import Describer, fmt_elapsed

#: A stack frame: file, line, function, source line.
Frame = tuple[str, int, str, str]


class TaskStacks(Protocol):
    """Where a task's live stack is read (the controller)."""

    def task_stack(self, serial: int) -> list[Frame] | None:
        """The task's frames while the loop is paused, else None; raises if the task
        cannot be read."""


def cause_chain(store: EventStore, serial: int, before: int, d: Describer,
                depth: int = 5) -> list[str]:
    """What woke the task last (before event ``before``), what woke that, and so on.

    Follows recorded TASK_READY causes backwards (its own yields skipped): a task woken by
    another task leads to that task's wake-up before it; an fd, a timer or a thread ends it.
    """
    chain: list[str] = []
    ready = np.flatnonzero(store.kind[:before] == Ev.TASK_READY)
    ready = ready[store.a[ready] != Cause.YIELD]
    tasks = store.task[ready]
    seen: set[int] = set()
    end = len(ready)
    while serial and serial not in seen and len(chain) < depth:
        seen.add(serial)
        hits = np.flatnonzero(tasks[:end] == serial)
        if not len(hits):
            break
        k = int(hits[-1])
        i = int(ready[k])
        cause, detail, mask = int(store.a[i]), int(store.b[i]), int(store.c[i])
        chain.append(d.cause(cause, detail, mask, serial))
        if cause != Cause.TASK:
            break
        serial, end = detail, k
    return chain


class InspectorView(QWidget):
    """The selected task at the moment the other views show; its live stack only when that
    moment is the present (the stack is read from the paused loop, not from the recording)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.serial = 0
        self.summary = QLabel(self)
        self.summary.setObjectName("inspectorSummary")
        self.summary.setWordWrap(True)
        self.stack_title = QLabel(self)
        self.stack_title.setObjectName("inspectorStackTitle")
        self.stack_title.setWordWrap(True)
        self.stack = QPlainTextEdit(self)
        self.stack.setObjectName("inspectorStack")
        self.stack.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack_title)
        layout.addWidget(self.stack, 1)
        layout.addStretch()  # the texts stay at the top while the stack is hidden
        #: What the inspector describes now (described again in a new language).
        self._shown: tuple[SchedulerState, EventStore, str, TaskStacks | None] | None = None
        self.retranslate()

    def retranslate(self) -> None:
        """The inspector's words in the current language: its hints, or the selected task
        described again (its live stack read again, under a re-worded title)."""
        shown = self._shown
        if not self.serial or shown is None:
            self.summary.setText(tr("Select a task on the board or in the event log."))
            self._no_stack(tr("The live stack of a suspended task is shown while the engine "
                              "is paused."))
            return
        self.stack.clear()
        self.show_state(*shown)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def select(self, serial: int) -> None:
        self.serial = serial
        self.stack.clear()

    def _no_stack(self, why: str) -> None:
        """No stack, and why (the summary gets the room)."""
        self.stack.clear()
        self.stack.hide()
        self.stack_title.setText(why)

    def show_state(self, state: SchedulerState, store: EventStore, backend: str,
                   stacks: TaskStacks | None) -> None:
        """Describe the selected task in ``state``. ``stacks``: where the stack of a task
        of the present ``state`` is read while the loop is paused (the controller; None:
        ``state`` is a replayed or saved moment, and the loop's stack does not belong to
        it)."""
        serial = self.serial
        if not serial:
            return
        self._shown = (state, store, backend, stacks)
        info = store.tasks.get(serial)
        task = state.tasks.get(serial)
        event = store.discarded + state.index  # numbered over the whole run, as in replay
        if stacks is None:
            self._no_stack(tr("No stack at event {i:,}: a task's stack is read from the "
                                   "paused loop, so it belongs to the newest event (End).")
                           .format(i=event))
        if info is None:
            self.summary.setText(tr("Task #{n}: not recorded yet.").format(n=serial))
            return
        if task is None:  # known to the recording, not yet at this moment
            self.summary.setText(tr("{name} (#{n}): not created yet at event {i:,}.")
                                 .format(name=store.task_name(serial), n=serial, i=event))
            if stacks is not None:
                self._no_stack(tr("No stack: the task is not created yet."))
            return
        d = Describer(store.strings, store.task_name, backend, tr)
        now = state.ts
        where = {
            REGISTERED: tr("registered — waiting for {what}").format(
                what=d.wait(task.wait, task.wait_detail, task.wait_c)),
            READY: tr("ready — woken because {why}").format(
                why=d.cause(task.cause, task.cause_detail, task.cause_mask, serial)),
            RUNNING: tr("running"),
            DONE: tr("done"),
        }.get(task.state, TaskStateCode(task.state).name.lower())
        parent = store.task_name(info.parent) if info.parent else tr("none")
        if info.eager:
            parent = tr("{parent} · eager start").format(parent=parent)
        time_in = {REGISTERED: tr("registered {t}"), READY: tr("ready {t}"),
                   RUNNING: tr("running {t}")}
        times = " · ".join(words.format(t=fmt_elapsed(task.time_in(s, now)))
                           for s, words in time_in.items())
        rows = [
            (tr("Task"), f"{store.task_name(serial)} (#{serial})"),
            (tr("Coroutine"), info.coro),
            (tr("Created at"), info.site),
            (tr("Parent"), parent),
            (tr("State"), where),
            (tr("Steps"), tr("{n}, longest {t}").format(
                n=task.steps, t=fmt_elapsed(task.longest_step))),
            (tr("Time in"), times),
        ]
        chain = cause_chain(store, serial, state.index, d)
        if chain:
            rows.append((tr("Woken by"), " ← ".join(chain)))
        self.summary.setText("<table>" + "".join(
            f"<tr><td><b>{k}</b>&nbsp;</td><td>{v}</td></tr>" for k, v in rows) + "</table>")
        if stacks is None:
            return
        if task.state == DONE:
            self._no_stack(tr("No stack: the task is done."))
        elif self.stack.toPlainText():
            return  # read once per pause
        else:
            try:
                frames = stacks.task_stack(serial)
            except Exception as exc:  # the task may have ended meanwhile
                self._show_stack(tr("Live stack: the task now, the loop paused after "
                                         "event {i:,}").format(i=event), str(exc))
                return
            if frames is None:
                self._no_stack(tr("The live stack of a suspended task is shown while "
                                       "the engine is paused."))
                return
            self._show_stack(tr("Live stack: the task now, the loop paused after "
                                     "event {i:,}").format(i=event), "\n".join(
                f"{fn}  ({path}:{line})\n    {src}" for path, line, fn, src in frames)
                or tr("(no Python frames: the task has not started)"))

    def _show_stack(self, title: str, text: str) -> None:
        self.stack_title.setText(title)
        self.stack.show()
        self.stack.setPlainText(text)

    def engine_resumed(self) -> None:
        self.stack.clear()
