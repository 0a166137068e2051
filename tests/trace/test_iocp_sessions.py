"""The IOCP recordings in resources/sessions, made on Windows CPython 3.13 under Wine, open on
any OS: they load, replay event by event, export to Perfetto, print as a text log, and every
view's words are those of a completion queue (operations started, packets dequeued), never
those of readiness ("fd 7 became readable").

Each test reads the files as committed: a change of the recording's format or vocabulary that
breaks old sessions fails here."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from app.model import board as bm
from app.model.reducer import Reducer
from app.model.status import recorded_state_text
from app.trace import perfetto, tracefile
from app.trace.events import Cause, Ev
from app.trace.log import log_rows, recorded_backend
from app.trace.store import EventStore
from app.trace.text import OVERLAPPED_CALLS, Describer, identity
from tests.support.sessions import SESSIONS

FILES = ["tcp-echo-iocp.loopscope", "db-user-lookup-iocp.loopscope"]
#: Words of the readiness model, wrong for a completion queue.
READINESS_WORDS = ("readable", "writable", "became ready", "kernel reports", "register fd",
                   "unregister fd", "interest")


def load(name: str) -> tracefile.Session:
    return tracefile.load(SESSIONS / name)


def describer_of(store: EventStore) -> Describer:
    return Describer(store.strings, store.task_name, recorded_backend(store), identity)


@pytest.mark.parametrize("name", FILES)
def test_the_session_keeps_its_backend_and_its_windows_origin(name: str) -> None:
    session = load(name)
    info = session.info
    assert info.backend == "iocp" and recorded_backend(session.store) == "iocp"
    assert info.mode == "cooperative" and info.outcome == "ok"
    assert session.store.dropped_total == 0
    assert info.platform.startswith("win32")
    assert info.workload == name.removesuffix("-iocp.loopscope")
    kinds = {Ev(int(k)) for k in session.store.kind}
    assert {Ev.FD_REGISTER, Ev.FD_EVENT, Ev.FD_UNREGISTER, Ev.POLL_BEGIN, Ev.POLL_END} <= kinds
    assert Ev.FD_MODIFY not in kinds  # an operation is started, never re-armed


@pytest.mark.parametrize("name", FILES)
def test_every_event_reads_as_completion_and_names_a_win32_call(name: str) -> None:
    store = load(name).store
    d = describer_of(store)
    assert d.completion and d.wait_call() == "GetQueuedCompletionStatus"
    sentences = [row.text for _, row in log_rows(store, d)]
    assert len(sentences) == len(store)
    wrong = [s for s in sentences if any(word in s for word in READINESS_WORDS)]
    assert wrong == []
    calls = set(OVERLAPPED_CALLS.values())
    for i in range(len(store)):
        kind = int(store.kind[i])
        if kind == Ev.FD_REGISTER:
            assert sentences[i].startswith("start overlapped ")
            assert sentences[i].split()[2] in calls, sentences[i]
        elif kind == Ev.FD_EVENT:
            assert sentences[i].startswith("GetQueuedCompletionStatus dequeued the "
                                           "completion packet of ")
        elif kind == Ev.POLL_END:
            assert " completion(s) after " in sentences[i]


@pytest.mark.parametrize("name", FILES)
def test_completions_are_dequeued_inside_the_wait_that_returns_them(name: str) -> None:
    """The order the IOCP backend documents: each FD_EVENT lies between a POLL_BEGIN and its
    POLL_END, names an operation that was outstanding on that handle, and POLL_END counts
    the completions of its wait."""
    store = load(name).store
    outstanding: set[tuple[int, int]] = set()  # (handle, mask): one of each at most
    in_poll = False
    dequeued = 0
    for i in range(len(store)):
        kind, a, b, c = (int(store.kind[i]), int(store.a[i]), int(store.b[i]),
                         int(store.c[i]))
        if kind == Ev.POLL_BEGIN:
            in_poll, dequeued = True, 0
        elif kind == Ev.POLL_END:
            assert a == dequeued, i
            in_poll = False
        elif kind == Ev.FD_REGISTER:
            assert (a, b) not in outstanding, i
            outstanding.add((a, b))
        elif kind == Ev.FD_EVENT:
            assert in_poll and (a, b) in outstanding and c > 0, i
            dequeued += 1
        elif kind == Ev.FD_UNREGISTER:
            outstanding.remove((a, b))


@pytest.mark.parametrize("name", FILES)
def test_replay_shows_operations_outstanding_and_packets_dequeued(name: str) -> None:
    """Replayed event by event, the board's kernel side is a completion port: at each
    FD_EVENT the handle's packet is listed as dequeued and no longer outstanding; after each
    FD_REGISTER the operation is outstanding, named by its Win32 call."""
    store = load(name).store
    d = describer_of(store)
    reducer = Reducer(store)
    for i in range(len(store)):
        kind, a = int(store.kind[i]), int(store.a[i])
        if kind not in (Ev.FD_REGISTER, Ev.FD_EVENT):
            continue
        state = reducer.state_at(i + 1)
        model = bm.layout(state, store, d)
        assert model.kernel_title == "Kernel — completion port"
        data_rows = [row for row in model.fd_rows if not row.header]
        if kind == Ev.FD_EVENT:
            op = d.operation(int(store.c[i]))
            assert any(row.fd == a and row.fired and row.text == f"✓ {op} · handle {a}"
                       for row in data_rows), i
            assert not state.fds  # a completion port has no interest list
        else:
            op = d.operation(int(store.c[i]))
            assert any(row.fd == a and not row.fired and row.text.startswith(
                f"{op} · handle {a} · ") for row in data_rows), i
        # (a packet dequeued in the running wait ends its operation at the next event: it
        # is counted as dequeued, not as pending)
        draining = {(fd, m) for fd, m, _ in state.poll.fds} if state.poll.in_poll else set()
        pending = [key for key in state.operations if key not in draining]
        assert model.kernel_count == f"{len(pending)} pending"
    final = reducer.state_at(len(store))
    assert not final.poll.in_poll and recorded_state_text(final, d, identity)


@pytest.mark.parametrize("name", FILES)
def test_captions_follow_the_completion_flow(name: str) -> None:
    store = load(name).store
    d = describer_of(store)
    steps: dict[int, set[str]] = {}
    for i in range(len(store)):
        text, step = bm.caption(store, i, d)
        if step >= 0:
            steps.setdefault(step, set()).add(text.split(" — ")[0])
        kind = int(store.kind[i])
        if kind == Ev.FD_REGISTER:
            assert step == 0 and text.startswith("① start — ")
        elif kind == Ev.FD_EVENT:
            assert step == 2 and text.startswith("③ dequeue — ") and "(②" in text
        elif kind == Ev.TASK_READY and int(store.a[i]) == Cause.FD:
            assert step == 3 and text.startswith("④ handle — ")
            assert "overlapped" in text and "completed" in text
    # ② happens inside the kernel: no event of its own, named inside ③'s caption
    assert set(steps) == {0, 2, 3}


@pytest.mark.parametrize("name", FILES)
def test_the_export_names_completions_and_waits_by_operation(name: str) -> None:
    session = load(name)
    out = io.StringIO()
    perfetto.export(session.store, out, info=session.info)
    doc = json.loads(out.getvalue())
    events = doc["traceEvents"] if isinstance(doc, dict) else doc
    instants = [e["name"] for e in events if e.get("ph") == "i" and e.get("cat") == "fd"]
    assert instants and all(n.startswith("completion ") and " handle " in n for n in instants)
    polls = {e["name"] for e in events if e.get("ph") == "X" and e.get("cat") == "poll"}
    assert "GetQueuedCompletionStatus" in polls
    waits = [e["args"]["then"] for e in events if e.get("ph") == "X"
             and "then" in e.get("args", {})]
    assert not any(w.startswith(("fd-read", "fd-write")) for w in waits)
    io_waits = [w for w in waits if " handle " in w]
    calls = set(OVERLAPPED_CALLS.values()) | {"stream-read", "stream-drain"}
    assert all(w.split()[0] in calls for w in io_waits), io_waits
    if name.startswith("tcp-echo"):  # its tasks wait for accepts and for stream data
        assert {w.split()[0] for w in io_waits} >= {"AcceptEx", "stream-read"}


def test_loopscope_log_prints_the_completion_sentences() -> None:
    path = SESSIONS / FILES[0]
    done = subprocess.run([sys.executable, "-m", "app", "log", str(path), "--kind", "FD_EVENT"],
                          capture_output=True, text=True, timeout=60, check=True)
    lines = done.stdout.splitlines()
    store = load(FILES[0]).store
    assert len(lines) == int((store.kind == Ev.FD_EVENT).sum())
    assert all("dequeued the completion packet of" in line for line in lines)
