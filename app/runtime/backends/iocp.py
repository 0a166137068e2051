"""IOCP, the Windows event queue (imported only on win32).

Facts about I/O completion ports:

- IOCP is *completion*-based, not readiness-based: the program starts an operation
  (``WSARecv``, ``AcceptEx``, ``ConnectEx``...) with an OVERLAPPED structure and the kernel
  performs it in the background. "Registered" therefore means *an operation is outstanding*,
  not "waiting for the fd to become readable".
- ``CreateIoCompletionPort`` associates handles with the port; finished operations are queued
  there as completion packets, and ``GetQueuedCompletionStatus(timeout)`` dequeues one (asyncio
  drains them in a loop), blocking like ``epoll_wait`` when none is ready.
- There is no ``add_reader`` on the proactor loop: workloads use streams or ``sock_*`` calls,
  which asyncio maps to overlapped operations.
- ``ProactorEventLoop._process_events`` is a no-op: completions are handled inside
  ``IocpProactor._poll``, which sets each operation's future.

What this means for the trace (docs/ARCHITECTURE.md §12 follows it into the views):

- An outstanding operation is an FD_REGISTER of its handle (mask READ for receive/accept,
  WRITE for send/connect) whose string names the proactor method that started it ("recv",
  "accept", "send"...; "recv (pipe)" on a pipe handle); ``app.trace.text.OVERLAPPED_CALLS``
  maps it to the Win32 call.
- A completion dequeued by ``GetQueuedCompletionStatus`` is an FD_EVENT (its ``c`` names the
  operation) followed by FD_UNREGISTER. They are recorded while ``_poll`` drains the port, so
  they come *before* the POLL_END of their wait (the selector loops record theirs after it).
- An operation may finish inside the call that starts it (the data was already there):
  asyncio then runs the completion callback at once, inside ``_register``, and ignores the
  packet the port still receives. That is an FD_UNREGISTER with ``c`` = 1 and no FD_EVENT:
  nothing was waited for, and no task was woken by it.
- An outstanding operation may be cancelled (``_OverlappedFuture.cancel`` calls
  ``CancelIoEx``): a task cancelled while it waits (``wait_for`` on a ``sock_recv``), a
  transport closed with its read outstanding, the self-pipe's recv at the end of every
  ``run_forever``, everything still outstanding when the proactor closes. asyncio ignores
  the packet the port later receives for it (the future is done), so the cancellation is
  where it ends: an FD_UNREGISTER with ``c`` = 2 and no FD_EVENT before it,
  recorded before the future's callbacks are queued. Without it, every
  closed stream would leave an operation outstanding in the trace for ever.
"""

from __future__ import annotations

import asyncio
import socket
import sys
from typing import Any

from app.runtime.gate import Gate
from app.runtime.loop import TracingLoopMixin
from app.runtime.params import NoReadinessOnProactor
from app.runtime.recorder import Recorder
from app.runtime.state import BackendView
from app.trace.events import Cause, Ev, Wait

assert sys.platform == "win32", "the IOCP backend exists only on Windows"

from asyncio import windows_events  # noqa: E402

_WRITE_OPS = {"send", "sendto", "connect", "sendfile", "send_to", "connect_pipe"}


#: FD_UNREGISTER's ``c`` on IOCP: how an operation ended without a packet being handled.
DONE_AT_ONCE = 1
CANCELLED = 2


class TracedOverlappedFuture(windows_events._OverlappedFuture):  # type: ignore[name-defined,misc]
    """The future of a traced overlapped operation: records the operation's end when it is
    cancelled (its completion callback never runs then). ``_register`` creates a plain
    ``_OverlappedFuture``; the tracer switches its class, which adds no state."""

    def cancel(self, msg: Any = None) -> bool:
        ended = getattr(self, "_ls_cancelled", None)
        if ended is not None and not self.done():
            # Still outstanding: the cancel ends it. Recorded first, as the operation ends
            # before the future's callbacks are queued. (Done already: its completion, or
            # an earlier cancel, ended it, and the stock cancel changes nothing.)
            self._ls_cancelled = None
            ended()
        return bool(super().cancel(msg=msg))


class TracingIocpProactor(windows_events.IocpProactor):
    backend_name = "iocp"
    _loop_state: BackendView | None = None

    def attach(self, state: BackendView) -> None:
        self._loop_state = state

    def kernel_fd(self) -> int:
        return -1  # the completion port is a HANDLE, not a pollable fd

    def _register(self, ov: Any, obj: Any, callback: Any) -> Any:
        state = self._loop_state
        if state is None or not state.tracing:
            return super()._register(ov, obj, callback)  # type: ignore[misc]  # (not in typeshed)
        rec = state.rec
        op = sys._getframe(1).f_code.co_name  # the IocpProactor method: recv, accept, send...
        # recv/send on a pipe handle are ReadFile/WriteFile, on a socket WSARecv/WSASend:
        # the name says which (app.trace.text.OVERLAPPED_CALLS).
        op_sid = rec.intern(op if obj is None or isinstance(obj, socket.socket)
                            else f"{op} (pipe)")
        mask = 2 if op in _WRITE_OPS else 1
        fileno = getattr(obj, "fileno", None)
        handle = fileno() if callable(fileno) else -1
        saved = state.cause

        def completed(transferred: Any, key: Any, overlapped: Any) -> Any:
            if transferred is None and key is None:
                # Called by _register itself: the operation finished inside the call that
                # started it. _poll passes the packet's byte count and key, never None.
                rec.emit(Ev.FD_UNREGISTER, 0, handle, mask, DONE_AT_ONCE)
                return callback(transferred, key, overlapped)
            # Inside _poll: GetQueuedCompletionStatus dequeued this operation's packet.
            rec.emit(Ev.FD_EVENT, 0, handle, mask, op_sid)
            rec.emit(Ev.FD_UNREGISTER, 0, handle, mask)
            state.cause = (Cause.FD, handle, mask)
            return callback(transferred, key, overlapped)

        rec.emit(Ev.FD_REGISTER, state.running, handle, mask, op_sid)
        future = super()._register(ov, obj, completed)  # type: ignore[misc]  # (not in typeshed)
        state.cause = saved
        future._ls_wait = (Wait.FD_WRITE if mask == 2 else Wait.FD_READ, handle, op_sid)
        if not future.done():  # still outstanding: its cancellation ends it too
            future.__class__ = TracedOverlappedFuture
            future._ls_cancelled = lambda: rec.emit(Ev.FD_UNREGISTER, 0, handle, mask,
                                                    CANCELLED)
        return future


class TracedProactorLoop(TracingLoopMixin, asyncio.ProactorEventLoop):
    """A ProactorEventLoop over a tracing IocpProactor."""

    def __init__(self, recorder: Recorder | None = None, gate: Gate | None = None) -> None:
        super().__init__(TracingIocpProactor(), recorder=recorder, gate=gate)

    def _process_events(self, event_list: Any) -> None:
        self._ls.cause = (Cause.OUTSIDE, 0, 0)  # completions were handled inside _poll

    # A proactor has no readiness calls: say so, and what to use instead (the stock loop
    # raises a bare NotImplementedError). Nothing is recorded: nothing was registered.
    def add_reader(self, fd: Any, callback: Any, *args: Any) -> None:
        raise NoReadinessOnProactor("add_reader")

    def add_writer(self, fd: Any, callback: Any, *args: Any) -> None:
        raise NoReadinessOnProactor("add_writer")

    def remove_reader(self, fd: Any) -> bool:
        raise NoReadinessOnProactor("remove_reader")

    def remove_writer(self, fd: Any) -> bool:
        raise NoReadinessOnProactor("remove_writer")
