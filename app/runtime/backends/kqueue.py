"""kqueue, the BSD / macOS event queue.

Facts about kqueue:

- ``kqueue()`` makes the queue; ``kevent(changes, nevents, timeout)`` both submits changes and
  harvests events in one system call. Interest is expressed as *filters* on identifiers:
  EVFILT_READ / EVFILT_WRITE on an fd (also timers, signals, processes, vnodes).
- A kevent is identified by (fd, filter): a selector registration for read+write is two
  filters, and CPython's KqueueSelector submits each change with its own ``kevent`` call.
  It has no modify of its own: a new mask is every filter deleted, then the new ones added
  (the trace shows it as one FD_MODIFY, the interest it results in).
- An fd both readable and writable comes back as two kevents, and KqueueSelector does not
  merge them: the loop sees two entries, mask 1 and mask 2, where epoll gives one with mask
  3; LoopScope records both. It reads only a kevent's ident and filter: EV_EOF (the peer
  shut down) and EV_ERROR arrive as plain readiness, and the callback's read or write then
  meets the EOF or the error. (Checked on Linux against CPython's own KqueueSelector code
  over a fake ``select.kqueue``: tests/runtime/test_kqueue_mapping.py. kqueue itself has
  not run here: no macOS or BSD machine.)
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
