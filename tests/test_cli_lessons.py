"""``loopscope --list-lessons`` and ``--lesson ID``: checked and answered at once, without a
display."""

from __future__ import annotations

import os
import subprocess

from app.model.lesson_file import load_lessons
from app.resources import resource_path
from tests.support.cli import APP


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([*APP, *args], capture_output=True, text=True, timeout=60,
                          env={**env, "PYTHONIOENCODING": "utf-8"})


def test_list_lessons_prints_each_id_and_title_in_the_language_spoken() -> None:
    lessons, _errors = load_lessons(resource_path("lessons"))
    assert lessons
    proc = run("--list-lessons", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == len(lessons)
    for line, lesson in zip(lines, lessons, strict=True):
        lesson_id, title = line.split("  ", 1)
        assert (lesson_id.strip(), title.strip()) == (lesson.id, lesson.title.en)
    chinese = run("--list-lessons", "--lang", "zh_CN")
    assert chinese.returncode == 0, chinese.stderr
    assert [line.split("  ", 1)[1].strip() for line in chinese.stdout.splitlines()] == \
        [lesson.title.zh for lesson in lessons]


def test_an_unknown_lesson_is_refused_with_the_ids() -> None:
    lessons, _errors = load_lessons(resource_path("lessons"))
    proc = run("--lesson", "no-such-lesson", "--lang", "en")
    assert proc.returncode == 2
    assert proc.stderr.startswith("usage: loopscope")
    assert "unknown lesson 'no-such-lesson'; the lessons are: " in proc.stderr
    assert all(lesson.id in proc.stderr for lesson in lessons)


def test_a_lesson_brings_its_own_workload() -> None:
    proc = run("--lesson", "event-queue", "--workload", "timers", "--lang", "en")
    assert proc.returncode == 2
    assert "--lesson launches its own workload" in proc.stderr
