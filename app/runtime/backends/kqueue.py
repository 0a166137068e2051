"""kqueue, the BSD / macOS event queue.

Facts about kqueue:

- ``kqueue()`` makes the queue; ``kevent(changes, nevents, timeout)`` both submits changes and
  harvests events in one system call. Interest is expressed as *filters* on identifiers:
  EVFILT_READ / EVFILT_WRITE on an fd (also timers, signals, processes, vnodes).
- A selector registration for read+write is two kevent filters; asyncio's KqueueSelector
  submits each change with its own ``kevent`` call.
- Like epoll, ``kevent`` returns only what fired and blocks until something does or the
  timeout expires; the kqueue fd itself can be watched by another event loop.
"""

from __future__ import annotations

import selectors
import sys

from app.runtime.backends._tracing import TracingSelectorMixin

if sys.platform != "linux" and sys.platform != "win32" and hasattr(selectors, "KqueueSelector"):

    class TracingKqueueSelector(TracingSelectorMixin, selectors.KqueueSelector):
        backend_name = "kqueue"

        def kernel_fd(self) -> int:
            return self.fileno()
