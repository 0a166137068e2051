"""One factory for every traced loop: ``new_loop(backend=..., recorder=..., gate=...)``.

Works as ``asyncio.run(main(), loop_factory=loop_factory("epoll"))`` (3.12+) and
``asyncio.Runner(loop_factory=...)`` (3.11+).
"""

from __future__ import annotations

import functools
import selectors
import sys
from collections.abc import Callable
from typing import Any

from app.runtime import backends
from app.runtime.gate import Gate
from app.runtime.instruments import Instrument
from app.runtime.loop import TracedSelectorLoop, TracingLoopMixin
from app.runtime.recorder import Recorder
from app.trace.text import QT_TR_NOOP, Sentence

BACKENDS = ("auto", "epoll", "kqueue", "poll", "select", "iocp")


def _selector_for(name: str) -> selectors.BaseSelector:
    # (The platform tests tell a type checker which selectors exist where; resolve_backend
    # has refused a backend this OS lacks already.)
    if name == "epoll" and sys.platform == "linux":
        from app.runtime.backends.epoll import TracingEpollSelector
        return TracingEpollSelector()
    if name == "kqueue" and sys.platform != "linux" and sys.platform != "win32":
        from app.runtime.backends.kqueue import TracingKqueueSelector
        return TracingKqueueSelector()
    if name == "poll" and sys.platform != "win32":
        from app.runtime.backends.poll import TracingPollSelector
        return TracingPollSelector()
    from app.runtime.backends.select import TracingSelectSelector
    return TracingSelectSelector()


def resolve_backend(backend: str) -> str:
    """Validate a backend name for this OS; 'auto' becomes the platform default."""
    available = backends.available()
    if backend == "auto":
        return available[0]
    if backend not in BACKENDS:
        raise ValueError(Sentence(QT_TR_NOOP("unknown backend {backend}; on this OS choose one "
                                             "of: {choices}"),
                                  backend=repr(backend), choices=", ".join(["auto", *available])))
    if backend not in available:
        raise ValueError(Sentence(QT_TR_NOOP("backend {backend} is not available on {platform}; "
                                             "choose one of: {choices}"),
                                  backend=repr(backend), platform=sys.platform,
                                  choices=", ".join(["auto", *available])))
    return backend


def new_loop(backend: str = "auto", *, recorder: Recorder | None = None,
             gate: Gate | None = None,
             instruments: list[Instrument] | tuple[Instrument, ...] = (),
             recording: bool = True) -> TracingLoopMixin:
    """Create a traced event loop on the chosen OS backend.

    ``instruments`` are extra observers (see :mod:`app.runtime.instruments`) fed every event.
    """
    name = resolve_backend(backend)
    if recorder is None:
        recorder = Recorder()
    for instrument in instruments:  # before the loop exists, so they see its first events
        recorder.add_instrument(instrument)
    loop: TracingLoopMixin
    if name == "iocp" and sys.platform == "win32":  # pragma: no cover - Windows only
        from app.runtime.backends.iocp import TracedProactorLoop
        loop = TracedProactorLoop(recorder=recorder, gate=gate)
    else:
        loop = TracedSelectorLoop(_selector_for(name), recorder=recorder, gate=gate)
    loop.set_recording(recording)
    return loop


def loop_factory(backend: str = "auto", **kwargs: Any) -> Callable[[], TracingLoopMixin]:
    """A zero-argument factory for ``asyncio.run(..., loop_factory=...)`` / ``asyncio.Runner``."""
    return functools.partial(new_loop, backend, **kwargs)
