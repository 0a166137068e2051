"""Readiness vs completion: the event-queue counts of a recording are its events counted, and
the sentences say what the counts support, through the translation function they are given."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from app.model.queue_compare import (
    QueueMeasures,
    explain_models,
    measure_queue,
    model_of,
    refusal,
)
from app.trace import tracefile
from app.trace.events import READ, Ev
from tests.support.sessions import IOCP_ECHO, record_epoll_echo


@pytest.fixture(scope="module")
def epoll_echo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tcp-echo on epoll with the parameters of the committed IOCP recording."""
    return record_epoll_echo(tmp_path_factory.mktemp("queues"))


def counted(session: tracefile.Session) -> dict[str, int]:
    """The counts, one event at a time (no numpy): what measure_queue must agree with."""
    store = session.store
    events = [store.record(i) for i in range(len(store))]
    kinds = Counter(e.kind for e in events)
    polls = [e for e in events if e.kind == Ev.POLL_END]
    registers = [e for e in events if e.kind == Ev.FD_REGISTER]
    at_once = [e for e in events if e.kind == Ev.FD_UNREGISTER and e.c == 1]
    return {
        "polls": kinds[Ev.POLL_END],
        "empty_polls": sum(1 for e in polls if e.a == 0),
        "fd_events": kinds[Ev.FD_EVENT],
        "read_events": sum(1 for e in events if e.kind == Ev.FD_EVENT and e.b & READ),
        "registrations": kinds[Ev.FD_REGISTER],
        "read_registrations": sum(1 for e in registers if e.b & READ),
        "handles": len({e.a for e in registers}),
        "done_at_once": len(at_once),
        "reads_at_once": sum(1 for e in at_once if e.b & READ),
        "blocked_ns": sum(e.b for e in polls),
        "steps": kinds[Ev.STEP_BEGIN],
    }


def test_the_counts_are_the_events_counted(epoll_echo: Path) -> None:
    for path in (epoll_echo, IOCP_ECHO):
        session = tracefile.load(path)
        m = measure_queue(session.store, session.info)
        assert {k: getattr(m, k) for k in counted(session)} == counted(session), path
        assert m.events == len(session.store) and m.duration_ns == session.duration_ns
        assert m.reads_done == m.read_events + m.reads_at_once


def test_epoll_keeps_fds_registered_and_iocp_starts_an_operation_per_read(
        epoll_echo: Path) -> None:
    # The two models, as these recordings of one sample show them (3 clients x 5 messages).
    e = tracefile.load(epoll_echo)
    i = tracefile.load(IOCP_ECHO)
    me, mi = measure_queue(e.store, e.info), measure_queue(i.store, i.info)
    assert (me.backend, me.model, mi.backend, mi.model) == ("epoll", "readiness", "iocp",
                                                            "completion")
    # Readiness: far fewer read registrations than reads (one per fd, kept across messages).
    assert me.read_registrations < me.reads_done and me.done_at_once == 0
    # Completion: every read is an operation started; 15 echoes each way take 30 at least.
    assert mi.read_registrations >= mi.reads_done >= 30
    assert mi.registrations > me.registrations
    paragraphs = explain_models(me, mi)
    text = " ".join(f"{lead} {body}" for lead, body in paragraphs)
    assert "Readiness (epoll)." in text and "Completion (iocp)." in text
    assert "non-blocking recv()" in text and "a read would not block now" in text
    assert "fills the buffer before it queues the completion packet" in text
    assert "an fd stays registered across messages" in text
    assert "a new operation for every read" in text
    assert f"Operations finished inside the call that started them: {mi.done_at_once:,}." \
        in text
    assert "In the first recording (epoll)." in text and "In the second recording (iocp)." in text
    assert "The same model." not in text


def _measures(backend: str, **counts: int) -> QueueMeasures:
    base = dict(duration_ns=100_000_000, events=500, polls=50, empty_polls=20,
                max_events_per_poll=3, fd_events=40, read_events=30, write_events=10,
                registrations=10, read_registrations=5, handles=5, done_at_once=0,
                reads_at_once=0, blocked_ns=80_000_000, longest_wait_ns=20_000_000, steps=60)
    base.update(counts)
    return QueueMeasures(backend=backend, workload="tcp-echo", **base)


def test_a_sentence_about_the_counts_needs_the_counts() -> None:
    # A readiness recording that re-registered for every read does not "stay registered";
    # a completion recording with fewer reads started than done is not "one per read".
    odd_epoll = _measures("epoll", read_registrations=40, read_events=30)
    odd_iocp = _measures("iocp", read_registrations=3, read_events=30)
    text = " ".join(body for _lead, body in explain_models(odd_epoll, odd_iocp))
    assert "stays registered" not in text and "for every read" not in text
    assert "Readiness" in " ".join(lead for lead, _ in explain_models(odd_epoll, odd_iocp))


def test_two_sessions_of_one_model_still_compare() -> None:
    a, b = _measures("epoll"), _measures("poll")
    leads = [lead for lead, _body in explain_models(a, b)]
    assert leads[0] == "The same model."
    assert "Completion (iocp)." not in leads and "Readiness (epoll)." in leads
    same = explain_models(a, dataclasses.replace(a, workload="timers"))
    assert ("Different samples.", "These recordings are of tcp-echo and timers: their counts "
            "describe different work.") in same


def test_every_sentence_goes_through_the_translation_function() -> None:
    seen: list[str] = []

    def tr(text: str) -> str:
        seen.append(text)
        return f"⟦{text}⟧"

    a, b = _measures("epoll"), _measures("iocp", read_registrations=40, reads_at_once=5)
    plain = explain_models(a, b)
    translated = explain_models(a, b, tr)
    assert seen and all(not text.startswith("⟦") for text in seen)
    assert [(x.replace("⟦", "").replace("⟧", ""), y.replace("⟦", "").replace("⟧", ""))
            for x, y in translated] == plain
    assert all(lead.startswith("⟦") and body.startswith("⟦") for lead, body in translated)


def test_a_recording_without_an_event_queue_is_refused(tmp_path: Path) -> None:
    session = tracefile.load(IOCP_ECHO)
    assert refusal(session.store, session.info, "x") == ""
    threads = dataclasses.replace(session.info, mode="preemptive", backend="threads")
    assert "is a preemptive recording (OS threads)" in refusal(session.store, threads, "x")
    assert model_of("kqueue") == "readiness" and model_of("threads") == ""
