"""The window's status bar: where the shown recording was made, what the loop is doing (in
words), the live figures (events/s, events lost, loop lag), a warning when the Qt host froze
the window, and a transient message. The sentences are :mod:`app.model.status`'s; this
module gathers what they need from the window and puts them in the labels.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from app.model import status
from app.model.state import SchedulerState
from app.qt.language import tr
from app.runtime.accelerator import recording_path, recording_path_why
from app.views.live_text import keep_minimum_width
from app.views.window_parts import WindowParts


def build(w: WindowParts) -> None:
    """What the loop is doing (in words), which recording is shown, and the live figures."""
    bar = w.statusBar()
    w.status_where = QLabel(w)
    w.status_state = QLabel(w)
    w.status_state.setObjectName("loopState")
    w.status_state.setMinimumWidth(340)
    w.status_rate = QLabel(w)
    w.status_dropped = QLabel(w)
    w.status_lag = QLabel(w)
    w.status_frozen = QLabel(w)
    w.status_frozen.setObjectName("frozenWarning")
    w.status_path = QLabel(w)
    w.status_message = QLabel(w)
    w.status_message.setObjectName("statusMessage")
    w.message_timer = QTimer(w)
    w.message_timer.setSingleShot(True)
    w.message_words = str
    w.message_timer.timeout.connect(lambda: clear_message(w))
    bar.addWidget(w.status_where)
    bar.addWidget(w.status_state)
    bar.addWidget(w.status_message, 1)
    bar.addPermanentWidget(w.status_frozen)
    bar.addPermanentWidget(w.status_rate)
    bar.addPermanentWidget(w.status_dropped)
    bar.addPermanentWidget(w.status_lag)
    bar.addPermanentWidget(w.status_path)
    keep_minimum_width(w.status_where, w.status_rate, w.status_dropped,
                       w.status_lag, w.status_frozen, w.status_message, w.status_path)


def loop_situation(w: WindowParts) -> status.LoopSituation:
    """The live loop as its engine reports it now."""
    controller = w.controller
    return status.LoopSituation(
        running=controller.running, paused=controller.paused, host=controller.host,
        backend=controller.backend, waiting=controller.waiting_unit(),
        slow_motion_s=w.slow_motion_s())


def shown(w: WindowParts) -> status.Shown:
    """Which recording the window shows, and where in it."""
    return status.Shown(session_name=os.path.basename(w.viewing_path),
                        at_end=w.replay.live, cursor=w.replay.position,
                        events=len(w.bridge.store), discarded=w.bridge.discarded)


def loop_state_text(w: WindowParts, state: SchedulerState, hold_back: bool = False) -> str:
    """What the loop is doing. ``hold_back``: a lesson's question waits for its answer, and
    the live loop held before a unit is not named (it would give the answer away)."""
    loop = loop_situation(w)
    if hold_back and loop.running and loop.paused and w.viewing is None and w.replay.live:
        return tr("paused: answer the lesson's question")
    return status.loop_state_text(state, shown(w), loop, w.describer(), tr)


def loop_lag_text(w: WindowParts) -> str:
    return status.loop_lag_text(loop_situation(w), w.bridge.loop_lag_ns, time.monotonic(),
                                w.controller.resumed_at, tr)


def update(w: WindowParts, state: SchedulerState, hold_back: bool = False) -> None:
    """Every field, for ``state`` (the moment the views show); ``hold_back``: as for
    :func:`loop_state_text`."""
    session = w.viewing
    w.status_where.setText(status.recording_text(session.info if session is not None else None,
                                                 loop_situation(w), tr))
    w.status_state.setText(loop_state_text(w, state, hold_back))
    live = session is None
    # The live loop's rate and lag say nothing about a saved session.
    w.status_rate.setVisible(live)
    w.status_lag.setVisible(live)
    w.status_rate.setText(status.rate_text(w.bridge.events_per_s, tr))
    w.status_dropped.setText(status.lost_text(w.bridge.dropped, w.bridge.discarded, tr))
    w.status_lag.setText(loop_lag_text(w))
    w.status_path.setText(tr("recorder: {path}").format(path=tr(recording_path())))
    w.status_path.setToolTip(tr(recording_path_why()))
    word_frozen(w)


def show_frozen(w: WindowParts, seconds: float) -> None:
    """The Qt host ran a step on the GUI thread for ``seconds``: said once, in its own
    permanent field (the transient message beside the state would repeat it)."""
    w.freeze_seconds = seconds
    word_frozen(w)


def frozen_text(w: WindowParts) -> str:
    """The freeze warning in the current language ("" since a new engine runs)."""
    seconds = w.freeze_seconds
    return "" if seconds is None else status.frozen_text(seconds, tr)


def word_frozen(w: WindowParts) -> None:
    """The freeze warning, with why it happens."""
    seconds = w.freeze_seconds
    w.status_frozen.setText(frozen_text(w))
    w.status_frozen.setToolTip("" if seconds is None else tr(
        "On the Qt host the observed loop runs inside Qt's event loop, on the GUI thread: "
        "while one of its steps runs, the window cannot repaint or take input. The "
        "engine-thread host keeps the window fluid."))


def message(w: WindowParts, text: str | Callable[[], str], ms: int) -> None:
    """A transient message beside the loop's state (never hiding it). ``text`` may be what
    makes it: the message is then worded again if the language changes while it shows."""
    w.message_words = text if callable(text) else (lambda: text)
    word_message(w)
    w.message_timer.start(ms)


def word_message(w: WindowParts) -> None:
    text = w.message_words()
    w.status_message.setText(text)
    w.status_message.setToolTip(text)  # the whole of it, when the bar cuts it short


def clear_message(w: WindowParts) -> None:
    w.message_words = str
    w.status_message.clear()
    w.status_message.setToolTip("")


def retranslate_message(w: WindowParts) -> None:
    """The transient message in the current language, while it shows (the other fields are
    worded again by :func:`update`, which the window's refresh calls)."""
    if w.message_timer.isActive():
        word_message(w)
