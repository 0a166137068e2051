"""select(2), the oldest readiness API — offered for comparison.

Facts about select:

- Three fd *bitmaps* (read, write, except) are rebuilt and copied into the kernel on every
  call, and scanned in full: O(highest fd) per wait.
- fds above FD_SETSIZE (1024 on Linux) cannot be watched at all: a loop with many sockets
  fails here where epoll keeps going.
- On Windows, select works on sockets only; it is the only readiness API asyncio offers there.
"""

from __future__ import annotations

import selectors

from app.runtime.backends._tracing import TracingSelectorMixin


class TracingSelectSelector(TracingSelectorMixin, selectors.SelectSelector):
    backend_name = "select"
