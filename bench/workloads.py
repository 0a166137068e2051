"""The loop workloads of the throughput section (pure asyncio: they run on every variant).

Each is ``async def workload(n, marks)`` (see :mod:`bench.harness`): ``n`` is the number of
operations the measured interval performs; the unit of an operation is given in
:data:`bench.throughput.CASES`.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from .harness import Marks

# -- callbacks -------------------------------------------------------------------------------


async def call_soon_chain(n: int, marks: Marks) -> None:
    """One callback that re-schedules itself with ``call_soon``: ``n`` callbacks in a row."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    left = n

    def tick() -> None:
        nonlocal left
        left -= 1
        if left:
            loop.call_soon(tick)
        else:
            done.set_result(None)

    marks.start()
    loop.call_soon(tick)
    await done
    marks.stop()


FANOUT_CHAINS = 1000


async def call_soon_fanout(n: int, marks: Marks) -> None:
    """1,000 independent ``call_soon`` chains side by side (a ready queue 1,000 deep)."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    chains = FANOUT_CHAINS
    per_chain = max(1, n // chains)
    running = chains

    def tick(left: int) -> None:
        nonlocal running
        if left > 1:
            loop.call_soon(tick, left - 1)
            return
        running -= 1
        if not running:
            done.set_result(None)

    marks.start()
    for _ in range(chains):
        loop.call_soon(tick, per_chain)
    await done
    marks.stop()


# -- task steps ------------------------------------------------------------------------------


async def _yielder(k: int) -> None:
    sleep = asyncio.sleep
    for _ in range(k):
        await sleep(0)


async def _sleep0_storm(n: int, marks: Marks, tasks: int) -> None:
    per_task = max(1, n // tasks)
    loop = asyncio.get_running_loop()
    go = loop.create_future()

    async def worker() -> None:
        await go
        await _yielder(per_task)

    workers = [loop.create_task(worker()) for _ in range(tasks)]
    await asyncio.sleep(0)  # every worker has started and waits for ``go``
    marks.start()
    go.set_result(None)
    await asyncio.gather(*workers)
    marks.stop()


async def sleep0_2(n: int, marks: Marks) -> None:
    """Two tasks alternating through ``await asyncio.sleep(0)`` (``n`` task steps)."""
    await _sleep0_storm(n, marks, 2)


async def sleep0_1000(n: int, marks: Marks) -> None:
    """1,000 tasks each yielding with ``await asyncio.sleep(0)`` (``n`` task steps)."""
    await _sleep0_storm(n, marks, 1000)


async def queue_pingpong(n: int, marks: Marks) -> None:
    """Two tasks bouncing an item through two ``asyncio.Queue`` (``n`` round trips)."""
    ping_q: asyncio.Queue[int] = asyncio.Queue()
    pong_q: asyncio.Queue[int] = asyncio.Queue()

    async def pong() -> None:
        while True:
            item = await ping_q.get()
            pong_q.put_nowait(item)
            if item < 0:
                return

    responder = asyncio.get_running_loop().create_task(pong())
    await asyncio.sleep(0)
    marks.start()
    for i in range(n):
        ping_q.put_nowait(i)
        await pong_q.get()
    marks.stop()
    ping_q.put_nowait(-1)
    await pong_q.get()
    await responder


# -- TCP echo over loopback ------------------------------------------------------------------

MESSAGE = b"x" * 64


async def _echo_streams(n: int, marks: Marks, connections: int) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    per_conn = max(1, n // connections)
    conns = [await asyncio.open_connection("127.0.0.1", port) for _ in range(connections)]
    size = len(MESSAGE)

    async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for _ in range(per_conn):
            writer.write(MESSAGE)
            await reader.readexactly(size)

    marks.start()
    await asyncio.gather(*(client(r, w) for r, w in conns))
    marks.stop()
    for _, writer in conns:
        writer.close()
        await writer.wait_closed()
    server.close()
    await server.wait_closed()


class _EchoServer(asyncio.Protocol):
    transport: Any

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.transport.write(data)


class _EchoClient(asyncio.Protocol):
    transport: Any

    def __init__(self, rounds: int, done: asyncio.Future[None]) -> None:
        self.rounds = rounds
        self.done = done
        self.got = 0

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def start(self) -> None:
        self.transport.write(MESSAGE)

    def data_received(self, data: bytes) -> None:
        self.got += len(data)
        if self.got < len(MESSAGE):
            return
        self.got = 0
        self.rounds -= 1
        if self.rounds:
            self.transport.write(MESSAGE)
        elif not self.done.done():
            self.done.set_result(None)


async def _echo_protocols(n: int, marks: Marks, connections: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_EchoServer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    per_conn = max(1, n // connections)
    clients: list[_EchoClient] = []
    for _ in range(connections):
        done: asyncio.Future[None] = loop.create_future()
        _, proto = await loop.create_connection(lambda d=done: _EchoClient(per_conn, d),
                                                "127.0.0.1", port)
        clients.append(proto)
    marks.start()
    for proto in clients:
        proto.start()
    await asyncio.gather(*(proto.done for proto in clients))
    marks.stop()
    for proto in clients:
        proto.transport.close()
    server.close()
    await server.wait_closed()


async def tcp_streams_1(n: int, marks: Marks) -> None:
    await _echo_streams(n, marks, 1)


async def tcp_streams_16(n: int, marks: Marks) -> None:
    await _echo_streams(n, marks, 16)


async def tcp_protocols_1(n: int, marks: Marks) -> None:
    await _echo_protocols(n, marks, 1)


async def tcp_protocols_16(n: int, marks: Marks) -> None:
    await _echo_protocols(n, marks, 16)


def loopback_available() -> bool:
    try:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
    except OSError:
        return False
    return True
