"""The board following a live loop stays readable: tokens never overlap (at any window size,
at any instant of their glides), and only the newest few wake-up arrows are drawn, the older
fainter. A thousand real tasks, recorded; the board's clock is the test's (exact instants)."""

from __future__ import annotations

import asyncio
from itertools import combinations, pairwise
from typing import Any

import pytest
from PySide6.QtCore import QRectF
from pytestqt.qtbot import QtBot

from app.model import board_layout as bl
from app.model.board_motion import LIVE_MOVE_MS
from app.model.reducer import Reducer
from app.model.state import READY
from app.trace.events import Ev
from app.trace.store import EventStore
from app.trace.text import Describer
from app.views.board import MAX_ARROWS, BoardView
from tests.model.test_board_layout import scheduler, task
from tests.support.traces import record

TASKS = 1000


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def thousand() -> tuple[EventStore, Describer, int]:
    """A thousand tasks sleeping in turn, three rounds each (as the timers sample): the
    store, a describer, and the index after the last sleeper was spawned."""
    async def main() -> None:
        async def sleeper(i: int) -> None:
            for _ in range(3):
                await asyncio.sleep(0.001 + (i % 50) * 1e-4)

        await asyncio.gather(*(asyncio.create_task(sleeper(i), name=f"sleeper-{i}")
                               for i in range(TASKS)))

    _, events, rec = record(main)
    store = EventStore(rec.strings, rec.tasks)
    store.append([(e.seq, e.ts, int(e.kind), e.task, e.a, e.b, e.c) for e in events])
    spawned = [i for i, e in enumerate(events) if e.kind == Ev.TASK_SPAWNED]
    return store, Describer(store.strings, store.task_name, "epoll"), spawned[TASKS] + 1


@pytest.fixture
def live(qtbot: QtBot) -> tuple[BoardView, Clock]:
    clock = Clock()
    view = BoardView(clock=clock)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    return view, clock


def frames(store: EventStore, start: int, batch: int) -> list[tuple[int, int]]:
    return [(i, min(i + batch, len(store))) for i in range(start, len(store), batch)]


def drawn_rects(board: BoardView, now: float) -> list[bl.Rect]:
    glides = board.glides
    return [glides.rect_at(s, now) for s in glides if glides.shown(s, now)] + \
        [bl.chip_rect(c.area, c.slot) for c in board.model.chips.values()]


def overlapping(rects: list[Any]) -> list[tuple[Any, Any]]:
    return [(a, b) for a, b in combinations(rects, 2) if a.overlaps(b)]


def test_live_tokens_never_overlap_at_any_instant_of_their_glides(
        live: tuple[BoardView, Clock], thousand: tuple[EventStore, Describer, int]) -> None:
    board, clock = live
    store, describer, warm = thousand
    reducer = Reducer(store)
    for start, end in frames(store, warm, 300):
        reducer.apply_until(end)
        board.show_live(reducer.state(), store, describer, start, end)
        assert board.model.counts["timer"] + board.model.counts["ready"] <= TASKS
        for look in range(4):  # a frame every 33 ms, looked at every 11 ms
            assert not overlapping(drawn_rects(board, clock.now)), (start, clock.now)
            clock.now += 0.011
            if look == 1:  # the window's clock refresh lays it out again, moves as jumps
                reducer.apply_until(min(end + 100, len(store)))
                board.show_state(reducer.state(), store, describer, duration=0.0)
    assert board.model.counts["done"] == TASKS + 3  # the run was followed to its end


@pytest.mark.parametrize("size", [(1400, 900), (700, 450), (1800, 500), (420, 900)])
def test_tokens_never_overlap_at_any_window_size(
        live: tuple[BoardView, Clock], thousand: tuple[EventStore, Describer, int],
        size: tuple[int, int], qtbot: QtBot) -> None:
    board, clock = live
    store, describer, warm = thousand
    reducer = Reducer(store)
    reducer.apply_until(warm + 2000)  # a thousand tasks: timers, the ready queue, running
    board.show_live(reducer.state(), store, describer, warm, warm + 2000)
    clock.now += LIVE_MOVE_MS / 1000
    board.resize(*size)
    qtbot.wait(1)  # the resize event fits the scene to the new size
    assert len(board.model.tokens) >= 8
    on_screen = [board.mapFromScene(QRectF(r.x, r.y, r.w, r.h)).boundingRect()
                 for r in drawn_rects(board, clock.now)]
    assert all(r.width() > 0 and r.height() > 0 for r in on_screen)
    # Pixel rectangles of neighbours may share their border pixels (QRect.intersects counts
    # the edge): shrink each by a pixel, which a real overlap survives.
    assert not [(a, b) for a, b in combinations(on_screen, 2)
                if a.adjusted(1, 1, -1, -1).intersects(b.adjusted(1, 1, -1, -1))]


def test_at_most_the_newest_arrows_are_drawn_and_the_older_are_fainter(
        live: tuple[BoardView, Clock], thousand: tuple[EventStore, Describer, int]) -> None:
    board, clock = live
    store, describer, warm = thousand
    reducer = Reducer(store)
    most = 0
    for start, end in frames(store, warm, 150):
        reducer.apply_until(end)
        board.show_live(reducer.state(), store, describer, start, end)
        clock.now += 0.033
        drawn = board.drawn_arrows(clock.now)
        assert len(drawn) <= MAX_ARROWS
        alphas = [alpha for _, alpha in drawn]  # oldest first
        assert all(0 < a < b for a, b in pairwise(alphas)), alphas
        # Each points at its task's token where it is heading now.
        for arrow, _ in drawn:
            assert bl.arrow_tip(board.glides.target(arrow.shape.target)) == arrow.shape.tip
        most = max(most, len(drawn))
    assert most >= 3  # the test saw several arrows at once


def test_a_clock_refresh_between_live_frames_keeps_the_tokens_apart(
        live: tuple[BoardView, Clock]) -> None:
    # The window lays the board out again between live frames (duration 0: moves are jumps)
    # while the queue's tokens are still gliding up a slot.
    board, clock = live
    store = EventStore()
    describer = Describer(store.strings, store.task_name, "epoll")

    def queue(serials: range) -> Any:
        return scheduler([task(s, READY) for s in serials], ready=list(serials))

    board.show_live(queue(range(1, 11)), store, describer, 0, 0)
    clock.now += 0.033
    board.show_live(queue(range(2, 12)), store, describer, 0, 0)  # 2..10 glide up a slot
    assert not board.glides.glide(10).done(clock.now)
    clock.now += 0.011
    board.show_state(queue(range(2, 13)), store, describer, duration=0.0)
    for _ in range(100):
        assert not overlapping(drawn_rects(board, clock.now)), clock.now
        clock.now += 0.002
