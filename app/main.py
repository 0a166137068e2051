"""Composition root of the ``loopscope`` command: arguments, process-wide settings, the GUI.

The language is chosen first (``--lang``, else the system's: :mod:`app.cli.i18n`, which
loads QtCore's translator only), so that ``--help`` and argument errors speak it; the rest of
Qt is imported only after the arguments are valid, so they are instant and need no display.
``loopscope record|open|info|export ...`` are subcommands handled by :mod:`app.cli` (headless
commands; it never imports this module): ``open`` starts the GUI through :func:`run_gui`,
handed to it here.

What is process-wide (the GIL switch interval, the garbage collector) is set here, around the
GUI's whole life, and undone when it ends; the window and the views only build widgets, and
the controller gets its engine factory from here.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Callable, Iterator, Sequence

from app import cli
from app.cli.gui_args import list_lessons, parse_gui_args
from app.cli.i18n import apply_from_argv
from app.cli.parsers import subcommand_first

#: The GIL switch interval while the window is open. Every Qt callback into Python (a timer,
#: a paint) must take the GIL; while the observed loop runs a CPU-bound step on the engine
#: thread, each take waits up to one switch interval. Measured with a 2 s CPU step: worst GUI
#: gap 87 ms at CPython's default 5 ms, 21 ms at 1 ms. It only matters when the GUI thread
#: actually asks for the GIL, so the observed loop is not slowed otherwise.
GUI_SWITCH_INTERVAL = 0.001


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The GUI's command line, checked (exit 2 with the reason if it is not valid)."""
    return parse_gui_args(argv)


def set_gui_process() -> Callable[[], None]:
    """Set the process-wide settings of a GUI session; returns what undoes them."""
    saved_switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)

    def undo() -> None:
        sys.setswitchinterval(saved_switch_interval)
        gc.unfreeze()
        gc.collect()  # now, while closing: unfrozen, the whole heap is due for a full pass

    return undo


@contextlib.contextmanager
def gui_process() -> Iterator[None]:
    """The process-wide settings of a GUI session, undone when it ends."""
    undo = set_gui_process()
    try:
        yield
    finally:
        undo()


def freeze_heap() -> None:
    """A full cyclic-GC pass holds the GIL while it walks every tracked object: in a big
    heap (measured inside the test suite: 45-160 ms each) that is a stall of the whole
    window, whichever thread triggers it. What exists once the window is built (modules, Qt
    wrappers, plot items) lives as long as the window: frozen, it is never walked again, and
    what the run allocates from then on is collected as usual. Undone by :func:`gui_process`.
    :func:`run_gui` has it called once the window's plot views are built, after its first
    paint: the collection (about 35 ms) is not on the way to that paint.
    """
    gc.collect()
    gc.freeze()


def run_gui(args: argparse.Namespace) -> int:
    """The window, with the process-wide settings and the engine factory it runs with."""
    from app.qt.controller import make_engine
    from app.views import app as gui

    with gui_process():
        return gui.run_gui(args, engine_factory=make_engine, window_built=freeze_heap)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    cli.utf8_when_redirected()  # the GUI's --help too may print Chinese (or "简体中文")
    subcommand = subcommand_first(argv)
    if subcommand is not None:
        return cli.main(subcommand, run_gui=run_gui)
    # --help and the argument errors speak --lang (else the system's language); the window
    # then speaks args.lang if given, else the language saved in its settings.
    spoken = apply_from_argv(argv)
    args = parse_args(argv)
    if args.list_lessons:  # (no window: no Qt beyond the translator, no display)
        return list_lessons(spoken)
    return run_gui(args)
