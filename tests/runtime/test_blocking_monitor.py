"""3.12+: a blocking call a thread makes outside the primitives is still recorded."""

from __future__ import annotations

import sys
import time

import pytest

from app.runtime.preemptive.blocking import blocking_call_monitor
from app.runtime.preemptive.run import by_time
from app.runtime.preemptive.runtime import ThreadRuntime
from app.runtime.recorder import Recorder
from app.trace.events import Cause, Ev, Event, Wait


def direct_sleeper(rt: ThreadRuntime) -> str:
    rt.cpu(1)
    time.sleep(0.02)  # not rt.sleep(): a plain blocking call in the sample's own code
    rt.cpu(1)
    return "ok"


@pytest.mark.skipif(sys.version_info < (3, 12), reason="sys.monitoring is 3.12+")
def test_a_direct_time_sleep_is_recorded_as_a_blocking_call() -> None:
    rec = Recorder()
    rt = ThreadRuntime(rec)
    with blocking_call_monitor(rt):
        rt.announce(sys.getswitchinterval())
        thread = rt.spawn(direct_sleeper, rt, name="sleeper")
        assert rt.join(thread, timeout=5) == "ok"
    rt.shutdown()
    events = [Event.of(r) for r in by_time(rec.drain())]
    serial = thread.serial
    waits = [e for e in events if e.kind == Ev.STEP_END and e.task == serial
             and e.a == Wait.CALL]
    assert [rec.strings[e.c] for e in waits] == ["time.sleep"]
    returned = [e for e in events if e.kind == Ev.TASK_READY and e.task == serial
                and e.a == Cause.RETURNED]
    assert returned and returned[0].ts - waits[0].ts >= 0.019e9
    assert sys.monitoring.get_tool(2) is None  # the tool slot was given back


def test_without_the_monitor_only_primitives_report() -> None:
    rec = Recorder()
    rt = ThreadRuntime(rec)
    rt.announce(sys.getswitchinterval())
    thread = rt.spawn(direct_sleeper, rt, name="sleeper")
    assert rt.join(thread, timeout=5) == "ok"
    rt.shutdown()
    events = [Event.of(r) for r in rec.drain()]
    assert not [e for e in events if e.kind == Ev.STEP_END and e.task == thread.serial
                and e.a == Wait.CALL]
