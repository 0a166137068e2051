"""Take the README's screenshots from the real app (run under Xvfb: ``make screenshots``).

Each shot launches a sample in a fresh window, lets it run, optionally pauses and steps it,
and saves the window as a PNG in docs/.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import Qt, QTimer

from app.views.app import make_application
from app.views.main_window import MainWindow

DOCS = Path(__file__).resolve().parents[1] / "docs"
SESSIONS = Path(__file__).resolve().parents[1] / "resources" / "sessions"


def shoot(app: Any, name: str, workload: str, params: dict[str, Any], run_ms: int,
          then: Callable[[MainWindow], Any] | None = None, settle_ms: int = 600) -> None:
    window = MainWindow(settings=None)
    window.resize(1600, 960)
    window.show()
    window.launch(workload, params)

    def after_run() -> None:
        if then is not None:
            then(window)
        QTimer.singleShot(settle_ms, finish)

    deadline = [0.0]

    def finish() -> None:
        # A stepped board animates the unit's events in turn: shoot once it shows the last.
        if not deadline[0]:
            deadline[0] = time.monotonic() + 5.0
        if window.board.playing() and time.monotonic() < deadline[0]:
            QTimer.singleShot(50, finish)
            return
        window.save_screenshot(str(DOCS / name))
        window.close()
        app.quit()

    QTimer.singleShot(run_ms, after_run)
    app.exec()


def raise_dock(key: str) -> Callable[[MainWindow], None]:
    def show(window: MainWindow) -> None:
        window.docks[key].raise_()
        window.resizeDocks([window.docks[key]], [420], Qt.Orientation.Vertical)

    return show


def pause_and_step(window: MainWindow) -> None:
    window.toggle_run()
    QTimer.singleShot(200, window.step)
    QTimer.singleShot(350, window.step)


def main() -> int:
    app = make_application([sys.argv[0]])
    asyncio.set_event_loop(qasync.QEventLoop(app, already_running=True))
    DOCS.mkdir(exist_ok=True)
    shoot(app, "screenshot.png", "tcp-echo",
          {"clients": 4, "forever": True, "think_ms": 400.0}, 2500)
    shoot(app, "paused-echo.png", "tcp-echo",
          {"clients": 3, "forever": True, "think_ms": 30.0}, 1500, pause_and_step, 900)
    shoot(app, "timers.png", "timers", {"tasks": 8, "forever": True, "interval_ms": 200.0},
          2000)
    shoot(app, "thousand-tasks.png", "timers",
          {"tasks": 1000, "forever": True, "interval_ms": 500.0}, 3000)
    shoot(app, "cpu-hog.png", "cpu-hog", {"hog_ms": 800.0, "forever": True}, 2600, None, 0)
    shoot(app, "timeline.png", "server-under-load", {"forever": True}, 2500,
          raise_dock("timeline"), 800)
    shoot(app, "metrics.png", "server-under-load", {"forever": True}, 3000,
          raise_dock("metrics"), 800)
    session_shot(app, "iocp-session.png", SESSIONS / "tcp-echo-iocp.loopscope",
                 nth_completion(8))
    chinese_shots(app)
    lesson_shots(app)
    return compare_shots()


def chinese_shots(app: Any) -> None:
    """README.zh-CN.md's pictures: the window and the compare window in Chinese (a CJK font
    must be installed: Debian's fonts-noto-cjk)."""
    from app.qt import language

    language.apply(language.CHINESE)
    try:
        shoot(app, "screenshot-zh.png", "tcp-echo",
              {"clients": 3, "forever": True, "think_ms": 30.0}, 1500, pause_and_step, 900)
        compare_shot(app, "compare-zh.png", "cpu-hog",
                     {"hog_ms": 150, "hogs": 3, "tickers": 3, "tick_ms": 10})
    finally:
        language.apply(language.ENGLISH)


def shoot_when_done(app: Any, window: Any, task: Any, save: Callable[[], None],
                    then: Callable[[], None] | None = None, settle_ms: int = 300) -> None:
    """Once ``task`` is done: ``then()``, ``settle_ms`` for the views to paint, ``save()``,
    and close; runs the application until then."""
    def check() -> None:
        if not task.done():
            QTimer.singleShot(100, check)
            return
        if then is not None:
            then()
        QTimer.singleShot(settle_ms, finish)

    def finish() -> None:
        save()
        window.close()
        app.quit()

    QTimer.singleShot(100, check)
    app.exec()


def session_shot(app: Any, name: str, session: Path, at: Callable[[Any], int]) -> None:
    """A saved session opened in the window, its replay cursor on the event ``at(store)``."""
    window = MainWindow(settings=None)
    window.resize(1600, 960)
    window.show()
    task = asyncio.ensure_future(window.open_session(str(session)))
    shoot_when_done(app, window, task, lambda: window.save_screenshot(str(DOCS / name)),
                    lambda: window.replay.set_cursor(at(window.bridge.store)), 900)


def nth_completion(n: int) -> Callable[[Any], int]:
    """The ``n``-th completion packet dequeued (FD_EVENT) of a recording."""
    from app.trace.events import Ev

    def index(store: Any) -> int:
        return int([i for i in range(len(store)) if int(store.kind[i]) == Ev.FD_EVENT][n])

    return index


def compare_shot(app: Any, name: str, workload: str, params: dict[str, Any]) -> None:
    from app.views.compare import CompareWindow

    window = CompareWindow(lambda _name: dict(params))
    window.resize(1600, 960)
    window.show()
    window.select(workload)
    shoot_when_done(app, window, window.run(),
                    lambda: window.grab().save(str(DOCS / name)))


def compare_sessions_shot(app: Any, name: str, first: Path, second: Path) -> None:
    """Two saved sessions in the compare window (readiness vs completion)."""
    from app.views.compare import CompareWindow

    window = CompareWindow(lambda _name: {})
    window.resize(1600, 960)
    window.show()
    task = asyncio.ensure_future(window.open_sessions(str(first), str(second)))
    shoot_when_done(app, window, task, lambda: window.grab().save(str(DOCS / name)))


def compare_shots() -> int:
    import tempfile

    from app import cli

    app = make_application([sys.argv[0]])
    asyncio.set_event_loop(qasync.QEventLoop(app, already_running=True))
    compare_shot(app, "compare-cpu-hog.png", "cpu-hog",
                 {"hog_ms": 150, "hogs": 3, "tickers": 3, "tick_ms": 10})
    compare_shot(app, "compare-server-under-load.png", "server-under-load",
                 {"clients": 3, "messages": 20, "think_ms": 5, "hog_ms": 60})
    with tempfile.TemporaryDirectory() as tmp:  # epoll, recorded now, beside the IOCP one
        epoll = Path(tmp) / "tcp-echo-epoll.loopscope"
        assert cli.main(["record", "tcp-echo", "--backend", "epoll", "-q", "-o",
                         str(epoll)]) == 0
        compare_sessions_shot(app, "compare-epoll-iocp.png", epoll,
                              SESSIONS / "tcp-echo-iocp.loopscope")
    return 0


async def lesson_to_step(window: MainWindow, lesson_id: str, step: int) -> None:
    """Start lesson ``lesson_id`` and press Next (answering each question with the answer
    the state decides) until step ``step`` (0-based) shows."""
    driver = window.lessons.driver
    task = window.start_lesson(lesson_id)
    assert task is not None, lesson_id
    assert await task, lesson_id
    for _ in range(200):
        run = driver.run
        assert run is not None
        if run.index >= step or run.finished:
            break
        asked = driver.asked
        if asked is not None and driver.choice is None:
            driver.answer(asked.keys.index(asked.decided))
        if run.step.until.form == "compare":
            await asyncio.sleep(0.2)  # the compare window's runs end the step
            continue
        await driver.next()
    await asyncio.sleep(0.5)


def lesson_shot(app: Any, name: str, lesson_id: str, step: int) -> None:
    """The window in lesson ``lesson_id`` at step ``step``."""
    window = MainWindow(settings=None)
    window.resize(1600, 960)
    window.show()
    task = asyncio.ensure_future(lesson_to_step(window, lesson_id, step))
    shoot_when_done(app, window, task, lambda: window.save_screenshot(str(DOCS / name)),
                    settle_ms=900)


def compare_lesson_shot(app: Any, name: str, lesson_id: str, step: int) -> None:
    """A comparison lesson: its compare window with the Lessons panel beside it."""
    from PySide6.QtGui import QColor, QImage, QPainter

    from app.views.compare import CompareWindow

    window = MainWindow(settings=None)
    window.resize(1600, 960)
    window.show()
    task = asyncio.ensure_future(lesson_to_step(window, lesson_id, step))

    def arrange() -> None:
        compare = next(w for w in app.topLevelWidgets()
                       if isinstance(w, CompareWindow) and w.isVisible())
        compare.resize(1120, 900)
        panel = window.docks["lessons"]
        panel.setFloating(True)
        panel.resize(480, 900)
        window.lessons.driver.spotlight()

    def save() -> None:
        compare = next(w for w in app.topLevelWidgets()
                       if isinstance(w, CompareWindow) and w.isVisible())
        left, right = compare.grab(), window.docks["lessons"].grab()
        image = QImage(left.width() + right.width(), max(left.height(), right.height()),
                       QImage.Format.Format_RGB32)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.drawPixmap(0, 0, left)
        painter.drawPixmap(left.width(), 0, right)
        painter.end()
        image.save(str(DOCS / name))
        compare.close()

    shoot_when_done(app, window, task, save, arrange, settle_ms=1500)


def lesson_shots(app: Any) -> None:
    """Lesson 2 mid-workflow (② and ③ just recorded) and lesson 5, in both languages."""
    from app.qt import language

    for code, suffix in ((language.ENGLISH, ""), (language.CHINESE, "-zh")):
        language.apply(code)
        try:
            lesson_shot(app, f"lesson-readiness{suffix}.png", "readiness", 3)
            compare_lesson_shot(app, f"lesson-preemptive{suffix}.png", "preemptive", 1)
        finally:
            language.apply(language.ENGLISH)


def lessons_only() -> int:
    app = make_application([sys.argv[0]])
    asyncio.set_event_loop(qasync.QEventLoop(app, already_running=True))
    lesson_shots(app)
    return 0


def chinese_only() -> int:
    app = make_application([sys.argv[0]])
    asyncio.set_event_loop(qasync.QEventLoop(app, already_running=True))
    chinese_shots(app)
    return 0


if __name__ == "__main__":
    sys.exit(compare_shots() if "--compare" in sys.argv
             else chinese_only() if "--chinese" in sys.argv
             else lessons_only() if "--lessons" in sys.argv else main())
