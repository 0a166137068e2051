"""The ``loopscope`` subcommands: record without a GUI, open a session, print its log, export
a trace. :func:`main` parses and dispatches; each command lives in a module of its own
(:mod:`app.cli.record`, :mod:`app.cli.sessions` for ``open``, ``info`` and ``export``,
:mod:`app.cli.log`).

::

    loopscope record WORKLOAD [--param K=V ...] [--backend B] [--mode cooperative|preemptive]
                     [--duration S] -o FILE
    loopscope record --script my_app.py [--backend B] [--duration S] -o FILE
    loopscope open FILE
    loopscope info FILE [--json]
    loopscope log FILE [--task NAME] [--kind KIND ...]
    loopscope export FILE [-o trace.json]

``app.main`` sends argument lists that start with one of
:data:`app.cli.parsers.SUBCOMMANDS` (:func:`app.cli.parsers.subcommand_first` finds them);
anything else is the GUI's own command line (:mod:`app.cli.gui_args`). The language is chosen
before any parser is built (:mod:`app.cli.i18n`: ``--lang``, else the system's), so that
``--help`` and the errors speak it; heavy imports (numpy, the engine, Qt's widgets) happen only
once the arguments are valid, so usage errors are instant.

Exit codes (:data:`app.cli.common.EXIT_CODES`, also in ``loopscope --help``): 0 done; 1 the
workload or script failed, or the file could not be written (a recording is saved whenever it
can be); 2 bad arguments or a bad input file (nothing was recorded); 3 interrupted by Ctrl+C
(what was recorded so far was saved).

``loopscope open FILE`` checks the file completely first (exit 2 with the reason if it cannot
be opened), then starts the GUI through ``app.views.app.run_gui(args)`` with the usual GUI
arguments plus ``args.open_file`` (the absolute path, a str) and ``args.session`` (the
:class:`app.trace.tracefile.Session` already loaded, so the GUI need not read it again).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence

from app.cli.common import EXIT_INTERRUPTED, GuiRunner, print_error
from app.cli.i18n import apply_from_argv, tr
from app.cli.log import cmd_log
from app.cli.parsers import build_parser
from app.cli.record import check_record_args, cmd_record
from app.cli.sessions import cmd_export, cmd_info, cmd_open


def utf8_when_redirected() -> None:
    """Facts: on Windows, Python writes to a pipe or a file in the ANSI code page (cp1252 on
    most Western systems; a console gets UTF-16 instead), which has no "→" or "…": printing
    the log's sentences there raised UnicodeEncodeError. So a redirected stdout or stderr
    writes UTF-8 on Windows, as on Linux and macOS (and as Python's UTF-8 mode, the default
    from 3.15 on, PEP 686, does)."""
    if sys.platform != "win32":
        return
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not stream.isatty() and \
                stream.encoding.lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8")


def main(argv: Sequence[str], run_gui: GuiRunner | None = None) -> int:
    """Run a subcommand; ``open`` starts the GUI through ``run_gui`` (given by
    :mod:`app.main`, the entry point: this module never imports it)."""
    utf8_when_redirected()
    apply_from_argv(argv)  # before the parser: its --help speaks the language chosen
    parser = build_parser()
    args = parser.parse_args(list(argv))
    try:
        if args.command == "record":
            check_record_args(args)
            return cmd_record(args)
        if args.command == "open":
            return cmd_open(args, run_gui)
        if args.command == "info":
            return cmd_info(args)
        if args.command == "log":
            return cmd_log(args)
        return cmd_export(args, args.subparser)
    except KeyboardInterrupt:
        print_error(tr("interrupted"))
        return EXIT_INTERRUPTED
