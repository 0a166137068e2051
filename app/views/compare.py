"""Compare: the same sample run cooperatively (asyncio tasks) and preemptively (OS threads),
both timelines stacked on one time axis, the numbers that differ, and what they mean — or two
saved sessions (an epoll and an IOCP recording of one sample: readiness vs completion) the
same way, each timeline from its own recording's start (:mod:`app.views.compare_sessions`).

The window asks :class:`~app.qt.compare_runner.CompareRunner` to run a comparison (the two
runs happen on a worker thread it owns, awaited through qasync) and shows the result. While
they run the main window's display timers are stopped — the GUI thread competes for the GIL
too — and the GUI thread's own CPU time during the threaded run is shown with the run's
conditions.
"""

from __future__ import annotations

import asyncio
import html
import os
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from app.model import compare, queue_compare
from app.qt.compare_runner import CompareRunner, Run
from app.qt.language import tr
from app.runtime.params import ParamError
from app.trace import tracefile
from app.trace.text import error_text, fmt_ns, join_sentences, sentence_gap
from app.views import compare_sessions
from app.views.spotlight import spotlight
from app.views.timeline import TimelineView

#: A table cell for a task that one of the two runs did not have (not a share of 0 %).
NO_SUCH_TASK = "—"


class CompareWindow(QWidget):
    #: Both runs of a sample, or both saved sessions, are shown (a lesson waits for them).
    compared = Signal()

    def __init__(self, parameters: Callable[[str], dict[str, Any]] | None = None,
                 pause_display: Callable[[bool], None] | None = None,
                 parent: QWidget | None = None, runner: CompareRunner | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("compareWindow")
        self._parameters = parameters
        self._pause_display = pause_display
        self._runner = runner if runner is not None else CompareRunner()
        self.runs: tuple[Run, Run] | None = None
        self.measures: tuple[compare.Measures, compare.Measures] | None = None
        self.gui_cpu_ns = 0
        self.settings = settings
        #: The two saved sessions (file name, session) picked for comparison, upper and lower.
        self.sessions: list[tuple[str, tracefile.Session] | None] = [None, None]
        self._refused = ["", ""]  # why the last file offered for each side was not taken
        self.queue_measures: tuple[queue_compare.QueueMeasures,
                                   queue_compare.QueueMeasures] | None = None

        self.workload = QComboBox(self)
        self.workload.setObjectName("compareWorkload")
        for title, name in self._runner.samples():  # titles worded by retranslate
            self.workload.addItem(title, name)
        self._sample_titles = [title for title, _name in self._runner.samples()]
        self.switch = QDoubleSpinBox(self)
        self.switch.setObjectName("switchInterval")
        self.switch.setRange(0.5, 50)
        self.switch.setValue(5.0)
        self.switch.setSuffix(" ms")
        self.run_button = QPushButton(self)
        self.run_button.setObjectName("runBoth")
        self.run_button.clicked.connect(lambda: self.run())
        self.status = QLabel(self)
        self.status.setObjectName("compareStatus")
        self.status.setWordWrap(True)
        #: Words the status line says, worded again in a new language.
        self._status_words: Callable[[], str] = lambda: tr(
            "Pick a sample and run it both ways, or open two saved sessions to compare their "
            "event queues.")
        self.session_buttons = []
        for slot in (0, 1):
            button = QPushButton(self)
            button.setObjectName(f"compareSession{slot}")
            button.clicked.connect(lambda _checked=False, slot=slot: self.pick_session(slot))
            self.session_buttons.append(button)
        self.sample_label = QLabel(self)
        self.switch_label = QLabel(self)
        self.sessions_label = QLabel(self)
        controls = QHBoxLayout()
        controls.addWidget(self.sample_label)
        controls.addWidget(self.workload)
        controls.addWidget(self.switch_label)
        controls.addWidget(self.switch)
        controls.addWidget(self.run_button)
        controls.addSpacing(16)
        controls.addWidget(self.sessions_label)
        for button in self.session_buttons:
            controls.addWidget(button)
        controls.addStretch(1)

        self.cooperative = TimelineView(self)
        self.preemptive = TimelineView(self)
        for view in (self.cooperative, self.preemptive):
            view.follow_live = False
        self.preemptive.vb.setXLink(self.cooperative.vb)  # one time axis for both
        self.coop_title = QLabel(self)
        self.pre_title = QLabel(self)
        for lane_title in (self.coop_title, self.pre_title):
            lane_title.setWordWrap(True)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.coop_title)
        top_layout.addWidget(self.cooperative)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.pre_title)
        bottom_layout.addWidget(self.preemptive)
        lanes = self.lanes = QSplitter(Qt.Orientation.Vertical, self)
        lanes.addWidget(top)
        lanes.addWidget(bottom)

        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("compareTable")
        self.table.verticalHeader().setVisible(False)
        # The measure's name keeps its width; the two results share the rest, so neither is
        # pushed out of a narrow window (a long result wraps: resizeRowsToContents).
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.explanation = QLabel(self)
        self.explanation.setObjectName("compareExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conditions = QLabel(self)
        self.conditions.setObjectName("compareConditions")
        self.conditions.setWordWrap(True)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.explanation)
        side_layout.addWidget(self.table, 1)
        side_layout.addWidget(self.conditions)
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(lanes)
        body.addWidget(side)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        body.setSizes([960, 540])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(body, 1)
        # 1500 x 900, or the screen's available area where that is smaller (a 1366 x 768
        # laptop would otherwise lose the explanation below its edge).
        area = self.screen().availableGeometry()
        self.resize(min(1500, area.width()), min(900, area.height() - 40))
        self.table.setColumnWidth(0, 250)
        self.retranslate()

    def retranslate(self) -> None:
        """Every text of the window in the current language: the controls (the chosen
        sample stays), the titles, and the table, explanation and conditions worded again
        from the measures shown."""
        for i, title in enumerate(self._sample_titles):
            self.workload.setItemText(i, tr(title))
        self.switch.setToolTip(tr("sys.setswitchinterval for the threaded run: how long a "
                                  "thread may keep the GIL while another one waits"))
        self.run_button.setText(tr("Run both"))
        first, second = self.session_buttons
        first.setText(tr("First session…"))
        first.setToolTip(tr("a saved session for the upper timeline (an epoll recording, "
                            "say)"))
        second.setText(tr("Second session…"))
        second.setToolTip(tr("a saved session for the lower timeline (an IOCP recording "
                             "of the same sample, say)"))
        self.sample_label.setText(tr("Sample"))
        self.switch_label.setText(tr("GIL switch interval"))
        self.sessions_label.setText(tr("Saved sessions"))
        self.status.setText(self._status_words())
        if self.runs is not None and self.measures is not None:
            self._word_runs()
        elif self.queue_measures is not None and None not in self.sessions:
            self._word_sessions()
        elif any(self.sessions):
            self._word_session_titles()
        else:
            self._runs_titles()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def say(self, words: Callable[[], str]) -> None:
        """Show ``words()`` in the status line (and again, re-worded, in a new language)."""
        self._status_words = words
        self.status.setText(words())

    def _runs_titles(self) -> None:
        """The window's words for a cooperative vs preemptive run (the first use)."""
        self.setWindowTitle(tr("LoopScope — cooperative vs preemptive"))
        self.coop_title.setText(tr("<b>Cooperative</b> — asyncio tasks on one loop "
                                        "thread: a task runs until it awaits"))
        self.pre_title.setText(tr("<b>Preemptive</b> — one OS thread per task: the "
                                       "interpreter switches threads every switch interval "
                                       "(waits for the GIL are inferred)"))
        self.table.setHorizontalHeaderLabels([tr("Measure"), tr("Cooperative"),
                                              tr("Preemptive")])

    def spotlight(self, part: str) -> bool:
        """Frame a part of the window for a few seconds (a lesson points at it): "table"
        (the measures) or "timelines" (both lanes); False for another name."""
        target = {"table": self.table, "timelines": self.lanes}.get(part)
        if target is None:
            return False
        spotlight(target)
        return True

    def select(self, name: str) -> None:
        index = self.workload.findData(name)
        if index >= 0:
            self.workload.setCurrentIndex(index)

    @asyncSlot()
    async def run(self, params: dict[str, Any] | None = None) -> None:
        """Run the chosen sample both ways: with ``params`` (a lesson's), else the values
        the window was told to ask for."""
        name = str(self.workload.currentData())
        if params is None:
            params = self._parameters(name) if self._parameters is not None else {}
        try:
            self._runner.check(name, params)
        except ParamError as exc:
            error = exc  # (the name ``exc`` ends with the block; the words outlive it)
            self.say(lambda: error_text(error, tr))
            return
        phases: dict[str, Callable[[], str]] = {
            "cooperative": lambda: tr("Running {name} as asyncio tasks…").format(name=name),
            "preemptive": lambda: tr("Running {name} on OS threads…").format(name=name),
        }
        self.run_button.setEnabled(False)
        if self._pause_display is not None:
            self._pause_display(True)
        try:
            result = await self._runner.run(name, params, self.switch.value(),
                                            lambda phase: self.say(phases[phase]))
        finally:
            if self._pause_display is not None:
                self._pause_display(False)
            self.run_button.setEnabled(True)
        self.gui_cpu_ns = result.gui_cpu_ns
        self.show_runs(result.cooperative, result.preemptive)

    @staticmethod
    def _share(measures: compare.Measures, name: str) -> str:
        share = measures.cpu_share.get(name)
        return NO_SUCH_TASK if share is None else f"{share * 100:.1f} %"

    @staticmethod
    def _turns(measures: compare.Measures, name: str) -> str:
        if name not in measures.task_slices:
            return NO_SUCH_TASK
        return f"{fmt_ns(measures.task_slices[name])} / {fmt_ns(measures.task_longest[name])}"

    def _work(self, result: object, fields: list[str], equal: bool, both_dicts: bool) -> str:
        """One run's cell of "Same work done": the verdict, then what this run reports
        ("timings only" where both runs reported nothing but timings)."""
        verdict = tr("yes") if equal else tr("no")
        if not isinstance(result, dict):
            return f"{verdict} — {result!r}"
        if both_dicts and not fields:
            return tr("nothing to compare (timings only)")
        return f"{verdict} — " + ", ".join(f"{k} {self._value(result.get(k))}" for k in fields)

    def _value(self, value: object) -> str:
        """A result field's value, short: "none" for an empty list, 3 items of a long one."""
        if isinstance(value, list | tuple):
            if not value:
                return tr("none")
            items = ", ".join(self._value(v) for v in value[:3])
            return f"[{items}, …]" if len(value) > 3 else f"[{items}]"
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    def show_runs(self, cooperative: Run, preemptive: Run) -> None:
        self.runs = (cooperative, preemptive)
        self.queue_measures = None
        self.sessions = [None, None]  # their timelines now show the runs
        mc, mp = compare.measure(cooperative), compare.measure(preemptive)
        self.measures = (mc, mp)
        self.table.setColumnWidth(0, 250)
        for view, run in ((self.cooperative, cooperative), (self.preemptive, preemptive)):
            view.reset()
            view.extend_from(run.store, 0, len(run.store))
            view.follow_live = False
        longer = self.cooperative if mc.makespan_ns >= mp.makespan_ns else self.preemptive
        longer.fit_all()
        for view in (self.cooperative, self.preemptive):
            view.redraw()
        self._word_runs()
        self.say(lambda: tr("{name}: done.").format(name=cooperative.workload))
        self.compared.emit()

    def _word_runs(self) -> None:
        """The titles, table, explanation and conditions of the two runs shown, in the
        current language."""
        assert self.runs is not None and self.measures is not None
        cooperative, preemptive = self.runs
        mc, mp = self.measures
        self._runs_titles()
        rows = [
            (tr("Makespan (whole run)"), fmt_ns(mc.makespan_ns), fmt_ns(mp.makespan_ns)),
            (tr("Timer lateness p50"), fmt_ns(mc.lateness(50)), fmt_ns(mp.lateness(50))),
            (tr("Timer lateness p99"), fmt_ns(mc.lateness(99)), fmt_ns(mp.lateness(99))),
            (tr("Timer lateness max"), fmt_ns(mc.lateness(100)), fmt_ns(mp.lateness(100))),
            (tr("Switches (running intervals)"), f"{mc.switches:,}", f"{mp.switches:,}"),
            (tr("Longest uninterrupted run"),
             f"{fmt_ns(mc.longest_run_ns)} ({mc.longest_run_task})",
             f"{fmt_ns(mp.longest_run_ns)} ({mp.longest_run_task})",
             tr("One running interval: a task's step, or a thread's run until it "
                     "blocked or was switched out.")),
            (tr("Typical turn, by running time"), fmt_ns(mc.typical_turn_ns),
             fmt_ns(mp.typical_turn_ns),
             tr("A turn lasts until another task runs. Half of all running time was "
                     "spent in turns at least this long: one 300 ms step outweighs a "
                     "thousand 10 µs wake-ups, which a plain median would report.")),
        ]
        hog = compare.busiest(mc, mp)
        if hog:
            rows.append((tr("Turns of {task}: median / longest").format(task=hog),
                         self._turns(mc, hog), self._turns(mp, hog),
                         tr("The task with the highest CPU share: how long it kept the "
                                 "loop (cooperative) or the GIL (threads) before another "
                                 "task ran.")))
        for name in sorted(set(mc.cpu_share) | set(mp.cpu_share),
                           key=lambda n: -max(mc.cpu_share.get(n, 0), mp.cpu_share.get(n, 0)))[:8]:
            rows.append((tr("CPU share: {task}").format(task=name),
                         self._share(mc, name), self._share(mp, name)))
        equal, differ = compare.same_work(cooperative.result, preemptive.result)
        both = isinstance(cooperative.result, dict) and isinstance(preemptive.result, dict)
        fields = compare.work_fields(cooperative.result, preemptive.result)
        # (A run that failed has no fields: the other shows its own.)
        rows.append((tr("Same work done"),
                     self._work(cooperative.result, fields if both else compare.work_fields(
                         cooperative.result, cooperative.result), equal, both),
                     self._work(preemptive.result, fields if both else compare.work_fields(
                         preemptive.result, preemptive.result), equal, both),
                     tr("Each run's result, timings aside.") if equal else
                     tr("These differ: {fields}").format(fields=", ".join(differ))))
        self._fill_table(rows, tr("This run had no task or thread of that name."))
        lines = compare.explain(mc, mp, tr)
        errors = [f"{run.mode}: {run.error}" for run in self.runs if run.error]
        self.explanation.setText("<p>" + "</p><p>".join(lines + errors) + "</p>")
        conditions = preemptive.conditions
        share = self.gui_cpu_ns / max(mp.makespan_ns, 1) * 100
        self.conditions.setText(tr(
            "Conditions: Python {py} ({impl}), GIL {gil}, switch interval {si} ms, {cores} "
            "cores, {plat}. The GUI thread used {gui} of CPU during the threaded run "
            "({share:.1f} % of it): its display timers were stopped while the runs lasted."
        ).format(py=conditions.get("python"), impl=conditions.get("implementation"),
                 gil=tr("on") if conditions.get("gil") else tr(
                     "off (threads run in parallel)"),
                 si=conditions.get("switch_interval_ms"), cores=conditions.get("cores"),
                 plat=conditions.get("platform"),
                 gui=fmt_ns(self.gui_cpu_ns), share=share))

    def _fill_table(self, rows: Sequence[tuple[str, ...]], missing_tip: str) -> None:
        """Rows of (measure, cell, cell[, tooltip of the measure]); a cell reading "—" gets
        ``missing_tip`` as its tooltip."""
        self.table.setRowCount(len(rows))
        for r, (label, *cells) in enumerate(rows):
            tip = cells.pop() if len(cells) > 2 else ""
            head = QTableWidgetItem(label)
            head.setToolTip(tip)
            self.table.setItem(r, 0, head)
            for c, text in enumerate(cells, 1):
                item = QTableWidgetItem(text)
                item.setToolTip(missing_tip if text == NO_SUCH_TASK else text)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()  # a long label or result wraps onto a second line

    # -- two saved sessions ----------------------------------------------------------------------
    def _refuse(self, text: str) -> None:
        """Say why a file was not taken; what is shown stays as it was."""
        refusal = f'<span style="color:#b00020">{html.escape(text)}</span>'
        self.say(lambda: refusal)  # (worded when the file was refused)

    def pick_session(self, slot: int) -> asyncio.Task[None] | None:
        """Ask for the session file of the upper (0) or lower (1) timeline and open it."""
        title = (tr("First session to compare") if slot == 0
                 else tr("Second session to compare"))
        path = compare_sessions.pick_file(self, self.settings, title)
        return self.open_session(slot, path) if path else None

    def pick_sessions(self) -> asyncio.Task[None] | None:
        """Ask for both session files, one after the other, and compare them (cancelling
        either dialog keeps what is shown)."""
        first = compare_sessions.pick_file(self, self.settings,
                                           tr("First session to compare"))
        if not first:
            return None
        second = compare_sessions.pick_file(self, self.settings,
                                            tr("Second session to compare"))
        if not second:
            return None
        return self.open_sessions(first, second)

    @asyncSlot(int, str)
    async def open_session(self, slot: int, path: str) -> None:
        """Load ``path`` for the upper (0) or lower (1) timeline; compare once both are."""
        if await self._take(slot, path):
            self._show_if_both()

    @asyncSlot(str, str)
    async def open_sessions(self, first: str, second: str) -> None:
        """Load both files and compare them; a file that cannot be used is refused (with
        the reason) and leaves its side as it was."""
        taken = [await self._take(0, first), await self._take(1, second)]
        self._show_if_both()
        if not all(taken):
            reasons = [self._refused[i] for i in (0, 1) if not taken[i]]
            self._refuse(join_sentences(*reasons))

    async def _take(self, slot: int, path: str) -> bool:
        loaded = await compare_sessions.load(self, path)
        if isinstance(loaded, str):
            self._refused[slot] = loaded
            self._refuse(loaded)
            return False
        if self.runs is not None:  # the runs' timelines and table give way to the sessions
            self.runs = self.measures = None
            for shown in (self.cooperative, self.preemptive):
                shown.reset()
            self.table.setRowCount(0)
            self.explanation.clear()
            self.conditions.clear()
        self.sessions[slot] = (os.path.basename(path), loaded)
        view = (self.cooperative, self.preemptive)[slot]
        view.reset()
        view.extend_from(loaded.store, 0, len(loaded.store))
        view.follow_live = False
        view.fit_all()
        view.redraw()
        self._word_session_titles()
        opened = html.escape(os.path.basename(path))
        self.say(lambda: tr("{name} opened; pick the other session to compare.")
                 .format(name=opened))
        return True

    def _word_session_titles(self) -> None:
        """The window's words while one or two sessions are chosen (not yet compared), in
        the current language."""
        self.setWindowTitle(tr("LoopScope — saved sessions"))
        self.table.setHorizontalHeaderLabels([tr("Measure"), tr("First session"),
                                              tr("Second session")])
        for title, taken, button in zip((self.coop_title, self.pre_title), self.sessions,
                                        self.session_buttons, strict=True):
            if taken is None:
                title.setText(tr("<b>Not chosen yet</b> — pick a session with "
                                      "“{button}”").format(button=button.text()))
            else:
                name, session = taken
                title.setText(compare_sessions.lane_title(
                    self, queue_compare.measure_queue(session.store, session.info), name,
                    session))

    def _show_if_both(self) -> None:
        first, second = self.sessions
        if first is not None and second is not None:
            self.show_sessions(first, second)

    def show_sessions(self, first: tuple[str, tracefile.Session],
                      second: tuple[str, tracefile.Session]) -> None:
        """Two saved recordings on one time axis (each from its own first event), their
        event-queue counts side by side, and readiness vs completion in words."""
        self.sessions = [first, second]
        self.runs = None
        self.measures = None
        ma, mb = (queue_compare.measure_queue(s.store, s.info) for _name, s in (first, second))
        self.queue_measures = (ma, mb)
        self.table.setColumnWidth(0, 230)
        # The view that reaches further sets the shared axis: by what each timeline draws
        # (to its last event), not by the measures' durations, which count other events.
        longer = max((self.cooperative, self.preemptive), key=lambda view: view.end_s())
        longer.fit_all()
        for view in (self.cooperative, self.preemptive):
            view.redraw()
        self._word_sessions()
        if ma.backend == mb.backend:
            backend = ma.backend
            self.say(lambda: tr("Both sessions ran on {backend}: the same model; the "
                                "counts still compare.").format(backend=backend))
        else:
            a, b = ma.backend, mb.backend
            names = html.escape(first[0]), html.escape(second[0])
            self.say(lambda: tr("{a} vs {b}: {first} and {second}.").format(
                a=a, b=b, first=names[0], second=names[1]))
        self.compared.emit()

    def _word_sessions(self) -> None:
        """The titles, table, explanation and conditions of the two sessions compared, in
        the current language."""
        first, second = self.sessions
        assert first is not None and second is not None and self.queue_measures is not None
        ma, mb = self.queue_measures
        self.setWindowTitle(tr("LoopScope — {a} vs {b} (saved sessions)").format(
            a=ma.backend, b=mb.backend))
        for title, m, (name, session) in ((self.coop_title, ma, first),
                                          (self.pre_title, mb, second)):
            title.setText(compare_sessions.lane_title(self, m, name, session))
        self.table.setHorizontalHeaderLabels([
            tr("Measure"), compare_sessions.column_title(self, ma),
            compare_sessions.column_title(self, mb)])
        for column, (name, _session) in ((1, first), (2, second)):
            header = self.table.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(name)
        self._fill_table(compare_sessions.rows(self, ma, mb),
                         tr("Not a completion backend: no operations to finish."))
        paragraphs = queue_compare.explain_models(ma, mb, tr)
        self.explanation.setText("".join(
            f"<p><b>{html.escape(lead)}</b>{sentence_gap(lead)}{html.escape(text)}</p>"
            for lead, text in paragraphs))
        self.conditions.setText(compare_sessions.conditions(self, [first, second]))
