"""The main window drives the engine: launch, pause, step exactly N units, resume, close."""

from __future__ import annotations

import time
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.runtime.accelerator import ACCEL
from app.trace.events import UNIT_KINDS, Ev, Unit
from app.views.main_window import MainWindow
from tests.support.gui import TIMEOUT_MS, wait_done


def units_in(win: MainWindow, start: int, end: int) -> int:
    kinds = win.bridge.store.kind[start:end]
    return int(sum((kinds == int(k)).sum() for k in UNIT_KINDS))



def test_launch_pause_step_ten_units_resume_stop(qtbot: QtBot, window: MainWindow) -> None:
    assert window.launch("tcp-echo", {"clients": 3, "messages": 1000, "think_ms": 5.0})
    qtbot.waitUntil(lambda: window.bridge.store.task_name(2) != "#2" and
                    any(info.name.startswith("client-")
                        for info in window.bridge.store.tasks.values()), timeout=TIMEOUT_MS)
    wait_done(qtbot, window.toggle_run())  # pause
    assert window.controller.engine.paused
    assert window.loop_state_text().startswith("paused before")
    window.bridge.drain()
    before = len(window.bridge.store)
    for _ in range(10):
        wait_done(qtbot, window.step())
    window.bridge.drain()
    after = len(window.bridge.store)
    # The models received exactly those 10 units (and the 10 STEP commands), nothing else.
    assert units_in(window, before, after) == 10
    controls = window.bridge.store.kind[before:after] == int(Ev.CONTROL)
    assert int(controls.sum()) == 10
    assert window.controller.engine.gate.waiting is not None
    waiting = window.controller.engine.gate.waiting
    assert window.loop_state_text() == {
        Unit.POLL: "paused before POLL"}.get(waiting.kind, window.loop_state_text())
    time.sleep(0.05)
    window.bridge.drain()
    assert len(window.bridge.store) == after  # paused: nothing advances
    wait_done(qtbot, window.toggle_run())  # resume
    assert not window.controller.engine.paused
    qtbot.waitUntil(lambda: len(window.bridge.store) > after + 50, timeout=TIMEOUT_MS)
    wait_done(qtbot, window.cancel_workloads())
    launch = window.controller.engine.launches[1]
    qtbot.waitUntil(launch.result.done, timeout=TIMEOUT_MS)
    assert launch.result.cancelled()


def test_closing_with_a_workload_running_leaves_nothing(qtbot: QtBot, window: MainWindow) -> None:
    store = window.bridge.store

    def hog_is_running() -> bool:
        state = window.bridge.reducer.state()
        # (the second launch: its tasks are numbered)
        return state.running is not None and store.task_name(state.running[1]) == "cpu-hog (2)"

    # The clients first: once the hog runs, each loop iteration includes one of its 2 s
    # steps (2 s of CPU time: longer on a busy machine), and setting them up takes several.
    assert window.launch("tcp-echo", {"clients": 5, "forever": True, "think_ms": 1.0})
    qtbot.waitUntil(lambda: any(info.coro.endswith("client")
                                for info in store.tasks.values()), timeout=TIMEOUT_MS)
    assert window.launch("cpu-hog", {"hog_ms": 2000, "forever": True})
    qtbot.waitUntil(hog_is_running, timeout=TIMEOUT_MS)  # mid-step, for up to 2 s
    window.close()  # the fixture's no_leaks check runs after this test
    # Closing did not wait for the step to end: it interrupted it, and the thread ended.
    assert "a running step was interrupted" in window.controller.engine.leftovers
    assert window.controller.engine.last_stop_clean


def test_invalid_parameters_are_refused_with_a_message(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.launch("tcp-echo", {"clients": -1})
    assert "clients" in window.status_message.text()
    assert "1" in window.launcher.error.text()
    assert not window.launch("no-such-workload")
    assert "unknown workload" in window.status_message.text()
    assert window.controller.engine.launches == {}


def test_status_bar_says_what_the_loop_does(qtbot: QtBot, window: MainWindow) -> None:
    window.bridge.drain()
    window.refresh()
    qtbot.waitUntil(lambda: (window.refresh(), window.status_state.text())[1]
                    .startswith("blocked in epoll_wait"), timeout=TIMEOUT_MS)
    assert "epoll" in window.status_where.text()
    assert window.status_rate.text().endswith("events/s")
    assert window.status_dropped.text() == "dropped: 0"


def test_status_bar_says_which_recording_path_runs(window: MainWindow) -> None:
    window.refresh()
    compiled = ACCEL is not None
    assert window.status_path.text() == ("recorder: compiled (C)" if compiled
                                         else "recorder: pure Python")
    assert ("compiled accelerator (app/runtime/_accel.c)" in window.status_path.toolTip()) \
        == compiled
    # ...and it is the path the window's own engine records on.
    assert (window.controller.engine.loop._ls.accel is not None) == compiled


def test_screenshot(qtbot: QtBot, window: MainWindow, tmp_path: Any) -> None:
    path = tmp_path / "shot.png"
    assert window.save_screenshot(str(path))
    assert path.stat().st_size > 10_000


def test_stepping_one_unit_changes_the_board_by_exactly_that_unit(
        qtbot: QtBot, window: MainWindow) -> None:
    from app.model import board as bm

    window.board.animations = False
    assert window.launch("timers", {"tasks": 3, "interval_ms": 30.0, "forever": True})
    qtbot.waitUntil(lambda: len(window.bridge.store.tasks) >= 4, timeout=TIMEOUT_MS)
    wait_done(qtbot, window.toggle_run())  # pause
    window.bridge.drain()
    qtbot.waitUntil(lambda: not window.board.playing(), timeout=TIMEOUT_MS)
    for _ in range(12):
        before = len(window.bridge.store)
        window.board.shown.clear()
        wait_done(qtbot, window.step())
        after = len(window.bridge.store)
        qtbot.waitUntil(lambda: not window.board.playing(), timeout=TIMEOUT_MS)
        # Every event the unit recorded was shown, in order, and nothing else.
        assert list(window.board.shown) == list(range(before, after))
        state = window.bridge.reducer.state_at(after)
        wanted = bm.layout(state, window.bridge.store, window.describer())
        assert {s: t.area for s, t in window.board.model.tokens.items()} == \
            {s: t.area for s, t in wanted.tokens.items()}


def test_replay_cursor_moves_every_view_back_and_forth(qtbot: QtBot, window: MainWindow) -> None:
    window.board.animations = False
    assert window.launch("timers", {"tasks": 2, "interval_ms": 20.0, "rounds": 3})
    launch = window.controller.engine.launches[1]
    qtbot.waitUntil(launch.result.done, timeout=TIMEOUT_MS)
    window.bridge.drain()
    total = len(window.bridge.store)
    assert window.replay.live
    window.act_back.trigger()  # live shows the newest event; back is the one before it
    window.act_back.trigger()
    assert window.replay.position == total - 3
    qtbot.waitUntil(lambda: not window.board.playing(), timeout=TIMEOUT_MS)
    assert window.board.shown[-1] == total - 3
    assert window.event_log.table.currentIndex().row() == total - 3
    assert window.status_state.text().startswith(f"replay, event {total - 2:,}")
    window.act_first.trigger()
    assert window.replay.position == 0
    window.act_step.trigger()  # → while replaying: the next recorded event, not a unit
    assert window.replay.position == 1
    assert len(window.bridge.store) == total
    window.event_log.table.selectRow(40)
    assert window.replay.position == 40
    state = window.bridge.reducer.state_at(41)
    from app.model import board as bm

    qtbot.waitUntil(lambda: not window.board.playing(), timeout=TIMEOUT_MS)
    wanted = bm.layout(state, window.bridge.store, window.describer())
    assert {s: t.area for s, t in window.board.model.tokens.items()} == \
        {s: t.area for s, t in wanted.tokens.items()}
    window.act_live.trigger()
    assert window.replay.live
    assert not window.status_state.text().startswith("replay")


def test_inspector_shows_the_cause_chain(qtbot: QtBot, window: MainWindow) -> None:
    assert window.launch("tcp-echo", {"clients": 1, "messages": 2, "think_ms": 0.0})
    launch = window.controller.engine.launches[1]
    qtbot.waitUntil(launch.result.done, timeout=TIMEOUT_MS)
    window.bridge.drain()
    store = window.bridge.store
    client = next(s for s in store.tasks if store.task_name(s) == "client-0")
    window.select_task(client)
    text = window.inspector.summary.text()
    assert "client-0" in text and "Created at" in text and "tcp_echo.py" in text
    assert "Woken by" in text
    from app.views.inspector import cause_chain

    chain = cause_chain(store, client, len(store), window.describer())
    assert chain and chain[0] in text
    # The client last woke when its connection closed or its echo arrived (an fd or a
    # task), or when what it awaited was done within its own step.
    assert chain[0].startswith(("fd ", "task ")) \
        or chain[0] == "its own step scheduled the wake-up"


def test_save_open_and_refuse_a_bad_file(qtbot: QtBot, window: MainWindow, tmp_path: Any,
                                         monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: warnings.append(text))
    assert window.launch("timers", {"tasks": 2, "interval_ms": 10.0, "rounds": 2})
    qtbot.waitUntil(window.controller.engine.launches[1].result.done, timeout=TIMEOUT_MS)
    window.bridge.drain()
    path = str(tmp_path / "run.loopscope")
    wait_done(qtbot, window.save_session(path))
    saved = len(window.bridge.store)
    assert saved > 50 and f"saved {saved:,} events to run.loopscope" in \
        window.status_message.text()
    wait_done(qtbot, window.open_session(path))
    assert window.viewing is not None and len(window.bridge.store) == saved
    assert window.loop_state_text().startswith("saved session run.loopscope")
    assert set(window.bridge.reducer.state_at(saved).tasks) == set(window.viewing.store.tasks)
    window.act_back.trigger()
    assert window.status_state.text().startswith("saved session run.loopscope, event")
    # A file that is not a session: refused with the reason, the open session stays.
    bad = tmp_path / "notes.loopscope"
    bad.write_text("hello")
    wait_done(qtbot, window.open_session(str(bad)))
    assert warnings and "cannot open" in warnings[-1]
    assert window.viewing is not None and len(window.bridge.store) == saved
    # Exports.
    trace = str(tmp_path / "trace.json")
    wait_done(qtbot, window.export_trace(trace))
    import json

    with open(trace, encoding="utf-8") as f:
        assert json.load(f)["traceEvents"]
    for which in ("window", "board", "timeline"):
        assert window.export_image(which, str(tmp_path / f"{which}.png"))
    # Launching again returns to the live recording.
    assert window.launch("timers", {"tasks": 1, "interval_ms": 5.0, "rounds": 1})
    assert window.viewing is None


def test_open_script_runs_on_the_traced_loop(qtbot: QtBot, window: MainWindow, tmp_path: Any,
                                             monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: warnings.append(text))
    good = tmp_path / "good.py"
    good.write_text("import asyncio\n\nasync def main():\n"
                    "    await asyncio.gather(*(asyncio.sleep(0.01) for _ in range(3)))\n")
    assert window.open_script(str(good))
    assert "async def main" in window.launcher.source.toPlainText()
    qtbot.waitUntil(lambda: window.controller.script is not None and window.controller.script.done,
                    timeout=TIMEOUT_MS)
    assert window.controller.script.outcome.status == "ok"
    window.bridge.drain()
    assert any(info.coro == "main" for info in window.bridge.store.tasks.values())
    broken = tmp_path / "broken.py"
    broken.write_text("async def main(:\n    pass\n")
    assert not window.open_script(str(broken))
    assert warnings and "broken.py:1" in warnings[-1]


def test_an_endless_run_keeps_a_bounded_window_of_events(qtbot: QtBot,
                                                          window: MainWindow) -> None:
    keep = 6000
    window.bridge.keep_events = keep
    trims: list[int] = []
    window.bridge.trimmed.connect(trims.append)
    assert window.launch("timers", {"tasks": 20, "interval_ms": 2.0, "forever": True})
    qtbot.waitUntil(lambda: len(trims) >= 3, timeout=4 * TIMEOUT_MS)
    bridge = window.bridge
    window.bridge.drain()
    store = bridge.store
    assert bridge.discarded == sum(trims) == store.discarded
    assert keep <= len(store) <= keep + keep // 4 + bridge.reducer.max_interval + 5000
    # Every view follows the window: the same events, renumbered, nothing left over.
    window.event_log.flush()  # (live, the log takes new rows at 15 Hz)
    assert window.event_log.model.rowCount() == len(store)
    assert window.timeline.data.n_events == len(store)
    region = window.timeline.gone  # the let-go stretch is shaded and says so, not left blank
    assert region is not None and region.isVisible()
    assert region.getRegion()[1] == pytest.approx((int(store.ts[0]) - store.t0) / 1e9)
    label = window.timeline.gone_label
    assert label is not None and "older events let go" in label.textItem.toPlainText()
    assert window.replay.total == len(store)
    assert window.metrics.metrics._end == len(store)
    assert window.event_log.model.event_at(0) == 0
    first = store.record(0)
    assert first.seq > sum(trims)  # seq numbers go on counting the whole run
    state = bridge.reducer.state()
    sleepers = [s for s, t in state.tasks.items() if store.task_name(s).startswith("sleeper-")]
    assert len(sleepers) == 20  # the tasks alive stay, whatever was let go
    window.refresh()
    assert "older events let go" in window.status_dropped.text()
    assert window.replay.label.text() == \
        f"live · {bridge.discarded + len(store):,} events ({len(store):,} held)"
    # Replay inside the window still works from its first event, and a cursor keeps its
    # event when older ones go (or moves to the oldest held when its own goes).
    window.replay.set_cursor(0)
    assert window.state_at_cursor().index == 1
    window.refresh()  # events are numbered over the whole run, as their seq numbers are
    assert window.status_state.text().startswith(f"replay, event {bridge.discarded + 1:,}:")
    assert window.replay.label.text().startswith(f"event {bridge.discarded + 1:,} of ")
    window.replay.set_cursor(len(store) - 10)
    seq = store.record(window.replay.position).seq
    qtbot.waitUntil(lambda: bridge.reducer.trim_point(len(store) - 100) > 0,
                    timeout=TIMEOUT_MS)
    with bridge.holding():  # a file being saved reads the columns: they must not move
        assert bridge.trim(keep=100) == 0
    assert bridge.trim(keep=100) > 0
    assert store.record(window.replay.position).seq == seq
    assert window.timeline.cursor_index == window.replay.position
    moved: list[int] = []
    window.replay.cursor_changed.connect(moved.append)
    window.replay.set_cursor(5)
    qtbot.waitUntil(lambda: window.replay.position == 0
                    or bridge.reducer.trim_point(len(store) - 100) > 5, timeout=TIMEOUT_MS)
    if window.replay.position:  # (unless the window itself trimmed meanwhile)
        assert bridge.trim(keep=100) > 0
    assert window.replay.position == 0 and moved == [5, 0]
    window.replay.set_cursor(-1)
    wait_done(qtbot, window.cancel_workloads())


def test_after_pause_step_run_the_board_follows_live_again(qtbot: QtBot,
                                                          window: MainWindow) -> None:
    assert window.launch("tcp-echo", {"forever": True})
    qtbot.waitUntil(lambda: len(window.bridge.store) > 500, timeout=TIMEOUT_MS)
    wait_done(qtbot, window.toggle_run())  # pause: the last live batch is played...
    window.bridge.drain()
    from app.views.board import MAX_BEHIND
    assert len(window.board._queue) <= MAX_BEHIND <= 20  # ...never far behind
    for _ in range(2):
        wait_done(qtbot, window.step())
    wait_done(qtbot, window.toggle_run())  # run
    qtbot.wait(300)
    window.bridge.drain()
    # Live again (the queue of at most MAX_BEHIND moves plays out in about 2 s)...
    qtbot.waitUntil(lambda: not window.board.playing(), timeout=TIMEOUT_MS)
    qtbot.wait(100)
    assert not window.board.playing()
    shown_at = len(window.bridge.store)
    # ...while the loop keeps recording.
    qtbot.waitUntil(lambda: len(window.bridge.store) > shown_at, timeout=TIMEOUT_MS)
    assert not window.board.playing()


def test_the_board_shows_the_end_of_a_burst_without_a_later_batch(qtbot: QtBot,
                                                                  window: MainWindow) -> None:
    # The board shows live batches at most 30 times a second; the one held back when a run
    # ends (the loop then idles in epoll_wait: no later batch) must still be shown.
    from app.model import board as bm

    window.board.animations = False
    runs = [("udp-ping", {}), ("cpu-hog", {"hog_ms": 50.0, "hogs": 2}), ("timers", {})]
    for n, (name, params) in enumerate(runs, start=1):
        assert window.launch(name, params)
        qtbot.waitUntil(window.controller.engine.launches[n].result.done, timeout=TIMEOUT_MS)
        qtbot.waitUntil(lambda: (window.refresh(), window.status_state.text())[1] ==
                        "blocked in epoll_wait(timeout = forever)", timeout=TIMEOUT_MS)
        state = window.bridge.reducer.state()
        wanted = bm.layout(state, window.bridge.store, window.describer())

        def shown(wanted: Any = wanted, name: str = name) -> None:
            assert {s: t.area for s, t in window.board.model.tokens.items()} == \
                {s: t.area for s, t in wanted.tokens.items()}, name

        qtbot.waitUntil(shown, timeout=TIMEOUT_MS)  # by the throttle's timer: no later batch


def test_reset_records_the_new_loop_and_keeps_the_speed(qtbot: QtBot, window: MainWindow,
                                                       monkeypatch: Any) -> None:
    assert window.launch("timers", {"tasks": 3, "interval_ms": 5.0, "forever": True})
    qtbot.waitUntil(lambda: len(window.bridge.store) > 200, timeout=TIMEOUT_MS)
    window.speed.setCurrentIndex(window.speed.findData(0.2))
    asked: list[str] = []
    monkeypatch.setattr(window, "ask_discard", lambda what: asked.append(what) or "discard")
    window.reset()
    assert asked == ["Reset"]
    # The new loop's first events (its first epoll_wait) are in the new recording.
    qtbot.waitUntil(lambda: (window.refresh(), window.status_state.text())[1]
                    .startswith("blocked in epoll_wait"), timeout=TIMEOUT_MS)
    assert int((window.bridge.store.kind == int(Ev.POLL_BEGIN)).sum()) >= 1
    assert window.controller.engine.gate._delay == pytest.approx(0.2)
    qtbot.waitUntil(lambda: "timers was cancelled" in window.status_message.text(),
                    timeout=TIMEOUT_MS)
    assert window.loop_lag_text() == "loop lag: — (slow motion)"
    wait_done(qtbot, window.cancel_workloads())
    assert window.status_message.text() == "Nothing to cancel: no workload is running."
    window.speed.setCurrentIndex(0)
    wait_done(qtbot, window.toggle_run())
    assert window.loop_lag_text() == "loop lag: — (paused)"


def test_a_failed_launch_says_why_beside_the_launch_button(qtbot: QtBot,
                                                          window: MainWindow) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert window.launch("tcp-echo", {"port": port, "clients": 1, "messages": 1})
        qtbot.waitUntil(lambda: "failed" in window.launcher.error.text(), timeout=TIMEOUT_MS)
    assert "tcp-echo failed" in window.launcher.error.text()
    assert window.status_message.toolTip() == window.status_message.text()
    window.launcher.select("executor")
    window.launcher.editors["kind"].setText("bogus")  # refused before anything starts
    window.launcher._launch()
    assert "kind" in window.launcher.error.text()
    assert window.status_message.text() == window.launcher.error.text()
    assert list(window.controller.engine.launches) == [1]


def test_a_plot_dock_brought_to_the_front_draws(qtbot: QtBot, window: MainWindow) -> None:
    """The activity plot fills its view, and Qt then gives the view itself an empty visible
    region: what is shown must still count as on screen, or the plot never draws."""
    from app.views.main_window import on_screen

    window.launch("timers", {"tasks": 3, "interval_ms": 5.0, "forever": True})
    qtbot.waitUntil(lambda: window.activity.t0 is not None, timeout=TIMEOUT_MS)
    window.docks["timeline"].raise_()
    qtbot.waitUntil(lambda: not on_screen(window.activity), timeout=TIMEOUT_MS)
    window.docks["activity"].raise_()
    qtbot.waitUntil(lambda: on_screen(window.activity), timeout=TIMEOUT_MS)
    steps = window.activity.curves["task steps"]
    qtbot.waitUntil(lambda: steps.getData()[1] is not None and steps.getData()[1].sum() > 0,
                    timeout=TIMEOUT_MS)
