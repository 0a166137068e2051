"""OS event-queue backends: one file per backend, each opening with the facts it teaches.

``available()`` lists what this OS offers; :func:`app.runtime.factory.new_loop` picks one.
"""

from __future__ import annotations

import selectors
import sys

#: Backends whose interest list lives in the kernel behind one pollable fd, so that another
#: event loop (Qt's) can wait on it: poll and select keep theirs in user space, and IOCP's
#: completion port is a HANDLE, not an fd.
POLLABLE_QUEUE_FD = frozenset({"epoll", "kqueue"})


def available() -> list[str]:
    """Backends usable on this machine, the preferred one first."""
    if sys.platform == "win32":
        return ["iocp", "select"]
    names = []
    if hasattr(selectors, "EpollSelector"):
        names.append("epoll")
    if hasattr(selectors, "KqueueSelector"):
        names.append("kqueue")
    if hasattr(selectors, "PollSelector"):
        names.append("poll")
    names.append("select")
    return names


def default() -> str:
    return available()[0]
