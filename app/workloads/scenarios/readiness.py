"""readiness-server — the four steps of the readiness flow, one at a time, on a real server.

The loop serves one TCP connection on 127.0.0.1. Its client is a *peer*: an OS thread of its
own with ordinary blocking sockets, like another program on the machine
(:class:`app.runtime.peer.Peer`). The peer acts only when the loop is blocked in
``epoll_wait`` with nothing else to do, so each of its actions shows the whole flow alone:

① register  ``start_server`` registers the listening socket's fd (``epoll_ctl`` ADD);
② fire      the peer connects: the kernel queues the connection and marks that fd readable
            (recorded as PEER_IO, while the loop is blocked);
③ harvest   ``epoll_wait`` returns — only the listening fd;
④ handle    its callback (``_accept_connection``) runs: it accepts, and the handler task
            is created and runs.

Then the same four steps for each line the peer sends (① the connection's fd is registered
for reading, ② the peer sends, ③ ``epoll_wait`` returns only that fd, ④ the transport's
read callback runs and the handler task, which awaited ``readline()``, runs), and once more
when the peer closes (the handler reads the end of the stream and ends).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from app.runtime.params import WorkloadError
from app.runtime.peer import Peer
from app.trace.text import QT_TR_NOOP, Sentence
from app.workloads.samples.common import HOST, cannot_listen


def peer_script(address: tuple[str, int], listening_fd: int,
                messages: int) -> Callable[[Peer], None]:
    """What the peer does, on its own thread: each action waits until the loop is blocked."""

    def script(peer: Peer) -> None:
        peer.wait_until_blocked()
        peer.connect(address, listening_fd)  # ② the listening fd becomes readable
        for _ in range(messages):
            peer.wait_until_blocked()
            peer.send(b"hello\n")  # ② the connection's fd becomes readable
            peer.receive_line()  # the server's answer (read on the peer's thread)
        peer.wait_until_blocked()
        peer.close()  # ② the connection's fd becomes readable: the end of the stream

    return script


async def run(messages: int = 2, pause_ms: float = 300.0) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    recorder = getattr(loop, "recorder", None)
    if recorder is None:  # the peer acts when the traced loop says it is blocked
        raise WorkloadError(Sentence(QT_TR_NOOP(
            "{workload} runs on LoopScope's traced loop only"), workload="readiness-server"))
    peer = Peer(recorder, pause_ms / 1000)
    lines: list[bytes] = []
    handlers: list[asyncio.Task[None]] = []
    finished: asyncio.Future[None] = loop.create_future()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """The server's side of the connection: answer each line until the end of stream."""
        # Tell the peer which of the loop's fds serves it (its PEER_IO events name it).
        peer.connected(writer.get_extra_info("peername"),
                       writer.get_extra_info("socket").fileno())
        try:
            # The connection's fd was registered for reading (①) when its transport was
            # made. readline() suspends this task until the transport's read callback has a
            # line: the loop blocks in epoll_wait until the peer sends (②), the wait returns
            # that fd (③), the read callback runs and this task runs again (④).
            while line := await reader.readline():
                lines.append(line)
                writer.write(b"got " + line)  # the answer: the socket takes it at once
                await writer.drain()
        finally:
            writer.close()
            await writer.wait_closed()
            if not finished.done():
                finished.set_result(None)

    def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # Called once the accept callback (④) has made the connection's transport: the
        # handler becomes a task of its own, named "handler".
        handlers.append(loop.create_task(handle(reader, writer), name="handler"))

    try:
        # ① register: the listening socket's fd joins the interest list (epoll_ctl ADD).
        server = await asyncio.start_server(connected, HOST, 0)
    except OSError as exc:
        peer.stop()
        raise cannot_listen("readiness-server", "TCP", 0, exc) from exc
    listener = server.sockets[0]
    address = listener.getsockname()

    def peer_failed(exc: BaseException) -> None:
        """The peer's script raised (on the peer's thread): end the wait with its error."""

        def fail() -> None:
            if not finished.done():
                finished.set_exception(exc)

        loop.call_soon_threadsafe(fail)

    peer.start(peer_script(address, listener.fileno(), messages), peer_failed)
    try:
        await finished  # the handler ends when the peer has closed its side
    finally:
        peer.stop()
        server.close()
        left = [task for task in handlers if not task.done()]  # cancelled before the end
        if left:
            for task in left:
                task.cancel()
            await asyncio.gather(*left, return_exceptions=True)
        await server.wait_closed()
    return {"port": address[1], "lines": len(lines)}
