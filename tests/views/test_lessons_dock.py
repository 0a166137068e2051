"""The Lessons dock on a real window and a real loop: the list (a bad file listed with its
reason, the others available), a lesson driven to its end by Next, ← and the replay cursor,
the score kept, the first-run offer, the re-wording in another language, and the spotlights
the lessons point with."""

from __future__ import annotations

import asyncio
import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.model.lesson_file import load_lesson, load_lessons
from app.model.lessons import UnitAhead
from app.qt import language
from app.resources import resource_path
from app.trace.events import Ev, Unit
from app.views import window_controls
from app.views.lesson_offer import OFFER_KEY, offered
from app.views.main_window import MainWindow
from app.views.spotlight import spotlight
from tests.support.gui import TIMEOUT_MS, wait_done
from tests.support.i18n import is_pseudo
from tests.support.qt_fixtures import open_window

#: A lesson of two narration steps on the timers sample, in both languages.
SMALL_LESSON = '''
id = "{id}"
order = {order}
title = {{ en = "{title}", zh = "{title}（中文）" }}
summary = {{ en = "A small lesson.", zh = "一个小课程。" }}

[start]
workload = "timers"
params = {{ tasks = 1, interval_ms = 10.0, rounds = 1 }}
docks = ["board", "log"]

[[step]]
say = {{ en = "First `step`.", zh = "第一步。" }}
show = ["board:kernel"]

[[step]]
say = {{ en = "Second step.", zh = "第二步。" }}
'''
#: A lesson whose third step's event kind does not exist.
BAD_LESSON = SMALL_LESSON.replace(
    '[[step]]\nsay = {{ en = "Second step."',
    '[[step]]\nuntil = {{ event = "FD_REGISTERED" }}\nsay = {{ en = "Second step."')
assert BAD_LESSON != SMALL_LESSON


@pytest.fixture
def lesson_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "01-small.toml").write_text(
        SMALL_LESSON.format(id="small", order=1, title="Small"), encoding="utf-8")
    (folder / "02-other.toml").write_text(
        SMALL_LESSON.format(id="other", order=2, title="Other"), encoding="utf-8")
    (folder / "03-broken.toml").write_text(
        BAD_LESSON.format(id="broken", order=3, title="Broken"), encoding="utf-8")
    return folder


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "loopscope.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def lesson_window(qtbot: QtBot, gui_loop: asyncio.AbstractEventLoop, no_leaks: None,
                  settings: QSettings) -> Iterator[MainWindow]:
    """A window with LoopScope's own lessons and settings kept in a temporary file."""
    with open_window(qtbot, settings=settings) as win:
        win.board.animations = False
        # Next runs the loop as fast as it can: the lessons' own pace (150 ms a unit) is
        # checked by test_next_keeps_the_lessons_pace..., a learner's reading time by
        # tests/lessons (test_a_slow_learner_is_judged_by_the_state_not_the_clock).
        win.lessons.driver.pace_ms = 0.0
        yield win


def rows(win: MainWindow) -> list[tuple[str, bool]]:
    """The lesson list: each row's text and whether it can be chosen."""
    items = [win.lessons.list.item(i) for i in range(win.lessons.list.count())]
    return [(item.text(), bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)) for item in items]


def test_the_dock_lists_the_lessons_and_a_bad_file_with_its_reason(
        qtbot: QtBot, gui_loop: asyncio.AbstractEventLoop, no_leaks: None,
        lesson_folder: Path) -> None:
    with open_window(qtbot, settings=None, lesson_folder=lesson_folder) as win:
        listed = rows(win)
        assert listed[:2] == [("1. Small", True), ("2. Other", True)]
        text, enabled = listed[2]
        assert not enabled
        assert "03-broken.toml" in text and "step 2.until.event" in text \
            and "FD_REGISTERED" in text
        assert [lesson.id for lesson in win.lessons.lessons] == ["small", "other"]
        win.lessons.list.setCurrentRow(1)
        assert "A small lesson." in win.lessons.summary.text()
        assert win.lessons.start_button.isEnabled()


def test_help_lessons_shows_the_dock(lesson_window: MainWindow) -> None:
    win = lesson_window
    win.docks["lessons"].hide()
    assert win.act_lessons in win.menus["help"].actions()
    win.act_lessons.trigger()
    assert win.docks["lessons"].isVisible()
    assert win.docks["lessons"].windowTitle() == "Lessons"


def answer_right(qtbot: QtBot, win: MainWindow) -> None:
    """Answer the question shown with the answer the state decided (clicking its button)."""
    driver = win.lessons.driver
    question = driver.asked
    assert question is not None and driver.waiting_for_answer()
    right = question.keys.index(question.decided)
    button = win.lessons.choice_buttons[right]
    assert button.text() == question.choices[right]
    # The panel scrolls the new question's choices into view (a click lands where it shows).
    last = win.lessons.choice_buttons[-1]
    qtbot.waitUntil(lambda: not last.visibleRegion().isEmpty(), timeout=TIMEOUT_MS)
    win.lessons.run_scroll.ensureWidgetVisible(button)  # (as a learner scrolls to it)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert driver.choice == right


def next_until_a_question(qtbot: QtBot, win: MainWindow) -> None:
    """Start lesson 1 and press Next until it asks its first question."""
    driver = win.lessons.driver
    assert wait_done(qtbot, win.start_lesson("event-queue"))
    for _ in range(10):
        if driver.asked is not None:
            break
        wait_done(qtbot, driver.next())


def play_to_the_end(qtbot: QtBot, win: MainWindow) -> list[int]:
    """Press Next (answering each question right) until the lesson ends; the steps seen."""
    driver = win.lessons.driver
    run = driver.run
    assert run is not None
    seen = [run.index]
    for _ in range(4 * len(run.lesson.steps)):
        if run.finished:
            break
        if driver.waiting_for_answer():
            answer_right(qtbot, win)
        wait_done(qtbot, driver.next())
        if not run.finished and run.index != seen[-1]:
            seen.append(run.index)
    assert run.finished, (run.index, driver.note() if driver.note else "")
    return seen


def test_lesson_one_runs_to_its_end_with_next_and_keeps_the_score(
        qtbot: QtBot, lesson_window: MainWindow, settings: QSettings) -> None:
    win = lesson_window
    lesson = load_lesson(resource_path("lessons", "01-event-queue.toml"))
    layout = {key: box.isVisible() for key, box in win.docks.items()}
    assert wait_done(qtbot, win.start_lesson(lesson.id))
    driver = win.lessons.driver
    run = driver.run
    assert run is not None and run.lesson.id == lesson.id
    assert win.lessons.pages.currentWidget() is win.lessons.run_page
    assert win.lessons.progress.text() == f"Step 1 of {len(lesson.steps)}"
    assert win.lessons.title.text() == lesson.title.en
    # The lesson's layout: its docks and the Lessons panel; LoopScope's commands hidden.
    assert win.docks["board"].isVisible() and win.docks["log"].isVisible()
    assert win.docks["source"].isVisible() and win.docks["lessons"].isVisible()
    assert not win.docks["metrics"].isVisible()
    assert win.event_log.hide_control.isChecked()
    assert win.controller.paused and win.controller.host == "thread"

    assert wait_done(qtbot, driver.next())  # main's first step ran: the pane shows its code
    win.refresh()
    assert win.source_pane.pages.currentWidget() is not win.source_pane.message
    seen = [0, *play_to_the_end(qtbot, win)]
    assert seen == list(range(len(lesson.steps)))  # every step, in order
    asked = [q for q in (run.question, driver.asked) if q is not None]
    assert asked and run.score[1] >= 1 and run.score[0] == run.score[1]
    assert win.lessons.score.text() == f"{run.score[0]} of {run.score[1]} right"
    # The log showed the sample's events, none of LoopScope's commands.
    win.event_log.flush()
    model = win.event_log.model
    shown = [int(model.store.kind[model.event_at(r)]) for r in range(model.rowCount())]
    assert shown and int(Ev.CONTROL) not in shown
    assert int(Ev.CONTROL) in set(int(k) for k in win.bridge.store.kind[:len(win.bridge.store)])
    # The score is kept, and the list shows it once the lesson ends.
    score = f"{run.score[0]}/{run.score[1]}"
    assert settings.value(f"lessons/{lesson.id}/best") == score
    assert settings.value(f"lessons/{lesson.id}/last") == score
    assert settings.value(f"lessons/{lesson.id}/finished") == "true"
    win.lessons.end_button.click()
    assert driver.run is None
    assert win.lessons.pages.currentWidget() is win.lessons.list_page
    assert not win.event_log.hide_control.isChecked()  # the user's filter again
    assert {key: box.isVisible() for key, box in win.docks.items()} == layout
    first = rows(win)[0][0]
    assert first.startswith("✓ ") and f"best {run.score[0]} of {run.score[1]}" in first


def test_back_moves_the_replay_cursor_to_where_the_step_began(
        qtbot: QtBot, lesson_window: MainWindow) -> None:
    win = lesson_window
    assert wait_done(qtbot, win.start_lesson("event-queue"))
    driver = win.lessons.driver
    run = driver.run
    assert run is not None
    assert driver.back() is None and win.replay.live  # the first step: nothing before it
    assert driver.note is not None and driver.note() == "This is the lesson's first step."
    # → in a lesson is the lesson's: one unit, then LoopScope's own units ahead.
    held = len(win.bridge.store)
    win.act_step.trigger()
    qtbot.waitUntil(lambda: not driver.busy and len(win.bridge.store) > held,
                    timeout=TIMEOUT_MS)
    unit = win.controller.waiting_unit()
    ahead = None if unit is None else UnitAhead(int(unit.kind), unit.task, unit.callback)
    assert not run.own_unit(win.bridge.reducer.state(), ahead)
    while run.index < 2:  # two steps on
        assert wait_done(qtbot, driver.next())
    assert run.index == 2 and win.replay.live
    began = run.began[1]
    win.act_back.trigger()  # ← drives the lesson
    assert run.index == 1 and run.reviewing
    # The cursor on what the learner saw when the step began: the last event before it
    # that is not one of LoopScope's commands (hidden in a lesson).
    store = win.bridge.store
    at = win.replay.position
    assert not win.replay.live and at < began
    assert int(store.kind[at]) != int(Ev.CONTROL)
    assert all(int(k) == int(Ev.CONTROL) for k in store.kind[at + 1:began])
    assert "LoopScope command" not in win.board.caption.text
    assert win.lessons.progress.text() == f"Step 2 of {len(run.lesson.steps)}"
    assert wait_done(qtbot, driver.next())  # Next while reviewing: the step reached
    assert run.index == 2 and not run.reviewing and win.replay.live


def test_a_narration_step_ends_with_next_and_the_dock_rewords(
        qtbot: QtBot, gui_loop: asyncio.AbstractEventLoop, no_leaks: None,
        lesson_folder: Path, pseudo_language: None) -> None:
    with open_window(qtbot, settings=None, lesson_folder=lesson_folder) as win:
        dock = win.lessons
        english = (dock.start_button.text(), dock.intro.text(), rows(win)[0][0])
        language.apply(language.CHINESE)
        QApplication.processEvents()
        assert is_pseudo(dock.start_button.text()) and is_pseudo(dock.intro.text())
        assert "Small（中文）" in rows(win)[0][0]
        assert is_pseudo(win.docks["lessons"].windowTitle())
        language.apply(language.ENGLISH)
        QApplication.processEvents()
        assert (dock.start_button.text(), dock.intro.text(), rows(win)[0][0]) == english

        assert wait_done(qtbot, win.start_lesson("small"))
        assert "<code>step</code>" in dock.narration.text()
        assert win.board.spotlit == "kernel"
        language.apply(language.CHINESE)
        QApplication.processEvents()
        assert "第一步" in dock.narration.text()
        assert is_pseudo(dock.next_button.text()) and is_pseudo(dock.progress.text())
        assert dock.title.text() == "Small（中文）"
        language.apply(language.ENGLISH)
        QApplication.processEvents()
        assert "First" in dock.narration.text() and dock.next_button.text() == "Next"
        assert wait_done(qtbot, dock.driver.next())
        assert dock.progress.text() == "Step 2 of 2" and "Second step." in \
            dock.narration.text()
        assert wait_done(qtbot, dock.driver.next())
        assert dock.driver.run is not None and dock.driver.run.finished


def test_the_first_lesson_is_offered_once(
        qtbot: QtBot, gui_loop: asyncio.AbstractEventLoop, no_leaks: None,
        tmp_path: Path) -> None:
    path = str(tmp_path / "first.ini")
    with open_window(qtbot, settings=QSettings(path, QSettings.Format.IniFormat)) as win:
        banner = win.offer_first_lesson()
        assert banner is not None and offered(win) is banner
        assert banner.label.text().startswith("New to LoopScope? Start lesson 1: ")
        banner.later_button.click()
        assert offered(win) is None
    settings = QSettings(path, QSettings.Format.IniFormat)
    assert settings.value(OFFER_KEY) == "answered"
    with open_window(qtbot, settings=settings) as win:
        assert win.offer_first_lesson() is None  # answered: never again
    with open_window(qtbot, settings=None) as win:
        assert win.offer_first_lesson() is None  # --no-settings never offers


def test_start_in_the_offer_starts_lesson_one(
        qtbot: QtBot, gui_loop: asyncio.AbstractEventLoop, no_leaks: None,
        tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "first.ini"), QSettings.Format.IniFormat)
    with open_window(qtbot, settings=settings) as win:
        banner = win.offer_first_lesson()
        assert banner is not None
        banner.start_button.click()
        qtbot.waitUntil(lambda: win.lessons.driver.run is not None and not
                        win.lessons.driver.busy, timeout=TIMEOUT_MS)
        assert win.lessons.driver.run is not None
        assert win.lessons.driver.run.lesson.id == win.lessons.lessons[0].id
        assert settings.value(OFFER_KEY) == "answered"


def test_spotlights_point_without_moving_the_replay(window: Any, qtbot: QtBot) -> None:
    window.launch("timers", {"tasks": 1, "interval_ms": 10.0, "rounds": 1})
    qtbot.waitUntil(lambda: len(window.bridge.store) > 20, timeout=TIMEOUT_MS)
    window.bridge.drain()
    board = window.board
    board.spotlight("kernel")
    assert board.spotlit == "kernel" and board.spotlight_rect() is not None
    board.spotlight("nowhere")
    assert board.spotlit is None and board.spotlight_rect() is None
    board.spotlight("caption")
    assert board.spotlit == "caption"
    board.spotlight(None)
    assert board.spotlit is None
    index = window.event_log.spotlight_last()
    model = window.event_log.model
    assert index == model.event_at(model.rowCount() - 1)
    assert window.replay.live  # the log's selection did not move the cursor
    window.docks["timeline"].raise_()
    window.timeline.redraw()
    assert window.timeline.spotlight_lane("loop")
    assert window.timeline.spotlit_row >= 0
    window.timeline.clear_spotlight()
    assert window.timeline.spotlit_row == -1
    assert not window.timeline.spotlight_lane(10_000)  # no such task


def test_the_question_and_its_verdict_reword_in_another_language(
        qtbot: QtBot, lesson_window: MainWindow, pseudo_language: None) -> None:
    win = lesson_window
    dock = win.lessons
    driver = dock.driver
    next_until_a_question(qtbot, win)
    assert driver.asked is not None and driver.waiting_for_answer()

    def words() -> list[str]:
        return [dock.question_text.text(), dock.question_box.title(),
                *(button.text() for button in dock.choice_buttons)]

    english = words()
    assert "timeout" in english[0] and not any(is_pseudo(text) for text in english)
    language.apply(language.CHINESE)
    QApplication.processEvents()
    assert all(is_pseudo(text) for text in words()), words()
    language.apply(language.ENGLISH)
    QApplication.processEvents()
    assert words() == english

    answer_right(qtbot, win)
    for _ in range(5):
        if driver.verdict is not None:
            break
        wait_done(qtbot, driver.next())
    assert driver.verdict is not None and driver.verdict.correct
    marked = dock.choice_buttons[driver.verdict.right].text()
    assert marked.startswith("✓ ") and marked[2:] == driver.asked.choices[driver.verdict.right]
    verdict = dock.verdict.text()
    assert "Right." in verdict and html.escape(driver.verdict.why) in verdict
    language.apply(language.CHINESE)
    QApplication.processEvents()
    assert is_pseudo(driver.verdict.why) and is_pseudo(dock.verdict.text())
    language.apply(language.ENGLISH)
    QApplication.processEvents()
    assert dock.verdict.text() == verdict


def test_a_session_lesson_replays_the_session_and_compares_it_at_the_end(
        qtbot: QtBot, lesson_window: MainWindow) -> None:
    win = lesson_window
    live_events = len(win.bridge.live_store)
    assert wait_done(qtbot, win.start_lesson("completion"))
    driver = win.lessons.driver
    run = driver.run
    assert run is not None and driver.mode == "session"
    assert win.viewing is not None and not win.replay.live and win.replay.position == 0
    seen = play_to_the_end(qtbot, win)
    assert seen == list(range(len(run.lesson.steps)))
    # Each step ended on the session's own events, replayed by the cursor.
    assert 0 < win.replay.position < len(win.bridge.store)
    assert len(win.bridge.live_store) >= live_events  # the live loop was left alone
    compare = win.compare_window
    assert compare is not None
    qtbot.waitUntil(lambda: None not in compare.sessions, timeout=TIMEOUT_MS)
    names = [taken[0] for taken in compare.sessions if taken is not None]
    assert names == ["tcp-echo-iocp.loopscope", "tcp-echo-epoll.loopscope"]


def test_a_compare_lesson_waits_for_both_runs(qtbot: QtBot, lesson_window: MainWindow) -> None:
    win = lesson_window
    assert wait_done(qtbot, win.start_lesson("preemptive"))
    driver = win.lessons.driver
    run = driver.run
    assert run is not None and driver.mode == "compare"
    compare = win.compare_window
    assert compare is not None and compare.workload.currentData() == "cpu-hog"
    assert not wait_done(qtbot, driver.next())  # Next waits for the runs
    assert run.index == 0 and driver.note is not None
    qtbot.waitUntil(lambda: run.index == 1, timeout=60_000)
    assert compare.runs is not None
    assert driver.note is None  # "Waiting for both runs…" went with them
    play_to_the_end(qtbot, win)


DOCK_LESSONS = [lesson.id for lesson in load_lessons(resource_path("lessons"))[0]
                if lesson.start.workload and lesson.id != "event-queue"]


@pytest.mark.parametrize("lesson_id", DOCK_LESSONS)  # (lesson 1: above)
def test_every_workload_lesson_runs_to_its_end_in_the_dock(
        qtbot: QtBot, lesson_window: MainWindow, lesson_id: str) -> None:
    win = lesson_window
    assert wait_done(qtbot, win.start_lesson(lesson_id))
    run = win.lessons.driver.run
    assert run is not None
    assert play_to_the_end(qtbot, win) == list(range(len(run.lesson.steps)))
    assert run.score[0] == run.score[1]  # every question answered with what the state decided


def test_lesson_three_runs_at_its_own_pace(qtbot: QtBot, lesson_window: MainWindow) -> None:
    """At the lesson's pace (150 ms a unit) the counters take seconds: its sleepers are armed
    only after them, so the heap question still finds both timers."""
    win = lesson_window
    win.lessons.driver.pace_ms = None  # the lesson's own
    assert wait_done(qtbot, win.start_lesson("one-thread"))
    run = win.lessons.driver.run
    assert run is not None and run.lesson.start.pace_ms == 150.0
    assert play_to_the_end(qtbot, win) == list(range(len(run.lesson.steps)))
    assert run.score[0] == run.score[1] == 3


def test_a_question_must_be_answered_or_skipped_and_a_skip_is_not_right(
        qtbot: QtBot, lesson_window: MainWindow) -> None:
    win = lesson_window
    dock = win.lessons
    driver = dock.driver
    next_until_a_question(qtbot, win)
    run = driver.run
    assert run is not None and driver.waiting_for_answer()
    assert not dock.next_button.isEnabled()
    index = run.index
    assert not wait_done(qtbot, driver.next())  # the loop waits for the answer
    assert run.index == index and driver.note is not None
    assert driver.note() == "Answer the question first (or skip it)."
    dock.skip_button.click()
    assert not driver.waiting_for_answer() and dock.next_button.isEnabled()
    for _ in range(5):
        if driver.verdict is not None:
            break
        wait_done(qtbot, driver.next())
    assert driver.verdict is not None and not driver.verdict.correct
    assert run.score == (0, 1)
    assert dock.score.text() == "0 of 1 right"
    assert "Not this time." in dock.verdict.text()
    assert dock.choice_buttons[driver.verdict.right].text().startswith("✓ ")


#: A lesson whose one step waits for an event the timers sample never records.
NEVER_LESSON = SMALL_LESSON.replace(
    '[[step]]\nsay = {{ en = "First `step`."',
    '[[step]]\nuntil = {{ event = "FD_REGISTER", task = "no-such-task" }}\n'
    'say = {{ en = "First `step`."')


@pytest.fixture
def never_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "never"
    folder.mkdir()
    (folder / "01-never.toml").write_text(
        NEVER_LESSON.format(id="never", order=1, title="Never"), encoding="utf-8")
    return folder


def test_next_keeps_the_lessons_pace_and_gives_up_after_its_bound(
        qtbot: QtBot, gui_loop: asyncio.AbstractEventLoop, no_leaks: None,
        never_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.views import lesson_driver

    monkeypatch.setattr(lesson_driver, "MAX_UNITS", 3)
    pauses: list[float] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)

    monkeypatch.setattr(lesson_driver, "sleep", sleep)
    with open_window(qtbot, settings=None, lesson_folder=never_folder) as win:
        assert wait_done(qtbot, win.start_lesson("never"))
        driver = win.lessons.driver
        assert not wait_done(qtbot, driver.next())
        assert pauses == [0.15, 0.15]  # the lesson's pace (the default) between the units
        assert driver.run is not None and driver.run.index == 0
        assert driver.note is not None and "did not end within 3 units" in driver.note()
        assert driver.note() in win.lessons.note.text()
        assert win.controller.paused and not driver.busy


def test_stop_wakes_a_wait_nothing_would_end(
        qtbot: QtBot, gui_loop: asyncio.AbstractEventLoop, no_leaks: None,
        never_folder: Path) -> None:
    with open_window(qtbot, settings=None, lesson_folder=never_folder) as win:
        assert wait_done(qtbot, win.start_lesson("never"))
        driver = win.lessons.driver
        task = driver.next()  # the sample ends, then the loop blocks with nothing due
        qtbot.waitUntil(lambda: driver.note is not None
                        and "blocked in the kernel" in driver.note(), timeout=TIMEOUT_MS)
        assert win.lessons.stop_button.isVisible() and not win.lessons.next_button.isVisible()
        win.lessons.stop_button.click()
        assert not wait_done(qtbot, task)
        assert driver.run is not None and driver.run.index == 0 and not driver.busy
        assert win.controller.paused and win.lessons.next_button.isVisible()


def test_a_pending_question_gives_nothing_away_in_the_status_bar_or_the_source(
        qtbot: QtBot, lesson_window: MainWindow) -> None:
    """"Which task runs next?": while it waits for the answer, the status bar does not name
    the unit the loop is held before, nor does the source pane show where that task
    resumes; both come back once answered."""
    win = lesson_window
    driver = win.lessons.driver
    assert wait_done(qtbot, win.start_lesson("one-thread"))
    run = driver.run
    assert run is not None
    for _ in range(40):
        if driver.waiting_for_answer() and driver.asked is not None \
                and driver.asked.kind == "next_task":
            break
        if driver.waiting_for_answer():
            answer_right(qtbot, win)
        wait_done(qtbot, driver.next())
    else:
        pytest.fail("lesson 3 never asked which task runs next")
    win.docks["source"].show()
    win.docks["source"].raise_()
    QApplication.processEvents()
    win.refresh()
    assert win.status_state.text() == "paused: answer the lesson's question"
    pane = win.source_pane
    assert "resumes here at its next step" not in pane.header.text()
    answer_right(qtbot, win)
    assert "paused before" in win.status_state.text()
    unit = win.controller.waiting_unit()
    if unit is not None and unit.kind is Unit.RUN and unit.task:  # a task's step is ahead
        assert pane.header.text().endswith("resumes here at its next step")


def test_end_gives_the_users_setup_back(qtbot: QtBot, lesson_window: MainWindow) -> None:
    """The Workloads tab in front again, the compare window and the saved session the
    lessons opened closed, no spotlight left."""
    win = lesson_window
    win.docks["launcher"].raise_()
    QApplication.processEvents()
    assert "launcher" in window_controls.front_docks(win)
    visible = {key: box.isVisible() for key, box in win.docks.items()}
    assert wait_done(qtbot, win.start_lesson("preemptive"))
    compare = win.compare_window
    assert compare is not None and compare.isVisible()
    # The panel takes about 30 % of the width: the board keeps the rest.
    QApplication.processEvents()
    share = win.docks["lessons"].width() / win.width()
    assert 0.2 < share < 0.4, share
    driver = win.lessons.driver
    run = driver.run
    assert run is not None
    qtbot.waitUntil(lambda: run.index == 1, timeout=60_000)  # (its runs are over)
    # Another lesson: the dock says where the first was left.
    assert wait_done(qtbot, win.start_lesson("completion"))
    assert driver.note is not None and driver.note().startswith(f"“{run.lesson.title.en}” "
                                                                "was left at step 2")
    assert win.viewing is not None
    assert wait_done(qtbot, driver.next())
    win.board.spotlight("kernel")
    frame = spotlight(win.event_log.table)
    win.lessons.end_button.click()
    QApplication.processEvents()
    assert win.viewing is None and win.replay.live  # the live loop again
    assert not compare.isVisible()
    assert win.board.spotlit is None and not frame.isVisible()
    assert {key: box.isVisible() for key, box in win.docks.items()} == visible
    assert "launcher" in window_controls.front_docks(win)
    assert "lessons" not in window_controls.front_docks(win)


def test_starting_another_lesson_says_where_the_first_was_left(
        qtbot: QtBot, gui_loop: asyncio.AbstractEventLoop, no_leaks: None,
        lesson_folder: Path) -> None:
    with open_window(qtbot, settings=None, lesson_folder=lesson_folder) as win:
        driver = win.lessons.driver
        assert wait_done(qtbot, win.start_lesson("small"))
        assert wait_done(qtbot, driver.next())  # on to step 2
        assert driver.run is not None and driver.run.index == 1
        assert wait_done(qtbot, win.start_lesson("other"))
        assert driver.run is not None and driver.run.lesson.id == "other"
        assert driver.note is not None
        assert driver.note() == ("“Small” was left at step 2: start it again from the list "
                                 "to go through it.")
        assert win.lessons.note.text() == driver.note() and win.lessons.note.isVisibleTo(
            win.lessons)
        driver.end()
