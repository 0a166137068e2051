"""What every subcommand shares: the exit codes, progress on stderr, error lines, the check of
an output file before any work, reading a session, and Ctrl+C ignored while saving."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
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


def print_error(text: str) -> None:
    print(f"loopscope: {text}", file=sys.stderr)


def check_output(parser: argparse.ArgumentParser, path: str) -> Path:
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


def load_session(path: str, progress: Progress) -> Session:
    """The session in ``path``, read and checked whole (raises ``TraceFileError``)."""
    from app.trace import tracefile

    try:
        return tracefile.load(path, progress=progress.fraction("reading…"))
    finally:
        progress.done()


class sigint_ignored:
    """Ctrl+C again while stopping and saving must not lose the recording."""

    def __enter__(self) -> None:
        self._old: Any = None
        if threading.current_thread() is threading.main_thread():
            self._old = signal.signal(signal.SIGINT, signal.SIG_IGN)

    def __exit__(self, *exc: object) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)
