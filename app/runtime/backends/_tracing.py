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


class TracingSelectorMixin:
    """Mixed in front of a stdlib selector class; the loop attaches itself via ``attach``."""

    backend_name = "?"
    _ls_loop: Any = None

    def attach(self, loop: Any) -> None:
        self._ls_loop = loop

    def kernel_fd(self) -> int:
        """The fd of the kernel event queue itself (-1 where the queue lives in user space)."""
        return -1

    def register(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        key = super().register(fileobj, events, data)  # type: ignore[misc]
        loop = self._ls_loop
        if loop is not None and loop._ls_tracing:
            rec = loop._ls_rec
            rec.emit(Ev.FD_REGISTER, loop._ls_running, key.fd, events,
                     rec.intern(_owner_name(data)))
        return key

    def modify(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        old_events = self.get_key(fileobj).events  # type: ignore[attr-defined]
        key = super().modify(fileobj, events, data)  # type: ignore[misc]
        loop = self._ls_loop
        # Only a change of mask reaches the kernel (epoll_ctl MOD); a new callback for the
        # same mask is bookkeeping inside asyncio, so it is not an interest-list event.
        if loop is not None and loop._ls_tracing and events != old_events:
            rec = loop._ls_rec
            rec.emit(Ev.FD_MODIFY, loop._ls_running, key.fd, events,
                     rec.intern(_owner_name(data)))
        return key

    def unregister(self, fileobj: Any) -> selectors.SelectorKey:
        key = super().unregister(fileobj)  # type: ignore[misc]
        loop = self._ls_loop
        if loop is not None and loop._ls_tracing:
            loop._ls_rec.emit(Ev.FD_UNREGISTER, loop._ls_running, key.fd, key.events)
        return key
