"""The primitive layer of the preemptive engine (app/runtime/preemptive/): what each primitive
records, how waits end, how a cancel reaches every kind of wait, and the switch interval."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app.runtime.params import FOREVER, Workload
from app.runtime.preemptive.cancelled import Cancelled
from app.runtime.preemptive.gil import GAP_NS
from app.runtime.preemptive.run import PreemptiveRun, by_time
from app.runtime.preemptive.runtime import ThreadRuntime, TracedThread
from app.runtime.recorder import Recorder
from app.trace.events import PREEMPTIVE, Cause, Control, Ev, Event, Outcome, Wait
from app.trace.text import Describer
from tests.support.workloads import (
    gil_enabled,
    open_fds,
    overlaps,
    running_intervals,
    settled,
    thread_count,
    wait_for,
)


@pytest.fixture
def rt() -> Iterator[ThreadRuntime]:
    runtime = ThreadRuntime(Recorder())
    threads, fds = thread_count(), open_fds()
    yield runtime
    assert runtime.shutdown() == []
    assert settled(threads, thread_count) == threads
    assert settled(fds, open_fds) == fds  # its wake-up socket pair is closed too


def events_of(rt: ThreadRuntime) -> list[Event]:
    return [Event.of(r) for r in by_time(rt.recorder.drain())]


def of_thread(events: list[Event], thread: TracedThread) -> list[Event]:
    return [e for e in events if e.task == thread.serial]


def run_in_thread(rt: ThreadRuntime, fn: Callable[..., Any], *args: Any) -> Any:
    thread = rt.spawn(fn, *args, name="probe")
    assert thread.wait(10)
    if thread.exception is not None:
        raise thread.exception
    return thread.result


def test_a_thread_is_spawned_runs_and_exits_like_a_task(rt: ThreadRuntime) -> None:
    thread = rt.spawn(lambda: 42, name="answer")
    assert thread.wait(5) and thread.result == 42 and thread.outcome() == "ok"
    kinds = [(e.kind, e.a) for e in of_thread(events_of(rt), thread)]
    assert kinds == [(Ev.TASK_SPAWNED, 0), (Ev.TASK_READY, Cause.SPAWN),
                     (Ev.STEP_BEGIN, kinds[2][1]), (Ev.STEP_END, Wait.DONE),
                     (Ev.TASK_EXITED, Outcome.OK)]
    assert rt.recorder.tasks[thread.serial].name == "answer"


def test_sleep_is_never_early_and_is_ready_at_its_deadline(rt: ThreadRuntime) -> None:
    def nap() -> float:
        t0 = time.monotonic_ns()
        rt.sleep(0.02)
        return (time.monotonic_ns() - t0) / 1e9

    assert run_in_thread(rt, nap) >= 0.02
    events = events_of(rt)
    end = next(e for e in events if e.kind == Ev.STEP_END and e.a == Wait.TIMER)
    ready = next(e for e in events if e.kind == Ev.TASK_READY and e.a == Cause.TIMER)
    begin = next(e for e in events if e.kind == Ev.STEP_BEGIN and e.ts >= ready.ts)
    deadline = end.b
    assert ready.ts == deadline  # runnable exactly when the timer expired...
    assert begin.ts >= ready.ts  # ...and running once it had the GIL back


def test_a_recv_wakes_at_the_peers_send_time(rt: ThreadRuntime) -> None:
    listener = rt.tcp_listen()
    port = listener.getsockname()[1]
    accepted = threading.Event()

    def server() -> bytes:
        conn, _ = rt.accept(listener)
        accepted.set()
        try:
            return rt.recv_exactly(conn, 5)
        finally:
            rt.close(conn)

    def client() -> None:
        sock = rt.tcp_connect(("127.0.0.1", port))
        try:
            accepted.wait(10)
            wait_for(lambda: srv._in_poll)  # the server is blocked in recv (poll) now...
            rt.sleep(0.02)  # ...and stays so
            rt.sendall(sock, b"hello")
        finally:
            rt.close(sock)

    srv = rt.spawn(server, name="server")
    cli = rt.spawn(client, name="client")
    assert rt.gather([srv, cli]) == [b"hello", None]
    rt.close(listener)
    events = of_thread(events_of(rt), srv)
    block = next(e for e in events if e.kind == Ev.STEP_END and e.a == Wait.FD_READ
                 and rt.recorder.strings[e.c] == "recv")
    ready = next(e for e in events if e.kind == Ev.TASK_READY and e.ts >= block.ts)
    begin = next(e for e in events if e.kind == Ev.STEP_BEGIN and e.ts >= ready.ts)
    assert (ready.a, ready.b, ready.c) == (Cause.FD, block.b, 1)  # fd readable
    assert block.ts <= ready.ts <= begin.ts
    assert ready.ts - block.ts >= 20_000_000  # it was the send, 20 ms later, that woke it


def test_cpu_shares_the_gil_and_the_gaps_are_inferred_preemptions() -> None:
    rec = Recorder()
    rt = ThreadRuntime(rec)
    try:
        workers = [rt.spawn(rt.cpu, 40, name=f"cpu-{i}") for i in range(2)]
        assert all(units > 0 for units in rt.gather(workers))
    finally:
        rt.shutdown()
    events = [Event.of(r) for r in by_time(rec.drain())]
    if gil_enabled():
        assert sum(t.preemptions for t in workers) > 0
        preempted = [e for e in events if e.kind == Ev.TASK_READY and e.a == Cause.PREEMPTED]
        assert preempted
        # Each inferred preemption: ready, then the running interval ends (Wait.READY).
        for e in preempted:
            i = events.index(e)
            assert any(x.kind == Ev.STEP_END and x.task == e.task and x.a == Wait.READY
                       and x.ts == e.ts for x in events[i - 1:i + 2])
        assert overlaps(running_intervals(events)) == []


def test_a_bounded_queue_records_both_waits_and_who_woke_them(rt: ThreadRuntime) -> None:
    q = rt.queue(1)

    def producer() -> None:
        for i in range(5):
            q.put(i)

    def consumer() -> list[int]:
        rt.sleep(0.01)  # the producer fills the queue and waits in put()
        return [q.get() for _ in range(5)]

    prod = rt.spawn(producer, name="producer")
    cons = rt.spawn(consumer, name="consumer")
    assert rt.gather([prod, cons]) == [None, [0, 1, 2, 3, 4]]
    events = events_of(rt)
    put_wait = [e for e in of_thread(events, prod) if e.kind == Ev.STEP_END
                and e.a == Wait.FUTURE]
    assert put_wait and rt.recorder.strings[put_wait[0].c] == "Queue.put"
    woken = [e for e in of_thread(events, prod) if e.kind == Ev.TASK_READY
             and e.a == Cause.TASK]
    assert woken and all(e.b == cons.serial for e in woken)  # the consumer's get woke it


def test_join_with_a_timeout_then_cancel_is_wait_for(rt: ThreadRuntime) -> None:
    def target() -> None:
        rt.sleep(60)

    def impatient() -> str:
        slow = rt.spawn(target, name="slow")
        with pytest.raises(TimeoutError, match=r"slow did not finish within 0\.02 s"):
            rt.join(slow, timeout=0.02)
        slow.cancel()
        assert isinstance(rt.gather([slow])[0], Cancelled)
        return slow.outcome()

    assert run_in_thread(rt, impatient) == "cancelled"
    slow = next(t for t in rt.threads if t.name == "slow")
    events = of_thread(events_of(rt), slow)
    assert (Ev.TASK_READY, Cause.CONTROL, Control.CANCEL) in {(e.kind, e.a, e.b)
                                                               for e in events}
    assert events[-1].kind == Ev.TASK_EXITED and events[-1].a == Outcome.CANCELLED


def test_cancelling_one_thread_wakes_its_socket_wait_and_no_other(rt: ThreadRuntime) -> None:
    a_left, a_right = rt.udp_socket(), rt.udp_socket()
    started = threading.Barrier(3)

    def wait_forever(sock: Any) -> bytes:
        started.wait()
        return rt.recvfrom(sock, 100)[0]

    victim = rt.spawn(wait_forever, a_left, name="victim")
    other = rt.spawn(wait_forever, a_right, name="other")
    started.wait()
    wait_for(lambda: victim._in_poll and other._in_poll)  # both are in poll() now
    victim.cancel()
    assert victim.wait(5) and victim.outcome() == "cancelled"
    assert not other.done.is_set()  # the poke was not for it
    rt.sendto(a_left, b"ping", a_right.getsockname())
    assert other.wait(5) and other.result == b"ping"
    rt.close(a_left)
    rt.close(a_right)


def blocked_everywhere(rt: ThreadRuntime, forever: bool = False) -> None:
    """A probe workload: one thread stuck in each kind of wait until cancelled."""
    listener = rt.tcp_listen()
    port = listener.getsockname()[1]
    q = rt.queue(1)
    connected = rt.tcp_connect(("127.0.0.1", port))
    peer, _ = rt.accept(listener)
    waits = [rt.spawn(rt.sleep, 60, name="sleep"),
             rt.spawn(rt.cpu, 60_000, name="cpu"),
             rt.spawn(rt.accept, listener, name="accept"),
             rt.spawn(rt.recv, connected, 10, name="recv"),
             rt.spawn(q.get, name="queue-get")]
    waits.append(rt.spawn(rt.join, waits[0], name="join"))
    try:
        rt.gather(waits)
    finally:
        for sock in (listener, connected, peer):
            rt.close(sock)


@pytest.fixture
def probe() -> Workload:
    async def never(forever: bool = False) -> None:  # pragma: no cover - not run
        return None

    return Workload("probe", "Probe", "test only", "test only", (FOREVER,), never,
                    blocked_everywhere)


def test_a_cancel_reaches_every_kind_of_wait_at_once(probe: Workload) -> None:
    threads, fds = thread_count(), open_fds()
    run = PreemptiveRun(probe, None, Recorder()).start()
    time.sleep(0.2)
    t0 = time.monotonic()
    run.cancel()
    with pytest.raises(Cancelled):
        run.result(timeout=5)
    assert time.monotonic() - t0 < 2  # nothing waited for a timeout
    assert run.join(5) and run.leftovers == []
    outcomes = {t.name: t.outcome() for t in run.runtime.threads}
    assert outcomes == {"main": "cancelled", "sleep": "cancelled", "cpu": "cancelled",
                        "accept": "cancelled", "recv": "cancelled",
                        "queue-get": "cancelled", "join": "cancelled"}
    assert settled(threads, thread_count) == threads
    assert settled(fds, open_fds) == fds


def test_the_switch_interval_is_set_for_the_run_and_restored(probe: Workload) -> None:
    before = sys.getswitchinterval()
    rec = Recorder()
    run = PreemptiveRun(probe, None, rec, switch_interval_ms=1.5).start()
    wait_for(lambda: sys.getswitchinterval() == pytest.approx(0.0015))  # (by the run's thread)
    run.cancel()
    run.join(5)
    assert sys.getswitchinterval() == before
    info = Event.of(rec.drain()[0])
    assert info.kind == Ev.THREADS_INFO
    assert info.a == 1_500_000 and info.b == int(gil_enabled())
    # The string holds facts; the sentence is the Describer's.
    facts = json.loads(rec.strings[info.c])
    assert facts == {"python": f"{sys.implementation.name} {sys.version.split()[0]}",
                     "cpus": os.cpu_count() or 0, "gap_ns": GAP_NS}
    said = Describer(rec.strings, str, PREEMPTIVE).event(Ev.THREADS_INFO, 0, info.a, info.b,
                                                        info.c)
    assert "switch interval 1.5 ms" in said
    assert f"gap threshold {GAP_NS / 1000:g} µs" in said
    assert f"{sys.implementation.name} {sys.version.split()[0]}" in said
    assert "GIL on" in said if gil_enabled() else "GIL off (free-threaded)" in said
