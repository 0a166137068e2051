"""Back-pressure: a server pushes lines to a fast and a slow subscriber with drain().

Run it with ``python stream_backpressure.py``. ``await writer.drain()`` returns at once while
the subscriber keeps up; for the slow one the socket buffers fill, the transport pauses
writing, and the pushing task waits on the fd for *writing* until there is room again.
"""

import asyncio
import socket
import time

LINES = 300


async def push(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    who = (await reader.readline()).decode().strip()  # the subscriber says who it is
    writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    writer.transport.set_write_buffer_limits(high=1024)  # drain() waits above 1 KiB
    waited = 0.0
    try:
        for n in range(LINES):
            writer.write(f"line {n:05d} {'.' * 88}\n".encode())  # 100 bytes
            t0 = time.perf_counter()
            await writer.drain()  # returns at once unless the subscriber is behind
            waited += time.perf_counter() - t0
    finally:
        writer.close()
        await writer.wait_closed()
    print(f"pusher to the {who} subscriber: {waited * 1000:.0f} ms waiting in drain()")


async def subscribe(port: int, slow: bool) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port,
                                                   limit=256 if slow else 2**16)
    if slow:  # a small kernel buffer too: it fills after a few lines
        writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
    writer.write(b"slow\n" if slow else b"fast\n")
    received = 0
    try:
        while await reader.readline():
            received += 1
            if slow:
                await asyncio.sleep(0.002)
    finally:
        writer.close()
        await writer.wait_closed()
    return received


async def main() -> None:
    server = await asyncio.start_server(push, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        fast, slow = await asyncio.gather(subscribe(port, False), subscribe(port, True))
    print(f"fast subscriber: {fast} lines, slow subscriber: {slow} lines")


if __name__ == "__main__":
    asyncio.run(main())
