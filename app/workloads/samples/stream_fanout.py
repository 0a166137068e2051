"""stream-fanout — a server pushes lines to K subscribers with drain() back-pressure; one
subscriber is deliberately slow."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import socket
import threading
from typing import Any

from app.runtime.preemptive.runtime import ThreadRuntime, TracedThread
from app.workloads.samples.common import HOST, cannot_listen, split_results

#: Small socket buffers, so that a slow reader fills them after a few lines and the writer
#: feels back-pressure at once (the kernel's defaults would absorb megabytes first).
SMALL_BUFFER = 4096


def line_for(n: int, line_bytes: int) -> bytes:
    """Line ``n``: its number, padding, a newline; exactly ``line_bytes`` long."""
    head = f"{n:08d}:".encode()
    return head + b"-" * (line_bytes - len(head) - 1) + b"\n"


def check_line(line: bytes, n: int, line_bytes: int) -> None:
    if line != line_for(n, line_bytes):
        raise RuntimeError(f"line {n} arrived damaged or out of order: {line[:20]!r}")


def totals(names: list[str], results: list[Any], sent: list[int]) -> dict[str, Any]:
    values, errors = split_results(names, results)
    return {"lines_sent": sum(sent), "lines_received": sum(values),
            "per_subscriber": [r if isinstance(r, int) else -1 for r in results],
            "errors": errors}


# -- cooperative: one writer task per subscriber, awaiting drain() --------------------------------
async def run(subscribers: int = 4, lines: int = 200, line_bytes: int = 128,
              slow_ms: float = 2.0, forever: bool = False) -> dict[str, Any]:
    sent: list[int] = []
    pushers: dict[asyncio.Task[Any], asyncio.StreamWriter] = {}
    accepted = itertools.count()

    def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # A pusher task per subscriber, named in accept order as the threaded version's
        # pusher threads are (start_server would call it "Task-8").
        task = asyncio.get_running_loop().create_task(push(reader, writer),
                                                      name=f"pusher-{next(accepted)}")
        pushers[task] = writer

    async def push(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF,
                                                   SMALL_BUFFER)
        # drain() waits whenever more than this is buffered in the transport.
        writer.transport.set_write_buffer_limits(high=4 * line_bytes)
        n = 0
        try:
            while forever or n < lines:
                writer.write(line_for(n, line_bytes))
                n += 1
                # Back-pressure: while the subscriber is behind, this task is registered on
                # the socket's fd for *writing* and other subscribers go on being served.
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            sent.append(n)
            pushers.pop(task, None)
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def subscribe(i: int, port: int) -> int:
        loop = asyncio.get_running_loop()
        slow = i == 0
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setblocking(False)
            if slow:  # before connect, so that the TCP window is small too
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SMALL_BUFFER)
            await loop.sock_connect(sock, (HOST, port))
        except BaseException:
            sock.close()
            raise
        # A small stream buffer for the slow one: its transport stops reading sooner.
        reader, writer = await asyncio.open_connection(
            sock=sock, limit=2 * line_bytes if slow else 2 ** 16)
        received = 0
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return received  # the server closed the stream: all lines are in
                check_line(line, received, line_bytes)
                received += 1
                if slow:
                    await asyncio.sleep(slow_ms / 1000)
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    try:
        server = await asyncio.start_server(connected, HOST, 0)
    except OSError as exc:
        raise cannot_listen("stream-fanout", "TCP", 0, exc) from exc
    port = server.sockets[0].getsockname()[1]
    names = [f"{'slow' if i == 0 else 'fast'}-subscriber-{i}" for i in range(subscribers)]
    try:
        results = await asyncio.gather(
            *(asyncio.create_task(subscribe(i, port), name=name)
              for i, name in enumerate(names)), return_exceptions=True)
    finally:
        server.close()
        for writer in list(pushers.values()):  # a pusher ends as when its subscriber leaves
            writer.transport.abort()
        await asyncio.gather(*pushers, return_exceptions=True)
        await server.wait_closed()
    return totals(names, list(results), sent)


# -- preemptive: one pusher thread per subscriber, blocking sendall() -----------------------------
def push_thread(rt: ThreadRuntime, conn: socket.socket, lines: int, line_bytes: int,
                forever: bool, sent: list[int]) -> None:
    rt.set_buffers(conn, sndbuf=SMALL_BUFFER)
    n = 0
    try:
        while forever or n < lines:
            rt.sendall(conn, line_for(n, line_bytes))  # blocks while the reader is behind
            n += 1
    except ConnectionError:
        pass
    finally:
        sent.append(n)
        rt.close(conn)


def accept_thread(rt: ThreadRuntime, listener: socket.socket, subscribers: int, lines: int,
                  line_bytes: int, forever: bool, sent: list[int],
                  all_accepted: threading.Event) -> None:
    pushers: list[TracedThread] = []
    try:
        for k in range(subscribers):
            conn, _ = rt.accept(listener)
            pushers.append(rt.spawn(push_thread, rt, conn, lines, line_bytes, forever, sent,
                                    name=f"pusher-{k}"))
        all_accepted.set()
    finally:
        rt.gather(pushers)


def subscribe_thread(rt: ThreadRuntime, i: int, port: int, line_bytes: int,
                     slow_ms: float) -> int:
    slow = i == 0
    sock = rt.tcp_connect((HOST, port), rcvbuf=SMALL_BUFFER if slow else 0)
    received = 0
    try:
        while True:
            line = rt.recv_exactly(sock, line_bytes)
            if not line:
                return received
            check_line(line, received, line_bytes)
            received += 1
            if slow:
                rt.sleep(slow_ms / 1000)
    finally:
        rt.close(sock)


def run_threads(rt: ThreadRuntime, subscribers: int = 4, lines: int = 200,
                line_bytes: int = 128, slow_ms: float = 2.0,
                forever: bool = False) -> dict[str, Any]:
    sent: list[int] = []
    try:
        listener = rt.tcp_listen(HOST, 0)
    except OSError as exc:
        raise cannot_listen("stream-fanout", "TCP", 0, exc) from exc
    all_accepted = threading.Event()
    acceptor = rt.spawn(accept_thread, rt, listener, subscribers, lines, line_bytes, forever,
                        sent, all_accepted, name="acceptor")
    port = listener.getsockname()[1]
    names = [f"{'slow' if i == 0 else 'fast'}-subscriber-{i}" for i in range(subscribers)]
    try:
        threads = [rt.spawn(subscribe_thread, rt, i, port, line_bytes, slow_ms, name=name)
                   for i, name in enumerate(names)]
        results = rt.gather(threads)
    finally:
        if not all_accepted.is_set():
            acceptor.cancel()
        rt.gather([acceptor])
        rt.close(listener)
    return totals(names, results, sent)
