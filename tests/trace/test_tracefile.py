"""Session files: a real recording survives save → open exactly, and every kind of bad file is
refused with a message that names the problem (never a traceback, never a half-loaded store)."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest

from app.model.reducer import Reducer
from app.trace import tracefile
from app.trace.events import Record, TaskInfo
from app.trace.store import EventStore
from app.trace.tracefile import Session, SessionInfo, TraceFileCancelled, TraceFileError
from tests.support.recordings import record_sample_run

COLUMNS = ("ts", "kind", "task", "a", "b", "c")



@pytest.fixture(scope="module")
def real_store() -> EventStore:
    store = record_sample_run()
    assert len(store) > 3000
    return store


def synthetic_store(base: EventStore, copies: int) -> EventStore:
    """A larger recording built from a real one: ``copies`` back-to-back repeats (task serials
    and times shifted), with events dropped between copies (seq gaps) and a task serial
    above 2**31 (the store widens its task column)."""
    ts, kind, task, a, b, c = base.columns(0, len(base))
    span = ts[-1] - ts[0] + 1000
    top = max(base.tasks) + 1
    records: list[Record] = []
    seq = 1
    for k in range(copies):
        for i in range(len(ts)):
            t = task[i] + k * top if task[i] else 0
            records.append((seq, ts[i] + k * span, kind[i], t, a[i], b[i], c[i]))
            seq += 1
        seq += 7 * (k + 1)  # the ring overwrote some events here
    records.append((seq, records[-1][1] + 1, 23, 2**31 + 5, 0, 0, 0))  # MARK, huge serial
    tasks = {s + k * top: TaskInfo(s + k * top, f"{info.name}/{k}", info.coro, info.site,
                                   info.parent + k * top if info.parent else 0, info.eager)
             for k in range(copies) for s, info in base.tasks.items()}
    store = EventStore(list(base.strings), tasks)
    for i in range(0, len(records), 50_000):  # drained in batches, as the bridge does
        store.append(records[i:i + 50_000])
    return store


def assert_same(a: EventStore, b: EventStore) -> None:
    assert len(a) == len(b)
    for name in COLUMNS:
        left, right = getattr(a, name), getattr(b, name)
        assert np.array_equal(left, right), name
        assert left.dtype == right.dtype, name
    assert a.strings == b.strings
    assert a.tasks == b.tasks
    assert a.gaps == b.gaps
    assert (a.dropped, a.first_seq, a.last_seq) == (b.dropped, b.first_seq, b.last_seq)


def assert_same_states(a: EventStore, b: EventStore, every: int = 1000) -> int:
    ra, rb = Reducer(a), Reducer(b)
    ra.apply()
    rb.apply()
    checked = 0
    for i in [*range(0, len(a) + 1, every), len(a)]:
        assert ra.state_at(i) == rb.state_at(i), f"state differs at event {i}"
        checked += 1
    return checked


def test_a_real_recording_round_trips_exactly(real_store: EventStore, tmp_path: Path) -> None:
    info = SessionInfo(workload="tcp-echo+timers", params={"clients": 4, "messages": 30},
                       backend="epoll", outcome="ok", extra={"note": "ünïcode ✓"})
    path = tmp_path / "echo.loopscope"
    size = tracefile.save(path, Session(real_store, info), chunk_events=1000)
    assert size == path.stat().st_size
    assert size < len(real_store) * 37 / 3  # compressed well below the in-memory columns
    loaded = tracefile.load(path)
    assert loaded.store is not real_store
    assert_same(real_store, loaded.store)
    assert loaded.info == info
    assert loaded.format_version == tracefile.FORMAT_VERSION
    assert loaded.events == len(real_store)
    for i in (0, 1, len(real_store) // 2, len(real_store) - 1):
        assert loaded.store.record(i) == real_store.record(i)
    assert assert_same_states(real_store, loaded.store) >= 4


def test_a_larger_synthetic_recording_with_drops_round_trips(real_store: EventStore,
                                                             tmp_path: Path) -> None:
    big = synthetic_store(real_store, copies=max(2, 150_000 // len(real_store)))
    assert len(big) > 2 * tracefile.CHUNK_EVENTS and big.dropped > 0 and len(big.gaps) > 1
    assert big.task.dtype == np.int64
    path = tmp_path / "big.loopscope"
    tracefile.save(path, Session(big, SessionInfo(workload="synthetic")))
    loaded = tracefile.load(path)
    assert_same(big, loaded.store)
    assert_same_states(big, loaded.store)


def test_empty_and_tiny_sessions_round_trip(tmp_path: Path) -> None:
    empty = EventStore()
    tracefile.save(tmp_path / "empty.loopscope", Session(empty))
    loaded = tracefile.load(tmp_path / "empty.loopscope")
    assert len(loaded.store) == 0 and loaded.store.strings == [""]
    one = EventStore(["", "x"], {1: TaskInfo(1, "x", "main", "f.py:1", 0, False)})
    one.append([(5, 1000, 1, 1, 0, 0, 1)])
    tracefile.save(tmp_path / "one.loopscope", Session(one))
    assert_same(one, tracefile.load(tmp_path / "one.loopscope").store)


def test_a_live_store_is_saved_as_it_was_when_the_save_began(real_store: EventStore,
                                                             tmp_path: Path) -> None:
    store = EventStore(list(real_store.strings), dict(real_store.tasks))
    store.append([real_store.record(i) for i in range(500)])
    grown: list[int] = []

    def progress(done: int, total: int) -> None:
        if not grown:  # the recording goes on while we save
            store.append([real_store.record(i) for i in range(500, 700)])
            grown.append(len(store))

    tracefile.save(tmp_path / "live.loopscope", Session(store), progress=progress,
                   chunk_events=100)
    assert grown == [700]
    assert len(tracefile.load(tmp_path / "live.loopscope").store) == 500


def test_progress_and_cancel(real_store: EventStore, tmp_path: Path) -> None:
    path = tmp_path / "p.loopscope"
    seen: list[tuple[int, int]] = []
    tracefile.save(path, Session(real_store), progress=lambda d, t: seen.append((d, t)),
                   chunk_events=512)
    assert seen[-1] == (len(real_store), len(real_store))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and len(seen) > 3

    seen.clear()
    tracefile.load(path, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (len(real_store), len(real_store)) and len(seen) > 3

    calls = iter(range(100))
    with pytest.raises(TraceFileCancelled, match="cancelled"):
        tracefile.load(path, cancelled=lambda: next(calls) >= 2)

    # A cancelled save leaves the earlier file as it was, and no temporary file behind.
    before = path.read_bytes()
    with pytest.raises(TraceFileCancelled):
        tracefile.save(path, Session(record_small()), cancelled=lambda: True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.loopscope"]
    assert issubclass(TraceFileCancelled, TraceFileError)


def record_small() -> EventStore:
    store = EventStore(["", "t"])
    store.append([(1, 10, 1, 1, 0, 0, 1), (2, 20, 2, 1, 1, 0, 0)])
    return store


def test_peek_reads_only_the_metadata(real_store: EventStore, tmp_path: Path) -> None:
    path = tmp_path / "peek.loopscope"
    tracefile.save(path, Session(real_store, SessionInfo(workload="w", mode="preemptive")))
    summary = tracefile.peek(path)
    assert (summary.events, summary.tasks, summary.strings, summary.dropped) == (
        len(real_store), len(real_store.tasks), len(real_store.strings), 0)
    assert summary.info.workload == "w" and summary.info.mode == "preemptive"
    assert summary.size == path.stat().st_size


def test_saving_where_it_cannot_write_says_so(tmp_path: Path) -> None:
    with pytest.raises(TraceFileError, match=r"cannot save .*missing"):
        tracefile.save(tmp_path / "missing" / "x.loopscope", Session(record_small()))
    with pytest.raises(TraceFileError, match="cannot be stored"):
        tracefile.save(tmp_path / "nan.loopscope",
                       Session(record_small(), SessionInfo(params={"x": float("nan")})))
    assert list(tmp_path.iterdir()) == []


# -- bad files -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def good_bytes(tmp_path_factory: pytest.TempPathFactory, real_store: EventStore) -> bytes:
    path = tmp_path_factory.mktemp("good") / "good.loopscope"
    tracefile.save(path, Session(real_store, SessionInfo(workload="good")), chunk_events=2000)
    return path.read_bytes()


def _blocks(data: bytes) -> list[tuple[int, bytes, int]]:
    """(offset, tag, total size) of each block of a session file."""
    out = []
    pos = 16
    while pos < len(data):
        tag, _raw, stored, _crc = struct.unpack_from("<4sIII", data, pos)
        out.append((pos, tag, 16 + stored))
        pos += 16 + stored
    return out


def _block(tag: bytes, raw: bytes) -> bytes:
    stored = zlib.compress(raw)
    return struct.pack("<4sIII", tag, len(raw), len(stored), zlib.crc32(stored)) + stored


def _bad_files(good: bytes) -> dict[str, tuple[bytes, str]]:
    blocks = _blocks(good)
    evts = [b for b in blocks if b[1] == b"EVTS"]
    second = evts[1]
    corrupt = bytearray(good)
    corrupt[second[0] + 16 + second[2] // 2] ^= 0x5A
    future = bytearray(good)
    struct.pack_into("<H", future, 12, tracefile.FORMAT_VERSION + 1)
    end = blocks[-1]
    first_evts = evts[0][0]
    unknown = good[:first_evts] + _block(b"ZZZZ", b"future data") + good[first_evts:]
    bad_meta = good[:16] + _block(b"META", b"{not json") + good[blocks[1][0]:]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(40)
    chrome = json.dumps({"traceEvents": [{"ph": "X", "ts": 0}]}).encode()
    return {
        "empty": (b"", "the file is empty"),
        "png": (png, "not a LoopScope session: it looks like a PNG image"),
        "text": (b"hello, this is just some notes\nline two\n", "it looks like a text file"),
        "chrome-json": (chrome, "a Chrome trace"),
        "binary": (bytes(range(256)) * 4, "not a LoopScope session"),
        "magic-only": (good[:10], "truncated"),
        "header-cut": (good[:14], "truncated"),
        "cut-in-a-chunk": (good[:second[0] + 40], "truncated"),
        "cut-between-blocks": (good[:end[0]], "truncated"),
        "cut-in-the-metadata": (good[:30], "truncated"),
        "corrupt-chunk": (bytes(corrupt), "damaged (event chunk 2 "),
        "future-version": (bytes(future), "newer LoopScope (session format version 2"),
        "unknown-critical-block": (unknown, "does not understand (block 'ZZZZ')"),
        "bad-metadata": (bad_meta, "damaged (the metadata is not valid JSON)"),
        "text-mode-transfer": (good.replace(b"\r\n", b"\n", 1), "text-mode transfer"),
    }


BAD_KINDS = ["empty", "png", "text", "chrome-json", "binary", "magic-only", "header-cut",
             "cut-in-a-chunk", "cut-between-blocks", "cut-in-the-metadata", "corrupt-chunk",
             "future-version", "unknown-critical-block", "bad-metadata", "text-mode-transfer"]


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_files_are_refused_with_a_clear_message(kind: str, good_bytes: bytes,
                                                    tmp_path: Path) -> None:
    bad = _bad_files(good_bytes)
    assert sorted(bad) == sorted(BAD_KINDS)
    data, message = bad[kind]
    path = tmp_path / f"{kind}.loopscope"
    path.write_bytes(data)
    with pytest.raises(TraceFileError) as info:
        tracefile.load(path)
    text = str(info.value)
    assert message in text, text
    assert text.startswith("cannot open"), text
    assert "Traceback" not in text and info.value.path == str(path)
    # no chained low-level error (zlib, json, struct) shown under the message
    assert info.value.__cause__ is None
    assert info.value.__context__ is None or info.value.__suppress_context__


def test_an_optional_block_from_a_newer_writer_is_skipped(good_bytes: bytes, real_store:
                                                          EventStore, tmp_path: Path) -> None:
    blocks = _blocks(good_bytes)
    at = next(off for off, tag, _ in blocks if tag == b"EVTS")
    data = good_bytes[:at] + _block(b"xtra", b"something new") + good_bytes[at:]
    path = tmp_path / "newer.loopscope"
    path.write_bytes(data)
    assert_same(real_store, tracefile.load(path).store)


def test_missing_files_and_folders(tmp_path: Path) -> None:
    with pytest.raises(TraceFileError, match="no such file"):
        tracefile.load(tmp_path / "nope.loopscope")
    with pytest.raises(TraceFileError, match="folder"):
        tracefile.load(tmp_path)
    with pytest.raises(TraceFileError, match="empty"):
        tracefile.peek(_write(tmp_path / "e.loopscope", b""))


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_failed_open_leaves_what_is_open_untouched(good_bytes: bytes, real_store: EventStore,
                                                     tmp_path: Path) -> None:
    opened = tracefile.load(_write(tmp_path / "good.loopscope", good_bytes))
    snapshot = {name: getattr(opened.store, name).copy() for name in COLUMNS}
    for kind, (data, _) in _bad_files(good_bytes).items():
        with pytest.raises(TraceFileError):
            tracefile.load(_write(tmp_path / f"{kind}.bad", data))
    for name in COLUMNS:
        assert np.array_equal(getattr(opened.store, name), snapshot[name])
    assert_same(real_store, opened.store)
