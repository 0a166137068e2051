"""UDP ping: datagrams with loop.sock_sendto / loop.sock_recvfrom (Python 3.11+).

Run it with ``python udp_ping.py``. There is no connection and no stream: each await on
``sock_recvfrom`` registers the socket's fd for reading until one datagram has arrived.
"""

import asyncio
import socket


def udp_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setblocking(False)  # the loop's sock_* methods need non-blocking sockets
    sock.bind(("127.0.0.1", 0))
    return sock


async def server(sock: socket.socket) -> None:
    loop = asyncio.get_running_loop()
    while True:
        data, address = await loop.sock_recvfrom(sock, 2048)
        if not data:  # an empty datagram: stop
            return
        await loop.sock_sendto(sock, data, address)


async def main() -> None:
    loop = asyncio.get_running_loop()
    with udp_socket() as server_sock, udp_socket() as client_sock:
        address = server_sock.getsockname()
        serving = asyncio.create_task(server(server_sock))
        for seq in range(5):
            t0 = loop.time()
            await loop.sock_sendto(client_sock, f"ping {seq}".encode(), address)
            pong, _ = await asyncio.wait_for(loop.sock_recvfrom(client_sock, 2048), 1.0)
            print(f"{pong.decode()}: {(loop.time() - t0) * 1e6:.0f} µs round trip")
        await loop.sock_sendto(client_sock, b"", address)
        await serving


if __name__ == "__main__":
    asyncio.run(main())
