"""The ``loopscope`` subcommands' command lines: one parser per subcommand, the options every
command takes, and the part of ``--help`` that lists the subcommands and exit codes."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from app.cli.common import EXIT_CODES

SUBCOMMANDS = ("record", "open", "info", "log", "export")
SCRIPT_DURATION = 60.0  # s: a script that never ends is stopped (and saved) after this


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
    add_progress_options(rec)

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
    add_progress_options(ex)
    return parser


def add_progress_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--progress", action="store_true",
                   help="show progress on stderr even when it is not a terminal")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress and no summary (errors are still printed)")

