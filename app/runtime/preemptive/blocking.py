"""The blocking-call monitor: blocking C calls a traced thread makes outside the primitives.

A sample that calls ``time.sleep`` or ``socket.recv`` itself, instead of ``rt.sleep`` /
``rt.recv``, blocks where the primitives cannot see it. On 3.12+ ``sys.monitoring`` can: the
monitor records such a call as Wait.CALL until it returns.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator
from typing import Any

from app.runtime.preemptive import gil, runtime, sockets
from app.runtime.preemptive.runtime import ThreadRuntime, TracedThread
from app.trace.events import Cause, Wait

#: The files of the primitives: a blocking call made there is recorded by the primitive itself.
_PRIMITIVE_FILES = frozenset({gil.__file__, runtime.__file__, sockets.__file__})

#: C functions that block (and release the GIL) when called directly from a sample's own code,
#: by (module or type's module, qualname). Detected on 3.12+ with sys.monitoring.
BLOCKING_CALLS: dict[tuple[str, str], str] = {
    ("time", "sleep"): "time.sleep",
    ("select", "select"): "select.select",
    ("select", "poll.poll"): "select.poll",
    ("socket", "socket.recv"): "socket.recv",
    ("socket", "socket.recv_into"): "socket.recv_into",
    ("socket", "socket.recvfrom"): "socket.recvfrom",
    ("socket", "socket.send"): "socket.send",
    ("socket", "socket.sendall"): "socket.sendall",
    ("socket", "socket.sendto"): "socket.sendto",
    ("socket", "socket.accept"): "socket.accept",
    ("socket", "socket.connect"): "socket.connect",
    ("_socket", "socket.recv"): "socket.recv",
    ("_socket", "socket.recv_into"): "socket.recv_into",
    ("_socket", "socket.send"): "socket.send",
    ("_socket", "socket.sendall"): "socket.sendall",
    ("_socket", "socket.connect"): "socket.connect",
    ("_thread", "lock.acquire"): "Lock.acquire",
    ("_thread", "RLock.acquire"): "RLock.acquire",
    ("sqlite3", "Cursor.execute"): "sqlite3 execute",
    ("sqlite3", "Connection.execute"): "sqlite3 execute",
    ("posix", "read"): "os.read",
    ("posix", "write"): "os.write",
}


def _blocking_label(callable_: Any) -> str | None:
    name = getattr(callable_, "__qualname__", None)
    if not isinstance(name, str):
        return None
    owner = getattr(callable_, "__self__", None)
    module = getattr(callable_, "__module__", None)
    if module is None and owner is not None:
        module = type(owner).__module__
    return BLOCKING_CALLS.get((module or "", name))


@contextlib.contextmanager
def blocking_call_monitor(rt: ThreadRuntime) -> Iterator[None]:
    """On 3.12+: record blocking C calls a traced thread makes *outside* the primitives.

    ``sys.monitoring`` reports every CALL and C_RETURN; a call site whose callable is not a
    known blocking function is disabled at once (``DISABLE``), so after warm-up the cost is
    close to nothing (~1.0-1.08x). A known one made from a traced thread's own
    code becomes Wait.CALL ("time.sleep", "socket.recv", ...) until it returns (RETURNED),
    exactly as the ``rt.call`` primitive records it. On 3.11 only the primitives report.
    """
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is None:
        yield
        return
    tool = next((t for t in (2, 3, 4) if monitoring.get_tool(t) is None), None)
    if tool is None:  # profiler and debugger slots taken (coverage, a debugger): do without
        yield
        return
    events = monitoring.events
    blocked: dict[int, tuple[TracedThread, int]] = {}

    def on_call(code: Any, offset: int, callable_: Any, arg0: Any) -> Any:
        label = _blocking_label(callable_)
        if label is None:
            return monitoring.DISABLE
        me = rt.current()
        if me is None or code.co_filename in _PRIMITIVE_FILES:
            return None  # not a traced thread, or a primitive that records for itself
        if rt.internal_calls and threading.get_ident() in rt.internal_calls:
            return None  # stdlib code the runtime itself called (Windows' socketpair)
        # C_RETURN cannot be switched off per site, so it is enabled only on code objects
        # that make a blocking call (from now on, this one included).
        monitoring.set_local_events(tool, code, events.CALL | events.C_RETURN | events.C_RAISE)
        t_block = rt._block(me, Wait.CALL, 0, rt._label(label))
        blocked[threading.get_ident()] = (me, t_block)
        return None

    def on_return(code: Any, offset: int, callable_: Any, arg0: Any) -> Any:
        entry = blocked.pop(threading.get_ident(), None)
        if entry is not None:
            me, t_block = entry
            rt._resume(me, Cause.RETURNED, 0, 0, 0, t_block)
        return None

    monitoring.use_tool_id(tool, "loopscope-blocking-calls")
    try:
        monitoring.register_callback(tool, events.CALL, on_call)
        monitoring.register_callback(tool, events.C_RETURN, on_return)
        monitoring.register_callback(tool, events.C_RAISE, on_return)
        monitoring.set_events(tool, events.CALL)
        yield
    finally:
        monitoring.set_events(tool, 0)
        for event in (events.CALL, events.C_RETURN, events.C_RAISE):
            monitoring.register_callback(tool, event, None)
        monitoring.free_tool_id(tool)
        monitoring.restart_events()
