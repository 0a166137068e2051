"""``loopscope open``, ``info`` and ``export``: a saved session checked whole, then shown in
the GUI, described, or converted to Chrome trace JSON."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    GuiRunner,
    Progress,
    check_output,
    display_width,
    load_session,
    pad,
    print_error,
    reason,
    sigint_ignored,
)
from app.cli.gui_args import parse_gui_args
from app.cli.i18n import date_text, tr
from app.model.status import host_text
from app.trace.text import outcome_words

if TYPE_CHECKING:
    from app.trace.tracefile import Session


def cmd_open(args: argparse.Namespace, run_gui: GuiRunner | None = None) -> int:
    """Check and load the file, then start the GUI on it: through ``run_gui`` (the
    composition root's, with its process-wide settings), else the plain one."""
    from app.trace import tracefile

    progress = Progress(sys.stderr.isatty())
    try:
        session = load_session(args.file, progress)
    except tracefile.TraceFileError as exc:
        print_error(reason(exc))
        return EXIT_USAGE
    gui_argv: list[str] = []
    if args.lang:
        gui_argv += ["--lang", args.lang]
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
        # (not rounded: `record` words the same value with {:.3f}, and a value rounded first
        # to µs could be worded one ms apart: 0.0544996 s is "0.054", 0.0545 is "0.055")
        "duration_s": session.duration_ns / 1e9,
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
    mode = tr("preemptive (OS threads)") if facts["mode"] == "preemptive" \
        else tr("cooperative (asyncio tasks)")
    rows = [
        (tr("workload"), f"{what} ({params})" if params else what),
        (tr("script"), facts["script"]),
        (tr("mode"), mode),
        (tr("backend"), facts["backend"]),
        (tr("host"), host_text(facts["host"], tr) if facts["host"] else ""),
        (tr("events"), f"{facts['events']:,}"),
        (tr("tasks"), f"{facts['tasks']:,}"),
        (tr("duration"), tr("{seconds:.3f} s").format(seconds=facts["duration_s"])),
        (tr("dropped"), tr("{events:,} events").format(events=facts["dropped"])),
        (tr("outcome"), outcome_words(facts["outcome"], tr)),
        ("python", f"{facts['python']} ({facts['implementation']}, {facts['platform']})"),
        (tr("recorded"), tr("{created} on {hostname}").format(
            created=date_text(facts["created"]), hostname=facts["hostname"])),
        ("loopscope", tr("{version} (session format {format})").format(
            version=facts["loopscope_version"], format=facts["format_version"])),
        (tr("size"), tr("{size:,} bytes").format(size=facts["size_bytes"])),
    ]
    width = max(display_width(key) for key, _ in rows)  # (a Chinese label: 2 columns a glyph)
    lines = [facts["file"]] + [f"  {pad(key, width)}  {value}" for key, value in rows if value]
    return "\n".join(lines)


def cmd_info(args: argparse.Namespace) -> int:
    import json

    from app.trace import tracefile

    progress = Progress(sys.stderr.isatty() and not args.json)
    try:
        session = load_session(args.file, progress)
        size = os.path.getsize(args.file)
    except tracefile.TraceFileError as exc:
        print_error(reason(exc))
        return EXIT_USAGE
    facts = session_facts(session, args.file, size)
    print(json.dumps(facts) if args.json else _info_text(facts))
    return EXIT_OK



def cmd_export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from app.trace import perfetto, tracefile

    out = args.output or str(Path(args.file).with_suffix(".json"))
    if Path(out).resolve() == Path(args.file).resolve():
        parser.error(tr("the output would overwrite the session file; give -o"))
    out_path = check_output(parser, out)
    progress = Progress(not args.quiet and (args.progress or sys.stderr.isatty()))
    try:
        session = load_session(args.file, progress)
    except tracefile.TraceFileError as exc:
        print_error(reason(exc))
        return EXIT_USAGE
    try:
        with sigint_ignored():
            stats = perfetto.export(session.store, out_path, info=session.info,
                                    progress=progress.fraction(tr("exporting…")))
    except perfetto.ExportError as exc:
        print_error(reason(exc))
        return EXIT_FAILED
    finally:
        progress.done()
    if not args.quiet:
        print(tr("wrote {path}: {events:,} trace events ({slices:,} slices, {flows:,} wake-up "
                 "arrows, {tracks:,} tracks) from {recorded:,} recorded events; open it in "
                 "ui.perfetto.dev or chrome://tracing").format(
            path=out_path, events=stats.events, slices=stats.slices, flows=stats.flows,
            tracks=stats.tracks, recorded=len(session.store)))
    return EXIT_OK

