"""Every shipped lesson, played headlessly to its end on the real loop, in both languages.

Each step's end condition is reached within a bound (tests/support/lessons.py's UNIT_BOUND),
every step is shown before the events that end it, and every question is asked (the state at
that moment decides its answer) and settled by the recording, which proves the state right:
what the loop recorded is what ``decide`` read off the state, on every run. Three runs of each
lesson are compared for run-to-run variation.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import numpy as np
import pytest

from app.model.lesson_file import Lesson, load_lessons
from app.resources import resource_path
from app.trace.events import Ev
from app.trace.text import Translate, identity
from tests.support.lessons import Played, play

LESSONS, ERRORS = load_lessons(resource_path("lessons"))
CJK = re.compile(r"[\u4e00-\u9fff]")
RUNS = 3


def test_at_least_the_six_lessons_of_the_note_ship() -> None:
    assert ERRORS == []
    ids = [lesson.id for lesson in LESSONS]
    assert ids[:6] == ["event-queue", "readiness", "one-thread", "database", "preemptive",
                       "completion"]


@pytest.fixture
def chinese() -> Iterator[Translate]:
    """app.qt.language's tr with the shipped Chinese installed (no window needed)."""
    from app.qt import language

    language.apply(language.CHINESE)
    try:
        yield language.tr
    finally:
        language.apply(language.ENGLISH)


def check_played(lesson: Lesson, played: Played) -> None:
    # Every step was shown, in order: none began and ended in one batch of events unseen.
    assert [s.index for s in played.steps] == list(range(len(lesson.steps)))
    assert played.undetermined == [], \
        f"{lesson.id}: the state did not decide the question of steps {played.undetermined}"
    for step, played_step in zip(lesson.steps, played.steps, strict=True):
        if not step.ask:
            assert played_step.question is None
            continue
        question, verdict = played_step.question, played_step.verdict
        assert question is not None and verdict is not None, \
            f"{lesson.id}: step {played_step.index + 1} asked nothing or was never settled"
        assert question.kind == step.ask
        # The proof: what the loop recorded is the answer the state decided.
        assert verdict.recorded == question.decided
        assert verdict.correct and verdict.right == question.keys.index(question.decided)
        assert len(question.choices) == len(question.keys) >= 2
    asked = sum(1 for step in lesson.steps if step.ask)
    assert played.score == (asked, asked)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_a_lesson_plays_to_its_end_the_same_way_every_run(lesson: Lesson) -> None:
    runs = [play(lesson, identity) for _ in range(RUNS)]
    for played in runs:
        check_played(lesson, played)

    def shape(played: Played) -> list[tuple[int, str, object]]:
        """What must not vary between runs: the steps, each question's kind, what settled
        it (named, not numbered: fds and serials may differ), and the verdict."""
        out = []
        for s in played.steps:
            q, v = s.question, s.verdict
            right = q.choices[v.right].split(":")[0] if q and v else ""
            out.append((s.index, q.kind if q else "", right))
        return out

    assert all(shape(played) == shape(runs[0]) for played in runs[1:]), \
        [shape(played) for played in runs]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_a_lesson_plays_in_chinese(lesson: Lesson, chinese: Translate) -> None:
    played = play(lesson, chinese)
    check_played(lesson, played)
    for s in played.steps:
        assert CJK.search(lesson.steps[s.index].say.pick("zh_CN"))
        if s.question is not None and s.verdict is not None:
            assert CJK.search(s.question.text) and CJK.search(s.verdict.why)


@pytest.mark.parametrize("lesson", [lesson for lesson in LESSONS
                                    if any(step.ask for step in lesson.steps)],
                         ids=lambda lesson: lesson.id)
def test_a_wrong_answer_is_told_wrong_with_the_right_one(lesson: Lesson) -> None:
    def wrong(question: object) -> int:
        from app.model.lessons import Question

        assert isinstance(question, Question)
        return (question.keys.index(question.decided) + 1) % len(question.keys)

    played = play(lesson, identity, wrong)
    asked = [s for s in played.steps if s.question is not None]
    assert asked
    for s in asked:
        assert s.verdict is not None and not s.verdict.correct
        assert s.verdict.answer != s.verdict.right >= 0
        assert s.verdict.why
    assert played.score == (0, len(asked))


def test_a_slow_learner_is_judged_by_the_state_not_the_clock() -> None:
    """The clock runs on while the loop is paused: a learner who answers after the nearest
    timer fell due sees epoll_wait called with timeout 0, and the timeout still came from
    that timer (the earliest of the overdue ones)."""
    from app.model.lessons import Question

    lesson = next(lesson for lesson in LESSONS if lesson.id == "event-queue")

    def slow(question: Question) -> int:
        if question.kind == "timeout_from":
            time.sleep(2.5)  # the nearest of the lesson's timers is due within 2 s
        return question.keys.index(question.decided)

    played = play(lesson, identity, slow)
    check_played(lesson, played)
    store = played.store
    assert store is not None
    asked = next(s for s in played.steps if s.question and s.question.kind == "timeout_from")
    assert asked.question is not None
    polls = np.flatnonzero(store.kind[asked.question.asked_at:] == Ev.POLL_BEGIN)
    assert int(store.a[asked.question.asked_at + int(polls[0])]) == 0  # the timer was overdue
    assert asked.verdict is not None and "the timeout was 0" in asked.verdict.why
