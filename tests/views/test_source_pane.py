"""The source pane on a real stepped engine: the subject task's file, the line its step resumed
at and the await it stopped at highlighted, the header in words, re-worded in Chinese; and
words, never a blank pane, when nothing is known."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.qt import language
from app.qt.controller import Controller, make_engine
from app.qt.qt_host import QtHostEngine
from app.runtime import backends
from app.runtime.positions import CodeLine, StepPosition
from app.trace.events import Unit
from app.views.source_pane import CONTEXT_ABOVE, RESUMED_COLOUR, STOPPED_COLOUR, SourcePane
from tests.support.i18n import is_pseudo

TIMEOUT = 10
MAX_UNITS = 400
HERE = Path(__file__)


def marked_line(marker: str) -> int:
    lines = [n for n, text in enumerate(HERE.read_text(encoding="utf-8").splitlines(), 1)
             if text.rstrip().endswith(marker)]
    assert len(lines) == 1, (marker, lines)
    return lines[0]


async def pane_subject() -> None:
    await asyncio.sleep(0)  # PANE-ONE
    await asyncio.sleep(0.001)  # PANE-TWO


@pytest.fixture
def controller(gui_loop: asyncio.AbstractEventLoop, no_leaks: None) -> Iterator[Controller]:
    controller = Controller(make_engine, backends.default(), "thread")
    # Paused once running (paused=True would wait the engine's whole 5 s start-up bound).
    paused = controller.engine.pause()
    controller.engine.interrupt_poll()
    paused.result(TIMEOUT)
    yield controller
    controller.stop()


def highlights(pane: SourcePane) -> dict[str, int]:
    """The code view's highlighted lines by colour: 'resumed' / 'stopped' -> line number."""
    found = {}
    for selection in pane.code.extraSelections():
        colour = selection.format.background().color()
        name = {RESUMED_COLOUR.name(): "resumed", STOPPED_COLOUR.name(): "stopped"}[
            colour.name()]
        found[name] = selection.cursor.blockNumber() + 1
    return found


def step_to_the_second_stop(controller: Controller, pane: SourcePane) -> None:
    """Step unit by unit until the subject task has stopped at its second await, following
    the pane after each unit as the window does."""
    engine = controller.engine
    engine.launch_coroutine("pane", pane_subject)
    two = marked_line("# PANE-TWO")
    for _ in range(MAX_UNITS):
        engine.step(1).result(TIMEOUT)
        controller.bridge.drain()
        pane.follow(controller, controller.bridge.store)
        shown = pane._shown_position
        waiting = controller.waiting_unit()
        if shown is not None and shown[1].ran and shown[1].stopped_line == two \
                and not (waiting is not None and waiting.kind is Unit.RUN and waiting.task):
            return
    pytest.fail("the task never stopped at its second await")


def test_the_pane_highlights_where_the_step_resumed_and_stopped(
        qtbot: QtBot, controller: Controller) -> None:
    pane = SourcePane()
    qtbot.addWidget(pane)
    pane.resize(700, 300)
    pane.show()
    pane.follow(controller, controller.bridge.store)
    assert pane.message.text() and pane.pages.currentWidget() is pane.message  # never blank
    step_to_the_second_stop(controller, pane)
    one, two = marked_line("# PANE-ONE"), marked_line("# PANE-TWO")
    assert pane.pages.currentWidget() is pane.code
    assert highlights(pane) == {"resumed": one, "stopped": two}
    lines = pane.code.toPlainText().splitlines()
    assert lines[two - 1].split(None, 1)[0] == str(two)  # the left column numbers the lines
    assert "# PANE-TWO" in lines[two - 1]
    assert pane.header.text() == (f"main · pane_subject · {HERE.name}:{two} · resumed at line "
                                  f"{one}, stopped at this await")
    assert pane.resumed_label.text() == "resumed here"
    assert pane.stopped_label.text() == "stopped at this await"
    assert not pane.resumed_label.isHidden() and not pane.stopped_label.isHidden()
    # the window follows at every refresh: the same position leaves the user's scrolling be
    bar = pane.code.verticalScrollBar()
    assert bar.value() == pane_subject.__code__.co_firstlineno - 1 - CONTEXT_ABOVE  # its def
    bar.setValue(0)
    pane.follow(controller, controller.bridge.store)
    assert pane.code.verticalScrollBar().value() == 0


def test_held_before_a_step_it_shows_where_the_task_will_resume(
        qtbot: QtBot, controller: Controller) -> None:
    pane = SourcePane()
    qtbot.addWidget(pane)
    engine = controller.engine
    engine.launch_coroutine("pane", pane_subject)
    one = marked_line("# PANE-ONE")
    for _ in range(MAX_UNITS):
        engine.step(1).result(TIMEOUT)
        waiting = controller.waiting_unit()
        position = controller.step_position(waiting.task) if waiting is not None else None
        if position is not None and not position.ran and position.resumed_line == one:
            break
    else:
        pytest.fail("never held before the step that resumes at the first await")
    controller.bridge.drain()
    pane.follow(controller, controller.bridge.store)
    assert highlights(pane) == {"resumed": one}
    assert pane.resumed_label.text() == "will resume here"
    assert pane.stopped_label.isHidden()
    assert pane.header.text().endswith(f"{HERE.name}:{one} · resumes here at its next step")
    held = pane.header.text()
    # A lesson asks "which task runs next?": the pane keeps to the task that ran last.
    pane.follow(controller, controller.bridge.store, hold_back=True)
    assert pane.pages.currentWidget() is pane.message  # (main ran last, and runs next)
    assert pane.message.text() == ("The lesson asks which task runs next: the source shows "
                                   "again once you answer.")
    pane.follow(controller, controller.bridge.store)  # answered: the task ahead again
    assert pane.header.text() == held


def test_nothing_known_is_said_in_words(qtbot: QtBot, controller: Controller) -> None:
    pane = SourcePane()
    qtbot.addWidget(pane)
    pane.follow(controller, controller.bridge.store)
    assert pane.message.text().startswith("No task has run a step yet")
    pane.follow(controller, controller.bridge.store, "session")
    assert pane.message.text().startswith("No live loop")
    pane.follow(controller, controller.bridge.store, "replay")
    assert pane.message.text().startswith("Replaying")
    missing = CodeLine("/nowhere/gone.py", "f", 3, 1)
    pane.show_position("t", StepPosition(1, missing, missing, ran=True, finished=False))
    assert pane.message.text() == "no source for /nowhere/gone.py"
    assert pane.pages.currentWidget() is pane.message and not pane.code.extraSelections()
    controller.engine.resume().result(TIMEOUT)
    pane.follow(controller, controller.bridge.store)
    assert pane.message.text().startswith("The loop runs freely")


def test_chinese_rewords_the_header_legend_and_message(
        qtbot: QtBot, controller: Controller, pseudo_language: None) -> None:
    pane = SourcePane()
    qtbot.addWidget(pane)
    step_to_the_second_stop(controller, pane)

    def texts() -> dict[str, str]:
        return {"header": pane.header.text(), "resumed": pane.resumed_label.text(),
                "stopped": pane.stopped_label.text()}

    english = texts()
    language.apply(language.CHINESE)
    QApplication.processEvents()  # Qt posts LanguageChange to every window
    assert all(is_pseudo(text) for text in texts().values()), texts()
    assert highlights(pane)  # the highlights stay
    language.apply(language.ENGLISH)
    QApplication.processEvents()  # Qt posts LanguageChange to every window
    assert texts() == english

    pane.show_nothing("no source for {file}", file="x.py")
    language.apply(language.CHINESE)
    QApplication.processEvents()  # Qt posts LanguageChange to every window
    assert is_pseudo(pane.message.text()) and "x.py" in pane.message.text()
    language.apply(language.ENGLISH)
    QApplication.processEvents()  # Qt posts LanguageChange to every window
    assert pane.message.text() == "no source for x.py"


def test_the_qt_host_records_the_positions_of_a_stepped_iteration(
        qtbot: QtBot, gui_loop: asyncio.AbstractEventLoop, no_leaks: None) -> None:
    if QtHostEngine.refusal(backends.default()):
        pytest.skip("the Qt host needs epoll or kqueue")
    engine = QtHostEngine(backends.default())
    engine.start(paused=True)
    try:
        engine.launch_coroutine("pane", pane_subject)
        one, two = marked_line("# PANE-ONE"), marked_line("# PANE-TWO")
        position = None
        for _ in range(50):  # whole iterations: the Qt host has no single-unit step
            step = engine.step_iteration()
            qtbot.waitUntil(step.done, timeout=TIMEOUT * 1000)
            serial = next((s for s, info in engine.recorder.tasks.items()
                           if info.coro.endswith("pane_subject")), 0)
            position = engine.step_position(serial) if serial else None
            if position is not None and position.stopped_line == two:
                break
        assert position is not None and position.ran
        assert (position.resumed_line, position.stopped_line) == (one, two)
    finally:
        engine.stop()
