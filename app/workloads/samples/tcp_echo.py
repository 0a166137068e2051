"""tcp-echo — an echo server and N clients on 127.0.0.1, M messages each."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from typing import Any

from app.runtime.preemptive.runtime import ThreadRuntime, TracedThread
from app.workloads.samples.common import HOST, Tally, cannot_listen, split_results


def message_for(client: int, m: int, payload: int) -> bytes:
    """Message ``m`` of ``client``: one letter repeated (an echo mix-up would show)."""
    return bytes([65 + (client + m) % 26]) * payload


def totals(names: list[str], results: list[Any], port: int) -> dict[str, Any]:
    values, errors = split_results(names, results)
    return {"sent": sum(v[0] for v in values), "echoed": sum(v[1] for v in values),
            "port": port, "max_rtt_ms": max((rtts.max() for _, _, rtts in values), default=0.0),
            "errors": errors}


# -- cooperative: a stream server and client tasks on the running loop ---------------------------
class EchoServer:
    """``asyncio.start_server`` echoing fixed-size messages; closing it ends every handler."""

    def __init__(self, payload: int) -> None:
        self.payload = payload
        #: The handler task of each open connection, and its writer.
        self.handlers: dict[asyncio.Task[Any], asyncio.StreamWriter] = {}
        self.accepted = 0
        self.server: asyncio.Server | None = None
        self.port = 0

    async def start(self, port: int, sample: str = "tcp-echo") -> int:
        try:
            self.server = await asyncio.start_server(self.connected, HOST, port)
        except OSError as exc:
            raise cannot_listen(sample, "TCP", port, exc) from exc
        self.port = self.server.sockets[0].getsockname()[1]
        return self.port

    def connected(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """A client connected: its handler task, named in accept order ("handler-0", ...) as
        the threaded server names its handler threads (start_server would call it "Task-8")."""
        task = asyncio.get_running_loop().create_task(self.handle(reader, writer),
                                                      name=f"handler-{self.accepted}")
        self.accepted += 1
        self.handlers[task] = writer

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        try:
            while True:
                # Registered on the socket's fd for reading until a whole message arrived.
                writer.write(await reader.readexactly(self.payload))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the client closed its side (or broke): this handler is done
        finally:
            self.handlers.pop(task, None)
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def close(self) -> None:
        if self.server is None:
            return
        self.server.close()
        # End the handlers still connected by closing their connections: each sees the end
        # of its stream and returns, as when its client leaves, so every handler's run ends
        # the same way in the recording.
        for writer in list(self.handlers.values()):
            writer.transport.abort()
        await asyncio.gather(*self.handlers, return_exceptions=True)
        await self.server.wait_closed()


async def echo_client(i: int, port: int, payload: int, messages: int, think_ms: float,
                      forever: bool) -> tuple[int, int, Tally]:
    """Send, await the echo, check it, think; returns (bytes sent, bytes echoed, RTTs ms)."""
    reader, writer = await asyncio.open_connection(HOST, port)
    sent = echoed = 0
    rtts = Tally()
    try:
        m = 0
        while forever or m < messages:
            message = message_for(i, m, payload)
            t0 = time.monotonic()
            writer.write(message)
            await writer.drain()
            sent += len(message)
            reply = await reader.readexactly(payload)
            rtts.append((time.monotonic() - t0) * 1000)
            if reply != message:
                raise RuntimeError(f"echo mismatch on message {m}")
            echoed += len(reply)
            m += 1
            if think_ms:
                await asyncio.sleep(think_ms / 1000)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    return sent, echoed, rtts


async def run(clients: int = 3, messages: int = 5, payload: int = 64, think_ms: float = 20.0,
              port: int = 0, forever: bool = False) -> dict[str, Any]:
    server = EchoServer(payload)
    port = await server.start(port)
    names = [f"client-{i}" for i in range(clients)]
    try:
        results = await asyncio.gather(
            *(asyncio.create_task(echo_client(i, port, payload, messages, think_ms, forever),
                                  name=name) for i, name in enumerate(names)),
            return_exceptions=True)  # one broken client does not stop the others
    finally:
        await server.close()
    return totals(names, list(results), port)


# -- preemptive: a thread per connection, a thread per client ------------------------------------
def echo_thread(rt: ThreadRuntime, conn: socket.socket, payload: int) -> None:
    """Serve one connection: blocking reads and writes, one OS thread for it alone."""
    try:
        while True:
            data = rt.recv_exactly(conn, payload)
            if len(data) < payload:
                return  # end of stream: the client is done
            rt.sendall(conn, data)
    except ConnectionError:
        pass
    finally:
        rt.close(conn)


def acceptor_thread(rt: ThreadRuntime, listener: socket.socket, payload: int,
                    connections: int, all_accepted: threading.Event) -> None:
    """Accept ``connections`` clients, a handler thread for each, and wait for them all."""
    handlers: list[TracedThread] = []
    try:
        for k in range(connections):
            conn, _ = rt.accept(listener)
            handlers.append(rt.spawn(echo_thread, rt, conn, payload, name=f"handler-{k}"))
        all_accepted.set()
    finally:
        rt.gather(handlers)


class EchoThreads:
    """The threaded echo server: a listening socket and its acceptor thread."""

    def __init__(self, rt: ThreadRuntime, port: int, payload: int, connections: int,
                 sample: str = "tcp-echo") -> None:
        self.rt = rt
        try:
            self.listener = rt.tcp_listen(HOST, port)
        except OSError as exc:
            raise cannot_listen(sample, "TCP", port, exc) from exc
        self.port: int = self.listener.getsockname()[1]
        self.all_accepted = threading.Event()
        self.acceptor = rt.spawn(acceptor_thread, rt, self.listener, payload, connections,
                                 self.all_accepted, name="acceptor")

    def close(self) -> None:
        if not self.all_accepted.is_set():
            self.acceptor.cancel()  # a client never connected: stop waiting in accept()
        self.rt.gather([self.acceptor])  # its handlers end when their clients close
        self.rt.close(self.listener)


def echo_client_thread(rt: ThreadRuntime, i: int, port: int, payload: int, messages: int,
                       think_ms: float, forever: bool) -> tuple[int, int, Tally]:
    sock = rt.tcp_connect((HOST, port))
    sent = echoed = 0
    rtts = Tally()
    try:
        m = 0
        while forever or m < messages:
            message = message_for(i, m, payload)
            t0 = time.monotonic()
            rt.sendall(sock, message)
            sent += len(message)
            reply = rt.recv_exactly(sock, payload)  # the thread blocks in the kernel here
            rtts.append((time.monotonic() - t0) * 1000)
            if reply != message:
                raise RuntimeError(f"echo mismatch on message {m}")
            echoed += len(reply)
            m += 1
            if think_ms:
                rt.sleep(think_ms / 1000)
    finally:
        rt.close(sock)
    return sent, echoed, rtts


def run_threads(rt: ThreadRuntime, clients: int = 3, messages: int = 5, payload: int = 64,
                think_ms: float = 20.0, port: int = 0, forever: bool = False) -> dict[str, Any]:
    server = EchoThreads(rt, port, payload, clients)
    names = [f"client-{i}" for i in range(clients)]
    try:
        threads = [rt.spawn(echo_client_thread, rt, i, server.port, payload, messages,
                            think_ms, forever, name=name) for i, name in enumerate(names)]
        results = rt.gather(threads)
    finally:
        server.close()
    return totals(names, results, server.port)
