"""Play a lesson headlessly on the real traced loop, the way the Lessons dock drives it.

The engine starts paused; the lesson's sample is launched; then, step after step, the player
asks the step's question (if any) from the state at that moment, answers it with ``choose``,
and lets the loop through one unit at a time (stepping over LoopScope's own units, as the dock
does) until the lesson engine says the step ended. What each step saw is kept in a
:class:`Played` for the tests to compare between runs and languages.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from app.model.lesson_file import Lesson
from app.model.lessons import LessonRun, Question, UnitAhead, Verdict, unit_ahead
from app.model.reducer import Reducer
from app.runtime.compare import run_both
from app.runtime.engine import Engine
from app.trace import tracefile
from app.trace.store import EventStore
from app.trace.text import Translate, identity
from app.workloads import registry

#: Units a step may take before the player gives up (the dock's bound too).
UNIT_BOUND = 2000
#: Seconds one unit may take (a POLL blocks until its timeout or a peer's send).
UNIT_TIMEOUT = 15.0


@dataclass
class StepPlayed:
    index: int
    units: int  # units the loop ran for this step (own units included)
    began_at: int
    question: Question | None = None
    verdict: Verdict | None = None


@dataclass
class Played:
    lesson: str
    steps: list[StepPlayed] = field(default_factory=list)
    undetermined: list[int] = field(default_factory=list)
    score: tuple[int, int] = (0, 0)
    store: EventStore | None = None


def right_answer(question: Question) -> int:
    """Answer with what the state decided (the tests' learner knows the rules)."""
    return question.keys.index(question.decided)


def play(lesson: Lesson, tr: Translate = identity,
         choose: Callable[[Question], int] = right_answer) -> Played:
    """Play ``lesson`` to its end: its sample on a fresh paused engine, its comparison, or
    the replay of its saved session."""
    start = lesson.start
    if start.session:
        return play_session(lesson, tr, choose)
    if start.compare:
        return play_compare(lesson, tr)
    assert start.workload, f"{lesson.id}: no scene"
    engine = Engine(start.backend or "auto")
    engine.start(paused=True)
    store = EventStore.for_recorder(engine.recorder)
    reducer = Reducer(store)
    run = LessonRun(lesson, tr)
    played = Played(lesson.id, store=store)

    def drain() -> bool:
        records = engine.recorder.drain()
        if not records:
            return False
        begin = len(store)
        store.append(records)
        reducer.apply_until(len(store))
        return run.feed(store, begin, len(store), reducer.state())

    def ahead() -> UnitAhead | None:
        unit = engine.gate.waiting
        return None if unit is None else UnitAhead(int(unit.kind), unit.task, unit.callback)

    def unit() -> bool:
        engine.step(1).result(timeout=UNIT_TIMEOUT)
        return drain()

    try:
        engine.launch(registry.get(start.workload), dict(start.params))
        drain()
        while not run.finished:
            step = StepPlayed(run.index, 0, run.began[run.index])
            played.steps.append(step)
            deadline = time.monotonic() + UNIT_BOUND * UNIT_TIMEOUT
            index = run.index
            if run.step.until.form == "next" and not run.step.ask:
                run.next_pressed()
                continue
            while run.index == index and not run.finished:
                while run.own_unit(reducer.state(), ahead()):
                    step.units += 1
                    unit()
                question = run.ask(store, reducer.state(), ahead(), time.monotonic_ns())
                if question is not None:
                    step.question = question
                    run.answer(choose(question))
                if run.step.until.form == "next" and not run.pending:
                    run.next_pressed()
                    break
                assert step.units < UNIT_BOUND and time.monotonic() < deadline, \
                    f"{lesson.id}: step {index + 1} did not end within {UNIT_BOUND} units"
                step.units += 1
                unit()
            step.verdict = run.verdict if step.question is not None else None
        played.undetermined = list(run.undetermined)
        played.score = run.score
    finally:
        engine.stop()
    return played


def play_session(lesson: Lesson, tr: Translate = identity,
                 choose: Callable[[Question], int] = right_answer) -> Played:
    """Play a lesson over a saved session: → moves the replay one event on, as the replay
    bar does; questions are asked of the replayed state."""
    store = tracefile.load(lesson.start.session).store
    reducer = Reducer(store)
    run = LessonRun(lesson, tr)
    played = Played(lesson.id, store=store)
    at = 0
    while not run.finished:
        step = StepPlayed(run.index, 0, run.began[run.index])
        played.steps.append(step)
        index = run.index
        while run.index == index and not run.finished:
            state = reducer.state_at(at)
            question = run.ask(store, state, unit_ahead(store, at),
                               int(store.ts[min(at, len(store) - 1)]))
            if question is not None:
                step.question = question
                run.answer(choose(question))
            if run.step.until.form == "next" and not run.pending:
                run.next_pressed()
                break
            assert at < len(store), f"{lesson.id}: step {index + 1} never ended"
            end = at + 1
            step.units += 1
            run.feed(store, at, end, reducer.state_at(end))
            at = end
        step.verdict = run.verdict if step.question is not None else None
    played.undetermined = list(run.undetermined)
    played.score = run.score
    return played


def play_compare(lesson: Lesson, tr: Translate = identity) -> Played:
    """Play a comparison lesson: the sample runs both ways (as the compare window runs it),
    then its steps end by the comparison's end and by Next."""
    run = LessonRun(lesson, tr)
    played = Played(lesson.id)
    start = lesson.start
    cooperative, threads = run_both(registry.get(start.compare), dict(start.params))
    assert len(cooperative.store) and len(threads.store)
    while not run.finished:
        played.steps.append(StepPlayed(run.index, 0, 0))
        form = run.step.until.form
        assert form in ("compare", "next"), f"{lesson.id}: a {form} step in a comparison"
        assert run.compare_done() if form == "compare" else run.next_pressed()
    played.score = run.score
    return played
