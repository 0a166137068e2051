"""Preemptive vs cooperative on the same workload: what the two recordings say."""

from __future__ import annotations

import numpy as np
import pytest

from app.model.compare import (
    busiest,
    explain,
    measure,
    running_intervals,
    turns,
    weighted_median,
)
from app.runtime.compare import run_both, run_threads
from app.runtime.preemptive.gil import gil_enabled
from app.workloads import registry
from tests.support.workloads import SMALL

HOG = {"hog_ms": 200, "hogs": 2, "tickers": 2, "tick_ms": 10}


@pytest.fixture(scope="module")
def cpu_hog_runs() -> tuple:
    return run_both(registry.get("cpu-hog"), HOG)


def test_cpu_hog_starves_timers_only_when_cooperative(cpu_hog_runs: tuple) -> None:
    cooperative, preemptive = cpu_hog_runs
    assert cooperative.error == preemptive.error == ""
    mc, mp = measure(cooperative), measure(preemptive)
    assert len(mc.lateness_ns) and len(mp.lateness_ns)
    # A 200 ms step delays every timer that falls due under it; the GIL hands over in ms.
    # (The hog burns CPU time: on a busy machine its step, and so the cooperative lateness,
    # lasts longer in wall time too; measured with two busy loops on 2 cores: cooperative
    # median 475-860 ms, threads' median 7-13 ms and worst 26-90 ms.)
    assert mc.lateness(50) >= 10 * mp.lateness(50)
    assert mp.lateness(100) < mc.lateness(50)  # no thread waited as long as a hog step
    assert mp.switches > mc.switches
    assert mc.longest_run_task == "cpu-hog" and mc.longest_run_ns >= 0.19e9
    assert mp.longest_run_ns < mc.longest_run_ns
    assert cooperative.result["hog_steps"] == preemptive.result["hog_steps"] == 2
    text = " ".join(explain(mc, mp))
    assert "cpu-hog held the loop for" in text and "With threads" in text
    assert f"{mp.switches:,} switches" in text


def test_the_turn_statistics_tell_a_long_step_from_short_slices(cpu_hog_runs: tuple) -> None:
    # Cooperatively the hog holds the loop for a whole 200 ms step (burn() counts CPU time:
    # the step lasts at least that long); the tickers' many 10 µs turns made the median turn
    # read 0.01 ms in both modes, hiding it. The hog's own turns and the turn length weighted
    # by running time show it.
    cooperative, preemptive = cpu_hog_runs
    mc, mp = measure(cooperative), measure(preemptive)
    assert busiest(mc, mp) == busiest(mp, mc) == "cpu-hog"
    assert mc.task_slices["cpu-hog"] >= 0.2e9 and mc.task_longest["cpu-hog"] >= 0.2e9
    assert mc.typical_turn_ns >= 0.2e9  # ~all running time was in the hog's two steps
    # With threads the interpreter hands the GIL to a waiting ticker every switch interval.
    assert mp.task_slices["cpu-hog"] * 4 <= mc.task_slices["cpu-hog"]
    assert mp.typical_turn_ns * 4 <= mc.typical_turn_ns
    assert mp.task_longest["cpu-hog"] >= mp.task_slices["cpu-hog"] > 0


def test_the_typical_turn_is_weighted_by_running_time() -> None:
    # Nine 1 ms turns and one of 300 ms: by count the median is 1 ms; by running time,
    # 300 of the 309 ms were spent in the long turn.
    lengths = np.array([1] * 9 + [300]) * 1_000_000
    assert weighted_median(lengths) == 300_000_000
    assert weighted_median(np.array([5, 5, 5])) == 5
    assert weighted_median(np.array([2, 2, 4])) == 4  # half of 8 reached within the 4
    assert weighted_median(np.array([3, 1, 1, 1])) == 3  # exactly half: the longer side
    assert weighted_median(np.array([], dtype=np.int64)) == 0


@pytest.mark.skipif(not gil_enabled(), reason="threads run in parallel without the GIL")
def test_thread_running_intervals_never_overlap(cpu_hog_runs: tuple) -> None:
    _, preemptive = cpu_hog_runs
    who, begin, end = running_intervals(preemptive.store)
    assert len(begin) > 10 and len(set(who.tolist())) >= 3
    assert (begin[1:] >= end[:-1]).all()  # sorted by begin: each ends before the next begins
    assert preemptive.conditions["gil"] is True


def test_same_work_gives_the_same_results_both_ways() -> None:
    cooperative, preemptive = run_both(registry.get("tcp-echo"),
                                       {"clients": 3, "messages": 4, "think_ms": 0.0})
    assert cooperative.result["echoed"] == preemptive.result["echoed"] == \
        cooperative.result["sent"] > 0
    mc, mp = measure(cooperative), measure(preemptive)
    assert mc.makespan_ns > 0 and mp.makespan_ns > 0
    assert set(mc.cpu_share) >= {"client-0", "client-1", "client-2"}
    assert all(0 <= share <= 1 for share in mp.cpu_share.values())


def test_the_switch_interval_changes_the_preemptive_slices() -> None:
    # Tickers every 1 ms keep asking for the GIL, so the hog keeps it one switch interval.
    busy = {**HOG, "tick_ms": 1}
    short = measure(run_threads(registry.get("cpu-hog"), busy, switch_interval_ms=1.0))
    long = measure(run_threads(registry.get("cpu-hog"), busy, switch_interval_ms=20.0))
    assert long.task_slices["cpu-hog"] >= 2 * short.task_slices["cpu-hog"]
    assert long.task_slices["cpu-hog"] >= 10e6  # about one 20 ms switch interval
    # What a user sees: a ticker that asks for the GIL while the hog holds it waits one
    # switch interval. (At least that: a busy machine only adds. How often a ticker finds
    # the GIL taken is the machine's business: with two busy loops on 2 cores, the hog
    # often waits for a core without the GIL: the long run's median lateness was 3 ms in
    # one of four such runs, 23 ms in the others.)
    assert long.lateness(100) >= 10e6
    assert short.lateness(50) < long.lateness(100)
    assert np.isfinite(short.typical_turn_ns)


def test_a_turn_lasts_until_another_task_runs() -> None:
    # Task 7's second interval follows its first with nobody between (the kernel took its
    # core for a moment): one turn of 0..30. Then task 8, then task 7 again.
    who = np.array([7, 7, 8, 7, 7, 7])
    begin = np.array([0, 12, 31, 40, 45, 50])
    end = np.array([10, 30, 39, 44, 49, 60])
    turn_who, lengths = turns(who, begin, end)
    assert turn_who.tolist() == [7, 8, 7]
    assert lengths.tolist() == [30, 8, 20]
    empty_who, empty_lengths = turns(who[:0], begin[:0], end[:0])
    assert len(empty_who) == len(empty_lengths) == 0


@pytest.mark.parametrize(("name", "roles"), [
    ("server-under-load", {"main", "handler-0", "handler-1", "client-0", "client-1",
                           "cpu-hog", "ticker"}),
    ("tcp-echo", {"main", "handler-0", "handler-1", "client-0", "client-1"}),
    ("stream-fanout", {"main", "pusher-0", "pusher-1", "slow-subscriber-0",
                       "fast-subscriber-1"}),
    ("timers", {"main", "sleeper-0", "sleeper-1", "sleeper-2", "wait_for",
                "wait_for-target"}),
])
def test_a_role_has_one_name_in_both_modes(name: str, roles: set[str]) -> None:
    # A server's handlers are tasks that asyncio names "Task-95" in one mode and threads the
    # sample names "handler-0" in the other: the CPU-share rows then read 0 % for the other
    # mode. Each role must be found under one name in both recordings.
    cooperative, preemptive = run_both(registry.get(name), SMALL[name])
    assert cooperative.error == preemptive.error == ""
    mc, mp = measure(cooperative), measure(preemptive)
    assert roles <= set(mc.cpu_share), sorted(mc.cpu_share)
    assert roles <= set(mp.cpu_share), sorted(mp.cpu_share)
    # The loop's own clean-up after the sample (shutdown_asyncgens...) is not recorded.
    assert not any("shutdown" in info.coro for info in cooperative.store.tasks.values())
