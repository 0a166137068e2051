"""Start the GUI: QApplication, qasync for the GUI's own coroutines, the main window."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app.qt import language
from app.qt.controller import EngineFactory
from app.resources import resource_path

ORGANIZATION = "LoopScope"
APPLICATION = "LoopScope"


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setWindowIcon(QIcon(str(resource_path("icons", "loopscope.svg"))))
    style = resource_path("styles", "app.qss")
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def start_language(args: argparse.Namespace, settings: QSettings | None) -> str:
    """Speak the start-up language (:func:`app.qt.language.chosen`: ``--lang``, else the
    saved choice, else the system's) before any widget is built, so every text is made in it;
    returns the choice, for View → Language to show. A missing translation falls back to
    English (:func:`app.qt.language.start`)."""
    choice = language.chosen(getattr(args, "lang", None),
                             settings.value(language.SETTING) if settings is not None else None)
    language.start(choice)
    return choice if choice in language.LANGUAGES else language.SYSTEM  # (a hand-edited one)


def run_gui(args: argparse.Namespace, engine_factory: EngineFactory | None = None,
            window_built: Callable[[], None] | None = None) -> int:
    """Run the window until it closes. ``engine_factory`` builds its engines (the
    composition root passes its own; None: the window's default, the same factory);
    ``window_built`` is called once the whole window exists: its plot views are built after
    its first paint (:mod:`app.views.plot_views`), so what is called there (the composition
    root freezes the heap) does not delay that paint. A window closed before never calls it."""
    import qasync

    from app.views.main_window import MainWindow

    app = make_application()
    settings = QSettings() if not args.no_settings else None
    choice = start_language(args, settings)
    window = MainWindow(backend=args.backend, host=args.host, settings=settings,
                        language_choice=choice,
                        paused=args.paused, keep_events=getattr(args, "keep_events", None),
                        engine_factory=engine_factory)
    if window_built is not None:
        window.plots.built_callbacks.append(window_built)
    window.show()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    session = getattr(args, "session", None)
    if session is not None:  # `loopscope open FILE` (already loaded and checked)
        window.show_session(session, str(getattr(args, "open_file", "")))
    compared = getattr(args, "compare_sessions", None)
    if compared:  # `loopscope --compare-sessions A B`
        QTimer.singleShot(0, lambda: window.compare_sessions(*compared))
    if getattr(args, "workload", None):
        QTimer.singleShot(0, lambda: window.launch(args.workload, args.params))
    lesson = getattr(args, "lesson", None)
    if lesson:  # `loopscope --lesson ID` (checked: a lesson that exists)
        QTimer.singleShot(0, lambda: window.start_lesson(lesson))
    elif session is None and not compared and args.quit_after is None:
        window.offer_first_lesson()  # a first start: lesson 1 (once answered, never again)
    if args.quit_after is not None:
        def finish() -> None:
            if args.screenshot and compared and window.compare_window is not None:
                window.compare_window.grab().save(args.screenshot)
            elif args.screenshot:
                window.save_screenshot(args.screenshot)
            window.close()

        QTimer.singleShot(int(args.quit_after * 1000), finish)
    with loop:
        app_close = asyncio.Event()
        app.aboutToQuit.connect(app_close.set)
        loop.run_until_complete(app_close.wait())
    return 0
