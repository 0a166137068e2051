"""Waiting on the window in Qt tests: how long, and for a command's future."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

TIMEOUT_MS = 10_000


def wait_done(qtbot: QtBot, task: Any) -> Any:
    qtbot.waitUntil(task.done, timeout=TIMEOUT_MS)
    return task.result()


def compare_table(window: Any) -> dict[str, tuple[str, str]]:
    """The compare window's table: each measure's row name -> its two cells."""
    return {window.table.item(r, 0).text(): (window.table.item(r, 1).text(),
                                             window.table.item(r, 2).text())
            for r in range(window.table.rowCount())}
