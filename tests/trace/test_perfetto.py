"""Chrome trace export: parse what is written and check what Perfetto's JSON importer needs —
valid JSON, well-nested slices per track, per-track time order, every flow with both ends
bound inside a slice — on real recordings (an echo run, a preemptive run, one with drops)."""

from __future__ import annotations

import asyncio
import io
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from app.runtime.factory import new_loop
from app.runtime.preemptive.run import by_time, run_preemptive
from app.runtime.recorder import Recorder
from app.trace import perfetto
from app.trace.log import recorded_backend
from app.trace.store import EventStore
from app.trace.text import COMPLETION_BACKENDS
from app.trace.tracefile import SessionInfo
from app.workloads import registry
from tests.support.recordings import check_trace, record_sample_run


@pytest.fixture(scope="module")
def echo_store() -> EventStore:
    return record_sample_run(clients=3, messages=20)


def test_an_echo_run_exports_a_well_formed_trace(echo_store: EventStore) -> None:
    info = SessionInfo(workload="tcp-echo", backend="epoll")
    doc = perfetto.build(echo_store, info)
    found = check_trace(doc)
    flows = found["flows"]
    events = doc["traceEvents"]
    names = {e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    process = next(e for e in events if e.get("name") == "process_name")
    assert "tcp-echo" in process["args"]["name"]
    assert any(n.startswith("event loop") for n in names)
    # a track per task, named by the task, with its steps named by it too
    for serial in echo_store.tasks:  # as the app names it ("handle · Task-8")
        assert f"{echo_store.task_name(serial)} #{serial}" in names
    steps = [e for e in events if e["ph"] == "X" and e["cat"] == "step"]
    assert steps and all(e["tid"] >= perfetto.TASK_TID_BASE for e in steps)
    assert {echo_store.task_name(e["tid"] - perfetto.TASK_TID_BASE) for e in steps} == \
        {e["name"] for e in steps}
    # waits annotated: "waiting: fd-read N", "waiting: timer", each step says what came next
    # (on IOCP a stream's reader waits for "stream-read N": the recording's own words)
    waits = Counter(e["name"].split(" ")[1] for e in events
                    if e["ph"] == "X" and e["cat"] == "wait")
    io_wait = "stream-read" if recorded_backend(echo_store) in COMPLETION_BACKENDS \
        else "fd-read"
    assert waits["timer"] and waits[io_wait], waits
    assert all("then" in e["args"] for e in steps)
    # polls on the loop track, with what they returned
    if sys.platform.startswith("linux"):
        polls = [e for e in events if e["ph"] == "X" and e["name"] == "epoll_wait"]
        assert polls and all(e["tid"] == perfetto.LOOP_TID for e in polls)
        assert any(e["args"]["events"] > 0 and e["args"]["blocked_ms"] > 0 for e in polls)
    kinds = Counter(e["cat"] for e in events if e["ph"] == "i")
    assert kinds["fd"] and kinds["timer"] and kinds["exit"]
    # arrows from fd events, timers and tasks to what they woke
    causes = Counter(ends["s"]["name"] for ends in flows.values())
    assert causes["fd"] and causes["timer"] and causes["task"], causes
    woken_steps = {(ends["f"]["tid"]) for ends in flows.values()}
    assert any(tid >= perfetto.TASK_TID_BASE for tid in woken_steps)
    # the ready-queue counter
    counter = [e for e in events if e["ph"] == "C"]
    assert counter and {"tasks", "callbacks"} <= set(counter[0]["args"])
    assert max(e["args"]["tasks"] for e in counter) >= 1
    assert doc["otherData"]["workload"] == "tcp-echo"


def test_export_writes_a_file_with_progress_and_can_be_cancelled(echo_store: EventStore,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "trace.json"
    seen: list[tuple[int, int]] = []
    stats = perfetto.export(echo_store, out, progress=lambda d, t: seen.append((d, t)))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert stats.events == len(doc["traceEvents"])
    assert stats.flows == sum(1 for e in doc["traceEvents"] if e["ph"] == "s")
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)
    with pytest.raises(perfetto.ExportCancelled):
        perfetto.export(echo_store, tmp_path / "cancelled.json", cancelled=lambda: True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trace.json"]
    with pytest.raises(perfetto.ExportError, match="cannot write"):
        perfetto.export(echo_store, tmp_path / "no" / "such" / "dir.json")
    buf = io.StringIO()
    perfetto.export(echo_store, buf)
    assert json.loads(buf.getvalue()) == doc


def test_a_preemptive_recording_exports_threads_as_tracks() -> None:
    recorder = Recorder()
    run_preemptive(registry.get("producer-consumer"),
                   {"producers": 2, "consumers": 2, "items": 10, "maxsize": 2, "produce_ms": 0,
                    "consume_ms": 1}, recorder)
    store = EventStore(list(recorder.strings), dict(recorder.tasks))
    store.append(by_time(recorder.drain()))
    doc = perfetto.build(store, SessionInfo(workload="producer-consumer", mode="preemptive"))
    found = check_trace(doc)
    process = next(e for e in doc["traceEvents"] if e.get("name") == "process_name")
    assert "preemptive" in process["args"]["name"]
    steps = [e for e in doc["traceEvents"] if e["ph"] == "X" and e["cat"] == "step"]
    assert len({e["tid"] for e in steps}) >= 4
    assert found["flows"], "queue hand-offs between threads are drawn as arrows"
    # Waiting for the GIL is inferred (a gap in a thread's work), and its slice says so.
    ready = [e for e in doc["traceEvents"] if e["ph"] == "X" and e["cat"] == "ready"]
    assert ready
    for e in ready:
        inferred = e["args"]["woken by"] == "preempted (inferred)"
        assert (e["name"] == "ready (waiting for the GIL, inferred)") == inferred, e


def test_a_recording_with_lost_events_still_exports_a_valid_trace() -> None:
    recorder = Recorder(capacity=64)  # far too small: most events are dropped
    loop = new_loop(recorder=recorder)
    store = EventStore(recorder.strings, recorder.tasks)

    async def churn() -> None:
        async def one(i: int) -> None:
            for _ in range(3):
                await asyncio.sleep(0.0005 * (i % 3))
        for _ in range(20):
            await asyncio.gather(*(one(i) for i in range(30)))
            store.append(recorder.drain())

    try:
        loop.run_until_complete(churn())
    finally:
        loop.close()
    store.append(recorder.drain())
    assert store.dropped > 0
    check_trace(perfetto.build(store))


def test_an_empty_store_exports_an_empty_trace() -> None:
    doc = perfetto.build(EventStore())
    check_trace(doc)
    assert [e["ph"] for e in doc["traceEvents"]] == ["M"]


def test_the_trace_loads_in_perfettos_trace_processor(echo_store: EventStore,
                                                      tmp_path: Path) -> None:
    """Perfetto's own importer, when it can run here (its Python package downloads the
    trace_processor binary on first use, which needs the internet)."""
    tp_module = pytest.importorskip("perfetto.trace_processor",
                                    reason="the perfetto package is not installed")
    out = tmp_path / "echo.json"
    stats = perfetto.export(echo_store, out)
    try:
        tp = tp_module.TraceProcessor(trace=str(out))
    except Exception as exc:  # no binary and no network: nothing to check against
        pytest.skip(f"trace_processor is not available: {type(exc).__name__}: {exc}")
    try:
        slices = tp.query("select count(*) as n from slice").as_pandas_dataframe()
        flows = tp.query("select count(*) as n from flow").as_pandas_dataframe()
        errors = tp.query("select name, value from stats where severity in ('error', 'data_loss')"
                          " and value > 0").as_pandas_dataframe()
    finally:
        tp.close()
    assert errors.empty, errors
    assert int(slices["n"][0]) == stats.slices + stats.instants
    assert int(flows["n"][0]) == stats.flows
