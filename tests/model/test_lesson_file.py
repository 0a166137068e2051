"""Lesson files: the shipped lessons load, and a malformed one gets a message naming the file
and the field while the others stay available."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.model.lesson_file import (
    DOCKS,
    QUESTIONS,
    SPOTLIGHTS,
    LessonError,
    Text,
    load_lesson,
    load_lessons,
)
from app.resources import resource_path
from app.trace.events import Ev
from app.trace.text import error_text

GOOD = '''
id = "tiny"
order = 9
title = { en = "Tiny", zh = "小" }
summary = { en = "A tiny lesson.", zh = "一个小课程。" }

[start]
workload = "timers"
params = { tasks = 1 }
docks = ["board", "log"]

[[step]]
show = ["board:ready"]
until = { event = "STEP_END", task = "main", wait = "TASK" }
ask = "next_task"
[step.say]
en = "Press Next."
zh = "按“下一步”。"

[[step]]
say = { en = "Done.", zh = "完成。" }
'''


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_lessons_load_without_an_error() -> None:
    lessons, errors = load_lessons(resource_path("lessons"))
    assert errors == []
    assert [lesson.order for lesson in lessons] == sorted(lesson.order for lesson in lessons)
    assert len({lesson.id for lesson in lessons}) == len(lessons)
    for lesson in lessons:
        for text in (lesson.title, lesson.summary, *(step.say for step in lesson.steps)):
            assert text.en.strip() and text.zh.strip()
            assert "\\" not in text.en + text.zh  # a TOML line continuation left in the text
        for step in lesson.steps:
            assert set(step.show) <= SPOTLIGHTS
            assert not step.ask or step.ask in QUESTIONS
        assert set(lesson.start.docks) <= DOCKS


def test_a_good_file_reads_into_its_fields(tmp_path: Path) -> None:
    lesson = load_lesson(write(tmp_path, "09-tiny.toml", GOOD))
    assert lesson.id == "tiny" and lesson.order == 9
    assert lesson.title == Text("Tiny", "小")
    assert lesson.start.workload == "timers" and dict(lesson.start.params) == {"tasks": 1}
    assert lesson.start.docks == ("board", "log") and lesson.start.hide_own
    assert lesson.start.pace_ms == 150.0
    first, second = lesson.steps
    assert first.until.form == "event" and first.until.event == Ev.STEP_END
    assert first.until.task == "main" and first.until.wait == 4 and first.until.count == 1
    assert first.ask == "next_task" and first.show == ("board:ready",)
    assert first.say.pick("zh_CN") == "按“下一步”。" and first.say.pick("en_US") == "Press Next."
    assert second.until.form == "next" and second.ask == ""


@pytest.mark.parametrize(("change", "field", "words"), [
    (('id = "tiny"', 'id = "Tiny Lesson"'), "id", "is not an id"),
    (('order = 9', 'order = "nine"'), "order", "a whole number"),
    (('title = { en = "Tiny", zh = "小" }', 'title = { en = "Tiny" }'), "title.zh",
     "this field is required"),
    (('event = "STEP_END"', 'event = "STEP_ENDED"'), "step 1.until.event",
     "'STEP_ENDED' is not an event kind"),
    (('wait = "TASK"', 'wait = "SOON"'), "step 1.until.wait", "'SOON' is not a wait"),
    (('wait = "TASK"', 'blocking = true'), "step 1.until.blocking",
     "only for POLL_BEGIN or POLL_END"),
    (('ask = "next_task"', 'ask = "guess"'), "step 1.ask", "'guess' is not one of"),
    (('show = ["board:ready"]', 'show = ["board:everywhere"]'), "step 1.show",
     "'board:everywhere' is not one of"),
    (('docks = ["board", "log"]', 'docks = ["board", "plot"]'), "start.docks",
     "'plot' is not one of"),
    (('docks = ["board", "log"]', 'pace_ms = -1'), "start.pace_ms", "from 0 to 5000"),
    (('workload = "timers"', 'workload = "timers"\ncompare = "cpu-hog"'), "start",
     "exactly one of workload, compare or session"),
    (('until = { event', 'until = { next = true, event'), "step 1.until",
     "exactly one of event, state, queue, compare or next"),
    (('[start]', 'colour = "red"\n[start]'), "colour", "not a field of a lesson"),
    (('zh = "按“下一步”。"', 'zh = "按“下一步”。'), "TOML", "not valid TOML"),
])
def test_a_malformed_file_names_the_file_and_the_field(tmp_path: Path, change: tuple[str, str],
                                                       field: str, words: str) -> None:
    old, new = change
    assert old in GOOD
    path = write(tmp_path, "09-tiny.toml", GOOD.replace(old, new, 1))
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    message = error_text(caught.value)
    assert message.startswith(f"09-tiny.toml: {field}: "), message
    assert words in message
    assert caught.value.path == path


def test_one_bad_file_leaves_the_others_available(tmp_path: Path) -> None:
    write(tmp_path, "01-good.toml", GOOD)
    write(tmp_path, "02-bad.toml", GOOD.replace('id = "tiny"', 'id = "other"')
          .replace("[[step]]", "[[stepp]]"))
    write(tmp_path, "03-same-id.toml", GOOD.replace("order = 9", "order = 1"))
    lessons, errors = load_lessons(tmp_path)
    assert [lesson.path.name for lesson in lessons] == ["01-good.toml"]
    assert [error.path.name for error in errors] == ["02-bad.toml", "03-same-id.toml"]
    assert error_text(errors[0]).startswith("02-bad.toml: stepp: not a field of a lesson")
    assert error_text(errors[1]) == \
        "03-same-id.toml: id: 'tiny' is already the id of 01-good.toml"


def test_a_session_scene_must_name_a_file_that_exists(tmp_path: Path) -> None:
    folder = tmp_path / "lessons"
    folder.mkdir()
    text = GOOD.replace('workload = "timers"\nparams = { tasks = 1 }',
                        'session = "sessions/missing.loopscope"')
    with pytest.raises(LessonError) as caught:
        load_lesson(write(folder, "09-tiny.toml", text))
    assert error_text(caught.value).startswith("09-tiny.toml: start.session: no such file: ")
