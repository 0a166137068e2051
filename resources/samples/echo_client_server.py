"""An echo server and three clients on 127.0.0.1, all in one event loop.

Run it with ``python echo_client_server.py``. A client that awaits ``readexactly`` is
registered on its socket's fd for reading; the loop blocks in epoll_wait; the kernel marks the
fd readable when the echo arrives; epoll_wait returns it; the task becomes ready and runs.
"""

import asyncio


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(1024):
            writer.write(data)  # echo it back
            await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def client(i: int, port: int, messages: int = 5) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    echoed = 0
    try:
        for m in range(messages):
            message = f"client {i} message {m}\n".encode()
            writer.write(message)
            await writer.drain()
            reply = await reader.readexactly(len(message))
            assert reply == message
            echoed += len(reply)
            await asyncio.sleep(0.02)  # think a little
    finally:
        writer.close()
        await writer.wait_closed()
    return echoed


async def main() -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", 0)  # any free port
    port = server.sockets[0].getsockname()[1]
    async with server:
        echoed = await asyncio.gather(*(client(i, port) for i in range(3)))
    print(f"echo server on port {port}: {sum(echoed)} bytes echoed to {len(echoed)} clients")


if __name__ == "__main__":
    asyncio.run(main())
