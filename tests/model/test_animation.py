"""Animations are values of time passed in: exact values at exact instants, no clock."""

from __future__ import annotations

import time
from itertools import pairwise

import pytest

from app.model import animation, board_motion
from app.model.animation import (
    Animation,
    blend_float,
    ease_out_cubic,
    fade_out,
    linear,
)
from app.model.board import Arrow, FdRow, Token
from app.model.board_layout import Point, Rect, blend_rect, fd_row_rect, slot_rect
from app.model.board_motion import (
    ARROW_MS,
    MAX_ARROWS,
    MOVE_MS,
    PlayQueue,
    TokenGlides,
    WakeArrow,
    move_seconds,
    wake_arrow_shape,
    with_arrow,
)


def test_the_value_is_the_start_until_t0_and_exactly_the_end_from_t0_plus_duration() -> None:
    anim = Animation(2.0, 10.0, t0=1.0, duration=0.5, blend=blend_float)
    assert anim.value_at(0.0) == 2.0  # not started yet
    assert anim.value_at(1.0) == 2.0
    assert anim.value_at(1.5) == 10.0
    assert anim.value_at(100.0) == 10.0
    assert anim.progress(0.0) == 0.0 and anim.progress(1.25) == 0.5 and anim.progress(9) == 1.0


def test_in_between_values_follow_the_easing() -> None:
    even = Animation(0.0, 8.0, t0=0.0, duration=1.0, blend=blend_float, easing=linear)
    assert [even.value_at(t) for t in (0.25, 0.5, 0.75)] == [2.0, 4.0, 6.0]
    eased = Animation(0.0, 8.0, t0=0.0, duration=1.0, blend=blend_float)  # ease-out cubic
    assert eased.value_at(0.5) == 8.0 * (1 - 0.5 ** 3) == 7.0
    assert eased.value_at(0.25) > even.value_at(0.25)  # ease-out: most of the way early


@pytest.mark.parametrize("easing", [linear, ease_out_cubic])
def test_easings_run_from_0_to_1_and_never_go_back(easing: animation.Easing) -> None:
    values = [easing(i / 1000) for i in range(1001)]
    assert values[0] == 0.0 and values[-1] == 1.0
    assert all(a <= b for a, b in pairwise(values))
    assert all(0.0 <= v <= 1.0 for v in values)


def test_done_exactly_at_the_duration() -> None:
    anim = Animation(0.0, 1.0, t0=1.0, duration=0.25, blend=blend_float)
    assert not anim.done(0.0)
    assert not anim.done(1.125)
    assert anim.done(1.25)
    assert anim.done(2.0)


def test_a_zero_duration_is_a_jump() -> None:
    jump = Animation(0.0, 5.0, t0=3.0, duration=0.0, blend=blend_float)
    assert jump.done(0.0) and jump.value_at(0.0) == 5.0 and jump.progress(0.0) == 1.0
    still = Animation.still(Rect(1, 2, 3, 4), blend_rect)
    assert still.done(0.0) and still.value_at(-5.0) == Rect(1, 2, 3, 4)


def test_retargeting_mid_flight_starts_from_where_the_value_is() -> None:
    anim = Animation(0.0, 8.0, t0=0.0, duration=1.0, blend=blend_float, easing=linear)
    turned = anim.retarget(0.0, now=0.5, duration=2.0)
    assert (turned.start, turned.end, turned.t0, turned.duration) == (4.0, 0.0, 0.5, 2.0)
    assert turned.value_at(0.5) == anim.value_at(0.5) == 4.0  # no jump at the turn
    assert turned.value_at(1.5) == 2.0
    assert turned.value_at(2.5) == 0.0 and turned.done(2.5)
    assert turned.easing is linear  # keeps its easing
    # The same target again changes nothing: same start, same pace.
    assert anim.retarget(8.0, now=0.5, duration=2.0) is anim
    # From a finished animation the new one starts at the old end.
    assert anim.retarget(1.0, now=7.0, duration=1.0).start == 8.0


def test_rects_glide_corner_and_size_together() -> None:
    a, b = Rect(0, 0, 10, 10), Rect(100, 40, 20, 10)
    glide = Animation(a, b, t0=0.0, duration=2.0, blend=blend_rect, easing=linear)
    assert glide.value_at(1.0) == Rect(50, 20, 15, 10)
    assert glide.value_at(2.0) == b


def test_a_fade_goes_evenly_from_opaque_to_clear() -> None:
    fade = fade_out(t0=10.0, duration=0.5)
    assert [fade.value_at(t) for t in (10.0, 10.125, 10.25, 10.5, 11.0)] == [
        1.0, 0.75, 0.5, 0.0, 0.0]
    assert not fade.done(10.25) and fade.done(10.5)


def test_the_animation_maths_never_reads_a_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_clock() -> float:
        raise AssertionError("the model read a clock")

    for name in ("time", "monotonic", "perf_counter", "monotonic_ns", "time_ns"):
        monkeypatch.setattr(time, name, no_clock)
    glides = TokenGlides()
    glides.follow({1: Token(1, "io", 0, "a", "")}, now=0.0, duration=1.0)
    glides.follow({1: Token(1, "ready", 0, "a", "")}, now=0.0, duration=1.0)
    assert glides.moving(0.5) and not glides.moving(1.0)
    assert glides.rect_at(1, 1.0) == slot_rect("ready", 0)
    queue = PlayQueue()
    queue.add([1, 2], now=0.0, move=1.0)
    assert queue.pop(0.0) == (1, 0.5)
    fade_out(0.0, 1.0).value_at(0.5)


# -- the board's tokens over time ----------------------------------------------------------------
def token(serial: int, area: str, slot: int) -> Token:
    return Token(serial, area, slot, f"task {serial}", "")


def test_a_new_token_appears_in_its_slot_at_once() -> None:
    glides = TokenGlides()
    glides.follow({7: token(7, "timer", 2)}, now=5.0, duration=1.0)
    assert glides.rect_at(7, 5.0) == slot_rect("timer", 2)
    assert not glides.moving(5.0)


def test_a_moved_token_glides_from_where_it_was_and_arrives_at_its_new_slot() -> None:
    glides = TokenGlides()
    glides.follow({1: token(1, "io", 0)}, now=0.0, duration=1.0)
    glides.follow({1: token(1, "ready", 3)}, now=2.0, duration=0.5)
    start, end = slot_rect("io", 0), slot_rect("ready", 3)
    assert glides.rect_at(1, 2.0) == start
    assert glides.rect_at(1, 2.25) == blend_rect(start, end, ease_out_cubic(0.5))
    assert glides.rect_at(1, 2.5) == end and glides.target(1) == end
    assert glides.moving(2.25) and not glides.moving(2.5)


def test_retargeting_a_gliding_token_starts_from_its_current_position() -> None:
    glides = TokenGlides()
    glides.follow({1: token(1, "io", 0)}, now=0.0, duration=1.0)
    glides.follow({1: token(1, "ready", 0)}, now=0.0, duration=1.0)
    midway = glides.rect_at(1, 0.5)
    glides.follow({1: token(1, "running", 0)}, now=0.5, duration=1.0)
    assert glides.rect_at(1, 0.5) == midway  # no jump
    assert glides.glide(1).start == midway
    assert glides.rect_at(1, 1.5) == slot_rect("running", 0)


def test_unchanged_tokens_keep_their_place_and_their_animation() -> None:
    glides = TokenGlides()
    board = {1: token(1, "io", 0), 2: token(2, "io", 1), 3: token(3, "timer", 0)}
    glides.follow(board, now=0.0, duration=1.0)
    glides.follow({**board, 3: token(3, "ready", 0)}, now=1.0, duration=1.0)
    gliding = glides.glide(3)
    before = {s: glides.glide(s) for s in (1, 2)}
    # Token 2 moves; 1 and 3 keep the very same animation (3's glide is not restarted).
    glides.follow({1: board[1], 2: token(2, "ready", 1), 3: token(3, "ready", 0)},
                  now=1.5, duration=1.0)
    assert glides.glide(1) is before[1] and glides.glide(3) is gliding
    assert all(glides.rect_at(1, t) == slot_rect("io", 0) for t in (1.5, 2.0, 9.0))
    assert glides.glide(2).start == slot_rect("io", 1) and glides.glide(2).t0 == 1.5


def test_tokens_leaving_the_board_are_forgotten_and_order_is_arrival_order() -> None:
    glides = TokenGlides()
    glides.follow({3: token(3, "io", 0), 1: token(1, "io", 1)}, now=0.0, duration=1.0)
    glides.follow({1: token(1, "io", 0), 5: token(5, "io", 1)}, now=1.0, duration=1.0)
    assert list(glides) == [1, 5] and 3 not in glides and len(glides) == 2


def test_the_token_under_a_point_is_found_where_it_is_drawn_at_that_instant() -> None:
    glides = TokenGlides()
    glides.follow({1: token(1, "io", 0)}, now=0.0, duration=1.0)
    glides.follow({1: token(1, "ready", 0)}, now=0.0, duration=1.0)
    io, ready = slot_rect("io", 0), slot_rect("ready", 0)
    assert glides.token_at(io.x + 1, io.y + 1, now=0.0) == 1
    assert glides.token_at(io.x + 1, io.y + 1, now=1.0) is None
    assert glides.token_at(ready.x + ready.w, ready.y + ready.h, now=1.0) == 1  # the edge


# -- wake-up arrows ------------------------------------------------------------------------------
def test_a_wake_arrow_runs_from_its_fd_row_to_the_token_and_fades_out() -> None:
    rows = [FdRow(3, 1, "a", 0, False), FdRow(9, 1, "b", 1, False)]
    target = slot_rect("ready", 2)
    shape = wake_arrow_shape(Arrow("fd", 9, 4), rows, {4: target}, now=0.0)
    assert shape is not None
    row = fd_row_rect(1)
    assert shape.source == Point(row.x + row.w, row.y + row.h / 2)
    assert shape.tip == Point(target.x + 6, target.y + target.h / 2)
    assert shape.control.y < min(shape.source.y, shape.tip.y)  # it arcs over the tokens
    assert shape.opacity(0.0) == 1.0 and shape.alive(0.0)
    end = ARROW_MS / 1000
    assert shape.opacity(end) == 0.0 and not shape.alive(end)
    # An fd no longer listed starts at the kernel's edge; no token, no arrow.
    assert wake_arrow_shape(Arrow("fd", 42, 4), rows, {4: target}, 0.0) is not None
    assert wake_arrow_shape(Arrow("fd", 9, 5), rows, {4: target}, 0.0) is None


def test_a_task_woken_by_a_task_gets_an_arrow_from_the_waker_token() -> None:
    waker, woken = slot_rect("running", 0), slot_rect("ready", 0)
    shape = wake_arrow_shape(Arrow("task", 1, 2), [], {1: waker, 2: woken}, 0.0)
    assert shape is not None and shape.source == Point(waker.x + waker.w, waker.y + 11)


def arrow(n: int) -> WakeArrow:
    return WakeArrow(n, Point(n, 0), Point(n, -30), Point(0, 0), fade_out(0.0, 1.0))


def test_the_same_wake_up_again_renews_its_arrow_and_the_oldest_go_past_the_limit() -> None:
    arrows = [arrow(n) for n in range(3)]
    again = arrow(1)
    assert with_arrow(arrows, again) == [arrows[0], arrows[2], again]
    many: list[WakeArrow] = []
    for n in range(3 * MAX_ARROWS):
        many = with_arrow(many, arrow(n))
    assert many == [arrow(n) for n in range(2 * MAX_ARROWS, 3 * MAX_ARROWS)]


# -- events played one by one --------------------------------------------------------------------
def test_played_events_share_one_move_and_the_newest_is_due_one_move_after_handover() -> None:
    queue = PlayQueue(max_behind=12)
    queue.add([4, 5, 6, 7], now=10.0, move=0.25)
    shown = [queue.pop(now) for now in (10.0, 10.0625, 10.125, 10.1875)]
    assert shown == [(4, 0.0625), (5, 0.0625), (6, 0.0625), (7, 0.0625)]
    assert len(queue) == 0


def test_a_late_timer_leaves_the_rest_less_time_never_more() -> None:
    queue = PlayQueue()
    queue.add([1, 2], now=0.0, move=0.5)
    assert queue.pop(0.0) == (1, 0.25)
    assert queue.pop(0.375) == (2, 0.125)  # fired late: only what is left of the move
    queue.add([3], now=1.0, move=0.5)
    assert queue.pop(2.0) == (3, 0.0)  # past due: no move at all


def test_the_queue_keeps_only_the_newest_events_and_renumbers_on_trim() -> None:
    queue = PlayQueue(max_behind=12)
    queue.add(list(range(100)), now=0.0, move=1.0)
    assert list(queue) == list(range(88, 100))
    queue.trim(90)
    assert list(queue) == list(range(0, 10))
    queue.add([], now=5.0, move=1.0)
    assert queue.due == 1.0  # nothing handed over: the due time stands
    queue.clear()
    assert not queue


def test_a_move_lasts_longer_in_slow_motion_and_not_at_all_unanimated() -> None:
    assert move_seconds(1.0) == MOVE_MS / 1000
    assert move_seconds(2.0) == 2 * MOVE_MS / 1000
    assert move_seconds(1.0, animated=False) == 0.0
    assert board_motion.LIVE_MOVE_MS < MOVE_MS
