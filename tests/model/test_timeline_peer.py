"""Peers' I/O on the timeline (app.model.timeline, app.model.loop_lanes): a recording of the
readiness-server scenario, run freely on the real loop, gives the poll lane a peer mark
(② fire) at each PEER_IO's time, inside the blocked span of the wait it ended, with the fd,
the action and the bytes the hover names; in one batch or in any batches; in the blocked
span's band, where it wins the pixel."""

from __future__ import annotations

import random

import numpy as np
import pytest

from app.model.lanes import BAND_TABLE, MARK_STYLES, LaneKind, Style, band_of
from app.model.loop_lanes import PEER_SENT_MAX, peer_mark_fields, peer_mark_values
from app.model.raster import rasterise
from app.model.timeline import TimelineData
from app.trace.events import Ev, PeerAction
from app.trace.store import EventStore
from tests.workloads.test_readiness_scenario import SKIP_OFF_LINUX, recorded

MESSAGES = 3


@pytest.fixture(scope="module")
def served() -> EventStore:
    """The readiness-server scenario run freely: connect, MESSAGES sends, close."""
    _, store, _ = recorded(False, {"messages": MESSAGES})
    return store


def peer_rows(store: EventStore) -> np.ndarray:
    return np.flatnonzero(store.kind == Ev.PEER_IO)


def poll_lane(data: TimelineData) -> np.ndarray:
    lane = data.lane_index(LaneKind.POLL)
    assert lane >= 0
    return data.lane_bars(lane)


@SKIP_OFF_LINUX
def test_a_peer_mark_at_each_peer_io_inside_the_wait_it_ended(served: EventStore) -> None:
    store = served
    peers = peer_rows(store)
    assert store.b[peers].tolist() == ([PeerAction.CONNECT] + [PeerAction.SEND] * MESSAGES
                                       + [PeerAction.CLOSE])
    data = TimelineData()
    data.extend(store, 0, len(store))
    poll = poll_lane(data)
    marks = poll[poll[:, 2] == Style.MARK_PEER_IO]
    assert marks[:, 0].tolist() == marks[:, 1].tolist() == store.ts[peers].tolist()
    fields = [peer_mark_fields(v) for v in marks[:, 3].tolist()]
    assert fields == list(zip(store.a[peers].tolist(), store.b[peers].tolist(),
                              store.c[peers].tolist(), strict=True))
    blocked = poll[poll[:, 2] == Style.POLL_BLOCKED]
    poll_ends = np.flatnonzero(store.kind == Ev.POLL_END)
    for i, ts, fd in zip(peers.tolist(), store.ts[peers].tolist(), store.a[peers].tolist(),
                         strict=True):
        inside = blocked[(blocked[:, 0] <= ts) & (ts <= blocked[:, 1])]
        assert len(inside) == 1, ts  # recorded while the loop was blocked in epoll_wait
        end = int(poll_ends[np.searchsorted(poll_ends, i)])
        assert int(inside[0, 1]) == int(store.ts[end])  # ... in the wait that ended next
        # ... and that wait returned the fd the peer made ready (③ after ②): its marks lie
        # between its end and the next wait (FD_EVENTs follow POLL_END).
        nxt = poll[(poll[:, 2] == Style.POLL_BLOCKED) & (poll[:, 0] > ts)]
        until = int(nxt[0, 0]) if len(nxt) else data.t_end
        returned = poll[(poll[:, 2] == Style.MARK_FD_READ) & (poll[:, 0] >= store.ts[end])
                        & (poll[:, 0] <= until)]
        assert fd in returned[:, 3].tolist()
    # The other lanes show nothing of it: the peer is no thread that woke the loop.
    others = [data.lane_bars(i) for i, ln in enumerate(data.lanes) if ln.kind != LaneKind.POLL]
    assert not any((rows[:, 2] == Style.MARK_PEER_IO).any() for rows in others)


@SKIP_OFF_LINUX
def test_peer_marks_are_the_same_in_any_batches(served: EventStore) -> None:
    store = served
    whole = TimelineData()
    whole.extend(store, 0, len(store))
    rng = random.Random(17)
    for _ in range(3):
        data = TimelineData()
        i = 0
        while i < len(store):
            j = min(len(store), i + rng.choice([1, 2, 3, 17, 400]))
            data.extend(store, i, j)
            i = j
        assert data.lanes == whole.lanes
        assert np.array_equal(poll_lane(data), poll_lane(whole))


@SKIP_OFF_LINUX
def test_the_peer_mark_wins_its_pixels_on_the_blocked_span(served: EventStore) -> None:
    # The mark goes on the blocked span's band (the returned fd's mark, microseconds later,
    # keeps the top band), and paints over the span there, however far one zooms out.
    store = served
    assert Style.MARK_PEER_IO in MARK_STYLES
    assert BAND_TABLE[LaneKind.POLL, Style.MARK_PEER_IO] == band_of(
        LaneKind.POLL, Style.POLL_BLOCKED) != band_of(LaneKind.POLL, Style.MARK_FD_READ)
    data = TimelineData()
    data.extend(store, 0, len(store))
    poll = poll_lane(data)
    band = BAND_TABLE[LaneKind.POLL, poll[:, 2]]
    x0, x1 = int(store.ts.min()), data.t_end
    for width in (4000, 300):
        grid = rasterise(band, poll[:, 0], poll[:, 1], poll[:, 2], 3, x0, x1, width)
        at = np.floor((store.ts[peer_rows(store)] - x0) * width / (x1 - x0)).astype(np.intp)
        assert (grid[band_of(LaneKind.POLL, Style.MARK_PEER_IO), at] == Style.MARK_PEER_IO).all()


def test_a_peer_mark_value_keeps_fd_action_and_bytes() -> None:
    fd = np.array([7, -1, 0, 2**31 - 1, 5])
    action = np.array([PeerAction.SEND, PeerAction.CONNECT, PeerAction.CLOSE, 2, 15])
    sent = np.array([6, 0, 0, 10**6, PEER_SENT_MAX + 5])
    values = peer_mark_values(fd, action, sent)
    assert values.dtype == np.int64 and (values >= 0).all()
    assert [peer_mark_fields(v) for v in values.tolist()] == [
        (7, 2, 6), (-1, 1, 0), (0, 3, 0), (2**31 - 1, 2, 10**6), (5, 15, PEER_SENT_MAX)]
