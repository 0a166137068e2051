"""Growable numpy arrays: the one helper every append-only column uses.

A column that grows by appends keeps a capacity larger than its length and, when an append
does not fit, moves to a larger array: growing by a constant factor makes appends cost O(1)
amortised per element (each element is copied a bounded number of times over the column's
life), where growing to the exact length would copy the whole history on every append.
"""

from __future__ import annotations

import numpy as np

#: The smallest capacity :func:`grow` allocates (a few appends of small batches fit at once).
MIN_CAPACITY = 1024


def grow(arr: np.ndarray, need: int, keep: int, *, capacity: int | None = None) -> np.ndarray:
    """An array of ``arr``'s dtype with room for ``need`` elements: ``arr`` itself if it has
    it, else a new one whose first ``keep`` elements are ``arr``'s (the rest uninitialised).

    The new capacity is ``capacity`` if given (the caller's own growth policy), else
    ``max(need, 2 * len(arr), MIN_CAPACITY)``: doubling. Views of the old array stay valid
    (and stale).
    """
    if need <= len(arr):
        return arr
    size = max(need, 2 * len(arr), MIN_CAPACITY) if capacity is None else max(need, capacity)
    out = np.empty(size, arr.dtype)
    out[:keep] = arr[:keep]
    return out
