"""Composition root of the ``loopscope`` command: arguments, then the GUI.

Qt is imported only after the arguments are valid, so ``--help`` and argument errors are
instant and need no display. ``loopscope record|open|info|export ...`` are subcommands
handled by :mod:`app.cli` (headless commands; it never imports this module, and parses the
GUI's command line for ``open`` itself).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app import cli


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The GUI's command line, checked (exit 2 with the reason if it is not valid)."""
    return cli.parse_gui_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    subcommand = cli.subcommand_first(argv)
    if subcommand is not None:
        return cli.main(subcommand)
    args = parse_args(argv)
    from app.views.app import run_gui

    return run_gui(args)
