"""The hosting contract, without Qt: a plain ``select`` on the kernel fd is the host."""

from __future__ import annotations

import asyncio
import select
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
