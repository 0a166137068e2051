"""udp-ping — datagram request/response pairs between N clients and one UDP server."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from typing import Any

from app.runtime.preemptive.runtime import ThreadRuntime
from app.workloads.samples.common import HOST, Tally, cannot_listen, split_results

#: An empty datagram tells the server to stop (every ping carries at least its header).
BYE = b""


def ping_for(client: int, seq: int, payload: int) -> bytes:
    """``b"3:17:......"``: who sent it and which one, padded to ``payload`` bytes."""
    header = f"{client}:{seq}:".encode()
    return header + b"." * max(0, payload - len(header))


def totals(names: list[str], results: list[Any], port: int) -> dict[str, Any]:
    values, errors = split_results(names, results)
    return {"sent": sum(v[0] for v in values), "received": sum(v[1] for v in values),
            "lost": sum(v[2] for v in values), "port": port,
            "max_rtt_ms": max((rtts.max() for *_, rtts in values), default=0.0), "errors": errors}


def udp_socket(port: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.setblocking(False)  # the loop's sock_* calls need a non-blocking socket
        sock.bind((HOST, port))
    except BaseException:
        sock.close()
        raise
    return sock


# -- cooperative: loop.sock_recvfrom / sock_sendto on non-blocking sockets ------------------------
async def serve(sock: socket.socket) -> int:
    """Echo every datagram back to its sender until an empty one arrives."""
    loop = asyncio.get_running_loop()
    served = 0
    while True:
        # The task registers the socket's fd for reading and sleeps until a datagram lands.
        data, address = await loop.sock_recvfrom(sock, 65_536)
        if data == BYE:
            return served
        await loop.sock_sendto(sock, data, address)
        served += 1


async def pinger(i: int, server: tuple[str, int], pings: int, payload: int,
                 interval_ms: float, timeout_ms: float,
                 forever: bool) -> tuple[int, int, int, Tally]:
    """Ping, wait for the pong (or give up after ``timeout_ms``); (sent, received, lost, RTTs)."""
    loop = asyncio.get_running_loop()
    sock = udp_socket()
    sent = received = lost = 0
    rtts = Tally()
    try:
        seq = 0
        while forever or seq < pings:
            ping = ping_for(i, seq, payload)
            t0 = time.monotonic()
            await loop.sock_sendto(sock, ping, server)
            sent += 1
            try:
                # asyncio.timeout, not wait_for: on 3.11 wait_for loses a cancellation that
                # arrives just as the datagram does, and this loop would then never end.
                async with asyncio.timeout(timeout_ms / 1000):
                    while True:  # a late pong of an earlier ping is not this one's answer
                        pong, _ = await loop.sock_recvfrom(sock, 65_536)
                        if pong == ping:
                            break
            except TimeoutError:
                lost += 1  # UDP promises nothing: a datagram may be dropped
            else:
                received += 1
                rtts.append((time.monotonic() - t0) * 1000)
            seq += 1
            if interval_ms:
                await asyncio.sleep(interval_ms / 1000)
    finally:
        sock.close()
    return sent, received, lost, rtts


async def run(clients: int = 3, pings: int = 10, payload: int = 32, interval_ms: float = 10.0,
              timeout_ms: float = 500.0, port: int = 0, forever: bool = False) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    try:
        server_sock = udp_socket(port)
    except OSError as exc:
        raise cannot_listen("udp-ping", "UDP", port, exc) from exc
    address = server_sock.getsockname()
    server = asyncio.create_task(serve(server_sock), name="udp-server")
    names = [f"pinger-{i}" for i in range(clients)]
    try:
        results = await asyncio.gather(
            *(asyncio.create_task(pinger(i, address, pings, payload, interval_ms, timeout_ms,
                                         forever), name=name) for i, name in enumerate(names)),
            return_exceptions=True)
        await loop.sock_sendto(server_sock, BYE, address)  # the server ends by itself
        with contextlib.suppress(TimeoutError):  # the goodbye was lost: cancelled below
            async with asyncio.timeout(timeout_ms / 1000):
                await asyncio.shield(server)
    finally:
        server.cancel()
        await asyncio.gather(server, return_exceptions=True)
        server_sock.close()
    return totals(names, list(results), address[1])


# -- preemptive: a server thread and a thread per client, blocking recvfrom -----------------------
def serve_thread(rt: ThreadRuntime, sock: socket.socket) -> int:
    served = 0
    while True:
        data, address = rt.recvfrom(sock, 65_536)  # the thread blocks in the kernel
        if data == BYE:
            return served
        rt.sendto(sock, data, address)
        served += 1


def pinger_thread(rt: ThreadRuntime, i: int, server: tuple[str, int], pings: int,
                  payload: int, interval_ms: float, timeout_ms: float,
                  forever: bool) -> tuple[int, int, int, Tally]:
    sock = rt.udp_socket(HOST, 0)
    sent = received = lost = 0
    rtts = Tally()
    try:
        seq = 0
        while forever or seq < pings:
            ping = ping_for(i, seq, payload)
            t0 = time.monotonic()
            rt.sendto(sock, ping, server)
            sent += 1
            try:
                while True:
                    pong, _ = rt.recvfrom(sock, 65_536, timeout=timeout_ms / 1000)
                    if pong == ping:
                        break
            except TimeoutError:
                lost += 1
            else:
                received += 1
                rtts.append((time.monotonic() - t0) * 1000)
            seq += 1
            if interval_ms:
                rt.sleep(interval_ms / 1000)
    finally:
        rt.close(sock)
    return sent, received, lost, rtts


def run_threads(rt: ThreadRuntime, clients: int = 3, pings: int = 10, payload: int = 32,
                interval_ms: float = 10.0, timeout_ms: float = 500.0, port: int = 0,
                forever: bool = False) -> dict[str, Any]:
    try:
        server_sock = rt.udp_socket(HOST, port)
    except OSError as exc:
        raise cannot_listen("udp-ping", "UDP", port, exc) from exc
    address = server_sock.getsockname()
    server = rt.spawn(serve_thread, rt, server_sock, name="udp-server")
    names = [f"pinger-{i}" for i in range(clients)]
    try:
        threads = [rt.spawn(pinger_thread, rt, i, address, pings, payload, interval_ms,
                            timeout_ms, forever, name=name) for i, name in enumerate(names)]
        results = rt.gather(threads)
        rt.sendto(server_sock, BYE, address)
        with contextlib.suppress(TimeoutError):  # the goodbye was lost: cancelled below
            rt.join(server, timeout=timeout_ms / 1000)
    finally:
        server.cancel()
        rt.gather([server])
        rt.close(server_sock)
    return totals(names, results, address[1])
