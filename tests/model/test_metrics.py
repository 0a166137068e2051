"""Run metrics, folded in batch by batch, against counts taken straight from the events."""

from __future__ import annotations

import asyncio
import time

import numpy as np

from app.model.metrics import Metrics
from app.trace.events import Ev
from app.trace.store import EventStore
from tests.support.traces import record


def recorded_store() -> EventStore:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.set_slow_step_threshold(0.02)  # type: ignore[attr-defined]

        async def yielder() -> None:
            for _ in range(20):
                await asyncio.sleep(0)

        async def hog() -> None:
            await asyncio.sleep(0.005)
            time.sleep(0.03)  # one slow step
            await asyncio.sleep(0)

        await asyncio.gather(*(yielder() for _ in range(5)), hog())

    _, events, rec = record(main)
    store = EventStore(rec.strings, rec.tasks)
    store.append([(e.seq, e.ts, int(e.kind), e.task, e.a, e.b, e.c) for e in events])
    return store


def test_metrics_match_the_events_whatever_the_batches() -> None:
    store = recorded_store()
    whole = Metrics()
    whole.extend(store, 0, len(store))
    parts = Metrics()
    rng = np.random.default_rng(7)
    start = 0
    while start < len(store):
        end = min(len(store), start + int(rng.integers(1, 40)))
        parts.extend(store, start, end)
        start = end
    parts.extend(store, 0, len(store))  # already seen: folded in once only
    for m in (whole, parts):
        kinds = store.kind
        assert m.step_ns.n == int((kinds == Ev.STEP_END).sum())
        assert m.poll_ns.n == int((kinds == Ev.POLL_END).sum())
        assert m.lag_ns.n == int((kinds == Ev.TIMER_FIRED).sum())
        # Every step began after its task became ready: one latency per step begin.
        assert m.latency_ns.n == int((kinds == Ev.STEP_BEGIN).sum())
        assert (m.step_ns.values >= 0).all() and (m.latency_ns.values >= 0).all()
        # One per SLOW_STEP event (the 30 ms step, and any step the machine made slower
        # than 20 ms), each longer than the threshold.
        assert len(m.slow) == int((kinds == Ev.SLOW_STEP).sum())
        assert all(s.duration_ns >= 0.02e9 for s in m.slow)
        site = "test_metrics.py:" + str(_line("one slow step") + 1)
        assert any(s.site.endswith(site) and s.duration_ns >= 0.03e9 for s in m.slow)
    assert np.array_equal(np.sort(whole.step_ns.values), np.sort(parts.step_ns.values))
    assert np.array_equal(np.sort(whole.latency_ns.values), np.sort(parts.latency_ns.values))
    assert whole.step_ns.values.max() >= 0.03e9
    counts, edges = Metrics.histogram(whole.step_ns.values)
    assert counts.sum() == whole.step_ns.n and len(edges) == len(counts) + 1


def _line(marker: str) -> int:
    with open(__file__, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if marker in line and "_line(" not in line:
                return number
    raise AssertionError(marker)
