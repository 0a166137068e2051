"""The compare window's second use: two saved sessions (an epoll and an IOCP recording of one
sample, typically) side by side — how to pick and load them, and the words and rows that show
them. The window (:mod:`app.views.compare`) owns the widgets; this module fills them (its words are
the window's, through its ``tr``).

Loading happens on a worker thread with a progress dialog (:func:`app.views.files.
run_with_progress`, as the main window's "Open session…" does). A file that cannot be used
(missing, damaged, not a session, a preemptive recording with no event queue) is refused with
the reason in the window's status line; whatever was shown stays as it was.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from app.model import queue_compare
from app.model.queue_compare import QueueMeasures
from app.qt import language
from app.qt.language import tr
from app.trace import tracefile
from app.trace.text import fmt_ns, outcome_words
from app.views import files
from app.views.files import run_with_progress

#: One table row: the measure, the two cells, the tooltip of the measure.
Row = tuple[str, str, str, str]


def pick_file(parent: QWidget, settings: QSettings | None, title: str) -> str:
    """A session file chosen by the user ("" if cancelled), starting in the directory the
    last one came from (the main window's ``lastDirectory`` setting, shared)."""
    directory = str(settings.value("lastDirectory", os.path.expanduser("~"))) \
        if settings is not None else os.path.expanduser("~")
    path = files.ask_file(parent, False, title, directory,
                          tr("LoopScope sessions (*.loopscope);;All files (*)"))
    if path and settings is not None:
        settings.setValue("lastDirectory", os.path.dirname(path))
    return path


async def load(window: QWidget, path: str) -> tracefile.Session | str:
    """The session in ``path``, or the reason (in words) it cannot be compared."""
    name = os.path.basename(path)
    try:
        session = await run_with_progress(
            window, tr("Opening {name}…").format(name=name),
            lambda progress, cancelled: tracefile.load(path, progress=progress,
                                                       cancelled=cancelled))
    except tracefile.TraceFileCancelled:
        return tr("Opening {name} cancelled: nothing changed.").format(name=name)
    except tracefile.TraceFileError as exc:
        return tr("Cannot open {name}: {reason}").format(name=name, reason=str(exc))
    reason = queue_compare.refusal(session.store, session.info, name, tr)
    return reason or session


def model_word(window: QWidget, backend: str) -> str:
    model = queue_compare.model_of(backend)
    return tr("completion") if model == "completion" else tr("readiness")


def column_title(window: QWidget, m: QueueMeasures) -> str:
    """A column's header: the queue and its model (the file is named over its timeline)."""
    return tr("{backend} ({model})").format(backend=m.backend,
                                                   model=model_word(window, m.backend))


def lane_title(window: QWidget, m: QueueMeasures, name: str,
               session: tracefile.Session) -> str:
    """Rich text over one session's timeline: the queue, its model, the file and the run."""
    info = session.info
    if m.model == "completion":
        how = tr("the kernel reads into the program's buffer, then queues a "
                        "completion packet")
    else:
        how = tr("the kernel says a socket is ready, then the program reads")
    return tr("<b>{backend}</b> ({model}: {how}) — {file}: {workload}, {platform}, "
                     "Python {python}").format(
        backend=html.escape(m.backend), model=model_word(window, m.backend), how=how,
        file=html.escape(name), workload=html.escape(info.workload or "?"),
        platform=html.escape(info.platform), python=html.escape(info.python))


def _ratio(value: float) -> str:
    return f"{value:.2f}"


def rows(window: QWidget, a: QueueMeasures, b: QueueMeasures) -> list[Row]:
    """The measures table of two sessions: every number counted from their events."""

    def pair(f: Callable[[QueueMeasures], str]) -> tuple[str, str]:
        return f(a), f(b)

    table: list[tuple[str, tuple[str, str], str]] = [
        (tr("Sample"), pair(lambda m: m.workload or "?"), ""),
        (tr("Duration (first to last event)"), pair(lambda m: fmt_ns(m.duration_ns)),
         tr("Each timeline starts at its own recording's first event.")),
        (tr("Events recorded"), pair(lambda m: f"{m.events:,}"), ""),
        (tr("Task steps"), pair(lambda m: f"{m.steps:,}"), ""),
        (tr("Polls (waits in the event queue)"), pair(lambda m: f"{m.polls:,}"),
         tr("POLL_END events: epoll_wait / kevent / poll / select returned, or "
            "GetQueuedCompletionStatus did.")),
        (tr("Polls that returned nothing"), pair(lambda m: f"{m.empty_polls:,}"),
         tr("The wait ended by its timeout (a timer was due) or was woken for nothing.")),
        (tr("Events returned (FD_EVENT)"),
         pair(lambda m: tr("{n:,} ({r:,} read, {w:,} write)").format(
             n=m.fd_events, r=m.read_events, w=m.write_events)),
         tr("Readiness: a socket that can be read or written now. Completion: a finished "
            "operation's packet, dequeued.")),
        (tr("Events per poll: mean / most"),
         pair(lambda m: f"{_ratio(m.events_per_poll)} / {m.max_events_per_poll:,}"), ""),
        (tr("Registrations (FD_REGISTER)"),
         pair(lambda m: tr("{n:,} ({r:,} for reading)").format(n=m.registrations,
                                                               r=m.read_registrations)),
         tr("Readiness: an fd added to the kernel's interest list. Completion: an overlapped "
            "operation started (WSARecv, AcceptEx, WSASend…).")),
        (tr("fds / handles registered"), pair(lambda m: f"{m.handles:,}"), ""),
        (tr("Registrations per fd"), pair(lambda m: _ratio(m.registrations_per_handle)), ""),
        (tr("Operations finished at once"),
         pair(lambda m: f"{m.done_at_once:,}" if m.model == "completion" else "—"),
         tr("IOCP only: the operation finished inside the call that started it (the data "
            "was there); no packet was waited for.")),
        (tr("Reads done"), pair(lambda m: f"{m.reads_done:,}"),
         tr("Readiness: read events. Completion: read completions, dequeued or at once.")),
        (tr("Read registrations per read done"),
         pair(lambda m: _ratio(m.read_registrations_per_read)),
         tr("Below 1: one registration serves many reads (readiness keeps an fd registered). "
            "About 1: every read is an operation of its own (completion).")),
        (tr("Time blocked in the wait call"),
         pair(lambda m: f"{fmt_ns(m.blocked_ns)} ({m.blocked_share * 100:.0f} %)"),
         tr("The sum of every poll's blocked time, and its share of the duration.")),
        (tr("Longest single wait"), pair(lambda m: fmt_ns(m.longest_wait_ns)), ""),
    ]
    return [(label, cells[0], cells[1], tip) for label, cells, tip in table]


def conditions(window: QWidget, named: list[tuple[str, tracefile.Session]]) -> str:
    parts = [tr("{file}: Python {python} ({impl}) on {platform}, recorded {created}, "
                       "outcome {outcome}").format(
        file=name, python=s.info.python, impl=s.info.implementation,
        platform=s.info.platform, created=language.date_text(s.info.created or "?"),
        outcome=outcome_words(s.info.outcome, tr)) for name, s in named]
    return tr("Sessions — {sessions}.").format(sessions="; ".join(parts))
