"""The hosting contract, without Qt: a plain ``select`` on the kernel fd is the host."""

from __future__ import annotations

import asyncio
import select
import socket
import time
from collections.abc import Callable

import pytest

from app.runtime import backends
from app.runtime.engine import Engine, EngineError
from app.runtime.hosted import HostedLoop, can_host
from app.trace.events import Ev

pytestmark = pytest.mark.skipif(not any(can_host(b) for b in backends.available()),
                                reason="no backend with a pollable kernel queue fd")


def hostable() -> str:
    return next(b for b in backends.available() if can_host(b))


def host_until(hosted: HostedLoop, done: Callable[[], bool], timeout: float = 10.0) -> int:
    """Be the host: wait on the kernel fd until the loop's next deadline, then tick, until
    ``done()``; returns how many ticks it took."""
    fd = hosted.loop.kernel_fd()
    deadline = time.monotonic() + timeout
    ticks = 0
    while not done():
        assert time.monotonic() < deadline, "timed out"
        wait = hosted.next_deadline()
        select.select([fd], [], [], 1.0 if wait is None else wait)
        hosted.tick()
        ticks += 1
    return ticks


def test_a_host_drives_the_loop_by_tick_and_next_deadline() -> None:
    engine = Engine(hostable())
    hosted = engine.open_hosted_loop()
    assert engine.running and engine.loop is hosted.loop
    assert hosted.loop.is_running()  # attached: it runs on this thread between ticks

    async def work() -> str:
        await asyncio.sleep(0.02)
        reader, writer = await asyncio.open_connection(*server.sockets[0].getsockname()[:2])
        writer.write(b"ping\n")
        line = await reader.readline()
        writer.close()
        await writer.wait_closed()
        return line.decode().strip()

    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(await reader.readline())
        await writer.drain()
        writer.close()

    server_task = hosted.loop.create_task(asyncio.start_server(echo, "127.0.0.1", 0))
    host_until(hosted, server_task.done)
    server = server_task.result()
    launch = engine.launch_coroutine("ping", work)
    ticks = host_until(hosted, launch.result.done)
    assert launch.result.result() == "ping"
    assert ticks > 2
    server.close()
    engine.close_hosted_loop(hosted)
    assert not engine.running and engine.loop is None
    assert hosted.loop.is_closed()
    polls = [r for r in engine.recorder.drain() if r[2] == Ev.POLL_BEGIN]
    assert polls and all(r[3] == 0 for r in polls)  # the host waited: every poll is timeout 0


def test_an_idle_hosted_loop_has_no_deadline_and_ready_work_has_one_of_zero() -> None:
    engine = Engine(hostable())
    hosted = engine.open_hosted_loop()
    for _ in range(3):  # the loop's own start-up callbacks
        hosted.tick()
    assert hosted.next_deadline() is None
    handle = hosted.loop.call_later(5, lambda: None)
    wait = hosted.next_deadline()
    assert wait is not None and 4 < wait <= 5
    handle.cancel()
    hosted.loop.call_soon(lambda: None)
    assert hosted.next_deadline() == 0.0 and hosted.has_ready_work()
    engine.close_hosted_loop(hosted)


def test_a_batch_runs_while_the_loop_has_work_and_ends_when_nothing_is_due() -> None:
    engine = Engine(hostable())
    hosted = engine.open_hosted_loop()
    loop = hosted.loop
    for _ in range(3):  # the loop's own start-up callbacks
        hosted.tick()
    assert not hosted.must_run()
    far = loop.time() + 60  # a budget no batch here reaches

    async def spin() -> None:
        for _ in range(50):
            await asyncio.sleep(0)

    task = loop.create_task(spin())
    assert hosted.must_run()  # a ready handle
    assert hosted.run_batch(far) >= 50 and task.done()
    assert not hosted.must_run()

    # A timer not yet due: one iteration finds nothing to do, and the batch ends there
    # (it does not spin until the timer is due, and does not run it early).
    fired: list[float] = []
    when = loop.time() + 0.05
    loop.call_at(when, lambda: fired.append(loop.time()))
    assert not hosted.must_run()
    assert hosted.run_batch(far) == 1 and fired == []

    # A ready fd: the kernel queue fd polls readable, and the batch reads it.
    here, there = socket.socketpair()
    got: list[bytes] = []
    loop.add_reader(here.fileno(), lambda: got.append(here.recv(16)))
    there.send(b"x")
    assert hosted.must_run()
    hosted.run_batch(far)
    assert got == [b"x"] and fired == []
    loop.remove_reader(here.fileno())
    here.close()
    there.close()

    # Work that never ends: a budget already spent still runs one iteration, then stops.
    def again() -> None:
        loop.call_soon(again)

    loop.call_soon(again)
    assert hosted.run_batch(loop.time()) == 1
    assert hosted.must_run()
    engine.close_hosted_loop(hosted)
    assert fired == [] or fired[0] >= when


def test_only_a_kernel_queue_fd_can_be_hosted() -> None:
    assert can_host("epoll") and can_host("kqueue")
    assert not can_host("poll") and not can_host("select") and not can_host("iocp")
    engine = Engine("poll")
    with pytest.raises(EngineError):
        engine.open_hosted_loop()
    assert not engine.running


def test_the_engine_thread_lets_stacks_be_read_only_while_the_gate_holds_it() -> None:
    engine = Engine(hostable())
    engine.start(paused=False)
    try:
        assert not engine.loop_held()
        with pytest.raises(EngineError):
            engine.task_stack(1)
    finally:
        engine.stop()
