"""Small helpers the samples share (both versions): names, error texts, CPU work."""

from __future__ import annotations

import errno
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

from app.runtime.params import WorkloadError
from app.trace.text import QT_TR_NOOP, Sentence

#: Every sample talks to itself on the loopback interface only.
HOST = "127.0.0.1"


class Tally:
    """Count, min and max of a stream of measurements, in constant memory.

    The samples report how many ticks they saw and the worst lateness or round trip; a
    ``forever`` run must not keep every measurement of an endless run to say that. Threads
    may share one (a lock: ``count += 1`` is not atomic, ``list.append`` was).
    """

    __slots__ = ("_lock", "count", "high", "low")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.count = 0
        self.low = float("inf")
        self.high = float("-inf")

    def append(self, value: float) -> None:
        with self._lock:
            self.count += 1
            if value < self.low:
                self.low = value
            if value > self.high:
                self.high = value

    def __len__(self) -> int:
        return self.count

    def max(self, default: float = 0.0) -> float:
        return self.high if self.count else default

    def min(self, default: float = 0.0) -> float:
        return self.low if self.count else default


def describe(exc: BaseException) -> str:
    """``"ConnectionResetError: [Errno 104] Connection reset by peer"``, for the user."""
    return f"{type(exc).__name__}: {exc}".rstrip(": ")


def split_results(names: Sequence[str], results: Sequence[Any]) -> tuple[list[Any], list[str]]:
    """Results of a gather with ``return_exceptions``: (the values, "name: error" texts).

    One task (or thread) that fails is reported, and the others' results are kept: a sample
    carries on when one of its clients breaks.
    """
    values: list[Any] = []
    errors: list[str] = []
    for name, result in zip(names, results, strict=True):
        if isinstance(result, BaseException):
            errors.append(f"{name}: {describe(result)}")
        else:
            values.append(result)
    return values, errors


def cannot_listen(sample: str, kind: str, port: int, exc: OSError) -> WorkloadError:
    """The message for a port that cannot be bound (in use, privileged...)."""
    reason = exc.strerror or describe(exc)
    if exc.errno == errno.EADDRINUSE and sys.platform == "win32":
        # Windows words WSAEADDRINUSE (10048) with FormatMessage ("Only one usage of each
        # socket address..."), which Wine 8 cannot ("Windows Error 0x2740"), and its C
        # runtime has no text for errno EADDRINUSE ("Unknown error"): say it as POSIX does.
        reason = "Address already in use (WSAEADDRINUSE)"
    return WorkloadError(Sentence(QT_TR_NOOP(
        "{sample}: cannot open a {kind} port on {host}:{port}: {reason}. Choose another port, "
        "or 0 for any free one."), sample=sample, kind=kind, host=HOST, port=port, reason=reason))


def burn(ms: float) -> int:
    """Busy pure-Python work for ``ms`` ms of this thread's CPU time. It never gives the
    loop away on its own: on the loop thread nothing else runs meanwhile.

    CPU time, not wall time: a thread waiting for the GIL uses none, so ``burn(50)`` is the
    same amount of work alone or among competing threads — like the threads' ``rt.cpu(50)``.
    """
    end = time.thread_time() + ms / 1000
    n = 0
    while time.thread_time() < end:
        n += 1
    return n
