"""The ``loopscope`` subcommands' command lines: one parser per subcommand, the options every
command takes, and the part of ``--help`` that lists the subcommands and exit codes."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from app.cli.common import EXIT_CODES, display_width, is_wide, wrap_columns
from app.cli.i18n import LANGUAGES, OPTION, tr

SUBCOMMANDS = ("record", "open", "info", "log", "export")
SCRIPT_DURATION = 60.0  # s: a script that never ends is stopped (and saved) after this


#: Options every command accepts, before or after its name (``loopscope --no-settings open
#: FILE`` = ``loopscope open FILE --no-settings``), with how many values each takes.
COMMON_OPTIONS = {"--no-settings": 0, OPTION: 1}

#: argparse's own complaints (Python 3.11 to 3.13 word them alike), as regular expressions,
#: each with the template that says it in the chosen language. argparse formats them with
#: gettext before :meth:`Parser.error` sees them, so they are recognised and re-worded there.
_ARGPARSE_ERRORS: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"),
     lambda: tr("the following arguments are required: {names}")),
    (re.compile(r"one of the arguments (?P<names>.+) is required"),
     lambda: tr("one of the arguments {names} is required")),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"),
     lambda: tr("unrecognized arguments: {names}")),
    (re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)"),
     lambda: tr("ambiguous option: {option} could match {matches}")),
    (re.compile(r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)"),
     lambda: tr("invalid choice: {value} (choose from {choices})")),
    (re.compile(r"invalid (?P<type>\w+) value: (?P<value>.+)"),
     lambda: tr("invalid {type} value: {value}")),
    (re.compile(r"expected one argument"), lambda: tr("expected one argument")),
    (re.compile(r"expected at least one argument"),
     lambda: tr("expected at least one argument")),
    (re.compile(r"expected at most one argument"), lambda: tr("expected at most one argument")),
    (re.compile(r"not allowed with argument (?P<other>.+)"),
     lambda: tr("not allowed with argument {other}")),
    (re.compile(r"ignored explicit argument (?P<value>.+)"),
     lambda: tr("ignored explicit argument {value}")),
)
_ARGUMENT_ERROR = re.compile(r"argument (?P<argument>\S+): (?P<message>.+)", re.DOTALL)


def argparse_error_text(message: str) -> str:
    """An error argparse worded (in English), in the chosen language; any other message (the
    commands' own, already translated) as it is."""
    found = _ARGUMENT_ERROR.fullmatch(message)
    if found is not None:
        return tr("argument {argument}: {message}").format(
            argument=found["argument"], message=argparse_error_text(found["message"]))
    for pattern, template in _ARGPARSE_ERRORS:
        found = pattern.fullmatch(message)
        if found is not None:
            return str(template()).format(**found.groupdict())
    return message


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help layout (descriptions and epilogs kept as written), with the word
    before the usage line in the chosen language, and Chinese laid out by terminal columns
    (:func:`~app.cli.common.wrap_columns`)."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, tr("usage: ") if prefix is None else prefix)

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any) -> str:
        """argparse indents a wrapped usage by the prefix's length in characters: lay it out
        behind as many spaces as the prefix takes columns, then put the prefix there."""
        if not isinstance(prefix, str) or not is_wide(prefix):
            return str(super()._format_usage(usage, actions, groups, prefix))
        blank = " " * display_width(prefix)
        text = str(super()._format_usage(usage, actions, groups, blank))
        return prefix + text[len(blank):]

    def _split_lines(self, text: str, width: int) -> list[str]:
        if not is_wide(text):
            return list(super()._split_lines(text, width))
        return wrap_columns(" ".join(text.split()), width)

    def format_help(self) -> str:
        """argparse ends each section's title with an ASCII colon: a Chinese title takes
        the colon of its language."""
        text = str(super().format_help())
        return re.sub(r"^(\S[^\n]*):$", self._heading, text, flags=re.MULTILINE)

    @staticmethod
    def _heading(match: re.Match[str]) -> str:
        title = match.group(1)
        return tr("{heading}:").format(heading=title) if is_wide(title) else match.group(0)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks the chosen language: its section titles, its ``--help``
    option, its errors (argparse's own words come from gettext, not from our translation)."""

    def __init__(self, prog: str | None = None, *, add_help: bool = True,
                 **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(prog, add_help=False, **kwargs)
        self._positionals.title = tr("positional arguments")
        self._optionals.title = tr("options")
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=tr("show this help message and exit"))

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, tr("{prog}: error: {message}").format(
            prog=self.prog, message=argparse_error_text(message)) + "\n")


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-settings", action="store_true",
                        help=tr("neither read nor write saved window settings (commands "
                                "without a window read none)"))
    parser.add_argument(OPTION, choices=LANGUAGES, default=None, dest="lang",
                        help=tr("the language to speak: en, zh_CN (简体中文) or system (the "
                                "system's); without it, commands follow the system and the "
                                "window the language chosen in its View menu"))


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


def exit_codes() -> str:
    """The exit codes, as ``--help`` lists them."""
    return tr("exit codes:") + "\n" + "\n".join(
        f"  {code}  {tr(text)}" for code, text in EXIT_CODES.items())


def epilog() -> str:
    """The part of ``--help`` that lists the subcommands and exit codes."""
    return tr(
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
        "chrome://tracing)") + "\n\n" + exit_codes()


def build_parser() -> argparse.ArgumentParser:
    """The subcommands' parsers, their texts in the language chosen by then
    (:func:`app.cli.i18n.apply_from_argv`)."""
    from app.runtime import backends

    fmt = HelpFormatter
    codes = exit_codes()
    parser = Parser(prog="loopscope", formatter_class=fmt, epilog=epilog(),
                    description=tr("Record, open and export LoopScope sessions."))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    available = ", ".join(backends.available())
    backend_help = tr("OS event queue: auto or one of {backends}").format(backends=available)

    rec = sub.add_parser(
        "record", formatter_class=fmt, epilog=codes,
        help=tr("record a workload or your own script without the GUI"),
        description=tr("Record a sample workload (or your own asyncio script) on the traced "
                       "loop, without a window, and save the session."),
        usage=tr("loopscope record (WORKLOAD [--param K=V ...] | --script FILE) -o FILE "
                 "[options]"))
    rec.set_defaults(subparser=rec)
    add_common_options(rec)
    rec.add_argument("workload", nargs="?", metavar="WORKLOAD",
                     help=tr("a sample workload, e.g. tcp-echo (an unknown name lists them "
                             "all)"))
    rec.add_argument("--script", metavar="FILE",
                     help=tr("your own asyncio script instead of a sample: it defines async "
                             "def main(), or calls asyncio.run(...)"))
    rec.add_argument("--param", action="append", default=[], metavar="K=V",
                     help=tr("a parameter of the workload (repeatable)"))
    rec.add_argument("--backend", default="auto",
                     help=tr("OS event queue: auto or one of {backends} (default: auto)")
                     .format(backends=available))
    rec.add_argument("--mode", choices=("cooperative", "preemptive"), default="cooperative",
                     help=tr("asyncio tasks on the traced loop (default), or the same work on "
                             "OS threads"))
    rec.add_argument("--duration", type=float, metavar="SECONDS",
                     help=tr("stop after this long (needed for forever=true; a script is "
                             "stopped after {seconds:g} s unless given)").format(
                         seconds=SCRIPT_DURATION))
    rec.add_argument("--switch-interval", type=float, default=5.0, metavar="MS",
                     help=tr("preemptive mode: the interpreter's thread switch interval "
                             "(default 5 ms)"))
    rec.add_argument("--capacity", type=int, default=1 << 20, metavar="EVENTS",
                     help=tr("recorder ring size; events beyond it between two drains are "
                             "dropped and counted (default {n:,})").format(n=1 << 20))
    rec.add_argument("-o", "--output", required=True, metavar="FILE",
                     help=tr("the session file to write (.loopscope)"))
    add_progress_options(rec)

    session_file = tr("a .loopscope session file")
    op = sub.add_parser("open", formatter_class=fmt, epilog=codes,
                        help=tr("open a saved session in the GUI"),
                        description=tr("Open a saved session in the LoopScope window."))
    op.set_defaults(subparser=op)
    op.add_argument("file", metavar="FILE", help=session_file)
    op.add_argument("--backend", default=None, help=backend_help)
    op.add_argument("--host", choices=("thread", "qt"), default=None,
                    help=tr("where the live loop runs (as for the GUI)"))
    add_common_options(op)
    op.add_argument("--screenshot", metavar="PNG",
                    help=tr("save a PNG of the window after --quit-after seconds, then quit"))
    op.add_argument("--quit-after", type=float, metavar="SECONDS",
                    help=tr("quit after this many seconds"))

    inf = sub.add_parser("info", formatter_class=fmt, epilog=codes,
                         help=tr("what a session holds, without opening the GUI"),
                         description=tr("Print what a saved session holds: its events, "
                                        "tasks, duration and dropped events, the backend and "
                                        "mode it was recorded with, the Python and LoopScope "
                                        "versions, and the workload or script. The file is "
                                        "read and checked whole."))
    inf.set_defaults(subparser=inf)
    add_common_options(inf)
    inf.add_argument("file", metavar="FILE", help=session_file)
    inf.add_argument("--json", action="store_true",
                     help=tr("print one JSON object instead of text"))

    lg = sub.add_parser(
        "log", formatter_class=fmt, epilog=codes,
        help=tr("the session's event log as text"),
        description=tr("Print a saved session's event log, one line per event: the time in "
                       "ms since the first event, the unit (the poll, timer or run it "
                       "happened in), the event kind, the task, and what happened, in the "
                       "sentence the window's event log shows. Filter with --task and "
                       "--kind; pipe to grep for the rest."))
    lg.set_defaults(subparser=lg)
    add_common_options(lg)
    lg.add_argument("file", metavar="FILE", help=session_file)
    lg.add_argument("--task", metavar="NAME",
                    help=tr("only the events of this task: its name as shown (\"cpu-hog "
                            "(2)\", \"handle_echo · Task-8\"), its recorded name, or its "
                            "serial"))
    lg.add_argument("--kind", action="append", default=[], metavar="KIND",
                    help=tr("only events of this kind (e.g. step_begin; repeatable, or "
                            "comma-separated)"))

    ex = sub.add_parser("export", formatter_class=fmt, epilog=codes,
                        help=tr("convert a session to Chrome trace JSON"),
                        description=tr("Convert a session to Chrome Trace Event JSON, which "
                                       "opens in Perfetto (ui.perfetto.dev) and "
                                       "chrome://tracing."))
    ex.set_defaults(subparser=ex)
    add_common_options(ex)
    ex.add_argument("file", metavar="FILE", help=session_file)
    ex.add_argument("-o", "--output", metavar="JSON",
                    help=tr("where to write the trace (default: FILE with .json)"))
    add_progress_options(ex)
    return parser


def add_progress_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--progress", action="store_true",
                   help=tr("show progress on stderr even when it is not a terminal"))
    p.add_argument("-q", "--quiet", action="store_true",
                   help=tr("no progress and no summary (errors are still printed)"))
