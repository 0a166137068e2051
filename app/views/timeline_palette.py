"""The timeline's colours: each bar style's, the rows' backgrounds, the time grid, the cursor,
and the lookup table that turns a picture's pixel indices into RGB32.

A pixel of the lanes picture is first an index ``grid << 7 | background << 5 | style``: the
bar's style code (bits 0-4), the row's background (bits 5-6: one of :data:`BACKGROUNDS`) and
whether a time grid line passes there (bit 7). :func:`colour_table` maps every index to its
colour at once.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor

from app.model.lanes import Style

#: Colour of each style (index = Style code). Waits are light (they are long and many), ready
#: and running are saturated (they are what the eye looks for), marks are dark.
COLOURS: dict[Style, str] = {
    Style.LOOP_IDLE: "#e2e2e2",
    Style.POLL_TIMEOUT: "#d4c6ec",
    Style.POLL_FOREVER: "#a9a9b8",
    Style.NEW: "#d0d0d0",
    Style.WAIT_UNKNOWN: "#b8b8b8",
    Style.WAIT_FD_READ: "#a6cee3",
    Style.WAIT_FD_WRITE: "#6fa8d6",
    Style.WAIT_TIMER: "#fddc84",
    Style.WAIT_TASK: "#cbb4dc",
    Style.WAIT_FUTURE: "#f6b3d0",
    Style.WAIT_THREAD: "#93d5c4",
    Style.READY: "#f28e2b",
    Style.POLL_BLOCKED: "#6a3d9a",
    Style.LOOP_CALLBACK: "#8c564b",
    Style.RUNNING: "#2ca02c",
    Style.MARK_FD_READ: "#08306b",
    Style.MARK_FD_WRITE: "#c2410c",
    Style.MARK_SELF_PIPE: "#e7298a",
    Style.MARK_THREAD_WAKE: "#e7298a",
    # Teal: apart from the returned fds' navy / orange / pink, and drawn on the blocked span's
    # purple and the lane's white alike (contrast 2.5 and 3.0).
    Style.MARK_PEER_IO: "#00a6a6",
}

# Backgrounds, baked into the lanes image (bits 5-6 of a pixel's index: see colour_table),
# in the order of model.lane_picture's codes: plain, stripe, selected, summary. The selected
# lane is a neutral blue-grey: every hue is a state already.
BACKGROUNDS = ("#ffffff", "#f3f4f8", "#d3d9e6", "#e6e8ef")
GRID = "#d9dbe1"  # vertical time grid lines (bit 7), drawn only where no bar is
CURSOR = "#d32f2f"


def colour_table() -> np.ndarray:
    """The colour of every pixel index ``grid << 7 | background << 5 | style`` (opaque
    0xffRRGGBB): a bar's colour wherever there is one, else the grid line or the row's
    background. One ``np.take`` turns the index image into RGB32 that Qt blits as is."""
    lut = np.zeros(256, np.uint32)
    rgb = {int(style): QColor(colour).rgb() for style, colour in COLOURS.items()}
    for index in range(256):
        style, bg, grid = index & 31, (index >> 5) & 3, index >> 7
        if style in rgb:
            lut[index] = rgb[style]
        else:
            lut[index] = QColor(GRID if grid else BACKGROUNDS[bg]).rgb()
    return lut
