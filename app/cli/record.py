"""``loopscope record``: a sample workload (as asyncio tasks on the traced loop, or the same
work on OS threads) or the user's own script, recorded without a window and saved."""

from __future__ import annotations

import argparse
import sys
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from app.cli.common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    Progress,
    check_output,
    print_error,
    reason,
    sigint_ignored,
)
from app.cli.i18n import tr
from app.cli.parsers import SCRIPT_DURATION
from app.trace.text import QT_TR_NOOP, Sentence

DRAIN_S = 0.05


def check_record_args(args: argparse.Namespace) -> None:
    """Checks argparse cannot express; ``rec.error`` exits 2 with the usage line."""
    from app.runtime.factory import resolve_backend

    rec: argparse.ArgumentParser = args.subparser
    if args.script and args.workload:
        rec.error(tr("give a WORKLOAD or --script FILE, not both"))
    if not args.script and not args.workload:
        rec.error(tr("give a WORKLOAD to record, or --script FILE"))
    try:
        args.backend = resolve_backend(args.backend)
    except ValueError as exc:
        rec.error(reason(exc))
    if args.duration is not None and not args.duration > 0:
        rec.error(tr("--duration must be > 0 seconds"))
    if args.capacity < 16:
        rec.error(tr("--capacity must be at least {least} events").format(least=16))
    params: dict[str, str] = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            rec.error(tr("--param expects K=V, got {item!r}").format(item=item))
        params[key] = value
    args.params = params
    if args.script:
        if params:
            rec.error(tr("--param applies to sample workloads, not to --script"))
        if args.mode != "cooperative":
            rec.error(tr("a script runs on the traced loop: --mode preemptive is for samples"))
    else:
        from app.workloads import registry

        try:
            workload = registry.get(args.workload)
            args.values = workload.validate(params)
        except (KeyError, ValueError) as exc:
            rec.error(reason(exc))
        if args.mode == "preemptive" and workload.preemptive is None:
            rec.error(tr("{workload} has no preemptive version").format(workload=args.workload))
        if args.values.get("forever") and args.duration is None:
            rec.error(tr("forever=true runs until stopped: give --duration SECONDS"))
        if args.mode == "preemptive":
            from app.runtime.preemptive.switch_interval import SWITCH_INTERVAL

            try:
                SWITCH_INTERVAL.parse(args.switch_interval)
            except ValueError as exc:
                rec.error(tr("--switch-interval: {reason}").format(reason=reason(exc)))
    args.output_path = check_output(rec, args.output)



class _Recording:
    """What a recording run produced, whichever way it ran."""

    def __init__(self) -> None:
        self.outcome = "ok"  # ok | failed | stopped | interrupted
        #: For the summary and the session's ``outcome`` ("stopped after 5 s (--duration)"):
        #: the file keeps the English (``str``), the summary speaks the chosen language.
        self.note: Sentence | None = None
        self.error = ""  # traceback / message of a failure, as the session file keeps it
        self.error_said = ""  # the same, in the chosen language where it has words of ours
        self.result: Any = None
        self.leftovers: list[str] = []


def _wait_loop(done: Any, drain: Any, progress: Progress, deadline: float | None,
               t0: float, count: Any) -> str:
    """Drain the recorder until ``done()``, the deadline or Ctrl+C: returns why it ended."""
    try:
        while True:
            drain()
            if done():
                return "done"
            now = time.monotonic()
            if deadline is not None and now >= deadline:
                return "deadline"
            if deadline is not None:
                progress.show(tr("recording… {elapsed:.1f} of {limit:g} s, {events:,} events")
                              .format(elapsed=now - t0, limit=deadline - t0, events=count()))
            else:
                progress.show(tr("recording… {elapsed:.1f} s, {events:,} events").format(
                    elapsed=now - t0, events=count()))
            time.sleep(DRAIN_S)
    except KeyboardInterrupt:
        return "interrupted"


def _record_cooperative(args: argparse.Namespace, progress: Progress) -> tuple[Any, _Recording]:
    from app.runtime.engine import Engine
    from app.trace.store import EventStore
    from app.workloads import registry

    engine = Engine(args.backend, capacity=args.capacity)
    recorder = engine.recorder
    store = EventStore.for_recorder(recorder)
    run = _Recording()
    engine.start()
    launch = engine.launch(registry.get(args.workload), args.values)
    t0 = time.monotonic()
    deadline = t0 + args.duration if args.duration is not None else None
    why = _wait_loop(launch.result.done, lambda: store.append(recorder.drain()), progress,
                     deadline, t0, lambda: len(store))
    with sigint_ignored():
        engine.stop()
        store.append(recorder.drain())
    run.leftovers = list(engine.leftovers)
    _settle(run, why, args.duration, launch.result)
    return store, run


def _record_preemptive(args: argparse.Namespace, progress: Progress) -> tuple[Any, _Recording]:
    from app.runtime.preemptive.cancelled import Cancelled
    from app.runtime.preemptive.run import by_time, run_preemptive
    from app.runtime.recorder import Recorder
    from app.trace.events import Record
    from app.trace.store import EventStore
    from app.workloads import registry

    recorder = Recorder(args.capacity)
    records: list[Record] = []
    stop = threading.Event()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["result"] = run_preemptive(registry.get(args.workload), args.values,
                                               recorder, switch_interval_ms=args.switch_interval,
                                               stop=stop)
        except BaseException as exc:  # reported by the main thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="loopscope-preemptive-cli", daemon=True)
    worker.start()
    t0 = time.monotonic()
    deadline = t0 + args.duration if args.duration is not None else None
    why = _wait_loop(lambda: not worker.is_alive(), lambda: records.extend(recorder.drain()),
                     progress, deadline, t0, lambda: len(records))
    with sigint_ignored():
        stop.set()
        worker.join()
        records.extend(recorder.drain())
        store = EventStore.for_recorder(recorder)
        # Wake-ups and inferred waits carry the earlier time they describe: store in time order.
        store.append(by_time(records))
    run = _Recording()
    future: Future[Any] = Future()  # the run's outcome, in the shape _settle reads
    if "error" in outcome:
        if isinstance(outcome["error"], Cancelled):
            future.cancel()
        else:
            future.set_exception(outcome["error"])
    else:
        future.set_result(outcome.get("result"))
    _settle(run, why, args.duration, future)
    return store, run


def _settle(run: _Recording, why: str, duration: float | None, result: Any) -> None:
    """Turn how the wait ended and the run's future into the outcome."""
    if why == "interrupted":
        run.outcome, run.note = "interrupted", Sentence(QT_TR_NOOP("interrupted (Ctrl+C)"))
        return
    if why == "deadline":
        run.outcome = "stopped"
        run.note = Sentence(QT_TR_NOOP("stopped after {seconds:g} s (--duration)"),
                            seconds=duration)
        return
    if result.cancelled():
        run.outcome, run.note = "stopped", Sentence(QT_TR_NOOP("the run was cancelled"))
        return
    exc = result.exception()
    if exc is None:
        run.result = result.result()
        return
    from app.runtime.params import WorkloadError

    run.outcome = "failed"
    if isinstance(exc, WorkloadError):
        run.error, run.error_said = str(exc), reason(exc)
    else:
        from app.runtime.scripts import format_error

        run.error = run.error_said = format_error(exc)


def _record_script(args: argparse.Namespace, progress: Progress) -> tuple[Any, _Recording, str]:
    from app.runtime.engine import Engine
    from app.runtime.scripts import ScriptRun
    from app.trace.store import EventStore

    engine = Engine(args.backend, capacity=args.capacity)
    recorder = engine.recorder
    store = EventStore.for_recorder(recorder)
    script = ScriptRun(args.script, engine)
    script.start()  # ScriptError (syntax error, missing file) is the caller's to report
    duration = args.duration if args.duration is not None else SCRIPT_DURATION
    t0 = time.monotonic()
    why = _wait_loop(lambda: script.done, lambda: store.append(recorder.drain()), progress,
                     t0 + duration, t0, lambda: len(store))
    run = _Recording()
    with sigint_ignored():
        if why != "done":
            script.stop()
            script.wait(2.0)
        engine.stop()
        store.append(recorder.drain())
    run.leftovers = list(engine.leftovers)
    if why == "interrupted":
        run.outcome, run.note = "interrupted", Sentence(QT_TR_NOOP("interrupted (Ctrl+C)"))
    elif why == "deadline":
        run.outcome = "stopped"
        run.note = Sentence(
            QT_TR_NOOP("stopped after {seconds:g} s (--duration)") if args.duration is not None
            else QT_TR_NOOP("stopped after {seconds:g} s (scripts are stopped after "
                            "{seconds:g} s; give --duration)"), seconds=duration)
    elif script.outcome.status == "error":
        run.outcome, run.error = "failed", script.outcome.error
        run.error_said = run.error
    elif script.outcome.status == "stopped":
        run.outcome, run.note = "stopped", Sentence(QT_TR_NOOP("the script was stopped"))
    else:
        run.result = script.outcome.result
    return store, run, script.source



def cmd_record(args: argparse.Namespace) -> int:
    from app.runtime.engine import EngineError
    from app.runtime.scripts import ScriptError
    from app.trace import tracefile

    progress = Progress(not args.quiet and (args.progress or sys.stderr.isatty()))
    source = ""
    try:
        if args.script:
            store, run, source = _record_script(args, progress)
            name = f"script:{Path(args.script).name}"
            mode, params = "cooperative", {}
        elif args.mode == "preemptive":
            store, run = _record_preemptive(args, progress)
            name, mode, params = args.workload, "preemptive", args.values
        else:
            store, run = _record_cooperative(args, progress)
            name, mode, params = args.workload, "cooperative", args.values
    except ScriptError as exc:  # the script cannot run at all: nothing was recorded
        progress.done()
        print_error(reason(exc))
        return EXIT_USAGE
    except EngineError as exc:  # the traced loop could not start (e.g. the backend failed)
        progress.done()
        print_error(reason(exc))
        return EXIT_FAILED
    progress.done()
    store.compact()
    outcome = str(run.note) if run.note else ("failed" if run.outcome == "failed" else "ok")
    info = tracefile.SessionInfo(
        workload=name, params=params, mode=mode,
        backend="threads" if mode == "preemptive" else args.backend, host="thread",
        script=str(Path(args.script).resolve()) if args.script else "",
        outcome=outcome, error=run.error,
        extra={"script_source": source} if source and len(source) < 1 << 20 else {})
    session = tracefile.Session(store, info)
    try:
        with sigint_ignored():
            size = tracefile.save(args.output_path, session,
                                  progress=progress.fraction(tr("saving…")))
    except tracefile.TraceFileError as exc:
        progress.done()
        print_error(reason(exc))
        return EXIT_FAILED
    progress.done()
    if run.error:
        print_error(tr("{name} failed:").format(name=name) + "\n" + run.error_said)
    if not args.quiet:
        _summary(session, run, size, args.output_path)
    if run.outcome == "failed":
        return EXIT_FAILED
    if run.outcome == "interrupted":
        return EXIT_INTERRUPTED
    return EXIT_OK


def _summary(session: Any, run: _Recording, size: int, path: Path) -> None:
    info = session.info
    n = session.events
    facts = {"workload": info.workload, "backend": info.backend, "tasks": session.tasks,
             "events": n, "seconds": session.duration_ns / 1e9, "dropped": session.dropped}
    if info.mode == "cooperative":
        print(tr("recorded {workload} (cooperative, {backend}): {tasks:,} tasks, {events:,} "
                 "events over {seconds:.3f} s, {dropped:,} events dropped").format(**facts))
    else:
        print(tr("recorded {workload} (preemptive, OS threads): {tasks:,} tasks, {events:,} "
                 "events over {seconds:.3f} s, {dropped:,} events dropped").format(**facts))
    status = run.note.text(tr) if run.note else \
        tr("failed (see above)") if run.outcome == "failed" else tr("ok")
    print(tr("outcome: {status}").format(status=status))
    if run.leftovers:
        print(tr("at stop: {leftovers}").format(leftovers="; ".join(run.leftovers)))
    print(tr("saved {path} ({size:,} bytes, {per_event:.1f} bytes/event)").format(
        path=path, size=size, per_event=size / max(1, n)))
