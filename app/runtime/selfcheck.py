"""Self-checks that compare the trace with what the kernel saw.

``python -m app.runtime.selfcheck echo`` runs a loopback echo workload on the traced epoll loop
and prints, as JSON, the loop's epoll fd and how many interest-list changes (FD_REGISTER,
FD_MODIFY, FD_UNREGISTER) and waits (POLL_BEGIN) the trace recorded. Run it under
``strace -f -e trace=epoll_ctl,epoll_wait,epoll_pwait`` and count the system calls on that
fd: the numbers must agree (tests/runtime/test_strace.py does exactly this).
"""

from __future__ import annotations

import asyncio
import json
import sys

from app.runtime.factory import new_loop
from app.trace.events import Ev


async def echo_workload(clients: int = 3, messages: int = 5) -> int:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while line := await reader.readline():
            writer.write(line)
            await writer.drain()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]

    async def client(i: int) -> int:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        echoed = 0
        for m in range(messages):
            writer.write(f"client {i} message {m}\n".encode())
            await writer.drain()
            echoed += len(await reader.readline())
        writer.close()
        await writer.wait_closed()
        return echoed

    total = sum(await asyncio.gather(*(client(i) for i in range(clients))))
    server.close()
    await server.wait_closed()
    return total


def run_echo(backend: str = "epoll") -> dict[str, int]:
    loop = new_loop(backend)
    kernel_fd = loop.kernel_fd()
    try:
        echoed = loop.run_until_complete(echo_workload())
    finally:
        loop.close()  # unregisters the self-pipe: that DEL is in the trace too
    kinds = [record[2] for record in loop.recorder.drain()]
    return {
        "epoll_fd": kernel_fd,
        "echoed_bytes": echoed,
        "register": kinds.count(Ev.FD_REGISTER),
        "modify": kinds.count(Ev.FD_MODIFY),
        "unregister": kinds.count(Ev.FD_UNREGISTER),
        "waits": kinds.count(Ev.POLL_BEGIN),
        "dropped": loop.recorder.dropped,
    }


def main(argv: list[str]) -> int:
    if argv[1:2] != ["echo"]:
        print("usage: python -m app.runtime.selfcheck echo", file=sys.stderr)
        return 2
    print(json.dumps(run_echo()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
