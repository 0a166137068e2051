"""strace agrees: the kernel saw exactly the registrations and waits the trace recorded."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="strace is Linux-only"),
    pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed"),
]


def test_strace_counts_match_the_trace(tmp_path: Path) -> None:
    log = tmp_path / "strace.txt"
    proc = subprocess.run(
        ["strace", "-f", "-e", "trace=epoll_ctl,epoll_wait,epoll_pwait", "-o", str(log),
         sys.executable, "-m", "app.runtime.selfcheck", "echo"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0 and "ptrace" in proc.stderr:
        pytest.skip(f"ptrace is not permitted here: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr
    trace = json.loads(proc.stdout.strip().splitlines()[-1])
    assert trace["echoed_bytes"] > 0 and trace["dropped"] == 0
    fd = trace["epoll_fd"]
    calls = log.read_text().splitlines()
    ctl = {op: sum(1 for line in calls
                   if re.search(rf"epoll_ctl\({fd}, EPOLL_CTL_{op},", line))
           for op in ("ADD", "MOD", "DEL")}
    waits = sum(1 for line in calls if re.search(rf"epoll_p?wait\({fd},", line))
    assert ctl == {"ADD": trace["register"], "MOD": trace["modify"],
                   "DEL": trace["unregister"]}
    assert waits == trace["waits"]
    assert trace["register"] >= 7  # self-pipe, listener, 3 clients, 3 server-side sockets
