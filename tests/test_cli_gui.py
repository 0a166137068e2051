"""The command line: bad arguments get argparse's usage message and exit code 2, at once."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.main import parse_args


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize(("args", "message"), [
    (["--backend", "bogus"], "unknown backend 'bogus'"),
    (["--backend", "iocp"], "'iocp' is not available"),
    (["--host", "gpu"], "invalid choice: 'gpu'"),
    (["--workload", "nope"], "unknown workload 'nope'"),
    (["--workload", "tcp-echo", "--param", "clients=-3"], "clients: -3 is out of range"),
    (["--workload", "tcp-echo", "--param", "clients"], "--param expects K=V"),
    (["--param", "clients=3"], "--param needs --workload NAME"),
    (["--screenshot", "x.png"], "--screenshot needs --quit-after"),
    (["--quit-after", "-1"], "--quit-after must be >= 0"),
    (["--keep-events", "1000"], "--keep-events must be at least 50,000"),
    (["--keep-events", "lots"], "invalid int value: 'lots'"),
])
def test_bad_arguments_are_refused(args: list[str], message: str) -> None:
    proc = run(*args)
    assert proc.returncode == 2
    assert proc.stderr.startswith("usage: loopscope")
    assert message in proc.stderr


def test_help_needs_no_display() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    assert "--workload NAME" in proc.stdout and "--host" in proc.stdout


def test_good_arguments_are_parsed() -> None:
    args = parse_args(["--backend", "poll", "--host", "qt", "--workload", "timers",
                       "--param", "tasks=3", "--paused"])
    assert (args.backend, args.host, args.workload, args.params, args.paused) == (
        "poll", "qt", "timers", {"tasks": "3"}, True)
    assert parse_args([]).backend is None  # the last one used, else the platform default
    assert parse_args([]).keep_events is None  # the app's default window
    assert parse_args(["--keep-events", "250000"]).keep_events == 250_000
