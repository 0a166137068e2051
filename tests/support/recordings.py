"""Real recordings the trace tests share, and the structural check of a Chrome trace."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

from app.runtime.factory import new_loop
from app.runtime.recorder import Recorder
from app.trace.store import EventStore
from app.workloads import registry


def run_to_end(loop: Any, coro: Any) -> Any:
    """Run ``coro`` on ``loop`` as asyncio.run would end it (async generators, the default
    executor), then close the loop; the coroutine's result."""
    try:
        result = loop.run_until_complete(coro)
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()
    return result


def record_sample_run(clients: int = 4, messages: int = 30) -> EventStore:
    """A real recording: the TCP echo and timers samples together on one traced loop."""
    echo, timers = registry.get("tcp-echo"), registry.get("timers")
    recorder = Recorder()
    loop = new_loop(recorder=recorder)

    async def main() -> None:
        await asyncio.gather(
            echo.cooperative(**echo.validate({"clients": clients, "messages": messages,
                                              "think_ms": 0.2})),
            timers.cooperative(**timers.validate({"tasks": 4, "interval_ms": 1,
                                                  "rounds": 15})))

    run_to_end(loop, main())
    store = EventStore(list(recorder.strings), dict(recorder.tasks))
    store.append(recorder.drain())
    return store


def ns_of_us(us: float) -> int:
    """Trace µs (3 decimals) back to integer ns, so comparisons are exact."""
    return round(us * 1000)


def check_trace(doc: dict[str, Any]) -> dict[str, Any]:
    """The structural check (what Perfetto / chrome://tracing need); returns some counts."""
    assert isinstance(doc["traceEvents"], list) and doc["displayTimeUnit"] in ("ns", "ms")
    events = doc["traceEvents"]
    named: set[tuple[int, int]] = set()
    tracks: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    counters: list[float] = []
    for ev in events:
        ph = ev["ph"]
        assert isinstance(ev["pid"], int)
        if ph == "M":
            assert ev["name"] in ("process_name", "thread_name", "thread_sort_index")
            if ev["name"] == "thread_name":
                assert isinstance(ev["args"]["name"], str) and ev["args"]["name"]
                named.add((ev["pid"], ev["tid"]))
            continue
        assert isinstance(ev["ts"], int | float) and ev["ts"] >= 0
        assert isinstance(ev.get("name"), str)
        if ph == "C":
            assert all(isinstance(v, int | float) for v in ev["args"].values())
            counters.append(ev["ts"])
            continue
        assert ph in ("X", "i", "s", "f"), ph
        if ph == "X":
            assert ev["dur"] >= 0
        if ph == "i":
            assert ev["s"] == "t"
        tracks[(ev["pid"], ev["tid"])].append(ev)

    flows: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    n_slices = 0
    for key, evs in tracks.items():
        assert key in named, f"track {key} has no thread_name"
        stamps = [ev["ts"] for ev in evs]
        assert stamps == sorted(stamps), f"track {key} is not in time order"
        slices = sorted(((ns_of_us(e["ts"]), ns_of_us(e["ts"]) + ns_of_us(e["dur"])) for e in evs
                         if e["ph"] == "X"), key=lambda s: (s[0], -s[1]))
        n_slices += len(slices)
        stack: list[tuple[int, int]] = []
        for start, end in slices:
            while stack and stack[-1][1] <= start:
                stack.pop()
            assert not stack or end <= stack[-1][1], \
                f"track {key}: slice {start}-{end} overlaps {stack[-1]} partially"
            stack.append((start, end))
        # the same in float µs, as viewers that add ts + dur in floating point see it
        floats = sorted(((e["ts"], e["ts"] + e["dur"]) for e in evs if e["ph"] == "X"),
                        key=lambda s: (s[0], -s[1]))
        fstack: list[tuple[float, float]] = []
        for start_f, end_f in floats:
            while fstack and fstack[-1][1] <= start_f:
                fstack.pop()
            assert not fstack or end_f <= fstack[-1][1], \
                f"track {key}: slice {start_f}-{end_f} overlaps {fstack[-1]} in float µs"
            fstack.append((start_f, end_f))
        for ev in evs:
            if ev["ph"] in ("s", "f"):
                assert ev["ph"] not in flows[ev["id"]], f"flow {ev['id']} has two {ev['ph']}"
                flows[ev["id"]][ev["ph"]] = ev
                t = ns_of_us(ev["ts"])
                # bound: strictly inside a slice of its own track (Perfetto binds a flow event
                # to the slice open at its timestamp; "f" with bp "e" to the enclosing one)
                assert any(s < t < e for s, e in slices), \
                    f"flow {ev['id']} {ev['ph']} at {t} is in no slice of track {key}"
    for fid, ends in flows.items():
        assert set(ends) == {"s", "f"}, f"flow {fid} lacks an end: {set(ends)}"
        s, f = ends["s"], ends["f"]
        assert f["bp"] == "e" and (s["name"], s["cat"]) == (f["name"], f["cat"])
        assert s["ts"] <= f["ts"]
    assert counters == sorted(counters)
    return {"flows": flows, "slices": n_slices, "tracks": tracks}
