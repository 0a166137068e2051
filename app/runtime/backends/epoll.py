"""epoll, Linux's event queue.

Facts about epoll (the ones LoopScope shows):

- ``epoll_create1`` makes a kernel object with two lists: the *interest list* (every fd
  registered with ``epoll_ctl(ADD/MOD/DEL)`` and the events wanted: EPOLLIN = readable,
  EPOLLOUT = writable) and the *ready list* (the fds the kernel has seen become ready).
- The kernel fills the ready list itself, from the network stack's wake-ups: no one polls.
  When a packet arrives for a socket, the socket's wait queue callback puts the fd on the
  ready list and wakes whoever sleeps in ``epoll_wait``.
- ``epoll_wait(timeout)`` returns only ready fds — cost is O(ready), not O(registered), which
  is why one thread can watch ten thousand sockets. With nothing ready it *blocks*: that is the
  loop thread sleeping until I/O or its next timer deadline.
- asyncio uses level-triggered mode: an fd stays on the ready list while data is unread, so a
  callback that reads only part of it is called again on the next iteration.
- The epoll fd is itself pollable: a GUI toolkit can watch it with one notifier and learn that
  the loop has work (the Qt host does exactly that).
"""

from __future__ import annotations

import selectors
import sys

from app.runtime.backends._tracing import TracingSelectorMixin

if sys.platform == "linux":

    class TracingEpollSelector(TracingSelectorMixin, selectors.EpollSelector):
        backend_name = "epoll"

        def kernel_fd(self) -> int:
            return self.fileno()
