"""Section 7: start-up time (Qt offscreen).

Three cases, each in a fresh child process:

``process``
    wall time from launching ``python -m app --no-settings --quit-after 0 --screenshot FILE``
    to its exit. It includes interpreter start, imports, the window, one screenshot *and*
    shutting down. (A window closed at once never builds its plot views: they are built after
    the first paint, :mod:`app.views.plot_views`.)
``launch_paint``
    launch → first paint of the real start-up, from a fresh process
    (:mod:`bench.startup_probe`): this process reads ``time.time()`` just before starting it
    and passes that in the environment; the child reads the same wall clock when the main
    window's first paint is over, and again when the plot views built after it exist.
``first_paint``
    measured inside the child: from the top of ``measure()`` (the interpreter is already up)
    through importing the main window, the QApplication (``make_application``), the qasync
    loop, ``MainWindow(settings=None)``, ``show()``, events until the window is exposed, and
    one ``grab()`` (a painted frame).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .sections import Job, Report, Results, Table
from .stats import median

TITLE = "7. Start-up time"
KEY = "startup"
VARIANT = "offscreen"
CASES = ("process", "launch_paint", "first_paint")
TARGET_S = 1.5
ROOT = Path(__file__).resolve().parent.parent


def jobs(quick: bool) -> list[Job]:
    return [Job(KEY, case, VARIANT) for case in CASES]


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def _process() -> dict[str, Any]:
    env = _child_env()
    with tempfile.TemporaryDirectory() as tmp:
        shot = os.path.join(tmp, "shot.png")
        cmd = [sys.executable, "-m", "app", "--no-settings", "--quit-after", "0",
               "--screenshot", shot]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=60)
        elapsed = time.perf_counter() - t0
        if proc.returncode != 0:
            tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
            raise RuntimeError(f"python -m app exited {proc.returncode}: {tail}")
        size = os.path.getsize(shot) if os.path.exists(shot) else 0
    return {"value": elapsed, "seconds": elapsed, "screenshot_bytes": size}


def _launch_paint() -> dict[str, Any]:
    env = _child_env()
    env["LOOPSCOPE_BENCH_LAUNCHED"] = repr(time.time())  # read last: just before the start
    proc = subprocess.run([sys.executable, "-m", "bench.startup_probe"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise RuntimeError(f"python -m bench.startup_probe exited {proc.returncode}: {tail}")
    times = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"value": times["first_paint_s"], "seconds": times["first_paint_s"],
            "plots_s": times["plots_s"]}


def _first_paint(t0: float) -> dict[str, Any]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import asyncio

    import qasync

    from app.main import set_gui_process
    from app.views.app import make_application
    from app.views.main_window import MainWindow

    t_import = time.perf_counter()
    app = make_application()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    t_app = time.perf_counter()
    set_gui_process()  # what app.main sets around a GUI session
    window = MainWindow(settings=None)  # (the heap is frozen after the first paint)
    t_window = time.perf_counter()
    window.show()
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline:
        app.processEvents()
        handle = window.windowHandle()
        if handle is not None and handle.isExposed():
            break
    exposed = bool(window.windowHandle() and window.windowHandle().isExposed())
    pixmap = window.grab()
    t_paint = time.perf_counter()
    out = {"value": t_paint - t0, "seconds": t_paint - t0, "import_s": t_import - t0,
           "app_s": t_app - t_import, "window_s": t_window - t_app,
           "show_paint_s": t_paint - t_window, "exposed": exposed,
           "size": [pixmap.width(), pixmap.height()]}
    window.close()
    app.processEvents()
    return out


def measure(case: str, variant: str, quick: bool) -> dict[str, Any]:
    t0 = time.perf_counter()
    if case == "process":
        return _process()
    if case == "launch_paint":
        return _launch_paint()
    if case == "first_paint":
        return _first_paint(t0)
    raise ValueError(f"unknown case {case!r}")


def summarise(results: Results, quick: bool) -> Report:
    table = Table(["case", "", "rounds", "median s", "min–max s", "target"])
    report = Report(TITLE, tables=[table])
    data: dict[str, Any] = {}
    labels = {"process": "python -m app … --quit-after 0 (launch → exit)",
              "launch_paint": "python -m app: launch → first paint",
              "first_paint": "in-process: import → window painted"}
    for case in CASES:
        status = results.status(KEY, case, VARIANT)
        if status is not None:
            table.rows.append([labels[case], "", status, "", "", ""])
            data[case] = {"status": status}
            continue
        runs = results.get(KEY, case, VARIANT)
        secs = [float(r["seconds"]) for r in runs]
        med = median(secs)
        verdict = "meets" if med <= TARGET_S else "misses"
        if case == "process":
            verdict += " (the issue's measure)"
        table.rows.append([labels[case], "", str(len(runs)), f"{med:.2f}",
                           f"{min(secs):.2f}–{max(secs):.2f}",
                           f"≤ {TARGET_S} s: {verdict}"])
        data[case] = {"median_s": med, "seconds": secs}
        if case == "launch_paint":
            plots = [float(r["plots_s"]) for r in runs]
            table.rows.append(["  launch → plot views built (after the paint)", "", "",
                               f"{median(plots):.3f}", f"{min(plots):.3f}–{max(plots):.3f}",
                               ""])
            data[case]["plots_median_s"] = median(plots)
        if case == "first_paint":
            for part, label in (("import_s", "  imports (Qt, app)"),
                                ("app_s", "  QApplication + qasync loop"),
                                ("window_s", "  MainWindow()"),
                                ("show_paint_s", "  show → exposed → grab")):
                vals = [float(r[part]) for r in runs]
                table.rows.append([label, "", "", f"{median(vals):.3f}",
                                   f"{min(vals):.3f}–{max(vals):.3f}", ""])
                data[case][part] = median(vals)
            if not all(r.get("exposed") for r in runs):
                report.notes.append("the window was not reported exposed within 10 s in "
                                    "some round: grab() was taken anyway.")
    report.data = data
    report.notes.append("launch → exit includes interpreter start, the screenshot and shutdown; "
                        "the window closes at once, so the plot views (built after the first "
                        "paint) are never built. launch → first paint is the real start-up "
                        "in a fresh process (bench/startup_probe.py), timed on the wall clock "
                        "from just before this process starts it to the end of the main "
                        "window's first paint; the plot views are built after that. The "
                        "in-process time starts after the interpreter (and this benchmark's "
                        "imports) are up: a lower bound.")
    report.notes.append("QT_QPA_PLATFORM=offscreen: no window manager or GPU compositor; a "
                        "real desktop adds its own mapping time.")
    return report
