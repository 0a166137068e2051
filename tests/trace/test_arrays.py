"""app.trace.arrays.grow: room for what is needed, the kept prefix intact, doubling."""

from __future__ import annotations

import numpy as np

from app.trace.arrays import MIN_CAPACITY, grow


def test_grow_keeps_the_prefix_and_doubles() -> None:
    arr = np.arange(MIN_CAPACITY, dtype=np.int32)
    assert grow(arr, MIN_CAPACITY, 10) is arr  # it fits: the same array
    bigger = grow(arr, MIN_CAPACITY + 1, 10)
    assert bigger.dtype == np.int32 and len(bigger) == 2 * MIN_CAPACITY
    assert bigger[:10].tolist() == list(range(10))
    assert len(grow(arr, 5 * MIN_CAPACITY, 0)) == 5 * MIN_CAPACITY  # at least what is needed
    assert len(grow(np.empty(0, bool), 1, 0)) == MIN_CAPACITY


def test_a_callers_own_capacity() -> None:
    arr = np.arange(8, dtype=np.int64)
    out = grow(arr, 9, 8, capacity=12)
    assert len(out) == 12 and out[:8].tolist() == list(range(8))
    assert len(grow(arr, 20, 8, capacity=12)) == 20  # never less than needed


def test_appends_copy_each_element_a_bounded_number_of_times() -> None:
    arr, n, reallocations = np.empty(0, np.int64), 0, 0
    for _ in range(10_000):
        grown = grow(arr, n + 7, n)
        reallocations += grown is not arr
        arr = grown
        arr[n:n + 7] = n
        n += 7
    assert reallocations <= 8  # 70,000 elements from 1,024: doublings only
