"""The socket primitives of the thread runtime: blocking sockets, recorded.

Sockets are kept non-blocking underneath and the primitives wait with ``poll()``: that is
exactly how CPython implements a blocking socket with a timeout, plus one more fd to wake up
on (the stop signal). To the sample they behave like blocking sockets. A real wait is
recorded as Wait.FD_READ / FD_WRITE, and the wake-up is stamped with the moment the peer (in
this process, on loopback) started the ``send`` that filled our socket or the ``recv`` that
drained it.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import math
import os
import select
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from app.runtime.preemptive.gil import Strand, ThreadStates
from app.runtime.recorder import Recorder
from app.trace.events import READ, WRITE, Cause, Wait

_POLL_IN = getattr(select, "POLLIN", 1)
_POLL_OUT = getattr(select, "POLLOUT", 4)
_HAS_POLL = hasattr(select, "poll")
#: connect_ex() results that mean "in progress" on a non-blocking socket (POSIX, Windows).
_CONNECTING = {0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN,
               getattr(errno, "WSAEWOULDBLOCK", 10035)}

_R = TypeVar("_R")
Address = Any  # a socket address: (host, port) for the IPv4 sockets used here


class SocketPrimitives(ThreadStates):
    """The socket primitives (mixed into :class:`app.runtime.preemptive.runtime.ThreadRuntime`)."""

    def __init__(self, recorder: Recorder, gap_ns: int) -> None:
        super().__init__(recorder, gap_ns)
        self._sockets: set[socket.socket] = set()
        #: (local address, peer address) of connected sockets, for the wake-time look-ups.
        self._ends: dict[socket.socket, tuple[Address, Address]] = {}
        #: (from, to) -> when a send from ``from`` to ``to`` last started (monotonic ns).
        self._sent: dict[tuple[Address, Address], int] = {}
        #: (from, to) -> when ``to`` last started a recv of data from ``from``.
        self._drained: dict[tuple[Address, Address], int] = {}
        # The wake-up socket pair, made at the first socket wait: socket waits poll it too;
        # one byte written on cancel keeps it readable for good, so every present and future
        # socket wait returns at once.
        self._wake: tuple[socket.socket, socket.socket] | None = None
        #: Threads (idents) inside the runtime's own set-up of that pair. On Windows
        #: ``socket.socketpair()`` is socket.py's emulation in Python (a listener, a connect,
        #: an ``accept``), called while the waiting thread is recorded as blocked already:
        #: the blocking-call monitor must not record that accept as a second wait.
        self.internal_calls: set[int] = set()

    # -- sockets -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _syscalls(self, me: Strand | None) -> Iterator[None]:
        """Around glue system calls that release the GIL (creating, configuring, closing a
        socket): a switch inside them is recorded (see :meth:`_after_call`)."""
        t0 = self._mark(me)
        try:
            yield
        finally:
            self._after_call(me, t0)

    def _track(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            if self._closed:
                sock.close()
                raise RuntimeError("this preemptive run is over")
            self._sockets.add(sock)
        return sock

    def tcp_listen(self, host: str = "127.0.0.1", port: int = 0,
                   backlog: int = 128) -> socket.socket:
        """A listening TCP socket (port 0 = an ephemeral port). OSError if it cannot bind."""
        with self._syscalls(self.current()):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                if os.name != "nt":  # reuse a port in TIME_WAIT; on Windows it means steal it
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind((host, port))
                sock.listen(backlog)
                sock.setblocking(False)  # the primitives do the blocking (poll): module doc
                self._ends[sock] = (sock.getsockname(), None)
            except BaseException:
                sock.close()
                raise
        return self._track(sock)

    def tcp_connect(self, address: Address, *, rcvbuf: int = 0) -> socket.socket:
        """Connect a TCP socket to ``address`` (``rcvbuf``: a small receive buffer, set
        before connecting so the TCP window follows it)."""
        me = self.current()
        self._check(me)
        address = tuple(address)
        with self._syscalls(me):
            sock = self._track(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
        try:
            with self._syscalls(me):
                sock.setblocking(False)
                if rcvbuf:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
                self._sent[("connect", address)] = time.monotonic_ns()
                err = sock.connect_ex(address)
            if err not in _CONNECTING:
                raise OSError(err, os.strerror(err))
            if err:
                t_block = self._block(me, Wait.FD_WRITE, sock.fileno(), self._label("connect"))
                self._wait_io(sock, WRITE, me, None)
                if self._cancelled(me):
                    self._resume_cancelled(me)
                self._resume(me, Cause.FD, sock.fileno(), WRITE, 0, t_block)
            with self._syscalls(me):
                err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if not err:
                    self._ends[sock] = (sock.getsockname(), sock.getpeername())
            if err:
                raise OSError(err, os.strerror(err))
        except BaseException:
            self.close(sock)
            raise
        return sock

    def accept(self, listener: socket.socket) -> tuple[socket.socket, Address]:
        """Accept a connection (waits for one: Wait.FD_READ on the listening socket)."""
        me = self.current()
        local = self._ends[listener][0] if listener in self._ends else listener.getsockname()
        conn, addr = self._io(me, listener, READ, "accept", listener.accept,
                              lambda: self._sent.get(("connect", local), 0))
        self._track(conn)
        with self._syscalls(me):
            conn.setblocking(False)
            self._ends[conn] = (conn.getsockname(), conn.getpeername())
        return conn, addr

    def set_buffers(self, sock: socket.socket, *, sndbuf: int = 0, rcvbuf: int = 0) -> None:
        """Shrink a socket's kernel buffers (so a slow peer pushes back sooner)."""
        with self._syscalls(self.current()):
            if sndbuf:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, sndbuf)
            if rcvbuf:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)

    def recv(self, sock: socket.socket, n: int) -> bytes:
        """Up to ``n`` bytes; b"" at end of stream. Waits (Wait.FD_READ) while none arrived."""
        me = self.current()
        ends = self._ends.get(sock)
        if ends is None:
            return self._io(me, sock, READ, "recv", lambda: sock.recv(n), lambda: 0)
        local, peer = ends
        self._drained[(peer, local)] = time.monotonic_ns()  # wakes a peer blocked in send
        return self._io(me, sock, READ, "recv", lambda: sock.recv(n),
                        lambda: self._sent.get((peer, local), 0))

    def recv_exactly(self, sock: socket.socket, n: int) -> bytes:
        """Exactly ``n`` bytes, or fewer only at end of stream."""
        chunks: list[bytes] = []
        left = n
        while left:
            data = self.recv(sock, left)
            if not data:
                break
            chunks.append(data)
            left -= len(data)
        return b"".join(chunks)

    def sendall(self, sock: socket.socket, data: bytes) -> None:
        """Send everything; waits (Wait.FD_WRITE) while the socket's buffers are full —
        that is back-pressure from a slow reader."""
        me = self.current()
        ends = self._ends.get(sock)
        view = memoryview(data)
        while view:
            if ends is not None:
                self._sent[ends] = time.monotonic_ns()  # before the syscall: see _io
            sent = self._io(me, sock, WRITE, "send", functools.partial(sock.send, view),
                            lambda: self._drained.get(ends, 0) if ends else 0)
            view = view[sent:]

    def udp_socket(self, host: str = "127.0.0.1", port: int = 0) -> socket.socket:
        """A UDP socket bound to (host, port) (port 0 = ephemeral)."""
        with self._syscalls(self.current()):
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                sock.bind((host, port))
                sock.setblocking(False)
                self._ends[sock] = (sock.getsockname(), None)
            except BaseException:
                sock.close()
                raise
        return self._track(sock)

    def sendto(self, sock: socket.socket, data: bytes, address: Address) -> int:
        me = self.current()
        ends = self._ends.get(sock)
        if ends is not None:
            self._sent[(ends[0], tuple(address))] = time.monotonic_ns()
        return self._io(me, sock, WRITE, "sendto", lambda: sock.sendto(data, address),
                        lambda: 0)

    def recvfrom(self, sock: socket.socket, n: int,
                 timeout: float | None = None) -> tuple[bytes, Address]:
        """One datagram and its sender; TimeoutError after ``timeout`` seconds without one."""
        me = self.current()
        ends = self._ends.get(sock)
        local = ends[0] if ends else None
        got: list[Address] = []

        def receive() -> bytes:
            data, addr = sock.recvfrom(n)
            got.append(addr)
            return data

        data = self._io(me, sock, READ, "recvfrom", receive,
                        lambda: self._sent.get((got[0], local), 0) if got else 0, timeout)
        return data, got[0]

    def close(self, sock: socket.socket) -> None:
        """Close a socket created through the runtime (idempotent)."""
        with self._lock:
            self._sockets.discard(sock)
        self._ends.pop(sock, None)
        me = self.current()
        t0 = self._mark(me)
        sock.close()  # releases the GIL: it may come back late
        self._after_call(me, t0)

    def _io(self, me: Strand | None, sock: socket.socket, mask: int, label: str,
            op: Callable[[], _R], wake_time: Callable[[], int],
            timeout: float | None = None) -> _R:
        """Try ``op`` now; if it would block, record the wait, poll, and retry.

        Not blocking is not a state change: the thread just goes on running (as a task whose
        ``sock_recv`` finds data already there never leaves the CPU). Only a real wait is
        recorded: STEP_END(FD_READ/FD_WRITE, fd) → poll → TASK_READY(FD) stamped with the
        peer's send (or drain) time when it is known → STEP_BEGIN.
        """
        self._check(me)
        t0 = self._mark(me)
        try:
            return op()
        except (BlockingIOError, InterruptedError):
            pass
        finally:
            self._after_call(me, t0)
        fd = sock.fileno()
        wait = Wait.FD_READ if mask == READ else Wait.FD_WRITE
        t_block = self._block(me, wait, fd, self._label(label))
        deadline = None if timeout is None else t_block + int(timeout * 1e9)
        while True:
            if not self._wait_io(sock, mask, me, deadline):
                self._resume(me, Cause.TIMER, 0, 0, deadline or 0, t_block)
                raise TimeoutError(f"{label}: nothing within {timeout:g} s")
            if self._cancelled(me):
                self._resume_cancelled(me)
            try:
                result = op()
            except (BlockingIOError, InterruptedError):
                continue  # woken without data (another reader took it): wait again
            except BaseException:
                self._resume(me, Cause.FD, fd, mask, 0, t_block)
                raise
            # The peer's send started before our data could arrive: our wake time is after
            # it (the clamp in _resume keeps it inside the blocked interval).
            # STEP_BEGIN is stamped after the recv/send: if that syscall had to wait for the
            # GIL on its way back, the thread is shown ready until it really ran again.
            self._resume(me, Cause.FD, fd, mask, wake_time(), t_block)
            return result

    def _wait_io(self, sock: socket.socket, mask: int, me: Strand | None,
                 deadline: int | None) -> bool:
        """Block until ``sock`` is ready for ``mask`` or the run is cancelled (True), or
        the deadline passed (False).

        The wake-up socket is polled too. A cancel of the whole run leaves a byte in it for
        good. A cancel of one thread (:meth:`TracedThread.cancel`) "pokes" it: one byte that
        the cancelled thread reads back once it is out of poll(); the other waiters it woke
        meanwhile see that the poke is not for them and wait again.
        """
        fd = sock.fileno()
        # After the stop the wake-up socket stays readable: a wait in a ``finally`` (the
        # cancel was delivered already) must not poll it, or it would never sleep.
        wake_fd = -1 if self.stop.is_set() else self._wake_pair()[0].fileno()
        poller = None
        if _HAS_POLL and sys.platform != "win32":  # (the platform test is for type checkers)
            poller = select.poll()
            poller.register(fd, (_POLL_IN if mask & READ else 0) |
                            (_POLL_OUT if mask & WRITE else 0))
            if wake_fd >= 0:
                poller.register(wake_fd, _POLL_IN)
        if me is not None:
            with self._lock:
                me._in_poll = True  # before the check below: a cancel now will poke us
        try:
            while True:
                if self._cancelled(me):
                    return True
                timeout_s = None
                if deadline is not None:
                    timeout_s = (deadline - time.monotonic_ns()) / 1e9
                    if timeout_s <= 0:
                        return False
                if poller is not None:
                    ms = None if timeout_s is None else math.ceil(timeout_s * 1000)
                    ready = {f for f, _ in poller.poll(ms)}
                else:  # Windows: select() works on sockets (the wake-up pair is one too)
                    readers = ([fd] if mask & READ else []) + ([wake_fd] if wake_fd >= 0 else [])
                    writers = [fd] if mask & WRITE else []
                    r, w, _ = select.select(readers, writers, [], timeout_s)
                    ready = set(r) | set(w)
                if fd in ready:
                    return True
                if wake_fd in ready and not self._cancelled(me):
                    time.sleep(0.0002)  # another thread's poke: let its target take it
        finally:
            if me is not None:
                with self._lock:
                    me._in_poll = False
                    if me._poked and self._wake is not None:
                        me._poked = False
                        with contextlib.suppress(OSError):
                            self._wake[0].recv(1)

    def _wake_pair(self) -> tuple[socket.socket, socket.socket]:
        with self._lock:
            if self._wake is None:
                if self._closed:
                    raise RuntimeError("this preemptive run is over")
                me = threading.get_ident()
                self.internal_calls.add(me)
                try:
                    pair = socket.socketpair()
                finally:
                    self.internal_calls.discard(me)
                for sock in pair:
                    sock.setblocking(False)
                if self.stop.is_set():
                    pair[1].send(b"x")  # cancelled already: readable from the start
                self._wake = pair
            return self._wake
