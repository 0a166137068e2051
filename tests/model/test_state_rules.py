"""The task-state rules are defined once (app.model.rules.task_transition) and every consumer
agrees with them: the reducer's inlined hot loop, task_history, intervals and the live
timeline's task bars — for every (state, event) pair, on random valid event streams, on
recorded cooperative runs of all nine samples and on preemptive runs."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

import numpy as np
import pytest

from app.model.history import Intervals, intervals, task_history
from app.model.reducer import Reducer
from app.model.rules import (
    CLASS_BEGIN,
    CLASS_END_DONE,
    CLASS_END_READY,
    CLASS_END_WAIT,
    CLASS_EXITED,
    CLASS_READY,
    CLASS_SPAWNED,
    N_CLASSES,
    N_RULE_STATES,
    NOT_SEEN,
    RULE_NOT_SEEN,
    RULES,
    RUNNING_QUEUED,
    TASK_STATE,
    event_classes,
    from_rule_state,
    rule_state,
    run_rules,
    task_transition,
)
from app.model.state import DONE, NEW, READY, REGISTERED, RUNNING, TaskState
from app.model.timeline import TimelineData
from app.runtime.recorder import Record
from app.trace.events import Cause, Ev, Outcome, Wait
from app.trace.store import EventStore
from tests.support.workloads import NAMES, SMALL, run_cooperative, run_threads

# (kind, task, a, b, c): an event before it is stamped and numbered.
Raw = tuple[int, int, int, int, int]

SPAWNED, TREADY, BEGIN, END, EXITED = (int(k) for k in (
    Ev.TASK_SPAWNED, Ev.TASK_READY, Ev.STEP_BEGIN, Ev.STEP_END, Ev.TASK_EXITED))
WAITS = [int(w) for w in (Wait.FD_READ, Wait.FD_WRITE, Wait.TIMER, Wait.TASK, Wait.FUTURE,
                          Wait.THREAD)]
#: One event of each class, for serial 1.
CLASS_EVENTS: dict[int, Raw] = {
    CLASS_SPAWNED: (SPAWNED, 1, 0, 0, 0),
    CLASS_READY: (TREADY, 1, int(Cause.YIELD), 1, 0),
    CLASS_BEGIN: (BEGIN, 1, 9, 0, 0),
    CLASS_END_READY: (END, 1, int(Wait.READY), 0, 0),
    CLASS_END_DONE: (END, 1, int(Wait.DONE), 0, 0),
    CLASS_END_WAIT: (END, 1, int(Wait.FUTURE), 0, 3),
    CLASS_EXITED: (EXITED, 1, int(Outcome.OK), 0, 0),
}
#: Events that bring task 1 into each rule state.
PREFIX: dict[int, list[Raw]] = {
    RULE_NOT_SEEN: [],
    rule_state(NEW, False): [(SPAWNED, 1, 0, 0, 0)],
    rule_state(READY, False): [(SPAWNED, 1, 0, 0, 0), (TREADY, 1, int(Cause.SPAWN), 0, 0)],
    rule_state(RUNNING, False): [(SPAWNED, 1, 0, 0, 0), (TREADY, 1, int(Cause.SPAWN), 0, 0),
                                 (BEGIN, 1, 1, 0, 0)],
    RUNNING_QUEUED: [(SPAWNED, 1, 0, 0, 0), (TREADY, 1, int(Cause.SPAWN), 0, 0),
                     (BEGIN, 1, 1, 0, 0), (TREADY, 1, int(Cause.YIELD), 1, 0)],
    rule_state(REGISTERED, False): [(SPAWNED, 1, 0, 0, 0), (TREADY, 1, int(Cause.SPAWN), 0, 0),
                                    (BEGIN, 1, 1, 0, 0), (END, 1, int(Wait.TIMER), 50, 2)],
    rule_state(DONE, False): [(SPAWNED, 1, 0, 0, 0), (TREADY, 1, int(Cause.SPAWN), 0, 0),
                              (BEGIN, 1, 1, 0, 0), (END, 1, int(Wait.DONE), 0, 0),
                              (EXITED, 1, int(Outcome.OK), 0, 0)],
}


def _store(raw: list[Raw], preemptive: bool = False) -> EventStore:
    """A store of ``raw`` events, numbered without gaps, 10 ns apart."""
    if preemptive:
        raw = [(int(Ev.THREADS_INFO), 0, 5_000_000, 1, 0), *raw]
    records: list[Record] = [(i + 1, 1000 + 10 * i, kind, task, a, b, c)
                             for i, (kind, task, a, b, c) in enumerate(raw)]
    store = EventStore(strings=["", "name", "Queue.get", "sqlite3.execute"])
    store.append(records)
    return store


def _reducer_code(task: TaskState) -> int:
    """The rule state the reducer holds a task in (queued: a ready-queue entry while RUNNING)."""
    return rule_state(task.state, task.state == RUNNING and task.queued >= 0)


# -- the definition and its table form ---------------------------------------------------------
def test_the_table_is_the_definition_and_says_the_documented_rules() -> None:
    for code in range(N_RULE_STATES):
        state, queued = from_rule_state(code)
        assert rule_state(state, queued) == code
        for cls, (kind, _, a, _, _) in CLASS_EVENTS.items():
            assert RULES[code, cls] == rule_state(*task_transition(state, queued, kind, a))
    # The subtle rules, spelled out.
    run = rule_state(RUNNING, False)
    assert task_transition(RUNNING, False, TREADY, 0) == (RUNNING, True)  # stays RUNNING
    assert task_transition(RUNNING, True, END, int(Wait.FUTURE)) == (READY, False)  # queued
    assert task_transition(RUNNING, True, END, int(Wait.DONE)) == (DONE, False)
    assert task_transition(RUNNING, False, END, int(Wait.READY)) == (READY, False)
    assert task_transition(RUNNING, False, END, int(Wait.CALL)) == (REGISTERED, False)
    assert task_transition(REGISTERED, False, TREADY, int(Cause.PREEMPTED)) == (READY, False)
    assert task_transition(DONE, False, EXITED, int(Outcome.OK)) == (DONE, False)
    assert task_transition(NOT_SEEN, False, int(Ev.POLL_BEGIN), 0) == (NOT_SEEN, False)
    assert RULES[run, CLASS_READY] == RUNNING_QUEUED
    assert list(TASK_STATE) == [NOT_SEEN, NEW, REGISTERED, READY, RUNNING, DONE, RUNNING]
    assert RULES.shape == (N_RULE_STATES, N_CLASSES)


def test_run_rules_resolves_long_runs_of_state_dependent_events() -> None:
    """More TASK_READYs in one step than run_rules' vectorised rounds: the rest one by one."""
    rng = random.Random(4)
    for _ in range(50):
        classes = np.array([rng.choice([CLASS_READY, CLASS_READY, CLASS_END_WAIT, CLASS_BEGIN])
                            for _ in range(rng.randrange(1, 40))], np.int8)
        head = np.zeros(len(classes), bool)
        head[0] = True
        head[rng.randrange(len(classes))] = True
        carry = np.array([rng.randrange(N_RULE_STATES) for _ in classes], np.int8)
        got = run_rules(classes, head, carry)
        code = 0
        for i, cls in enumerate(classes.tolist()):
            code = RULES[int(carry[i]) if head[i] else code, cls]
            assert got[i] == code


@pytest.mark.parametrize("code", range(N_RULE_STATES))
@pytest.mark.parametrize("cls", range(N_CLASSES))
def test_the_reducers_inlined_rules_are_the_definition(code: int, cls: int) -> None:
    """Every (rule state, event class) pair through the reducer's hot loop."""
    store = _store([*PREFIX[code], CLASS_EVENTS[cls]])
    reducer = Reducer(store)
    reducer.apply(stop=len(store) - 1)
    before = reducer.state().tasks.get(1)
    assert (_reducer_code(before) if before is not None else RULE_NOT_SEEN) == code
    reducer.apply()
    kind, _, a, _, _ = CLASS_EVENTS[cls]
    want = rule_state(*task_transition(*from_rule_state(code), kind, a))
    assert _reducer_code(reducer.state().tasks[1]) == want == RULES[code, cls]
    _assert_consumers_agree(store, rng=random.Random(code * N_CLASSES + cls))


# -- random valid event streams -------------------------------------------------------------------
class _Stream:
    """A random, valid event stream of one loop (or of OS threads): what a recording of a
    program that spawns, wakes, yields, waits and ends tasks at random would hold."""

    def __init__(self, rng: random.Random, max_tasks: int = 14) -> None:
        self.rng = rng
        self.max_tasks = max_tasks
        self.out: list[Raw] = []
        self.serials = itertools.count(1)
        self.units = itertools.count(1)
        self.handles = itertools.count(1)
        self.spawned = 0
        self.queue: list[int] = []  # ready tasks
        self.waiting: list[int] = []  # registered tasks

    def emit(self, kind: int, task: int = 0, a: int = 0, b: int = 0, c: int = 0) -> None:
        self.out.append((kind, task, a, b, c))

    def enqueue(self, task: int, cause: Cause, detail: int = 0) -> None:
        """A TASK_READY; a task queued again moves to the tail (only ever once in it)."""
        self.emit(TREADY, task, int(cause), detail, 0)
        if task in self.queue:
            self.queue.remove(task)
        self.queue.append(task)

    def wait_or_end(self, task: int, queued: bool) -> None:
        """The STEP_END of ``task`` (and TASK_EXITED if it ends)."""
        rng = self.rng
        r = rng.random()
        if r < 0.25:
            self.emit(END, task, int(Wait.DONE))
            self.emit(EXITED, task, int(rng.choice(list(Outcome))), 0)
            if task in self.queue:
                self.queue.remove(task)
        elif queued:  # queued during its step: READY whatever the wait says
            wait = int(Wait.READY) if r < 0.7 else rng.choice(WAITS)
            self.emit(END, task, wait, rng.randrange(100), 0)
        elif r < 0.32:  # Wait.READY without its TASK_READY: the queue gets it anyway
            self.emit(END, task, int(Wait.READY))
            self.queue.append(task)
        else:
            self.emit(END, task, rng.choice(WAITS), rng.randrange(100), rng.randrange(4))
            self.waiting.append(task)

    def spawn(self, parent: int, eager: bool) -> None:
        serial = next(self.serials)
        self.spawned += 1
        if eager:  # its first step runs inside the running step (3.12+ eager tasks)
            self.emit(SPAWNED, serial, parent, 1, 1)
            self.step(serial, depth=1)
        else:
            self.emit(SPAWNED, serial, parent, 0, 1)
            self.enqueue(serial, Cause.SPAWN)

    def step(self, task: int, depth: int = 0) -> None:
        """One step of ``task`` (the loop popped it, or it runs eagerly): it spawns, wakes,
        yields, then waits or ends."""
        rng = self.rng
        self.emit(BEGIN, task, next(self.units))
        queued = False
        for _ in range(rng.randrange(4)):
            r = rng.random()
            if r < 0.25 and self.spawned < self.max_tasks:
                self.spawn(task, eager=depth == 0 and rng.random() < 0.3)
            elif r < 0.55 and self.waiting:
                woken = self.waiting.pop(rng.randrange(len(self.waiting)))
                self.enqueue(woken, Cause.TASK, task)
            elif r < 0.8:  # a bare yield, or a Task-bound callback (call_soon(task.cancel))
                self.enqueue(task, rng.choice([Cause.YIELD, Cause.CALLBACK]), task)
                queued = True
            elif self.queue:  # wake a task that is already READY: it moves
                self.enqueue(rng.choice(self.queue), Cause.TASK, task)
        self.wait_or_end(task, queued)

    def cooperative(self) -> list[Raw]:
        rng = self.rng
        for _ in range(rng.randint(1, 3)):
            self.spawn(0, eager=False)
        for _ in range(40):
            self.emit(int(Ev.POLL_BEGIN), 0, -1 if self.queue else 1000, next(self.units))
            woken = [t for t in self.waiting if rng.random() < 0.5]
            self.emit(int(Ev.POLL_END), 0, len(woken), 10)
            for task in woken:
                self.waiting.remove(task)
                self.enqueue(task, rng.choice([Cause.FD, Cause.TIMER, Cause.THREAD]))
            if rng.random() < 0.3:  # a plain callback that wakes a task
                handle = next(self.handles)
                self.emit(int(Ev.CALLBACK_READY), 0, handle, int(Cause.CALLBACK), 0)
                self.emit(int(Ev.CALLBACK_BEGIN), 0, handle, 0, next(self.units))
                if self.waiting:
                    self.enqueue(self.waiting.pop(0), Cause.CALLBACK, handle)
                self.emit(int(Ev.CALLBACK_END), 0, handle)
            for _ in range(len(self.queue)):
                if self.queue:
                    self.step(self.queue.pop(0))
            if not self.queue and not self.waiting:
                break
        return self.out

    def preemptive(self) -> list[Raw]:
        """OS threads as tasks: several run at once, a preempted one is queued and its step
        ends READY, a blocked one waits for its call to return."""
        rng = self.rng
        running: list[int] = []
        for _ in range(rng.randint(1, 4)):
            self.spawn(0, eager=False)
        for _ in range(rng.randrange(20, 120)):
            r = rng.random()
            if r < 0.35 and self.queue:
                task = self.queue.pop(rng.randrange(len(self.queue)))
                self.emit(BEGIN, task, next(self.units))
                running.append(task)
            elif r < 0.55 and running:  # preempted: loses the GIL, back in the queue
                task = running.pop(rng.randrange(len(running)))
                self.enqueue(task, Cause.PREEMPTED)
                self.emit(END, task, int(Wait.READY))
            elif r < 0.7 and running:  # blocks in a call, or waits for a lock / future
                task = running.pop(rng.randrange(len(running)))
                self.emit(END, task, rng.choice([int(Wait.CALL), int(Wait.FUTURE)]), 0, 3)
                self.waiting.append(task)
            elif r < 0.8 and self.waiting:
                task = self.waiting.pop(rng.randrange(len(self.waiting)))
                self.enqueue(task, rng.choice([Cause.RETURNED, Cause.TASK]))
            elif r < 0.88 and running and self.spawned < self.max_tasks:
                self.spawn(rng.choice(running), eager=False)
            elif r < 0.95 and running:
                task = running.pop(rng.randrange(len(running)))
                self.emit(END, task, int(Wait.DONE))
                self.emit(EXITED, task, int(Outcome.OK))
        return self.out


def _random_streams(n: int, seed: int) -> Iterator[tuple[list[Raw], bool]]:
    rng = random.Random(seed)
    for i in range(n):
        stream = _Stream(random.Random(rng.randrange(1 << 30)))
        preemptive = i % 4 == 3
        yield (stream.preemptive() if preemptive else stream.cooperative()), preemptive


def test_random_valid_streams() -> None:
    pairs: set[tuple[int, int]] = set()  # (rule state before, class) the streams reached
    for raw, preemptive in _random_streams(300, seed=14):
        store = _store(raw, preemptive)
        pairs |= _assert_consumers_agree(store, rng=random.Random(len(raw)))
    # The streams reach every rule a valid stream can reach.
    run, ready, reg, done = (rule_state(s, False) for s in (RUNNING, READY, REGISTERED, DONE))
    want = {(RULE_NOT_SEEN, CLASS_SPAWNED), (rule_state(NEW, False), CLASS_READY),
            (ready, CLASS_BEGIN), (ready, CLASS_READY), (reg, CLASS_READY), (run, CLASS_READY),
            (RUNNING_QUEUED, CLASS_READY), (run, CLASS_END_READY), (run, CLASS_END_WAIT),
            (run, CLASS_END_DONE), (RUNNING_QUEUED, CLASS_END_READY),
            (RUNNING_QUEUED, CLASS_END_WAIT), (RUNNING_QUEUED, CLASS_END_DONE),
            (done, CLASS_EXITED)}
    assert want <= pairs, sorted(want - pairs)


# -- recorded runs -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_recorded_runs_of_every_sample(name: str) -> None:
    _, events, recorder = run_cooperative(name, SMALL[name])
    store = EventStore.for_recorder(recorder)
    store.append([tuple(e) for e in events])
    assert store.dropped == 0  # (the recorder's ring holds a million events)
    _assert_consumers_agree(store, rng=random.Random(name))


@pytest.mark.parametrize("name", NAMES)
def test_preemptive_runs_of_every_sample(name: str) -> None:
    _, events, recorder = run_threads(name, SMALL[name])
    store = EventStore.for_recorder(recorder)
    store.append([tuple(e) for e in events])  # in time order, as the app stores them
    _assert_consumers_agree(store, rng=random.Random(name))


# -- the comparison ----------------------------------------------------------------------------
def _assert_consumers_agree(store: EventStore, rng: random.Random) -> set[tuple[int, int]]:
    """Walk the store through the definition and check every consumer against it; return
    the (rule state, event class) pairs the store exercised."""
    n = len(store)
    kind_l, task_l, a_l, ts_l = (store.kind.tolist(), store.task.tolist(), store.a.tolist(),
                                 store.ts.tolist())
    codes: dict[int, int] = {}  # serial -> rule state (the definition's)
    after = [NOT_SEEN] * n  # the state of event i's task right after it
    changes: dict[int, list[tuple[int, int, int]]] = {}  # serial -> (index, ts, new state)
    pairs: set[tuple[int, int]] = set()
    reducer = Reducer(store, snapshot_every=64)
    timeline = TimelineData()
    fed = 0
    classes = event_classes(store.kind, store.a).tolist()
    for i in range(n):
        kind, task = kind_l[i], task_l[i]
        if task and 1 <= kind <= 5:
            code = codes.get(task, RULE_NOT_SEEN)
            state, queued = from_rule_state(code)
            new, queued = task_transition(state, queued, kind, a_l[i])
            codes[task] = rule_state(new, queued)
            after[i] = new
            pairs.add((code, classes[i]))
            if new != state:
                changes.setdefault(task, []).append((i, ts_l[i], new))
        # The reducer: every task's state after each event.
        reducer.apply(stop=i + 1)
        got = {serial: _reducer_code(t) for serial, t in reducer.state().tasks.items()}
        assert got == codes, f"event {i}: {store.record(i)}"
        # The live timeline, fed in random batches: each task's open state at a batch's end.
        if i + 1 == n or rng.random() < 0.06:
            timeline.extend(store, fed, i + 1)
            fed = i + 1
            for serial, code in codes.items():
                slot = timeline.slot(serial)
                assert timeline.open_state[slot] == TASK_STATE[code], (i, serial)
                assert timeline.open_queued[slot] == (code == RUNNING_QUEUED), (i, serial)
    # state_at from snapshots agrees with the walk too.
    for i in sorted(rng.sample(range(n + 1), min(n + 1, 20))):
        for serial, t in reducer.state_at(i).tasks.items():
            states = [s for j, _, s in changes.get(serial, []) if j < i]
            assert t.state == states[-1], (i, serial)
    # task_history: each transition's state is the definition's; every change is one.
    for serial, change in changes.items():
        history = task_history(store, serial)
        assert all(after[tr.index] == tr.state for tr in history), serial
        indices = {tr.index for tr in history}
        assert all(j in indices for j, _, _ in change), serial
        merged = [tr.state for k, tr in enumerate(history)
                  if k == 0 or tr.state != history[k - 1].state]
        assert merged == [s for _, _, s in change], serial
    # intervals and the timeline's bars: the definition's changes as (start, end, state).
    end_ts = int(store.ts.max()) if n else 0
    iv = intervals(store)
    for serial, change in changes.items():
        rows = [(ts, change[k + 1][1] if k + 1 < len(change) else end_ts, s)
                for k, (_, ts, s) in enumerate(change) if s != DONE]
        assert iv.for_task(serial).tolist() == [[s, max(s, e), st] for s, e, st in rows]
    _assert_same_intervals(timeline.task_intervals(end_ts), iv)
    return pairs


def _assert_same_intervals(got: Intervals, want: Intervals) -> None:
    for name in ("task", "start", "end", "state", "serials", "bounds"):
        a, b = getattr(got, name), getattr(want, name)
        assert a.dtype == b.dtype and np.array_equal(a, b), name
