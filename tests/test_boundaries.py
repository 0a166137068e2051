"""Shape of the code: the core and the workloads never import Qt; backends are validated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.runtime import backends
from app.runtime.factory import new_loop
from app.runtime.loop import check_stock_sources

ROOT = Path(__file__).resolve().parents[1]


def test_core_and_workloads_import_no_qt() -> None:
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for package in ("app/trace", "app/model", "app/runtime", "app/workloads")
        for p in (ROOT / package).rglob("*.py")
        if p.name != "iocp.py"  # Windows only; imports _overlapped
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'qasync', 'pyqtgraph'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "app.runtime.loop" in modules


def test_the_copied_run_once_still_matches_this_cpython() -> None:
    assert check_stock_sources() == [], (
        "CPython's _run_once/_process_events changed: port the change into app/runtime/loop.py "
        "and add the new digest to STOCK_SOURCE_DIGESTS")


def test_unknown_or_unavailable_backend_names_the_available_ones() -> None:
    with pytest.raises(ValueError, match="unknown backend 'bogus'.*" +
                       ", ".join(backends.available())):
        new_loop("bogus")
    missing = "iocp" if sys.platform != "win32" else "epoll"
    with pytest.raises(ValueError, match=f"'{missing}' is not available"):
        new_loop(missing)


@pytest.mark.parametrize("backend", backends.available())
def test_every_available_backend_runs_a_loop(backend: str) -> None:
    import asyncio

    loop = new_loop(backend)
    try:
        assert loop.backend_name == backend
        assert loop.run_until_complete(asyncio.sleep(0, result=backend)) == backend
    finally:
        loop.close()
