"""No two tokens overlap: not in the laid-out board (a thousand tasks included), and, following
a live loop, not at any instant of the glides between two layouts (pure, no Qt)."""

from __future__ import annotations

import random
from itertools import combinations

import numpy as np
import pytest

from app.model import board as bm
from app.model.board_layout import Rect, chip_rect, slot_rect
from app.model.board_motion import TokenGlides, _clashes
from app.model.state import READY, RUNNING
from tests.model.test_board_layout import lay_out, mixed, scheduler, task

MOVE = 0.12  # a live move (s)
FRAME = 1 / 30  # a live frame (s)


def laid_out_rects(model: bm.BoardModel) -> list[Rect]:
    """Every token's slot and every counted chip of ``model``."""
    return [slot_rect(t.area, t.slot) for t in model.tokens.values()] + \
        [chip_rect(c.area, c.slot) for c in model.chips.values()]


def overlapping(rects: list[Rect]) -> list[tuple[Rect, Rect]]:
    return [(a, b) for a, b in combinations(rects, 2) if a.overlaps(b)]


@pytest.mark.parametrize("n", [1, 2, 7, 167])  # 167 of each of six kinds + 1 running = 1,003
def test_no_two_tokens_of_a_laid_out_board_overlap_up_to_a_thousand_tasks(n: int) -> None:
    tasks = [*mixed(n), task(99, RUNNING)]
    model = lay_out(scheduler(tasks, ready=[t.serial for t in tasks if t.state == READY]))
    assert len(tasks) == 6 * n + 1
    assert sum(model.counts[a] for a in ("io", "timer", "waiting", "thread", "ready",
                                         "running", "done")) == len(tasks)
    rects = laid_out_rects(model)
    assert len(rects) == len(model.tokens) + len(model.chips)
    assert not overlapping(rects)


def tokens(places: dict[int, tuple[str, int]]) -> dict[int, bm.Token]:
    return {s: bm.Token(s, area, slot, f"t{s}", "") for s, (area, slot) in places.items()}


def shown_rects(glides: TokenGlides, now: float) -> list[Rect]:
    return [glides.rect_at(s, now) for s in glides if glides.shown(s, now)]


def follow_and_check(glides: TokenGlides, frames: list[dict[int, tuple[str, int]]],
                     chip_sets: list[list[Rect]] | None = None) -> int:
    """Feed ``frames`` one live frame apart (with the chips of ``chip_sets``); check every
    2 ms that no shown tokens (nor a token and a chip) overlap; return how many tokens
    glided (moved without a jump)."""
    glided = 0
    for k, places in enumerate(frames):
        now = k * FRAME
        chips = chip_sets[k] if chip_sets else []
        before = {s: glides.target(s) for s in glides}
        glides.follow(tokens(places), now, MOVE, apart=True, obstacles=chips)
        glided += sum(1 for s in glides if s in before and before[s] != glides.target(s)
                      and not glides.glide(s).done(now))
        for step in range(int(FRAME * 1000 / 2) + 1):
            at = now + step * 0.002
            assert not overlapping(shown_rects(glides, at) + chips), (k, at)
    return glided


def test_a_queue_advancing_glides_in_step_without_overlapping() -> None:
    glides = TokenGlides()
    queue = list(range(1, 11))
    frames = []
    for _ in range(6):  # each frame the head leaves and a new task joins the tail
        frames.append({s: ("ready", i) for i, s in enumerate(queue)})
        queue = [*queue[1:], queue[-1] + 1]
    # Each frame comes before the last one's moves end: the task that joined the tail a
    # frame ago is shown then, in the slot its neighbour is still leaving, and one of the two
    # jumps. Most moves still glide.
    assert follow_and_check(glides, frames) > 5 * 9 // 2


def test_tokens_whose_ways_cross_jump_instead_of_overlapping() -> None:
    glides = TokenGlides()
    # Two timer tokens side by side both join the ready queue: the left one's way passes
    # under the right one's. A token new to the board takes the slot the first one leaves.
    glided = follow_and_check(glides, [
        {1: ("timer", 0), 2: ("timer", 1), 3: ("ready", 0)},
        {1: ("ready", 1), 2: ("ready", 2), 3: ("ready", 0), 4: ("timer", 0)},
    ])
    assert glided < 2
    assert glides.target(1) == slot_rect("ready", 1)
    assert glides.target(2) == slot_rect("ready", 2)


def test_a_new_token_in_one_glides_way_waits_and_a_glide_through_many_jumps() -> None:
    glides = TokenGlides()
    glides.follow(tokens({s: ("ready", s - 1) for s in range(1, 11)}), 0.0, MOVE, apart=True)
    # The queue advances: 11 joins the tail slot that 10 is leaving, and waits for it.
    glides.follow(tokens({s: ("ready", s - 2) for s in range(2, 12)}), FRAME, MOVE, apart=True)
    assert not glides.glide(10).done(FRAME) and not glides.shown(11, FRAME)
    assert glides.shown(11, FRAME + MOVE)
    # A token rising from the tail past fourteen tokens new to the board jumps instead of
    # leaving all their slots empty while it glides.
    glides = TokenGlides()
    glides.follow(tokens({50: ("ready", 17)}), 0.0, MOVE, apart=True)
    rest = {s: ("ready", s - 100) for s in range(103, 117)}
    glides.follow(tokens({50: ("ready", 2)} | rest), FRAME, MOVE, apart=True)
    assert glides.glide(50).done(FRAME) and all(glides.shown(s, FRAME) for s in rest)


def test_a_token_new_to_the_board_waits_for_a_slower_move_under_way() -> None:
    # Stepping in slow motion left a token gliding for two seconds; the loop is then
    # followed live, and a task new to the board takes a slot on that token's way.
    glides = TokenGlides()
    glides.follow(tokens({1: ("ready", 0)}), 0.0, 0.0)
    glides.follow(tokens({1: ("ready", 9)}), 0.0, 2.0)
    glides.follow(tokens({1: ("ready", 9), 2: ("ready", 4)}), 0.1, MOVE, apart=True)
    for step in range(1100):
        at = 0.1 + step * 0.002
        assert not overlapping(shown_rects(glides, at)), at
    assert glides.shown(2, 2.0) and not glides.shown(2, 1.9)


def test_a_thousand_task_live_board_never_shows_two_tokens_overlapping() -> None:
    # A thousand timer tasks firing in turn (as in the timers sample): each frame some fire
    # and join the ready queue, the queue's head runs and goes back to the timers.
    rng = random.Random(18)
    deadline = {s: rng.random() for s in range(1, 1001)}
    ready: list[int] = []
    glides = TokenGlides()
    frames, chip_sets = [], []
    for k in range(40):
        due = sorted((d, s) for s, d in deadline.items() if s not in ready)
        ready += [s for _, s in due[:rng.randint(0, 12)]]
        runs = rng.randint(0, 10)
        ran, ready = ready[:runs], ready[runs:]
        for s in ran:
            deadline[s] = 1 + k + rng.random()
        timers = [s for _, s in sorted((d, s) for s, d in deadline.items() if s not in ready)]
        places = {s: ("timer", i) for i, s in enumerate(timers[:7])}
        places |= {s: ("ready", i) for i, s in enumerate(ready[:19])}
        places |= {s: ("running", 0) for s in ran[-1:]}
        frames.append(places)
        chip_sets.append([chip_rect("timer", 7)] + ([chip_rect("ready", 19)]
                                                    if len(ready) > 20 else []))
    assert follow_and_check(glides, frames, chip_sets) > 0  # some still glide


def test_the_clash_test_agrees_with_sampling_the_glides() -> None:
    # Rectangles moving by the same fraction of their way: overlapping at some instant iff
    # the exact test says so (sampled finely; the near misses sampling cannot decide are
    # skipped).
    rng = np.random.default_rng(18)
    checked = 0
    for _ in range(300):
        here = np.column_stack([rng.uniform(0, 300, (2, 2)), rng.uniform(10, 80, (2, 2))])
        there = here.copy()
        there[:, :2] = rng.uniform(0, 300, (2, 2))
        exact = bool(_clashes(here, there)[0, 1])
        fractions = np.linspace(0, 1, 2001)[:, None, None]
        at = here[None] + (there[None] - here[None]) * fractions
        gap_x = np.minimum(at[:, 0, 0] + at[:, 0, 2] - at[:, 1, 0],
                           at[:, 1, 0] + at[:, 1, 2] - at[:, 0, 0])
        gap_y = np.minimum(at[:, 0, 1] + at[:, 0, 3] - at[:, 1, 1],
                           at[:, 1, 1] + at[:, 1, 3] - at[:, 0, 1])
        depth = np.minimum(gap_x, gap_y).max()  # > 0: they share interior points then
        if abs(depth) < 0.5:
            continue
        assert exact == (depth > 0)
        checked += 1
    assert checked > 250
