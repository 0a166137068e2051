"""The scheduler's state right now, as labelled lists: kernel, registered, ready, running, done.

This is the board's content in plain lists (the animated board replaces it); every line comes
from the reducer's state at the latest recorded event.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.model.board import BoardModel, kernel_side
from app.model.state import DONE, REGISTERED, RUNNING, SchedulerState
from app.qt.language import tr
from app.trace.events import Outcome
from app.trace.store import EventStore
from app.trace.text import QT_TR_NOOP, Describer, fmt_elapsed

RECENT_DONE = 20
MAX_ROWS = 200  # per section; the rest is counted, not listed
#: The sections' titles (the kernel's is the backend's: kernel_side), translated where shown.
SECTION_TITLES: dict[str, str] = {
    "kernel": "",
    "registered": QT_TR_NOOP("Registered (waiting)"),
    "ready": QT_TR_NOOP("Ready queue (head first)"),
    "running": QT_TR_NOOP("Running (one at a time)"),
    "done": QT_TR_NOOP("Done (most recent first)"),
}


class StateView(QWidget):
    task_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("stateTree")
        self.tree.setColumnCount(2)
        self.tree.setColumnWidth(0, 300)
        self.tree.setUniformRowHeights(True)
        self.sections: dict[str, QTreeWidgetItem] = {}
        for key in SECTION_TITLES:
            item = QTreeWidgetItem(["", ""])
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
            self.sections[key] = item
        self.tree.itemClicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        #: What the lists show now (laid out again in a new language).
        self._shown: tuple[SchedulerState, EventStore, str, int | None] | None = None
        self.retranslate()

    def retranslate(self) -> None:
        """The headers and section titles in the current language, the lists re-worded."""
        self.tree.setHeaderLabels([tr("Where"), tr("Why / how long")])
        for key, title in SECTION_TITLES.items():
            if title:
                self.sections[key].setText(0, tr(title))
        if self._shown is not None:
            self.show_state(*self._shown)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        serial = item.data(0, Qt.ItemDataRole.UserRole)
        if serial:
            self.task_selected.emit(int(serial))

    def _fill(self, key: str, rows: list[tuple[str, str, int]]) -> None:
        section = self.sections[key]
        section.takeChildren()
        for text, why, serial in rows[:MAX_ROWS]:
            child = QTreeWidgetItem([text, why])
            if serial:
                child.setData(0, Qt.ItemDataRole.UserRole, serial)
            section.addChild(child)
        if len(rows) > MAX_ROWS:
            section.addChild(QTreeWidgetItem([tr("… and {n} more").format(
                n=len(rows) - MAX_ROWS), ""]))
        section.setText(1, tr("{n} item(s)").format(n=len(rows)))

    def show_state(self, state: SchedulerState, store: EventStore, backend: str,
                   now: int | None = None) -> None:
        """Show ``state``; ``now`` (monotonic ns) measures "for how long" (default: its ts)."""
        self._shown = (state, store, backend, now)
        d = Describer(store.strings, store.task_name, backend, tr)
        now = state.ts if now is None else max(now, state.ts)
        names = store.task_name

        # The same kernel side as the board's (readiness: the wait and the interest list;
        # IOCP: the completion queue and the operations outstanding).
        side = BoardModel()
        kernel_side(side, state, d, now)
        self.sections["kernel"].setText(0, side.kernel_title)
        kernel = [(side.wait_text, "", 0)] if side.wait_text else []
        kernel += [(row.text, "", 0) for row in side.fd_rows]
        self._fill("kernel", kernel)
        self.sections["kernel"].setText(1, side.kernel_count)

        registered, running, done = [], [], []
        for serial, task in state.tasks.items():
            if task.state == REGISTERED:
                registered.append((task.wait, task.since, serial, task))
            elif task.state == RUNNING:
                running.append((names(serial), tr("step running for {t}").format(
                    t=fmt_elapsed(max(0, now - task.step_start))), serial))
            elif task.state == DONE:
                done.append((task.since, serial, task))
        registered.sort(key=lambda r: (r[0], r[1]))
        self._fill("registered", [
            (names(serial), tr("{why} · for {t}").format(
                why=d.wait(task.wait, task.wait_detail, task.wait_c),
                t=fmt_elapsed(max(0, now - task.since))), serial)
            for _, _, serial, task in registered])
        ready_rows = []
        for is_task, serial in state.ready:
            if is_task and serial in state.tasks:
                task = state.tasks[serial]
                ready_rows.append((names(serial), d.cause(task.cause, task.cause_detail,
                                                          task.cause_mask, serial), serial))
            elif not is_task:
                callback = state.callbacks.get(serial)
                name = d.s(callback.name) if callback and callback.name else \
                    tr("callback")
                why = d.cause(callback.cause, callback.detail, 0) if callback else ""
                ready_rows.append((tr("callback #{n} {name}").format(n=serial,
                                                                         name=name), why, 0))
        self._fill("ready", ready_rows)
        if state.running is not None and not state.running[0]:
            running.append((tr("callback #{n} {name}").format(
                n=state.running[1], name=d.s(state.running_name)), "", 0))
        self._fill("running", running)
        done.sort(reverse=True)
        outcome_words: dict[int, str] = {Outcome.OK: tr("finished"),
                                         Outcome.CANCELLED: tr("cancelled")}
        failed = tr("error: {error}")
        self._fill("done", [
            (names(serial), outcome_words.get(task.outcome) or failed.format(
                error=d.s(task.outcome_text)),
             serial) for _, serial, task in done[:RECENT_DONE]])
        self.sections["done"].setText(1, tr("{n} task(s)").format(n=len(done)))

    # As a listener: the lists are laid from the state on each refresh; a new recording
    # only has to clear what the old one showed.
    def extend(self, start: int, end: int) -> None:
        """Nothing to take: :meth:`show_state` lays the lists from the reducer's state."""

    def trim(self, cut: int) -> None:
        """Nothing to shift: the lists hold no event indices."""

    def reset(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._shown = None
        for section in self.sections.values():
            section.takeChildren()
            section.setText(1, "")

