"""Choosing a file, and long file work (open, save, export) on a worker thread, with a
cancellable progress dialog.

The work function gets ``progress(done, total)`` and ``cancelled()``; both only touch plain
attributes, so calling them from the worker thread is safe. A QTimer on the GUI thread copies
the progress into the dialog and the dialog's Cancel button into ``cancelled``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from app.qt.language import tr

T = TypeVar("T")
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def ask_file(parent: QWidget, save: bool, title: str, directory: str, filters: str) -> str:
    """A file the user chose to open (``save``: to save to), or "" if cancelled. Qt's own file
    dialog (where the desktop offers no native one) takes most of its words from Qt's
    translation, but Qt 6's Chinese catalogue lacks two labels of the form, "&Look in:" and
    "Files of &type:": they are said here."""
    dialog = QFileDialog(parent, title, directory, filters)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, tr("Look in:"))
    dialog.setLabelText(QFileDialog.DialogLabel.FileType, tr("Files of type:"))
    try:
        chosen = dialog.selectedFiles() if dialog.exec() else []
    finally:
        dialog.deleteLater()
    return chosen[0] if chosen else ""


class _Shared:
    def __init__(self) -> None:
        self.done = 0
        self.total = 0
        self.cancel = False

    def progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def cancelled(self) -> bool:
        return self.cancel


async def run_with_progress(parent: QWidget, label: str,
                            work: Callable[[Progress, Cancelled], T]) -> T:
    """Run ``work`` on a worker thread while a progress dialog shows how far it got.

    Exceptions of ``work`` (including its own "cancelled" error) propagate to the caller.
    """
    shared = _Shared()
    dialog = QProgressDialog(label, tr("Cancel"), 0, 1000, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)  # quick work never flashes a dialog
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def update() -> None:
        if shared.total:
            dialog.setValue(int(1000 * shared.done / shared.total))
        if dialog.wasCanceled():
            shared.cancel = True

    timer = QTimer(parent)
    timer.setInterval(50)
    timer.timeout.connect(update)
    timer.start()
    # A plain thread of our own, ended with the work: qasync's default executor keeps QThreads
    # (each with its event-dispatcher fds) alive for the rest of the process.
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lsfile")
    try:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(executor, work, shared.progress, shared.cancelled)
    finally:
        executor.shutdown(wait=False)
        timer.stop()
        timer.deleteLater()
        dialog.close()
        dialog.deleteLater()
