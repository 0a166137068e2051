"""The main window names a second launch's tasks as the recording does: "client-0 (2)" in the
event log's task filter and the inspector, "tcp-echo (2)" in the status bar."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.views.main_window import MainWindow

TIMEOUT_MS = 20_000
ECHO = {"clients": 1, "messages": 2, "think_ms": 0.0}


def test_a_second_launch_is_named_alike_everywhere(qtbot: QtBot, window: MainWindow) -> None:
    for n in (1, 2):
        assert window.launch("tcp-echo", ECHO)
        launch = window.controller.engine.launches[n]
        qtbot.waitUntil(launch.result.done, timeout=TIMEOUT_MS)
    label = "tcp-echo (2)"
    qtbot.waitUntil(lambda: window.status_message.text().startswith(f"{label} finished"),
                    timeout=TIMEOUT_MS)
    window.bridge.drain()
    window.refresh()
    store = window.bridge.store
    names = {store.task_name(s): s for s in store.tasks}
    assert {"client-0", "client-0 (2)", "handler-0", "handler-0 (2)", "main",
            "main (2)"} <= set(names)
    box = window.event_log.task_box
    qtbot.waitUntil(lambda: box.findData(names["client-0 (2)"]) >= 0, timeout=TIMEOUT_MS)
    assert box.itemText(box.findData(names["client-0 (2)"])) == \
        f"client-0 (2) (#{names['client-0 (2)']})"
    window.select_task(names["handler-0 (2)"])
    assert f"handler-0 (2) (#{names['handler-0 (2)']})" in window.inspector.summary.text()
