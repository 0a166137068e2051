"""Section 2: what recording costs — time per event, memory per event, drops.

Time: from section 1's own measurements (same rounds, same processes), for each workload

    µs per event = (median run time recording on − median run time recording off)
                   / events recorded in that run

(and the same against plain asyncio, which also charges the overrides' cost when off).

Memory: a fresh process records a mix of workloads (a sleep(0) storm, a call_soon chain, TCP
echo on 16 connections), drains the ring in GUI-sized batches and appends them to the compact
store (``app.trace.store.EventStore``) if it exists, measuring its allocated bytes per event
and its ``append`` cost. For comparison it also measures what the same events cost while they
sit in the recorder's ring as Python tuples.
"""

from __future__ import annotations

import gc
import sys
import time
from typing import Any

from . import throughput, workloads
from .harness import Marks
from .sections import Job, Report, Results, Table
from .stats import median, si
from .variants import new_loop, variants

TITLE = "2. Recording cost"
KEY = "recording"
CASE = "store"
VARIANT = "traced-on"
#: Events per drained batch appended to the store (≈ 16 ms of a storm at ~500 k events/s).
BATCH = 8192
#: Allocated bytes per stored event (target; reported, not asserted).
TARGET_BYTES = 48


def jobs(quick: bool) -> list[Job]:
    return [Job(KEY, CASE, VARIANT)]


def _ring_bytes(records: list[tuple[int, ...]]) -> float:
    """Bytes per event while records sit in the ring: the tuple, every int object only the
    records hold (small ints and enum members are shared singletons), and the deque's slot
    pointer (plus its block links: 2 pointers per 64 slots)."""
    seen: set[int] = set()
    total = 0
    for record in records:
        total += sys.getsizeof(record) + 8
        for value in record:
            if -5 <= value <= 256 or type(value) is not int:
                continue
            ident = id(value)
            if ident not in seen:
                seen.add(ident)
                total += sys.getsizeof(value)
    return total / len(records) + 16 / 64 if records else 0.0


def _measure_store(quick: bool) -> dict[str, Any]:
    loop = new_loop(VARIANT)
    recorder: Any = getattr(loop, "recorder")  # noqa: B009 - traced loops only
    scale = 2 if quick else 1
    try:
        for workload, n in ((workloads.sleep0_1000, 100_000 // scale),
                            (workloads.call_soon_chain, 50_000 // scale),
                            (workloads.tcp_streams_16, 8_000 // scale)):
            loop.run_until_complete(workload(n, Marks(None)))
    finally:
        loop.close()
    batches: list[list[Any]] = []
    while batch := recorder.drain(BATCH):
        batches.append(batch)
    events = sum(len(b) for b in batches)
    out: dict[str, Any] = {
        "events": events,
        "dropped": recorder.dropped,
        "ring_bytes_per_event": _ring_bytes([r for b in batches for r in b]),
    }
    try:
        from app.trace.store import EventStore

        store = EventStore.for_recorder(recorder)
        gc.collect()
        t0 = time.perf_counter()
        for batch in batches:
            store.append(batch)
        append_s = time.perf_counter() - t0
        stored = len(store)
        allocated = store.nbytes / stored
        used = float(store.bytes_per_event_used)
        store.compact()
        compacted = store.nbytes / stored
        out["store"] = {
            "status": "ok", "events": stored, "allocated_bytes_per_event": allocated,
            "used_bytes_per_event": used, "compacted_bytes_per_event": compacted,
            "append_ns_per_event": append_s / stored * 1e9, "batch": BATCH,
            "store_dropped": getattr(store, "dropped", None),
        }
    except Exception as exc:  # the store is being written by someone else: report, go on
        out["store"] = {"status": f"failed: {type(exc).__name__}: {exc}"}
    return out


def measure(case: str, variant: str, quick: bool) -> dict[str, Any]:
    out = _measure_store(quick)
    store = out["store"]
    out["summary"] = (f"{out['events']} events, ring {out['ring_bytes_per_event']:.0f} B/event, "
                      + (f"store {store['allocated_bytes_per_event']:.1f} B/event"
                         if store["status"] == "ok" else f"store {store['status']}"))
    return out


def _time_table(results: Results, quick: bool) -> tuple[Table, dict[str, Any]]:
    table = Table(["workload", "loop", "events/op", "ring records/op", "events/run",
                   "µs/event vs off",
                   "µs/event vs asyncio", "drain ns/event", "dropped"],
                  caption="time per recorded event (from section 1's runs)")
    data: dict[str, Any] = {}
    tkey = throughput.KEY
    pairs = [("traced-on", "traced-off")]
    if "cand-on" in variants():
        pairs.append(("cand-on", "cand-off"))
    for name, case in throughput.CASES.items():
        for on_variant, off_variant in pairs:
            label = on_variant.removesuffix("-on")
            cells = [results.get(tkey, name, v) for v in (on_variant, off_variant, "asyncio")]
            on, off, base = cells
            if not all(cells):
                status = next(s for s in (results.status(tkey, name, v)
                                          for v in (on_variant, off_variant, "asyncio"))
                              if s is not None)
                table.rows.append([case.title, label, status, "", "", "", "", "", ""])
                data.setdefault(name, {})[label] = {"status": status}
                continue
            ops = on[0]["ops"]
            events = median([median(r["events"]) for r in on])
            records = median([median(r.get("records", r["events"])) for r in on])
            t_on = median([median(results.seconds(r)) for r in on])
            t_off = median([median(results.seconds(r)) for r in off])
            t_base = median([median(results.seconds(r)) for r in base])
            drained = sum(r["drain"]["events"] for r in on)
            busy = sum(r["drain"]["busy_s"] for r in on)
            dropped = sum(r["dropped"] for r in on)
            vs_off = (t_on - t_off) / events * 1e6
            vs_base = (t_on - t_base) / events * 1e6
            drain_ns = busy / drained * 1e9 if drained else float("nan")
            table.rows.append([case.title, label, f"{events / ops:.2f}", f"{records / ops:.2f}",
                               si(events),
                               f"{vs_off:.3f}", f"{vs_base:.3f}", f"{drain_ns:.0f}",
                               str(dropped)])
            data.setdefault(name, {})[label] = {
                "ops": ops, "events_per_run": events, "events_per_op": events / ops,
                "records_per_op": records / ops,
                "us_per_event_vs_off": vs_off, "us_per_event_vs_asyncio": vs_base,
                "drain_ns_per_event": drain_ns, "dropped": dropped}
    return table, data


def _memory_table(results: Results) -> tuple[Table, dict[str, Any], list[str]]:
    table = Table(["where", "", "bytes/event", "target", "append ns/event", "events",
                   "dropped"], caption="memory per recorded event")
    runs = results.get(KEY, CASE, VARIANT)
    notes: list[str] = []
    if not runs:
        status = results.status(KEY, CASE, VARIANT) or "not run"
        table.rows.append(["ring + store", "", status, "", "", "", ""])
        return table, {"status": status}, notes
    events = median([r["events"] for r in runs])
    dropped = sum(r["dropped"] for r in runs)
    ring = median([r["ring_bytes_per_event"] for r in runs])
    table.rows.append(["recorder ring (Python tuples)", "", f"{ring:.1f}", "", "",
                       si(events), str(dropped)])
    data: dict[str, Any] = {"events": events, "dropped": dropped, "ring_bytes_per_event": ring}
    stores = [r["store"] for r in runs if r["store"].get("status") == "ok"]
    if not stores:
        status = runs[-1]["store"].get("status", "?")
        table.rows.append(["compact store (EventStore)", "", status, f"≤{TARGET_BYTES}", "",
                           "", ""])
        data["store"] = {"status": status}
        notes.append(f"compact store: {status}; its bytes/event figure is pending.")
        return table, data, notes
    allocated = median([s["allocated_bytes_per_event"] for s in stores])
    compacted = median([s["compacted_bytes_per_event"] for s in stores])
    used = median([s["used_bytes_per_event"] for s in stores])
    append_ns = median([s["append_ns_per_event"] for s in stores])
    verdict = f"≤{TARGET_BYTES} {'meets' if allocated <= TARGET_BYTES else 'misses'}"
    table.rows.append(["compact store, allocated", "", f"{allocated:.1f}", verdict,
                       f"{append_ns:.0f}", si(stores[0]["events"]), ""])
    table.rows.append(["compact store, after compact()", "", f"{compacted:.1f}", "", "", "",
                       ""])
    data["store"] = {"allocated_bytes_per_event": allocated,
                     "compacted_bytes_per_event": compacted, "used_bytes_per_event": used,
                     "append_ns_per_event": append_ns, "batch": BATCH}
    return table, data, notes


def summarise(results: Results, quick: bool) -> Report:
    time_table, time_data = _time_table(results, quick)
    memory_table, memory_data, notes = _memory_table(results)
    report = Report(TITLE, tables=[time_table, memory_table], notes=notes,
                    data={"time": time_data, "memory": memory_data})
    report.notes.append("µs/event: extra median run time over the events that run recorded; "
                        "'vs off' isolates recording, 'vs asyncio' includes the overrides.")
    report.notes.append("ring records/op: what the loop wrote for those events; the compiled "
                        "ring packs a callback's END into its BEGIN and a poll that cannot "
                        "block into one record (target for a call_soon callback: ≤ 3). "
                        "Drains unpack them into the same events.")
    report.notes.append("drain ns/event: time the 16 ms drain thread spent in "
                        "Recorder.drain_array() per event popped (GIL held).")
    report.notes.append(f"store: the events of a sleep(0) storm + call_soon chain + 16-conn "
                        f"TCP echo, appended in batches of {BATCH}; allocated bytes include "
                        "growth head-room.")
    return report
