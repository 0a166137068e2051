"""Section 5: the traced loop on the Qt host vs qasync — TCP echo round trips.

One loopback connection (asyncio streams, server and client on the same loop) does N
round trips of a short line. The rate is round trips per second, timed inside the coroutine
(after the connection is up), on the wall clock and the process's CPU time:

``qasync``
    ``qasync.QEventLoop(app).run_until_complete(echo())`` — Qt's dispatcher is the loop;
``qt-host-off``
    :class:`app.qt.qt_host.QtHostEngine` with recording off: the traced loop ticked by a
    QSocketNotifier on its epoll fd and QTimers; ``engine.launch_coroutine`` runs the echo and
    a ``QEventLoop`` spins until ``launch.result`` is done;
``qt-host-on``
    the same with recording on, and the ring drained as the app drains it: an
    :class:`app.qt.bridge.TraceBridge` on the same (GUI) thread moves the events into the live
    store and its reducer every frame (``FRAME_MS``), on its own timer. Only the views are
    missing (no window is painted), so this is what recording costs the loop, not a frame.

Qt offscreen in a fresh child process each; the variants run back to back in every round, so
the ratios to qasync are of medians measured side by side. Targets (reported, never
asserted): Qt host ≥ 3× qasync with recording off, ≥ 1.5× with it on.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from typing import Any

from .sections import Job, Report, Results, Table
from .stats import median, si

TITLE = "5. Qt host vs qasync: TCP echo round trips"
KEY = "qt_host"
CASE = "tcp_echo_1conn"
VARIANTS = ("qasync", "qt-host-off", "qt-host-on")
#: variant -> (the JSON key of its ratio to qasync, the target ratio)
TARGETS = {"qt-host-off": ("ratio_recording_off", 3.0),
           "qt-host-on": ("ratio_recording_on", 1.5)}


def _trips(quick: bool) -> int:
    return 2000 if quick else 5000


def jobs(quick: bool) -> list[Job]:
    return [Job(KEY, CASE, v) for v in VARIANTS]


async def _echo(n: int, marks: dict[str, float]) -> int:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while line := await reader.readline():
            writer.write(line)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for _ in range(50):  # warm-up
        writer.write(b"ping\n")
        await writer.drain()
        await reader.readline()
    marks["t0"], marks["c0"] = time.perf_counter(), time.process_time()
    for _ in range(n):
        writer.write(b"ping\n")
        await writer.drain()
        await reader.readline()
    marks["t1"], marks["c1"] = time.perf_counter(), time.process_time()
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    return n


def measure(case: str, variant: str, quick: bool) -> dict[str, Any]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    n = _trips(quick)
    marks: dict[str, float] = {}
    extra: dict[str, Any] = {}
    if variant == "qasync":
        import qasync

        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(_echo(n, marks))
        finally:
            loop.close()
    elif variant in ("qt-host-off", "qt-host-on"):
        from app.qt.bridge import TraceBridge
        from app.qt.qt_host import QtHostEngine

        engine = QtHostEngine()
        engine.start()
        recording = variant == "qt-host-on"
        bridge = TraceBridge(engine)
        try:
            assert engine.loop is not None
            engine.loop.set_recording(recording)
            if recording:
                bridge.start()  # drains every frame on this thread, as in the app
            launch = engine.launch_coroutine("echo", lambda: _echo(n, marks))
            spin = QEventLoop()
            watchdog = QTimer()
            watchdog.setSingleShot(True)
            watchdog.timeout.connect(spin.quit)
            launch.result.add_done_callback(lambda _f: QTimer.singleShot(0, spin.quit))
            watchdog.start(120_000)
            if not launch.result.done():
                spin.exec()
            launch.result.result(timeout=0)  # raises what the coroutine raised (or timeout)
            bridge.stop()
            bridge.drain()  # the rest, after the timed part
            extra = {"iterations": engine.ticks, "wakeups": engine.wakeups,
                     "backend": engine.backend, "recording": recording,
                     "events": len(bridge.live_store), "drains": bridge.frames,
                     "dropped": engine.recorder.dropped}
        finally:
            engine.stop()
    else:
        raise ValueError(f"unknown variant {variant!r}")
    wall = marks["t1"] - marks["t0"]
    cpu = marks["c1"] - marks["c0"]
    return {"trips": n, "seconds": [wall], "cpu_seconds": [cpu], "value": n / wall,
            "value_cpu": n / cpu if cpu > 0 else float("inf"), **extra}


def summarise(results: Results, quick: bool) -> Report:
    table = Table(["variant", "", "round trips/s", "min–max", "ratio to qasync", "target"])
    report = Report(TITLE, tables=[table])
    data: dict[str, Any] = {}
    rates: dict[str, float] = {}
    for variant in VARIANTS:
        status = results.status(KEY, CASE, variant)
        if status is not None:
            table.rows.append([variant, "", status, "", "", ""])
            data[variant] = {"status": status}
            continue
        vals = [results.value(r) for r in results.get(KEY, CASE, variant)]
        rates[variant] = median(vals)
        data[variant] = {"rate": rates[variant], "per_round": vals}
    for variant in VARIANTS:
        if variant not in rates:
            continue
        vals = data[variant]["per_round"]
        ratio = rates[variant] / rates["qasync"] if "qasync" in rates else float("nan")
        target = ""
        if variant in TARGETS and "qasync" in rates:
            key, goal = TARGETS[variant]
            target = f"≥ {goal:g}×: " + ("meets" if ratio >= goal else "misses")
            data[key] = ratio
        table.rows.append([variant, "", si(rates[variant]), f"{si(min(vals))}–{si(max(vals))}",
                           f"{ratio:.2f}×", target])
    report.data = data
    report.notes.append(f"one loopback connection, {_trips(quick):,} round trips of a 5-byte "
                        "line after 50 warm-up ones, server and client on the same loop; "
                        f"rates on the {results.clock} clock, median over rounds; ratios are "
                        "of medians, the variants measured side by side in each round.")
    report.notes.append("qt-host-on records every event and drains it as the app does: the "
                        "bridge moves the ring into the live store and its reducer every "
                        "frame on the GUI thread (no window painted); qt-host-off records "
                        "nothing; qasync records nothing.")
    return report
