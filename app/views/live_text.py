"""Labels whose text changes while the window is open: counts, rates, states, messages."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

#: The room, in average characters, that a live label keeps however narrow its window gets.
MIN_CHARS = 8


def keep_minimum_width(*labels: QLabel, chars: int = MIN_CHARS) -> None:
    """Fix each label's minimum width at ``chars`` average characters, whatever its text.

    A QLabel's minimum width is otherwise that of its whole text, and layouts pass minimums
    up to the window: a count that gains a digit, or a long status message, raises the main
    window's minimum width. A window already at its minimum (on any screen narrower than its
    default size) then widens itself, and every dock is laid out and repainted at once.
    While a task computes on the engine thread, that repaint takes the GIL dozens of times:
    measured, the window froze for 50-100 ms instead of the usual ~20. With a fixed minimum
    a cramped label cuts its text short instead.
    """
    for label in labels:
        label.setMinimumWidth(label.fontMetrics().averageCharWidth() * chars)
