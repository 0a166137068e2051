"""The Qt host's timers are never early, and a busy loop still lets Qt run.

Correctness only: each timer's callback sees ``loop.time()`` at or past its ``when``. How
late a timer is depends on the machine and is never asserted (``make bench``, section
"timers", reports it).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from app.qt import qt_host
from app.qt.qt_host import QtHostEngine, deadline_ms
from app.runtime import backends

TIMEOUT_MS = 15_000

pytestmark = pytest.mark.skipif(bool(QtHostEngine.refusal(backends.default())),
                                reason="the Qt host needs epoll or kqueue")

#: Offsets in seconds that are not whole milliseconds (a QTimer's unit), some below one.
OFFSETS = [0.0, 0.0001, 0.0003, 0.0009, 0.00101, 0.0015, 0.0021, 0.00333, 0.0049, 0.0107,
           0.0173, 0.0251, 0.0333]


@pytest.fixture
def engine(qtbot: QtBot, no_leaks: None) -> Iterator[QtHostEngine]:
    engine = QtHostEngine(backends.default())
    engine.start()
    try:
        yield engine
    finally:
        engine.stop()


async def timers_and_sleeps() -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Many call_at deadlines and asyncio.sleep calls at once: (when, fired) of each timer by
    the loop's clock, and (asked, slept) of each sleep."""
    loop = asyncio.get_running_loop()
    fired: list[tuple[float, float]] = []
    done = loop.create_future()
    base = loop.time()
    whens = [base + offset + k * 0.0007 for k in range(4) for offset in OFFSETS]

    def record(when: float) -> None:
        fired.append((when, loop.time()))
        if len(fired) == len(whens) and not done.done():
            done.set_result(None)

    for when in whens:
        loop.call_at(when, record, when)

    async def sleep(delay: float) -> tuple[float, float]:
        start = loop.time()
        await asyncio.sleep(delay)
        return delay, loop.time() - start

    slept = await asyncio.gather(*(sleep(d) for d in OFFSETS[1:] * 3))
    await done
    return fired, list(slept)


def test_many_timers_and_sleeps_on_the_qt_host_never_fire_early(
        qtbot: QtBot, engine: QtHostEngine) -> None:
    launch = engine.launch_coroutine("timers", timers_and_sleeps)
    qtbot.waitUntil(launch.result.done, timeout=TIMEOUT_MS)
    fired, slept = launch.result.result()
    assert len(fired) == 4 * len(OFFSETS) and slept
    early = [(when, at) for when, at in fired if at < when]
    assert not early, f"callbacks ran before their deadline: {early}"
    short = [(asked, got) for asked, got in slept if got < asked]
    assert not short, f"sleeps ended before their delay: {short}"


def test_a_timer_wake_up_rounded_down_runs_no_callback_before_its_deadline(
        qtbot: QtBot, engine: QtHostEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    # The host's QTimer is armed for whole milliseconds, rounded up. Round it down instead
    # (as a coarse timer, or a clock step, could make it fire early): the wake-ups come before
    # the deadlines, and they must find nothing due and run no callback.
    monkeypatch.setattr(qt_host, "deadline_ms", lambda wait: int(wait * 1000))
    launch = engine.launch_coroutine("timers", timers_and_sleeps)
    qtbot.waitUntil(launch.result.done, timeout=TIMEOUT_MS)
    fired, slept = launch.result.result()
    assert engine.idle_wakeups > 0  # it was woken early, and ran nothing then
    assert all(at >= when for when, at in fired)
    assert all(got >= asked for asked, got in slept)


def test_the_qt_timer_interval_never_ends_before_the_deadline() -> None:
    for wait in [1e-9, 0.0001, 0.000999, 0.001, 0.0010001, 0.0015, 0.0107, 0.25, 3.0000001]:
        assert deadline_ms(wait) / 1000 >= wait
    assert deadline_ms(0.001) == 1 and deadline_ms(0.0010001) == 2


def test_a_loop_that_always_has_work_still_lets_qt_run(qtbot: QtBot,
                                                       engine: QtHostEngine) -> None:
    # A sleep(0) storm never leaves the ready queue empty; only a Qt timer on the GUI thread
    # ends it. It ends: the host hands the thread back to Qt between its batches.
    stop = asyncio.Event()
    steps = 0

    async def storm() -> int:
        nonlocal steps
        while not stop.is_set():
            steps += 1
            await asyncio.sleep(0)
        return steps

    launch = engine.launch_coroutine("storm", storm)
    qtbot.waitUntil(lambda: steps > 0, timeout=TIMEOUT_MS)
    wakeups = engine.wakeups
    QTimer.singleShot(0, stop.set)  # runs on the GUI thread, between two batches
    qtbot.waitUntil(launch.result.done, timeout=TIMEOUT_MS)
    assert launch.result.result() == steps > 0
    assert engine.wakeups > wakeups
