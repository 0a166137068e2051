"""The status bar's sentences: what the loop is doing, which recording is shown, how late the
loop is, what was lost. Pure functions of what they are given (the state, the loop's
situation, ``now``) and a translate callable, so they are tested without Qt and a window only
puts the strings where they belong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from app.model.state import SchedulerState
from app.trace.events import Unit
from app.trace.text import Describer, Translate, fmt_elapsed, fmt_ns
from app.trace.tracefile import SessionInfo

#: Loop lag is the worst lateness of the timers fired in the last stretch of this length.
LAG_WINDOW_S = 1.0


class PausedAt(Protocol):
    """The unit a paused loop is about to run (the gate's ``UnitInfo``)."""

    @property
    def kind(self) -> Unit: ...
    @property
    def task(self) -> int: ...
    @property
    def callback(self) -> str: ...


@dataclass(frozen=True)
class LoopSituation:
    """The live loop as the engine reports it."""

    running: bool
    paused: bool
    #: "thread" (the engine thread) or "qt" (inside Qt's event loop).
    host: str
    backend: str
    #: The unit a paused loop waits before (None: not yet at a unit boundary, or no gate).
    waiting: PausedAt | None = None
    #: How long each unit is held before it runs (0: live speed).
    slow_motion_s: float = 0.0


@dataclass(frozen=True)
class Shown:
    """Which recording the window shows, and where in it."""

    #: The file name of the saved session on view ("" when the live recording is shown).
    session_name: str = ""
    #: True: at the newest event; False: replaying the event at :attr:`cursor`.
    at_end: bool = True
    cursor: int = -1
    #: Events in the shown store, and events let go before its first one.
    events: int = 0
    discarded: int = 0

    @property
    def session(self) -> bool:
        return bool(self.session_name)

    def event_number(self) -> int:
        """The replay cursor's event, counted from the recording's very first (1-based)."""
        return self.discarded + self.cursor + 1


def recorded_state_text(state: SchedulerState, describer: Describer, tr: Translate,
                        loop: LoopSituation | None = None) -> str:
    """What the recorded events say the loop was doing after the last of them; ``loop``
    given (the live loop, followed at its newest event) adds what only it can say."""
    if state.poll.in_poll and describer.completion and state.poll.fds:
        return tr("{call} is dequeuing completion packets").format(call=describer.wait_call())
    if state.poll.in_poll:
        timeout = tr("forever") if state.poll.timeout < 0 else fmt_ns(state.poll.timeout)
        return tr("blocked in {call}(timeout = {t})").format(call=describer.wait_call(),
                                                           t=timeout)
    if state.running is not None:
        is_task, serial = state.running
        if is_task:
            return tr("running task {name}").format(name=describer.task_name(serial))
        return tr("running callback {name}").format(name=describer.s(state.running_name))
    if loop is not None and loop.running:
        if loop.slow_motion_s:
            return tr("slow motion: each unit is held {t} before it runs").format(
                t=fmt_ns(int(loop.slow_motion_s * 1e9)))
        if loop.host != "thread":
            return tr("idle: Qt's event loop waits for the loop's next fd or timer")
    return tr("between units (the loop's own bookkeeping)")


def paused_text(loop: LoopSituation, describer: Describer, tr: Translate) -> str:
    """Where a paused loop stopped: before which unit."""
    waiting = loop.waiting if loop.host == "thread" else None
    if waiting is None and loop.host == "thread":
        return tr("pausing…")
    if waiting is None or waiting.kind is Unit.POLL:
        return tr("paused before POLL")
    if waiting.kind is Unit.TIMER:
        return tr("paused before TIMER ({what})").format(what=waiting.callback)
    if waiting.task:
        return tr("paused before RUN of task {name}").format(
            name=describer.task_name(waiting.task))
    return tr("paused before RUN of callback {name}").format(name=waiting.callback)


def loop_state_text(state: SchedulerState, shown: Shown, loop: LoopSituation,
                    describer: Describer, tr: Translate) -> str:
    """The loop's state in words: of the saved session or replayed event on view, else of
    the live loop (from its gate when paused, from its last recorded events otherwise)."""
    if shown.session:
        where = tr("saved session {name}").format(name=shown.session_name)
        if shown.at_end:
            return tr("{where}: {n:,} events, shown at its last one").format(
                where=where, n=shown.events)
        return tr("{where}, event {i:,}: {what}").format(
            where=where, i=shown.event_number(),
            what=recorded_state_text(state, describer, tr))
    if not shown.at_end:
        return tr("replay, event {i:,}: {what}").format(
            i=shown.event_number(), what=recorded_state_text(state, describer, tr))
    if not loop.running:
        return tr("stopped")
    if loop.paused:
        return paused_text(loop, describer, tr)
    return recorded_state_text(state, describer, tr, loop)


def host_text(host: str, tr: Translate) -> str:
    return tr("engine thread") if host == "thread" else tr("Qt event loop")


def made_on(info: SessionInfo, tr: Translate) -> tuple[str, str]:
    """Where a saved recording ran (its backend, or OS threads) and its mode, in words."""
    if info.mode == "preemptive":
        return tr("OS threads"), tr("preemptive")
    return info.backend, tr("cooperative")


def recording_text(session: SessionInfo | None, loop: LoopSituation, tr: Translate) -> str:
    """Which recording the window shows (``session``: a saved one), and where it was made."""
    if session is not None:
        where, mode = made_on(session, tr)
        return tr("saved session (read-only) · {where} · {mode}").format(where=where,
                                                                         mode=mode)
    return tr("live · {backend} · {host}").format(backend=loop.backend,
                                                 host=host_text(loop.host, tr))


def loop_lag_text(loop: LoopSituation, lag_ns: int, now: float, resumed_at: float,
                  tr: Translate) -> str:
    """How late the loop got to its due timers in the last second (recorded): not while
    the user holds the loop, and said so when a resume (at ``resumed_at``, on the clock of
    ``now``: seconds) released timers held by a pause."""
    if loop.paused:
        return tr("loop lag: — (paused)")
    if loop.slow_motion_s:
        return tr("loop lag: — (slow motion)")
    lag = fmt_elapsed(lag_ns)
    if lag_ns and now - resumed_at < LAG_WINDOW_S:
        return tr("loop lag: {t} (timers held by the pause)").format(t=lag)
    return tr("loop lag: {t}").format(t=lag)


def rate_text(events_per_s: float, tr: Translate) -> str:
    return tr("{n:,.0f} events/s").format(n=events_per_s)


def lost_text(dropped: int, discarded: int, tr: Translate) -> str:
    """Events the recorder dropped, and those the retention window let go (never silent)."""
    text = tr("dropped: {n:,}").format(n=dropped)
    if discarded:
        text += tr(" · {n:,} older events let go (memory bound)").format(n=discarded)
    return text


def frozen_text(seconds: float, tr: Translate) -> str:
    """The Qt host ran a step on the GUI thread for ``seconds``."""
    return tr("the window was frozen {ms:.0f} ms: the loop shares Qt's thread").format(
        ms=seconds * 1000)
