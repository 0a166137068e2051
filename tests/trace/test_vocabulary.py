"""One vocabulary: every member of every enum of the event vocabulary has a sentence of its own,
in both modes, and no sentence falls back to numbers, enum names or a wrong default.

The cases are built from the enums themselves: a member added to ``Ev``, ``Wait``, ``Cause``,
``Outcome`` or ``Control`` without its sentence in :mod:`app.trace.text` fails here (and the
Describer's ``assert_never`` makes it a type error as well)."""

from __future__ import annotations

import re
from enum import IntEnum

import pytest

from app.trace.events import (
    READ,
    WAIT_UNKNOWN,
    WRITE,
    Cause,
    Control,
    Ev,
    Outcome,
    PeerAction,
    Wait,
)
from app.trace.text import Describer, TraceNames, cause_text, kind_name, outcome_text, wait_text

STRINGS = ["", "epoll", "aiosqlite worker", "sqlite3 SELECT", "worker-1", "ValueError: bad",
           "app.py:3", "CPython 3.x · GIL on · switch interval 5 ms", "asyncio reported: boom"]
MODES = {"cooperative": "epoll", "preemptive": "threads", "completion": "iocp"}
ENUMS: tuple[type[IntEnum], ...] = (Ev, Wait, Cause, Outcome, Control, PeerAction)
UNKNOWN = 99


def describer(mode: str, tr: object = None) -> Describer:
    if tr is None:
        return Describer(STRINGS, lambda serial: f"T{serial}", MODES[mode])
    assert callable(tr)
    return Describer(STRINGS, lambda serial: f"T{serial}", MODES[mode], tr)


#: What a recording holds in (task, a, b, c) for each kind: a string id, where the kind
#: carries one, that names something real. A kind missing here fails the tests below.
SAMPLE_EVENTS: dict[Ev, tuple[int, int, int, int]] = {
    Ev.TASK_SPAWNED: (3, 1, 0, 4), Ev.TASK_READY: (3, int(Cause.FD), 7, READ),
    Ev.STEP_BEGIN: (3, 12, 0, 0), Ev.STEP_END: (3, int(Wait.CALL), 0, 3),
    Ev.TASK_EXITED: (3, int(Outcome.ERROR), 5, 0), Ev.CALLBACK_READY: (0, 9, int(Cause.TASK), 7),
    Ev.CALLBACK_BEGIN: (0, 9, 3, 14), Ev.CALLBACK_END: (0, 9, 0, 0),
    Ev.HANDLE_SKIPPED: (0, 9, 0, 0), Ev.FD_REGISTER: (0, 7, READ, 3),
    Ev.FD_MODIFY: (0, 7, READ | WRITE, 3), Ev.FD_UNREGISTER: (0, 7, READ, 0),
    Ev.POLL_BEGIN: (0, 5_000_000, 11, 1), Ev.POLL_END: (0, 1, 2_000_000, 1),
    Ev.FD_EVENT: (0, 7, READ, 0), Ev.TIMER_ADDED: (3, 8, 10**9, 3),
    Ev.TIMER_FIRED: (0, 8, 300_000, 13), Ev.TIMER_CANCELLED: (3, 8, 0, 0),
    Ev.THREAD_WAKE: (3, 10, 4, 1), Ev.INSTRUMENT_ERROR: (0, 5, 0, 0),
    Ev.CONTROL: (0, int(Control.PAUSE), 0, 0), Ev.LOOP_INFO: (0, 5, 1, 4),
    Ev.MARK: (3, 8, 0, 0), Ev.TASK_RENAMED: (3, 4, 0, 0),
    Ev.THREADS_INFO: (0, 5_000_000, 1, 7), Ev.SLOW_STEP: (3, 250_000_000, 6, 100_000_000),
    Ev.PEER_IO: (0, 7, int(PeerAction.SEND), 6),
}
#: Kinds whose sentence is a recorded string as is (a message that is a sentence already).
VERBATIM = {Ev.INSTRUMENT_ERROR, Ev.MARK}

#: A sentence that is a fallback, not words: numbers alone, a string id, an enum's value or
#: member name where words belong.
_NUMBERS_ONLY = re.compile(r"[\d\s.,:;#()+\-]*")
_ENUM_VALUE = re.compile(r"\b(?:event|wait|cause|outcome|command|kind|ev|control) -?\d+\b",
                         re.IGNORECASE)
_MEMBER_NAMES = {m.name for e in ENUMS for m in e if "_" in m.name}


def fallbacks(text: str, *, wait: int | None = None, cause: int | None = None,
              mode: str = "cooperative") -> list[str]:
    """What is wrong with ``text`` as the sentence of a known member (empty: nothing)."""
    wrong = []
    if not text.strip() or _NUMBERS_ONLY.fullmatch(text):
        wrong.append("no words")
    if "unknown to this version" in text:
        wrong.append("a known member read as unknown")
    if "<string" in text:
        wrong.append("a string id that names nothing")
    if _ENUM_VALUE.search(text):
        wrong.append("an enum value instead of words")
    if any(name in text or name.lower() in text for name in _MEMBER_NAMES):
        wrong.append("an enum member's name instead of words")
    if "nothing (finished)" in text and wait != Wait.DONE:
        wrong.append("'nothing (finished)' for a wait that is not DONE")
    if "outside any step" in text and not (cause == Cause.OUTSIDE and mode != "preemptive"):
        wrong.append("'outside any step' for a cause that has a meaning")
    if "(inferred" in text and cause != Cause.PREEMPTED:
        wrong.append("'inferred' for something recorded")
    if cause == Cause.PREEMPTED and "inferred" not in text:
        wrong.append("an inference that does not say so")
    return wrong


def all_sentences(mode: str) -> list[tuple[str, str, dict[str, int]]]:
    """(what, sentence, context) for every member of every enum in ``mode``: each kind as a
    whole event, each wait in STEP_END, each cause in TASK_READY and CALLBACK_READY, each
    outcome in TASK_EXITED, each command in CONTROL; and each through its own method."""
    d = describer(mode)
    out: list[tuple[str, str, dict[str, int]]] = []
    for kind in Ev:
        task, a, b, c = SAMPLE_EVENTS[kind]
        out.append((f"event {kind.name}", d.event(kind, task, a, b, c), {}))
    for wait in Wait:
        ctx = {"wait": int(wait)}
        out.append((f"wait {wait.name}", d.wait(wait, 7, 3), ctx))
        out.append((f"STEP_END {wait.name}", d.event(Ev.STEP_END, 3, wait, 7, 3), ctx))
    for cause in Cause:
        ctx = {"cause": int(cause)}
        out.append((f"cause {cause.name}", d.cause(cause, 4, READ), ctx))
        out.append((f"TASK_READY {cause.name}", d.event(Ev.TASK_READY, 3, cause, 4, READ), ctx))
        out.append((f"CALLBACK_READY {cause.name}", d.event(Ev.CALLBACK_READY, 0, 9, cause, 4),
                    ctx))
    for outcome in Outcome:
        out.append((f"outcome {outcome.name}", d.outcome(outcome, 5), {}))
        out.append((f"TASK_EXITED {outcome.name}", d.event(Ev.TASK_EXITED, 3, outcome, 5, 0),
                    {}))
    for control in Control:
        out.append((f"control {control.name}", d.control(control), {}))
        out.append((f"CONTROL {control.name}", d.event(Ev.CONTROL, 0, control, 0, 0), {}))
        out.append((f"cause CONTROL {control.name}", d.cause(Cause.CONTROL, control, 0),
                    {"cause": int(Cause.CONTROL)}))
    for action in PeerAction:
        out.append((f"PEER_IO {action.name}", d.event(Ev.PEER_IO, 0, 7, action, 6), {}))
        out.append((f"PEER_IO {action.name} (fd unknown)", d.event(Ev.PEER_IO, 0, -1, action, 6),
                    {}))
    return out


@pytest.mark.parametrize("mode", MODES)
def test_every_member_of_every_enum_reads_as_words(mode: str) -> None:
    wrong = {}
    for what, text, ctx in all_sentences(mode):
        problems = fallbacks(text, mode=mode, **ctx)
        if problems:
            wrong[what] = (text, problems)
    assert not wrong, wrong


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("enum", [Wait, Cause, Outcome, Control, PeerAction],
                         ids=lambda e: e.__name__)
def test_members_of_one_enum_never_share_a_sentence(mode: str, enum: type[IntEnum]) -> None:
    d = describer(mode)
    say = {Wait: lambda m: d.wait(m, 7, 3), Cause: lambda m: d.cause(m, 4, READ),
           Outcome: lambda m: d.outcome(m, 5), Control: d.control,
           PeerAction: lambda m: d.peer_io(7, m, 6)}[enum]
    texts = {m: say(m) for m in enum}
    assert len(set(texts.values())) == len(texts), texts


@pytest.mark.parametrize("mode", MODES)
def test_every_event_kind_has_a_sentence_of_its_own(mode: str) -> None:
    assert set(SAMPLE_EVENTS) == set(Ev)  # a new kind needs its sample (and its sentence)
    d = describer(mode)
    texts = {kind: d.event(kind, *SAMPLE_EVENTS[kind]) for kind in Ev}
    assert len(set(texts.values())) == len(texts), texts


@pytest.mark.parametrize("mode", MODES)
def test_values_this_version_does_not_know_say_so(mode: str) -> None:
    d = describer(mode)
    assert d.event(UNKNOWN, 3, 1, 2, 4) == "event 99, unknown to this version: 3 1 2 4"
    assert d.wait(UNKNOWN, 7, 3) == "wait 99, unknown to this version"
    assert d.cause(UNKNOWN, 7, READ) == "cause 99, unknown to this version"
    assert d.outcome(UNKNOWN, 5) == "outcome 99, unknown to this version"
    assert d.control(UNKNOWN) == "command 99, unknown to this version"
    assert d.peer_io(7, UNKNOWN, 0) == \
        "a peer outside the loop did I/O 99, unknown to this version, on fd 7"
    assert d.event(Ev.TASK_EXITED, 3, UNKNOWN, 5, 0) == \
        "T3 ended: outcome 99, unknown to this version"
    # The replay's "not known" (events lost) is no version problem.
    assert d.wait(WAIT_UNKNOWN, 0, 0) == "something not known (its events were lost)"
    assert d.cause(0, 0, 0) == "not known (its events were lost)"


@pytest.mark.parametrize("mode", MODES)
def test_a_blocked_thread_and_a_lost_gil_read_right(mode: str) -> None:
    """The sentences the issue found wrong: a thread blocked in sqlite3, a preempted thread, a
    returned call, the threads' opening event."""
    d = describer(mode)
    ends = {"cooperative": "T3 step ends", "preemptive": "T3 stops running",
            "completion": "T3 step ends"}[mode]
    assert d.event(Ev.STEP_END, 3, Wait.CALL, 0, 3) == \
        f"{ends}, now waits for a blocking call to return (sqlite3 SELECT)"
    ready = {"cooperative": "T3 → ready queue", "preemptive": "T3 → ready to run",
             "completion": "T3 → ready queue"}[mode]
    assert d.event(Ev.TASK_READY, 3, Cause.PREEMPTED, 0, 0) == (
        f"{ready}: it had lost the GIL or its CPU (inferred from a gap in its work)")
    assert d.event(Ev.TASK_READY, 3, Cause.RETURNED, 0, 0) == \
        f"{ready}: its blocking call returned"
    assert d.event(Ev.THREADS_INFO, 0, 5_000_000, 1, 7) == (
        "the work runs on OS threads, scheduled by the OS and the GIL: CPython 3.x · GIL on · "
        "switch interval 5 ms")


OPENING = "the work runs on OS threads, scheduled by the OS and the GIL: "


def test_a_run_s_conditions_are_recorded_as_facts_and_worded_here() -> None:
    """THREADS_INFO's string holds facts (JSON); an older recording's sentence is parsed into
    the same facts, so both read alike and both are translated; anything else is shown as is."""
    strings = ["", '{"python":"cpython 3.11.7","cpus":2,"gap_ns":50000}',
               "cpython 3.11.7 · GIL on · 2 CPUs · switch interval 5 ms · gap threshold 50 µs",
               "cpython 3.13.1 · GIL off (free-threaded) · ? CPUs · switch interval 0.5 ms · "
               "gap threshold 20 µs", "conditions of some other kind", '{"cpus": 4}']
    d = Describer(strings, str, "threads")
    new = d.event(Ev.THREADS_INFO, 0, 5_000_000, 1, 1)
    assert new == OPENING + ("cpython 3.11.7 · GIL on · 2 CPUs · switch interval 5 ms · "
                             "gap threshold 50 µs")
    assert d.event(Ev.THREADS_INFO, 0, 5_000_000, 1, 2) == new  # an older recording
    assert d.event(Ev.THREADS_INFO, 0, 500_000, 0, 3) == OPENING + (
        "cpython 3.13.1 · GIL off (free-threaded) · ? CPUs · switch interval 0.5 ms · "
        "gap threshold 20 µs")
    assert d.event(Ev.THREADS_INFO, 0, 5_000_000, 1, 4) == \
        OPENING + "conditions of some other kind"
    assert d.event(Ev.THREADS_INFO, 0, 1_000_000, 1, 5) == \
        OPENING + "GIL on · 4 CPUs · switch interval 1 ms"  # facts missing: left out
    translated = Describer(strings, str, "threads", lambda text: f"⟦{text}⟧")
    for sid in (1, 2):
        assert translated.event(Ev.THREADS_INFO, 0, 5_000_000, 1, sid) == (
            "⟦" + OPENING + "cpython 3.11.7 · ⟦GIL on⟧ · ⟦2 CPUs⟧ · ⟦switch interval 5 ms⟧ · "
            "⟦gap threshold 50 µs⟧⟧")


@pytest.mark.parametrize("mode", MODES)
def test_a_launch_names_what_it_launched_in_new_and_old_recordings(mode: str) -> None:
    """A LAUNCH command's string is the launched name; an older recording's "launch NAME"
    reads the same."""
    strings = ["", "cpu-hog (2)", "launch cpu-hog (2)", "script:demo.py"]
    d = Describer(strings, str, MODES[mode])
    said = "LoopScope command: launch cpu-hog (2)"
    assert d.event(Ev.CONTROL, 0, Control.LAUNCH, 1, 5) == said
    assert d.event(Ev.CONTROL, 0, Control.LAUNCH, 2, 5) == said
    assert d.event(Ev.CONTROL, 0, Control.LAUNCH, 3, 5) == \
        "LoopScope command: launch script:demo.py"
    assert d.event(Ev.CONTROL, 0, Control.LAUNCH, 0, 5) == "LoopScope command: launch"
    translated = Describer(strings, str, MODES[mode], lambda text: f"⟦{text}⟧")
    assert translated.event(Ev.CONTROL, 0, Control.LAUNCH, 2, 5) == f"⟦{said}⟧"


@pytest.mark.parametrize("mode", MODES)
def test_no_parent_and_no_waker_read_as_such(mode: str) -> None:
    d = describer(mode)
    spawned = d.event(Ev.TASK_SPAWNED, 3, 0, 0, 4)
    assert "T0" not in spawned and "nothing" not in spawned
    woken = d.cause(Cause.TASK, 0, 0)
    assert "T0" not in woken and woken.endswith("ran")


@pytest.mark.parametrize("mode", MODES)
def test_every_sentence_goes_through_the_translation_function(mode: str) -> None:
    """A translation that brackets what it is given: every sentence (but the recorded messages
    shown as they are) is a translated template, and so is every word put into it."""
    d = describer(mode, lambda text: f"⟦{text}⟧")
    for kind in Ev:
        text = d.event(kind, *SAMPLE_EVENTS[kind])
        if kind in VERBATIM:
            assert text in STRINGS
            continue
        assert text.startswith("⟦") and text.endswith("⟧"), (kind, text)
    for method, members in ((d.wait, Wait), (d.cause, Cause)):
        for m in members:
            text = method(m, 7, READ)
            assert text.startswith("⟦") and text.endswith("⟧"), (m, text)
    for o in Outcome:
        assert d.outcome(o, 5).startswith("⟦")
    for c in Control:
        assert d.control(c).startswith("⟦") and d.control(c).endswith("⟧"), c
    # The words put into a sentence are translated too, not only the template around them.
    assert d.event(Ev.CONTROL, 0, Control.SLOW_MOTION, 0, 0) == "⟦LoopScope command: ⟦slow motion⟧⟧"


def test_the_short_codes_name_every_member() -> None:
    """History and export labels: words for every member, an inference marked as one."""
    for wait in Wait:
        assert not fallbacks(wait_text(wait, 7, 3, STRINGS), wait=Wait.DONE), wait
    for cause in Cause:
        text = cause_text(cause, 7, READ, STRINGS)
        assert "<string" not in text and "cause " not in text, (cause, text)
        assert ("inferred" in text) == (cause == Cause.PREEMPTED), (cause, text)
    assert [outcome_text(o, 5, STRINGS) for o in Outcome] == ["ok", "error: ValueError: bad",
                                                              "cancelled"]
    assert [kind_name(k) for k in Ev] == [k.name for k in Ev]
    assert kind_name(UNKNOWN) == "99"


def test_an_exported_trace_takes_its_names_from_the_vocabulary() -> None:
    names = TraceNames(STRINGS, lambda text: f"⟦{text}⟧")
    assert names.ready(Cause.PREEMPTED) == "⟦ready (waiting for the GIL, inferred)⟧"
    assert names.ready(Cause.FD) == "⟦ready⟧"
    assert TraceNames(STRINGS).poll("epoll") == "epoll_wait"
    assert TraceNames(STRINGS).poll("") == "poll wait"
    assert TraceNames(STRINGS).exited(Outcome.ERROR, 5) == "exited: error: ValueError: bad"
    assert TraceNames(STRINGS).command(Control.SLOW_MOTION) == "command: slow_motion"
