"""Small statistics and formatting helpers (no numpy: the parent process stays light)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0..100), linear interpolation between closest ranks."""
    if not values:
        return math.nan
    data = sorted(values)
    if len(data) == 1:
        return data[0]
    pos = (len(data) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def si(value: float, digits: int = 3) -> str:
    """``1234567`` -> ``'1.23M'``; ``nan`` -> ``'–'``."""
    if value is None or math.isnan(value):
        return "–"
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.{digits}g}{suffix}"
    return f"{value:.{digits}g}"


def span(values: Sequence[float], fmt: str = "si") -> str:
    """``'min–max'`` of ``values``."""
    if not values:
        return "–"
    lo, hi = min(values), max(values)
    if fmt == "si":
        return f"{si(lo)}–{si(hi)}"
    return f"{lo:{fmt}}–{hi:{fmt}}"


def ratio_text(value: float, lo: float | None = None, hi: float | None = None) -> str:
    if math.isnan(value):
        return "–"
    if lo is None or hi is None:
        return f"{value:.2f}×"
    return f"{value:.2f}× ({lo:.2f}–{hi:.2f})"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> str:
    """A plain-text table: the first column left-aligned, the others right-aligned."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            parts.append(cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]))
        return indent + "  ".join(parts).rstrip()

    out = [line(headers), indent + "  ".join("-" * w for w in widths)]
    out.extend(line(row) for row in rows)
    return "\n".join(out)
