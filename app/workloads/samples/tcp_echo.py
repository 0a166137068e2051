"""tcp-echo — an echo server and N clients on 127.0.0.1, M messages each."""

from __future__ import annotations

import asyncio
from typing import Any

from ..registry import FOREVER, Param, Workload, register


async def run(clients: int = 3, messages: int = 5, payload: int = 64, think_ms: float = 20.0,
              forever: bool = False) -> dict[str, Any]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                writer.write(await reader.readexactly(payload))
                await writer.drain()
        except asyncio.IncompleteReadError:
            pass  # the client closed its side
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)  # an ephemeral port
    port = server.sockets[0].getsockname()[1]

    async def client(i: int) -> int:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        echoed = 0
        try:
            m = 0
            while forever or m < messages:
                message = bytes([65 + (i + m) % 26]) * payload
                writer.write(message)
                await writer.drain()
                reply = await reader.readexactly(payload)
                if reply != message:
                    raise RuntimeError(f"client {i}: echo mismatch on message {m}")
                echoed += len(reply)
                m += 1
                if think_ms:
                    await asyncio.sleep(think_ms / 1000)
        finally:
            writer.close()
            await writer.wait_closed()
        return echoed

    try:
        echoed = await asyncio.gather(*(asyncio.create_task(client(i), name=f"client-{i}")
                                        for i in range(clients)))
    finally:
        server.close()
        await server.wait_closed()
    return {"sent": clients * messages * payload, "echoed": sum(echoed), "port": port}


WORKLOAD = register(Workload(
    name="tcp-echo",
    title="TCP echo",
    summary="An echo server and N clients on loopback, M messages each.",
    look_for=(
        "Each client sends, then awaits the echo: its task is registered on its socket's fd "
        "for reading, the loop blocks in epoll_wait, the kernel marks the fd readable when "
        "the echo arrives, epoll_wait returns it, the transport's read callback feeds the "
        "stream and the client task becomes ready — the four steps of the readiness flow."),
    params=(
        Param("clients", int, 3, "Number of concurrent clients.", 1, 1000),
        Param("messages", int, 5, "Messages each client sends.", 1, 1_000_000),
        Param("payload", int, 64, "Bytes per message.", 1, 1_048_576, unit="bytes"),
        Param("think_ms", float, 20.0, "Client pause between messages.", 0, 10_000, unit="ms"),
        FOREVER,
    ),
    cooperative=run,
    tags=("fd",),
))
