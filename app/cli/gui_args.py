"""The GUI's own command line (``loopscope [options]``): parsed and checked here, so that
``app.main`` imports Qt only once the arguments are valid."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.cli.common import reason
from app.cli.i18n import tr
from app.cli.parsers import Parser, add_common_options, epilog

if TYPE_CHECKING:
    from app.model.lesson_file import Lesson


def build_gui_parser() -> argparse.ArgumentParser:
    """The GUI's own command line (``loopscope [options]``), also checked by ``open``."""
    from app.runtime import backends
    from app.trace.store import KEEP_EVENTS

    parser = Parser(
        prog="loopscope",
        usage=tr("%(prog)s [options]\n       %(prog)s {record,open,info,log,export} ... "
                 "(see the subcommands below)"),
        description=tr("Watch a real asyncio event loop schedule tasks on the kernel's own "
                       "event queue."),
        epilog=epilog())
    parser.add_argument("--backend", default=None,
                        help=tr("OS event queue: auto or one of {backends} (default: the "
                                "last one used, else auto)").format(
                            backends=", ".join(backends.available())))
    parser.add_argument("--host", choices=("thread", "qt"), default=None,
                        help=tr("where the observed loop runs: its own thread (default) or "
                                "inside Qt's event loop on the GUI thread"))
    parser.add_argument("--workload", metavar="NAME",
                        help=tr("launch this sample workload at start-up"))
    parser.add_argument("--param", action="append", default=[], metavar="K=V",
                        help=tr("a parameter of --workload (repeatable)"))
    parser.add_argument("--lesson", metavar="ID",
                        help=tr("start with this lesson running (--list-lessons names them)"))
    parser.add_argument("--list-lessons", action="store_true",
                        help=tr("print each lesson's ID and title, and exit"))
    parser.add_argument("--paused", action="store_true",
                        help=tr("start paused, before the loop's first unit"))
    parser.add_argument("--compare-sessions", nargs=2, metavar=("A", "B"), default=None,
                        help=tr("open the compare window on two saved sessions (an epoll "
                                "and an IOCP recording of one sample, say): readiness vs "
                                "completion"))
    parser.add_argument("--screenshot", metavar="FILE",
                        help=tr("save a PNG of the window (the compare window with "
                                "--compare-sessions) after --quit-after seconds, then quit"))
    parser.add_argument("--quit-after", type=float, metavar="SECONDS",
                        help=tr("quit after this many seconds"))
    parser.add_argument("--keep-events", type=int, metavar="N", default=None,
                        help=tr("events a live run keeps for replay before the oldest are "
                                "let go (default {keep:,}; about 100 bytes each)").format(
                            keep=KEEP_EVENTS))
    parser.add_argument("--version", action="version", version=version_text(),
                        help=tr("print LoopScope's version, the Python it runs on and which "
                                "recording path is active, and exit"))
    add_common_options(parser)
    return parser


def version_text() -> str:
    """``loopscope --version``: the version, the Python, and the recording path (compiled
    accelerator or pure Python: app/runtime/accelerator.py)."""
    import platform

    from app.runtime.accelerator import recording_path
    from app.trace.tracefile import loopscope_version

    return tr("loopscope {version} ({python} {python_version}); recording path: {path}").format(
        version=loopscope_version(), python=platform.python_implementation(),
        python_version=platform.python_version(), path=tr(recording_path()))


def readable_lessons(prog: str = "loopscope") -> list[Lesson]:
    """The lessons that can be read (a file that cannot is said on stderr, after ``prog``,
    and left out)."""
    from app.model.lesson_file import load_lessons
    from app.resources import resource_path

    lessons, errors = load_lessons(resource_path("lessons"))
    for error in errors:
        print(f"{prog}: {reason(error)}", file=sys.stderr)
    return lessons


def list_lessons(language: str) -> int:
    """``--list-lessons``: one ``ID  title`` line per lesson, the title in ``language``;
    a lesson file that cannot be read is said on stderr. Exit code 0."""
    lessons = readable_lessons()
    width = max((len(lesson.id) for lesson in lessons), default=0)
    for lesson in lessons:
        print(f"{lesson.id.ljust(width)}  {lesson.title.pick(language)}")
    return 0


def parse_gui_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The GUI's arguments, checked (exit 2 with the reason if they are not valid)."""
    parser = build_gui_parser()
    args = parser.parse_args(argv)
    if args.backend is not None:
        from app.runtime.factory import resolve_backend

        try:
            args.backend = resolve_backend(args.backend)
        except ValueError as exc:
            parser.error(reason(exc))
    from app.trace.store import MIN_KEEP_EVENTS

    if args.keep_events is not None and args.keep_events < MIN_KEEP_EVENTS:
        parser.error(tr("--keep-events must be at least {least:,}").format(
            least=MIN_KEEP_EVENTS))
    if args.quit_after is not None and args.quit_after < 0:
        parser.error(tr("--quit-after must be >= 0 seconds"))
    if args.screenshot and args.quit_after is None:
        parser.error(tr("--screenshot needs --quit-after SECONDS (when to take it)"))
    if args.compare_sessions:
        from app.trace import tracefile

        for path in args.compare_sessions:
            try:
                tracefile.peek(path)  # not a session at all: say so now (the rest, in the window)
            except tracefile.TraceFileError as exc:
                parser.error(tr("--compare-sessions: {reason}").format(reason=reason(exc)))
    params = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            parser.error(tr("--param expects K=V, got {item!r}").format(item=item))
        params[key] = value
    args.params = params
    if args.params and not args.workload:
        parser.error(tr("--param needs --workload NAME"))
    if args.lesson:
        known = [lesson.id for lesson in readable_lessons(parser.prog)]
        if args.lesson not in known:
            parser.error(tr("unknown lesson {id!r}; the lessons are: {ids}").format(
                id=args.lesson, ids=", ".join(known)))
        if args.workload:
            parser.error(tr("--lesson launches its own workload: it cannot be combined "
                            "with --workload"))
    if args.workload:
        from app.workloads import registry

        try:
            registry.get(args.workload).validate(params)
        except (KeyError, ValueError) as exc:
            parser.error(reason(exc))
    return args
