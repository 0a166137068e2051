"""What every subcommand shares: the exit codes, progress on stderr, error lines, the check of
an output file before any work, reading a session, and Ctrl+C ignored while saving."""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import threading
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app.cli.i18n import tr
from app.trace.text import QT_TR_NOOP

if TYPE_CHECKING:
    from app.trace.tracefile import Session

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 3
#: What each exit code means (English; marked for translation, shown through ``tr``).
EXIT_CODES = {
    EXIT_OK: QT_TR_NOOP("done"),
    EXIT_FAILED: QT_TR_NOOP("the workload or script failed (the recording was still saved), "
                            "or the output could not be written"),
    EXIT_USAGE: QT_TR_NOOP("bad arguments, or a file that cannot be used (not a session, "
                           "damaged, a script with a syntax error); nothing was recorded"),
    EXIT_INTERRUPTED: QT_TR_NOOP("interrupted (Ctrl+C); what was recorded so far was saved"),
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
    print(tr("loopscope: {message}").format(message=text), file=sys.stderr)


# -- laying out text on a terminal ----------------------------------------------------------------
# Facts: a terminal gives a Chinese character (East Asian Width "W" or "F") two columns, and
# Chinese text may break between any two characters except before closing punctuation.
# argparse and str.ljust count characters and break only at spaces. → Columns are counted with
# display_width and Chinese help is wrapped by wrap_columns; English keeps argparse's own
# wrapping, byte for byte.
_WIDE = frozenset("WF")
#: Full-width punctuation that must not begin a line (it closes what came before it), and
#: that must not end one (it opens what comes after it).
_NO_LINE_START = frozenset("，。、；：！？）」』】》”’…")
_NO_LINE_END = frozenset("（「『【《“‘")
_TOKENS = re.compile(r"\s+|[^\s\u1100-\uffff]+|.")


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal."""
    return sum(2 if unicodedata.east_asian_width(c) in _WIDE else 1 for c in text)


def is_wide(text: str) -> bool:
    return any(unicodedata.east_asian_width(c) in _WIDE for c in text)


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` columns."""
    return text + " " * max(0, width - display_width(text))


def wrap_columns(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (a longer word stays whole), breaking at
    spaces and between Chinese characters; a closing mark (，。）) never begins a line and an
    opening one (（“) never ends one: the token before it moves down with it."""
    lines: list[list[tuple[str, bool]]] = [[]]  # per line: (token, a space before it)
    space = False
    for token in _TOKENS.findall(text):
        if token.isspace():
            space = bool(lines[-1])
            continue
        line = lines[-1]
        if line and _columns(line) + display_width(token) + space > width:
            carried: list[tuple[str, bool]] = []
            if token[0] in _NO_LINE_START or line[-1][0][-1] in _NO_LINE_END:
                carried = [line.pop()]  # (a single-token line keeps its token)
                if not line:
                    line.extend(carried)
                    carried = []
            lines.append([(t, False) if i == 0 else (t, sp) for i, (t, sp) in
                          enumerate(carried)])
            space = space and bool(carried)
        lines[-1].append((token, space))
        space = False
    return ["".join((" " if sp else "") + t for t, sp in line) for line in lines if line]


def _columns(line: list[tuple[str, bool]]) -> int:
    return sum(display_width(t) + sp for t, sp in line)


def reason(exc: BaseException) -> str:
    """What an error says, in the chosen language (:func:`app.trace.text.error_text`; a
    KeyError's message without the quotes its ``str`` adds)."""
    from app.trace.text import error_text

    if isinstance(exc, KeyError) and exc.args and isinstance(exc.args[0], str):
        return exc.args[0]
    return error_text(exc, tr)


def check_output(parser: argparse.ArgumentParser, path: str) -> Path:
    """Refuse, before any work, an output that cannot be written."""
    out = Path(path)
    if out.is_dir():
        parser.error(tr("{path} is a folder; give a file name").format(path=path))
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        parser.error(tr("cannot write {path}: the folder {parent} does not exist").format(
            path=path, parent=parent))
    if not os.access(parent, os.W_OK):
        parser.error(tr("cannot write {path}: no permission to write in {parent}").format(
            path=path, parent=parent))
    return out


def load_session(path: str, progress: Progress) -> Session:
    """The session in ``path``, read and checked whole (raises ``TraceFileError``)."""
    from app.trace import tracefile

    try:
        return tracefile.load(path, progress=progress.fraction(tr("reading…")))
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
