"""The lesson engine: one learner going through one lesson, on the recording as it grows.

A :class:`LessonRun` is fed what the loop records (or what a replay passes over) and says
when the current step has ended, by its lesson file's condition (an event kind, a task
state, a finished comparison, or the learner's Next). It asks the step's question when the
step begins and checks the answer against what the loop then records. Nothing here runs a
loop or touches Qt: the Lessons dock drives the engine and feeds this.

Facts about predicting a real loop → what this means for us:

- A real loop varies from run to run: a timer's lateness, which of two sockets the kernel
  reports first, how many polls a burst takes. A right answer written into a lesson file
  would be wrong on some runs.
  → No answer is written anywhere. Each question kind has a ``decide`` function that reads
  the answer off the state at the moment the question is asked (the ready queue, the timer
  heap, the interest list, what a peer was recorded doing), and returns None when that state
  does not settle it; then the question is not asked. The learner's answer is checked against
  what the loop records next, never against ``decide``; the tests check that the two agree
  on every run (that is the proof that the state determines the answer).
- The ready queue is first in, first out (a ``collections.deque``): what a callback ahead of
  a task appends goes behind it. → "Which task runs next" is the first task in the queue.
- ``_run_once`` computes the poll's timeout from the earliest timer only when the ready queue
  is empty, and harvests fds (``_process_events``) before it moves due timers to the ready
  queue. → "Where does the timeout come from" and "socket or timer first" follow from the
  heap and the recorded peer actions, when the loop is stopped before a POLL.
- epoll is level-triggered here: an fd stays ready until its data is read, and whether it
  was read is not recorded. → "Which fds will epoll_wait return" is asked only where every fd
  in the interest list either was made ready by a recorded peer action since the last poll,
  or has never been reported nor fired since it was registered (and waits for reading only:
  writability is never recorded).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fnmatch import fnmatchcase

import numpy as np

from app.model.lesson_file import Condition, Lesson, Step
from app.model.state import SchedulerState
from app.trace.events import UNIT_KINDS, Cause, Ev, Unit
from app.trace.store import EventStore
from app.trace.text import Translate, fmt_ns, join_sentences

_STEP_BEGIN, _POLL_BEGIN, _POLL_END = int(Ev.STEP_BEGIN), int(Ev.POLL_BEGIN), int(Ev.POLL_END)
_FD_EVENT, _TIMER_FIRED, _CONTROL = int(Ev.FD_EVENT), int(Ev.TIMER_FIRED), int(Ev.CONTROL)
_TASK_READY, _CALLBACK_READY = int(Ev.TASK_READY), int(Ev.CALLBACK_READY)
_THREAD_WAKE = int(Ev.THREAD_WAKE)
_FD_CHANGES = frozenset({int(Ev.FD_REGISTER), int(Ev.FD_MODIFY), int(Ev.FD_UNREGISTER)})
_UNIT_OF = {int(kind): int(unit) for kind, unit in UNIT_KINDS.items()}
_CALLBACK_KINDS = frozenset({int(Ev.CALLBACK_READY), int(Ev.CALLBACK_BEGIN),
                             int(Ev.CALLBACK_END)})
_PEER_IO = int(Ev.PEER_IO)
#: What feed() keeps the books on: LoopScope's commands, the polls (does one block, does the
#: self-pipe it returns come from another thread), callbacks queued by an fd (the self-pipe's).
_BOOKKEEPING = frozenset({_CONTROL, _POLL_BEGIN, _POLL_END, _THREAD_WAKE, _CALLBACK_READY})
#: The most choices a question offers.
MAX_CHOICES = 4


@dataclass(frozen=True, slots=True)
class Question:
    """A question asked of the learner. ``keys[i]`` is the model's value behind
    ``choices[i]`` (a task serial, a timer handle serial, a set of fds, "fd" or "timer");
    ``decided`` is the answer the state decided when it was asked (for the tests' proof: the
    learner is checked against the recording)."""

    kind: str
    text: str
    choices: tuple[str, ...]
    keys: tuple[object, ...]
    decided: object
    asked_at: int  # the store's length when it was asked: the answer is recorded after it
    queued: int = 0  # next_task: how many tasks were in the ready queue then


@dataclass(frozen=True, slots=True)
class Verdict:
    correct: bool
    answer: int  # the learner's choice (-1: skipped)
    right: int  # the choice the recording proved right (-1: none of them)
    recorded: object  # what the loop recorded (a key, as in Question.keys)
    why: str


@dataclass(frozen=True, slots=True)
class UnitAhead:
    """The unit the loop is stopped before (what ``Gate.waiting`` says), as plain data."""

    kind: int  # Unit
    task: int  # the task a RUN unit steps (0: a plain callback, or not a RUN)
    callback: str  # the qualname of what a RUN or TIMER unit calls


def unit_ahead(store: EventStore, index: int) -> UnitAhead | None:
    """The unit a replay at event ``index`` is stopped before: the next unit-opening event's
    (what ``Gate.waiting`` says of a live loop). None past the last unit."""
    kinds = store.kind[index:]
    hits = np.flatnonzero(np.isin(kinds, list(_UNIT_OF)))
    if not len(hits):
        return None
    i = index + int(hits[0])
    kind = int(store.kind[i])
    task = int(store.task[i]) if kind == _STEP_BEGIN else 0
    callback = store.string(int(store.b[i])) if kind == int(Ev.CALLBACK_BEGIN) else ""
    return UnitAhead(_UNIT_OF[kind], task, callback)


class LessonRun:
    """One learner going through ``lesson``: the step shown, the steps reached, the
    question asked and its verdict, the score."""

    def __init__(self, lesson: Lesson, tr: Translate) -> None:
        self.lesson = lesson
        self.tr = tr
        self.index = 0  # the step shown
        self.reached = 0  # the furthest step begun
        self.finished = False
        #: The event index each reached step began at (← moves the replay cursor there).
        self.began = [0]
        self.question: Question | None = None
        self.answer_given = -1
        self.verdict: Verdict | None = None
        self.right = 0
        self.asked = 0
        self.undetermined: list[int] = []  # steps that ended before the state decided theirs
        self._asked_step = -1
        self._matches = 0
        self._fed = 0  # events before this index have been looked at
        self._own_handles: set[int] = set()  # handles of LoopScope's commands and self-pipe
        self._self_pipe = -1
        # Whether the self-pipe's next (or current) report is another thread's wake-up
        # (THREAD_WAKE: call_soon_threadsafe) rather than LoopScope's own command.
        self._thread_woke = False
        self._pipe_theirs = False
        self._poll_blocks = False  # the last POLL_BEGIN asked for a timeout other than 0
        #: The event kinds feed() reads: its bookkeeping's, and those a step's end names.
        self._kinds = np.array(sorted(_BOOKKEEPING | {
            step.until.event for step in lesson.steps if step.until.form == "event"}),
            np.uint8)

    # -- where the learner is ------------------------------------------------------------------
    @property
    def step(self) -> Step:
        return self.lesson.steps[self.index]

    @property
    def reviewing(self) -> bool:
        """The learner went back (←): the steps ahead were already reached."""
        return self.index < self.reached

    @property
    def pending(self) -> bool:
        """A question was asked and the loop has not yet recorded what settles it."""
        return self.question is not None and self.verdict is None

    @property
    def score(self) -> tuple[int, int]:
        return self.right, self.asked

    def back(self) -> int:
        """Show the previous step; the event index it began at (for the replay cursor)."""
        self.index = max(0, self.index - 1)
        return self.began[self.index]

    def forward(self) -> int | None:
        """While reviewing, show the next step already reached; the event index it began at,
        or None when it is the step being played (the cursor follows the recording again)."""
        if not self.reviewing:
            return None
        self.index += 1
        return None if self.index == self.reached else self.began[self.index]

    def _advance(self, at: int) -> None:
        if self.step.ask and self._asked_step != self.index:
            self.undetermined.append(self.index)
        # The verdict stays (the dock shows it under the next step) until a new question.
        self.question = None
        self.answer_given = -1
        self._matches = 0
        if self.reached + 1 >= len(self.lesson.steps):
            self.finished = True
            return
        self.reached += 1
        self.index = self.reached
        self.began.append(at)

    # -- what the learner does -----------------------------------------------------------------
    def next_pressed(self) -> bool:
        """Next on a narration-only step ends it. True if it did."""
        if self.reviewing or self.finished or self.step.until.form != "next":
            return False
        self._advance(self._fed)
        return True

    def compare_done(self) -> bool:
        """The comparison finished: a ``{compare = "done"}`` step ends. True if it did."""
        if self.reviewing or self.finished or self.step.until.form != "compare":
            return False
        self._advance(self._fed)
        return True

    def answer(self, choice: int) -> None:
        """The learner's answer to the question shown (-1: skipped). It is checked when the
        loop has recorded what settles it."""
        if self.question is not None and self.answer_given == -1 and self.verdict is None:
            self.answer_given = choice

    def trimmed(self, cut: int) -> None:
        """The store let its first ``cut`` events go (retention): shift the indices kept."""
        self.began = [max(0, i - cut) for i in self.began]
        self._fed = max(0, self._fed - cut)
        if self.question is not None:
            self.question = replace(self.question,
                                    asked_at=max(0, self.question.asked_at - cut))

    # -- what the loop did ---------------------------------------------------------------------
    def feed(self, store: EventStore, start: int, end: int, state: SchedulerState) -> bool:
        """Events ``[start, end)`` of ``store`` were recorded (or replayed); ``state`` is the
        scheduler after them. Settles the question, then ends steps whose condition the
        events meet (in order: one event ends at most one step). True if a step ended."""
        if state.loop is not None:
            self._self_pipe = state.loop.self_pipe_fd
        start = max(start, self._fed)
        if end <= start:
            return False
        self._fed = end
        ended = False
        if self.pending:
            self._settle(store, state)
        # Only the kinds that keep the books below or may end a step are looked at one by
        # one: a lesson left running while the loop runs freely feeds 100,000 events a
        # second, most of them task steps no condition names.
        picked = start + np.flatnonzero(np.isin(store.kind[start:end], self._kinds))
        kind, task = store.kind[picked].tolist(), store.task[picked].tolist()
        a, b, c = store.a[picked].tolist(), store.b[picked].tolist(), store.c[picked].tolist()
        at = picked.tolist()
        hide = self.lesson.start.hide_own
        # Steps end only while no question waits for the learner or for what settles it (so
        # its verdict belongs to its step), and only up to a step that asks one (its question
        # is asked of the state after this batch, and settled by what follows).
        matching = not self.finished and not self.pending
        for k in range(len(kind)):
            kd = kind[k]
            if kd == _CONTROL:
                self._own_handles.add(c[k])
                continue
            if kd == _POLL_BEGIN:
                self._poll_blocks = a[k] != 0
            elif kd == _THREAD_WAKE:
                self._thread_woke = True
            elif kd == _POLL_END:
                self._pipe_theirs, self._thread_woke = self._thread_woke, False
            if (hide and self._own(kd, a[k], b[k], c[k])) or not matching:
                continue
            until = self.step.until
            if until.form == "event" and self._matches_event(until, store, kd, task[k], a[k],
                                                              b[k]):
                self._matches += 1
                if self._matches >= until.count:
                    self._advance(at[k] + 1)
                    ended = True
                    matching = not self.finished and not self.step.ask
        if not self.finished and not self.pending and not (ended and self.step.ask) \
                and self._state_met(self.step.until, store, state):
            self._advance(end)
            ended = True
        return ended

    def _own(self, kind: int, a: int, b: int, c: int) -> bool:
        """An event of LoopScope's own machinery: its commands' callbacks, and the self-pipe
        when LoopScope wrote it (a pause, a command to a running loop) with the callback that
        drains it. The self-pipe written by another thread of the program (a database
        worker's call_soon_threadsafe, recorded as THREAD_WAKE) is the program's: shown."""
        if kind in _CALLBACK_KINDS:
            if kind == _CALLBACK_READY and b == Cause.FD and c == self._self_pipe \
                    and not self._pipe_theirs:
                self._own_handles.add(a)
            return a in self._own_handles
        if kind == _FD_EVENT:
            return a == self._self_pipe and not self._pipe_theirs
        if kind in _FD_CHANGES:  # the loop arming its self-pipe (IOCP re-arms it each time)
            return a == self._self_pipe
        return False

    @staticmethod
    def _task_matches(pattern: str, store: EventStore, task: int) -> bool:
        if not pattern:
            return True
        info = store.tasks.get(task)
        if info is None:
            return False
        return fnmatchcase(info.name, pattern) or fnmatchcase(info.coro, pattern) \
            or fnmatchcase(store.task_name(task), pattern)

    def _matches_event(self, until: Condition, store: EventStore, kind: int, task: int,
                       a: int, b: int) -> bool:
        if kind != until.event:
            return False
        if until.cause and not ((kind == _TASK_READY and a == until.cause)
                                or (kind == _CALLBACK_READY and b == until.cause)):
            return False
        if until.wait >= 0 and a != until.wait:
            return False
        if until.blocking and kind in (_POLL_BEGIN, _POLL_END) and not self._poll_blocks:
            return False
        return self._task_matches(until.task, store, task)

    def _state_met(self, until: Condition, store: EventStore, state: SchedulerState) -> bool:
        if until.form == "queue":
            return not state.ready and state.running is None
        if until.form != "state":
            return False
        return any(t.state == until.state and self._task_matches(until.task, store, serial)
                   for serial, t in state.tasks.items())

    def own_unit(self, state: SchedulerState, ahead: UnitAhead | None) -> bool:
        """The unit ahead is LoopScope's own (a command's callback, or draining the
        self-pipe) and the lesson hides them: the dock steps over it."""
        if not self.lesson.start.hide_own or ahead is None or ahead.kind != Unit.RUN \
                or ahead.task or not state.ready:
            return False
        is_task, serial = state.ready[0]
        if is_task:
            return False
        info = state.callbacks.get(serial)
        return serial in self._own_handles or (info is not None
                                               and info.cause == Cause.CONTROL)

    # -- questions -----------------------------------------------------------------------------
    def ask(self, store: EventStore, state: SchedulerState, ahead: UnitAhead | None,
            now_ns: int) -> Question | None:
        """The current step's question, built from the state now; None if the step asks
        none, it was asked already, or the state does not decide its answer yet (ask again
        after the next unit: a step that ends without its question asked is noted in
        ``undetermined``)."""
        kind = self.step.ask
        if not kind or self.reviewing or self.finished or self.question is not None \
                or self._asked_step == self.index:
            return None
        question = _DECIDE[kind](self, store, state, ahead, now_ns)
        if question is None:
            return None  # not decided yet: asked later in the step, if ever (_advance)
        self.question = question
        self._asked_step = self.index
        self.verdict = None
        self.answer_given = -1
        return question

    def _settle(self, store: EventStore, state: SchedulerState) -> None:
        question = self.question
        assert question is not None
        recorded = _SETTLE[question.kind](self, store, question)
        if recorded is _UNSETTLED:
            return
        right = question.keys.index(recorded) if recorded in question.keys else -1
        correct = self.answer_given >= 0 and self.answer_given == right
        self.asked += 1  # counted once settled (a skip too: asked, not right)
        if correct:
            self.right += 1
        self.verdict = Verdict(correct, self.answer_given, right, recorded,
                               _WHY[question.kind](self, store, question, recorded))


# -- the question kinds: decide (the answer, and the choices), settle, why ------------------
_UNSETTLED = object()


def _serial(key: object) -> int:
    """A question's key that is a task or timer handle serial."""
    assert isinstance(key, int)
    return key


def _task_label(store: EventStore, serial: int) -> str:
    return store.task_name(serial)


def _decide_next_task(run: LessonRun, store: EventStore, state: SchedulerState,
                    ahead: UnitAhead | None, now_ns: int) -> Question | None:
    """Which task runs next: the first task in the ready queue (FIFO)."""
    if ahead is None:
        return None
    queued = state.ready_tasks()
    if not queued:
        return None
    decided = queued[0]
    others = queued[1:] + sorted(s for s, t in state.tasks.items()
                                 if t.state == 1 and s not in queued)
    serials = sorted({decided, *others[:MAX_CHOICES - 1]}, key=lambda s: _task_label(store, s))
    if len(serials) < 2:
        return None  # one candidate is no question
    tr = run.tr
    return Question("next_task", tr("Which task runs next?"),
                    tuple(_task_label(store, s) for s in serials), tuple(serials), decided,
                    len(store), len(queued))


def _settle_next_task(run: LessonRun, store: EventStore, question: Question) -> object:
    kind = store.kind[question.asked_at:]
    hits = np.flatnonzero(kind == _STEP_BEGIN)
    if not len(hits):
        return _UNSETTLED
    return int(store.task[question.asked_at + int(hits[0])])


def _why_next_task(run: LessonRun, store: EventStore, question: Question,
                   recorded: object) -> str:
    tr = run.tr
    task = _task_label(store, _serial(recorded))
    if question.queued == 1:
        return tr("{task} was the only task in the ready queue. The others were registered, "
                  "each waiting for something (a timer, an fd, another task), and a "
                  "registered task cannot run until what it waits for wakes it.").format(
            task=task)
    return tr("The ready queue is first in, first out: {task} had been in it longest of the "
              "tasks, so its step ran first. A task that becomes ready now queues behind "
              "it.").format(task=task)


def _timer_label(run: LessonRun, store: EventStore, state: SchedulerState, serial: int,
                 now_ns: int) -> str:
    tr = run.tr
    timer = state.timers[serial]
    what = store.string(timer.name) if timer.name else tr("a timer")
    owner = _task_label(store, timer.owner) if timer.owner else ""
    left = max(0, timer.deadline - now_ns)
    if owner and what.endswith("_set_result_unless_cancelled"):  # asyncio.sleep's timer
        return tr("the asyncio.sleep of {task}: due in {time}").format(
            task=owner, time=fmt_ns(left) if left else "0")
    if owner:
        return tr("{callback} of {task}: due in {time}").format(
            callback=what, task=owner, time=fmt_ns(left) if left else "0")
    return tr("{callback}: due in {time}").format(callback=what,
                                                      time=fmt_ns(left) if left else "0")


#: timeout_from's keys besides timer handle serials (which start at 1).
_FOREVER, _AT_ONCE = 0, -1


def _decide_timeout_from(run: LessonRun, store: EventStore, state: SchedulerState,
                       ahead: UnitAhead | None, now_ns: int) -> Question | None:
    """Where the poll's timeout comes from: the earliest timer, or none (block until an fd
    fires). Only before a POLL with nothing ready (else the timeout is 0)."""
    if ahead is None or ahead.kind != Unit.POLL or state.ready:
        return None
    by_deadline = sorted(state.timers, key=lambda s: (state.timers[s].deadline, s))
    tr = run.tr
    if by_deadline:
        first = by_deadline[0]
        if len(by_deadline) > 1 and \
                state.timers[by_deadline[1]].deadline == state.timers[first].deadline:
            return None  # two timers due at the same moment: either could be "the" one
        decided: object = first
    else:
        decided = _FOREVER
    # The nearest timers, "no timer" (timeout −1) and "none at all" (timeout 0: what a
    # non-empty ready queue would give).
    keys: list[object] = [*by_deadline[:MAX_CHOICES - 2], _FOREVER, _AT_ONCE]
    labels = [_timer_label(run, store, state, _serial(k), now_ns)
              for k in by_deadline[:MAX_CHOICES - 2]]
    labels += [tr("No timer: it blocks until an fd fires"),
               tr("Timeout 0: it returns at once, whatever is pending")]
    return Question("timeout_from", tr("The loop is about to call {call}. Where does its "
                                       "timeout come from?").format(call=_wait_call(store)),
                    tuple(labels), tuple(keys), decided, len(store))


def _wait_call(store: EventStore) -> str:
    kind = store.kind
    hits = np.flatnonzero(kind == _POLL_BEGIN)
    backend = store.string(int(store.c[hits[-1]])) if len(hits) else ""
    return {"epoll": "epoll_wait", "kqueue": "kevent", "poll": "poll", "select": "select",
            "iocp": "GetQueuedCompletionStatus"}.get(backend, "epoll_wait")


def _settle_timeout_from(run: LessonRun, store: EventStore, question: Question) -> object:
    at = question.asked_at
    hits = np.flatnonzero(store.kind[at:] == _POLL_BEGIN)
    if not len(hits):
        return _UNSETTLED
    i = at + int(hits[0])
    timeout = int(store.a[i])
    if timeout < 0:
        return _FOREVER
    timers = [k for k in question.keys if k not in (_FOREVER, _AT_ONCE)]
    deadlines = _deadlines(store, timers, at)
    if not deadlines:
        return _AT_ONCE
    if timeout == 0:
        # An overdue timer clips the timeout to 0 (the clock runs on while the loop is
        # paused): it was computed from the earliest of them.
        return min(deadlines, key=lambda s: (deadlines[s], s))
    # The timer the timeout was computed from: the one due when the wait would end.
    ends = int(store.ts[i]) + timeout
    return min(deadlines, key=lambda s: abs(deadlines[s] - ends))


def _deadlines(store: EventStore, serials: list[object], before: int) -> dict[int, int]:
    """The deadlines of the timer handles ``serials``, from their TIMER_ADDED events."""
    kind, a, b = store.kind[:before], store.a[:before], store.b[:before]
    out: dict[int, int] = {}
    for serial in serials:
        hits = np.flatnonzero((kind == int(Ev.TIMER_ADDED)) & (a == _serial(serial)))
        if len(hits):
            out[_serial(serial)] = int(b[hits[-1]])
    return out


def _why_timeout_from(run: LessonRun, store: EventStore, question: Question,
                      recorded: object) -> str:
    tr = run.tr
    if recorded == _FOREVER:
        return tr("With nothing ready and no timer armed, the loop has no reason to wake "
                  "up by itself: it asks the kernel to block until an fd fires (timeout "
                  "−1).")
    call = _wait_call(store)
    if recorded == _AT_ONCE:
        return tr("Something was already waiting in the ready queue, so the loop may not "
                  "sleep at all: {call} only checks the kernel and returns (timeout 0).").format(
            call=call)
    why = tr("With nothing ready, the loop may sleep until its earliest timer is due: "
             "asyncio's timers are a heap, and the top of the heap sets the timeout of "
             "{call}. An fd that fires earlier ends the wait sooner.").format(call=call)
    if _poll_timeout(store, question.asked_at) == 0:
        why = join_sentences(why, tr(
            "Here that timer fell due while the loop was paused (the clock runs on while you "
            "read), so the timeout was 0: {call} returned at once, and the timer is "
            "late.").format(call=call))
    return why


def _poll_timeout(store: EventStore, at: int) -> int | None:
    """The timeout (ns; -1 = none) of the first poll at or after event ``at``."""
    hits = np.flatnonzero(store.kind[at:] == _POLL_BEGIN)
    return int(store.a[at + int(hits[0])]) if len(hits) else None


def _fd_label(run: LessonRun, store: EventStore, state: SchedulerState, fds: frozenset[int],
              ) -> str:
    tr = run.tr
    if not fds:
        return tr("None: it blocks until the timeout")
    words = []
    for fd in sorted(fds):
        info = state.fds.get(fd)
        owner = store.string(info.owner) if info is not None and info.owner else ""
        # The callback's own name ("_read_ready", "_accept_connection"), not its class's:
        # a choice is one line of a button.
        owner = owner.rsplit(".", 1)[-1]
        if state.loop is not None and fd == state.loop.self_pipe_fd:
            owner = tr("self-pipe")
        words.append(tr("fd {fd} ({owner})").format(fd=fd, owner=owner) if owner
                     else tr("fd {fd}").format(fd=fd))
    return " + ".join(words)


def _decide_poll_fds(run: LessonRun, store: EventStore, state: SchedulerState,
                   ahead: UnitAhead | None, now_ns: int) -> Question | None:
    """Which fds the next poll returns, where the recording decides it (module docstring)."""
    tr = run.tr
    if ahead is None or ahead.kind != Unit.POLL or not state.fds or state.operations:
        return None
    fired = set(state.fired)
    ready: set[int] = set()
    kind, a, ts = store.kind, store.a, store.ts
    for fd, info in state.fds.items():
        if info.mask != 1:
            return None  # writability is never recorded
        if fd in fired:
            ready.add(fd)
            continue
        since = ts >= info.since
        touched = ((kind == _FD_EVENT) | (kind == _PEER_IO)) & (a == fd) & since
        if touched.any():
            return None  # reported before: whether its data was all read is not recorded
    decided = frozenset(ready)
    candidates: list[frozenset[int]] = [decided, frozenset()]
    candidates += [frozenset({fd}) for fd in sorted(state.fds)]
    candidates.append(frozenset(state.fds))
    sets: list[frozenset[int]] = []
    for option in candidates:
        if option not in sets:
            sets.append(option)
    sets = sorted(sets[:MAX_CHOICES], key=lambda s: (len(s), sorted(s)))
    if len(sets) < 2:
        return None
    return Question("poll_fds", tr("Which fds will this {call} return?").format(
        call=_wait_call(store)), tuple(_fd_label(run, store, state, s) for s in sets),
        tuple(sets), decided, len(store))


def _settle_poll_fds(run: LessonRun, store: EventStore, question: Question) -> object:
    at = question.asked_at
    kind = store.kind[at:]
    ends = np.flatnonzero(kind == _POLL_END)
    if not len(ends):
        return _UNSETTLED
    i = at + int(ends[0])
    count = int(store.a[i])
    after = np.flatnonzero(store.kind[i + 1:] == _FD_EVENT)[:count]
    if len(after) < count:
        return _UNSETTLED
    return frozenset(int(store.a[i + 1 + int(k)]) for k in after)


def _why_poll_fds(run: LessonRun, store: EventStore, question: Question,
                  recorded: object) -> str:
    tr = run.tr
    return tr("{call} returns only the fds whose state changed in the kernel: here the "
              "ones a peer was recorded connecting or sending to since the last poll, "
              "whether the loop was waiting or busy. The others in the interest list had "
              "nothing to report, so the loop does no work for them.").format(
        call=_wait_call(store))


def _decide_first_handler(run: LessonRun, store: EventStore, state: SchedulerState,
                        ahead: UnitAhead | None, now_ns: int) -> Question | None:
    """Socket or timer first, when both are due at the next poll (whatever the ready queue
    holds: the poll harvests the fds, then moves the due timers, both behind it)."""
    if ahead is None or ahead.kind != Unit.POLL:
        return None
    fired = [fd for fd in state.fired if fd in state.fds]
    due = [s for s, t in state.timers.items() if t.deadline <= now_ns]
    if not fired or not due:
        return None
    tr = run.tr
    timer = min(due, key=lambda s: state.timers[s].deadline)
    labels = (tr("The socket's callback (fd {fd})").format(fd=fired[0]),
              tr("The timer's callback ({callback})").format(
                  callback=store.string(state.timers[timer].name)
                  if state.timers[timer].name else tr("a timer")))
    return Question("first_handler", tr("A timer is already due and a peer has sent data to "
                                        "a socket. Which handler joins the ready queue "
                                        "first?"), labels, ("fd", "timer"), "fd", len(store))


def _settle_first_handler(run: LessonRun, store: EventStore, question: Question) -> object:
    _, kind, _, a, b, _ = store.columns(question.asked_at, len(store))
    for k in range(len(kind)):
        kd = kind[k]
        if kd == _TIMER_FIRED:
            return "timer"
        if (kd == _TASK_READY and a[k] == Cause.FD) or (kd == _CALLBACK_READY
                                                          and b[k] == Cause.FD):
            return "fd"
    return _UNSETTLED


def _why_first_handler(run: LessonRun, store: EventStore, question: Question,
                       recorded: object) -> str:
    tr = run.tr
    return tr("In one iteration the loop first polls and hands each fd's callback to the "
              "ready queue, then moves the timers that are due. So within one iteration a "
              "ready socket always queues before a due timer, however late the timer "
              "is.")


_DECIDE = {"next_task": _decide_next_task, "timeout_from": _decide_timeout_from,
              "poll_fds": _decide_poll_fds, "first_handler": _decide_first_handler}
_SETTLE = {"next_task": _settle_next_task, "timeout_from": _settle_timeout_from,
           "poll_fds": _settle_poll_fds, "first_handler": _settle_first_handler}
_WHY = {"next_task": _why_next_task, "timeout_from": _why_timeout_from,
        "poll_fds": _why_poll_fds, "first_handler": _why_first_handler}
