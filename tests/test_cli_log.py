"""``loopscope log FILE``: a saved session's event log as text, one line per event, in the
sentences the window's log shows; its filters; its errors; and a reader that goes away.

The sessions are real recordings: cooperative runs on the traced loop, and preemptive
``db-user-lookup``, ``cpu-hog`` and ``server-under-load`` runs on OS threads."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from app import cli
from app.cli.common import EXIT_OK, EXIT_USAGE
from app.cli.parsers import SUBCOMMANDS, epilog
from app.runtime.engine import Engine
from app.runtime.factory import resolve_backend
from app.runtime.recorder import Recorder
from app.trace import tracefile
from app.trace.events import Cause, Ev, Event, Wait
from app.trace.log import log_rows, recorded_backend
from app.trace.store import EventStore
from app.trace.text import Describer
from app.workloads import registry
from tests.support.cli import APP
from tests.support.recordings import record_sample_run
from tests.support.workloads import SMALL, run_cooperative, run_threads

ROOT = Path(__file__).resolve().parents[1]
PREEMPTIVE = ("db-user-lookup", "cpu-hog", "server-under-load")
COOPERATIVE = ("tcp-echo+timers", "cpu-hog-cooperative")
#: time, unit, kind, task (padded), sentence: what every line of the log looks like.
LINE = re.compile(r" *(?P<time>-?\d+\.\d{3}) ms  unit (?P<unit>\d+) +(?P<kind>[A-Z_]+) +"
                  r"(?P<rest>.*)")


def _store_of(events: list[Event], rec: Recorder) -> EventStore:
    store = EventStore(list(rec.strings), dict(rec.tasks))
    store.append([(e.seq, e.ts, int(e.kind), e.task, e.a, e.b, e.c) for e in events])
    return store


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One saved session per recording, by name."""
    folder = tmp_path_factory.mktemp("sessions")
    stores: dict[str, tuple[EventStore, tracefile.SessionInfo]] = {}
    stores["tcp-echo+timers"] = (record_sample_run(clients=2, messages=8),
                                 tracefile.SessionInfo(workload="tcp-echo+timers",
                                                       backend="epoll"))
    _, events, rec = run_cooperative("cpu-hog", SMALL["cpu-hog"])
    stores["cpu-hog-cooperative"] = (_store_of(events, rec),
                                     tracefile.SessionInfo(workload="cpu-hog"))
    for name in PREEMPTIVE:
        _, events, rec = run_threads(name, SMALL[name])
        stores[name] = (_store_of(events, rec),
                        tracefile.SessionInfo(workload=name, mode="preemptive",
                                              backend="threads"))
    paths = {}
    for name, (store, info) in stores.items():
        paths[name] = folder / f"{name}.loopscope"
        tracefile.save(paths[name], tracefile.Session(store, info))
    return paths


def log(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = cli.main(["log", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def _impossible(store: EventStore, i: int, text: str, preemptive: bool) -> list[str]:
    """What is wrong with ``text`` as the sentence of event ``i``."""
    kind, a, b = int(store.kind[i]), int(store.a[i]), int(store.b[i])
    wrong = []
    if re.fullmatch(r"[\d\s.,:;#()+\-]*", text):
        wrong.append("numbers only")
    if "<string" in text or "unknown to this version" in text:
        wrong.append("a fallback")
    if re.search(r"\b(?:cause|wait|outcome|event|command) -?\d+\b", text):
        wrong.append("an enum value")
    if "nothing (finished)" in text:  # a task's last step ends plainly; TASK_EXITED follows
        wrong.append("'nothing (finished)'")
    cause = a if kind == Ev.TASK_READY else b if kind == Ev.CALLBACK_READY else None
    if "outside any step" in text and (preemptive or cause != Cause.OUTSIDE):
        wrong.append("'outside any step' for a cause that has a meaning")
    if (cause == Cause.PREEMPTED) != ("inferred" in text):
        wrong.append("an inference not said, or a recorded fact called one")
    if preemptive and any(w in text for w in ("ready queue", "(step)", "callback", "loop")):
        wrong.append("a loop's words for threads")
    if kind == Ev.STEP_END and a == Wait.CALL and "blocking call" not in text:
        wrong.append("a blocked thread that does not say so")
    return wrong


@pytest.mark.parametrize("name", COOPERATIVE + PREEMPTIVE)
def test_every_event_is_one_line_in_the_sentence_of_the_window(
        sessions: dict[str, Path], capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, lines, err = log(capsys, str(sessions[name]))
    assert code == EXIT_OK and not err
    store = tracefile.load(sessions[name]).store
    preemptive = name in PREEMPTIVE
    assert len(lines) == len(store)
    describer = Describer(store.strings, store.task_name, recorded_backend(store))
    assert describer.backend == ("threads" if preemptive else resolve_backend("auto"))
    wrong = {}
    for (i, row), line in zip(log_rows(store, describer), lines, strict=True):
        m = LINE.fullmatch(line)
        assert m is not None, line
        assert (m["time"], m["unit"], m["kind"]) == (row.time, row.unit, row.kind)
        assert m["rest"].startswith(f"{row.task or '-'} ")
        assert line.endswith(f"  {row.text}")  # the sentence the window's log shows
        problems = _impossible(store, i, row.text, preemptive)
        if problems:
            wrong[line] = problems
    assert not wrong, wrong
    kinds = {m["kind"] for m in map(LINE.fullmatch, lines) if m}
    assert {"TASK_SPAWNED", "TASK_READY", "STEP_BEGIN", "STEP_END", "TASK_EXITED"} <= kinds
    assert ("THREADS_INFO" in kinds) == preemptive and ("POLL_BEGIN" in kinds) != preemptive
    if preemptive:  # the run's conditions, worded from the facts recorded
        assert any(re.search(r"THREADS_INFO +- +the work runs on OS threads, scheduled by the "
                             r"OS and the GIL: \w+ [\w.+]+ · GIL (on|off \(free-threaded\)) "
                             r"· \d+ CPUs · switch interval [\d.]+ ms · gap threshold "
                             r"[\d.]+ µs$", ln) for ln in lines), lines[:3]
    if name == "db-user-lookup":  # threads blocked in sqlite3 say so
        assert any("now waits for a blocking call to return (sqlite3" in ln for ln in lines)
        assert any("its blocking call returned" in ln for ln in lines)


def test_a_launch_says_what_it_launched(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    # The engine records the launched name; the log words the command around it.
    engine = Engine()
    engine.start()
    try:
        for _ in range(2):
            launch = engine.launch(registry.get("timers"), SMALL["timers"])
            launch.result.result(timeout=10)
    finally:
        engine.stop()
    rec = engine.recorder
    store = EventStore(list(rec.strings), dict(rec.tasks))
    store.append(rec.drain())
    path = tmp_path / "launches.loopscope"
    tracefile.save(path, tracefile.Session(store, tracefile.SessionInfo(workload="timers")))
    code, lines, err = log(capsys, str(path), "--kind", "control")
    assert code == EXIT_OK and not err
    said = [ln.split("  ")[-1].strip() for ln in lines]
    assert said[:2] == ["LoopScope command: launch timers",
                        "LoopScope command: launch timers (2)"]
    assert "launch launch" not in "\n".join(lines)


def test_the_task_filter_takes_the_shown_name_the_recorded_name_or_the_serial(
        sessions: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = sessions["tcp-echo+timers"]
    store = tracefile.load(path).store
    handler = next(s for s, info in store.tasks.items() if info.name.startswith("Task-"))
    shown = store.task_name(handler)
    assert shown != store.tasks[handler].name  # "handle_echo · Task-8"
    expected = int((store.task == handler).sum())
    for wanted in (shown, store.tasks[handler].name, str(handler)):
        code, lines, _ = log(capsys, str(path), "--task", wanted)
        assert code == 0 and len(lines) == expected, wanted
        assert all(f" {shown} " in line for line in lines)
    code, lines, err = log(capsys, str(path), "--task", "no-such-task")
    assert code == EXIT_USAGE and not lines
    assert "no task 'no-such-task'" in err and shown in err


def test_the_kind_filter_is_case_blind_repeatable_and_comma_separated(
        sessions: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = sessions["cpu-hog"]
    store = tracefile.load(path).store
    wanted = {int(Ev.STEP_BEGIN), int(Ev.TASK_EXITED), int(Ev.THREADS_INFO)}
    expected = int(np.isin(store.kind, sorted(wanted)).sum())
    for args in (["--kind", "step_begin,TASK_EXITED", "--kind", "Threads_Info"],
                 ["--kind", "step_begin", "--kind", "task_exited", "--kind", "threads_info"]):
        code, lines, _ = log(capsys, str(path), *args)
        assert code == 0 and len(lines) == expected
        assert {ln.split()[4] for ln in lines} == {"STEP_BEGIN", "TASK_EXITED", "THREADS_INFO"}
    code, lines, _ = log(capsys, str(path), "--kind", "step_end", "--task", "cpu-hog")
    assert code == 0 and lines and all("STEP_END" in ln and "cpu-hog" in ln for ln in lines)


def test_a_bad_kind_exits_2_listing_the_kinds(sessions: dict[str, Path],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["log", str(sessions["cpu-hog"]), "--kind", "step_begin,stepbegin"])
    assert exit_info.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "unknown event kind stepbegin" in err
    assert all(kind.name.lower() in err for kind in Ev)


def test_a_missing_or_damaged_file_exits_2_with_the_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = log(capsys, str(tmp_path / "nothing.loopscope"))
    assert code == EXIT_USAGE and not lines and "no such file" in err
    text = tmp_path / "notes.loopscope"
    text.write_text("not a session\n", encoding="utf-8")
    code, lines, err = log(capsys, str(text))
    assert code == EXIT_USAGE and not lines and "not a LoopScope session" in err


def test_a_reader_that_goes_away_is_no_error(sessions: dict[str, Path]) -> None:
    """``loopscope log FILE | head -1``: more than a pipe's buffer is written, the reader
    reads one line and closes; the command still ends quietly with 0."""
    path = sessions["tcp-echo+timers"]
    assert len(tracefile.load(path).store) * 60 > 1 << 16  # more than the pipe holds
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([*APP, "log", str(path)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0, err
    assert LINE.fullmatch(first.rstrip("\n"))
    assert err == ""


def test_help_lists_the_log_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert "log" in SUBCOMMANDS and "log FILE" in epilog()
    with pytest.raises(SystemExit):
        cli.main(["log", "--help"])
    out = capsys.readouterr().out
    assert "--task NAME" in out and "--kind KIND" in out
