"""The timeline view (pytest-qt, offscreen): the cursor line, clicks that move the cursor and
select tasks, following live, keys, collapsed lanes, a constant number of graphics items,
incremental pictures equal to whole ones, a peer's I/O painted, hovered and in the legend."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication

from app.model.lanes import POLL_BANDS, LaneKind, Style
from app.model.state import REGISTERED
from app.trace.events import Cause, Ev, Outcome, PeerAction, Record, TaskInfo, Wait
from app.trace.store import EventStore
from app.views.timeline import TimelineView
from app.views.timeline_palette import COLOURS
from tests.workloads.test_readiness_scenario import SKIP_OFF_LINUX, recorded

US = 1000  # ns


def synthetic_store(tasks: int = 6, rounds: int = 20, finish_first: int = 0) -> EventStore:
    """``tasks`` tasks stepping in turn between polls, 10 µs apart (timestamps strictly
    increasing); the first ``finish_first`` of them end after two rounds."""
    recs: list[Record] = []
    ts = 1_000_000_000

    def emit(kind: int, task: int = 0, a: int = 0, b: int = 0, c: int = 0) -> None:
        nonlocal ts
        ts += 10 * US
        recs.append((len(recs) + 1, ts, kind, task, a, b, c))

    emit(Ev.LOOP_INFO, 0, 3, 1, 4)
    for t in range(1, tasks + 1):
        emit(Ev.TASK_SPAWNED, t, 0, 0, 0)
        emit(Ev.TASK_READY, t, Cause.SPAWN, 0, 0)
    alive = list(range(1, tasks + 1))
    for r in range(rounds):
        emit(Ev.POLL_BEGIN, 0, 1_000_000, r + 1, 1)
        emit(Ev.POLL_END, 0, 1, 5 * US)
        emit(Ev.FD_EVENT, 0, 7, 1)
        for t in list(alive):
            emit(Ev.STEP_BEGIN, t, r + 1)
            if r == 1 and t <= finish_first:
                emit(Ev.STEP_END, t, Wait.DONE)
                emit(Ev.TASK_EXITED, t, Outcome.OK)
                alive.remove(t)
            else:
                emit(Ev.STEP_END, t, Wait.TIMER if t % 2 else Wait.FD_READ, 7, 0)
        for t in alive:
            emit(Ev.TASK_READY, t, Cause.TIMER, 1, 0)
    names = {t: TaskInfo(t, f"task-{t}", "work", "test.py:1", 0, False)
             for t in range(1, tasks + 1)}
    store = EventStore(strings=["", "epoll"], tasks=names)
    store.append(recs)
    return store


@pytest.fixture
def view(qtbot: object) -> TimelineView:
    widget = TimelineView()
    qtbot.addWidget(widget)  # type: ignore[attr-defined]
    widget.resize(1000, 600)
    widget.show()
    qtbot.waitExposed(widget)  # type: ignore[attr-defined]
    return widget


def feed(view: TimelineView, store: EventStore, batch: int = 50) -> None:
    for i in range(0, len(store), batch):
        view.extend_from(store, i, min(len(store), i + batch))
        view.redraw()
    QApplication.processEvents()


def viewport_pos(view: TimelineView, x: float, y: float) -> QPoint:
    scene = view.vb.mapViewToScene(QPointF(x, y))
    return view.plot.mapFromScene(scene)


def x_of(view: TimelineView, store: EventStore, index: int) -> float:
    return (int(store.ts[index]) - (view.data.t0 or 0)) / 1e9


def drag(view: TimelineView, start: QPoint, end: QPoint) -> None:
    """A left-button drag on the plot, as a user's (press, moves with the button held,
    release)."""
    viewport = view.plot.viewport()
    left = Qt.MouseButton.LeftButton
    none = Qt.MouseButton.NoButton
    mods = Qt.KeyboardModifier.NoModifier

    def send(kind: QEvent.Type, pos: QPoint, button: Qt.MouseButton,
             buttons: Qt.MouseButton) -> None:
        p = QPointF(pos)
        QApplication.sendEvent(viewport, QMouseEvent(kind, p, viewport.mapToGlobal(p), button,
                                                     buttons, mods))

    send(QEvent.Type.MouseButtonPress, start, left, left)
    for k in range(1, 11):
        p = start + (end - start) * k / 10
        send(QEvent.Type.MouseMove, p, none, left)
    send(QEvent.Type.MouseButtonRelease, end, left, none)
    QApplication.processEvents()


def test_set_cursor_moves_the_line(view: TimelineView) -> None:
    store = synthetic_store()
    feed(view, store)
    assert not view.cursor_line.isVisible()
    for index in (0, 37, len(store) - 1):
        view.set_cursor(index)
        assert view.cursor_line.isVisible()
        assert view.cursor_line.value() == pytest.approx(x_of(view, store, index))
    view.set_cursor(len(store) + 5)  # no such event: no line
    assert not view.cursor_line.isVisible()


def test_a_click_emits_the_nearest_event_and_selects_the_task(view: TimelineView,
                                                              qtbot: object) -> None:
    store = synthetic_store()
    feed(view, store)
    target = 60
    centre = x_of(view, store, target)
    view._set_x(centre - 50e-6, centre + 50e-6)  # 100 µs wide: ~0.1 µs a pixel
    view._after_user_range()
    # A point a third of the way to the next event: that event is the nearest.
    x = centre + (x_of(view, store, target + 1) - centre) / 3
    row = int(view._slot_row[view.data.slot(3)])  # task 3's lane
    pos = viewport_pos(view, x, row + 0.5)
    with qtbot.waitSignal(view.cursor_moved) as moved, \
            qtbot.waitSignal(view.task_selected) as selected:  # type: ignore[attr-defined]
        qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton,  # type: ignore
                         pos=pos)
    ts = (store.ts - view.data.t0) / 1e9
    x_clicked = view.vb.mapSceneToView(view.plot.mapToScene(pos)).x()
    assert moved.args == [int(np.argmin(np.abs(ts - x_clicked)))]
    assert moved.args == [target]
    assert selected.args == [3]
    assert view.cursor_line.value() == pytest.approx(x_of(view, store, target))
    # A click on a lane label selects its task too.
    row = int(view._slot_row[view.data.slot(5)])
    scene_y = view.vb.mapViewToScene(QPointF(0, row + 0.5)).y()
    label = view.plot.mapFromScene(QPointF(view.axis.sceneBoundingRect().center().x(), scene_y))
    with qtbot.waitSignal(view.task_selected) as selected:  # type: ignore[attr-defined]
        qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton,  # type: ignore
                         pos=label)
    assert selected.args == [5]


def test_follow_live_stops_on_a_user_pan_and_resumes(view: TimelineView, qtbot: object) -> None:
    store = synthetic_store(rounds=40)
    half = len(store) // 2
    view.extend_from(store, 0, half)
    view.redraw()
    view._auto_span, view._span = False, 0.002  # a window shorter than the recording
    view.redraw()
    assert view.follow_live and view.follow_button.isChecked()
    (x0, x1), _ = view.vb.viewRange()
    assert x0 < view.end_s() <= x1  # the live edge is in view
    # The user drags the picture to the right: back in time. Following stops...
    y = view.vb.viewRange()[1][0] + 2.5
    drag(view, viewport_pos(view, x0 + 0.3 * (x1 - x0), y),
         viewport_pos(view, x0 + 0.8 * (x1 - x0), y))
    assert not view.follow_live and not view.follow_button.isChecked()
    (b0, b1), _ = view.vb.viewRange()
    assert b1 < x1
    # ...and new events no longer move the window.
    view.extend_from(store, half, len(store))
    view.redraw()
    assert view.vb.viewRange()[0] == pytest.approx([b0, b1])
    # F resumes it: the newest events are in view again.
    view.plot.setFocus()
    qtbot.keyClick(view.plot, Qt.Key.Key_F)  # type: ignore[attr-defined]
    assert view.follow_live
    (x0, x1), _ = view.vb.viewRange()
    assert x0 < view.end_s() <= x1
    # The key A (pan back) stops it; the button resumes it.
    qtbot.keyClick(view.plot, Qt.Key.Key_A)  # type: ignore[attr-defined]
    assert not view.follow_live
    qtbot.mouseClick(view.follow_button, Qt.MouseButton.LeftButton)  # type: ignore
    assert view.follow_live and view.follow_button.isChecked()
    # Zooming while following zooms at the live edge: following goes on.
    span = view._span
    qtbot.keyClick(view.plot, Qt.Key.Key_W)  # type: ignore[attr-defined]
    assert view.follow_live and view._span == pytest.approx(span * 0.8, rel=0.01)
    (x0, x1), _ = view.vb.viewRange()
    assert x0 < view.end_s() <= x1


def test_stepping_the_cursor_back_keeps_it_in_view(view: TimelineView) -> None:
    store = synthetic_store(rounds=40)
    feed(view, store)
    view._auto_span, view._span = False, 0.001
    view.redraw()
    view.set_cursor(10)  # far before the live window
    assert not view.follow_live
    (x0, x1), _ = view.vb.viewRange()
    assert x0 <= x_of(view, store, 10) <= x1


def test_a_thousand_tasks_take_a_handful_of_items_and_finished_ones_collapse(
        view: TimelineView) -> None:
    items_before = len(view.plot.scene().items())
    store = synthetic_store(tasks=1000, rounds=6, finish_first=600)
    feed(view, store, batch=2000)
    view.fit_all()
    view.redraw()
    QApplication.processEvents()
    assert view.data.n_slots == 1000
    assert int((view._row_kind == LaneKind.TASK).sum()) == 1000  # all alive in the window
    # A window after the 600 ended: their lanes collapse into one counted row.
    (_x0, x1), _ = view.vb.viewRange()
    done = max(int(view.data.slot_done[i]) for i in range(600))
    start = (done - view.data.t0) / 1e9 + 1e-6
    view.follow_live = False
    view._set_x(start, x1)
    view.redraw()
    QApplication.processEvents()
    assert int((view._row_kind == LaneKind.TASK).sum()) == 400
    assert view._summary == (600, 0)
    assert "600 done earlier" in view._row_label(int(np.flatnonzero(view._row_kind == 0)[0]))
    # One graphics item paints every lane: the scene did not grow with the tasks.
    items = len(view.plot.scene().items())
    assert items == items_before and items <= 30
    view.grab()  # and it paints (all 1,000 rows when un-collapsed, too)
    view.collapse_box.setChecked(False)
    assert int((view._row_kind == LaneKind.TASK).sum()) == 1000
    view.set_lane_height(0.5)
    view.grab()
    assert len(view.plot.scene().items()) == items


def whole_picture(view: TimelineView) -> np.ndarray:
    """The picture drawn from scratch (then the view's incremental state is put back)."""
    pic = view.lanes_picture
    saved = (pic.previous, pic.offset, pic.pixels, pic.image, pic.frame_key)
    pic.previous = pic.frame_key = None
    view.plot.viewport().repaint()
    whole = view.picture()
    (pic.previous, pic.offset, pic.pixels, pic.image, pic.frame_key) = saved
    assert whole is not None
    return whole


@pytest.mark.parametrize("lane_px", [20.0, 0.4])
def test_incremental_pictures_equal_whole_ones(view: TimelineView, lane_px: float) -> None:
    # Following live, each picture is the previous one shifted by whole pixels plus a strip
    # rasterised anew; it must be exactly the picture drawn from scratch. (The synthetic
    # events are 10 µs apart: many bar edges fall exactly on pixel halves, the hard case.)
    store = synthetic_store(tasks=40 if lane_px > 1 else 1000, rounds=60 if lane_px > 1 else 8)
    view._auto_span, view._span = False, 0.004
    view.set_lane_height(lane_px)
    viewport = view.plot.viewport()
    turned = False
    for i in range(0, len(store), 40):
        view.extend_from(store, i, min(len(store), i + 40))
        view.redraw()
        viewport.repaint()
        turned = turned or view.lanes_picture.offset != 0  # the ring buffer turned
        if i % 200 == 0 or i + 40 >= len(store):
            assert np.array_equal(view.picture(), whole_picture(view)), i  # pixel for pixel
    assert view.lanes_picture.incremental_frames > 10 and turned
    # What reaches the screen is that picture too (the ring buffer is blitted in two parts).
    shot = view.plot.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    screen = np.frombuffer(shot.constBits(), np.uint32, shot.width() * shot.height()).reshape(
        shot.height(), shot.width())
    corner = view.plot.mapFromScene(view.vb.sceneBoundingRect()).boundingRect().topLeft()
    picture = view.picture()
    assert picture is not None and view.lanes_picture.offset != 0
    h, w = picture.shape
    on_screen = screen[corner.y():corner.y() + h, corner.x():corner.x() + w]
    # (Not column 0, the lanes axis's line, nor the bottom rows, the time axis's ticks.)
    assert np.array_equal(on_screen[:-6, 1:], picture[:-6, 1:])


def test_keys_zoom_and_pan_and_reset_forgets(view: TimelineView, qtbot: object) -> None:
    store = synthetic_store()
    feed(view, store)
    view.fit_all()
    (x0, x1), _ = view.vb.viewRange()
    view.plot.setFocus()
    qtbot.keyClick(view.plot, Qt.Key.Key_W)  # type: ignore[attr-defined]
    (a0, a1), _ = view.vb.viewRange()
    assert a1 - a0 == pytest.approx(0.8 * (x1 - x0))
    qtbot.keyClick(view.plot, Qt.Key.Key_D)  # type: ignore[attr-defined]
    (b0, _b1), _ = view.vb.viewRange()
    assert b0 == pytest.approx(a0 + 0.2 * (a1 - a0))
    qtbot.keyClick(view.plot, Qt.Key.Key_0)  # type: ignore[attr-defined]
    assert view.vb.viewRange()[0] == pytest.approx([x0, x1])
    view.reset()
    assert view.data.n_events == 0 and view.follow_live and not view.cursor_line.isVisible()
    assert len(view._row_kind) == 0


def test_hover_text_names_the_state_under_the_pointer(view: TimelineView) -> None:
    store = synthetic_store()
    feed(view, store)
    view.fit_all()
    slot = view.data.slot(2)  # an even task: it waits for fd 7
    t = view.data.tasks
    rows = np.flatnonzero((t.col("slot") == slot) & (t.col("state") == REGISTERED))
    start, end = int(t.col("start")[rows[3]]), int(t.col("end")[rows[3]])
    x = ((start + end) / 2 - view.data.t0) / 1e9
    text = view.hover_text(x, int(view._slot_row[slot]) + 0.5)
    assert "task-2" in text and "waiting: fd readable" in text
    poll_row = int(view._lane_row[view.data.lane_index(LaneKind.POLL)])
    first_poll = int(np.flatnonzero(store.kind == Ev.POLL_BEGIN)[0])
    x = x_of(view, store, first_poll) + 2e-6
    assert "blocked in poll" in view.hover_text(x, poll_row + 0.5)


def test_a_live_clock_extends_what_is_open_to_now(view: TimelineView) -> None:
    store = synthetic_store()
    feed(view, store)
    last = view.data.t_end
    view.live_clock = lambda: last + 3_000_000  # 3 ms after the last event: still blocked
    view.redraw()
    (_, x1), _ = view.vb.viewRange()
    assert x1 >= (last + 3_000_000 - view.data.t0) / 1e9  # "now" is in view
    x = (last + 2_000_000 - view.data.t0) / 1e9
    slot = view.data.slot(1)
    assert "ready" in view.hover_text(x, int(view._slot_row[slot]) + 0.5)
    view.live_clock = None
    view.redraw()
    assert view._end_ts() == last


@SKIP_OFF_LINUX
def test_a_peer_mark_is_painted_named_on_hover_and_in_the_legend(view: TimelineView) -> None:
    # The readiness-server scenario, run freely: each PEER_IO (② fire) is a teal mark on the
    # poll lane's blocked span; pointing at it names what the peer did and to which fd.
    _, store, _ = recorded(False, {"messages": 2})
    feed(view, store, batch=7)
    view.fit_all()
    view.redraw()
    QApplication.processEvents()
    poll_row = int(view._lane_row[view.data.lane_index(LaneKind.POLL)])
    blocked_band = (POLL_BANDS[1][0] + POLL_BANDS[1][1]) / 2
    peers = np.flatnonzero(store.kind == Ev.PEER_IO).tolist()
    sentences = {PeerAction.CONNECT: "a peer outside the loop connects",
                 PeerAction.SEND: "a peer outside the loop sends 6 bytes",
                 PeerAction.CLOSE: "a peer outside the loop closes its socket"}
    assert [int(store.b[i]) for i in peers] == [PeerAction.CONNECT, PeerAction.SEND,
                                                PeerAction.SEND, PeerAction.CLOSE]
    for i in peers:
        text = view.hover_text(x_of(view, store, i), poll_row + blocked_band)
        assert "② " + sentences[PeerAction(int(store.b[i]))] in text, text
        assert f"fd {int(store.a[i])} " in text, text
    # Above, in the returned fds' band, the wait's end names the fd it returned (③), not
    # the peer's I/O (②) just before it.
    sent = peers[1]
    returned = next(i for i in range(sent, len(store))
                    if store.kind[i] == Ev.FD_EVENT and store.a[i] == store.a[sent])
    above = view.hover_text(x_of(view, store, returned), poll_row + 0.15)
    assert f"fd returned readable (fd {int(store.a[sent])})" in above and "peer" not in above
    picture = view.picture()
    assert picture is not None
    assert (picture == QColor(COLOURS[Style.MARK_PEER_IO]).rgb()).any()
    legend = view.legend.text().replace("\u2060", "").replace("\u00a0", " ")
    words = "a peer connected / sent / closed: the fd became ready in the kernel (②)"
    assert words in legend and COLOURS[Style.MARK_PEER_IO] in legend
