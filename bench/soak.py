"""Soak: the busiest workload with the window open for a while; RSS, frames, worst GUI gap.

    make soak                       # 10 minutes (SOAK_SECONDS=600)
    python -m bench.soak --seconds 60

Prints RSS at start and end (after a warm-up), frames drawn (bridge drains), the worst and
p99 gap of a 10 ms GUI-thread timer, events recorded and dropped. RSS "flat" means the end is
within 10 % of the start; the window keeps every event of the run in its compact store, so the
store's own bytes are reported and subtracted to show what else grew.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak")
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--workload", default="")
    parser.add_argument("--warmup", type=float, default=10.0)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    import qasync
    from PySide6.QtCore import QTimer

    from app.views.app import make_application
    from app.views.main_window import MainWindow
    from app.workloads import registry

    names = {w.name for w in registry.all_workloads()}
    workload = args.workload or ("server-under-load" if "server-under-load" in names
                                 else "tcp-echo")
    app = make_application([sys.argv[0]])
    loop = qasync.QEventLoop(app, already_running=True)
    asyncio.set_event_loop(loop)
    window = MainWindow(settings=None)
    window.show()
    params = {"forever": True}
    if workload == "tcp-echo":
        params.update({"clients": 50, "think_ms": 1.0})
    if not window.launch(workload, params):
        print(f"could not launch {workload}: {window.status_message.text()}", file=sys.stderr)
        return 2
    gaps: list[float] = []
    last = [0.0]
    marks: dict[str, float] = {}

    def tick() -> None:
        now = time.monotonic()
        if last[0]:
            gaps.append(now - last[0])
        last[0] = now

    meter = QTimer()
    meter.setInterval(10)
    meter.timeout.connect(tick)
    start_frames = [0]

    def warm() -> None:
        marks["rss0"] = rss_bytes()
        marks["store0"] = window.bridge.store.nbytes
        start_frames[0] = window.bridge.frames
        gaps.clear()
        meter.start()

    QTimer.singleShot(int(args.warmup * 1000), warm)
    QTimer.singleShot(int((args.warmup + args.seconds) * 1000), app.quit)
    app.exec()
    meter.stop()
    rss1, store1 = rss_bytes(), window.bridge.store.nbytes
    frames = window.bridge.frames - start_frames[0]
    events, dropped = len(window.bridge.store), window.bridge.dropped
    window.close()
    gaps.sort()
    rss0, store0 = marks.get("rss0", rss1), marks.get("store0", store1)
    other_growth = (rss1 - store1) / max(1, rss0 - store0) - 1
    print(f"soak: {workload} for {args.seconds:.0f} s (after {args.warmup:.0f} s warm-up)")
    print(f"  RSS start {rss0 / 2**20:.1f} MiB, end {rss1 / 2**20:.1f} MiB "
          f"({(rss1 / rss0 - 1) * 100:+.1f} %); event store {store0 / 2**20:.1f} -> "
          f"{store1 / 2**20:.1f} MiB; everything else {other_growth * 100:+.1f} %")
    print(f"  frames drawn {frames} ({frames / args.seconds:.1f}/s); events {events:,}, "
          f"dropped {dropped:,}")
    if gaps:
        print(f"  GUI timer gap: worst {gaps[-1] * 1000:.1f} ms, "
              f"p99 {gaps[int(len(gaps) * 0.99)] * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
