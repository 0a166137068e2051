"""What every tracing selector shares: registration events that mirror the kernel calls.

Each ``register`` / ``modify`` / ``unregister`` of a selector is exactly one call into the
kernel's interest list (``epoll_ctl(ADD/MOD/DEL)``, one ``kevent`` change per filter, or a
change to the poll/select fd set kept in user space). Recording them here, at the selector,
means the trace shows what the kernel was told, not what asyncio meant. The wait itself
(``epoll_wait``) is timed by the loop, which knows the unit it belongs to.
"""

from __future__ import annotations

import selectors
from typing import Any

from app.runtime.state import BackendView
from app.trace.events import Ev


def _owner_name(data: Any) -> str:
    """Name what is behind a registration: the callbacks asyncio stored as the key's data."""
    if not isinstance(data, tuple):
        return type(data).__name__ if data is not None else ""
    names = []
    for handle in data:
        if handle is None:
            continue
        callback = getattr(handle, "_callback", None)
        names.append(getattr(callback, "__qualname__", type(callback).__name__))
    return " / ".join(names)


class TracingSelectorMixin(selectors.BaseSelector):
    """Mixed in front of a stdlib selector class; the loop attaches its state via ``attach``.

    It derives from ``BaseSelector``, as every stdlib selector does: methods are found in the
    same order as for a plain mixin, and a type checker knows what ``super()`` is.
    """

    backend_name = "?"
    _loop_state: BackendView | None = None
    #: True while ``modify`` runs (see there).
    _in_modify = False

    def attach(self, state: BackendView) -> None:
        self._loop_state = state

    def kernel_fd(self) -> int:
        """The fd of the kernel event queue itself (-1 where the queue lives in user space)."""
        return -1

    def register(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        key = super().register(fileobj, events, data)
        state = self._loop_state
        if state is not None and state.tracing and not self._in_modify:
            rec = state.rec
            rec.emit(Ev.FD_REGISTER, state.running, key.fd, events,
                     rec.intern(_owner_name(data)))
        return key

    def modify(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        old = self.get_key(fileobj)
        old_events = old.events
        # SelectSelector and KqueueSelector inherit _BaseSelectorImpl.modify, which changes a
        # mask as self.unregister + self.register: our own methods. One modify is one
        # FD_MODIFY (as epoll's _PollLikeSelector.modify, one epoll_ctl MOD, records), so the
        # two nested calls stay silent.
        self._in_modify = True
        try:
            key = super().modify(fileobj, events, data)
        except BaseException:
            # The nested register failed after the unregister (a bad mask, a kevent error):
            # the fd has left the interest list, and the trace says so.
            state = self._loop_state
            fd_map = self.get_map()
            if (state is not None and state.tracing and fd_map is not None
                    and old.fd not in fd_map):
                state.rec.emit(Ev.FD_UNREGISTER, state.running, old.fd, old_events)
            raise
        finally:
            self._in_modify = False
        state = self._loop_state
        # Only a change of mask reaches the kernel (epoll_ctl MOD); a new callback for the
        # same mask is bookkeeping inside asyncio, so it is not an interest-list event.
        if state is not None and state.tracing and events != old_events:
            rec = state.rec
            rec.emit(Ev.FD_MODIFY, state.running, key.fd, events,
                     rec.intern(_owner_name(data)))
        return key

    def unregister(self, fileobj: Any) -> selectors.SelectorKey:
        key = super().unregister(fileobj)
        state = self._loop_state
        if state is not None and state.tracing and not self._in_modify:
            state.rec.emit(Ev.FD_UNREGISTER, state.running, key.fd, key.events)
        return key
