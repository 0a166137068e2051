"""Readiness vs completion: what two saved recordings of the loop's event queue say, side by
side (an epoll and an IOCP recording of one sample, typically).

Facts about the two models:

- *Readiness* (epoll, kqueue, poll, select): the program registers an fd once with the kernel's
  interest list and asks "which of these can I read without blocking?". The kernel answers with
  events; the program then reads *itself*, with a non-blocking ``recv``, into a buffer of its
  own. The registration stays across messages.
- *Completion* (IOCP): the program starts an operation (``WSARecv`` with an OVERLAPPED and a
  buffer); the kernel performs the read into that buffer and then queues a completion packet,
  which ``GetQueuedCompletionStatus`` dequeues. Each read is an operation of its own: a new
  one is started after every completion (asyncio's proactor does, per ``recv``).

What this means for the recordings (see :mod:`app.trace.events`): FD_REGISTER is an fd added
to the interest list (readiness) or an operation started (completion, its string names it);
FD_EVENT is a readiness event or a dequeued completion packet; FD_UNREGISTER with ``c`` = 1 is
an IOCP operation that finished inside the call that started it. :func:`measure_queue` counts
these per recording; :func:`explain_models` words the difference and how the counts show it —
each sentence about the counts is said only where the counts support it.

Everything here is a function of the events (no Qt); sentences go through ``tr``, as those of
:mod:`app.model.compare` do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.trace.events import READ, WRITE, Ev
from app.trace.store import EventStore
from app.trace.text import (
    COMPLETION_BACKENDS,
    WAIT_CALLS,
    Translate,
    fmt_ns,
    identity,
    join_sentences,
)
from app.trace.tracefile import SessionInfo

_REGISTER, _UNREGISTER = int(Ev.FD_REGISTER), int(Ev.FD_UNREGISTER)
_FD_EVENT, _POLL_END, _LOOP_INFO = int(Ev.FD_EVENT), int(Ev.POLL_END), int(Ev.LOOP_INFO)
_STEP_BEGIN = int(Ev.STEP_BEGIN)


def model_of(backend: str) -> str:
    """"readiness", "completion", or "" for a backend of neither kind (threads, unknown): a
    loop's backend has a wait call (``WAIT_CALLS``), and the completion ones are named in
    ``COMPLETION_BACKENDS``."""
    if backend in COMPLETION_BACKENDS:
        return "completion"
    if backend in WAIT_CALLS:
        return "readiness"
    return ""


def backend_of(store: EventStore, info: SessionInfo) -> str:
    """The recording's event queue: the session's own word for it, else its LOOP_INFO's."""
    if info.backend:
        return info.backend
    first = np.flatnonzero(store.kind == _LOOP_INFO)
    return store.string(int(store.b[first[0]])) if len(first) else ""


def refusal(store: EventStore, info: SessionInfo, name: str, tr: Translate = identity) -> str:
    """Why this recording cannot be compared as an event queue ("" if it can)."""
    if info.mode == "preemptive" or info.backend == "threads":
        return tr("{name} is a preemptive recording (OS threads): it has no event queue to "
                  "compare. Record the sample cooperatively (the default mode).").format(
            name=name)
    if not model_of(backend_of(store, info)):
        return tr("{name} does not say which event queue it ran on (backend {backend!r}): "
                  "it cannot be compared as readiness or completion.").format(
            name=name, backend=info.backend)
    if not np.any(store.kind == _POLL_END):
        return tr("{name} has no poll of the event queue: nothing to compare.").format(
            name=name)
    return ""


@dataclass(frozen=True)
class QueueMeasures:
    """Counts of one recording's dealings with its event queue, all from its events."""

    backend: str
    workload: str
    duration_ns: int  # first to last event
    events: int
    polls: int  # POLL_END: waits in epoll_wait / GetQueuedCompletionStatus...
    empty_polls: int  # ...that returned no event (timed out, or woken for nothing)
    max_events_per_poll: int
    fd_events: int  # FD_EVENT: readiness events / completion packets dequeued
    read_events: int  # ... of them for reading (mask READ)
    write_events: int
    registrations: int  # FD_REGISTER: fd added to the interest list / operation started
    read_registrations: int  # ... for reading
    handles: int  # distinct fds (handles) registered
    done_at_once: int  # IOCP: operations finished inside the call that started them
    reads_at_once: int  # ... of them reads (receive, accept)
    blocked_ns: int  # time blocked in the wait call, all polls
    longest_wait_ns: int
    steps: int  # task steps run

    @property
    def model(self) -> str:
        return model_of(self.backend)

    @property
    def events_per_poll(self) -> float:
        return self.fd_events / self.polls if self.polls else 0.0

    @property
    def registrations_per_handle(self) -> float:
        return self.registrations / self.handles if self.handles else 0.0

    @property
    def reads_done(self) -> int:
        """Reads the recording saw happen: read events (readiness) or read completions,
        dequeued or finished at once (completion)."""
        return self.read_events + self.reads_at_once

    @property
    def read_registrations_per_read(self) -> float:
        return self.read_registrations / self.reads_done if self.reads_done else 0.0

    @property
    def blocked_share(self) -> float:
        return self.blocked_ns / self.duration_ns if self.duration_ns else 0.0


def measure_queue(store: EventStore, info: SessionInfo) -> QueueMeasures:
    n = len(store)
    kind, a, b, c = store.kind[:n], store.a[:n], store.b[:n], store.c[:n]
    ts = store.ts[:n]
    polls = kind == _POLL_END
    fd_events = kind == _FD_EVENT
    registers = kind == _REGISTER
    returned = a[polls]
    at_once = (kind == _UNREGISTER) & (c == 1)
    waits = b[polls]
    return QueueMeasures(
        backend=backend_of(store, info),
        workload=info.workload,
        duration_ns=int(ts.max() - ts.min()) if n > 1 else 0,
        events=n,
        polls=int(polls.sum()),
        empty_polls=int((returned == 0).sum()),
        max_events_per_poll=int(returned.max()) if len(returned) else 0,
        fd_events=int(fd_events.sum()),
        read_events=int((fd_events & ((b & READ) != 0)).sum()),
        write_events=int((fd_events & ((b & WRITE) != 0)).sum()),
        registrations=int(registers.sum()),
        read_registrations=int((registers & ((b & READ) != 0)).sum()),
        handles=len(np.unique(a[registers])),
        done_at_once=int(at_once.sum()),
        reads_at_once=int((at_once & ((b & READ) != 0)).sum()),
        blocked_ns=int(waits.sum()),
        longest_wait_ns=int(waits.max()) if len(waits) else 0,
        steps=int((kind == _STEP_BEGIN).sum()),
    )


def _readiness_text(backend: str, tr: Translate) -> list[tuple[str, str]]:
    return [
        (tr("Readiness ({backend}).").format(backend=backend),
         tr("The kernel only says that a socket can be read now. The program does the read "
            "itself, after the event, with a non-blocking recv() into a buffer of its own: "
            "the buffer is filled by that call, in a step of the loop.")),
        (tr("Why the read after the event is non-blocking."),
         tr("An event means only \"a read would not block now\". By the time the loop reads, "
            "another reader may have taken the data, or the wake-up was spurious; a blocking "
            "read would then stall the whole loop and every task on it. So the loop reads "
            "without blocking and, if nothing is there, simply waits again.")),
    ]


def _completion_text(backend: str, tr: Translate) -> list[tuple[str, str]]:
    return [
        (tr("Completion ({backend}).").format(backend=backend),
         tr("The program starts the read (WSARecv with an OVERLAPPED) and hands the kernel "
            "the buffer. The kernel does the read, during the operation, and fills the buffer "
            "before it queues the completion packet: when GetQueuedCompletionStatus returns "
            "it, the data is already there. Nothing is left to read, so nothing can block.")),
    ]


def _counts_text(m: QueueMeasures, tr: Translate) -> str:
    # Counts follow their noun ("polls: 1"), so no sentence needs a plural form.
    if m.model == "completion":
        text = tr("Operations started (FD_REGISTER): {ops:,}, reads among them: {reads:,}, on "
                  "distinct handles: {handles:,}. Completion packets dequeued (FD_EVENT): "
                  "{packets:,}, in waits: {polls:,} ({per:.2f} per wait). Operations finished "
                  "inside the call that started them: {once:,}.").format(
            ops=m.registrations, reads=m.read_registrations, handles=m.handles,
            packets=m.fd_events, polls=m.polls, per=m.events_per_poll, once=m.done_at_once)
        if m.reads_done and m.read_registrations >= m.reads_done:
            text = join_sentences(text, tr(
                "Reads started: {started:,}; reads done: {done:,} (at once: {once:,}) — a new "
                "operation for every read.").format(
                started=m.read_registrations, done=m.reads_done, once=m.reads_at_once))
        return text
    text = tr("Registrations (FD_REGISTER): {regs:,}, on distinct fds: {handles:,}. Events "
              "returned (FD_EVENT): {events:,}, in polls: {polls:,} ({per:.2f} per "
              "poll).").format(regs=m.registrations, handles=m.handles, events=m.fd_events,
                               polls=m.polls, per=m.events_per_poll)
    if m.read_events > m.read_registrations:
        text = join_sentences(text, tr("Read events: {events:,}; read registrations: {regs:,} "
                                       "— an fd stays registered across messages.").format(
            events=m.read_events, regs=m.read_registrations))
    return text


def explain_models(a: QueueMeasures, b: QueueMeasures, tr: Translate = identity,
                   ) -> list[tuple[str, str]]:
    """Paragraphs (a bold lead, the text) on readiness vs completion and how the two
    recordings show it, in plain words (through ``tr``)."""
    paragraphs: list[tuple[str, str]] = []
    if a.model == b.model:
        paragraphs.append((tr("The same model."), tr(
            "Both recordings use a {model} backend ({a} and {b}): the same model, so the "
            "difference between them is in the counts, not in who does the read.").format(
            model=tr("completion") if a.model == "completion" else tr("readiness"),
            a=a.backend, b=b.backend)))
    seen: set[str] = set()
    for m in (a, b):
        if m.model in seen:
            continue
        seen.add(m.model)
        paragraphs += (_completion_text(m.backend, tr) if m.model == "completion"
                       else _readiness_text(m.backend, tr))
    if a.workload != b.workload:
        paragraphs.append((tr("Different samples."), tr(
            "These recordings are of {a} and {b}: their counts describe different "
            "work.").format(a=a.workload or "?", b=b.workload or "?")))
    paragraphs.append((tr("In the first recording ({backend}).").format(backend=a.backend),
                       _counts_text(a, tr)))
    paragraphs.append((tr("In the second recording ({backend}).").format(backend=b.backend),
                       _counts_text(b, tr)))
    paragraphs.append((tr("Time blocked in the wait call."), tr(
        "{a}: {ta} of {da} ({pa:.0f} %); {b}: {tb} of {db} ({pb:.0f} %).").format(
        a=a.backend, ta=fmt_ns(a.blocked_ns), da=fmt_ns(a.duration_ns),
        pa=a.blocked_share * 100, b=b.backend, tb=fmt_ns(b.blocked_ns),
        db=fmt_ns(b.duration_ns), pb=b.blocked_share * 100)))
    return paragraphs
