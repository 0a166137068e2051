"""The board, driven by recorded runs event by event (animations off: deterministic)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.model import board as bm
from app.model import board_layout as bl
from app.model.animation import fade_out
from app.model.board_motion import WakeArrow
from app.model.reducer import Reducer
from app.trace.events import Cause, Ev, mask_text
from app.trace.store import EventStore
from app.trace.text import Describer
from app.views.board import MAX_ARROWS, MAX_BEHIND, MOVE_MS, ArrowSprite, BoardView
from app.views.state_view import StateView
from tests.support.python_entries import entries_while_qt_runs
from tests.support.traces import record, serial_of, task_sequence

AREA_OF_TOKEN = {"spawned": None, "running": "running", "done(ok)": "done"}


def expected_area(token: str) -> str | None:
    if token.startswith("ready("):
        return "ready"
    if token.startswith("registered(fd-"):
        return "io"
    if token.startswith("registered(timer"):
        return "timer"
    if token.startswith(("registered(future", "registered(task")):
        return "waiting"
    if token.startswith("registered(thread"):
        return "thread"
    return AREA_OF_TOKEN.get(token, "done")


def recorded(main: Any) -> tuple[EventStore, Reducer, Any, list[Any]]:
    _, events, rec = record(main)
    store = EventStore(rec.strings, rec.tasks)
    store.append([(e.seq, e.ts, int(e.kind), e.task, e.a, e.b, e.c) for e in events])
    reducer = Reducer(store)
    reducer.apply()
    return store, reducer, rec, events


@pytest.fixture
def board(qtbot: QtBot) -> BoardView:
    view = BoardView()
    view.animations = False
    qtbot.addWidget(view)
    view.resize(1100, 620)
    view.show()
    return view


async def echo(fds: dict[int, int]) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while line := await reader.readline():
            writer.write(line)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    fds[-1] = server.sockets[0].fileno()
    port = server.sockets[0].getsockname()[1]

    async def client(i: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        fds[i] = writer.get_extra_info("socket").fileno()
        for _ in range(2):
            writer.write(b"ping\n")
            await writer.drain()
            await reader.readline()
            await asyncio.sleep(0.002)
        writer.close()
        await writer.wait_closed()

    await asyncio.gather(*(asyncio.create_task(client(i), name=f"client-{i}")
                           for i in range(3)))
    server.close()
    await server.wait_closed()


def walk(board: BoardView, store: EventStore, reducer: Reducer) -> list[tuple[int, Any]]:
    """Show every event in turn; return (index, board model) after each."""
    describer = Describer(store.strings, store.task_name, "epoll")
    board.play([], reducer.state_at, store, describer)
    models = []
    for i in range(len(store)):
        board.show_index(i)
        models.append((i, board.model))
    return models


def test_each_token_moves_through_the_areas_its_events_say(qtbot: QtBot,
                                                           board: BoardView) -> None:
    fds: dict[int, int] = {}
    store, reducer, rec, events = recorded(lambda: echo(fds))
    models = walk(board, store, reducer)
    for name in ("client-0", "client-1", "client-2"):
        serial = serial_of(rec, name)
        seen: list[str] = []
        for _, model in models:
            token = model.tokens.get(serial)
            area = token.area if token else None
            if area is not None and (not seen or seen[-1] != area):
                seen.append(area)
        wanted: list[str] = []
        for token in task_sequence(rec, events, serial):
            area = expected_area(token)
            if area is not None and (not wanted or wanted[-1] != area):
                wanted.append(area)
        assert seen == wanted, name
        assert "io" in seen and "timer" in seen and seen[-1] == "done"


def test_kernel_interest_list_and_fd_rows(qtbot: QtBot, board: BoardView) -> None:
    fds: dict[int, int] = {}
    store, reducer, _rec, events = recorded(lambda: echo(fds))
    models = walk(board, store, reducer)
    self_pipe = next(e.a for e in events if e.kind == Ev.LOOP_INFO)
    # While the clients talk, the kernel's interest list holds the listener and each client.
    busiest = max((m for _, m in models), key=lambda m: len(m.fd_rows))
    rows = {row.fd: row for row in busiest.fd_rows}
    assert {self_pipe, fds[-1], fds[0], fds[1], fds[2]} <= set(rows)
    assert rows[self_pipe].self_pipe and rows[self_pipe].mask == 1
    assert "_accept_connection" in rows[fds[-1]].owner
    # At every FD_EVENT, the fd's row is marked as returned by the wait once POLL_END is in.
    fired = [i for i, e in enumerate(events) if e.kind == Ev.FD_EVENT and e.a == fds[1]]
    assert fired
    model = models[fired[0]][1]
    assert any(row.fd == fds[1] and row.fired for row in model.fd_rows)


def test_ready_queue_order_is_fifo(qtbot: QtBot, board: BoardView) -> None:
    async def main() -> None:
        async def worker() -> None:
            await asyncio.sleep(0)

        tasks = [asyncio.create_task(worker(), name=n) for n in ("first", "second", "third")]
        await asyncio.gather(*tasks)

    store, reducer, rec, events = recorded(main)
    walk(board, store, reducer)
    third_ready = next(i for i, e in enumerate(events) if e.kind == Ev.TASK_READY
                       and e.task == serial_of(rec, "third"))
    board.show_index(third_ready)
    assert board.ready_order() == [serial_of(rec, n) for n in ("first", "second", "third")]
    assert [bl.slot_rect("ready", s).y for s in range(3)] == sorted(
        bl.slot_rect("ready", s).y for s in range(3))


def test_captions_name_the_four_steps_and_arrows_start_at_the_cause(
        qtbot: QtBot, board: BoardView) -> None:
    fds: dict[int, int] = {}
    store, reducer, rec, events = recorded(lambda: echo(fds))
    describer = Describer(store.strings, store.task_name, "epoll")
    board.play([], reducer.state_at, store, describer)
    register = next(i for i, e in enumerate(events) if e.kind == Ev.FD_REGISTER
                    and e.a == fds[-1])
    board.show_index(register)
    assert board.caption.text.startswith("① register")
    assert f"register fd {fds[-1]} for read" in board.caption.text
    # No peer recorded its I/O here: ② happened in the kernel, said inside ③'s caption.
    returned = next(i for i, e in enumerate(events) if e.kind == Ev.FD_EVENT and e.a == fds[1])
    board.show_index(returned)
    assert board.caption.text.startswith("③ harvest — the kernel had marked the fd ready "
                                         "while the loop was blocked (② fire)")
    assert board.caption.text.endswith(f"epoll_wait returned fd {fds[1]}: readable") \
        or board.caption.text.endswith(f"epoll_wait returned fd {fds[1]}: writable")
    assert board.caption_step == 2
    harvest = next(i for i in range(returned, -1, -1) if events[i].kind == Ev.POLL_END)
    board.show_index(harvest)
    assert board.caption.text.startswith("③ harvest")
    client = serial_of(rec, "client-1")
    wake = next(i for i, e in enumerate(events) if e.kind == Ev.TASK_READY and e.task == client
                and e.a == Cause.FD)
    board.show_index(wake)
    # The unit so far: the fd's callback runs (④), and the task it wakes joins the queue.
    first, second = board.caption.text.split("\n")
    assert first.startswith("④ handle — the fd's callback runs: ")
    assert second.startswith("The task the fd woke joins the ready queue")
    assert "client-1 → ready queue: fd" in second
    assert board.area_of(client) == "ready"
    arrow = board.add_arrow(wake)
    assert arrow is not None
    row = next(r for r, fd_row in enumerate(board.model.fd_rows) if fd_row.fd == events[wake].b)
    rect = bl.fd_row_rect(row)
    assert (arrow.source.x(), arrow.source.y()) == (rect.x + rect.w, rect.y + rect.h / 2)
    target = bl.slot_rect("ready", board.model.tokens[client].slot)
    assert (arrow.target.x(), arrow.target.y()) == (target.x + 6, target.y + target.h / 2)
    runs = next(i for i in range(wake, len(events)) if events[i].kind == Ev.STEP_BEGIN
                and events[i].task == client)
    board.show_index(runs)
    assert board.caption.text.startswith("④ handle — the task the fd woke runs: client-1")
    # The same wake-up again renews its arrow (a live loop repeats itself); never more than
    # MAX_ARROWS at once, the newest kept.
    board.animations = True  # (with animations off, arrows vanish at once)
    again = board.add_arrow(wake)
    assert board.arrows.count(again) == 1 and arrow not in board.arrows
    for _ in range(3 * MAX_ARROWS):
        source, tip = bl.Point(len(board.arrows), 0), bl.Point(0, 0)
        board.arrows.append(ArrowSprite(WakeArrow(0, source, source, tip,
                                                  fade_out(board.clock(), 1.0)), QColor("red")))
    newest = board.add_arrow(wake)
    assert len(board.arrows) == MAX_ARROWS and board.arrows[-1] is newest


def test_a_thousand_tasks_group_into_counted_chips(qtbot: QtBot, board: BoardView) -> None:
    async def main() -> None:
        async def sleeper(i: int) -> None:
            await asyncio.sleep(0.05 + i * 1e-5)

        await asyncio.gather(*(asyncio.create_task(sleeper(i)) for i in range(1000)))

    store, reducer, _rec, events = recorded(main)
    describer = Describer(store.strings, store.task_name, "epoll")
    armed = max(i for i, e in enumerate(events) if e.kind == Ev.TIMER_ADDED)
    last_arm = next(i for i in range(armed, len(events)) if events[i].kind == Ev.STEP_END)
    board.show_state(reducer.state_at(last_arm + 1), store, describer)
    assert board.model.counts["timer"] == 1000
    cap = bl.capacity("timer")
    chip = board.model.chips["timer"]
    assert chip.count == 1000 - (cap - 1)
    assert board.chips["timer"].text == f"+ {chip.count} more"
    timer_tokens = [t for t in board.model.tokens.values() if t.area == "timer"]
    assert len(timer_tokens) == cap - 1
    # Soonest deadline first.
    deadlines = [reducer.state_at(last_arm + 1).tasks[t.serial].wait_detail
                 for t in sorted(timer_tokens, key=lambda t: t.slot)]
    assert deadlines == sorted(deadlines)


def test_clicking_a_token_selects_its_task(qtbot: QtBot, board: BoardView) -> None:
    store, reducer, _rec, _ = recorded(lambda: echo({}))
    describer = Describer(store.strings, store.task_name, "epoll")
    board.show_state(reducer.state(), store, describer)
    serial = next(iter(board.glides))
    at = board.glides.rect_at(serial, board.clock())
    with qtbot.waitSignal(board.task_selected) as blocker:
        point = board.mapFromScene(at.x + 20, at.y + 10)
        qtbot.mouseClick(board.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [serial]
    assert board.selected == serial


def test_a_board_repaint_enters_python_once(qtbot: QtBot, board: BoardView) -> None:
    # The board's one painted item is drawn inside the view's own (Python) event handler,
    # so a repaint takes the GIL once even while an observed task computes.
    fds: dict[int, int] = {}
    store, reducer, _, _ = recorded(lambda: echo(fds))
    board.show_state(reducer.state(), store, Describer(store.strings, store.task_name, "epoll"))
    qtbot.waitExposed(board)
    qtbot.wait(50)
    board.viewport().update()
    entered, nested = entries_while_qt_runs(100)
    assert nested["BoardItem.paint"] >= 1
    assert "BoardItem.paint" not in entered
    assert {"GilHeldEvents.event", "GilHeldEvents.viewportEvent"} & set(entered)


def test_played_events_never_queue_far_behind_and_end_on_the_newest(
        qtbot: QtBot, board: BoardView) -> None:
    fds: dict[int, int] = {}
    store, reducer, _, _ = recorded(lambda: echo(fds))
    board.animations = True  # real pacing: a move takes MOVE_MS, less when events wait
    describer = Describer(store.strings, store.task_name, "epoll")
    board.play(list(range(len(store))), reducer.state_at, store, describer)
    assert len(board._queue) <= MAX_BEHIND  # the older ones were skipped
    # Catching up takes about 2 s (shorter moves the more wait); only never ending fails.
    qtbot.waitUntil(lambda: not board.playing(), timeout=15_000)
    assert board.shown[-1] == len(store) - 1
    assert list(board.shown)[-MAX_BEHIND:] == list(range(len(store) - MAX_BEHIND, len(store)))


def test_the_running_area_is_empty_when_nothing_runs(qtbot: QtBot, board: BoardView) -> None:
    fds: dict[int, int] = {}
    store, reducer, _, _ = recorded(lambda: echo(fds))
    board.play([], reducer.state_at, store, Describer(store.strings, store.task_name, "epoll"))
    idle = callbacks = 0
    for i in range(len(store)):
        board.show_index(i)
        running = reducer.state_at(i + 1).running
        if running is None:
            assert board.running_text.text == "", i
            idle += 1
        elif not running[0]:  # a callback runs: named there
            assert board.running_text.text.startswith("callback "), i
            callbacks += 1
    assert idle > 10 and callbacks > 3


def test_every_how_long_on_the_board_has_a_unit_even_at_zero(qtbot: QtBot,
                                                             board: BoardView) -> None:
    fds: dict[int, int] = {}
    store, reducer, _, _ = recorded(lambda: echo(fds))
    describer = Describer(store.strings, store.task_name, "epoll")
    begins = [i for i in range(len(store)) if store.kind[i] == Ev.POLL_BEGIN]
    state = reducer.state_at(begins[-1] + 1)  # the recorded instant the last wait began
    model = bm.layout(state, store, describer)
    assert model.blocked and model.waited_ns == 0
    assert model.wait_text.endswith(" for 0 ms")
    spawned = next(i for i in range(len(store)) if store.kind[i] == Ev.TASK_SPAWNED)
    ready = bm.layout(reducer.state_at(spawned + 2), store, describer)
    assert any(token.detail.endswith(" · for 0 ms") for token in ready.tokens.values())
    assert not [token.detail for token in ready.tokens.values()
                if token.detail.endswith(" 0")]


def test_a_new_recording_forgets_the_last_ones_caption_and_arrows(qtbot: QtBot,
                                                                  board: BoardView) -> None:
    # A reset or an opened session starts a new recording: no sentence or arrow about an
    # event of the old one may stay on the board (an opened session sends no later event).
    fds: dict[int, int] = {}
    store, reducer, _rec, events = recorded(lambda: echo(fds))
    describer = Describer(store.strings, store.task_name, "epoll")
    board.animations = True  # (with animations off, arrows vanish at once)
    board.play([], reducer.state_at, store, describer)
    wake = next(i for i, e in enumerate(events) if e.kind == Ev.TASK_READY and e.a == Cause.FD)
    board.show_index(wake)
    assert board.caption.text and board.arrows
    board.stop()
    fresh = EventStore(store.strings, store.tasks)
    board.show_state(Reducer(fresh).state(), fresh, describer)
    assert board.caption.text == "" and board.caption_step == -1
    assert board.arrows == [] and board.running_text.text == ""


def test_the_newest_event_handed_over_is_shown_within_one_move(
        qtbot: QtBot, board: BoardView, monkeypatch: pytest.MonkeyPatch) -> None:
    # A stepped unit's events (and the last live batch when the user pauses) reach the board
    # together while the log and the status bar show them at once: the board plays them one
    # by one, all within the time of one move, so that it never shows a state the loop has
    # left for longer than that. Checked on the intervals the board asks its timer for
    # (they sum to at most one move, however late the timer fires), not on the clock.
    fds: dict[int, int] = {}
    store, reducer, _, _ = recorded(lambda: echo(fds))
    board.animations = True
    describer = Describer(store.strings, store.task_name, "epoll")
    intervals: list[int] = []
    start = board._play_timer.start
    monkeypatch.setattr(board._play_timer, "start",
                        lambda ms: (intervals.append(ms), start(ms))[1])
    unit = [4, 5, 6, 7]
    board.play(unit, reducer.state_at, store, describer)
    qtbot.waitUntil(lambda: not board.playing(), timeout=5000)
    assert list(board.shown) == unit
    assert len(intervals) == len(unit) - 1 and sum(intervals) <= MOVE_MS
    intervals.clear()
    board.play(list(range(100, 100 + 3 * MAX_BEHIND)), reducer.state_at, store, describer)
    qtbot.waitUntil(lambda: not board.playing(), timeout=5000)
    assert board.shown[-1] == 100 + 3 * MAX_BEHIND - 1
    assert sum(intervals) <= MOVE_MS
    # One event alone (→ while replaying) takes a whole move.
    moves: list[float | None] = []
    show_index = board.show_index
    monkeypatch.setattr(board, "show_index",
                        lambda i, duration=None: (moves.append(duration), show_index(i, duration)))
    board.play([200], reducer.state_at, store, describer)
    assert moves == [pytest.approx(MOVE_MS / 1000, rel=0.01)]


def test_the_kernel_box_never_says_nothing_returned_when_the_wait_returned_events(
        qtbot: QtBot, board: BoardView) -> None:
    # POLL_END records how many events the wait returned; the FD_EVENTs naming them follow.
    # At POLL_END (replayed or stepped), the wait did not time out.
    fds: dict[int, int] = {}
    store, reducer, _, events = recorded(lambda: echo(fds))
    describer = Describer(store.strings, store.task_name, "epoll")
    ends = [i for i, e in enumerate(events) if e.kind == Ev.POLL_END and e.a > 1]
    assert ends
    for i in ends:
        n = events[i].a
        text = bm.layout(reducer.state_at(i + 1), store, describer).wait_text
        assert text.startswith(f"last epoll_wait returned {n} event(s), named next, after "), i
        fired = [j for j in range(i + 1, len(events)) if events[j].kind == Ev.FD_EVENT][:n]
        first = bm.layout(reducer.state_at(fired[0] + 1), store, describer).wait_text
        fd, mask = events[fired[0]].a, events[fired[0]].b
        assert f"returned fd {fd} {mask_text(mask)}, … ({n} event(s)) after " in first, i
        last = bm.layout(reducer.state_at(fired[-1] + 1), store, describer).wait_text
        named = ", ".join(f"fd {events[j].a} {mask_text(events[j].b)}" for j in fired)
        assert last.startswith(f"last epoll_wait returned {named} after "), i
    lists = StateView()  # (State as lists says the same)
    qtbot.addWidget(lists)
    lists.show_state(reducer.state_at(ends[0] + 1), store, "epoll")
    assert lists.sections["kernel"].child(0).text(0) == bm.layout(
        reducer.state_at(ends[0] + 1), store, describer).wait_text
    timeouts = [i for i, e in enumerate(events) if e.kind == Ev.POLL_END and e.a == 0]
    assert timeouts and "returned nothing (timeout)" in bm.layout(
        reducer.state_at(timeouts[0] + 1), store, describer).wait_text
