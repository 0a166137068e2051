"""What the app says in words: numbers as a person reads them; the backend named where the loop
that recorded an event polled."""

from __future__ import annotations

import asyncio
import socket

import numpy as np
import pytest

from app.core import board_model as bm
from app.core.describe import Describer, fmt_ns, fmt_result
from app.core.events import Ev
from app.core.reducer import Reducer
from app.core.store import EventStore
from tests.core.trace_helpers import record


def test_a_result_reads_as_words_and_rounded_numbers() -> None:
    result = {"echoed": 15, "sent": 12_960, "max_lateness_ms": 1052.9028750024736,
              "min_lateness_ms": 0.0, "ok": True, "kind": "sleep"}
    assert fmt_result(result) == ("echoed 15, sent 12,960, max_lateness_ms 1,052.9, "
                                  "min_lateness_ms 0, ok True, kind sleep")
    assert fmt_result(3) == "3"
    assert fmt_result(None) == "None"


def test_durations_take_the_unit_a_person_reads_best() -> None:
    assert [fmt_ns(n) for n in (-1, 0, 1_500, 2_500_000, 312_000_000, 27_300_000_000)] == \
        ["∞", "0", "1.5 µs", "2.50 ms", "312 ms", "27.3 s"]


# -- every sentence names the backend of the loop that recorded it -------------------------------
def _recorded_on(backend: str) -> tuple[EventStore, Reducer]:
    """A short real run on ``backend``: a sleep and a socket pair (polls that return events)."""

    async def main() -> None:
        left, right = socket.socketpair()
        loop = asyncio.get_running_loop()
        left.setblocking(False)
        right.setblocking(False)
        await asyncio.sleep(0.001)
        await loop.sock_sendall(left, b"x")
        assert await loop.sock_recv(right, 1) == b"x"
        left.close()
        right.close()

    _, events, rec = record(main, backend=backend)
    store = EventStore(rec.strings, rec.tasks)
    store.append([(e.seq, e.ts, int(e.kind), e.task, e.a, e.b, e.c) for e in events])
    reducer = Reducer(store)
    reducer.apply()
    return store, reducer


def _poll_sentences(store: EventStore, describer: Describer) -> set[str]:
    """The event log's POLL_BEGIN / POLL_END lines, with the numbers taken out."""
    out = set()
    for i in np.flatnonzero((store.kind == Ev.POLL_BEGIN) | (store.kind == Ev.POLL_END)):
        text = describer.event(int(store.kind[i]), int(store.task[i]), int(store.a[i]),
                               int(store.b[i]), int(store.c[i]))
        out.add(text.split("(")[0] if "(timeout" in text else text.split(" returned")[0])
    return out


@pytest.mark.parametrize(("backend", "call", "other"), [("poll", "poll", "epoll"),
                                                        ("epoll", "epoll_wait", "poll")])
def test_poll_sentences_name_the_backend_that_recorded_them(backend: str, call: str,
                                                            other: str) -> None:
    store, reducer = _recorded_on(backend)
    assert reducer.backend() == backend
    # Told another backend (the Backend box switched since): the events still say theirs.
    misled = Describer(store.strings, store.task_name, other)
    assert _poll_sentences(store, misled) == {call}
    # Sentences that stand for no single event (board, status, inspector) follow the recording.
    described = Describer(store.strings, store.task_name, reducer.backend)
    assert described.wait_call() == call
    state = reducer.state()
    assert bm.layout(state, store, described).wait_text.startswith(f"last {call} returned")
    register = int(np.flatnonzero(store.kind == Ev.FD_REGISTER)[0])
    caption, step = bm.caption(store, register, described)
    assert step == 0
    assert ("(epoll_ctl)" in caption) == (backend == "epoll")
    assert ("hands to poll at every wait" in caption) == (backend == "poll")

