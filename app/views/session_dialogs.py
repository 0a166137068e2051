"""The window's file flows: open, save and export a recording, run a script, and the
question before a run would be wiped. Each is a dialog (or a few) around one controller
or file call; the window's menu actions call them. A message left in the status bar is
given as what makes it, so it is worded again if the language changes while it shows.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QInputDialog, QMessageBox

from app.model import status
from app.qt.controller import CommandError
from app.qt.language import tr
from app.trace import tracefile
from app.trace.text import QT_TR_NOOP, error_text
from app.views import files
from app.views.files import run_with_progress
from app.views.window_parts import WindowParts

#: The file dialogs' filter for sessions (translated where a dialog shows it).
SESSION_FILES = QT_TR_NOOP("LoopScope sessions (*.loopscope)")


def file_dialog(window: WindowParts, save: bool, title: str, filters: str, suffix: str) -> str:
    """A file chosen by the user ("" if cancelled), starting where the last one was."""
    directory = str(window.setting("lastDirectory", os.path.expanduser("~")))
    path = files.ask_file(window, save, title, directory, filters)
    if save and path and not os.path.splitext(path)[1]:
        path += suffix
    if path and window.settings is not None:
        window.settings.setValue("lastDirectory", os.path.dirname(path))
    return path


# -- sessions ------------------------------------------------------------------------------------
def open_session_dialog(window: WindowParts) -> None:
    path = window._file_dialog(False, tr("Open session"),
                               tr("LoopScope sessions (*.loopscope);;All files (*)"),
                               tracefile.SUFFIX)
    if path:
        window.open_session(path)


async def open_session(window: WindowParts, path: str) -> None:
    """Load a saved session (a progress dialog while it reads) and show it, read-only."""
    try:
        session = await run_with_progress(
            window, tr("Opening {name}…").format(name=os.path.basename(path)),
            lambda progress, cancelled: tracefile.load(path, progress=progress,
                                                       cancelled=cancelled))
    except tracefile.TraceFileCancelled:
        window.message(lambda: tr("Opening cancelled: nothing changed."))
        return
    except tracefile.TraceFileError as exc:
        # Refused with the reason; what was on screen stays as it was.
        QMessageBox.warning(window, tr("Cannot open this file"), error_text(exc, tr))
        return
    window.show_session(session, path)


def save_session_dialog(window: WindowParts) -> None:
    path = window._file_dialog(True, tr("Save session"), tr(SESSION_FILES),
                               tracefile.SUFFIX)
    if path:
        window.save_session(path)


async def save_session(window: WindowParts, path: str) -> None:
    """Save the shown recording on a worker thread (no trim moves the store meanwhile)."""
    bridge = window.bridge
    bridge.drain()
    live = window.viewing is None  # (the Recording box may change while the worker saves)
    session = tracefile.Session(bridge.store, window.session_info())
    written = [len(session.store)]  # a live store keeps growing: the saver says how many

    def save(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
        def note(done: int, total: int) -> None:
            written[0] = total
            progress(done, total)

        return tracefile.save(path, session, progress=note, cancelled=cancelled)

    try:
        with bridge.holding():  # the worker reads the live store's columns
            size = await run_with_progress(
                window, tr("Saving {name}…").format(name=os.path.basename(path)), save)
    except tracefile.TraceFileCancelled:
        window.message(lambda: tr("Saving cancelled: no file was written."))
        return
    except (tracefile.TraceFileError, OSError) as exc:
        QMessageBox.warning(window, tr("Cannot save"), error_text(exc, tr))
        return
    saved(window, live, written[0], path, size)


def saved(window: WindowParts, live: bool, events: int, path: str, size: int) -> None:
    """Say what was written; a saved live recording needs no question before a reset."""
    if live:
        window.controller.note_saved()
    window.message(lambda: tr("saved {n:,} events to {name} ({size:,} bytes)").format(
        n=events, name=os.path.basename(path), size=size), 8000)


def opened_text(window: WindowParts, session: tracefile.Session, path: str) -> str:
    info = session.info
    where, mode = status.made_on(info, tr)
    return tr("opened {name}: {n:,} events of {what} ({mode}, {where}, "
                     "Python {py})").format(name=os.path.basename(path), n=session.events,
                                            what=info.workload or "?", mode=mode,
                                            where=where, py=info.python)


# -- nothing is lost without asking --------------------------------------------------------------
def discard_ok(window: WindowParts, what: str) -> bool:
    """``what`` (a reset, a backend or host switch) would wipe the live recording: ask
    first whether to save it, unless there is nothing to lose or the user said not to
    ask. False: the user cancelled (or saving failed), so nothing must change."""
    if not window.controller.unsaved_run() or not window.ask_before_discarding():
        return True
    choice = window.ask_discard(what)
    if choice == "discard":
        return True
    if choice == "save":
        return window.save_live_now()
    return False


def ask_discard(window: WindowParts, what: str) -> str:
    """The question, as a modal box titled ``what``: "save", "discard" or "cancel"."""
    # ``what`` is the box's title; the question is a sentence of its own (a translated
    # command glued into a sentence would not read in every language).
    box = QMessageBox(QMessageBox.Icon.Question, what,
                      tr("This starts a new loop and wipes the live recording ({n:,} "
                         "events). Save it first?").format(n=len(window.bridge.live_store)),
                      QMessageBox.StandardButton.NoButton, window)
    box.setObjectName("discardQuestion")
    save = box.addButton(tr("Save…"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save)
    never = QCheckBox(tr("Don't ask again (Run → Ask before discarding a run)"), box)
    box.setCheckBox(never)
    box.exec()
    clicked = box.clickedButton()
    if clicked not in (save, discard):
        return "cancel"
    if never.isChecked():  # from now on: discard without asking
        window.set_ask_before_discarding(False)
    return "save" if clicked is save else "discard"


def save_live_now(window: WindowParts) -> bool:
    """Save the live recording before it is wiped: a file dialog, then the save itself
    here (a million events take ~0.2 s). False if cancelled or the save failed."""
    path = window._file_dialog(True, tr("Save the live recording"),
                               tr(SESSION_FILES), tracefile.SUFFIX)
    if not path:
        return False
    bridge = window.bridge
    bridge.drain()
    session = tracefile.Session(bridge.live_store, window.controller.live_session_info())
    try:
        size = tracefile.save(path, session)
    except (tracefile.TraceFileError, OSError) as exc:
        QMessageBox.warning(window, tr("Cannot save"), error_text(exc, tr))
        return False
    saved(window, True, session.events, path, size)
    return True


# -- exports -------------------------------------------------------------------------------------
def export_trace_dialog(window: WindowParts) -> None:
    path = window._file_dialog(True, tr("Export Perfetto / Chrome trace"),
                               tr("Trace Event JSON (*.json)"), ".json")
    if path:
        window.export_trace(path)


async def export_trace(window: WindowParts, path: str) -> None:
    from app.trace import perfetto  # (only to export: not at start-up)

    bridge = window.bridge
    bridge.drain()
    store, info = bridge.store, window.session_info()
    try:
        with bridge.holding():
            await run_with_progress(
                window, tr("Exporting {name}…").format(name=os.path.basename(path)),
                lambda progress, cancelled: perfetto.export(store, path, info=info,
                                                            progress=progress,
                                                            cancelled=cancelled))
    except perfetto.ExportCancelled:
        window.message(lambda: tr("Export cancelled: no file was written."))
        return
    except (perfetto.ExportError, OSError) as exc:
        QMessageBox.warning(window, tr("Cannot export"), error_text(exc, tr))
        return
    window.message(lambda: tr("exported {name}: open it in ui.perfetto.dev or "
                              "chrome://tracing").format(name=os.path.basename(path)), 8000)


def export_image_dialog(window: WindowParts) -> None:
    choices = [tr("The whole window"), tr("The board"), tr("The timeline")]
    choice, ok = QInputDialog.getItem(window, tr("Export image"),
                                      tr("What to save as PNG:"), choices, 0, False)
    if not ok:
        return
    path = window._file_dialog(True, tr("Export image"),
                               tr("PNG images (*.png)"), ".png")
    if path:
        which = {choices[0]: "window", choices[1]: "board", choices[2]: "timeline"}[choice]
        if not window.export_image(which, path):
            QMessageBox.warning(window, tr("Cannot save"),
                                tr("The image could not be written to {path}.")
                                .format(path=path))


# -- scripts -------------------------------------------------------------------------------------
def open_script_dialog(window: WindowParts) -> None:
    path = window._file_dialog(False, tr("Open script"),
                               tr("Python scripts (*.py)"), ".py")
    if path:
        open_script(window, path)


def open_script(window: WindowParts, path: str) -> bool:
    """Run a user's asyncio script on the traced loop, its source shown in Workloads."""
    try:
        source, kind = window.controller.check_script(path)
    except CommandError as exc:
        QMessageBox.warning(window, tr("Cannot run this script"), error_text(exc, tr))
        return False
    window.show_live()
    window.launcher.show_source(os.path.basename(path), source)
    try:
        window.controller.run_script(path)  # (it stops a script still running first)
    except CommandError as exc:
        QMessageBox.warning(window, tr("Cannot run this script"), error_text(exc, tr))
        return False
    name = os.path.basename(path)

    def running() -> str:
        if kind == "main":
            return tr("running {name} (its main()) on the traced loop").format(name=name)
        return tr("running {name} (as a script) on the traced loop").format(name=name)

    window.message(running, 8000)
    return True


def script_finished(window: WindowParts) -> None:
    """Say how the script ended: a box with the traceback if it raised."""
    run = window.controller.script
    if run is None:
        return
    outcome = run.outcome
    name = run.path.name
    if outcome.status == "error":
        box = QMessageBox(QMessageBox.Icon.Warning, tr("The script failed"),
                          tr("{name} raised an exception. What it did until then "
                                    "is recorded.").format(name=name),
                          QMessageBox.StandardButton.Ok, window)
        box.setDetailedText(outcome.error)
        box.setObjectName("scriptError")
        box.open()
    else:
        def ended() -> str:
            if outcome.status == "ok":
                return tr("{name} ran to its end").format(name=name)
            if outcome.status == "stopped":
                return tr("{name} was stopped").format(name=name)
            return tr("{name}: {status}").format(name=name, status=outcome.status)

        window.message(ended, 8000)
