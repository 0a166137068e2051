"""Wake-up arrows: the newest few, the older fainter (pure, no Qt)."""

from __future__ import annotations

from itertools import pairwise

from app.model.animation import fade_out
from app.model.board_layout import Point
from app.model.board_motion import ARROW_MS, MAX_ARROWS, WakeArrow, arrow_alphas, with_arrow


def arrow(n: int, born: float) -> WakeArrow:
    return WakeArrow(n, Point(n, 0), Point(n, -30), Point(n + 100, 0),
                     fade_out(born, ARROW_MS / 1000))


def test_only_the_newest_arrows_stay_and_each_older_one_is_fainter() -> None:
    arrows: list[WakeArrow] = []
    for n in range(3 * MAX_ARROWS):  # three wake-ups a frame, frames 33 ms apart
        arrows = with_arrow(arrows, arrow(n, born=(n // 3) * 0.033))
    assert [a.target for a in arrows] == list(range(2 * MAX_ARROWS, 3 * MAX_ARROWS))
    now = (3 * MAX_ARROWS // 3) * 0.033
    alphas = arrow_alphas(arrows, now)
    assert all(0 < older < newer for older, newer in pairwise(alphas))
    # Born together, the rank still tells them apart; with age all fade out.
    together = [arrow(n, born=1.0) for n in range(3)]
    assert arrow_alphas(together, 1.0) == [1 / 3, 2 / 3, 1.0]
    assert arrow_alphas(together, 1.0 + 2 * ARROW_MS / 1000) == [0.0, 0.0, 0.0]
