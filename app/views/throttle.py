"""At most one update per interval, and never a last one lost.

Live views take the observed loop's batches (~60 a second) more slowly than they arrive:
every repaint competes for the GIL with the loop. Dropping the batches in between is fine;
dropping the *last* one is not — a run that ends with the loop idle in ``epoll_wait``
sends no further batch, and the view would show a state the loop has left.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Throttle(QObject):
    """Calls ``action`` at most every ``interval_s``: a request inside the interval is
    answered once, when the interval ends (by a timer, whether or not more requests come)."""

    def __init__(self, interval_s: float, action: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval_s = interval_s
        self._action = action
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.now)

    def request(self) -> None:
        wait = self._last + self.interval_s - time.monotonic()
        if wait <= 0:
            self.now()
        elif not self._timer.isActive():
            self._timer.start(int(wait * 1000) + 1)

    def now(self) -> None:
        """Act at once (and start a new interval)."""
        self._timer.stop()
        self._last = time.monotonic()
        self._action()

    def cancel(self) -> None:
        """Forget a pending request."""
        self._timer.stop()
