"""Exact state sequences of known workloads, recorded from the real traced loop."""

from __future__ import annotations

import asyncio
import sys

import pytest

from app.runtime.factory import new_loop
from app.trace.events import Cause, Ev, Wait
from tests.support.traces import record, serial_of, task_sequence

PY312 = sys.version_info >= (3, 12)


@pytest.mark.skipif(sys.platform == "win32", reason="the readiness sequence of a selector loop "
                    "(fd-write while connecting, fd-read per echo); the proactor's completion "
                    "sequence is asserted in tests/runtime/test_sequences_iocp.py")
def test_echo_client_sequence_uses_the_real_socket_fd() -> None:
    fds: dict[int, int] = {}

    async def main() -> None:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while line := await reader.readline():
                writer.write(line)
                await writer.drain()
            writer.close()
            await writer.wait_closed()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]

        async def client(i: int) -> None:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            fds[i] = writer.get_extra_info("socket").fileno()
            for _ in range(2):
                writer.write(b"hi\n")
                await writer.drain()
                assert await reader.readline() == b"hi\n"
            writer.close()
            await writer.wait_closed()

        await asyncio.gather(*(asyncio.create_task(client(i), name=f"client-{i}")
                               for i in range(3)))
        server.close()
        await server.wait_closed()

    _, events, rec = record(main)
    n = fds[1]
    assert task_sequence(rec, events, serial_of(rec, "client-1")) == [
        "spawned",
        "ready(spawn)",
        "running",
        f"registered(fd-write {n})",  # non-blocking connect in progress
        f"ready(fd {n} writable)",  # the kernel says: connected
        "running",
        "registered(future BaseEventLoop._create_connection_transport)",
        "ready(task client-1)",  # connection_made, scheduled by its own step, ran
        "running",
        f"registered(fd-read {n})",  # readline: waiting for the echo
        f"ready(fd {n} readable)",
        "running",
        f"registered(fd-read {n})",
        f"ready(fd {n} readable)",
        "running",
        "registered(future StreamWriter.wait_closed)",
        "ready(task client-1)",
        "running",
        "done(ok)",
    ]
    # The fd really went through the kernel's interest list and came back from epoll_wait.
    registered = {e.a for e in events if e.kind == Ev.FD_REGISTER}
    fired = {e.a for e in events if e.kind == Ev.FD_EVENT}
    assert {fds[0], fds[1], fds[2]} <= registered
    assert {fds[0], fds[1], fds[2]} <= fired


def test_sleep_sequence_and_timer_events() -> None:
    async def main() -> None:
        async def sleeper() -> None:
            await asyncio.sleep(0.01)
            await asyncio.sleep(0)

        await asyncio.create_task(sleeper(), name="sleeper")

    _, events, rec = record(main)
    s = serial_of(rec, "sleeper")
    assert task_sequence(rec, events, s) == [
        "spawned", "ready(spawn)", "running", "registered(timer)", "ready(timer)",
        "running", "ready(yield)", "running", "done(ok)",
    ]
    added = [e for e in events if e.kind == Ev.TIMER_ADDED and e.task == s]
    assert len(added) == 1
    timer = added[0].a
    fired = [e for e in events if e.kind == Ev.TIMER_FIRED and e.a == timer]
    assert len(fired) == 1 and fired[0].b >= 0  # never early
    registered = next(e for e in events if e.kind == Ev.STEP_END and e.task == s)
    assert (registered.a, registered.b, registered.c) == (Wait.TIMER, added[0].b, timer)
    ready = next(e for e in events if e.kind == Ev.TASK_READY and e.task == s
                 and e.a == Cause.TIMER)
    assert ready.b == timer


def test_wait_for_timeout_cancels_its_target() -> None:
    async def main() -> str:
        async def slow() -> None:
            await asyncio.sleep(10)

        async def waiter() -> str:
            try:
                await asyncio.wait_for(asyncio.create_task(slow(), name="slow"), 0.01)
            except TimeoutError:
                return "timeout"
            return "no timeout"

        return await asyncio.create_task(waiter(), name="waiter")

    result, events, rec = record(main)
    assert result == "timeout"
    waiter = task_sequence(rec, events, serial_of(rec, "waiter"))
    slow = task_sequence(rec, events, serial_of(rec, "slow"))
    if PY312:  # wait_for is built on asyncio.timeout(): the timer cancels the waiting task
        assert waiter == ["spawned", "ready(spawn)", "running", "registered(task slow)",
                          "ready(task slow)", "running", "done(ok)"]
        assert slow == ["spawned", "ready(spawn)", "running", "registered(timer)",
                        "ready(timer)", "running", "done(cancelled)"]
    else:  # 3.11: wait_for waits on its own future, released by a timer, then cancels
        assert waiter == ["spawned", "ready(spawn)", "running", "registered(timer)",
                          "ready(timer)", "running",
                          "registered(future _cancel_and_wait)", "ready(task slow)",
                          "running", "done(ok)"]
        assert slow == ["spawned", "ready(spawn)", "running", "registered(timer)",
                        "ready(task waiter)", "running", "done(cancelled)"]
    # slow's own 10 s timer was cancelled, not fired.
    s = serial_of(rec, "slow")
    timer = next(e.a for e in events if e.kind == Ev.TIMER_ADDED and e.task == s)
    assert any(e.kind == Ev.TIMER_CANCELLED and e.a == timer for e in events)
    assert not any(e.kind == Ev.TIMER_FIRED and e.a == timer for e in events)


def test_queue_producer_consumer() -> None:
    async def main() -> None:
        q: asyncio.Queue[int] = asyncio.Queue(maxsize=1)

        async def producer() -> None:
            for i in range(2):
                await q.put(i)

        async def consumer() -> None:
            for _ in range(2):
                await q.get()

        await asyncio.gather(asyncio.create_task(consumer(), name="consumer"),
                             asyncio.create_task(producer(), name="producer"))

    _, events, rec = record(main)
    assert task_sequence(rec, events, serial_of(rec, "consumer")) == [
        "spawned", "ready(spawn)", "running", "registered(future Queue.get)",
        "ready(task producer)", "running", "registered(future Queue.get)",
        "ready(task producer)", "running", "done(ok)",
    ]
    assert task_sequence(rec, events, serial_of(rec, "producer")) == [
        "spawned", "ready(spawn)", "running", "registered(future Queue.put)",
        "ready(task consumer)", "running", "done(ok)",
    ]


def test_gather_wakes_when_the_last_child_finishes() -> None:
    async def main() -> list[int]:
        async def child(delay: float) -> int:
            await asyncio.sleep(delay)
            return 1

        async def parent() -> list[int]:
            return await asyncio.gather(
                asyncio.create_task(child(0.001), name="fast"),
                asyncio.create_task(child(0.02), name="slow"))

        return await asyncio.create_task(parent(), name="parent")

    result, events, rec = record(main)
    assert result == [1, 1]
    assert task_sequence(rec, events, serial_of(rec, "parent")) == [
        "spawned", "ready(spawn)", "running", "registered(future gather)",
        "ready(task slow)", "running", "done(ok)",
    ]
    parent = serial_of(rec, "parent")
    assert rec.tasks[serial_of(rec, "fast")].parent == parent


def test_exception_in_a_task() -> None:
    async def main() -> None:
        async def boom() -> None:
            await asyncio.sleep(0)
            raise ValueError("bad token")

        task = asyncio.create_task(boom(), name="boom")
        with pytest.raises(ValueError):
            await task

    _, events, rec = record(main)
    assert task_sequence(rec, events, serial_of(rec, "boom")) == [
        "spawned", "ready(spawn)", "running", "ready(yield)", "running",
        "done(error: ValueError: bad token)",
    ]


def test_spawn_records_name_coroutine_site_and_parent() -> None:
    async def main() -> None:
        async def worker() -> None:
            await asyncio.sleep(0)

        await asyncio.create_task(worker(), name="worker")  # the creation site

    _, _, rec = record(main)
    info = rec.tasks[serial_of(rec, "worker")]
    assert info.coro == "test_spawn_records_name_coroutine_site_and_parent.<locals>.main." \
                        "<locals>.worker"
    assert info.site.endswith(f"{__file__}:{_line_of('the creation site')}")
    assert rec.tasks[info.parent].coro.endswith("<locals>.main")
    assert not info.eager


@pytest.mark.skipif(not PY312, reason="eager tasks exist from Python 3.12")
def test_eager_task_runs_its_first_step_inside_create_task() -> None:
    async def main() -> None:
        asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)

        async def yields() -> int:
            await asyncio.sleep(0)
            return 1

        async def sleeps() -> int:
            await asyncio.sleep(0.005)
            return 2

        async def immediate() -> int:
            return 3

        a = asyncio.create_task(yields(), name="yields")
        b = asyncio.create_task(sleeps(), name="sleeps")
        c = asyncio.create_task(immediate(), name="immediate")
        assert c.done()  # it finished inside create_task
        assert await a + await b + await c == 6

    _, events, rec = record(main)
    for name in ("yields", "sleeps", "immediate"):
        assert rec.tasks[serial_of(rec, name)].eager
    assert task_sequence(rec, events, serial_of(rec, "yields")) == [
        "spawned", "running", "ready(yield)", "running", "done(ok)"]
    assert task_sequence(rec, events, serial_of(rec, "sleeps")) == [
        "spawned", "running", "registered(timer)", "ready(timer)", "running", "done(ok)"]
    assert task_sequence(rec, events, serial_of(rec, "immediate")) == [
        "spawned", "running", "done(ok)"]


def test_cancelled_task_sequence() -> None:
    async def main() -> None:
        async def forever() -> None:
            await asyncio.Event().wait()

        task = asyncio.create_task(forever(), name="forever")
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    _, events, rec = record(main)
    main_name = rec.tasks[1].name
    assert task_sequence(rec, events, serial_of(rec, "forever")) == [
        "spawned", "ready(spawn)", "running", "registered(future Event.wait)",
        f"ready(task {main_name})", "running", "done(cancelled)",
    ]


def _line_of(marker: str) -> int:
    with open(__file__, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if marker in line and "_line_of" not in line:
                return number
    raise AssertionError(marker)


def test_a_task_method_passed_to_call_soon_is_a_callback_not_a_step() -> None:
    async def main() -> None:
        async def forever() -> None:
            await asyncio.Event().wait()

        task = asyncio.create_task(forever(), name="forever")
        await asyncio.sleep(0)
        asyncio.get_running_loop().call_soon(task.cancel)
        with pytest.raises(asyncio.CancelledError):
            await task

    _, events, rec = record(main)
    serial = serial_of(rec, "forever")
    cancel_runs = [e for e in events if e.kind == Ev.CALLBACK_BEGIN
                   and rec.strings[e.b].endswith("cancel")]
    assert len(cancel_runs) == 1
    steps = [e for e in events if e.kind == Ev.STEP_BEGIN and e.task == serial]
    assert len(steps) == 2  # its first step, and the one that raises CancelledError
    seq = task_sequence(rec, events, serial)
    assert seq[-3:] == [f"ready(task {rec.tasks[1].name})", "running", "done(cancelled)"]


def test_slow_steps_are_recorded_with_their_source_line() -> None:
    import time as _time

    async def main() -> None:
        async def hog() -> None:
            _time.sleep(0.03)
            await asyncio.sleep(0)  # the slow step ends here
            await asyncio.sleep(0)

        loop = asyncio.get_running_loop()
        loop.set_slow_step_threshold(0.02)
        await asyncio.create_task(hog(), name="hog")
        loop.call_soon(_time.sleep, 0.03)  # a slow plain callback
        await asyncio.sleep(0.05)

    _, events, rec = record(main)
    slow = [e for e in events if e.kind == Ev.SLOW_STEP]
    # Each one really took longer than the threshold. (Which others do depends on the
    # machine: a step of microseconds preempted for 20 ms is slow too, and recorded so.)
    assert slow and all(e.a >= e.c == 0.02e9 for e in slow)
    task_slow = next(e for e in slow if e.task == serial_of(rec, "hog"))  # its first step
    assert task_slow.a >= 0.03e9
    assert rec.strings[task_slow.b] == f"{__file__}:{_line_of('the slow step ends here')}"
    assert any(e.task == 0 and e.a >= 0.03e9 for e in slow)  # the plain callback
    loop = new_loop()
    try:
        with pytest.raises(ValueError, match="threshold must be > 0"):
            loop.set_slow_step_threshold(0)  # type: ignore[attr-defined]
    finally:
        loop.close()


def test_no_slow_steps_on_a_workload_that_never_blocks() -> None:
    async def main() -> None:
        async def worker() -> None:
            for _ in range(100):
                await asyncio.sleep(0)

        await asyncio.gather(*(worker() for _ in range(50)))

    _, events, _ = record(main)
    # A slow step is one that really lasted over the threshold: on a quiet machine there is
    # none here; on a loaded one the OS may take the loop thread's core in the middle of a
    # step, and the step then really is slow, so each one must be over the threshold as
    # measured by its own STEP_BEGIN / STEP_END (a false alarm would not be).
    for i, e in enumerate(events):
        if e.kind != Ev.SLOW_STEP:
            continue
        begin = max(j for j in range(i) if events[j].kind in (Ev.STEP_BEGIN,
                                                               Ev.CALLBACK_BEGIN))
        end = min(j for j in range(begin, len(events)) if events[j].kind in (
            Ev.STEP_END, Ev.CALLBACK_END))
        assert e.a > e.c and events[end].ts - events[begin].ts >= e.c
