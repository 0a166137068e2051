"""Two saved sessions in the compare window: an epoll and an IOCP recording of tcp-echo on one
time axis, each from its own start, their event-queue counts, readiness vs completion in
words; files that cannot be compared are refused with the reason and lose nothing."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.main import parse_args
from app.model.queue_compare import measure_queue
from app.trace import tracefile
from app.trace.events import READ, Ev
from app.trace.text import fmt_ns
from app.views import files
from app.views.compare import CompareWindow
from app.views.main_window import MainWindow
from tests.support.gui import compare_table
from tests.support.sessions import IOCP_ECHO, record_epoll_echo

TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def epoll_echo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tcp-echo recorded live on epoll, with the parameters of the committed IOCP one."""
    return record_epoll_echo(tmp_path_factory.mktemp("compare"))


@pytest.fixture
def compare(qtbot: QtBot, gui_loop: Any) -> CompareWindow:
    win = CompareWindow()
    qtbot.addWidget(win)
    win.show()
    return win


def wait(qtbot: QtBot, task: Any) -> None:
    qtbot.waitUntil(task.done, timeout=TIMEOUT_MS)
    task.result()


def counts(path: Path) -> dict[str, int]:
    """What the table must say, counted one event at a time from the file."""
    store = tracefile.load(path).store
    events = [store.record(i) for i in range(len(store))]
    polls = [e for e in events if e.kind == Ev.POLL_END]
    registers = [e for e in events if e.kind == Ev.FD_REGISTER]
    return {"polls": len(polls), "empty": sum(1 for e in polls if e.a == 0),
            "fd_events": sum(1 for e in events if e.kind == Ev.FD_EVENT),
            "registrations": len(registers),
            "read_registrations": sum(1 for e in registers if e.b & READ),
            "at_once": sum(1 for e in events if e.kind == Ev.FD_UNREGISTER and e.c == 1),
            "blocked": sum(e.b for e in polls), "events": len(events),
            "first_ts": events[0].ts}


def test_epoll_and_iocp_side_by_side(qtbot: QtBot, compare: CompareWindow,
                                     epoll_echo: Path) -> None:
    wait(qtbot, compare.open_sessions(str(epoll_echo), str(IOCP_ECHO)))
    assert [s[0] for s in compare.sessions if s] == ["tcp-echo-epoll.loopscope",
                                                     "tcp-echo-iocp.loopscope"]
    assert compare.windowTitle() == "LoopScope — epoll vs iocp (saved sessions)"
    # Both timelines are drawn, each from its own first event, on one time axis.
    e, i = counts(epoll_echo), counts(IOCP_ECHO)
    for view, c in ((compare.cooperative, e), (compare.preemptive, i)):
        assert view.data.n_events == c["events"]
        assert view.data.t0 == c["first_ts"]
    upper, lower = (view.vb.viewRange()[0] for view in (compare.cooperative,
                                                        compare.preemptive))
    assert lower == pytest.approx(upper, rel=1e-9, abs=1e-9)
    longest = max(compare.cooperative.end_s(), compare.preemptive.end_s())
    assert upper[0] <= 0 and upper[1] >= longest  # both recordings fit, from their start
    assert "epoll" in compare.coop_title.text() and "iocp" in compare.pre_title.text()
    # The table's numbers are the events counted.
    rows = compare_table(compare)
    header = [compare.table.horizontalHeaderItem(c).text() for c in (1, 2)]
    assert header == ["epoll (readiness)", "iocp (completion)"]
    assert rows["Polls (waits in the event queue)"] == (f"{e['polls']:,}", f"{i['polls']:,}")
    assert rows["Polls that returned nothing"] == (f"{e['empty']:,}", f"{i['empty']:,}")
    assert [cell.split(" ")[0] for cell in rows["Events returned (FD_EVENT)"]] == \
        [f"{e['fd_events']:,}", f"{i['fd_events']:,}"]
    assert rows["Registrations (FD_REGISTER)"] == tuple(
        f"{c['registrations']:,} ({c['read_registrations']:,} for reading)" for c in (e, i))
    assert rows["Operations finished at once"] == ("—", f"{i['at_once']:,}")
    assert [cell.split(" (")[0] for cell in rows["Time blocked in the wait call"]] == \
        [fmt_ns(e["blocked"]), fmt_ns(i["blocked"])]
    assert rows["Events recorded"] == (f"{e['events']:,}", f"{i['events']:,}")
    assert compare.queue_measures is not None
    me, mi = compare.queue_measures
    assert rows["Read registrations per read done"] == (
        f"{me.read_registrations_per_read:.2f}", f"{mi.read_registrations_per_read:.2f}")
    # The words: readiness for epoll, completion for IOCP, and the counts that show it.
    text = compare.explanation.text()
    assert "Readiness (epoll).</b>" in text and "Completion (iocp).</b>" in text
    assert "non-blocking" in text and "completion packet" in text
    assert f"Operations started (FD_REGISTER): {i['registrations']:,}," in text
    assert f"Registrations (FD_REGISTER): {e['registrations']:,}," in text
    assert "tcp-echo-iocp.loopscope: Python 3.13.2 (CPython) on win32 AMD64" in \
        compare.conditions.text()


def test_files_that_cannot_be_compared_are_refused_and_lose_nothing(
        qtbot: QtBot, compare: CompareWindow, epoll_echo: Path, tmp_path: Path) -> None:
    wait(qtbot, compare.open_sessions(str(epoll_echo), str(IOCP_ECHO)))
    shown = list(compare.sessions)
    measures = compare.queue_measures
    damaged = tmp_path / "damaged.loopscope"
    data = bytearray(IOCP_ECHO.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    text = tmp_path / "notes.loopscope"
    text.write_text("not a session\n")
    threads = tmp_path / "threads.loopscope"
    session = tracefile.load(IOCP_ECHO)
    session.info = dataclasses.replace(session.info, mode="preemptive", backend="threads")
    tracefile.save(threads, session)
    for path, reason in ((damaged, "damaged"), (text, "not a LoopScope session"),
                         (threads, "is a preemptive recording (OS threads)"),
                         (tmp_path / "missing.loopscope", "Cannot open missing.loopscope")):
        wait(qtbot, compare.open_session(1, str(path)))
        assert reason in compare.status.text(), (path, compare.status.text())
        assert compare.sessions == shown and compare.queue_measures is measures
        assert compare.preemptive.data.n_events == len(shown[1][1].store)  # type: ignore[index]
    # Both files at once: the good one is taken, the bad one refused with its reason.
    wait(qtbot, compare.open_sessions(str(text), str(epoll_echo)))
    assert "notes.loopscope" in compare.status.text()
    assert compare.sessions[0] == shown[0] and compare.sessions[1] is not None
    assert compare.sessions[1][0] == "tcp-echo-epoll.loopscope"


def test_two_sessions_of_one_backend_still_compare(qtbot: QtBot, compare: CompareWindow,
                                                   epoll_echo: Path, tmp_path: Path) -> None:
    other = tmp_path / "again.loopscope"
    shutil.copy(epoll_echo, other)
    wait(qtbot, compare.open_sessions(str(epoll_echo), str(other)))
    assert "Both sessions ran on epoll: the same model" in compare.status.text()
    assert "The same model.</b>" in compare.explanation.text()
    assert "Completion" not in compare.explanation.text()
    recorded = compare_table(compare)["Events recorded"]
    assert recorded[0] == recorded[1]


def test_the_buttons_ask_for_files_where_the_last_one_was(
        qtbot: QtBot, gui_loop: Any, epoll_echo: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = CompareWindow(settings=settings)
    qtbot.addWidget(win)
    asked: list[str] = []
    answers = iter([str(epoll_echo), str(IOCP_ECHO)])

    def dialog(_parent: object, save: bool, _title: str, directory: str, _filters: str) -> str:
        assert not save
        asked.append(directory)
        return next(answers)

    monkeypatch.setattr(files, "ask_file", dialog)
    wait(qtbot, win.pick_session(0))
    assert win.sessions[1] is None and "pick the other session" in win.status.text()
    assert "<b>epoll</b> (readiness" in win.coop_title.text()
    assert "Not chosen yet" in win.pre_title.text()
    win.session_buttons[1].click()
    qtbot.waitUntil(lambda: win.queue_measures is not None, timeout=TIMEOUT_MS)
    assert asked[1] == str(epoll_echo.parent)
    assert settings.value("lastDirectory") == str(IOCP_ECHO.parent)
    monkeypatch.setattr(files, "ask_file", lambda *_: "")
    assert win.pick_sessions() is None  # cancelled: nothing changes
    assert win.queue_measures is not None


def test_the_file_menu_compares_sessions(qtbot: QtBot, window: MainWindow,
                                         epoll_echo: Path) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert window.act_compare_sessions in file_menu.actions()  # type: ignore[union-attr]
    compare = window.compare_sessions(str(epoll_echo), str(IOCP_ECHO))
    qtbot.waitUntil(lambda: compare.queue_measures is not None, timeout=TIMEOUT_MS)
    assert compare.isVisible()
    assert [m.backend for m in compare.queue_measures] == ["epoll", "iocp"]
    session = tracefile.load(IOCP_ECHO)
    assert compare.queue_measures[1] == measure_queue(session.store, session.info)


def test_the_command_line_takes_two_sessions(epoll_echo: Path, tmp_path: Path) -> None:
    args = parse_args(["--compare-sessions", str(epoll_echo), str(IOCP_ECHO)])
    assert args.compare_sessions == [str(epoll_echo), str(IOCP_ECHO)]
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n")
    proc = subprocess.run([sys.executable, "-m", "app", "--compare-sessions", str(notes),
                           str(IOCP_ECHO)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "--compare-sessions:" in proc.stderr and "notes.txt" in proc.stderr
