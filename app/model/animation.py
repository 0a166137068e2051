"""Animations as values of time: the caller passes ``now``, nothing here reads a clock.

As in textual's animator, an :class:`Animation` is a plain object — a start value, an end
value, a start time, a duration and an easing — and the value at any instant is a pure
function of it and ``now``. The view reads its clock once per frame and asks every animation
for its value at that instant; tests pass exact instants and check exact values.

Times are seconds on whatever clock the caller uses (the board uses ``time.monotonic``);
they only need to be on the same clock for one animation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

V = TypeVar("V")

#: Maps linear progress in [0, 1] to eased progress, with easing(0) = 0 and easing(1) = 1.
Easing = Callable[[float], float]
#: The value ``factor`` of the way from the first value to the second.
Blend = Callable[[V, V, float], V]


def linear(progress: float) -> float:
    return progress


def ease_out_cubic(progress: float) -> float:
    """Fast start, gentle arrival: a token leaves at once and settles into its slot."""
    return 1 - (1 - progress) ** 3


def blend_float(a: float, b: float, factor: float) -> float:
    return a + (b - a) * factor


@dataclass(frozen=True, slots=True)
class Animation(Generic[V]):
    """A value going from ``start`` to ``end`` between ``t0`` and ``t0 + duration``.

    Before ``t0`` it holds ``start``; from ``t0 + duration`` on it is exactly ``end`` (not a
    float a rounding away from it). A duration of zero or less is a jump: ``end`` at once.
    """

    start: V
    end: V
    t0: float
    duration: float
    blend: Blend[V]
    easing: Easing = ease_out_cubic

    @classmethod
    def still(cls, value: V, blend: Blend[V]) -> Animation[V]:
        """A value that is already where it goes."""
        return cls(value, value, 0.0, 0.0, blend)

    def progress(self, now: float) -> float:
        """Linear progress at ``now``, clamped to [0, 1]."""
        if self.duration <= 0:
            return 1.0
        return min(1.0, max(0.0, (now - self.t0) / self.duration))

    def value_at(self, now: float) -> V:
        progress = self.progress(now)
        if progress >= 1.0:
            return self.end
        return self.blend(self.start, self.end, self.easing(progress))

    def done(self, now: float) -> bool:
        """Whether the value has arrived at ``now`` (a jump has always arrived): exactly
        when :meth:`value_at` starts returning ``end``."""
        return self.progress(now) >= 1.0

    def retarget(self, end: V, now: float, duration: float) -> Animation[V]:
        """The same value heading for ``end`` from ``now``: it starts where it is at ``now``
        (mid-flight included), so a change of target never makes it jump. The same target
        again changes nothing: the running animation keeps its start and its pace."""
        if end == self.end:
            return self
        return replace(self, start=self.value_at(now), end=end, t0=now, duration=duration)


def fade_out(t0: float, duration: float) -> Animation[float]:
    """Opacity going from 1 to 0, evenly (a wake-up arrow, a "ran…" note)."""
    return Animation(1.0, 0.0, t0, duration, blend_float, linear)
