"""The compare window: both runs, one time axis, the numbers, the explanation."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.model.compare import same_work, work_fields
from app.trace.text import fmt_ns
from app.views.compare import CompareWindow
from tests.support.gui import compare_table
from tests.support.workloads import SMALL

TIMEOUT_MS = 60_000


@pytest.fixture
def window(qtbot: QtBot, gui_loop: Any) -> CompareWindow:
    paused: list[bool] = []
    win = CompareWindow(lambda name: dict(SMALL[name]), paused.append)
    win.paused_log = paused  # type: ignore[attr-defined]
    qtbot.addWidget(win)
    win.show()
    return win


def run(qtbot: QtBot, window: CompareWindow, name: str) -> None:
    window.select(name)
    task = window.run()
    qtbot.waitUntil(task.done, timeout=TIMEOUT_MS)
    task.result()


def test_cpu_hog_compared_side_by_side(qtbot: QtBot, window: CompareWindow) -> None:
    window.select("cpu-hog")
    window._parameters = lambda name: {"hog_ms": 150, "hogs": 2, "tickers": 2,  # type: ignore
                                       "tick_ms": 10}
    task = window.run()
    qtbot.waitUntil(task.done, timeout=TIMEOUT_MS)
    assert window.paused_log == [True, False]  # type: ignore[attr-defined]
    rows = compare_table(window)
    # cpu-hog's result holds timings only: nothing to call the same work, in either column.
    assert rows["Same work done"] == ("nothing to compare (timings only)",) * 2
    assert "cpu-hog" in rows["Longest uninterrupted run"][0]
    # The numbers that tell a 150 ms step from 5 ms slices, in both columns.
    assert window.measures is not None
    mc, mp = window.measures
    assert rows["Turns of cpu-hog: median / longest"] == tuple(
        f"{fmt_ns(m.task_slices['cpu-hog'])} / {fmt_ns(m.task_longest['cpu-hog'])}"
        for m in (mc, mp))
    assert rows["Typical turn, by running time"] == (fmt_ns(mc.typical_turn_ns),
                                                     fmt_ns(mp.typical_turn_ns))
    assert mc.task_slices["cpu-hog"] >= 150e6 and mc.typical_turn_ns >= 150e6
    assert int(rows["Switches (running intervals)"][1].replace(",", "")) > \
        int(rows["Switches (running intervals)"][0].replace(",", ""))
    text = window.explanation.text()
    assert "cpu-hog held the loop for" in text and "With threads" in text
    assert "GIL on" in window.conditions.text() and "switch interval 5.0 ms" in \
        window.conditions.text()
    # One time axis: the two timelines show the same x range (pyqtgraph stores a range as
    # floats it computes from the view's geometry: the two agree to rounding, not bit for bit).
    assert window.preemptive.vb.viewRange()[0] == pytest.approx(
        window.cooperative.vb.viewRange()[0], rel=1e-9, abs=1e-9)
    assert window.cooperative.data.t0 is not None and window.preemptive.data.t0 is not None


@pytest.mark.parametrize("name", [n for n in SMALL if n != "cpu-hog"])
def test_every_sample_compares(qtbot: QtBot, window: CompareWindow, name: str) -> None:
    run(qtbot, window, name)
    assert window.runs is not None
    cooperative, preemptive = window.runs
    assert cooperative.error == "" and preemptive.error == "", (cooperative.error,
                                                                preemptive.error)
    # Both columns: the verdict and what each run reports ("yes — sent 192, echoed 192...").
    done = compare_table(window)["Same work done"]
    assert all(cell.startswith("yes — ") for cell in done), done
    fields = work_fields(cooperative.result, preemptive.result)
    assert fields and all(f"{field} " in cell for field in fields for cell in done)
    assert window.explanation.text()


def test_same_work_ignores_timings() -> None:
    assert same_work({"echoed": 10, "max_rtt_ms": 1.0}, {"echoed": 10, "max_rtt_ms": 9.0}) == \
        (True, [])
    assert same_work({"echoed": 10}, {"echoed": 9}) == (False, ["echoed"])
    assert same_work({"echoed": 1, "ticks": 4}, {"echoed": 1, "ticks": 85}) == (True, [])


def test_a_cpu_share_row_has_a_number_wherever_the_run_had_that_task(
        qtbot: QtBot, window: CompareWindow) -> None:
    # server-under-load's handlers are tasks in one run and threads in the other; under one
    # name, each row has a share in both columns. A name one run does not have at all (the
    # threaded server's acceptor, asyncio's own tasks) reads "—" there, not "0.0 %".
    run(qtbot, window, "server-under-load")
    assert window.runs is not None
    shares = {label.removeprefix("CPU share: "): cells
              for label, cells in compare_table(window).items()
              if label.startswith("CPU share: ")}
    names = [{r.store.task_name(s) for s in r.store.tasks} for r in window.runs]
    for task, cells in shares.items():
        for column, cell in enumerate(cells):
            assert (cell == "—") == (task not in names[column]), (task, cells)
            assert cell == "—" or cell.endswith(" %")
    # The table lists the eight highest shares; which small ones make the cut varies from run
    # to run (a ticker and an accept task are both near 0.2 %), so the test ranks them itself.
    assert window.measures is not None
    mc, mp = window.measures
    ranked = sorted(set(mc.cpu_share) | set(mp.cpu_share),
                    key=lambda n: -max(mc.cpu_share.get(n, 0), mp.cpu_share.get(n, 0)))[:8]
    assert set(shares) == set(ranked)
    both = [task for task, cells in shares.items() if "—" not in cells]
    assert "cpu-hog" in both
    # Under one name in both runs: the sample's own tasks and their threads.
    assert {"cpu-hog", "ticker", "handler-0", "handler-1", "main", "client-0", "client-1"} <= \
        names[0] & names[1]
