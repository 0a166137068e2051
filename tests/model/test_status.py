"""The status bar's sentences, without Qt: every branch of what the loop is said to do."""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

from app.model import status
from app.model.reducer import Reducer, SchedulerState
from app.trace.events import Unit
from app.trace.store import EventStore
from app.trace.text import Describer
from app.trace.tracefile import SessionInfo


def tr(text: str) -> str:
    return text


class Waiting(NamedTuple):
    kind: Unit
    task: int
    callback: str


def empty_state() -> SchedulerState:
    return Reducer(EventStore()).state()


def describer() -> Describer:
    store = EventStore(strings=["", "on_timer"])
    return Describer(store.strings, lambda serial: f"client-{serial}", "epoll", tr)


LIVE = status.LoopSituation(running=True, paused=False, host="thread", backend="epoll")


def text(state: SchedulerState | None = None, shown: status.Shown | None = None,
         loop: status.LoopSituation = LIVE) -> str:
    return status.loop_state_text(state or empty_state(), shown or status.Shown(), loop,
                                  describer(), tr)


def test_the_live_loop_between_units_blocked_and_running() -> None:
    state = empty_state()
    assert text(state) == "between units (the loop's own bookkeeping)"
    in_poll = dataclasses.replace(state.poll, in_poll=True, timeout=-1)
    blocked = dataclasses.replace(state, poll=in_poll)
    assert text(blocked) == "blocked in epoll_wait(timeout = forever)"
    assert text(dataclasses.replace(state, running=(True, 3))) == "running task client-3"
    assert text(dataclasses.replace(state, running=(False, 9), running_name=1)) == \
        "running callback on_timer"
    assert text(loop=dataclasses.replace(LIVE, running=False)) == "stopped"


def test_what_only_the_live_loop_can_say() -> None:
    slow = dataclasses.replace(LIVE, slow_motion_s=0.2)
    assert text(loop=slow).startswith("slow motion: each unit is held ")
    assert text(loop=dataclasses.replace(LIVE, host="qt")) == \
        "idle: Qt's event loop waits for the loop's next fd or timer"
    # replayed, the same state is only what the events say
    assert text(shown=status.Shown(at_end=False, cursor=4, events=10), loop=slow) == \
        "replay, event 5: between units (the loop's own bookkeeping)"


def test_paused_before_each_kind_of_unit() -> None:
    paused = dataclasses.replace(LIVE, paused=True)
    assert text(loop=paused) == "pausing…"
    assert text(loop=dataclasses.replace(paused, waiting=Waiting(Unit.POLL, 0, ""))) == \
        "paused before POLL"
    assert text(loop=dataclasses.replace(paused, waiting=Waiting(Unit.TIMER, 0, "tick"))) == \
        "paused before TIMER (tick)"
    assert text(loop=dataclasses.replace(paused, waiting=Waiting(Unit.RUN, 2, "step"))) == \
        "paused before RUN of task client-2"
    assert text(loop=dataclasses.replace(paused, waiting=Waiting(Unit.RUN, 0, "cb"))) == \
        "paused before RUN of callback cb"
    # the Qt host has no gate to ask: it pauses before its next poll
    assert text(loop=dataclasses.replace(paused, host="qt")) == "paused before POLL"


def test_a_saved_session_and_the_retention_window_count() -> None:
    session = status.Shown(session_name="run.loopscope", events=1234)
    assert text(shown=session) == "saved session run.loopscope: 1,234 events, shown at its last one"
    replayed = dataclasses.replace(session, at_end=False, cursor=9, discarded=1000)
    assert text(shown=replayed) == \
        "saved session run.loopscope, event 1,010: between units (the loop's own bookkeeping)"


def test_recording_lag_lost_and_frozen() -> None:
    assert status.recording_text(None, LIVE, tr) == "live · epoll · engine thread"
    assert status.recording_text(None, dataclasses.replace(LIVE, host="qt"), tr) == \
        "live · epoll · Qt event loop"
    preemptive = SessionInfo(workload="cpu-hog", mode="preemptive", backend="epoll")
    assert status.recording_text(preemptive, LIVE, tr) == \
        "saved session (read-only) · OS threads · preemptive"
    assert status.made_on(SessionInfo(backend="poll"), tr) == ("poll", "cooperative")

    paused = dataclasses.replace(LIVE, paused=True)
    assert status.loop_lag_text(paused, 5_000_000, 10.0, 0.0, tr) == "loop lag: — (paused)"
    slow = dataclasses.replace(LIVE, slow_motion_s=1.0)
    assert status.loop_lag_text(slow, 0, 10.0, 0.0, tr) == "loop lag: — (slow motion)"
    just_resumed = status.loop_lag_text(LIVE, 5_000_000, 10.5, 10.0, tr)
    assert just_resumed.endswith("(timers held by the pause)")
    later = status.loop_lag_text(LIVE, 5_000_000, 12.0, 10.0, tr)
    assert later.startswith("loop lag: ") and "held" not in later

    assert status.rate_text(12345.6, tr) == "12,346 events/s"
    assert status.lost_text(0, 0, tr) == "dropped: 0"
    assert status.lost_text(3, 2000, tr) == \
        "dropped: 3 · 2,000 older events let go (memory bound)"
    assert status.frozen_text(0.3, tr) == \
        "the window was frozen 300 ms: the loop shares Qt's thread"


def test_sentences_go_through_the_translate_callable() -> None:
    seen: list[str] = []

    def spy(text: str) -> str:
        seen.append(text)
        return text.upper()

    assert status.loop_state_text(empty_state(), status.Shown(),
                                  dataclasses.replace(LIVE, running=False), describer(),
                                  spy) == "STOPPED"
    assert seen == ["stopped"]
