"""``loopscope log``: a saved session's event log as text, one line per event, in the
sentences the window's event log shows; filtered by task and event kind."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from app.cli.common import EXIT_OK, EXIT_USAGE, Progress, load_session, print_error, reason
from app.cli.i18n import tr


def _log_kinds(parser: argparse.ArgumentParser, given: list[str]) -> set[int] | None:
    """The event kinds ``--kind`` names (None: all); ``parser.error`` (exit 2) lists the valid
    ones when a name is not one."""
    from app.trace.events import Ev

    names = [name.strip() for item in given for name in item.split(",") if name.strip()]
    if not names:
        return None
    unknown = [name for name in names if name.upper() not in Ev.__members__]
    if unknown:
        parser.error(tr("unknown event kind {unknown}; the kinds are: {kinds}").format(
            unknown=", ".join(unknown), kinds=", ".join(kind.name.lower() for kind in Ev)))
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
        session = load_session(args.file, progress)
    except tracefile.TraceFileError as exc:
        print_error(reason(exc))
        return EXIT_USAGE
    store = session.store
    keep = np.ones(len(store), dtype=bool)
    if args.task is not None:
        tasks = _log_tasks(store, args.task)
        if not tasks:
            names = ", ".join(store.task_name(serial) for serial in sorted(store.tasks))
            print_error(tr("{file} has no task {task!r}; its tasks: {names}").format(
                file=args.file, task=args.task, names=names or tr("none")))
            return EXIT_USAGE
        keep &= np.isin(store.task, tasks)
    if kinds is not None:
        keep &= np.isin(store.kind, sorted(kinds))
    info = session.info
    backend = recorded_backend(store) or (PREEMPTIVE if info.mode == "preemptive"
                                          else info.backend)
    describer = Describer(store.strings, store.task_name, backend, tr=tr)
    width = min(24, max((len(store.task_name(s)) for s in store.tasks), default=1))
    # One template for every row, worded once; the cells keep their widths in any language.
    line = tr("{time} ms  unit {unit} {kind} {task}  {text}").format(
        time="{time:>11}", unit="{unit:<6}", kind="{kind:<16}", task=f"{{task:<{width}}}",
        text="{text}")
    lines: list[str] = []
    try:
        for _, row in log_rows(store, describer, np.flatnonzero(keep)):
            lines.append(line.format(time=row.time, unit=row.unit, kind=row.kind,
                                     task=row.task or "-", text=row.text))
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

