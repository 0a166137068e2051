"""The ``loopscope`` subcommands: record without a GUI, open a session, print its log, export
a trace.

::

    loopscope record WORKLOAD [--param K=V ...] [--backend B] [--mode cooperative|preemptive]
                     [--duration S] -o FILE
    loopscope record --script my_app.py [--backend B] [--duration S] -o FILE
    loopscope open FILE
    loopscope info FILE [--json]
    loopscope log FILE [--task NAME] [--kind KIND ...]
    loopscope export FILE [-o trace.json]

``app.main`` sends argument lists that start with one of :data:`SUBCOMMANDS` here; anything
else is the GUI's own command line. Heavy imports (numpy, the engine, Qt) happen only once
the arguments are valid, so usage errors are instant.

Exit codes (:data:`EXIT_CODES`, also in ``loopscope --help``): 0 done; 1 the workload or
script failed, or the file could not be written (a recording is saved whenever it can be);
2 bad arguments or a bad input file (nothing was recorded); 3 interrupted by Ctrl+C (what was
recorded so far was saved).

``loopscope open FILE`` checks the file completely first (exit 2 with the reason if it cannot
be opened), then starts the GUI through ``app.views.app.run_gui(args)`` with the usual GUI
arguments plus ``args.open_file`` (the absolute path, a str) and ``args.session`` (the
:class:`app.trace.tracefile.Session` already loaded, so the GUI need not read it again).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from app.trace.tracefile import Session

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 3
EXIT_CODES = {
    EXIT_OK: "done",
    EXIT_FAILED: "the workload or script failed (the recording was still saved), or the "
                 "output could not be written",
    EXIT_USAGE: "bad arguments, or a file that cannot be used (not a session, damaged, a "
                "script with a syntax error); nothing was recorded",
    EXIT_INTERRUPTED: "interrupted (Ctrl+C); what was recorded so far was saved",
}
#: Starts the GUI with checked arguments and returns the exit code.
GuiRunner = Callable[[argparse.Namespace], int]
SUBCOMMANDS = ("record", "open", "info", "log", "export")
SCRIPT_DURATION = 60.0  # s: a script that never ends is stopped (and saved) after this
DRAIN_S = 0.05


#: Options every command accepts, before or after its name (``loopscope --no-settings open
#: FILE`` = ``loopscope open FILE --no-settings``), with how many values each takes.
COMMON_OPTIONS = {"--no-settings": 0}


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-settings", action="store_true",
                        help="neither read nor write saved window settings (commands "
                             "without a window read none)")


def subcommand_first(argv: Sequence[str]) -> list[str] | None:
    """``[COMMON OPTIONS...] SUBCOMMAND REST`` as ``SUBCOMMAND COMMON OPTIONS... REST`` (what
    each subcommand's parser takes), or None if no subcommand follows the common options."""
    i = 0
    while i < len(argv):
        name = argv[i].split("=", 1)[0]
        if name not in COMMON_OPTIONS:
            break
        i += 1 + (COMMON_OPTIONS[name] if "=" not in argv[i] else 0)
    if i < len(argv) and argv[i] in SUBCOMMANDS:
        return [argv[i], *argv[:i], *argv[i + 1:]]
    return None


def epilog() -> str:
    """The part of ``--help`` that lists the subcommands and exit codes."""
    codes = "\n".join(f"  {code}  {text}" for code, text in EXIT_CODES.items())
    return (
        "subcommands (each has its own --help):\n"
        "  record WORKLOAD [--param K=V ...] [--mode cooperative|preemptive] [--duration S]"
        " -o FILE\n"
        "                        record a sample workload without the GUI\n"
        "  record --script my_app.py -o FILE\n"
        "                        record your own asyncio script (async def main(), or a "
        "script\n                        that calls asyncio.run) on the traced loop\n"
        "  open FILE             open a saved session in the GUI\n"
        "  info FILE [--json]    what a session holds: events, tasks, duration, drops, "
        "backend,\n                        mode, Python, workload, the LoopScope that "
        "wrote it\n"
        "  log FILE [--task NAME] [--kind KIND]\n"
        "                        the session's event log as text, one sentence per event "
        "(as\n                        the window's log says it)\n"
        "  export FILE -o trace.json\n"
        "                        convert a session to Chrome trace JSON (Perfetto, "
        "chrome://tracing)\n\n"
        f"exit codes:\n{codes}")


# -- the GUI's command line -----------------------------------------------------------------------
def build_gui_parser() -> argparse.ArgumentParser:
    """The GUI's own command line (``loopscope [options]``), also checked by ``open``."""
    from app.runtime import backends
    from app.trace.store import KEEP_EVENTS

    parser = argparse.ArgumentParser(
        prog="loopscope",
        usage="%(prog)s [options]\n       %(prog)s {record,open,info,log,export} ... "
              "(see the subcommands below)",
        description="Watch a real asyncio event loop schedule tasks on the kernel's own "
                    "event queue.",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=epilog())
    parser.add_argument("--backend", default=None,
                        help="OS event queue: auto or one of "
                             f"{', '.join(backends.available())} (default: the last one "
                             "used, else auto)")
    parser.add_argument("--host", choices=("thread", "qt"), default=None,
                        help="where the observed loop runs: its own thread (default) or "
                             "inside Qt's event loop on the GUI thread")
    parser.add_argument("--workload", metavar="NAME",
                        help="launch this sample workload at start-up")
    parser.add_argument("--param", action="append", default=[], metavar="K=V",
                        help="a parameter of --workload (repeatable)")
    parser.add_argument("--paused", action="store_true",
                        help="start paused, before the loop's first unit")
    parser.add_argument("--screenshot", metavar="FILE",
                        help="save a PNG of the window after --quit-after seconds, then quit")
    parser.add_argument("--quit-after", type=float, metavar="SECONDS",
                        help="quit after this many seconds")
    parser.add_argument("--keep-events", type=int, metavar="N", default=None,
                        help="events a live run keeps for replay before the oldest are let "
                             f"go (default {KEEP_EVENTS:,}; about 100 bytes each)")
    add_common_options(parser)
    return parser


def parse_gui_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The GUI's arguments, checked (exit 2 with the reason if they are not valid)."""
    parser = build_gui_parser()
    args = parser.parse_args(argv)
    if args.backend is not None:
        from app.runtime.factory import resolve_backend

        try:
            args.backend = resolve_backend(args.backend)
        except ValueError as exc:
            parser.error(str(exc))
    from app.trace.store import MIN_KEEP_EVENTS

    if args.keep_events is not None and args.keep_events < MIN_KEEP_EVENTS:
        parser.error(f"--keep-events must be at least {MIN_KEEP_EVENTS:,}")
    if args.quit_after is not None and args.quit_after < 0:
        parser.error("--quit-after must be >= 0 seconds")
    if args.screenshot and args.quit_after is None:
        parser.error("--screenshot needs --quit-after SECONDS (when to take it)")
    params = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            parser.error(f"--param expects K=V, got {item!r}")
        params[key] = value
    args.params = params
    if args.params and not args.workload:
        parser.error("--param needs --workload NAME")
    if args.workload:
        from app.workloads import registry

        try:
            registry.get(args.workload).validate(params)
        except KeyError as exc:
            parser.error(str(exc.args[0]))
        except ValueError as exc:
            parser.error(str(exc))
    return args


# -- arguments -------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    from app.runtime import backends

    fmt = argparse.RawDescriptionHelpFormatter
    codes = "exit codes:\n" + "\n".join(f"  {c}  {t}" for c, t in EXIT_CODES.items())
    parser = argparse.ArgumentParser(prog="loopscope", formatter_class=fmt, epilog=epilog(),
                     description="Record, open and export LoopScope sessions.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    backend_help = f"OS event queue: auto or one of {', '.join(backends.available())}"

    rec = sub.add_parser(
        "record", formatter_class=fmt, epilog=codes,
        help="record a workload or your own script without the GUI",
        description="Record a sample workload (or your own asyncio script) on the traced "
                    "loop, without a window, and save the session.",
        usage="loopscope record (WORKLOAD [--param K=V ...] | --script FILE) -o FILE "
              "[options]")
    rec.set_defaults(subparser=rec)
    add_common_options(rec)
    rec.add_argument("workload", nargs="?", metavar="WORKLOAD",
                     help="a sample workload, e.g. tcp-echo (an unknown name lists them all)")
    rec.add_argument("--script", metavar="FILE",
                     help="your own asyncio script instead of a sample: it defines async def "
                          "main(), or calls asyncio.run(...)")
    rec.add_argument("--param", action="append", default=[], metavar="K=V",
                     help="a parameter of the workload (repeatable)")
    rec.add_argument("--backend", default="auto", help=backend_help + " (default: auto)")
    rec.add_argument("--mode", choices=("cooperative", "preemptive"), default="cooperative",
                     help="asyncio tasks on the traced loop (default), or the same work on "
                          "OS threads")
    rec.add_argument("--duration", type=float, metavar="SECONDS",
                     help="stop after this long (needed for forever=true; a script is "
                          f"stopped after {SCRIPT_DURATION:g} s unless given)")
    rec.add_argument("--switch-interval", type=float, default=5.0, metavar="MS",
                     help="preemptive mode: the interpreter's thread switch interval "
                          "(default 5 ms)")
    rec.add_argument("--capacity", type=int, default=1 << 20, metavar="EVENTS",
                     help="recorder ring size; events beyond it between two drains are "
                          "dropped and counted (default 1048576)")
    rec.add_argument("-o", "--output", required=True, metavar="FILE",
                     help="the session file to write (.loopscope)")
    _progress_options(rec)

    op = sub.add_parser("open", formatter_class=fmt, epilog=codes,
                        help="open a saved session in the GUI",
                        description="Open a saved session in the LoopScope window.")
    op.set_defaults(subparser=op)
    op.add_argument("file", metavar="FILE", help="a .loopscope session file")
    op.add_argument("--backend", default=None, help=backend_help)
    op.add_argument("--host", choices=("thread", "qt"), default=None,
                    help="where the live loop runs (as for the GUI)")
    add_common_options(op)
    op.add_argument("--screenshot", metavar="PNG",
                    help="save a PNG of the window after --quit-after seconds, then quit")
    op.add_argument("--quit-after", type=float, metavar="SECONDS",
                    help="quit after this many seconds")

    inf = sub.add_parser("info", formatter_class=fmt, epilog=codes,
                         help="what a session holds, without opening the GUI",
                         description="Print what a saved session holds: its events, tasks, "
                                     "duration and dropped events, the backend and mode it "
                                     "was recorded with, the Python and LoopScope versions, "
                                     "and the workload or script. The file is read and "
                                     "checked whole.")
    inf.set_defaults(subparser=inf)
    add_common_options(inf)
    inf.add_argument("file", metavar="FILE", help="a .loopscope session file")
    inf.add_argument("--json", action="store_true",
                     help="print one JSON object instead of text")

    lg = sub.add_parser(
        "log", formatter_class=fmt, epilog=codes,
        help="the session's event log as text",
        description="Print a saved session's event log, one line per event: the time in ms "
                    "since the first event, the unit (the poll, timer or run it happened "
                    "in), the event kind, the task, and what happened, in the sentence the "
                    "window's event log shows. Filter with --task and --kind; pipe to grep "
                    "for the rest.")
    lg.set_defaults(subparser=lg)
    add_common_options(lg)
    lg.add_argument("file", metavar="FILE", help="a .loopscope session file")
    lg.add_argument("--task", metavar="NAME",
                    help="only the events of this task: its name as shown (\"cpu-hog (2)\", "
                         "\"handle_echo · Task-8\"), its recorded name, or its serial")
    lg.add_argument("--kind", action="append", default=[], metavar="KIND",
                    help="only events of this kind (e.g. step_begin; repeatable, or "
                         "comma-separated)")

    ex = sub.add_parser("export", formatter_class=fmt, epilog=codes,
                        help="convert a session to Chrome trace JSON",
                        description="Convert a session to Chrome Trace Event JSON, which "
                                    "opens in Perfetto (ui.perfetto.dev) and chrome://tracing.")
    ex.set_defaults(subparser=ex)
    add_common_options(ex)
    ex.add_argument("file", metavar="FILE", help="a .loopscope session file")
    ex.add_argument("-o", "--output", metavar="JSON",
                    help="where to write the trace (default: FILE with .json)")
    _progress_options(ex)
    return parser


def _progress_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--progress", action="store_true",
                   help="show progress on stderr even when it is not a terminal")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress and no summary (errors are still printed)")


def _check_output(parser: argparse.ArgumentParser, path: str) -> Path:
    """Refuse, before any work, an output that cannot be written."""
    out = Path(path)
    if out.is_dir():
        parser.error(f"{path} is a folder; give a file name")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        parser.error(f"cannot write {path}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        parser.error(f"cannot write {path}: no permission to write in {parent}")
    return out


def _parse_record(args: argparse.Namespace) -> None:
    """Checks argparse cannot express; ``rec.error`` exits 2 with the usage line."""
    from app.runtime.factory import resolve_backend

    rec: argparse.ArgumentParser = args.subparser
    if args.script and args.workload:
        rec.error("give a WORKLOAD or --script FILE, not both")
    if not args.script and not args.workload:
        rec.error("give a WORKLOAD to record, or --script FILE")
    try:
        args.backend = resolve_backend(args.backend)
    except ValueError as exc:
        rec.error(str(exc))
    if args.duration is not None and not args.duration > 0:
        rec.error("--duration must be > 0 seconds")
    if args.capacity < 16:
        rec.error("--capacity must be at least 16 events")
    params: dict[str, str] = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            rec.error(f"--param expects K=V, got {item!r}")
        params[key] = value
    args.params = params
    if args.script:
        if params:
            rec.error("--param applies to sample workloads, not to --script")
        if args.mode != "cooperative":
            rec.error("a script runs on the traced loop: --mode preemptive is for samples")
    else:
        from app.workloads import registry

        try:
            workload = registry.get(args.workload)
            args.values = workload.validate(params)
        except KeyError as exc:
            rec.error(str(exc.args[0]))
        except ValueError as exc:
            rec.error(str(exc))
        if args.mode == "preemptive" and workload.preemptive is None:
            rec.error(f"{args.workload} has no preemptive version")
        if args.values.get("forever") and args.duration is None:
            rec.error("forever=true runs until stopped: give --duration SECONDS")
        if args.mode == "preemptive":
            from app.runtime.preemptive.switch_interval import SWITCH_INTERVAL

            try:
                SWITCH_INTERVAL.parse(args.switch_interval)
            except ValueError as exc:
                rec.error(f"--switch-interval: {exc}")
    args.output_path = _check_output(rec, args.output)


# -- progress --------------------------------------------------------------------------------------
class Progress:
    """A one-line progress indicator on stderr: rewritten in place on a terminal, a line per
    second otherwise (only with --progress), nothing when quiet."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self._last = 0.0
        self._shown = False

    def show(self, text: str, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < (0.2 if self.tty else 1.0):
            return
        self._last = now
        if self.tty:
            self.stream.write("\r\x1b[K" + text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
        self._shown = True

    def fraction(self, label: str) -> Any:
        def report(done: int, total: int) -> None:
            pct = 100 * done / total if total else 100.0
            self.show(f"{label} {pct:5.1f} %", force=done >= total)
        return report

    def done(self) -> None:
        if self.enabled and self._shown and self.tty:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
        self._shown = False


def _err(text: str) -> None:
    print(f"loopscope: {text}", file=sys.stderr)


# -- record ----------------------------------------------------------------------------------------
class _Recording:
    """What a recording run produced, whichever way it ran."""

    def __init__(self) -> None:
        self.outcome = "ok"  # ok | failed | stopped | interrupted
        self.note = ""  # for the summary ("stopped after 5 s (--duration)")
        self.error = ""  # traceback / message of a failure
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
            limit = f" of {deadline - t0:g}" if deadline is not None else ""
            progress.show(f"recording… {now - t0:.1f}{limit} s, {count():,} events")
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
    with _sigint_ignored():
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
    with _sigint_ignored():
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
        run.outcome, run.note = "interrupted", "interrupted (Ctrl+C)"
        return
    if why == "deadline":
        run.outcome, run.note = "stopped", f"stopped after {duration:g} s (--duration)"
        return
    if result.cancelled():
        run.outcome, run.note = "stopped", "the run was cancelled"
        return
    exc = result.exception()
    if exc is None:
        run.result = result.result()
        return
    from app.runtime.params import WorkloadError

    run.outcome = "failed"
    if isinstance(exc, WorkloadError):
        run.error = str(exc)
    else:
        from app.runtime.scripts import format_error

        run.error = format_error(exc)


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
    with _sigint_ignored():
        if why != "done":
            script.stop()
            script.wait(2.0)
        engine.stop()
        store.append(recorder.drain())
    run.leftovers = list(engine.leftovers)
    if why == "interrupted":
        run.outcome, run.note = "interrupted", "interrupted (Ctrl+C)"
    elif why == "deadline":
        run.outcome = "stopped"
        run.note = f"stopped after {duration:g} s" + \
            (" (--duration)" if args.duration is not None else
             f" (scripts are stopped after {SCRIPT_DURATION:g} s; give --duration)")
    elif script.outcome.status == "error":
        run.outcome, run.error = "failed", script.outcome.error
    elif script.outcome.status == "stopped":
        run.outcome, run.note = "stopped", "the script was stopped"
    else:
        run.result = script.outcome.result
    return store, run, script.source


class _sigint_ignored:
    """Ctrl+C again while stopping and saving must not lose the recording."""

    def __enter__(self) -> None:
        self._old: Any = None
        if threading.current_thread() is threading.main_thread():
            self._old = signal.signal(signal.SIGINT, signal.SIG_IGN)

    def __exit__(self, *exc: object) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)


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
        _err(str(exc))
        return EXIT_USAGE
    except EngineError as exc:  # the traced loop could not start (e.g. the backend failed)
        progress.done()
        _err(str(exc))
        return EXIT_FAILED
    progress.done()
    store.compact()
    outcome = run.note or ("failed" if run.outcome == "failed" else "ok")
    info = tracefile.SessionInfo(
        workload=name, params=params, mode=mode,
        backend="threads" if mode == "preemptive" else args.backend, host="thread",
        script=str(Path(args.script).resolve()) if args.script else "",
        outcome=outcome, error=run.error,
        extra={"script_source": source} if source and len(source) < 1 << 20 else {})
    session = tracefile.Session(store, info)
    try:
        with _sigint_ignored():
            size = tracefile.save(args.output_path, session,
                                  progress=progress.fraction("saving…"))
    except tracefile.TraceFileError as exc:
        progress.done()
        _err(str(exc))
        return EXIT_FAILED
    progress.done()
    if run.error:
        print(f"loopscope: {name} failed:\n{run.error}", file=sys.stderr)
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
    where = info.backend if info.mode == "cooperative" else "OS threads"
    print(f"recorded {info.workload} ({info.mode}, {where}): {session.tasks:,} tasks, "
          f"{n:,} events over {session.duration_ns / 1e9:.3f} s, "
          f"{session.dropped:,} events dropped")
    status = run.note or ("failed (see above)" if run.outcome == "failed" else "ok")
    print(f"outcome: {status}")
    if run.leftovers:
        print(f"at stop: {'; '.join(run.leftovers)}")
    print(f"saved {path} ({size:,} bytes, {size / max(1, n):.1f} bytes/event)")


# -- open / export ---------------------------------------------------------------------------------
def _load(path: str, progress: Progress) -> Any:
    from app.trace import tracefile

    try:
        return tracefile.load(path, progress=progress.fraction("reading…"))
    finally:
        progress.done()


def cmd_open(args: argparse.Namespace, run_gui: GuiRunner | None = None) -> int:
    """Check and load the file, then start the GUI on it: through ``run_gui`` (the
    composition root's, with its process-wide settings), else the plain one."""
    from app.trace import tracefile

    progress = Progress(sys.stderr.isatty())
    try:
        session = _load(args.file, progress)
    except tracefile.TraceFileError as exc:
        _err(str(exc))
        return EXIT_USAGE
    gui_argv: list[str] = []
    if args.backend:
        gui_argv += ["--backend", args.backend]
    if args.host:
        gui_argv += ["--host", args.host]
    if args.no_settings:
        gui_argv.append("--no-settings")
    if args.quit_after is not None:
        gui_argv += ["--quit-after", str(args.quit_after)]
    if args.screenshot:
        gui_argv += ["--screenshot", args.screenshot]
    gui_args = parse_gui_args(gui_argv)  # the GUI's own checks and defaults (exit 2 if bad)
    # The contract with the GUI: open this file (already checked and loaded) at start-up.
    gui_args.open_file = str(Path(args.file).resolve())
    gui_args.session = session
    if run_gui is None:
        from app.views import app as gui

        run_gui = gui.run_gui
    return int(run_gui(gui_args) or 0)


def session_facts(session: Session, path: str, size: int) -> dict[str, Any]:
    """What ``loopscope info`` reports, as JSON-able values (the counts are those ``record``
    printed when it saved: the same :class:`Session` properties)."""
    info = session.info
    return {
        "file": path,
        "events": session.events,
        "tasks": session.tasks,
        "duration_s": round(session.duration_ns / 1e9, 6),
        "dropped": session.dropped,
        "backend": info.backend,
        "mode": info.mode,
        "host": info.host,
        "workload": info.workload,
        "script": info.script,
        "params": info.params,
        "outcome": info.outcome,
        "python": info.python,
        "implementation": info.implementation,
        "platform": info.platform,
        "hostname": info.hostname,
        "created": info.created,
        "loopscope_version": info.loopscope_version,
        "format_version": session.format_version,
        "size_bytes": size,
    }


def _info_text(facts: dict[str, Any]) -> str:
    params = ", ".join(f"{k}={v}" for k, v in facts["params"].items())
    what = facts["workload"] or "?"
    rows = [
        ("workload", f"{what} ({params})" if params else what),
        ("script", facts["script"]),
        ("mode", facts["mode"] + (" (OS threads)" if facts["mode"] == "preemptive" else
                                  " (asyncio tasks)")),
        ("backend", facts["backend"]),
        ("host", facts["host"]),
        ("events", f"{facts['events']:,}"),
        ("tasks", f"{facts['tasks']:,}"),
        ("duration", f"{facts['duration_s']:.3f} s"),
        ("dropped", f"{facts['dropped']:,} events"),
        ("outcome", facts["outcome"]),
        ("python", f"{facts['python']} ({facts['implementation']}, {facts['platform']})"),
        ("recorded", f"{facts['created']} on {facts['hostname']}"),
        ("loopscope", f"{facts['loopscope_version']} (session format "
                      f"{facts['format_version']})"),
        ("size", f"{facts['size_bytes']:,} bytes"),
    ]
    width = max(len(key) for key, _ in rows)
    lines = [facts["file"]] + [f"  {key:<{width}}  {value}" for key, value in rows if value]
    return "\n".join(lines)


def cmd_info(args: argparse.Namespace) -> int:
    import json

    from app.trace import tracefile

    progress = Progress(sys.stderr.isatty() and not args.json)
    try:
        session = _load(args.file, progress)
        size = os.path.getsize(args.file)
    except tracefile.TraceFileError as exc:
        _err(str(exc))
        return EXIT_USAGE
    facts = session_facts(session, args.file, size)
    print(json.dumps(facts) if args.json else _info_text(facts))
    return EXIT_OK


def _log_kinds(parser: argparse.ArgumentParser, given: list[str]) -> set[int] | None:
    """The event kinds ``--kind`` names (None: all); ``parser.error`` (exit 2) lists the valid
    ones when a name is not one."""
    from app.trace.events import Ev

    names = [name.strip() for item in given for name in item.split(",") if name.strip()]
    if not names:
        return None
    unknown = [name for name in names if name.upper() not in Ev.__members__]
    if unknown:
        parser.error(f"unknown event kind {', '.join(unknown)}; the kinds are: "
                     f"{', '.join(kind.name.lower() for kind in Ev)}")
    return {int(Ev[name.upper()]) for name in names}


def _log_tasks(store: Any, wanted: str) -> list[int]:
    """The serials of the tasks ``--task`` names: as shown or as recorded (a program may give
    two tasks one name: both), else by serial ("7" or "#7")."""
    named = [int(serial) for serial in sorted(store.tasks)
             if wanted in (store.task_name(serial), store.tasks[serial].name)]
    if named:
        return named
    serial = wanted.removeprefix("#")
    return [int(serial)] if serial.isdigit() and int(serial) in store.tasks else []


def cmd_log(args: argparse.Namespace) -> int:
    import numpy as np

    from app.trace import tracefile
    from app.trace.events import PREEMPTIVE
    from app.trace.log import log_rows, recorded_backend
    from app.trace.text import Describer

    parser: argparse.ArgumentParser = args.subparser
    kinds = _log_kinds(parser, args.kind)
    progress = Progress(sys.stderr.isatty())
    try:
        session = _load(args.file, progress)
    except tracefile.TraceFileError as exc:
        _err(str(exc))
        return EXIT_USAGE
    store = session.store
    keep = np.ones(len(store), dtype=bool)
    if args.task is not None:
        tasks = _log_tasks(store, args.task)
        if not tasks:
            names = ", ".join(store.task_name(serial) for serial in sorted(store.tasks))
            _err(f"{args.file} has no task {args.task!r}; its tasks: {names or 'none'}")
            return EXIT_USAGE
        keep &= np.isin(store.task, tasks)
    if kinds is not None:
        keep &= np.isin(store.kind, sorted(kinds))
    info = session.info
    backend = recorded_backend(store) or (PREEMPTIVE if info.mode == "preemptive"
                                          else info.backend)
    describer = Describer(store.strings, store.task_name, backend)
    width = min(24, max((len(store.task_name(s)) for s in store.tasks), default=1))
    lines: list[str] = []
    try:
        for _, row in log_rows(store, describer, np.flatnonzero(keep)):
            lines.append(f"{row.time:>11} ms  unit {row.unit:<6} {row.kind:<16} "
                         f"{row.task or '-':<{width}}  {row.text}")
            if len(lines) >= 4096:
                print("\n".join(lines))
                lines.clear()
        if lines:
            print("\n".join(lines))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``loopscope log f | head``): what it wanted was printed.
        # Python would report the failed flush at exit; send what is left nowhere instead.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return EXIT_OK


def cmd_export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from app.trace import perfetto, tracefile

    out = args.output or str(Path(args.file).with_suffix(".json"))
    if Path(out).resolve() == Path(args.file).resolve():
        parser.error("the output would overwrite the session file; give -o")
    out_path = _check_output(parser, out)
    progress = Progress(not args.quiet and (args.progress or sys.stderr.isatty()))
    try:
        session = _load(args.file, progress)
    except tracefile.TraceFileError as exc:
        _err(str(exc))
        return EXIT_USAGE
    try:
        with _sigint_ignored():
            stats = perfetto.export(session.store, out_path, info=session.info,
                                    progress=progress.fraction("exporting…"))
    except perfetto.ExportError as exc:
        _err(str(exc))
        return EXIT_FAILED
    finally:
        progress.done()
    if not args.quiet:
        print(f"wrote {out_path}: {stats.events:,} trace events ({stats.slices:,} slices, "
              f"{stats.flows:,} wake-up arrows, {stats.tracks:,} tracks) from "
              f"{len(session.store):,} recorded events; open it in ui.perfetto.dev or "
              f"chrome://tracing")
    return EXIT_OK


def main(argv: Sequence[str], run_gui: GuiRunner | None = None) -> int:
    """Run a subcommand; ``open`` starts the GUI through ``run_gui`` (given by
    :mod:`app.main`, the entry point: this module never imports it)."""
    parser = build_parser()
    args = parser.parse_args(list(argv))
    try:
        if args.command == "record":
            _parse_record(args)
            return cmd_record(args)
        if args.command == "open":
            return cmd_open(args, run_gui)
        if args.command == "info":
            return cmd_info(args)
        if args.command == "log":
            return cmd_log(args)
        return cmd_export(args, args.subparser)
    except KeyboardInterrupt:
        _err("interrupted")
        return EXIT_INTERRUPTED
