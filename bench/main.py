"""The benchmark driver: interleaved rounds of fresh processes, one report.

    python -m bench                 # full run (< 15 min on 2 cores)
    python -m bench --quick         # ~2 min: fewer rounds, half-size runs
    python -m bench --sections throughput,timers --rounds 3 --cases tcp

Every measurement is a child process (``python -m bench.run_one SECTION CASE VARIANT``) that
prints JSON. A *round* runs every job of every selected section once; inside a round the
variants of one case run back to back, in an order rotated each round, so machine noise
(another process, a thermal step) hits all variants alike and no variant always runs first.
The report gives medians over rounds with their min–max and ratios to the asyncio baseline
measured in the same run, prints targets beside results (never asserts them), and writes the
same to ``bench-results/latest.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

from .run_one import PREFIX
from .sections import CLOCKS, SECTIONS, Job, Report, Results, Section, load
from .stats import table
from .variants import CANDIDATE_ENV

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "bench-results" / "latest.json"
ROUNDS_FULL = 7
ROUNDS_QUICK = 4
JOB_TIMEOUT_S = 300


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help=f"{ROUNDS_QUICK} rounds of half-size runs (~2 minutes)")
    parser.add_argument("--rounds", type=int, default=None,
                        help=f"rounds (default {ROUNDS_FULL}, quick {ROUNDS_QUICK})")
    parser.add_argument("--sections", default="",
                        help="comma-separated section keys (default: all)")
    parser.add_argument("--cases", default="",
                        help="only cases whose name contains one of these comma-separated "
                             "words")
    parser.add_argument("--variants", default="",
                        help="comma-separated variants (the asyncio baseline is always kept)")
    parser.add_argument("--clock", choices=CLOCKS, default="cpu",
                        help="rates from the measuring process's CPU time (default: stable "
                             "when other processes share the machine) or from wall-clock "
                             "time; both are kept in the JSON")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON report path")
    parser.add_argument("--candidate", default="",
                        help="FILE.py:FUNCTION of a prototype traced-loop factory "
                             "(FUNCTION(backend, recording=...)); adds the variants "
                             "cand-off / cand-on, measured in the same rounds")
    parser.add_argument("--list", action="store_true", help="list sections and cases, exit")
    return parser.parse_args(argv)


def _select(jobs: list[Job], args: argparse.Namespace) -> list[Job]:
    cases = [c for c in args.cases.split(",") if c]
    variants = [v for v in args.variants.split(",") if v]
    if variants and "asyncio" not in variants:
        variants.append("asyncio")
    return [j for j in jobs
            if (not cases or any(c in j.case for c in cases))
            and (not variants or j.variant in variants)]


def _round_order(jobs: list[Job], round_index: int) -> list[Job]:
    """The jobs of one round: cases in order, each case's variants rotated by the round."""
    out: list[Job] = []
    for _, group in groupby(jobs, key=lambda j: (j.section, j.case)):
        runnable = [j for j in group if j.skip is None]
        if runnable:
            k = round_index % len(runnable)
            out.extend(runnable[k:] + runnable[:k])
    return out


def _run_job(job: Job, quick: bool) -> tuple[dict[str, Any] | None, str]:
    cmd = [sys.executable, "-m", "bench.run_one", job.section, job.case, job.variant]
    if quick:
        cmd.append("--quick")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=JOB_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {JOB_TIMEOUT_S} s"
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(PREFIX) and proc.returncode == 0:
            return json.loads(line[len(PREFIX):]), ""
    tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
    return None, f"exit {proc.returncode}: {tail}"


def _git() -> dict[str, Any]:
    def run(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {"commit": run("rev-parse", "HEAD"), "dirty": bool(run("status", "--porcelain"))}


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _meta(args: argparse.Namespace, rounds: int) -> dict[str, Any]:
    return {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "loadavg_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "uvloop": _version("uvloop"),
        "candidate": os.environ.get(CANDIDATE_ENV) or None,
        "git": _git(),
        "quick": args.quick,
        "rounds": rounds,
        "clock": args.clock,
        "argv": sys.argv[1:],
    }


def _eta(seconds: float) -> str:
    m, s = divmod(int(seconds + 0.5), 60)
    return f"{m}:{s:02d}"


def _render(report: Report) -> str:
    lines = [report.title, "=" * len(report.title)]
    if report.status != "ok":
        lines.append(f"  {report.status}")
    for t in report.tables:
        if t.caption:
            lines.append(f"  {t.caption}:")
        lines.append(table(t.headers, t.rows))
        lines.append("")
    for note in report.notes:
        lines.append(f"  * {note}")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    if args.candidate:
        os.environ[CANDIDATE_ENV] = args.candidate  # read by variants() here and in children
    rounds = args.rounds or (ROUNDS_QUICK if args.quick else ROUNDS_FULL)
    wanted = [k for k in args.sections.split(",") if k]
    unknown = set(wanted) - {s.key for s in SECTIONS}
    if unknown:
        print(f"unknown section(s): {', '.join(sorted(unknown))}; sections: "
              f"{', '.join(s.key for s in SECTIONS)}", file=sys.stderr)
        return 2
    selected = [s for s in SECTIONS if not wanted or s.key in wanted]

    loaded: list[tuple[Section, Any, str]] = [(s, *load(s)) for s in selected]
    if args.list:
        for section, module, status in loaded:
            print(f"{section.key:12} {section.title} — {status}")
            if module is not None:
                for case in dict.fromkeys(j.case for j in module.jobs(args.quick)):
                    print(f"{'':12}   {case}")
        return 0

    results = Results(args.clock)
    all_jobs: list[Job] = []
    for _section, module, _status in loaded:
        if module is not None:
            all_jobs.extend(_select(module.jobs(args.quick), args))
    for job in all_jobs:
        if job.skip is not None:
            results.skipped[(job.section, job.case, job.variant)] = job.skip

    meta = _meta(args, rounds)
    per_round = len(_round_order(all_jobs, 0))
    print(f"LoopScope benchmarks: {rounds} rounds × {per_round} processes"
          f"{' (quick)' if args.quick else ''}; Python {meta['python']}, "
          f"{meta['cpus']} CPUs, uvloop {meta['uvloop'] or 'not installed'}", file=sys.stderr)
    t_start = time.perf_counter()
    interrupted = False
    done = 0
    try:
        for r in range(rounds):
            for job in _round_order(all_jobs, r):
                t0 = time.perf_counter()
                data, error = _run_job(job, args.quick)
                done += 1
                elapsed = time.perf_counter() - t_start
                eta = elapsed / done * (rounds * per_round - done)
                if data is None:
                    results.errors[(job.section, job.case, job.variant)].append(error)
                    shown = f"ERROR {error}"
                else:
                    data["round"] = r
                    results.add(job, data)
                    value = data.get("value")
                    shown = data.get("summary") or (
                        f"{value:,.0f}/s wall, {data.get('value_cpu', 0):,.0f}/s cpu"
                        if isinstance(value, int | float) else "ok")
                print(f"[{r + 1}/{rounds} {_eta(elapsed)} eta {_eta(eta)}] {job.section} "
                      f"{job.case} {job.variant}: {shown} ({time.perf_counter() - t0:.1f} s)",
                      file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        interrupted = True
        print("interrupted: reporting the rounds measured so far", file=sys.stderr)

    meta["duration_s"] = round(time.perf_counter() - t_start, 1)
    meta["loadavg_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    meta["interrupted"] = interrupted
    reports: list[tuple[Section, Report]] = []
    for section, module, status in loaded:
        if module is None:
            report = Report(section.title, status=f"{status} (will measure: {section.plan})")
            if section.see and status == "not built yet":
                report.notes.append(f"meanwhile, standalone: {section.see}")
        else:
            try:
                report = module.summarise(results, args.quick)
            except Exception as exc:
                report = Report(section.title,
                                status=f"failed to summarise: {type(exc).__name__}: {exc}")
        errors = {f"{c} / {v}": msgs for (s, c, v), msgs in results.errors.items()
                  if s == section.key}
        if errors:
            report.notes.extend(f"ERROR {cell}: {msgs[-1]} ({len(msgs)}×)"
                                for cell, msgs in errors.items())
            report.data["errors"] = errors
        reports.append((section, report))

    header = (f"LoopScope benchmarks — {meta['started']}, Python {meta['python']}, "
              f"{meta['platform']}, {meta['cpus']} CPUs, {rounds} rounds"
              f"{' (quick)' if args.quick else ''}, {_eta(meta['duration_s'])} min:s"
              f"{', INTERRUPTED' if interrupted else ''}")
    if meta["candidate"]:
        header += f"\ncand-off / cand-on: the prototype loop {meta['candidate']}"
    load_avg = meta["loadavg_start"]
    if load_avg and load_avg[0] > 0.5:
        header += (f"\nnote: the machine was busy when the run started (load average "
                   f"{load_avg[0]:.2f}); ratios are paired per round, absolute rates are not "
                   f"comparable to a quiet run")
    text = "\n".join([header, ""] + [_render(rep) for _, rep in reports])
    print(text)
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"meta": meta,
               "sections": {s.key: {"title": rep.title, "status": rep.status,
                                    "tables": [{"caption": t.caption, "headers": t.headers,
                                                "rows": t.rows} for t in rep.tables],
                                    "notes": rep.notes, "data": rep.data}
                            for s, rep in reports}}
    out.write_text(json.dumps(payload, indent=1, default=str) + "\n")
    out.with_suffix(".txt").write_text(text)
    print(f"written: {out} (and {out.with_suffix('.txt').name})", file=sys.stderr)
    return 130 if interrupted else 0
