"""Every sample, both versions, with small parameters: its own result, and the waits its
trace must show (fd, timer, future, thread)."""

from __future__ import annotations

from typing import Any

import pytest

from app.model.compare import SCHEDULING_FIELDS
from app.runtime.recorder import Recorder
from app.trace.events import PREEMPTIVE, Cause, Ev, Event, Outcome, Wait
from app.trace.text import Describer
from app.workloads import registry
from tests.support.workloads import (
    NAMES,
    SMALL,
    causes,
    gil_enabled,
    overlaps,
    run_cooperative,
    run_threads,
    running_intervals,
    waits,
)

MODES = ("cooperative", "preemptive")


def run(mode: str, name: str, **extra: Any) -> tuple[Any, list[Event], Recorder]:
    params = {**SMALL[name], **extra}
    if mode == "cooperative":
        return run_cooperative(name, params)
    return run_threads(name, params)


def test_the_registry_lists_the_nine_samples_in_launcher_order() -> None:
    assert [w.name for w in registry.all_workloads()] == NAMES


# -- each sample's own result -------------------------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
def test_timers_fire_never_before_their_deadline(mode: str) -> None:
    result, events, rec = run(mode, "timers")
    assert result["sleeps"] == 3 * 3
    assert result["min_lateness_ms"] >= 0  # never early
    assert result["wait_for"] == "timed out"
    assert result["ticks"] >= 1
    assert "TIMER" in waits(events, rec)
    if mode == "cooperative":
        # The ticker is a plain call_later callback: timers fire with no task behind them.
        fired = {e.a for e in events if e.kind == Ev.TIMER_FIRED}
        callbacks = {e.a for e in events if e.kind == Ev.CALLBACK_BEGIN}
        assert fired & callbacks
    else:
        # wait_for's target thread was cancelled: woken by the cancel, it ended cancelled.
        target = next(s for s, info in rec.tasks.items() if info.name == "wait_for-target")
        assert (Ev.TASK_EXITED, Outcome.CANCELLED) in {(e.kind, e.a) for e in events
                                                       if e.task == target}
        assert Cause.CONTROL in causes(events)


@pytest.mark.parametrize("mode", MODES)
def test_tcp_echo_gets_back_every_byte_it_sent(mode: str) -> None:
    result, events, rec = run(mode, "tcp-echo")
    assert result["errors"] == []
    assert result["sent"] == result["echoed"] == 2 * 3 * 32
    assert {"FD_READ", "TIMER"} <= waits(events, rec)
    assert Cause.FD in causes(events)


@pytest.mark.parametrize("mode", MODES)
def test_udp_ping_gets_a_pong_for_every_ping(mode: str) -> None:
    result, events, rec = run(mode, "udp-ping")
    assert result["errors"] == []
    assert result["sent"] == result["received"] == 2 * 3
    assert result["lost"] == 0
    assert {"FD_READ", "TIMER"} <= waits(events, rec)


@pytest.mark.parametrize("mode", MODES)
def test_stream_fanout_delivers_every_line_in_order_under_back_pressure(mode: str) -> None:
    result, events, rec = run(mode, "stream-fanout")
    assert result["errors"] == []
    assert result["per_subscriber"] == [200, 200]
    assert result["lines_sent"] == result["lines_received"] == 400
    seen = waits(events, rec)
    assert "FD_READ" in seen
    assert "FD_WRITE" in seen  # the pusher of the slow subscriber felt back-pressure
    if mode == "cooperative":
        drains = [e for e in events if e.kind == Ev.STEP_END and e.a == Wait.FD_WRITE
                  and rec.strings[e.c] == "FlowControlMixin._drain_helper"]
        assert drains


@pytest.mark.parametrize("mode", MODES)
def test_cpu_hog_computes_every_step_and_the_tickers_are_never_early(mode: str) -> None:
    result, events, rec = run(mode, "cpu-hog")
    assert result["hog_steps"] == 2
    assert result["ticks"] >= 2
    assert result["min_lateness_ms"] >= 0
    assert "TIMER" in waits(events, rec)
    if mode == "preemptive" and gil_enabled():
        # The hog was taken off the GIL while computing: inferred from gaps in its work.
        hog = next(s for s, info in rec.tasks.items() if info.name == "cpu-hog")
        assert any(e.kind == Ev.TASK_READY and e.task == hog and e.a == Cause.PREEMPTED
                   for e in events)


@pytest.mark.parametrize("mode", MODES)
def test_producer_consumer_delivers_every_item_exactly_once(mode: str) -> None:
    result, events, rec = run(mode, "producer-consumer")
    assert result["errors"] == []
    assert result["produced"] == result["consumed"] == 20
    assert result["duplicates"] == 0
    assert result["missing"] == 0
    seen = waits(events, rec)
    assert {"FUTURE Queue.get", "FUTURE Queue.put"} <= seen  # empty, and full (maxsize 2)


@pytest.mark.parametrize("mode", MODES)
def test_every_lookup_returns_its_user_or_the_expected_error(mode: str) -> None:
    result, events, rec = run(mode, "db-user-lookup")
    assert result == {"lookups": 8, "found": 6, "invalid": 2, "wrong": 0, "errors": []}
    seen = waits(events, rec)
    if mode == "cooperative":
        # Awaiting the database = waiting for aiosqlite's worker thread, which wakes the
        # loop through call_soon_threadsafe and the self-pipe.
        assert "THREAD aiosqlite worker" in seen
        self_pipe = next(e.a for e in events if e.kind == Ev.LOOP_INFO)
        assert any(e.kind == Ev.THREAD_WAKE for e in events)
        assert any(e.kind == Ev.FD_EVENT and e.a == self_pipe for e in events)
        assert Cause.THREAD in causes(events)
    else:
        assert "CALL sqlite3 SELECT" in seen
        assert Cause.RETURNED in causes(events)
        lookups = [s for s, info in rec.tasks.items() if info.name.startswith("lookup-")]
        outcomes = [e.a for e in events if e.kind == Ev.TASK_EXITED and e.task in lookups]
        assert sorted(outcomes) == [Outcome.OK] * 6 + [Outcome.ERROR] * 2


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", ["sleep", "hash", "python"])
def test_executor_returns_every_job_result_to_its_caller(mode: str, kind: str) -> None:
    result, events, rec = run(mode, "executor", kind=kind)
    assert result["errors"] == []
    assert result["jobs"] == result["correct"] == 4
    seen = waits(events, rec)
    assert "TIMER" in seen  # the ticker
    if mode == "cooperative":
        assert "THREAD run_in_executor(blocking_job)" in seen
        assert Cause.THREAD in causes(events)
    else:
        assert "FUTURE Queue.get" in seen  # workers waiting for jobs
        if kind == "hash":
            assert "CALL hashlib.sha256" in seen


@pytest.mark.parametrize("mode", MODES)
def test_server_under_load_still_echoes_everything(mode: str) -> None:
    result, events, rec = run(mode, "server-under-load")
    assert result["errors"] == []
    assert result["sent"] == result["echoed"] == 2 * 4 * 64
    assert result["hog_steps"] >= 1
    assert {"FD_READ", "TIMER"} <= waits(events, rec)


# -- the preemptive recording as a whole ----------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_every_thread_is_a_task_that_starts_runs_and_ends(name: str) -> None:
    _, events, rec = run_threads(name, SMALL[name])
    assert events[0].kind == Ev.THREADS_INFO
    info = events[0]
    assert info.a == 5_000_000  # the switch interval: a number, worded by the Describer
    assert "switch interval 5 ms" in Describer(rec.strings, str, PREEMPTIVE).event(
        info.kind, info.task, info.a, info.b, info.c)
    spawned = {e.task for e in events if e.kind == Ev.TASK_SPAWNED}
    exited = {e.task for e in events if e.kind == Ev.TASK_EXITED}
    assert spawned and spawned == exited == set(rec.tasks)
    running_intervals(events)  # begin/end balanced for every thread
    # A wake-up is never stamped after the thread ran again.
    ready_at: dict[int, int] = {}
    for e in events:
        if e.kind == Ev.TASK_READY:
            ready_at[e.task] = e.ts
        elif e.kind == Ev.STEP_BEGIN and e.task in ready_at:
            assert ready_at.pop(e.task) <= e.ts


@pytest.mark.skipif(not gil_enabled(), reason="free-threaded: threads really run at once")
@pytest.mark.parametrize("name", ["cpu-hog", "server-under-load", "stream-fanout"])
def test_running_intervals_of_threads_never_overlap_under_the_gil(name: str) -> None:
    _, events, _ = run_threads(name, SMALL[name])
    assert overlaps(running_intervals(events)) == []


@pytest.mark.parametrize("name", NAMES)
def test_both_versions_compute_the_same_result(name: str) -> None:
    """What the work produced is the same either way (timings aside)."""
    timing = SCHEDULING_FIELDS
    coop, _, _ = run_cooperative(name, SMALL[name])
    threads, _, _ = run_threads(name, SMALL[name])
    assert {k: v for k, v in coop.items() if k not in timing} == \
        {k: v for k, v in threads.items() if k not in timing}


def test_a_tally_keeps_count_min_and_max_in_constant_memory() -> None:
    import sys
    import threading

    from app.workloads.samples.common import Tally

    tally = Tally()
    assert (len(tally), tally.max(), tally.min()) == (0, 0.0, 0.0)  # nothing yet: defaults
    size = sys.getsizeof(tally)

    def feed(offset: int) -> None:
        for i in range(20_000):
            tally.append(float(i % 100 + offset))

    threads = [threading.Thread(target=feed, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Shared by threads (as the tickers share one), nothing is lost, and it did not grow.
    assert (len(tally), tally.min(), tally.max()) == (80_000, 0.0, 102.0)
    assert sys.getsizeof(tally) == size
