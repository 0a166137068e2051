"""Qt test fixtures: offscreen platform, one qasync loop for the GUI's own coroutines, and
checks that a test leaves no engine thread, fd or socket behind."""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def open_fds() -> set[int]:
    return {int(fd) for fd in os.listdir("/proc/self/fd")} if os.path.isdir("/proc/self/fd") \
        else set()


def engine_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(("loopscope", "asyncio"))]


@pytest.fixture
def gui_loop(qapp: object) -> Iterator[asyncio.AbstractEventLoop]:
    """qasync's loop over the running Qt event loop (pytest-qt spins it)."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    asyncio.set_event_loop(None)
    asyncio.events._set_running_loop(None)  # already_running marked it running: undo that


@pytest.fixture(scope="session")
def qt_warmed(qapp: object) -> None:
    """Open and close one window first: Qt creates some fds once per process (its event
    dispatcher's eventfds, fonts), which are not leaks of a test."""
    import qasync

    from app.views.main_window import MainWindow

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    window = MainWindow(settings=None)
    window.show()
    qapp.processEvents()  # type: ignore[attr-defined]
    window.close()
    window.deleteLater()
    qapp.processEvents()  # type: ignore[attr-defined]
    asyncio.set_event_loop(None)
    asyncio.events._set_running_loop(None)


@pytest.fixture
def no_leaks(qt_warmed: None) -> Iterator[None]:
    """Fail when the test leaves engine threads or file descriptors behind."""
    before = open_fds()
    yield
    import gc

    gc.collect()
    assert engine_threads() == []
    leaked = open_fds() - before
    details = {fd: os.readlink(f"/proc/self/fd/{fd}") for fd in leaked
               if os.path.exists(f"/proc/self/fd/{fd}")}
    # Eventfds are Qt's and glib's own: each thread with an event dispatcher wakes through
    # one, and Qt's global thread pool retires an idle thread after 30 s and starts a new one
    # on the next job, so a test that runs 30 s after the last pooled job sees a "new"
    # eventfd it did not open. LoopScope opens none (asyncio wakes its loop through a socket
    # pair, the selectors use epoll / poll fds), so a leaked eventfd is never ours.
    ours = {fd: target for fd, target in details.items() if target != "anon_inode:[eventfd]"}
    assert not ours, f"file descriptors left open: {ours}"


@contextlib.contextmanager
def open_window(qtbot: Any, **options: Any) -> Iterator[Any]:
    """A main window built as ``app.main`` builds it: under the process-wide settings of a
    GUI session (the 1 ms GIL switch interval; the heap frozen once the window exists), shown,
    and closed (the settings undone) at the end. Without them a 2 s CPU step on the engine
    thread starves the GUI thread of the GIL for up to a second at a time."""
    from app.main import freeze_heap, gui_process
    from app.views.main_window import MainWindow

    with gui_process():
        win = MainWindow(**options)
        freeze_heap()
        qtbot.addWidget(win)
        win.show()
        try:
            yield win
        finally:
            win.close()


@pytest.fixture
def window(qtbot: Any, gui_loop: asyncio.AbstractEventLoop, no_leaks: None) -> Iterator[Any]:
    """A main window as a user opens it (no saved settings), closed after the test."""
    with open_window(qtbot, settings=None) as win:
        yield win
