"""Driving a lesson: the learner's keys and buttons become the window's commands, and what
the loop records is fed to the lesson's run.

A lesson runs on the real traced loop (issue #17): starting one resets the engine paused (on
the lesson's backend, on the engine thread, whose gate steps single units), launches its
workload, shows its docks and hides LoopScope's own commands in the event log. Then:

- → runs one unit and then the units that are LoopScope's own (its commands' callbacks, the
  self-pipe's reader): the learner never steps through the app's machinery;
- Shift+→ runs one loop iteration;
- Next runs units one by one, one per the lesson's ``pace_ms`` so that each move animates,
  until the step's end condition is met (at most :data:`MAX_UNITS`; then it says so, and
  the loop stays paused and stoppable);
- ← goes back one step and moves the replay cursor to where that step began; → and Next then
  show the steps already reached again, and the loop's present after the last.

A lesson on a saved session drives the replay cursor instead of the engine; a lesson on the
compare window runs its sample there and waits for both runs.

Every event reaches the run once, in order, with the reducer's state after it
(:meth:`LessonDriver.extend` while following the live loop; one event at a time as a saved
session is replayed). A step's question is asked while the loop is held before its next unit
(its choices come from that state); the learner answers before the lesson goes on, and the
verdict comes when the loop has recorded what settles it.
"""

from __future__ import annotations

import time
from asyncio import sleep
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QByteArray, QObject, QTimer, Signal
from qasync import asyncSlot

from app.model.lesson_file import Lesson
from app.model.lessons import LessonRun, Question, UnitAhead, Verdict, unit_ahead
from app.model.state import SchedulerState
from app.qt import language
from app.qt.language import tr
from app.runtime import backends
from app.trace.events import Ev
from app.views import session_dialogs, window_controls
from app.views.spotlight import clear_spotlights, spotlight
from app.views.window_parts import WindowParts

if TYPE_CHECKING:  # (the compare window holds a timeline: pyqtgraph, imported when opened)
    from app.views.compare import CompareWindow

#: Next gives up after this many units without the step ending (a lesson file whose
#: condition the workload never meets; the loop stays paused, and the learner is told).
MAX_UNITS = 2000
#: → steps over at most this many of LoopScope's own units after the learner's one.
MAX_OWN_UNITS = 50
#: A unit of a lesson command still running after this long (ms) is said to wait in the
#: kernel: the learner may stop it (a poll with nothing due blocks until an fd fires).
LONG_WAIT_MS = 1500
#: The QSettings group of the scores: ``lessons/<id>/best``, ``…/last``, ``…/finished``.
SETTINGS_GROUP = "lessons"


@dataclass
class Score:
    """A lesson's score as kept between sessions ("" fields: never run)."""

    best: str = ""  # "right/asked" of the best run
    last: str = ""  # "right/asked" of the last finished run
    finished: bool = False


def parse_score(text: str) -> tuple[int, int] | None:
    """``"2/3"`` -> (2, 3); None for anything else."""
    right, sep, asked = text.partition("/")
    if not sep or not right.isdigit() or not asked.isdigit():
        return None
    return int(right), int(asked)


def better(score: tuple[int, int], than: tuple[int, int] | None) -> bool:
    """Whether ``score`` beats ``than``: more right answers, then fewer asked."""
    return than is None or (score[0], -score[1]) > (than[0], -than[1])


class LessonDriver(QObject):
    """One lesson at a time, on the window's loop (see the module docstring); a listener of
    the bridge (subscribed after the views of the events)."""

    #: The step, the question, the verdict, the note or the score changed.
    changed = Signal()
    #: The lesson ended (its layout is the user's again).
    ended = Signal()

    def __init__(self, window: WindowParts) -> None:
        super().__init__(window)
        self.window = window
        self.run: LessonRun | None = None
        #: The last question asked (shown until the next one), the learner's answer to it
        #: (None: not answered; -1: skipped) and its verdict (None: not settled yet).
        self.asked: Question | None = None
        self.choice: int | None = None
        self.verdict: Verdict | None = None
        #: "live" (the engine), "session" (a saved session replayed), "compare" (the compare
        #: window runs the sample).
        self.mode = "live"
        #: Events of the shown store the run has been fed (the next one to feed).
        self.fed = 0
        #: A command of the lesson is running (Next's loop, a step): no other starts.
        self.busy = False
        #: What the learner is told besides the narration (worded again in a new language).
        self.note: Callable[[], str] | None = None
        self._cancelled = False
        self._failed = False
        self._starting = False
        self._layout: QByteArray | None = None
        self._hid_control: bool | None = None
        #: The docks in front of their tab groups before the lessons (raised again at the end;
        #: ``restoreState`` keeps which docks show, not which tab is in front).
        self._front: list[str] = []
        #: Whether the compare window was open before the lessons (else the lessons opened
        #: it, and End closes it), and whether a lesson opened a saved session (End closes it:
        #: the live loop is shown again).
        self._compare_was_open = False
        self._opened_session = False
        #: Next's pause between units, when set (ms): else the lesson's own ``pace_ms``.
        self.pace_ms: float | None = None
        #: A unit still running after this long is said to wait (a poll nothing ends).
        self._long_wait = QTimer(self)
        self._long_wait.setSingleShot(True)
        self._long_wait.setInterval(LONG_WAIT_MS)
        self._long_wait.timeout.connect(self._waiting_long)
        #: The compare window whose runs the lesson waits for (None: none).
        self._watched: CompareWindow | None = None
        #: What the question shown was asked of: the state, the unit ahead, the clock, the
        #: step (to word it again in another language).
        self._asked_with: tuple[SchedulerState, UnitAhead | None, int, int] | None = None
        window.controller.failed.connect(self._command_failed)

    # -- what the dock reads -------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.run is not None

    @property
    def steering(self) -> bool:
        """The lesson drives the window's →, Shift+→ and ← (until it is finished: then they
        are the window's own again, to watch more of the loop)."""
        return self.run is not None and not self.run.finished

    def waiting_for_answer(self) -> bool:
        return self.asked is not None and self.choice is None

    def score(self, lesson_id: str) -> Score:
        """What QSettings keeps of ``lesson_id``'s runs."""
        settings = self.window.settings
        if settings is None:
            return Score()
        key = f"{SETTINGS_GROUP}/{lesson_id}"
        return Score(str(settings.value(f"{key}/best", "") or ""),
                     str(settings.value(f"{key}/last", "") or ""),
                     str(settings.value(f"{key}/finished", "false")).lower() == "true")

    # -- starting and ending -------------------------------------------------------------------
    @asyncSlot(object)
    async def start(self, lesson: Lesson) -> bool:
        """Start ``lesson`` (a lesson running ends first); False if it could not start
        (the learner kept the run that starting would wipe, the session is missing...)."""
        window = self.window
        if self.busy:
            return False
        if self.run is None and lesson.start.workload \
                and not window.discard_ok(tr("Start a lesson")):
            self._layout = None  # nothing changed: nothing to give back
            return False  # (a session or a comparison leaves the live recording alone)
        left = self._left_behind(lesson)
        self._stop_quietly()
        self.busy = True
        self._starting = True
        try:
            started = await self._start(lesson)
        finally:
            self._starting = False
            self.busy = False
        if not started:
            note = self.note
            self.end()
            self._say(note)
            return False
        if left is not None and self.note is None:
            self.note = left  # the learner is told where the other lesson was left
        self._step_began()
        self._maybe_ask()
        self.changed.emit()
        return True

    def _left_behind(self, lesson: Lesson) -> Callable[[], str] | None:
        """Starting ``lesson`` while another one runs, past its first step: what the dock
        says of the one left behind (None: nothing is lost)."""
        run = self.run
        if run is None or run.index == 0 or run.finished or run.lesson.id == lesson.id:
            return None
        other, step = run.lesson, run.index + 1

        def note() -> str:
            return tr("“{title}” was left at step {n}: start it again from the list to go "
                      "through it.").format(title=other.title.pick(language.current()), n=step)

        return note

    def keep_layout(self) -> None:
        """Keep the user's setup (the docks, the log's filter, which tab is in front, whether
        the compare window is open), given back when the lessons end; once, before the first
        lesson changes any of it."""
        if self._layout is not None:
            return
        window = self.window
        self._layout = window.saveState()
        self._hid_control = window.event_log.hide_control.isChecked()
        self._front = window_controls.front_docks(window)
        compare = window.compare_window
        self._compare_was_open = compare is not None and compare.isVisible()
        self._opened_session = False

    async def _start(self, lesson: Lesson) -> bool:
        window, controller = self.window, self.window.controller
        start = lesson.start
        self.keep_layout()  # the user's own setup, given back when the lessons end
        self.run = LessonRun(lesson, tr)
        self.asked, self.choice, self.verdict = None, None, None
        self._asked_with = None
        self.note = None
        self.fed = 0
        window_controls.lesson_layout(window, start.docks)
        if start.hide_own:
            window.event_log.set_hide_control(True)
        if start.session:
            # A saved session, replayed event by event (the live loop goes on apart); the
            # one it is compared with opens when a step points at the compare window.
            self.mode = "session"
            self._opened_session = True
            await session_dialogs.open_session(window, start.session)
            if window.viewing is None:  # refused (a message box said why)
                path = start.session
                self.note = lambda: tr("The lesson's session {path} cannot be opened.").format(
                    path=path)
                return False
            self.fed = 0
            self._replay_one()
            return True
        if start.compare:
            # The compare window runs the sample both ways on loops of its own.
            self.mode = "compare"
            compare = self._watch(window.open_compare())
            compare.select(start.compare)
            compare.run(dict(start.params))
            return True
        window.show_live()
        if not controller.paused:
            await controller.toggle_run()
        backend = start.backend or controller.backend
        if backend not in backends.available():
            wanted, current = backend, controller.backend
            self.note = lambda: tr(
                "This lesson was written for {backend}, which this system does not have: "
                "it runs on {current}.").format(backend=wanted, current=current)
            backend = controller.backend
        if backend != controller.backend or controller.host != "thread":
            # The engine thread's gate steps single units; the Qt host's cannot.
            problem = controller.replace_engine(backend, "thread")
            window_controls.show_engine_choice(window)
            if problem:
                window.message(problem, 10000)
        else:
            controller.reset()
        window.replay.set_cursor(-1)
        self.mode = "live"
        if start.workload and not window.launch(start.workload, dict(start.params)):
            name = start.workload
            self.note = lambda: tr("The lesson's workload {name} did not start.").format(
                name=name)
            return False
        window.bridge.drain()  # the launch is fed before the first step
        return True

    def _watch(self, compare: CompareWindow) -> CompareWindow:
        """Wait for ``compare``'s runs (or sessions): a ``{compare = "done"}`` step ends."""
        if self._watched is not compare:
            compare.compared.connect(self._compared)
            self._watched = compare
        return compare

    def stop(self) -> None:
        """Stop the command running (Next's units, a step): the loop is woken from a wait
        that nothing would end, and stays paused."""
        if not self.busy:
            return
        self._cancelled = True
        self.window.controller.interrupt_wait()
        self.changed.emit()

    def end(self) -> None:
        """End the lesson and give the user's setup back (a command running is stopped
        first): the saved session a lesson opened is closed (the live loop shows again), the
        compare window it opened is closed, every spotlight goes, and the docks, the tab in
        front and the log's filter are as they were before the first lesson."""
        self.stop()
        self._stop_quietly()
        window = self.window
        self.clear_spotlights()
        if self._opened_session:
            self._opened_session = False
            window.close_session()
        window.replay.set_cursor(-1)  # (← leaves it on a step's beginning)
        compare = window.compare_window
        if compare is not None and compare.isVisible() and not self._compare_was_open \
                and self._layout is not None:
            compare.close()
        if self._layout is not None:
            window.restoreState(self._layout)
            self._layout = None
            for key in self._front:
                raise_dock(window, key)
            self._front = []
        if self._hid_control is not None:
            window.event_log.set_hide_control(self._hid_control)
            self._hid_control = None
        self.note = None
        self.changed.emit()
        self.ended.emit()

    def clear_spotlights(self) -> None:
        """No spotlight any more: the board's, the timeline's, and every frame (the log's,
        the source pane's, the compare window's)."""
        window = self.window
        window.board.spotlight(None)
        window.timeline.clear_spotlight()
        clear_spotlights(window)
        if window.compare_window is not None:
            clear_spotlights(window.compare_window)

    def _stop_quietly(self) -> None:
        """Forget the running lesson (the layout stays, for the next lesson to change)."""
        if self._watched is not None:
            self._watched.compared.disconnect(self._compared)
            self._watched = None
        self.run = None
        self.asked, self.choice, self.verdict = None, None, None
        self.mode = "live"

    @asyncSlot()
    async def restart(self) -> bool:
        """The running lesson from its first step, on a fresh loop."""
        if self.run is None or self.busy:
            return False
        return bool(await self.start(self.run.lesson))

    # -- the bridge's listener -----------------------------------------------------------------
    def extend(self, start: int, end: int) -> None:
        """New events of the shown store: fed to the run while it follows the live loop."""
        if self.run is None or self.mode == "session" or not self.window.bridge.showing_live:
            return
        begin = max(start, self.fed)
        if begin < end:
            self._feed(begin, end, self.window.bridge.reducer.state())

    def trim(self, cut: int) -> None:
        self.fed = max(0, self.fed - cut)
        if self.run is not None and self.mode != "session":
            self.run.trimmed(cut)

    def reset(self) -> None:
        """The shown store was replaced: by the lesson starting (fed from its first event),
        or by the learner (a reset, another recording): the lesson cannot go on there."""
        if self.run is None or self._starting:
            self.fed = 0
            return
        self.end()
        self._say(lambda: tr("The recording the lesson ran on was replaced: the lesson "
                             "ended. Start it again to go on."))

    # -- feeding the run -----------------------------------------------------------------------
    def _feed(self, start: int, end: int, state: SchedulerState) -> bool:
        run = self.run
        if run is None or start >= end:
            return False
        was = (run.reached, run.finished)
        run.feed(self.window.bridge.store, start, end, state)
        self.fed = end
        if self.asked is not None and self.verdict is None and run.verdict is not None:
            self.verdict = run.verdict  # the loop recorded what settles the question
            if self.choice is None:
                self.choice = -1  # stepped on without answering: asked, not right
            self.changed.emit()
        advanced = (run.reached, run.finished) != was
        if advanced:
            self._step_began()
        return advanced

    def _step_began(self) -> None:
        run = self.run
        if run is None:
            return
        if run.finished:
            self._finished()
        else:
            self.spotlight()
        self.changed.emit()

    def _maybe_ask(self) -> None:
        """The step's question, if it has one not yet asked and the state decides it now
        (the loop is held before its next unit: the choices come from that state)."""
        run = self.run
        if run is None or run.finished or run.reviewing or not run.step.ask \
                or run.question is not None:
            return
        window = self.window
        store = window.bridge.store
        if self.mode == "session":
            # A replay is held before the event it feeds next: the unit that event opens,
            # the state before it, its time.
            if self.fed >= len(store):
                return
            ahead = unit_ahead(store, self.fed)
            state = window.bridge.reducer.state_at(self.fed)
            now_ns = int(store.ts[self.fed])
        else:
            unit = window.controller.waiting_unit()
            if unit is None:
                return  # the loop runs: asked when it is held
            ahead = UnitAhead(int(unit.kind), unit.task, unit.callback)
            state = window.bridge.reducer.state()
            now_ns = time.monotonic_ns()
        question = run.ask(store, state, ahead, now_ns)
        if question is not None:
            self.asked, self.choice, self.verdict = question, None, None
            self._asked_with = (state, ahead, now_ns, run.index)
            self.changed.emit()

    def reword(self) -> None:
        """The question and verdict shown, in the language spoken now. The run words them
        once (when asked, when settled): a copy of the run, at the same step, asks the same
        question of the state it was asked of and settles it on the same events."""
        run, asked, kept = self.run, self.asked, self._asked_with
        if run is None or asked is None or kept is None:
            return
        state, ahead, now_ns, index = kept
        store = self.window.bridge.store
        shadow = LessonRun(run.lesson, tr)
        shadow.index = shadow.reached = index
        again = shadow.ask(store, state, ahead, now_ns)
        if again is None or again.keys != asked.keys:
            return  # (the store let its events go since: the words stay)
        self.asked = replace(asked, text=again.text, choices=again.choices)
        verdict = self.verdict
        if verdict is None or asked.asked_at >= len(store):
            return
        shadow.question = replace(again, asked_at=asked.asked_at)
        shadow.answer_given = verdict.answer
        shadow.feed(store, asked.asked_at, len(store), self.window.bridge.reducer.state())
        settled = shadow.verdict
        if settled is not None and settled.recorded == verdict.recorded:
            self.verdict = replace(verdict, why=settled.why)

    def answer(self, choice: int) -> None:
        """The learner's answer to the question shown; the verdict follows when the loop
        has recorded what settles it."""
        run = self.run
        if run is None or not self.waiting_for_answer():
            return
        run.answer(choice)
        self.choice = choice
        self.note = None
        self.changed.emit()

    def skip(self) -> None:
        """Go on without answering: the question counts as asked and not right (the run
        counts it when it settles)."""
        if self.run is None or not self.waiting_for_answer():
            return
        self.choice = -1
        self.note = None
        self.changed.emit()

    def _finished(self) -> None:
        """The last step ended: the score is kept."""
        run = self.run
        settings = self.window.settings
        if run is None or settings is None:
            return
        right, asked = run.score
        key = f"{SETTINGS_GROUP}/{run.lesson.id}"
        best = parse_score(str(settings.value(f"{key}/best", "") or ""))
        if better((right, asked), best):
            settings.setValue(f"{key}/best", f"{right}/{asked}")
        settings.setValue(f"{key}/last", f"{right}/{asked}")
        settings.setValue(f"{key}/finished", "true")
        settings.sync()

    # -- the learner's commands ----------------------------------------------------------------
    def _may_go_on(self) -> bool:
        """Whether a command may drive the lesson now (else the learner is told why)."""
        run = self.run
        if run is None or self.busy:
            return False
        if run.finished:
            self._say(lambda: tr("The lesson is finished: Restart it, or End the lesson."))
            return False
        if self.waiting_for_answer() and not run.reviewing:
            self._say(lambda: tr("Answer the question first (or skip it)."))
            return False
        self._cancelled = False
        return True

    def _set_busy(self, busy: bool) -> None:
        """A command of the lesson runs (the dock offers Stop) or is over."""
        self.busy = busy
        self.changed.emit()

    def _say(self, note: Callable[[], str] | None) -> None:
        self.note = note
        self.changed.emit()

    def _command_failed(self, _reason: str) -> None:
        self._failed = True

    def _review_forward(self) -> None:
        """→ or Next while reviewing: the next step already reached (the replay cursor
        where it began), or the step being played (the cursor back at the present)."""
        run = self.run
        assert run is not None
        index = run.forward()
        window = self.window
        if index is not None:
            window.replay.set_cursor(self._seen_before(index))
        elif self.mode == "session":
            window.replay.set_cursor(max(0, self.fed - 1))
        else:
            window.replay.set_cursor(-1)
        self.spotlight()
        self.changed.emit()

    async def _unit(self, iteration: bool = False) -> bool:
        """One unit (or iteration) of the live loop; False if the engine refused it or the
        learner stopped it. A unit that waits long (a poll with nothing due) says so."""
        controller = self.window.controller
        if not self.window.replay.live:  # the views follow the loop the lesson runs
            self.window.replay.set_cursor(-1)
        self._failed = False
        self._long_wait.start()
        try:
            if iteration:
                await controller.step_iteration()
            else:
                await controller.step()
        finally:
            self._long_wait.stop()
            if self.note is self._waiting_note:  # the wait is over
                self._say(None)
        return not self._failed and not self._cancelled

    def _waiting_long(self) -> None:
        self._say(self._waiting_note)

    @staticmethod
    def _waiting_note() -> str:
        return tr("The loop is blocked in the kernel, waiting for an event. Stop wakes it "
                  "(it stays paused).")

    async def _pace(self) -> None:
        """Next's pause between two units (the lesson's ``pace_ms``; :attr:`pace_ms`
        overrides it when set)."""
        run = self.run
        pace = self.pace_ms if self.pace_ms is not None else \
            (run.lesson.start.pace_ms if run is not None else 0.0)
        if pace > 0:
            await sleep(pace / 1000)

    def _replay_one(self) -> bool:
        """A saved session's next event, replayed and fed; False at its end."""
        window = self.window
        store = window.bridge.store
        index = self.fed
        if index >= len(store):
            self._say(lambda: tr("This is the session's last event."))
            return False
        window.replay.set_cursor(index)
        self._feed(index, index + 1, window.bridge.reducer.state_at(index + 1))
        return True

    async def _step_over_own(self) -> bool:
        """Run the units ahead that are LoopScope's own; False if the engine refused one."""
        run, controller = self.run, self.window.controller
        for _ in range(MAX_OWN_UNITS):
            if run is None or self.run is not run or run.finished:
                return True
            unit = controller.waiting_unit()
            ahead = None if unit is None else UnitAhead(int(unit.kind), unit.task,
                                                        unit.callback)
            if not run.own_unit(self.window.bridge.reducer.state(), ahead):
                return True
            if not await self._unit():
                return False
        return True

    @asyncSlot()
    async def forward(self) -> None:
        """→: one unit of the loop, then LoopScope's own units ahead; a saved session's
        next event; while reviewing, the next step already reached."""
        run = self.run
        if run is None or not self._may_go_on():
            return
        self.note = None
        if run.reviewing:
            self._review_forward()
            return
        if self.mode == "session":
            self._replay_one()
        elif self.mode == "compare":
            self._say(lambda: tr("This lesson runs in the compare window."))
            return
        else:
            self._set_busy(True)
            try:
                if await self._unit():
                    await self._step_over_own()
            finally:
                self._set_busy(False)
        self._after_command()

    @asyncSlot()
    async def step_iteration(self) -> None:
        """Shift+→: one iteration of the loop (a session or a review: as →)."""
        run = self.run
        if run is None or not self._may_go_on():
            return
        if run.reviewing or self.mode != "live":
            await self.forward()
            return
        self.note = None
        self._set_busy(True)
        try:
            if await self._unit(iteration=True):
                await self._step_over_own()
        finally:
            self._set_busy(False)
        self._after_command()

    @asyncSlot()
    async def next(self) -> bool:
        """Next: on until the step ends (a narration step ends at once, once its question
        is settled); True if it did."""
        run = self.run
        if run is None or not self._may_go_on():
            return False
        self.note = None
        if run.reviewing:
            self._review_forward()
            return True
        was = (run.reached, run.finished)
        self._set_busy(True)
        units = 0
        try:
            while (run.reached, run.finished) == was and not self._cancelled \
                    and self.run is run:
                if run.step.until.form == "next" and not run.pending:
                    if run.next_pressed():
                        self._step_began()
                    break
                if self.mode == "session":
                    self._maybe_ask()
                    if self.waiting_for_answer() or not self._replay_one():
                        break
                    await self._pace()
                    continue
                if self.mode == "compare":
                    self._say(_waiting_for_runs)
                    break
                if units >= MAX_UNITS:
                    self._say(lambda: tr(
                        "This step did not end within {n:,} units of the loop. The loop "
                        "stays paused: step on with →, or restart the lesson.").format(
                        n=MAX_UNITS))
                    break
                if not await self._step_over_own():
                    break
                self._maybe_ask()
                if self.waiting_for_answer():
                    break  # a question came up: the learner answers before the loop goes on
                if units:
                    await self._pace()  # each move animates and can be followed
                    if self._cancelled or self.run is not run:
                        break
                if not await self._unit():
                    break
                units += 1
        finally:
            self._set_busy(False)
        self._after_command()
        return (run.reached, run.finished) != was

    def back(self) -> int | None:
        """←: the previous step, the replay cursor where it began. Returns that event index
        (None: no lesson, or busy)."""
        run = self.run
        if run is None or self.busy:
            return None
        if run.index == 0:
            self._say(lambda: tr("This is the lesson's first step."))
            return None
        index = self._seen_before(run.back())
        window = self.window
        window.replay.set_cursor(index)
        self.note = None
        self.spotlight()
        self.changed.emit()
        return index

    def _seen_before(self, began: int) -> int:
        """The event the learner saw when a step that began at event ``began`` began: the
        last one before it that is not a LoopScope command (those are the app's own, hidden
        in a lesson: the board's caption would read "LoopScope command: step")."""
        store = self.window.bridge.store
        index = min(began, len(store)) - 1
        kinds = store.kind
        while index > 0 and int(kinds[index]) == int(Ev.CONTROL):
            index -= 1
        return max(0, index)

    def _compared(self) -> None:
        """The compare window shows both runs (or both sessions): a step waiting for them
        ends."""
        run = self.run
        if self.note is _waiting_for_runs:  # they are done
            self.note = None
        if run is not None and run.compare_done():
            self._step_began()
        elif run is not None:
            self.spotlight()
            self.changed.emit()

    def _after_command(self) -> None:
        self._maybe_ask()
        if self.run is not None and not self.run.finished:
            self.spotlight(log_only=True)
        self.changed.emit()

    # -- spotlights ----------------------------------------------------------------------------
    def spotlight(self, log_only: bool = False) -> None:
        """Point at what the step talks about (its ``show`` names); ``log_only``: only the
        log's newest row, which moves as the loop records."""
        run = self.run
        if run is None or run.finished:
            return
        window = self.window
        for name in run.step.show:
            where, _sep, part = name.partition(":")
            if log_only and name != "log:last":
                continue
            if where == "board":
                raise_dock(window, "board")
                window.board.spotlight(part)
            elif name == "log:last":
                window.event_log.spotlight_last()
            elif name == "timeline:loop":
                raise_dock(window, "timeline")
                window.timeline.spotlight_lane("loop")
            elif name == "timeline:task":
                serial = self.subject_task()
                if serial:
                    raise_dock(window, "timeline")
                    window.timeline.spotlight_lane(serial)
            elif name == "state:ready":
                raise_dock(window, "lists")
                spotlight(window.state_view)
            elif name == "source" and "source" in window.docks:
                raise_dock(window, "source")
                shown = window.docks["source"].widget()
                if shown is not None:
                    spotlight(shown)
            elif where == "compare":
                compare = self._versus() or window.compare_window
                if compare is not None:
                    compare.spotlight(part)

    def _versus(self) -> CompareWindow | None:
        """A session lesson's comparison, opened the first time a step points at it (the
        compare window then shows both sessions); None for other lessons."""
        run = self.run
        if run is None or not run.lesson.start.versus or self._watched is not None:
            return None
        start = run.lesson.start
        return self._watch(self.window.compare_sessions(start.session, start.versus))

    def subject_task(self) -> int:
        """The task the step is about: that of the newest event fed that has one (0: none)."""
        store = self.window.bridge.store
        end = min(self.fed, len(store))
        tasks = np.flatnonzero(store.task[:end])
        return int(store.task[tasks[-1]]) if len(tasks) else 0


def _waiting_for_runs() -> str:
    return tr("Waiting for both runs in the compare window…")


def raise_dock(window: WindowParts, key: str) -> None:
    """Show the dock ``key`` in front of those tabbed with it."""
    box = window.docks.get(key)
    if box is not None:
        box.show()
        box.raise_()
