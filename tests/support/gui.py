"""Waiting on the window in Qt tests: how long, and for a command's future."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

TIMEOUT_MS = 10_000


def wait_done(qtbot: QtBot, task: Any) -> Any:
    qtbot.waitUntil(task.done, timeout=TIMEOUT_MS)
    return task.result()
