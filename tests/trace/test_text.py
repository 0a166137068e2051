"""What the app says in words: numbers as a person reads them; the sentence for every event, wait
and cause, in both modes; the backend named where the loop that recorded an event polled."""

from __future__ import annotations

import asyncio
import socket
import sys

import numpy as np
import pytest

from app.model import board as bm
from app.model.reducer import Reducer
from app.trace.events import READ, WAIT_UNKNOWN, WRITE, Cause, Ev, Wait
from app.trace.store import EventStore
from app.trace.text import Describer, cause_text, fmt_ns, fmt_result
from tests.support.traces import record
from tests.support.workloads import SMALL, run_threads


def test_a_result_reads_as_words_and_rounded_numbers() -> None:
    result = {"echoed": 15, "sent": 12_960, "max_lateness_ms": 1052.9028750024736,
              "min_lateness_ms": 0.0, "ok": True, "kind": "sleep"}
    assert fmt_result(result) == ("echoed 15, sent 12,960, max_lateness_ms 1,052.9, "
                                  "min_lateness_ms 0, ok True, kind sleep")
    assert fmt_result(3) == "3"
    assert fmt_result(None) == "None"


def test_durations_take_the_unit_a_person_reads_best() -> None:
    assert [fmt_ns(n) for n in (-1, 0, 1_500, 2_500_000, 312_000_000, 27_300_000_000)] == \
        ["∞", "0", "1.5 µs", "2.50 ms", "312 ms", "27.3 s"]


# -- every sentence names the backend of the loop that recorded it -------------------------------
def _recorded_on(backend: str) -> tuple[EventStore, Reducer]:
    """A short real run on ``backend``: a sleep and a socket pair (polls that return events)."""

    async def main() -> None:
        left, right = socket.socketpair()
        loop = asyncio.get_running_loop()
        left.setblocking(False)
        right.setblocking(False)
        await asyncio.sleep(0.001)
        await loop.sock_sendall(left, b"x")
        assert await loop.sock_recv(right, 1) == b"x"
        left.close()
        right.close()

    _, events, rec = record(main, backend=backend)
    store = EventStore(rec.strings, rec.tasks)
    store.append([(e.seq, e.ts, int(e.kind), e.task, e.a, e.b, e.c) for e in events])
    reducer = Reducer(store)
    reducer.apply()
    return store, reducer


def _poll_sentences(store: EventStore, describer: Describer) -> set[str]:
    """The event log's POLL_BEGIN / POLL_END lines, with the numbers taken out."""
    out = set()
    for i in np.flatnonzero((store.kind == Ev.POLL_BEGIN) | (store.kind == Ev.POLL_END)):
        text = describer.event(int(store.kind[i]), int(store.task[i]), int(store.a[i]),
                               int(store.b[i]), int(store.c[i]))
        out.add(text.split("(")[0] if "(timeout" in text else text.split(" returned")[0])
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="records on poll and epoll, which Windows "
                    "lacks (it has select and iocp)")
@pytest.mark.parametrize(("backend", "call", "other"), [("poll", "poll", "epoll"),
                                                        ("epoll", "epoll_wait", "poll")])
def test_poll_sentences_name_the_backend_that_recorded_them(backend: str, call: str,
                                                            other: str) -> None:
    store, reducer = _recorded_on(backend)
    assert reducer.backend() == backend
    # Told another backend (the Backend box switched since): the events still say theirs.
    misled = Describer(store.strings, store.task_name, other)
    assert _poll_sentences(store, misled) == {call}
    # Sentences that stand for no single event (board, status, inspector) follow the recording.
    described = Describer(store.strings, store.task_name, reducer.backend)
    assert described.wait_call() == call
    state = reducer.state()
    assert bm.layout(state, store, described).wait_text.startswith(f"last {call} returned")
    register = int(np.flatnonzero(store.kind == Ev.FD_REGISTER)[0])
    caption, step = bm.caption(store, register, described)
    assert step == 0
    assert ("(epoll_ctl)" in caption) == (backend == "epoll")
    assert ("hands to poll at every wait" in caption) == (backend == "poll")


# -- every event kind, wait and cause has a sentence of its own, right in both modes -------------
_STRINGS = ["", "epoll", "aiosqlite worker", "Queue.get", "worker-1", "ValueError: bad",
            "app.py:3", "CPython 3.x · GIL on · switch interval 5 ms"]
_MODES = {"cooperative": "epoll", "preemptive": "threads"}
_UNKNOWN = 99


def _describer(mode: str) -> Describer:
    return Describer(_STRINGS, lambda serial: f"T{serial}", _MODES[mode])


#: d.wait(wait, detail=7, c=2) in each mode.
WAIT_SENTENCES = {
    "cooperative": {
        Wait.READY: "nothing (back in the ready queue)",
        Wait.FD_READ: "fd 7 readable",
        Wait.FD_WRITE: "fd 7 writable",
        Wait.TIMER: "timer #2",
        Wait.TASK: "task T7",
        Wait.FUTURE: "a future: aiosqlite worker",
        Wait.THREAD: "a thread (aiosqlite worker)",
        Wait.DONE: "nothing (finished)",
        Wait.CALL: "a blocking call to return (aiosqlite worker)",
        WAIT_UNKNOWN: "something not known (its events were lost)",
    },
    "preemptive": {
        Wait.READY: "nothing (still runnable)",
        Wait.FD_READ: "fd 7 readable",
        Wait.FD_WRITE: "fd 7 writable",
        Wait.TIMER: "the end of its sleep",
        Wait.TASK: "thread T7 to end",
        Wait.FUTURE: "another thread (aiosqlite worker)",
        Wait.THREAD: "a thread (aiosqlite worker)",
        Wait.DONE: "nothing (finished)",
        Wait.CALL: "a blocking call to return (aiosqlite worker)",
        WAIT_UNKNOWN: "something not known (its events were lost)",
    },
}

#: d.cause(cause, detail=7, mask=READ) in each mode (THREAD's detail names a thread: 4).
CAUSE_SENTENCES = {
    "cooperative": {
        Cause.SPAWN: "it was just created",
        Cause.FD: "fd 7 became readable",
        Cause.TIMER: "timer #7 fired",
        Cause.TASK: "task T7 ran",
        Cause.THREAD: "thread worker-1 called call_soon_threadsafe",
        Cause.YIELD: "it yielded to the loop",
        Cause.CALLBACK: "a callback ran",
        Cause.OUTSIDE: "set up outside any step",
        Cause.CONTROL: "a LoopScope command (slow motion)",
        Cause.PREEMPTED: "it had lost the GIL or its CPU (inferred from a gap in its work)",
        Cause.RETURNED: "its blocking call returned",
        0: "not known (its events were lost)",
    },
    "preemptive": {
        Cause.SPAWN: "it was just started",
        Cause.FD: "fd 7 became readable",
        Cause.TIMER: "its deadline passed",
        Cause.TASK: "thread T7 ran",
        Cause.THREAD: "thread worker-1 called call_soon_threadsafe",
        Cause.YIELD: "it gave the GIL away (sleep(0))",
        Cause.CALLBACK: "a callback ran",
        Cause.OUTSIDE: "set up outside any thread",
        Cause.CONTROL: "a LoopScope command (slow motion)",
        Cause.PREEMPTED: "it had lost the GIL or its CPU (inferred from a gap in its work)",
        Cause.RETURNED: "its blocking call returned",
        0: "not known (its events were lost)",
    },
}


@pytest.mark.parametrize("mode", _MODES)
def test_every_wait_reads_as_what_it_is(mode: str) -> None:
    d = _describer(mode)
    expected = WAIT_SENTENCES[mode]
    assert set(expected) == {*Wait, WAIT_UNKNOWN}  # a new Wait member needs its sentence
    assert {w: d.wait(w, 7, 2) for w in expected} == expected
    assert d.wait(_UNKNOWN, 7, 2) == "wait 99, unknown to this version"
    # A wait handle of 0 (no timer handle) is a deadline, never "timer #0".
    assert d.wait(Wait.TIMER, 7, 0) == "the end of its sleep"


@pytest.mark.parametrize("mode", _MODES)
def test_every_cause_reads_as_what_it_is(mode: str) -> None:
    d = _describer(mode)
    expected = CAUSE_SENTENCES[mode]
    assert set(expected) == {*Cause, 0}  # a new Cause member needs its sentence
    details = {Cause.THREAD: 4}
    assert {c: d.cause(c, details.get(c, 7), READ) for c in expected} == expected
    assert d.cause(_UNKNOWN, 7, READ) == "cause 99, unknown to this version"
    # The mask says which readiness; a callback's (not recorded) says neither.
    assert [d.cause(Cause.FD, 7, mask) for mask in (WRITE, 0)] == \
        ["fd 7 became writable", "fd 7 became ready"]
    assert [cause_text(Cause.FD, 7, mask, _STRINGS) for mask in (READ, WRITE, 0)] == \
        ["fd 7 readable", "fd 7 writable", "fd 7 ready"]


@pytest.mark.parametrize("mode", _MODES)
def test_a_preemptive_recording_says_so_with_its_conditions(mode: str) -> None:
    # Every kind's own sentence, the unknown kind and fallbacks: tests/trace/test_vocabulary.py.
    # THREADS_INFO used to fall through to a generic sentence.
    d = _describer(mode)
    assert d.event(Ev.THREADS_INFO, 0, 5_000_000, 1, 7) == (
        "the work runs on OS threads, scheduled by the OS and the GIL: CPython 3.x · GIL on · "
        "switch interval 5 ms")
    assert d.event(Ev.THREADS_INFO, 0, 5_000_000, 0, 0) == (
        "the work runs on OS threads, scheduled by the OS and the GIL: switch interval "
        "5.00 ms, GIL off")


@pytest.mark.parametrize("mode", _MODES)
def test_every_step_end_and_wake_up_reads_right(mode: str) -> None:
    d = _describer(mode)
    runs = {"cooperative": "T3 step ends", "preemptive": "T3 stops running"}[mode]
    ready = {"cooperative": "T3 → ready queue", "preemptive": "T3 → ready to run"}[mode]
    for wait, what in WAIT_SENTENCES[mode].items():
        expected = runs if wait in (Wait.READY, Wait.DONE) else f"{runs}, now waits for {what}"
        assert d.event(Ev.STEP_END, 3, wait, 7, 2) == expected
    for cause, why in CAUSE_SENTENCES[mode].items():
        detail = 4 if cause == Cause.THREAD else 7
        assert d.event(Ev.TASK_READY, 3, cause, detail, READ) == f"{ready}: {why}"


_NOT_IN_A_THREAD_RECORDING = ("loop", "ready queue", "future", "(step)", "timer #", "callback",
                              "unknown to this version", "<string")


@pytest.mark.parametrize("name", ["db-user-lookup", "cpu-hog", "producer-consumer", "tcp-echo",
                                  "executor"])
def test_a_preemptive_recording_reads_as_threads(name: str) -> None:
    _, events, rec = run_threads(name, SMALL[name])
    d = Describer(rec.strings, lambda serial: rec.tasks[serial].name, "threads")
    texts = {d.event(e.kind, e.task, e.a, e.b, e.c) for e in events}
    wrong = {t for t in texts if any(w in t for w in _NOT_IN_A_THREAD_RECORDING)}
    assert not wrong
    assert any(t.startswith("the work runs on OS threads") for t in texts)


def test_sentences_join_as_prose_of_their_language() -> None:
    """A space after an English sentence; none after a Chinese one, whose full-width mark
    ends it (。 then a space reads as a typo)."""
    from app.trace.text import join_sentences, sentence_gap

    assert join_sentences("One.", "Two.") == "One. Two."
    assert join_sentences("一。", "二。") == "一。二。"
    assert join_sentences("就绪模型（epoll）：", "epoll 返回") == "就绪模型（epoll）：epoll 返回"
    assert join_sentences("Only.") == "Only." and join_sentences() == ""
    assert sentence_gap("Readiness (epoll).") == " " and sentence_gap("完成模型。") == ""


def test_a_task_woken_by_its_own_step_is_not_woken_by_itself() -> None:
    """Cause.TASK names the task that ran when the wake-up was scheduled; when that is the
    task being described, the sentence says its own step did it."""
    from app.trace.events import Cause

    describer = Describer([], lambda serial: f"Task-{serial}")
    assert describer.cause(Cause.TASK, 7, 0) == "task Task-7 ran"
    assert describer.cause(Cause.TASK, 7, 0, subject=8) == "task Task-7 ran"
    assert describer.cause(Cause.TASK, 7, 0, subject=7) == "its own step scheduled the wake-up"
