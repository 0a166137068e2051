"""Exact event sequences of known workloads on the traced proactor loop (IOCP, Windows).

The IOCP counterpart of tests/runtime/test_sequences.py: real sockets on loopback, real
threads, no timing asserts. The words are completion words (tests/support/iocp.py): an
overlapped operation is started (FD_REGISTER), its completion packet is dequeued by
``GetQueuedCompletionStatus`` inside a wait (FD_EVENT, before that wait's POLL_END) and the
operation ends (FD_UNREGISTER), or it finishes inside the call that started it
(FD_UNREGISTER with ``c`` = 1, no FD_EVENT).

Facts measured on Windows CPython 3.13.2 under Wine 8, which the expected sequences below
rest on (this module passed there 20 times in a row as pytest runs, and 30 times in a row
in one process):

- A small ``send``/``sendto`` on a loopback socket finishes inside the call (WSASend returns
  at once): "finished at once send ...".
- ``ConnectEx`` to a listening loopback socket, and ``AcceptEx`` of a connection already
  queued, finish inside the call or complete through the port, as timing has it (70 runs:
  connect at once 61 times, accept 50, independently). The echo test
  therefore orders them (the server accepts once the client is connected) and asserts the
  exact sequence of whichever way each went.
- A ``WSARecv`` started before its data was sent never finishes at once: it always completes
  through the port.

The workloads are built so that each wait has one cause: every receive is started before
its peer can send (the peer sends only after a completion that follows the start), so the
kernel-side order is fixed by the workload, not by timing. Waits that dequeued nothing are
left out of the kernel sequence (whether a wait with timeout 0 already sees a packet that is
about to be queued is timing).
"""

from __future__ import annotations

import asyncio
import select
import socket
import sys
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from app.trace.events import Cause, Ev, Event, Wait
from tests.support.iocp import kernel_sequence, polls, record_once, self_pipe, task_sequence
from tests.support.traces import serial_of
from tests.support.workloads import NAMES, SMALL, run_cooperative

pytestmark = pytest.mark.skipif(
    sys.platform != "win32",
    reason="IOCP exists only on Windows (run through `python -m tools.windows`)")


def _line_of(marker: str) -> int:
    with open(__file__, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.rstrip().endswith(f"# {marker}"):
                return number
    raise AssertionError(marker)


def _future_wait(coroutine: Callable[..., Any], marker: str) -> str:
    """How the loop names a plain future a coroutine awaits: its qualname and line."""
    return f"future {coroutine.__qualname__}:{_line_of(marker)}"


def _named(events: list[Event], names: dict[int, str]) -> dict[int, str]:
    return {**names, self_pipe(events): "self-pipe"}


def _unless(at_once: bool, tokens: list[str]) -> list[str]:
    return [] if at_once else tokens


def test_tcp_echo_connect_accept_send_recv_as_completions() -> None:
    names: dict[int, str] = {}
    coroutines: list[Callable[[], Coroutine[Any, Any, None]]] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        names[listener.fileno()] = "listener"
        connected: asyncio.Future[None] = loop.create_future()

        async def server() -> None:
            await connected  # the server's wait
            conn, _ = await loop.sock_accept(listener)  # AcceptEx, the connection queued
            names[conn.fileno()] = "server"
            with conn:
                await loop.sock_sendall(conn, b"hello")  # the client may now send
                data = await loop.sock_recv(conn, 100)  # started before it can
                await loop.sock_sendall(conn, data)

        async def client() -> None:
            with socket.socket() as sock:
                sock.setblocking(False)
                names[sock.fileno()] = "client"
                await loop.sock_connect(sock, listener.getsockname())  # ConnectEx
                connected.set_result(None)
                assert await loop.sock_recv(sock, 100) == b"hello"
                await loop.sock_sendall(sock, b"ping")
                assert await loop.sock_recv(sock, 100) == b"ping"

        coroutines.append(server)
        await asyncio.gather(asyncio.create_task(server(), name="server"),
                             asyncio.create_task(client(), name="client"))
        listener.close()

    _, events, rec = record_once(main)
    names = _named(events, names)
    kernel = kernel_sequence(rec, events, names)
    # ConnectEx, and AcceptEx of a connection already queued, finish inside the call or
    # through the port as timing has it (see the module's docstring). Either way the rest
    # is fixed, and exact.
    connect_at_once = "finished at once connect client" in kernel
    accept_at_once = "finished at once accept listener" in kernel
    assert kernel == [
        "start recv self-pipe",  # the proactor's self-pipe: an overlapped recv, always
        "start connect client",
        *(["finished at once connect client"] if connect_at_once else
          ["dequeued connect client", "ended connect client", "poll returned 1"]),
        "start recv client",  # in the step that lets the server accept
        "start accept listener",
        *(["finished at once accept listener"] if accept_at_once else
          ["dequeued accept listener", "ended accept listener", "poll returned 1"]),
        "start send server", "finished at once send server",
        "start recv server",  # before the client can have the greeting
        "dequeued recv client", "ended recv client", "poll returned 1",
        "start send client", "finished at once send client",
        "start recv client",
        "dequeued recv server", "ended recv server", "poll returned 1",
        "start send server", "finished at once send server",
        "dequeued recv client", "ended recv client", "poll returned 1",
        "cancelled recv self-pipe",  # by run_forever as it returns
    ]
    wait = _future_wait(coroutines[0], "the server's wait")
    assert task_sequence(rec, events, serial_of(rec, "server"), names) == [
        "spawned", "ready(spawn)", "running", f"registered({wait})",
        "ready(task client)",  # connected
        "running",
        *_unless(accept_at_once, [
            "registered(accept listener)",  # AcceptEx outstanding on the listening socket
            "ready(accept listener completed)",  # its packet dequeued: the future is set
            "running"]),
        # sent the greeting (finished at once), started the recv
        "registered(recv server)",
        "ready(recv server completed)",  # the data is already in the task's buffer
        "running",  # echoes it (finished at once) and closes
        "done(ok)",
    ]
    assert task_sequence(rec, events, serial_of(rec, "client"), names) == [
        "spawned", "ready(spawn)", "running",
        *_unless(connect_at_once, [
            "registered(connect client)", "ready(connect client completed)", "running"]),
        "registered(recv client)",
        "ready(recv client completed)",  # the greeting
        "running",  # sends (finished at once), starts the next recv
        "registered(recv client)",
        "ready(recv client completed)",  # the echo
        "running", "done(ok)",
    ]
    # Receive and accept are read operations, send and connect write operations (the masks
    # the views draw them with), and the wait is GetQueuedCompletionStatus: backend "iocp".
    masks = {(names[e.a], rec.strings[e.c]): e.b for e in events
             if e.kind == Ev.FD_REGISTER and e.a in names}
    assert masks == {("self-pipe", "recv"): 1, ("listener", "accept"): 1,
                     ("client", "connect"): 2, ("client", "recv"): 1, ("client", "send"): 2,
                     ("server", "recv"): 1, ("server", "send"): 2}
    assert {rec.strings[e.c] for e in events if e.kind == Ev.POLL_BEGIN} == {"iocp"}


def test_timers_only_wait_in_getqueuedcompletionstatus_with_the_timers_timeout() -> None:
    async def main() -> None:
        async def sleeper(delay: float) -> None:
            await asyncio.sleep(delay)

        await asyncio.gather(asyncio.create_task(sleeper(0.02), name="slow"),
                             asyncio.create_task(sleeper(0.01), name="fast"))

    _, events, rec = record_once(main)
    slow, fast = serial_of(rec, "slow"), serial_of(rec, "fast")
    for serial in (slow, fast):
        assert task_sequence(rec, events, serial, {}) == [
            "spawned", "ready(spawn)", "running", "registered(timer)", "ready(timer)",
            "running", "done(ok)"]
    # The nearer deadline fires first, though its task was created second.
    timer = {e.task: e.a for e in events if e.kind == Ev.TIMER_ADDED}
    deadline = {e.task: e.b for e in events if e.kind == Ev.TIMER_ADDED}
    fired = [e.a for e in events if e.kind == Ev.TIMER_FIRED]
    assert fired == [timer[fast], timer[slow]]
    # Nothing completes: the self-pipe's recv is started, and cancelled as the run ends.
    assert kernel_sequence(rec, events, _named(events, {})) == [
        "start recv self-pipe", "cancelled recv self-pipe"]
    assert not [e for e in events if e.kind == Ev.FD_EVENT]
    assert all(end.a == 0 for _, _, end in polls(events))
    # The first wait after both registered blocks for the nearer deadline: its timeout is
    # that deadline minus the time it was computed (between the event before and its own).
    registered = max(i for i, e in enumerate(events)
                     if e.kind == Ev.STEP_END and e.a == Wait.TIMER)
    i, wait = next((i, e) for i, e in enumerate(events)
                   if i > registered and e.kind == Ev.POLL_BEGIN and e.a > 0)
    slack = 2_000  # ns: the loop's float seconds against the recorder's integer ns
    assert deadline[fast] - wait.ts - slack <= wait.a <= deadline[fast] - events[i - 1].ts + slack
    assert rec.strings[wait.c] == "iocp"
    # Every timer fired after a wait that dequeued no completion: the wait timed out.
    for serial in (fast, slow):
        at = next(i for i, e in enumerate(events)
                  if e.kind == Ev.TIMER_FIRED and e.a == timer[serial])
        last_end = max(j for j in range(at) if events[j].kind == Ev.POLL_END)
        assert events[last_end].a == 0
        # Never early by more than asyncio allows: a timer is due once it is within one
        # clock resolution of the loop's time (and the ns/float clocks round apart by ~1 µs).
        assert events[at].b >= -int(time.get_clock_info("monotonic").resolution * 1e9) - slack


def test_call_soon_threadsafe_wakes_the_loop_through_the_self_pipe_recv() -> None:
    coroutines: list[Callable[[], Coroutine[Any, Any, None]]] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()

        async def waiter() -> None:
            await future  # the waiter's wait

        coroutines.append(waiter)
        task = asyncio.create_task(waiter(), name="waiter")
        await asyncio.sleep(0)  # the waiter is registered, the self-pipe recv outstanding
        first: Any = getattr(loop, "_self_reading_future")  # noqa: B009 (private, stock)
        poker = threading.Thread(target=loop.call_soon_threadsafe, args=(future.set_result, None),
                                 name="poker")
        poker.start()
        await task
        poker.join()
        # Whether the wait that follows the wake-up already sees the self-pipe's packet is
        # timing; stay until the loop has dequeued it and started the next recv.
        while getattr(loop, "_self_reading_future") is first:  # noqa: B009
            await asyncio.sleep(0.001)

    _, events, rec = record_once(main)
    wait = _future_wait(coroutines[0], "the waiter's wait")
    assert task_sequence(rec, events, serial_of(rec, "waiter"), {}) == [
        "spawned", "ready(spawn)", "running", f"registered({wait})",
        "ready(thread)", "running", "done(ok)"]
    pipe = self_pipe(events)
    assert kernel_sequence(rec, events, {pipe: "self-pipe"}) == [
        "start recv self-pipe",
        "dequeued recv self-pipe", "ended recv self-pipe", "poll returned 1",
        "start recv self-pipe",  # by _loop_self_reading, the completion's callback
        "cancelled recv self-pipe",
    ]
    # The order of facts: the thread's wake-up (a plain callback: set_result), then the
    # self-pipe's completion, whose callback was made ready by it (cause: fd = the pipe).
    poker = rec.intern("poker")
    wake = next(i for i, e in enumerate(events) if e.kind == Ev.THREAD_WAKE)
    assert (events[wake].b, events[wake].c) == (poker, 0)  # 0: it woke no task directly
    dequeued = next(i for i, e in enumerate(events) if e.kind == Ev.FD_EVENT)
    assert wake < dequeued and events[dequeued].a == pipe
    ready = next(e for e in events[dequeued:] if e.kind == Ev.CALLBACK_READY)
    assert (ready.b, ready.c) == (Cause.FD, pipe)
    ran = next(e for e in events if e.kind == Ev.CALLBACK_BEGIN and e.a == ready.a)
    assert rec.strings[ran.b].endswith("_loop_self_reading")


def test_udp_round_trip_through_the_datagram_transport() -> None:
    names: dict[int, str] = {}
    coroutines: list[Callable[[], Coroutine[Any, Any, None]]] = []

    async def main() -> bytes:
        loop = asyncio.get_running_loop()
        got: asyncio.Future[bytes] = loop.create_future()

        class Echo(asyncio.DatagramProtocol):
            def connection_made(self, transport: Any) -> None:
                self.transport = transport

            def datagram_received(self, data: bytes, addr: Any) -> None:
                self.transport.sendto(data, addr)

        class Client(asyncio.DatagramProtocol):
            def datagram_received(self, data: bytes, addr: Any) -> None:
                got.set_result(data)

        server, _ = await loop.create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0))
        client, _ = await loop.create_datagram_endpoint(Client, local_addr=("127.0.0.1", 0))
        names[server.get_extra_info("socket").fileno()] = "server"
        names[client.get_extra_info("socket").fileno()] = "client"

        async def pinger() -> None:
            client.sendto(b"ping", server.get_extra_info("sockname"))
            await got  # the pinger's wait

        coroutines.append(pinger)
        await asyncio.create_task(pinger(), name="pinger")
        client.close()
        server.close()
        return got.result()

    result, events, rec = record_once(main)
    assert result == b"ping"
    names = _named(events, names)
    wait = _future_wait(coroutines[0], "the pinger's wait")
    assert task_sequence(rec, events, serial_of(rec, "pinger"), names) == [
        "spawned", "ready(spawn)", "running",  # sendto: finished at once
        f"registered({wait})",
        # Woken by the transport's read callback, which passes on its cause: the
        # completion of the client's recvfrom.
        "ready(recvfrom client completed)",
        "running", "done(ok)",
    ]
    assert kernel_sequence(rec, events, names) == [
        "start recv self-pipe",
        "start recvfrom server", "start recvfrom client",  # each transport's _loop_reading
        "start sendto client", "finished at once sendto client",
        "dequeued recvfrom server", "ended recvfrom server", "poll returned 1",
        "start recvfrom server",  # the next datagram's read starts before this one is used
        "start sendto server", "finished at once sendto server",  # the echo
        "dequeued recvfrom client", "ended recvfrom client", "poll returned 1",
        "start recvfrom client",
        "cancelled recvfrom client", "cancelled recvfrom server",  # the transports close
        "cancelled recv self-pipe",
    ]


def test_a_recv_with_its_data_already_there_finishes_at_once() -> None:
    names: dict[int, str] = {}

    async def main() -> bytes:
        loop = asyncio.get_running_loop()
        a, b = socket.socketpair()
        with a, b:
            a.setblocking(False)
            names[a.fileno()] = "a"
            b.sendall(b"x")
            # The byte is in a's receive buffer before the recv starts: wait until the
            # kernel says so (a blocking select on the loop thread, before the operation).
            assert select.select([a], [], [], 10)[0] == [a]

            async def reader() -> bytes:
                return await loop.sock_recv(a, 10)

            return await asyncio.create_task(reader(), name="reader")

    result, events, rec = record_once(main)
    assert result == b"x"
    names = _named(events, names)
    # No wait: the task never left the running state between its start and its end.
    assert task_sequence(rec, events, serial_of(rec, "reader"), names) == [
        "spawned", "ready(spawn)", "running", "done(ok)"]
    assert kernel_sequence(rec, events, names) == [
        "start recv self-pipe", "start recv a", "finished at once recv a",
        "cancelled recv self-pipe"]
    # Nothing was dequeued for it and nothing was woken by it (its packet, which the port
    # still receives, is dropped by asyncio because the future is already done).
    (start,) = [i for i, e in enumerate(events) if e.kind == Ev.FD_REGISTER
                and names.get(e.a) == "a"]
    done = events[start + 1]
    assert (done.kind, done.a, done.b, done.c) == (Ev.FD_UNREGISTER, events[start].a, 1, 1)
    assert not [e for e in events if e.kind == Ev.FD_EVENT]
    assert not [e for e in events if e.kind == Ev.TASK_READY and e.a == Cause.FD]


# -- invariants over every sample, recorded on iocp ---------------------------------------------
def _from_other_threads(e: Event) -> bool:
    """call_soon_threadsafe records from the calling thread, between the loop's events."""
    return (e.kind == Ev.THREAD_WAKE
            or (e.kind == Ev.TASK_READY and e.a == Cause.THREAD)
            or (e.kind == Ev.CALLBACK_READY and e.b == Cause.THREAD))


def check_completion_invariants(events: list[Event]) -> None:
    """What every IOCP recording satisfies, whatever the timing:

    - an FD_EVENT dequeues an outstanding operation: started (FD_REGISTER) on that handle
      with the same mask and operation, and not ended yet; FD_UNREGISTER (c = 0) follows it
      at once;
    - an FD_UNREGISTER with c = 1 follows the FD_REGISTER of its own operation at once (it
      finished inside the call that started it); one with c = 2 ends an outstanding
      operation (a cancel), with no FD_EVENT before it;
    - once the loop is closed, every operation started has ended;
    - every FD_EVENT lies between a POLL_BEGIN and its POLL_END, and POLL_END's count is the
      number of FD_EVENTs in that wait (the count is ``len(event_list)``, and the
      proactor's ``select`` returns the futures whose completion callback ran in that
      ``_poll``: exactly the completions recorded as FD_EVENT);
    - whatever is made ready with cause FD (a task or a callback) is made ready inside a
      wait, after an FD_EVENT of that handle there, or inside a callback run that was
      itself made ready with that cause (a callback passes on its cause).
    """
    loop_events = [e for e in events if not _from_other_threads(e)]
    # (handle, mask) -> the operations outstanding on it, oldest first. (One kind of
    # operation per handle and mask in practice: recv or recvfrom reads, send or sendto
    # writes, accept on a listener; so which one a cancel ends is never in doubt.)
    outstanding: dict[tuple[int, int], list[int]] = {}
    in_poll = False
    dequeued: set[int] = set()  # handles dequeued in the current wait
    count = 0
    fd_callbacks: dict[int, int] = {}  # callback handle serial -> its fd cause's handle
    running: list[int] = []  # the callback run open now (CALLBACK_BEGIN .. CALLBACK_END)
    for i, e in enumerate(loop_events):
        before = loop_events[i - 1] if i else None
        if e.kind == Ev.POLL_BEGIN:
            assert not in_poll
            in_poll, dequeued, count = True, set(), 0
        elif e.kind == Ev.POLL_END:
            assert in_poll, f"POLL_END outside a wait: {e}"
            assert e.a == count, f"POLL_END counts {e.a}, {count} FD_EVENTs were recorded"
            in_poll = False
        elif e.kind == Ev.FD_REGISTER:
            outstanding.setdefault((e.a, e.b), []).append(e.c)
        elif e.kind == Ev.FD_EVENT:
            assert in_poll, f"FD_EVENT outside a wait: {e}"
            ops = outstanding.get((e.a, e.b), [])
            assert e.c in ops, f"FD_EVENT of no outstanding operation: {e}"
            ops.remove(e.c)
            after = loop_events[i + 1]
            assert (after.kind, after.a, after.b, after.c) == (Ev.FD_UNREGISTER, e.a, e.b, 0)
            dequeued.add(e.a)
            count += 1
        elif e.kind == Ev.FD_UNREGISTER:
            assert before is not None
            if e.c == 1:
                assert (before.kind, before.a, before.b) == (Ev.FD_REGISTER, e.a, e.b), e
                outstanding[e.a, e.b].remove(before.c)
            elif e.c == 2:
                assert (before.kind, before.a, before.b) != (Ev.FD_EVENT, e.a, e.b), e
                assert outstanding.get((e.a, e.b)), f"cancel of no outstanding operation: {e}"
                outstanding[e.a, e.b].pop(0)
            else:
                assert (before.kind, before.a, before.b) == (Ev.FD_EVENT, e.a, e.b), e
        elif e.kind == Ev.CALLBACK_BEGIN:
            running.append(e.a)
        elif e.kind == Ev.CALLBACK_END:
            running.pop()
        if e.kind in (Ev.TASK_READY, Ev.CALLBACK_READY):
            cause, handle = (e.a, e.b) if e.kind == Ev.TASK_READY else (e.b, e.c)
            if cause != Cause.FD:
                continue
            if in_poll:
                assert handle in dequeued, f"woken by fd {handle}, not dequeued here: {e}"
            else:
                assert running and fd_callbacks.get(running[-1]) == handle, \
                    f"woken by fd {handle} outside a wait, not by its callback: {e}"
            if e.kind == Ev.CALLBACK_READY:
                fd_callbacks[e.a] = handle
    assert not in_poll
    assert not {key: ops for key, ops in outstanding.items() if ops}, "never ended"


@pytest.mark.parametrize("name", NAMES)
def test_every_sample_on_iocp_keeps_the_completion_invariants(name: str) -> None:
    _, events, rec = run_cooperative(name, SMALL[name])
    info = next(e for e in events if e.kind == Ev.LOOP_INFO)
    assert rec.strings[info.b] == "iocp"
    check_completion_invariants(events)
