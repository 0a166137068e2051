"""Where the board puts things: areas, slots, rows, chips and notes, without Qt.

Exact scene coordinates where the arithmetic is the contract (a slot's place, the wrap to the
next row); properties where the contract is a rule (inside its area, no overlap, the same place
for the same task).
"""

from __future__ import annotations

from itertools import combinations

import pytest

from app.model import board as bm
from app.model.board_layout import (
    AREAS,
    CAPTION_RECT,
    GAP,
    HEADER_H,
    SCENE_H,
    SCENE_W,
    TOKEN_AREAS,
    TOKEN_H,
    TOKEN_W,
    Rect,
    arrange,
    arrange_fd_rows,
    capacity,
    chip_rect,
    done_note_rect,
    fd_row_capacity,
    fd_row_rect,
    grid,
    kernel_wait_rect,
    ready_note_rect,
    running_note_rect,
    slot_rect,
    token_parts,
)
from app.model.state import (
    DONE,
    READY,
    REGISTERED,
    RUNNING,
    FdInfo,
    PollInfo,
    SchedulerState,
    TaskState,
)
from app.trace.events import Outcome, Wait
from app.trace.store import EventStore
from app.trace.text import Describer


def inside(inner: Rect, outer: Rect) -> bool:
    return (outer.x <= inner.x and inner.x + inner.w <= outer.x + outer.w
            and outer.y <= inner.y and inner.y + inner.h <= outer.y + outer.h)


# -- the scene -----------------------------------------------------------------------------------
def test_the_areas_and_the_caption_fit_the_scene_and_never_overlap() -> None:
    scene = Rect(0, 0, SCENE_W, SCENE_H)
    boxes = [*AREAS.values(), CAPTION_RECT]
    assert all(inside(box, scene) for box in boxes)
    assert not [(a, b) for a, b in combinations(boxes, 2) if a.overlaps(b)]


def test_grids_and_capacities() -> None:
    assert {area: grid(area) for area in TOKEN_AREAS} == {
        "io": (2, 3), "timer": (2, 4), "waiting": (2, 4), "thread": (2, 2),
        "ready": (1, 19), "running": (1, 3), "done": (1, 14)}
    assert capacity("io") == 6 and capacity("ready") == 19


def test_slots_fill_row_by_row_and_wrap() -> None:
    io = AREAS["io"]
    assert slot_rect("io", 0) == Rect(io.x + GAP, io.y + HEADER_H, TOKEN_W, TOKEN_H)
    assert slot_rect("io", 0) == Rect(280, 32, 196, 22)
    assert slot_rect("io", 1) == Rect(480, 32, 196, 22)  # the next column
    assert slot_rect("io", 2) == Rect(280, 58, 196, 22)  # wraps to the next row
    # One column: the ready queue runs down, head first.
    assert [slot_rect("ready", s).y for s in range(4)] == [32, 58, 84, 110]


# -- N tokens in an area -------------------------------------------------------------------------
@pytest.mark.parametrize("area", TOKEN_AREAS)
@pytest.mark.parametrize("extra", [-1, 0, 1, 2, 1000])
def test_n_tokens_fit_their_area_without_overlapping(area: str, extra: int) -> None:
    count = max(0, capacity(area) + extra)
    shown, more = arrange(area, count)
    assert shown + more == count
    boxes = [slot_rect(area, s) for s in range(shown)]
    if more:
        boxes.append(chip_rect(area, shown))
    assert all(inside(box, AREAS[area]) for box in boxes), area
    assert not [(a, b) for a, b in combinations(boxes, 2) if a.overlaps(b)], area


@pytest.mark.parametrize("area", TOKEN_AREAS)
def test_an_area_overflows_into_one_counted_chip_in_its_last_slot(area: str) -> None:
    cap = capacity(area)
    assert arrange(area, 0) == (0, 0)
    assert arrange(area, cap) == (cap, 0)  # full, no chip
    assert arrange(area, cap + 1) == (cap - 1, 2)  # the chip takes the last slot
    assert arrange(area, 1000) == (cap - 1, 1000 - (cap - 1))


def test_the_parts_of_a_token_stay_inside_it() -> None:
    slot = slot_rect("timer", 3)
    parts = token_parts(slot)
    assert parts.body == Rect(slot.x + 1, slot.y + 1, slot.w - 2, slot.h - 2)
    assert inside(parts.icon, parts.body) and inside(parts.label, parts.body)
    assert not parts.icon.overlaps(parts.label)


# -- the kernel area and the notes ---------------------------------------------------------------
def test_fd_rows_and_their_overflow_line_stay_inside_the_kernel_area() -> None:
    kernel = AREAS["kernel"]
    cap = fd_row_capacity()
    assert arrange_fd_rows(0) == (0, 0)
    assert arrange_fd_rows(cap) == (cap, 0)
    assert arrange_fd_rows(cap + 5) == (cap - 1, 6)  # "… 6 more fds" in the last row
    rows = [kernel_wait_rect(), *(fd_row_rect(r) for r in range(cap))]
    assert all(inside(row, kernel) for row in rows)
    assert not [(a, b) for a, b in combinations(rows, 2) if a.overlaps(b)]


def test_notes_sit_at_the_foot_of_their_area_below_the_tokens() -> None:
    for note, area in ((running_note_rect(), "running"), (ready_note_rect(), "ready"),
                       (done_note_rect(), "done")):
        assert inside(note, AREAS[area])
    assert not running_note_rect().overlaps(slot_rect("running", 0))
    # Below every token the ready queue and the done area show (and a full queue's chip).
    assert not [s for s in range(capacity("ready"))
                if ready_note_rect().overlaps(slot_rect("ready", s))]
    assert not [s for s in range(bm.RECENT_DONE)
                if done_note_rect().overlaps(slot_rect("done", s))]


# -- the board model laid out from a scheduler state ---------------------------------------------
NOW = 10_000_000_000
FIELDS = len(TaskState._fields)


def task(serial: int, state: int, since: int = 0, wait: int = Wait.TASK,
         wait_detail: int = 0) -> TaskState:
    blank = TaskState._make([0] * FIELDS)
    return blank._replace(serial=serial, state=state, since=since, wait=wait,
                          wait_detail=wait_detail, outcome=Outcome.OK, queued=-1,
                          step_start=since)


def scheduler(tasks: list[TaskState], ready: list[int] | None = None,
              fds: int = 0) -> SchedulerState:
    return SchedulerState(
        index=1, ts=NOW, tasks={t.serial: t for t in tasks},
        ready=[(True, s) for s in (ready or [])], callbacks={}, timers={},
        fds={fd: FdInfo(1, 0, 0) for fd in range(3, 3 + fds)},
        poll=PollInfo(0, -1, 0, False, -1, 0, ()), running=None, running_name=0, outer=None,
        unit=0, unit_kind=0, loop=None, lost=0, thread_wakes=0)


def lay_out(state: SchedulerState, now: int = NOW) -> bm.BoardModel:
    store = EventStore()
    return bm.layout(state, store, Describer(store.strings, store.task_name, "epoll"), now)


def mixed(n: int) -> list[TaskState]:
    """``n`` tasks of each kind: fd readers, timers, waiters, thread waiters, ready, done."""
    tasks: list[TaskState] = []
    for i in range(n):
        base = 100 * (i + 1)
        tasks += [
            task(base + 1, REGISTERED, wait=Wait.FD_READ, wait_detail=3 + i),
            task(base + 2, REGISTERED, wait=Wait.TIMER, wait_detail=NOW + 1000 * (n - i)),
            task(base + 3, REGISTERED, wait=Wait.FUTURE, since=i),
            task(base + 4, REGISTERED, wait=Wait.THREAD, since=i),
            task(base + 5, READY, since=i),
            task(base + 6, DONE, since=i),
        ]
    return tasks


@pytest.mark.parametrize("n", [0, 1, 3, 5, 40])
def test_n_tasks_of_each_kind_get_their_areas_slots_and_chips(n: int) -> None:
    tasks = mixed(n)
    model = lay_out(scheduler(tasks, ready=[t.serial for t in tasks if t.state == READY]))
    for area in ("io", "timer", "waiting", "thread", "ready"):
        assert model.counts[area] == n, area
        shown, more = arrange(area, n)
        in_area = sorted(t.slot for t in model.tokens.values() if t.area == area)
        assert in_area == list(range(shown)), area
        chip = model.chips.get(area)
        if more:
            assert chip is not None and (chip.slot, chip.count) == (shown, more), area
        else:
            assert chip is None, area
    assert model.counts["done"] == n
    rects = [slot_rect(t.area, t.slot) for t in model.tokens.values()]
    rects += [chip_rect(c.area, c.slot) for c in model.chips.values()]
    assert len(set(rects)) == len(rects)
    assert not [(a, b) for a, b in combinations(rects, 2) if a.overlaps(b)]


def test_timers_are_ordered_soonest_first_and_the_ready_queue_head_first() -> None:
    timers = [task(s, REGISTERED, wait=Wait.TIMER, wait_detail=NOW + d)
              for s, d in ((1, 300), (2, 100), (3, 200))]
    ready = [task(s, READY) for s in (7, 5, 6)]
    model = lay_out(scheduler(timers + ready, ready=[7, 5, 6]))
    by_slot = sorted(model.tokens.values(), key=lambda t: (t.area, t.slot))
    assert [t.serial for t in by_slot if t.area == "timer"] == [2, 3, 1]
    assert [t.serial for t in by_slot if t.area == "ready"] == [7, 5, 6]


def test_unchanged_tasks_keep_their_slot_when_another_task_moves() -> None:
    io = [task(s, REGISTERED, wait=Wait.FD_READ, wait_detail=s) for s in (1, 2, 3)]
    before = lay_out(scheduler(io))
    # Task 3 (the last I/O waiter) becomes ready: 1 and 2 stay exactly where they were.
    after = lay_out(scheduler([io[0], io[1], task(3, READY)], ready=[3]))
    for serial in (1, 2):
        assert (after.tokens[serial].area, after.tokens[serial].slot) == \
            (before.tokens[serial].area, before.tokens[serial].slot)
    assert (after.tokens[3].area, after.tokens[3].slot) == ("ready", 0)
    # A task joining the queue's tail moves nobody.
    longer = lay_out(scheduler([io[0], io[1], task(3, READY), task(4, READY)], ready=[3, 4]))
    assert {s: (t.area, t.slot) for s, t in longer.tokens.items() if s != 4} == \
        {s: (t.area, t.slot) for s, t in after.tokens.items()}


def test_the_layout_is_a_function_of_the_state_and_the_time_passed_in() -> None:
    state = scheduler([task(1, REGISTERED, wait=Wait.FUTURE, since=NOW - 2_000_000),
                       task(2, RUNNING, since=NOW)], fds=2)
    assert lay_out(state) == lay_out(state)
    later = lay_out(state, NOW + 3_000_000)
    assert later.tokens[1].detail.endswith("· for 5.00 ms")
    assert lay_out(state).tokens[1].detail.endswith("· for 2.00 ms")
    assert (later.tokens[1].area, later.tokens[1].slot) == ("waiting", 0)


def test_a_step_running_past_the_threshold_turns_the_running_slot_alarming() -> None:
    state = scheduler([task(1, RUNNING, since=NOW)])
    assert not lay_out(state, NOW).running_alarm
    assert lay_out(state, NOW + bm.SLOW_STEP_NS + 1).running_alarm
