"""The kqueue backend on Linux: CPython's own KqueueSelector over a fake ``select.kqueue``.

No macOS or BSD machine is reachable, so kqueue has never run under LoopScope. What can be
checked without one is the mapping from kevents to LoopScope's vocabulary, and that the traced
loop, the factory and the Describer treat "kqueue" as they should.

How the test gets the *real* selector code onto Linux:

- ``selectors.KqueueSelector`` is defined only ``if hasattr(select, 'kqueue')``, at import.
  The fixture puts a fake ``kqueue`` / ``kevent`` and the ``KQ_*`` constants into the real
  ``select`` module, takes the ``class KqueueSelector`` statement out of this interpreter's own
  ``selectors.py`` (with :mod:`ast`), and executes it in a copy of the ``selectors`` module's
  namespace, compiled under that file's name. The class is therefore CPython's code, line for
  line (tracebacks point into ``selectors.py``), with CPython's ``_BaseSelectorImpl`` as its
  base, exactly as on macOS. It is set as ``selectors.KqueueSelector`` for the test only.
- ``app/runtime/backends/kqueue.py`` defines ``TracingKqueueSelector`` only off Linux and
  Windows (a type checker needs the platform test). It is executed afresh with
  ``sys.platform`` reading "darwin" and put in ``sys.modules`` for the test; the factory's
  ``new_loop("kqueue")`` runs under "darwin" too. Only those two imports/calls see "darwin".

Facts about kevent that the fake follows, and where they come from:

- Constant values (``select`` exports the OS's own macros: Modules/selectmodule.c adds
  ``KQ_FILTER_READ`` = EVFILT_READ, ``KQ_EV_ADD`` = EV_ADD, ... with PyModule_AddIntConstant):
  EVFILT_READ (-1), EVFILT_WRITE (-2), EVFILT_TIMER (-7); EV_ADD 0x0001, EV_DELETE 0x0002,
  EV_ENABLE 0x0004, EV_DISABLE 0x0008, EV_ONESHOT 0x0010, EV_CLEAR 0x0020, EV_ERROR 0x4000,
  EV_EOF 0x8000 — the same in Apple XNU's bsd/sys/event.h and FreeBSD's sys/sys/event.h.
- ``kqueue.control(changelist, max_events[, timeout])`` (Python docs, "Kqueue Objects"):
  changelist an iterable of kevents or None; max_events 0 or positive; timeout in seconds,
  None waits forever. ``kevent(ident, filter=KQ_FILTER_READ, flags=KQ_EV_ADD, fflags=0,
  data=0, udata=0)``; ident is an int or an object with ``fileno()``.
- A kevent is identified by (ident, filter): read and write interest in one fd are two
  kernel entries, and an fd both readable and writable comes back as two kevents.
- kqueue(2), RETURN VALUES: an error while applying a change is returned as an event with
  EV_ERROR set and the errno in ``data`` if there is room in the eventlist, else kevent()
  fails with -1/errno. KqueueSelector submits changes with max_events 0, so a failed change
  raises OSError there; its harvest passes no changes, so no EV_ERROR event comes from its
  own changes. EV_EOF on a read or write filter: the peer shut that direction down.
- Not modelled: ``data`` of a fired kevent (bytes readable / space writable; selectors does
  not read it), EV_CLEAR / EV_ONESHOT (selectors never sets them: level-triggered, as
  asyncio's epoll use).

What CPython's KqueueSelector (3.11 and 3.13, read from this machine's stdlib) does with them:

- ``register``: one ``control([kevent(fd, filter, KQ_EV_ADD)], 0, 0)`` per filter;
  ``unregister``: one ``KQ_EV_DELETE`` per filter (OSError ignored: the fd may be closed).
- ``modify`` is not its own: it inherits ``_BaseSelectorImpl.modify``, which is
  ``unregister`` + ``register`` — every filter deleted, then the new ones added.
- ``select(timeout)``: ``control(None, max(registered filters, 1), timeout)``; each kevent
  becomes ``(key, EVENT_READ if filter == KQ_FILTER_READ, EVENT_WRITE if KQ_FILTER_WRITE,
  & key.events)``. It does *not* merge: a readable-and-writable fd is two entries, mask 1
  and mask 2 (epoll gives one entry with mask 3). ``flags``, ``fflags`` and ``data`` are
  never read: EV_EOF and EV_ERROR events count as plain readiness of their filter. A kevent
  whose ident is not registered is dropped.

LoopScope records exactly what the selector returned: POLL_END's count is the number of
entries, and there is one FD_EVENT per entry, mask as given.
"""

from __future__ import annotations

import ast
import asyncio
import errno
import importlib.util
import os
import select
import selectors
import socket
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from app.runtime import backends, factory
from app.runtime.backends._tracing import TracingSelectorMixin
from app.runtime.loop import TracingLoopMixin
from app.trace.events import Ev, Event
from app.trace.text import REGISTER_CALLS, WAIT_CALLS, Describer, TraceNames
from tests.support.recordings import run_to_end

# The fake waits with poll(2), which Windows lacks, and the selector is taken from the source
# of selectors.py, which a source-less stdlib (the Windows embeddable CPython) lacks.
pytestmark = [
    pytest.mark.skipif(not hasattr(select, "poll"), reason="the fake kqueue waits with poll"),
    pytest.mark.skipif(not Path(selectors.__file__).is_file(),
                       reason="selectors.py has no source here"),
]

# -- the fake select.kqueue / select.kevent ----------------------------------------------------

KQ_FILTER_READ = -1
KQ_FILTER_WRITE = -2
KQ_FILTER_TIMER = -7
KQ_EV_ADD = 0x0001
KQ_EV_DELETE = 0x0002
KQ_EV_ENABLE = 0x0004
KQ_EV_DISABLE = 0x0008
KQ_EV_ONESHOT = 0x0010
KQ_EV_CLEAR = 0x0020
KQ_EV_ERROR = 0x4000
KQ_EV_EOF = 0x8000

CONSTANTS = {name: value for name, value in globals().items() if name.startswith("KQ_")}

READ = selectors.EVENT_READ
WRITE = selectors.EVENT_WRITE


class FakeKevent:
    """``select.kevent``: the six fields of ``struct kevent``, compared by value."""

    __slots__ = ("data", "fflags", "filter", "flags", "ident", "udata")

    def __init__(self, ident: Any, filter: int = KQ_FILTER_READ,  # (the API's names)
                 flags: int = KQ_EV_ADD, fflags: int = 0, data: int = 0,
                 udata: int = 0) -> None:
        self.ident: int = ident if isinstance(ident, int) else ident.fileno()
        self.filter = filter
        self.flags = flags
        self.fflags = fflags
        self.data = data
        self.udata = udata

    def _fields(self) -> tuple[int, int, int, int, int, int]:
        return (self.ident, self.filter, self.flags, self.fflags, self.data, self.udata)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FakeKevent) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (f"<kevent ident={self.ident} filter={self.filter} flags={self.flags:#x} "
                f"fflags={self.fflags:#x} data={self.data:#x} udata={self.udata:#x}>")


class FakeKqueue:
    """``select.kqueue``, following the documented ``control`` contract.

    The kernel's side is modelled with poll(2) on the same fds, so a real loop can wait on
    it: a READ knote fires on POLLIN/POLLHUP/POLLERR, a WRITE knote on POLLOUT, and POLLHUP
    sets EV_EOF, as kevent does when the peer has shut down. ``script`` overrides the next
    waits with prepared kevent lists, for filters and flags poll cannot produce.
    """

    def __init__(self) -> None:
        # A real fd stands for the queue (the loop records it as the kernel queue's fd).
        self._fd, self._other = os.pipe()
        self.closed = False
        self.knotes: dict[tuple[int, int], FakeKevent] = {}
        #: Every change applied, in order: (ident, filter, flags).
        self.changes: list[tuple[int, int, int]] = []
        #: Every control call that harvests events: (max_events, timeout).
        self.waits: list[tuple[int, float | None]] = []
        self.script: deque[list[FakeKevent]] = deque()
        #: Every kevent handed back, in order.
        self.returned: list[FakeKevent] = []

    def fileno(self) -> int:
        if self.closed:
            raise ValueError("I/O operation on closed kqueue object")
        return self._fd

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            os.close(self._fd)
            os.close(self._other)

    def control(self, changelist: Iterable[FakeKevent] | None, max_events: int,
                timeout: float | None = None, /) -> list[FakeKevent]:
        if self.closed:
            raise ValueError("I/O operation on closed kqueue object")
        if max_events < 0:
            raise ValueError(f"Length of eventlist must be 0 or positive, got {max_events}")
        if timeout is not None and timeout < 0:
            raise ValueError("timeout must be positive or None")
        for kev in changelist or ():
            if not isinstance(kev, FakeKevent):
                raise TypeError("changelist must be an iterable of select.kevent objects")
            self.changes.append((kev.ident, kev.filter, kev.flags))
            key = (kev.ident, kev.filter)
            if kev.flags & KQ_EV_DELETE:
                if self.knotes.pop(key, None) is None:
                    raise OSError(errno.ENOENT, os.strerror(errno.ENOENT))
            elif kev.flags & KQ_EV_ADD:
                self.knotes[key] = kev
        if max_events == 0:
            return []
        self.waits.append((max_events, timeout))
        fired = self.script.popleft() if self.script else self._wait(timeout)
        fired = fired[:max_events]
        self.returned += fired
        return fired

    def _wait(self, timeout: float | None) -> list[FakeKevent]:
        assert self.knotes or timeout is not None, "kevent would block forever"
        poller = select.poll()
        masks: dict[int, int] = {}
        for ident, filt in self.knotes:
            masks[ident] = masks.get(ident, 0) | (
                select.POLLIN if filt == KQ_FILTER_READ else select.POLLOUT)
        for fd, mask in masks.items():
            poller.register(fd, mask)
        fired: list[FakeKevent] = []
        for fd, revents in poller.poll(None if timeout is None else timeout * 1000):
            eof = KQ_EV_EOF if revents & select.POLLHUP else 0
            if (fd, KQ_FILTER_READ) in self.knotes and revents & (
                    select.POLLIN | select.POLLHUP | select.POLLERR):
                fired.append(FakeKevent(fd, KQ_FILTER_READ, KQ_EV_ADD | eof))
            if (fd, KQ_FILTER_WRITE) in self.knotes and revents & select.POLLOUT:
                fired.append(FakeKevent(fd, KQ_FILTER_WRITE, KQ_EV_ADD | eof))
        return fired


# -- installing it -----------------------------------------------------------------------------

def _cpython_kqueue_selector() -> type[selectors.BaseSelector]:
    """CPython's own ``class KqueueSelector`` from this interpreter's ``selectors.py``."""
    path = selectors.__file__
    tree = ast.parse(Path(path).read_text(encoding="utf-8"), filename=path)
    found = [node for node in ast.walk(tree)
             if isinstance(node, ast.ClassDef) and node.name == "KqueueSelector"]
    assert len(found) == 1, f"{path}: {len(found)} KqueueSelector classes"
    namespace = dict(vars(selectors))  # select, EVENT_READ, _BaseSelectorImpl, __name__...
    exec(compile(ast.Module(body=[found[0]], type_ignores=[]), path, "exec"), namespace)
    cls: type[selectors.BaseSelector] = namespace["KqueueSelector"]
    return cls


@dataclass
class Kq:
    """What a test gets: the tracing selector class, and a way to make kqueue loops."""

    monkeypatch: pytest.MonkeyPatch
    tracing_class: type[selectors.BaseSelector]
    loops: list[TracingLoopMixin] = field(default_factory=list)

    def new_loop(self) -> TracingLoopMixin:
        with self.monkeypatch.context() as patch:
            patch.setattr(sys, "platform", "darwin")
            loop = factory.new_loop("kqueue")
        self.loops.append(loop)
        return loop

    @staticmethod
    def queue_of(loop: TracingLoopMixin) -> FakeKqueue:
        queue: FakeKqueue = loop._selector._selector  # KqueueSelector keeps it as _selector
        return queue


@pytest.fixture
def kq(monkeypatch: pytest.MonkeyPatch) -> Iterator[Kq]:
    monkeypatch.setattr(select, "kqueue", FakeKqueue, raising=False)
    monkeypatch.setattr(select, "kevent", FakeKevent, raising=False)
    for name, value in CONSTANTS.items():
        monkeypatch.setattr(select, name, value, raising=False)
    monkeypatch.setattr(selectors, "KqueueSelector", _cpython_kqueue_selector(), raising=False)

    name = "app.runtime.backends.kqueue"
    spec = importlib.util.spec_from_file_location(name, Path(backends.__file__).with_name(
        "kqueue.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with monkeypatch.context() as patch:
        patch.setattr(sys, "platform", "darwin")
        spec.loader.exec_module(module)
    monkeypatch.setitem(sys.modules, name, module)

    fixture = Kq(monkeypatch, module.TracingKqueueSelector)
    yield fixture
    for loop in fixture.loops:
        if not loop.is_closed():
            loop.close()


def _events(loop: TracingLoopMixin, *kinds: Ev) -> list[tuple[str, int, int]]:
    """(kind, a, b) of the recorded events of the given kinds, oldest first."""
    wanted = set(kinds)
    return [(e.kind.name, e.a, e.b) for e in map(Event.of, loop.recorder.drain())
            if e.kind in wanted]


FD_KINDS = (Ev.FD_REGISTER, Ev.FD_MODIFY, Ev.FD_UNREGISTER)
POLL_KINDS = (Ev.POLL_BEGIN, Ev.POLL_END, Ev.FD_EVENT)


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    a, b = socket.socketpair()
    a.setblocking(False)
    b.setblocking(False)
    yield a, b
    a.close()
    b.close()


def _self_pipe(loop: TracingLoopMixin) -> int:
    """The fd of asyncio's self-pipe, which every selector loop registers for reading."""
    ssock: socket.socket = getattr(loop, "_ssock")  # noqa: B009 (asyncio's private field)
    return ssock.fileno()


def _wake(loop: TracingLoopMixin, woke: list[str], word: str,
          stop: bool = False) -> Callable[[], None]:
    """A reader/writer callback that notes ``word`` (and stops the loop)."""
    def callback() -> None:
        woke.append(word)
        if stop:
            loop.stop()
    return callback


def _run_one_iteration(loop: TracingLoopMixin) -> None:
    """Run the loop until a callback stops it: in these tests, during the first iteration
    (the scripted kevents wake a callback that stops it, or a ready one does)."""
    loop.run_forever()


# -- the platform: nothing changes on Linux ----------------------------------------------------

@pytest.mark.skipif(sys.platform != "linux", reason="what Linux offers")
def test_linux_offers_no_kqueue() -> None:
    assert not hasattr(selectors, "KqueueSelector")
    assert backends.available() == ["epoll", "poll", "select"]
    assert backends.default() == "epoll"
    from app.runtime.backends import kqueue
    assert not hasattr(kqueue, "TracingKqueueSelector")
    with pytest.raises(ValueError, match="'kqueue' is not available on linux"):
        factory.new_loop("kqueue")


def test_the_selector_is_cpythons_own_code(kq: Kq) -> None:
    cls = vars(selectors)["KqueueSelector"]  # the fixture's
    assert cls.select.__code__.co_filename == selectors.__file__
    assert cls.__mro__[1] is vars(selectors)["_BaseSelectorImpl"]
    assert "modify" not in vars(cls)  # inherited: unregister + register
    assert kq.tracing_class.__mro__[1:3] == (TracingSelectorMixin, cls)
    # With KqueueSelector present, kqueue is offered (after epoll, where both exist).
    assert "kqueue" in backends.available()
    if sys.platform == "linux":
        assert backends.available() == ["epoll", "kqueue", "poll", "select"]


# -- registration: FD_REGISTER / FD_MODIFY / FD_UNREGISTER, and the kevent changes --------------

def test_register_read_write_and_both(kq: Kq, pair: tuple[socket.socket, socket.socket]
                                      ) -> None:
    loop = kq.new_loop()
    queue = kq.queue_of(loop)
    ssock = _self_pipe(loop)
    # The self-pipe was registered when the loop was made: one READ filter.
    assert queue.changes == [(ssock, KQ_FILTER_READ, KQ_EV_ADD)]
    assert _events(loop, Ev.LOOP_INFO) == [("LOOP_INFO", ssock, loop.recorder.intern("kqueue"))]
    assert loop.kernel_fd() == queue.fileno()
    queue.changes.clear()

    a, b = pair
    loop.add_reader(a.fileno(), lambda: None)
    loop.add_writer(b.fileno(), lambda: None)
    selector: selectors.BaseSelector = loop._selector
    c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        selector.register(c, READ | WRITE, None)
        assert _events(loop, *FD_KINDS) == [
            ("FD_REGISTER", a.fileno(), READ),
            ("FD_REGISTER", b.fileno(), WRITE),
            ("FD_REGISTER", c.fileno(), READ | WRITE),
        ]
        # Read+write is one registration for LoopScope, two filters (two calls) for kevent.
        assert queue.changes == [
            (a.fileno(), KQ_FILTER_READ, KQ_EV_ADD),
            (b.fileno(), KQ_FILTER_WRITE, KQ_EV_ADD),
            (c.fileno(), KQ_FILTER_READ, KQ_EV_ADD),
            (c.fileno(), KQ_FILTER_WRITE, KQ_EV_ADD),
        ]
        assert set(queue.knotes) == {(ssock, -1), (a.fileno(), -1), (b.fileno(), -2),
                                     (c.fileno(), -1), (c.fileno(), -2)}
        selector.unregister(c)
        assert _events(loop, *FD_KINDS) == [("FD_UNREGISTER", c.fileno(), READ | WRITE)]
    finally:
        c.close()


def test_modify_is_one_fd_modify(kq: Kq, pair: tuple[socket.socket, socket.socket]) -> None:
    """KqueueSelector changes a mask by deleting every filter and adding the new ones (the
    unregister + register it inherits); the trace shows one FD_MODIFY, as for epoll_ctl MOD."""
    loop = kq.new_loop()
    queue = kq.queue_of(loop)
    fd = pair[0].fileno()
    loop.recorder.drain()
    loop.add_reader(fd, lambda: None)
    queue.changes.clear()

    loop.add_writer(fd, lambda: None)
    assert queue.changes == [(fd, KQ_FILTER_READ, KQ_EV_DELETE),
                             (fd, KQ_FILTER_READ, KQ_EV_ADD),
                             (fd, KQ_FILTER_WRITE, KQ_EV_ADD)]
    queue.changes.clear()
    loop.remove_reader(fd)
    assert queue.changes == [(fd, KQ_FILTER_READ, KQ_EV_DELETE),
                             (fd, KQ_FILTER_WRITE, KQ_EV_DELETE),
                             (fd, KQ_FILTER_WRITE, KQ_EV_ADD)]
    queue.changes.clear()
    loop.remove_writer(fd)
    assert queue.changes == [(fd, KQ_FILTER_WRITE, KQ_EV_DELETE)]

    assert _events(loop, *FD_KINDS) == [
        ("FD_REGISTER", fd, READ),
        ("FD_MODIFY", fd, READ | WRITE),
        ("FD_MODIFY", fd, WRITE),
        ("FD_UNREGISTER", fd, WRITE),  # the mask it had
    ]


def test_a_modify_that_fails_halfway_records_the_unregister(
        kq: Kq, pair: tuple[socket.socket, socket.socket]) -> None:
    """If adding the new filters fails, the old ones are already deleted: the fd has left the
    interest list (CPython's KqueueSelector.register undoes its own bookkeeping and raises)."""
    loop = kq.new_loop()
    queue = kq.queue_of(loop)
    fd = pair[0].fileno()
    loop.recorder.drain()
    loop.add_reader(fd, lambda: None)

    def refuse(changelist: Any, max_events: int, timeout: Any = None, /) -> list[FakeKevent]:
        if changelist and changelist[0].flags & KQ_EV_ADD:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        return FakeKqueue.control(queue, changelist, max_events, timeout)

    kq.monkeypatch.setattr(queue, "control", refuse)
    with pytest.raises(OSError):
        loop.add_writer(fd, lambda: None)
    assert fd not in loop._selector.get_map()
    assert _events(loop, *FD_KINDS) == [("FD_REGISTER", fd, READ), ("FD_UNREGISTER", fd, READ)]


def test_select_backend_modify_is_one_fd_modify(
        pair: tuple[socket.socket, socket.socket]) -> None:
    """SelectSelector inherits the same unregister + register modify; before the fix, one
    add_writer on a read fd was recorded as FD_UNREGISTER, FD_REGISTER and FD_MODIFY."""
    loop = factory.new_loop("select")
    try:
        fd = pair[0].fileno()
        loop.recorder.drain()
        loop.add_reader(fd, lambda: None)
        loop.add_writer(fd, lambda: None)
        loop.remove_reader(fd)
        loop.remove_writer(fd)
        assert _events(loop, *FD_KINDS) == [
            ("FD_REGISTER", fd, READ), ("FD_MODIFY", fd, READ | WRITE),
            ("FD_MODIFY", fd, WRITE), ("FD_UNREGISTER", fd, WRITE)]
    finally:
        loop.close()


# -- the wait: POLL_BEGIN / POLL_END / FD_EVENT ------------------------------------------------

def _freeze_clock(kq: Kq, loop: TracingLoopMixin) -> None:
    """A loop clock that stands still: a timer's distance is then the timeout, exactly."""
    kq.monkeypatch.setattr(loop, "time", lambda: 1000.0)


def test_a_read_kevent_is_one_readable_fd_event(kq: Kq, pair: tuple[socket.socket,
                                                                      socket.socket]) -> None:
    loop = kq.new_loop()
    queue = kq.queue_of(loop)
    fd = pair[0].fileno()
    woke: list[str] = []
    loop.add_reader(fd, _wake(loop, woke, "read", stop=True))
    loop.recorder.drain()
    queue.script.append([FakeKevent(fd, KQ_FILTER_READ, KQ_EV_ADD, data=5)])

    _run_one_iteration(loop)

    assert woke == ["read"]
    events = [Event.of(r) for r in loop.recorder.drain()]
    polls = [(e.kind.name, e.a) for e in events if e.kind in POLL_KINDS]
    assert polls == [("POLL_BEGIN", -1), ("POLL_END", 1), ("FD_EVENT", fd)]
    begin, end, fired = (e for e in events if e.kind in POLL_KINDS)
    assert fired.b == READ
    assert end.b >= 0  # nanoseconds blocked in kevent
    kqueue_sid = loop.recorder.intern("kqueue")
    assert begin.c == end.c == kqueue_sid
    # Harvested with no changes, room for the two filters registered (self-pipe + fd).
    assert queue.waits == [(2, None)]


@pytest.mark.parametrize(("arrange", "timeout", "timeout_ns"), [
    ("nothing", None, -1),
    ("ready callback", 0, 0),
    ("timer in 0.5 s", 0.5, 500_000_000),
])
def test_timeouts(kq: Kq, pair: tuple[socket.socket, socket.socket], arrange: str,
                  timeout: float | None, timeout_ns: int) -> None:
    loop = kq.new_loop()
    queue = kq.queue_of(loop)
    _freeze_clock(kq, loop)
    fd = pair[0].fileno()
    loop.add_reader(fd, loop.stop)
    if arrange == "ready callback":
        loop.call_soon(lambda: None)
    elif arrange == "timer in 0.5 s":
        loop.call_later(0.5, lambda: None)
    loop.recorder.drain()
    queue.script.append([FakeKevent(fd)])

    _run_one_iteration(loop)

    assert queue.waits == [(2, timeout)]
    begins = [e.a for e in map(Event.of, loop.recorder.drain()) if e.kind == Ev.POLL_BEGIN]
    assert begins == [timeout_ns]


def test_read_and_write_kevents_stay_two_entries(
        kq: Kq, pair: tuple[socket.socket, socket.socket]) -> None:
    """One fd readable and writable: kevent returns two kevents, CPython's KqueueSelector
    returns two (key, mask) entries (mask 1, then mask 2; it does not merge), and LoopScope
    records both — POLL_END counts 2, two FD_EVENTs — and each callback runs once."""
    loop = kq.new_loop()
    queue = kq.queue_of(loop)
    fd = pair[0].fileno()
    woke: list[str] = []
    loop.add_reader(fd, _wake(loop, woke, "read"))
    loop.add_writer(fd, _wake(loop, woke, "write", stop=True))
    both = [FakeKevent(fd, KQ_FILTER_READ), FakeKevent(fd, KQ_FILTER_WRITE)]

    selector: selectors.BaseSelector = loop._selector
    key = selector.get_key(fd)
    queue.script.append(both)
    assert selector.select(0) == [(key, READ), (key, WRITE)]
    loop.recorder.drain()

    queue.script.append(both)
    _run_one_iteration(loop)

    assert woke == ["read", "write"]
    assert _polls(loop) == [("POLL_BEGIN", -1), ("POLL_END", 2),
                            ("FD_EVENT", fd, READ), ("FD_EVENT", fd, WRITE)]


def test_eof_and_error_flags_are_plain_readiness(
        kq: Kq, pair: tuple[socket.socket, socket.socket]) -> None:
    """CPython's KqueueSelector reads only ident and filter. A READ kevent with EV_EOF (the
    peer shut down) is "readable" — the reader then reads b"" — and a WRITE kevent with
    EV_ERROR (errno in data) is "writable" — the writer then meets the error in send()."""
    loop = kq.new_loop()
    queue = kq.queue_of(loop)
    a, b = pair[0].fileno(), pair[1].fileno()
    woke: list[str] = []
    loop.add_reader(a, _wake(loop, woke, "read a"))
    loop.add_writer(b, _wake(loop, woke, "write b", stop=True))
    loop.recorder.drain()
    queue.script.append([
        FakeKevent(a, KQ_FILTER_READ, KQ_EV_ADD | KQ_EV_EOF, fflags=errno.ECONNRESET),
        FakeKevent(b, KQ_FILTER_WRITE, KQ_EV_ERROR, data=errno.EPIPE),
    ])

    _run_one_iteration(loop)

    assert woke == ["read a", "write b"]
    assert _polls(loop) == [("POLL_BEGIN", -1), ("POLL_END", 2),
                            ("FD_EVENT", a, READ), ("FD_EVENT", b, WRITE)]


def test_what_the_selector_drops_or_masks(kq: Kq, pair: tuple[socket.socket,
                                                               socket.socket]) -> None:
    """A kevent for an ident not registered is dropped (POLL_END counts the selector's
    entries, not the kernel's kevents); one for a filter the key does not hold (a WRITE kevent
    for a read-only fd, a TIMER kevent) is an entry with mask 0, recorded as such, and wakes
    no callback."""
    loop = kq.new_loop()
    queue = kq.queue_of(loop)
    a, b = pair[0].fileno(), pair[1].fileno()
    woke: list[str] = []
    loop.add_reader(a, _wake(loop, woke, "read a"))
    loop.add_reader(b, _wake(loop, woke, "read b"))
    loop.call_soon(loop.stop)
    loop.recorder.drain()
    queue.script.append([  # three: kevent never returns more than max_events (3 filters)
        FakeKevent(9999, KQ_FILTER_READ),
        FakeKevent(a, KQ_FILTER_WRITE),
        FakeKevent(b, KQ_FILTER_TIMER),
    ])

    _run_one_iteration(loop)

    assert queue.waits == [(3, 0)]
    assert woke == []
    assert _polls(loop) == [("POLL_BEGIN", 0), ("POLL_END", 2),
                            ("FD_EVENT", a, 0), ("FD_EVENT", b, 0)]


def _polls(loop: TracingLoopMixin) -> list[tuple[Any, ...]]:
    """POLL_BEGIN (timeout ns), POLL_END (count) and FD_EVENT (fd, mask) as recorded; the
    time blocked (POLL_END's b) is checked to be a duration, not compared."""
    out: list[tuple[Any, ...]] = []
    for e in map(Event.of, loop.recorder.drain()):
        if e.kind == Ev.POLL_BEGIN:
            out.append((e.kind.name, e.a))
        elif e.kind == Ev.POLL_END:
            assert e.b >= 0
            out.append((e.kind.name, e.a))
        elif e.kind == Ev.FD_EVENT:
            out.append((e.kind.name, e.a, e.b))
    return out


# -- the words ---------------------------------------------------------------------------------

def test_the_describer_names_kevent(kq: Kq) -> None:
    assert WAIT_CALLS["kqueue"] == "kevent"
    assert REGISTER_CALLS["kqueue"] == "kevent"
    loop = kq.new_loop()
    assert loop.backend_name == "kqueue"
    rec = loop.recorder
    info = [e for e in map(Event.of, rec.drain()) if e.kind == Ev.LOOP_INFO]
    assert rec.string(info[0].b) == "kqueue"
    words = Describer(rec.strings, str, backend=rec.string(info[0].b))
    assert words.wait_call() == "kevent"
    assert words.wait_call(info[0].b) == "kevent"
    assert TraceNames(rec.strings).poll("kqueue") == "kevent"
    assert words.register_text() == "the loop tells the kernel (kevent) to watch an fd"


# -- whole runs on the fake --------------------------------------------------------------------

def _run(loop: TracingLoopMixin, main: Callable[[], Any]) -> list[Event]:
    run_to_end(loop, main())
    events = [Event.of(r) for r in loop.recorder.drain()]
    assert loop.recorder.dropped == 0
    return events


def test_a_timer_workload_runs_whole(kq: Kq) -> None:
    """``asyncio.sleep(0.01)`` on new_loop("kqueue"): the exact sequence. The loop sleeps in
    the fake's kevent (poll(2) on the self-pipe) until the timer is due."""
    loop = kq.new_loop()
    queue = kq.queue_of(loop)
    ssock = _self_pipe(loop)
    queue_fd = queue.fileno()

    async def main() -> None:
        await asyncio.sleep(0.01)

    events = _run(loop, main)

    poll = ["POLL_BEGIN", "POLL_END"]
    spawned_task_step = ["TASK_SPAWNED", "TASK_READY", *poll, "STEP_BEGIN"]
    assert [e.kind.name for e in events] == [
        "FD_REGISTER", "LOOP_INFO",
        # main: one step to the timer, a kevent that sleeps until it is due, the wake-up
        *spawned_task_step, "TIMER_ADDED", "STEP_END",
        *poll, "TIMER_FIRED", "CALLBACK_BEGIN", "TASK_READY", "CALLBACK_END",
        *poll, "STEP_BEGIN", "CALLBACK_READY", "STEP_END", "TASK_EXITED",
        *poll, "CALLBACK_BEGIN", "CALLBACK_END",
        # shutdown_asyncgens, then shutdown_default_executor: a task each
        *spawned_task_step, "CALLBACK_READY", "STEP_END", "TASK_EXITED",
        *poll, "CALLBACK_BEGIN", "CALLBACK_END",
        *spawned_task_step, "CALLBACK_READY", "STEP_END", "TASK_EXITED",
        *poll, "CALLBACK_BEGIN", "CALLBACK_END",
        "FD_UNREGISTER",  # close: the self-pipe leaves the queue
    ]
    info = next(e for e in events if e.kind == Ev.LOOP_INFO)
    assert loop.recorder.string(info.b) == "kqueue"
    assert (info.a, info.c) == (ssock, queue_fd)  # self-pipe fd, the kernel queue's fd
    assert [(e.kind.name, e.a, e.b) for e in events if e.kind in FD_KINDS] == [
        ("FD_REGISTER", ssock, READ), ("FD_UNREGISTER", ssock, READ)]
    begins = [e for e in events if e.kind == Ev.POLL_BEGIN]
    ends = [e for e in events if e.kind == Ev.POLL_END]
    assert {e.c for e in begins + ends} == {info.b}  # every wait names kqueue
    assert [e.a for e in ends] == [0] * 8  # nothing but the timer: no kevent fired
    timer_wait = begins[1].a
    assert [e.a for e in begins] == [0, timer_wait, 0, 0, 0, 0, 0, 0]
    assert 0 <= timer_wait <= 10_000_000  # what was left of the 10 ms, in ns
    # The kernel's side: the self-pipe's READ filter added and deleted; eight harvests, each
    # with room for the one filter, the second with the timer's distance as its timeout.
    assert queue.changes == [(ssock, KQ_FILTER_READ, KQ_EV_ADD),
                             (ssock, KQ_FILTER_READ, KQ_EV_DELETE)]
    assert [w[0] for w in queue.waits] == [1] * 8
    assert [w[1] for w in queue.waits] == [0, pytest.approx(timer_wait / 1e9, abs=1e-9),
                                           0, 0, 0, 0, 0, 0]
    assert queue.returned == []
    assert queue.closed


def test_a_socket_read_and_eof_through_the_fake(kq: Kq, pair: tuple[socket.socket,
                                                                     socket.socket]) -> None:
    """``sock_recv`` of b"ping", then of the peer's EOF, on real sockets: the fd's filter is
    added and deleted once per read; the EOF kevent carries EV_EOF and is recorded as
    "readable" — twice, since the fd stays readable (level-triggered) until asyncio's done
    callback removes the reader, one iteration after the read."""
    loop = kq.new_loop()
    queue = kq.queue_of(loop)
    a, b = pair
    fd = a.fileno()
    got: list[bytes] = []

    async def main() -> None:
        loop.call_later(0.001, b.send, b"ping")
        got.append(await loop.sock_recv(a, 16))
        loop.call_later(0.001, b.close)
        got.append(await loop.sock_recv(a, 16))

    events = _run(loop, main)

    assert got == [b"ping", b""]
    assert [(e.kind.name, e.b) for e in events
            if e.kind in (*FD_KINDS, Ev.FD_EVENT) and e.a == fd] == [
        ("FD_REGISTER", READ), ("FD_EVENT", READ), ("FD_UNREGISTER", READ),
        ("FD_REGISTER", READ), ("FD_EVENT", READ), ("FD_EVENT", READ), ("FD_UNREGISTER", READ),
    ]
    assert [c for c in queue.changes if c[0] == fd] == [
        (fd, KQ_FILTER_READ, KQ_EV_ADD), (fd, KQ_FILTER_READ, KQ_EV_DELETE)] * 2
    assert queue.returned == [FakeKevent(fd, KQ_FILTER_READ, KQ_EV_ADD),
                              FakeKevent(fd, KQ_FILTER_READ, KQ_EV_ADD | KQ_EV_EOF),
                              FakeKevent(fd, KQ_FILTER_READ, KQ_EV_ADD | KQ_EV_EOF)]
    fired = [e for e in events if e.kind == Ev.POLL_END and e.a]
    assert [e.a for e in fired] == [1, 1, 1]
