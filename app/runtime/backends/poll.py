"""poll(2), the portable predecessor of epoll — offered for comparison.

Facts about poll:

- There is no kernel-side interest list: the whole array of (fd, events) is passed to the
  kernel on *every* call, and the kernel scans all of it: O(registered) per wait.
- Registration is therefore free (a change to a user-space table, no system call); the cost
  moves to every ``poll`` call. With thousands of idle sockets that difference is visible in
  the poll lane's blocking and processing times.
"""

from __future__ import annotations

import selectors
import sys

from app.runtime.backends._tracing import TracingSelectorMixin

if sys.platform != "win32" and hasattr(selectors, "PollSelector"):

    class TracingPollSelector(TracingSelectorMixin, selectors.PollSelector):
        backend_name = "poll"
