"""Section 1: loop throughput on every variant, as ratios to plain asyncio.

Each measurement is one fresh process: it builds the loop, warms the workload up (the first
TCP run of a fresh process is 2.7–4× slower), then times ``REPEATS`` runs and reports the
median rate. Across rounds the table shows the median of those, their min–max, and the ratio
to the asyncio baseline of the same run (with the min–max of the per-round ratios: a round's
variants ran back to back, so their ratio is the least noisy number here).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from . import workloads
from .harness import Workload, run_workload
from .sections import Job, Report, Results, Table
from .stats import median, ratio_text, si, span
from .variants import BASELINE, recording, role, unavailable, variants

TITLE = "1. Loop throughput (ratios to plain asyncio, higher is better)"
KEY = "throughput"


@dataclass(frozen=True)
class Case:
    title: str
    workload: Workload
    n: int  # operations per measured run (full mode; quick runs half)
    unit: str
    kind: str  # "storm" or "tcp": which target applies
    warmups: int = 1


CASES: dict[str, Case] = {
    "call_soon_chain": Case("call_soon chain", workloads.call_soon_chain, 150_000,
                            "callbacks/s", "storm"),
    "call_soon_fanout": Case("call_soon fan-out (1,000 chains)", workloads.call_soon_fanout,
                             300_000, "callbacks/s", "storm"),
    "sleep0_2": Case("sleep(0) ping-pong, 2 tasks", workloads.sleep0_2, 150_000, "steps/s",
                     "storm"),
    "sleep0_1000": Case("sleep(0) storm, 1,000 tasks", workloads.sleep0_1000, 200_000,
                        "steps/s", "storm"),
    "queue_pingpong": Case("asyncio.Queue ping-pong", workloads.queue_pingpong, 40_000,
                           "round trips/s", "storm"),
    "tcp_streams_1": Case("TCP echo, streams, 1 conn", workloads.tcp_streams_1, 15_000,
                          "round trips/s", "tcp", warmups=2),
    "tcp_streams_16": Case("TCP echo, streams, 16 conns", workloads.tcp_streams_16, 20_000,
                           "round trips/s", "tcp", warmups=2),
    "tcp_protocols_1": Case("TCP echo, protocols, 1 conn", workloads.tcp_protocols_1, 25_000,
                            "round trips/s", "tcp", warmups=2),
    "tcp_protocols_16": Case("TCP echo, protocols, 16 conns", workloads.tcp_protocols_16,
                             40_000, "round trips/s", "tcp", warmups=2),
}

#: Targets (reported beside the results, never asserted): minimum ratio to plain asyncio.
TARGETS: dict[tuple[str, str], float] = {
    ("traced-on", "storm"): 0.70,
    ("traced-on", "tcp"): 0.90,
    ("traced-off", "storm"): 0.95,
    ("traced-off", "tcp"): 0.95,
}


def sizes(case: Case, quick: bool) -> tuple[int, int]:
    """(operations per measured run, measured runs per process)."""
    return (case.n // 2, 2) if quick else (case.n, 3)


def jobs(quick: bool) -> list[Job]:
    tcp_ok = workloads.loopback_available()
    out = []
    for name, case in CASES.items():
        for variant in variants():
            skip = unavailable(variant)
            if skip is None and case.kind == "tcp" and not tcp_ok:
                skip = "no loopback"
            out.append(Job(KEY, name, variant, skip))
    return out


def measure(case_name: str, variant: str, quick: bool) -> dict[str, Any]:
    case = CASES[case_name]
    n, repeats = sizes(case, quick)
    return run_workload(variant, case.workload, n, warmup_n=max(1, n // 4),
                        warmups=case.warmups, repeats=repeats)


def paired_ratios(results: Results, case: str, variant: str) -> list[float]:
    """Per-round ratio of ``variant`` to the baseline (rounds where both ran)."""
    mine = results.get(KEY, case, variant)
    base = results.get(KEY, case, BASELINE)
    by_round = {r["round"]: results.value(r) for r in base}
    return [results.value(r) / by_round[r["round"]] for r in mine if r["round"] in by_round]


def summarise(results: Results, quick: bool) -> Report:
    table = Table(["case", "variant", "median", "min–max", "× asyncio", "target",
                   "dropped"])
    report = Report(TITLE, tables=[table], data={"clock": results.clock})
    data = report.data
    for name, case in CASES.items():
        table.rows.append([f"{case.title} [{case.unit}]", "", "", "", "", "", ""])
        if all(results.status(KEY, name, v) == "not run" for v in variants()):
            table.rows.append(["", "(all)", "not run", "", "", "", ""])
            data[name] = {"status": "not run"}
            continue
        base_values = [results.value(r) for r in results.get(KEY, name, BASELINE)]
        base = median(base_values)
        case_data: dict[str, Any] = {"title": case.title, "unit": case.unit,
                                     "kind": case.kind, "ops": sizes(case, quick)[0]}
        for variant in variants():
            status = results.status(KEY, name, variant)
            if status is not None:
                table.rows.append(["", variant, status, "", "", "", ""])
                case_data[variant] = {"status": status}
                continue
            runs = results.get(KEY, name, variant)
            values = [results.value(r) for r in runs]
            med = median(values)
            ratio = med / base if base_values else math.nan
            pairs = paired_ratios(results, name, variant) if variant != BASELINE else []
            target = TARGETS.get((role(variant), case.kind))
            dropped = sum(r.get("dropped", 0) for r in runs) if recording(variant) else None
            verdict = ""
            if target is not None and not math.isnan(ratio):
                verdict = f"≥{target:.2f} {'meets' if ratio >= target else 'misses'}"
            table.rows.append([
                "", variant, si(med), span(values),
                "1.00× (baseline)" if variant == BASELINE
                else ratio_text(ratio, min(pairs, default=None), max(pairs, default=None)),
                verdict, "" if dropped is None else str(dropped),
            ])
            case_data[variant] = {
                "median": med, "min": min(values), "max": max(values), "rounds": len(values),
                "values": values, "ratio": ratio, "paired_ratios": pairs, "target": target,
                "meets_target": None if target is None else bool(ratio >= target),
                "dropped": dropped,
            }
        data[name] = case_data
    qt = sorted({f"{c} / {v}" for (sec, c, v), runs in results.runs.items()
                 if sec == KEY for r in runs if r.get("qt_loaded")})
    if qt:
        report.notes.append(f"WARNING: Qt was imported while measuring {', '.join(qt)}.")
    report.data["qt_loaded"] = qt
    clock = ("CPU time of the measuring process (loop + drain thread)"
             if results.clock == "cpu" else "elapsed wall-clock time")
    report.notes.append(f"rates from {clock}; median / min–max over rounds (fresh "
                        "processes); each round's value is the median of its measured runs "
                        "after warm-up.")
    report.notes.append("× asyncio: ratio of medians; in brackets the min–max of the "
                        "per-round ratios. Targets are reported, never asserted.")
    return report
