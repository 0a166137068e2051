"""Cancelled: the threads' ``asyncio.CancelledError``."""

from __future__ import annotations


class Cancelled(BaseException):
    """Raised inside a traced thread by its next primitive once the run (or the thread) is
    cancelled — the threads' ``asyncio.CancelledError``. A BaseException for the same reason:
    ``except Exception`` in a sample must not swallow it."""
