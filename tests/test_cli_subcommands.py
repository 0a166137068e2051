"""``loopscope record | open | export`` run as the user runs them (subprocesses): what they
print, the files they write and the exit codes (0 ok, 1 failed but saved, 2 bad arguments or
file, 3 interrupted)."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from app import cli
from app.cli.common import EXIT_CODES
from app.cli.parsers import subcommand_first
from app.runtime.factory import resolve_backend
from app.trace import tracefile
from app.trace.events import Ev
from tests.support.cli import APP
from tests.support.recordings import check_trace

ROOT = Path(__file__).resolve().parents[1]
#: ``open`` starts the GUI. make test-windows installs no Qt: Qt6Core.dll of PySide6's Windows
#: wheel needs Windows 10's icuuc.dll, which Wine 8 lacks (see tools/windows.py).
needs_qt = pytest.mark.skipif(importlib.util.find_spec("PySide6") is None,
                              reason="the GUI needs PySide6, which is not installed here")
SMALL_ECHO = ["--param", "clients=2", "--param", "messages=5", "--param", "think_ms=1"]


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*APP, *args], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT, env=env)


def script(tmp_path: Path, name: str, source: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def test_help_lists_the_subcommands_and_exit_codes() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    assert "record WORKLOAD" in proc.stdout and "export FILE" in proc.stdout
    assert "exit codes:" in proc.stdout
    for code, text in EXIT_CODES.items():
        assert f"  {code}  {text[:20]}" in proc.stdout
    sub = run("record", "--help")
    assert sub.returncode == 0 and "--script FILE" in sub.stdout and "exit codes:" in sub.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["record"], "the following arguments are required: -o/--output"),
    (["record", "-o", "x.loopscope"], "give a WORKLOAD to record, or --script FILE"),
    (["record", "nope", "-o", "x.loopscope"], "unknown workload 'nope'"),
    (["record", "tcp-echo", "--param", "clients=-1", "-o", "x.loopscope"],
     "clients: -1 is out of range"),
    (["record", "tcp-echo", "--param", "clients", "-o", "x.loopscope"], "--param expects K=V"),
    (["record", "timers", "--param", "forever=true", "-o", "x.loopscope"],
     "give --duration SECONDS"),
    (["record", "timers", "--duration", "0", "-o", "x.loopscope"], "--duration must be > 0"),
    (["record", "timers", "--backend", "bogus", "-o", "x.loopscope"], "unknown backend"),
    (["record", "timers", "--mode", "threads", "-o", "x.loopscope"], "invalid choice"),
    (["record", "timers", "--script", "a.py", "-o", "x.loopscope"], "not both"),
    (["record", "--script", "a.py", "--mode", "preemptive", "-o", "x.loopscope"],
     "--mode preemptive is for samples"),
    (["record", "timers", "-o", "/no/such/folder/x.loopscope"], "does not exist"),
    (["export"], "the following arguments are required: FILE"),
    (["open"], "the following arguments are required: FILE"),
    (["frobnicate"], "unrecognized arguments: frobnicate"),
])
def test_bad_arguments_exit_2_with_usage(args: list[str], message: str) -> None:
    proc = run(*args)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("usage: loopscope"), proc.stderr
    assert message in proc.stderr


def test_record_a_workload_then_export_it(tmp_path: Path) -> None:
    out = tmp_path / "echo.loopscope"
    proc = run("record", "tcp-echo", *SMALL_ECHO, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "recorded tcp-echo (cooperative, " in proc.stdout
    assert "events dropped" in proc.stdout and "outcome: ok" in proc.stdout
    assert f"saved {out}" in proc.stdout
    assert proc.stderr == "", "no progress on a pipe unless --progress"
    session = tracefile.load(out)
    info = session.info
    assert (info.workload, info.mode, info.outcome) == ("tcp-echo", "cooperative", "ok")
    assert info.params["clients"] == 2 and info.backend and info.python
    assert len(session.store) > 100 and any(t.name.startswith("client") for t in
                                           session.store.tasks.values())

    trace = tmp_path / "trace.json"
    proc = run("export", str(out), "-o", str(trace), "--progress")
    assert proc.returncode == 0, proc.stderr
    assert f"wrote {trace}" in proc.stdout and "100.0 %" in proc.stderr
    check_trace(json.loads(trace.read_text(encoding="utf-8")))
    proc = run("export", str(out), "-q")  # default output: the session's name, .json
    assert proc.returncode == 0 and proc.stdout == ""
    assert (tmp_path / "echo.json").is_file()


def record_summary(stdout: str) -> dict[str, Any]:
    """The counts ``record`` printed: "recorded W (...): T tasks, E events over D s, X events
    dropped"."""
    m = re.search(r": ([\d,]+) tasks, ([\d,]+) events over ([\d.]+) s, ([\d,]+) events "
                  r"dropped", stdout)
    assert m, stdout
    tasks, events, duration, dropped = m.groups()
    return {"tasks": int(tasks.replace(",", "")), "events": int(events.replace(",", "")),
            "duration": duration, "dropped": int(dropped.replace(",", ""))}


@pytest.mark.parametrize("mode", ["cooperative", "preemptive"])
def test_info_reports_what_record_saved(tmp_path: Path, mode: str) -> None:
    out = tmp_path / "run.loopscope"
    proc = run("record", "tcp-echo", *SMALL_ECHO, "--mode", mode, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    recorded = record_summary(proc.stdout)
    proc = run("info", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    facts = json.loads(proc.stdout)
    assert {k: facts[k] for k in ("tasks", "events", "dropped")} == \
        {k: recorded[k] for k in ("tasks", "events", "dropped")}
    assert f"{facts['duration_s']:.3f}" == recorded["duration"]
    assert facts["mode"] == mode and facts["workload"] == "tcp-echo"
    assert facts["backend"] == ("threads" if mode == "preemptive" else resolve_backend("auto"))
    assert facts["python"] == platform.python_version()
    assert facts["loopscope_version"] and facts["params"]["clients"] == 2
    proc = run("--no-settings", "info", str(out))  # a common option before the command
    assert proc.returncode == 0, proc.stderr
    lines = dict(line.split(None, 1) for line in proc.stdout.splitlines()[1:])
    assert lines["events"] == f"{recorded['events']:,}"
    assert lines["tasks"] == f"{recorded['tasks']:,}"
    assert lines["dropped"] == f"{recorded['dropped']:,} events"
    assert lines["duration"] == f"{recorded['duration']} s"
    assert lines["workload"].startswith("tcp-echo (clients=2, messages=5")
    assert lines["mode"].startswith(mode)


def test_info_refuses_a_bad_file_with_its_reason(tmp_path: Path) -> None:
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    for args in ([str(png)], [str(png), "--json"]):
        proc = run("info", *args)
        assert (proc.returncode, proc.stdout) == (2, "")
        assert proc.stderr.strip() == ("loopscope: cannot open picture.png: this is not a "
                                       "LoopScope session: it looks like a PNG image")
    proc = run("info", str(tmp_path / "missing.loopscope"))
    assert proc.returncode == 2 and "no such file" in proc.stderr


def test_common_options_go_before_or_after_the_command() -> None:
    assert subcommand_first(["--no-settings", "open", "f"]) == ["open", "--no-settings",
                                                                    "f"]
    assert subcommand_first(["open", "f", "--no-settings"]) == ["open", "f",
                                                                    "--no-settings"]
    assert subcommand_first(["--no-settings"]) is None  # the GUI's own command line
    assert subcommand_first(["--paused", "open", "f"]) is None  # not common: the GUI's


def test_record_preemptive_and_a_capped_forever_run(tmp_path: Path) -> None:
    out = tmp_path / "threads.loopscope"
    proc = run("record", "timers", "--param", "tasks=2", "--param", "rounds=2",
               "--mode", "preemptive", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "(preemptive, OS threads)" in proc.stdout
    session = tracefile.load(out)
    assert session.info.mode == "preemptive" and session.info.backend == "threads"
    assert Ev.THREADS_INFO in set(session.store.kind.tolist())
    assert (session.store.ts[1:] >= session.store.ts[:-1]).all(), "stored in time order"

    out = tmp_path / "forever.loopscope"
    proc = run("record", "timers", "--param", "forever=true", "--duration", "0.5",
               "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "outcome: stopped after 0.5 s (--duration)" in proc.stdout
    assert tracefile.load(out).info.outcome.startswith("stopped after 0.5 s")


def test_record_a_script(tmp_path: Path) -> None:
    path = script(tmp_path, "my_app.py", """
        import asyncio

        async def main():
            await asyncio.gather(*(asyncio.sleep(0.001 * i) for i in range(5)))
            print("my_app done")
    """)
    out = tmp_path / "mine.loopscope"
    proc = run("record", "--script", str(path), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "my_app done" in proc.stdout and "recorded script:my_app.py" in proc.stdout
    session = tracefile.load(out)
    assert session.info.script == str(path.resolve())
    assert "async def main" in session.info.extra["script_source"]
    assert "main" in {t.name for t in session.store.tasks.values()}


def test_a_failing_script_exits_1_and_keeps_the_recording(tmp_path: Path) -> None:
    path = script(tmp_path, "failing.py", """
        import asyncio

        async def lookup():
            await asyncio.sleep(0.001)
            raise RuntimeError("database is down")

        asyncio.run(lookup())
    """)
    out = tmp_path / "failing.loopscope"
    proc = run("record", "--script", str(path), "-o", str(out))
    assert proc.returncode == 1, proc.stderr
    assert f'File "{path.resolve()}", line 6, in lookup' in proc.stderr
    assert "RuntimeError: database is down" in proc.stderr
    assert "outcome: failed" in proc.stdout
    session = tracefile.load(out)
    assert "database is down" in session.info.error and len(session.store) > 0


def test_a_failing_workload_exits_1_with_its_message(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        out = tmp_path / "busy.loopscope"
        proc = run("record", "tcp-echo", "--param", f"port={port}", "-o", str(out))
    assert proc.returncode == 1, proc.stderr
    assert "cannot open a TCP port" in proc.stderr and "Traceback" not in proc.stderr
    assert "cannot open a TCP port" in tracefile.load(out).info.error


def test_a_script_with_a_syntax_error_exits_2_naming_the_line(tmp_path: Path) -> None:
    path = script(tmp_path, "typo.py", "import asyncio\n\nasync def main(:\n    pass\n")
    out = tmp_path / "typo.loopscope"
    proc = run("record", "--script", str(path), "-o", str(out))
    assert proc.returncode == 2
    assert f"{path}:3: SyntaxError" in proc.stderr
    assert not out.exists()


def test_a_script_that_never_yields_is_stopped_and_saved(tmp_path: Path) -> None:
    path = script(tmp_path, "spin.py", "async def main():\n    while True:\n        pass\n")
    out = tmp_path / "spin.loopscope"
    proc = run("record", "--script", str(path), "--duration", "0.5", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "stopped after 0.5 s (--duration)" in proc.stdout
    assert "a running step was interrupted" in proc.stdout
    assert tracefile.load(out).info.outcome.startswith("stopped")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX")
def test_ctrl_c_exits_3_and_saves_what_was_recorded(tmp_path: Path) -> None:
    out = tmp_path / "interrupted.loopscope"
    proc = subprocess.Popen(
        [*APP, "record", "timers", "--param", "forever=true",
         "--duration", "60", "--progress", "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()  # recording has begun
        assert first.startswith("recording…"), first
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 3, stderr
    assert "outcome: interrupted (Ctrl+C)" in stdout
    assert tracefile.load(out).info.outcome == "interrupted (Ctrl+C)"


def test_bad_session_files_exit_2(tmp_path: Path) -> None:
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    for command in (["export", str(png), "-o", str(tmp_path / "t.json")], ["open", str(png)]):
        proc = run(*command)
        assert proc.returncode == 2
        assert proc.stderr.strip() == ("loopscope: cannot open picture.png: this is not a "
                                       "LoopScope session: it looks like a PNG image")
    proc = run("export", str(tmp_path / "missing.loopscope"))
    assert proc.returncode == 2 and "no such file" in proc.stderr
    assert not (tmp_path / "t.json").exists()


@pytest.fixture(scope="module")
def session_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("open") / "timers.loopscope"
    proc = run("record", "timers", "--param", "tasks=2", "--param", "rounds=2", "-q",
               "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == "", proc.stderr
    return out


@needs_qt
def test_open_hands_the_checked_session_to_the_gui(session_file: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import app.views.app as gui

    seen: list[argparse.Namespace] = []
    monkeypatch.setattr(gui, "run_gui", lambda args: seen.append(args) or 0)
    assert cli.main(["open", str(session_file), "--no-settings", "--host", "qt"]) == 0
    (args,) = seen
    assert args.open_file == str(session_file.resolve())
    assert isinstance(args.session, tracefile.Session)
    assert args.session.info.workload == "timers"
    # every option the GUI reads is there, as for `loopscope` itself
    assert (args.no_settings, args.host, args.workload, args.paused) == (True, "qt", None,
                                                                          False)


@needs_qt
def test_open_starts_the_gui(session_file: Path) -> None:
    proc = run("open", str(session_file), "--no-settings", "--quit-after", "0")
    assert proc.returncode == 0, proc.stderr
    proc = run("--no-settings", "open", str(session_file), "--quit-after", "0")
    assert proc.returncode == 0, proc.stderr


def test_a_script_spawning_100000_tasks_is_recorded_with_counted_drops(tmp_path: Path) -> None:
    script = tmp_path / "many.py"
    script.write_text(
        "import asyncio\n\n"
        "async def main():\n"
        "    async def tiny(i):\n"
        "        await asyncio.sleep(0)\n"
        "        return i\n\n"
        "    assert len(await asyncio.gather(*(tiny(i) for i in range(100_000)))) == 100_000\n")
    out = tmp_path / "many.loopscope"
    proc = subprocess.run([*APP, "record", "--script", str(script),
                           "--capacity", "20000", "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    import re

    tasks = int(re.search(r"([\d,]+) tasks", proc.stdout).group(1).replace(",", ""))  # type: ignore[union-attr]
    # The 100,000 tasks, main, and the interpreter's own shutdown tasks (their number varies).
    assert 100_001 <= tasks <= 100_010 and "events dropped" in proc.stdout
    from app.trace import tracefile

    session = tracefile.load(out)
    assert session.store.dropped > 0  # counted, not a crash
    assert len(session.store.tasks) == tasks


@pytest.mark.skipif(sys.platform != "win32", reason="the proactor loop (iocp) is Windows' own")
def test_add_reader_on_the_proactor_is_a_clear_message_not_a_traceback(tmp_path: Path) -> None:
    path = script(tmp_path, "reader.py", """
        import asyncio
        import socket

        async def main():
            left, right = socket.socketpair()
            asyncio.get_running_loop().add_reader(left.fileno(), print)
    """)
    out = tmp_path / "reader.loopscope"
    proc = run("record", "--script", str(path), "--backend", "iocp", "-o", str(out))
    assert proc.returncode == 1, proc.stderr
    assert f"{path.name}, line 7: loop.add_reader() is not available on Windows' " \
           "proactor loop (IOCP)" in proc.stderr
    assert "sock_recv" in proc.stderr and "Traceback" not in proc.stderr
    assert "add_reader() is not available" in tracefile.load(out).info.error
