"""The board as a listener of the bridge: which events it animates one by one, and which it
only shows as the latest state.

The board itself lays out a state and animates moves; how fast events come decides which:
stepping, or slow motion, animates every event in turn; a loop running freely makes thousands
a second, so the board shows the latest state at most 30 times a second. Replaying, the
board shows the replayed event and new events wait.
"""

from __future__ import annotations

from app.views.throttle import Throttle
from app.views.window_parts import WindowParts

#: Live, the board is laid out at most this often (s).
LIVE_FRAME_S = 1 / 30
#: A batch longer than this is not animated event by event, even when stepping.
MAX_PLAYED = 400
#: Slow motion at or above this many seconds per unit animates every event.
PLAYED_DELAY_S = 0.05


class BoardFeed:
    def __init__(self, window: WindowParts) -> None:
        self.window = window
        self.board = window.board
        self._pending = -1  # first event index not yet shown live on the board
        self._held_at_reset = 0  # a reset shows these at once: their extend is not a batch
        self._live = Throttle(LIVE_FRAME_S, self._show_pending, window)

    def extend(self, start: int, end: int) -> None:
        """Stepping or slow motion: every event animates in turn. Live: at most 30 Hz."""
        if end <= self._held_at_reset:  # what a reset already laid out
            self._held_at_reset = 0
            return
        window = self.window
        if not window.replay.live:
            return
        bridge = window.bridge
        if (window.controller.paused or window.slow_motion_s() >= PLAYED_DELAY_S) \
                and end - start <= MAX_PLAYED:
            self.board.play(list(range(start, end)), bridge.reducer.state_at, bridge.store,
                            window.describer())
            self._pending = -1
            return
        if self._pending < 0:
            self._pending = start
        self._live.request()

    def _show_pending(self) -> None:
        window = self.window
        if self._pending < 0 or not window.replay.live:
            return
        store = window.bridge.store
        self.board.show_live(window.bridge.reducer.state(), store, window.describer(),
                             self._pending, len(store), window.clock_now())
        self._pending = -1

    def trim(self, cut: int) -> None:
        self.board.trim(cut)
        if self._pending >= 0:
            self._pending = max(0, self._pending - cut)
        self._held_at_reset = 0

    def reset(self) -> None:
        """A new store: what the board had still to show belongs to the recording let go;
        it shows the new one's last state at once."""
        self.board.stop()
        self._pending = -1
        self._live.cancel()
        bridge = self.window.bridge
        self._held_at_reset = len(bridge.store)
        self.board.show_state(bridge.reducer.state(), bridge.store, self.window.describer())
