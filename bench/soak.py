"""Soak: the busiest workload with the window open for a while; RSS, frames, worst GUI gap.

    make soak                                   # 10 minutes measured (SOAK_SECONDS=600)
    python -m bench.soak --seconds 60 --keep-events 200000

A live run keeps a retention window of the newest events (``--keep-events``, the app's
default unless given). Memory grows while that window fills, by design, and must not grow
after: so the warm-up lasts until the window has let events go once (and at least
``--warmup`` seconds), then RSS is sampled every ``--sample`` seconds for ``--seconds``.
"Flat" means the end is within 10 % of the start. Also printed: frames drawn (bridge drains),
the worst and p99 gap of a 10 ms GUI-thread timer, events recorded, let go and dropped.
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
    from app.trace.store import KEEP_EVENTS

    parser = argparse.ArgumentParser(prog="python -m bench.soak")
    parser.add_argument("--seconds", type=float, default=600.0, help="measured time")
    parser.add_argument("--workload", default="")
    parser.add_argument("--warmup", type=float, default=10.0,
                        help="minimum warm-up (it also lasts until the window is full)")
    parser.add_argument("--max-warmup", type=float, default=1800.0)
    parser.add_argument("--keep-events", type=int, default=KEEP_EVENTS)
    parser.add_argument("--sample", type=float, default=30.0, help="RSS sample period (s)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    import qasync
    from PySide6.QtCore import QTimer

    from app.main import freeze_heap, set_gui_process
    from app.views.app import make_application
    from app.views.main_window import MainWindow
    from app.workloads import registry

    names = {w.name for w in registry.all_workloads()}
    workload = args.workload or ("server-under-load" if "server-under-load" in names
                                 else "tcp-echo")
    app = make_application([sys.argv[0]])
    loop = qasync.QEventLoop(app, already_running=True)
    asyncio.set_event_loop(loop)
    set_gui_process()  # what app.main sets around a GUI session
    window = MainWindow(settings=None, keep_events=args.keep_events)
    freeze_heap()
    window.show()
    params = {"forever": True}
    if workload == "tcp-echo":
        params.update({"clients": 50, "think_ms": 1.0})
    if not window.launch(workload, params):
        print(f"could not launch {workload}: {window.status_message.text()}", file=sys.stderr)
        return 2
    bridge = window.bridge
    gaps: list[float] = []
    last = [0.0]
    began = time.monotonic()
    marks: dict[str, float] = {}
    samples: list[tuple[float, int]] = []

    long_gaps: list[tuple[float, float]] = []  # (end, length) of gaps over 50 ms
    trims: list[float] = []  # when the retention window let events go (a costly frame)
    bridge.trimmed.connect(lambda _cut: trims.append(time.monotonic()))

    def tick() -> None:
        now = time.monotonic()
        if last[0]:
            gaps.append(now - last[0])
            if now - last[0] > 0.050:
                long_gaps.append((now, now - last[0]))
        last[0] = now

    meter = QTimer()
    meter.setInterval(10)
    meter.timeout.connect(tick)
    sampler = QTimer()
    sampler.setInterval(int(args.sample * 1000))
    sampler.timeout.connect(lambda: samples.append((time.monotonic() - marks["t0"],
                                                    rss_bytes())))
    poll = QTimer()
    poll.setInterval(1000)

    def warm_enough() -> None:
        waited = time.monotonic() - began
        full = bridge.discarded > 0
        if waited < args.warmup or (not full and waited < args.max_warmup):
            return
        poll.stop()
        marks.update(t0=time.monotonic(), warmup=waited, rss0=rss_bytes(),
                     store0=bridge.store.nbytes, frames0=bridge.frames,
                     events0=bridge.discarded + len(bridge.store), full=float(full))
        samples.append((0.0, int(marks["rss0"])))
        gaps.clear()
        trims.clear()
        meter.start()
        sampler.start()
        QTimer.singleShot(int(args.seconds * 1000), app.quit)

    poll.timeout.connect(warm_enough)
    poll.start()
    app.exec()
    meter.stop()
    sampler.stop()
    rss1, store1 = rss_bytes(), bridge.store.nbytes
    samples.append((time.monotonic() - marks.get("t0", began), rss1))
    frames = bridge.frames - int(marks.get("frames0", 0))
    held, discarded, dropped = len(bridge.store), bridge.discarded, bridge.dropped
    window.close()
    gaps.sort()
    rss0, store0 = int(marks.get("rss0", rss1)), int(marks.get("store0", store1))
    change = rss1 / rss0 - 1
    events = discarded + held - int(marks.get("events0", 0))
    mib = 2 ** 20
    print(f"soak: {workload} for {args.seconds:.0f} s, window {args.keep_events:,} events "
          f"(warm-up {marks.get('warmup', 0):.0f} s: "
          f"{'until the window was full' if marks.get('full') else 'window NOT full yet'})")
    print(f"  RSS start {rss0 / mib:.1f} MiB, end {rss1 / mib:.1f} MiB ({change * 100:+.1f} %), "
          f"min {min(r for _, r in samples) / mib:.1f}, max {max(r for _, r in samples) / mib:.1f};"
          f" event store {store0 / mib:.1f} -> {store1 / mib:.1f} MiB")
    print("  RSS samples (s: MiB): " + ", ".join(f"{t:.0f}: {r / mib:.0f}" for t, r in samples))
    print(f"  RSS flat within 10 %: {'yes' if abs(change) <= 0.10 else 'NO'}")
    print(f"  frames drawn {frames} ({frames / args.seconds:.1f}/s); events recorded "
          f"{events:,} ({events / args.seconds:,.0f}/s); held {held:,}, let go {discarded:,}, "
          f"dropped {dropped:,}")
    if gaps:
        print(f"  GUI timer gap: worst {gaps[-1] * 1000:.1f} ms, "
              f"p99 {gaps[int(len(gaps) * 0.99)] * 1000:.1f} ms")
        # A trim happens inside a frame: did the long gaps contain one?
        at_trim = sum(1 for end, length in long_gaps
                      if any(end - length <= t <= end for t in trims))
        print(f"  gaps over 50 ms: {len(long_gaps)} ({at_trim} contain one of the "
              f"{len(trims)} trims)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
