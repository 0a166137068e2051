"""A peer: a client outside the traced loop, whose socket I/O is recorded as the ② *fire*.

On loopback the readiness flow's second step — the kernel marks one of the loop's fds ready —
has a cause outside the loop: another program connects, sends or closes. It happens in the
kernel while the loop is blocked in ``epoll_wait``, so the loop itself records nothing of it
until the wait returns (③). A :class:`Peer` is that other program, on an OS thread of its own
with ordinary blocking sockets (``socket.create_connection``, ``sendall``, ``recv``,
``close``), and it records each action as a PEER_IO event (:data:`app.trace.events.Ev.PEER_IO`)
on the loop's recorder just *before* the system call that makes the loop's fd ready, so that
the record sits between the POLL_BEGIN and the POLL_END of the wait it ends.

The recorder is safe to write from any thread (one ``deque.append``: the loop records
``call_soon_threadsafe``'s THREAD_WAKE from other threads the same way).

Acting at the right moment: :meth:`Peer.wait_for` waits for a sign from the loop side (a
step that sets a ``threading.Event``: the peer then acts while the loop is busy, not
blocked); :meth:`Peer.wait_until_blocked` waits until the loop begins a wait
with no timeout (POLL_BEGIN with ``-1``: no ready handle, no timer — nothing else to do)
*after* the peer's previous action, then pauses ``pause_s`` so a learner sees the loop blocked
first. A paused loop that is stepped one unit at a time begins that wait only when the
learner steps into it; a loop running freely begins it as soon as it is idle. Either way the
peer's action ends that very wait.

Clean-up: :meth:`Peer.stop` (from any thread, also while the peer waits or reads) wakes the
thread, shuts its socket down, joins the thread and detaches from the recorder; it never
waits longer than its timeout.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from collections.abc import Callable
from typing import Any

from app.runtime.instruments import Instrument
from app.runtime.recorder import Recorder
from app.trace.events import Ev, PeerAction

#: How long :meth:`Peer.stop` waits for the peer's thread to end (s).
STOP_TIMEOUT = 2.0


class PeerStopped(Exception):
    """Raised inside the peer's script when :meth:`Peer.stop` was called: it ends the script."""


class _IdleWaits(Instrument):
    """Counts the waits the loop begins with no timeout (it has nothing else to do)."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.count = 0

    def before_io_wait(self, timeout_ns: int) -> None:
        if timeout_ns < 0:
            with self.cond:
                self.count += 1
                self.cond.notify_all()


class Peer:
    """A client on an OS thread of its own; see the module docstring.

    The loop side creates it (on the loop thread, before the loop polls again) and starts it
    with a *script*: a plain function of the peer, run on the peer's thread, that calls
    :meth:`wait_until_blocked`, :meth:`connect`, :meth:`send`, :meth:`receive_line` and
    :meth:`close` in turn.
    """

    def __init__(self, recorder: Recorder, pause_s: float = 0.3, name: str = "peer") -> None:
        self.name = name
        self.pause_s = pause_s
        self._recorder = recorder
        self._idle = _IdleWaits()
        recorder.add_instrument(self._idle)
        self._seen = 0  # idle waits counted when the peer last acted
        self._stopping = threading.Event()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        # The loop's fd serving each peer-side address (told by the server: connected()).
        self._loop_fds: dict[Any, int] = {}
        #: What the script raised, if it failed (None: it ended normally or was stopped).
        self.error: BaseException | None = None

    # -- life cycle (the loop side) --------------------------------------------------------------
    def start(self, script: Callable[[Peer], None],
              failed: Callable[[BaseException], None] | None = None) -> None:
        """Run ``script(self)`` on the peer's own thread; if it raises, ``failed(exc)`` is
        called there (the loop side learns it, e.g. through ``call_soon_threadsafe``)."""
        with self._idle.cond:
            self._seen = self._idle.count
        self._thread = threading.Thread(target=self._main, args=(script, failed),
                                        name=self.name, daemon=True)
        self._thread.start()

    def _main(self, script: Callable[[Peer], None],
              failed: Callable[[BaseException], None] | None) -> None:
        try:
            script(self)
        except PeerStopped:
            pass
        except BaseException as exc:  # reported to the loop side through ``error``
            self.error = exc
            if failed is not None:
                failed(exc)
        finally:
            self._close_socket()

    def stop(self, timeout: float = STOP_TIMEOUT) -> bool:
        """End the peer: wake it, shut its socket down, join its thread, detach from the
        recorder. True when the thread ended within ``timeout``."""
        self._stopping.set()
        with self._idle.cond:
            self._idle.cond.notify_all()
        with self._lock:
            sock = self._sock
        if sock is not None:
            # A recv() blocked in the peer's thread returns on Linux once the socket is shut
            # down; on Windows (Wine too) only once it is closed, with an error the peer
            # takes for its stop (receive_line).
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            if sys.platform == "win32":
                self._close_socket()
        ended = True
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
            ended = not self._thread.is_alive()
        self._close_socket()
        self._recorder.remove_instrument(self._idle)
        return ended

    def connected(self, peer_address: Any, loop_fd: int) -> None:
        """The server tells which of the loop's fds serves the connection from
        ``peer_address`` (the peer's own address, as the server's ``peername`` shows it)."""
        with self._lock:
            self._loop_fds[peer_address] = loop_fd

    # -- what a script does (the peer's thread) --------------------------------------------------
    def wait_until_blocked(self) -> None:
        """Wait until the loop begins a wait with no timeout after the peer's last action,
        then ``pause_s`` more. Raises :class:`PeerStopped` if the peer is stopped meanwhile."""
        idle = self._idle
        with idle.cond:
            while idle.count <= self._seen and not self._stopping.is_set():
                idle.cond.wait()
        if self._stopping.wait(self.pause_s):
            raise PeerStopped

    def wait_for(self, event: threading.Event) -> None:
        """Wait until the loop side sets ``event`` (e.g. at the start of a step during which
        the peer should act). Raises :class:`PeerStopped` if the peer is stopped meanwhile."""
        while not event.wait(0.05):
            if self._stopping.is_set():
                raise PeerStopped
        if self._stopping.is_set():
            raise PeerStopped

    def connect(self, address: tuple[str, int], listening_fd: int) -> None:
        """Connect to the loop's listening socket (fd ``listening_fd``): the kernel completes
        the handshake by itself and queues the connection, which makes that fd readable."""
        self._act(PeerAction.CONNECT, listening_fd, 0)
        sock = socket.create_connection(address)
        with self._lock:
            self._sock = sock

    def send(self, data: bytes) -> None:
        """Send ``data`` on the connection: the loop's end of it becomes readable."""
        sock = self._socket()
        self._act(PeerAction.SEND, self._loop_fd(sock), len(data))
        sock.sendall(data)

    def receive_line(self) -> bytes:
        """Read up to and including the next newline (the server's reply); b"" at the end of
        the stream. Blocks this thread only, in the kernel."""
        sock = self._socket()
        line = bytearray()
        while not line.endswith(b"\n"):
            try:
                chunk = sock.recv(1)
            except OSError:
                if self._stopping.is_set():  # the socket closed under it by stop()
                    raise PeerStopped from None
                raise
            if not chunk:
                if self._stopping.is_set():
                    raise PeerStopped
                break
            line += chunk
        return bytes(line)

    def close(self) -> None:
        """Close the connection: the loop's end reads the end of the stream (readable)."""
        sock = self._socket()
        self._act(PeerAction.CLOSE, self._loop_fd(sock), 0)
        with self._lock:
            self._sock = None
        sock.close()

    # -- internals -------------------------------------------------------------------------------
    def _act(self, action: PeerAction, loop_fd: int, sent: int) -> None:
        """Record the action (PEER_IO) just before its system call; the next wait counts only
        if it begins after this."""
        if self._stopping.is_set():
            raise PeerStopped
        with self._idle.cond:
            self._seen = self._idle.count
        self._recorder.emit(Ev.PEER_IO, 0, loop_fd, action, sent)

    def _socket(self) -> socket.socket:
        with self._lock:
            sock = self._sock
        if sock is None:
            raise PeerStopped if self._stopping.is_set() else RuntimeError("peer not connected")
        return sock

    def _loop_fd(self, sock: socket.socket) -> int:
        with self._lock:
            return self._loop_fds.get(sock.getsockname(), -1)

    def _close_socket(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            sock.close()
