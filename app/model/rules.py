"""The task-state rules, defined once: the state each task event moves a task to.

A task is in one :class:`~app.model.state.TaskStateCode` at a time. Five event kinds move it
(each rule is what :mod:`app.runtime.loop` does, in the order it emits):

- TASK_SPAWNED: NEW.
- TASK_READY: READY, unless the task is RUNNING. A TASK_READY recorded during the task's own
  step (a bare yield, ``sleep(0)``; a preempted thread; a Task-bound callback such as
  ``call_soon(task.cancel)``) leaves it RUNNING until its STEP_END, and that STEP_END makes it
  READY whatever it says it waits for: the ready queue holds the task, and the queue is the
  recorded fact (a Task-bound callback is recorded as a "step" whose ``_fut_waiter`` is
  stale).
- STEP_BEGIN: RUNNING (eager steps too: where a step runs does not change its task's state).
- STEP_END: DONE if it says ``Wait.DONE``; READY if it says ``Wait.READY`` or the ready queue
  holds the task (queued during the step; or READY already, when its STEP_BEGIN was lost);
  REGISTERED otherwise (waiting for what the event says).
- TASK_EXITED: DONE (it brings the outcome; its STEP_END usually made the task DONE already).

:func:`task_transition` is the definition. Everything that follows task states derives
from it or is checked against it:

- :func:`app.model.history.task_history` calls it for every event of one task;
- :func:`app.model.history.intervals` and the live timeline
  (:meth:`app.model.timeline.TimelineData.extend`) apply its table form, :data:`RULES`, to
  whole batches with numpy (:func:`run_rules`);
- the reducer's hot loop (:meth:`app.model.reducer._Machine.run`) applies the same rules
  inlined, because a call per task event would make it ~20 % slower (see the comment there);
  the tests (``tests/model/test_state_rules.py``) check it against :func:`task_transition` for
  every (state, event) pair and on random and recorded streams.

The reducer adds what per-task rules cannot know: when events were lost, a unit that opens
while a task still looks RUNNING ends that task's step (see :mod:`app.model.reducer`). On a
stream without losses every consumer agrees event for event.
"""

from __future__ import annotations

import numpy as np

from app.model.state import DONE, NEW, READY, REGISTERED, RUNNING
from app.trace.events import Ev, Wait

#: The state of a task no event has been seen of yet.
NOT_SEEN = -1

_K_SPAWNED = int(Ev.TASK_SPAWNED)
_K_READY = int(Ev.TASK_READY)
_K_BEGIN = int(Ev.STEP_BEGIN)
_K_END = int(Ev.STEP_END)
_K_EXITED = int(Ev.TASK_EXITED)
_W_READY = int(Wait.READY)
_W_DONE = int(Wait.DONE)

#: The five event kinds that move a task (their values are 1-5).
TASK_KINDS = (_K_SPAWNED, _K_READY, _K_BEGIN, _K_END, _K_EXITED)


def task_transition(state: int, queued: bool, kind: int, wait: int) -> tuple[int, bool]:
    """The state a task is in after one of its events: THE definition of the task-state rules.

    ``state`` is its :class:`~app.model.state.TaskStateCode` before the event
    (:data:`NOT_SEEN` before its first); ``queued`` says a TASK_READY was recorded during its
    running step (only ever true while RUNNING). ``kind`` is the event's :class:`Ev`, ``wait``
    its ``a`` field (the :class:`Wait` of a STEP_END; not read for other kinds). Returns
    ``(state, queued)`` after the event; kinds other than the five task kinds change nothing.
    """
    if kind == _K_READY:
        if state == RUNNING:
            return RUNNING, True  # stays RUNNING until its STEP_END
        return READY, False
    if kind == _K_BEGIN:
        return RUNNING, False
    if kind == _K_END:
        if wait == _W_DONE:
            return DONE, False
        if wait == _W_READY or queued or state == READY:
            return READY, False
        return REGISTERED, False
    if kind == _K_SPAWNED:
        return NEW, False
    if kind == _K_EXITED:
        return DONE, False
    return state, queued


# -- the table form, for numpy consumers ---------------------------------------------------------
# A rule state packs (state, queued) into one small int: 0 = not seen, 1 + TaskStateCode, and
# RUNNING_QUEUED for a running task queued during its step. An event class is a task kind,
# with STEP_END split by what its ``wait`` means to the rules.
RULE_NOT_SEEN = 0
RUNNING_QUEUED = 6
N_RULE_STATES = 7
CLASS_SPAWNED, CLASS_READY, CLASS_BEGIN, CLASS_END_READY, CLASS_END_DONE, CLASS_END_WAIT, \
    CLASS_EXITED = range(7)
#: One (kind, wait) of each event class, in class order.
_CLASS_EVENT = ((_K_SPAWNED, 0), (_K_READY, 0), (_K_BEGIN, 0), (_K_END, _W_READY),
                (_K_END, _W_DONE), (_K_END, int(Wait.FUTURE)), (_K_EXITED, 0))
N_CLASSES = len(_CLASS_EVENT)


def rule_state(state: int, queued: bool) -> int:
    """``(state, queued)`` as one rule state (see :data:`RULES`)."""
    return RUNNING_QUEUED if queued and state == RUNNING else state + 1


def from_rule_state(code: int) -> tuple[int, bool]:
    """The ``(state, queued)`` a rule state stands for."""
    return (RUNNING, True) if code == RUNNING_QUEUED else (code - 1, False)


#: ``RULES[rule state, event class]`` = the rule state after the event: :func:`task_transition`
#: evaluated at every pair.
RULES = np.array([[rule_state(*task_transition(*from_rule_state(code), kind, wait))
                   for kind, wait in _CLASS_EVENT] for code in range(N_RULE_STATES)], np.int8)
#: The TaskStateCode of each rule state (-1 = not seen).
TASK_STATE = np.array([from_rule_state(code)[0] for code in range(N_RULE_STATES)], np.int8)
# Per class, the rule state it leads to from every state alike (-1: it depends on the state).
_CONSTANT = np.where((RULES[:1] == RULES).all(axis=0), RULES[0], -1).astype(np.int8)
# Event class by kind (index = kind; STEP_END is refined by its wait in event_classes).
_CLASS_OF_KIND = np.full(256, -1, np.int8)
for _kind, _cls in ((_K_SPAWNED, CLASS_SPAWNED), (_K_READY, CLASS_READY),
                    (_K_BEGIN, CLASS_BEGIN), (_K_END, CLASS_END_WAIT),
                    (_K_EXITED, CLASS_EXITED)):
    _CLASS_OF_KIND[_kind] = _cls
#: Runs of state-dependent events longer than this are finished one event at a time (only a
#: corrupt stream has them: a valid one has at most a few TASK_READYs then a STEP_END).
_MAX_ROUNDS = 8


def event_classes(kind: np.ndarray, wait: np.ndarray) -> np.ndarray:
    """The event class (int8) of each task event (``kind`` among :data:`TASK_KINDS`,
    ``wait`` = the events' ``a`` column)."""
    cls: np.ndarray = _CLASS_OF_KIND[kind]
    end = kind == _K_END
    cls[end & (wait == _W_READY)] = CLASS_END_READY
    cls[end & (wait == _W_DONE)] = CLASS_END_DONE
    return cls


def run_rules(classes: np.ndarray, head: np.ndarray, carry: np.ndarray) -> np.ndarray:
    """The rule state after each event of a batch of task events, grouped by task.

    ``classes``: the event classes (:func:`event_classes`), each task's events contiguous and
    in event order; ``head``: true at each task's first row; ``carry``: per row, the rule state
    the row's task is in before the batch (read at head rows). Most classes lead to one state
    whatever came before; the others (TASK_READY, a STEP_END that waits) are resolved from
    their predecessor, a round per position in runs of them (O(rows) per round, a few
    rounds).
    """
    out: np.ndarray = _CONSTANT[classes]
    todo = np.flatnonzero(out < 0)
    rounds = 0
    while len(todo) and rounds < _MAX_ROUNDS:
        prev = np.where(head[todo], carry[todo], out[todo - 1])
        known = prev >= 0
        rows = todo[known]
        out[rows] = RULES[prev[known], classes[rows]]
        todo = todo[~known]
        rounds += 1
    for i in todo.tolist():  # ascending: each row's predecessor is resolved before it
        prev_code = int(carry[i]) if head[i] or i == 0 else int(out[i - 1])
        out[i] = RULES[prev_code, classes[i]]
    return out
