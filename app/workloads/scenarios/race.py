"""socket-or-timer — a socket and a timer both due at one poll: which handler goes first?

The loop serves one TCP connection on 127.0.0.1; its client is a :class:`app.runtime.peer.Peer`
(a thread of its own, like another program). Once connected, the server stops listening, so
the interest list holds only the connection's fd (and the loop's self-pipe). Then, twice:

- ``main`` starts a task, ``busy-N``, that computes for ``busy_ms`` without an await. As it
  starts it gives the peer a sign, and the peer sends a line *while the loop is busy*: the
  kernel queues the bytes and marks the fd ready (② fire, recorded as PEER_IO) though the loop
  is not looking. The loop sees it only at its next poll (③).
- The second time, ``main`` first arms a timer due in ``timer_ms``, well within the busy
  step: at the next poll the timer is due *and* the fd is ready. ``_run_once`` harvests the
  fds first (their callbacks join the ready queue) and moves the due timers after them, so
  the socket's callback runs first, however late the timer is.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

from app.runtime.params import WorkloadError
from app.runtime.peer import Peer
from app.trace.text import QT_TR_NOOP, Sentence
from app.workloads.samples.common import HOST, burn, cannot_listen

#: Lines the client sends, one per busy step.
ROUNDS = 2


def peer_script(address: tuple[str, int], listening_fd: int,
                signs: list[threading.Event]) -> Callable[[Peer], None]:
    """What the peer does, on its own thread: connect while the loop waits, then one line per
    busy step, sent while that step runs."""

    def script(peer: Peer) -> None:
        peer.wait_until_blocked()
        peer.connect(address, listening_fd)
        for sign in signs:
            peer.wait_for(sign)
            peer.send(b"ping\n")  # ② the connection's fd becomes readable, loop busy or not

    return script


async def busy(ms: float, sign: threading.Event) -> None:
    """Hold the loop's thread for ``ms`` ms: nothing else on the loop runs meanwhile."""
    sign.set()  # the peer sends now, during this step
    burn(ms)


async def run(busy_ms: float = 200.0, timer_ms: float = 50.0,
              pause_ms: float = 300.0) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    recorder = getattr(loop, "recorder", None)
    if recorder is None:  # the peer acts when the traced loop says it is blocked
        raise WorkloadError(Sentence(QT_TR_NOOP(
            "{workload} runs on LoopScope's traced loop only"), workload="socket-or-timer"))
    peer = Peer(recorder, pause_ms / 1000)
    signs = [threading.Event() for _ in range(ROUNDS)]
    accepted: asyncio.Future[asyncio.StreamReader] = loop.create_future()
    ticks: list[float] = []

    def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer.connected(writer.get_extra_info("peername"),
                       writer.get_extra_info("socket").fileno())
        writers.append(writer)
        if not accepted.done():
            accepted.set_result(reader)

    def tick() -> None:  # the timer's callback: a plain callback, no task
        ticks.append(loop.time())

    writers: list[asyncio.StreamWriter] = []
    try:
        server = await asyncio.start_server(connected, HOST, 0)
    except OSError as exc:
        peer.stop()
        raise cannot_listen("socket-or-timer", "TCP", 0, exc) from exc
    listener = server.sockets[0]
    peer.start(peer_script(listener.getsockname(), listener.fileno(), signs))
    lines = []
    try:
        reader = await accepted
        server.close()  # stop listening: the connection's fd is left in the interest list
        for n in range(ROUNDS):
            if n == ROUNDS - 1:
                loop.call_later(timer_ms / 1000, tick)  # due long before busy-N ends
            worker = loop.create_task(busy(busy_ms, signs[n]), name=f"busy-{n}")
            # main waits for the line (the transport reads the connection's fd); busy-N
            # runs first, and the line arrives while it does.
            lines.append(await reader.readline())
            await worker
    finally:
        peer.stop()
        server.close()
        for writer in writers:
            writer.close()
    return {"lines": len(lines), "ticks": len(ticks)}
