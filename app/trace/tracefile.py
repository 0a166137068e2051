"""Session files: save a recording and open it again, exactly, in a compact versioned format.

A *session* is one recording (:class:`~app.trace.store.EventStore`: the event columns, the
string table, the task table, the recorder's drops) plus what is needed to understand it
later (:class:`SessionInfo`: the workload and its parameters, cooperative or preemptive,
backend, host, Python, platform, LoopScope version, how the run ended). :func:`save` writes
one, :func:`load` reads one back into a *new* store (nothing already open is touched), and
:func:`peek` reads only the metadata.

File layout (all integers little-endian; suffix ``.loopscope``)
================================================================

======================  ========  ================================================================
part                    bytes     contents
======================  ========  ================================================================
magic                   12        ``89 'LSTRACE' 0D 0A 1A 0A`` (PNG-style: the high byte catches
                                  7-bit transfers, CR LF catches line-ending conversion, 1A stops
                                  ``type`` on Windows)
format version          2         uint16, currently ``1``; a reader refuses a higher one
flags                   2         uint16, reserved (0)
blocks                  …         a sequence of blocks, each a 16-byte header + payload:
 - tag                  4         ASCII; a block whose tag starts with a lower-case letter is
                                  optional (a reader that does not know it skips it); an unknown
                                  upper-case tag is refused (it needs a newer reader)
 - raw length           4         uint32: payload size once decompressed
 - stored length        4         uint32: payload size in the file
 - CRC-32               4         uint32: ``zlib.crc32`` of the stored payload
 - payload              stored    a zlib stream (every block is compressed)
======================  ========  ================================================================

The blocks of format version 1, in this order:

======  =====  ===============================================================================
tag     count  decompressed payload
======  =====  ===============================================================================
META    1      UTF-8 JSON object: ``format``, ``format_version``, ``events`` (N),
               ``chunk_events``, ``chunks``, ``task_dtype`` ("int32"/"int64"), ``strings``,
               ``tasks`` (counts), ``first_seq``, ``last_seq``, ``dropped``, ``gaps``
               (``[[event index, events lost just before it], …]``) and ``session`` (the
               :class:`SessionInfo` fields)
STRS    1      UTF-8 JSON array: the string table (id = position; id 0 is "")
TASK    1      UTF-8 JSON object of equal-length arrays (one entry per task): ``serial``,
               ``name``, ``coro``, ``site``, ``parent``, ``eager`` (:class:`TaskInfo`)
EVTS    N/64Ki events [i, i+n) of the store, in order (``chunk_events`` = 65,536 per chunk,
               the last one shorter): an 8-byte prefix ``n`` (uint32), ``task itemsize``
               (uint8: 4 or 8), 3 reserved bytes; then six columns, each *byte-shuffled*
               (all first bytes of the column, then all second bytes, …):
               ``ts`` as deltas (int64: ``ts[i] - ts[i-1]``, the first one from 0),
               ``kind`` (uint8), ``task`` (int32 or int64), ``a``, ``b``, ``c`` (int64)
END     1      empty: the writer finished (a file without it is truncated)
======  =====  ===============================================================================

Why it looks like this:

- *Chunks of 64 Ki events* stream: saving and opening need one chunk of scratch memory, report
  progress and can be cancelled between chunks, and a damaged byte is pinned to a chunk.
- *Delta timestamps and byte shuffling* turn slowly-changing int64 columns into long runs of
  equal bytes: measured on a real mixed recording, zlib level 1 then compresses to ~4.3 bytes
  per event (37 in memory) in ~0.16 s per million events, against 6.1 bytes and 0.38 s for
  the raw columns. zlib because it is in the standard library and fast at low levels (lzma is
  ~10x slower for ~25 % smaller files).
- *A checksum per block* says which part of a file is damaged instead of loading garbage.
- *JSON for the tables and the metadata*: small next to the events, readable with any tool,
  and it grows new keys without a version bump (readers ignore keys they do not know).
- *A new event kind needs no version bump either* (PEER_IO, kind 27, came after version 1):
  the ``kind`` column stores any code, older files simply never hold the new kind, and an
  older LoopScope opening a newer file words a kind it does not know as "event 27, unknown
  to this version" (:meth:`app.trace.text.Describer.event`) instead of refusing the file.

Every problem with a file — missing, unreadable, empty, not a session (a PNG, a text file, a
Chrome trace export), from a newer LoopScope, truncated, damaged — raises
:class:`TraceFileError` whose message names the file and the problem in words, never a bare
traceback. :func:`save` writes a temporary file beside the target and renames it over the
target only when complete, so a failed or cancelled save leaves any earlier file intact.

The store being saved may still be growing (a live recording, from a worker thread): the save
takes the first ``len(store)`` events and copies of the tables as they are when it starts.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import platform
import socket
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from app.trace.events import TaskInfo
from app.trace.store import EventStore
from app.trace.text import QT_TR_NOOP, Sentence

MAGIC = b"\x89LSTRACE\r\n\x1a\n"
FORMAT_VERSION = 1
FORMAT_NAME = "loopscope-session"
SUFFIX = ".loopscope"
CHUNK_EVENTS = 1 << 16
DEFAULT_LEVEL = 1

_FILE_HEADER = struct.Struct("<12sHH")
_BLOCK_HEADER = struct.Struct("<4sIII")
_CHUNK_PREFIX = struct.Struct("<IB3x")
# A block is never bigger than this decompressed: a length above it is damage, not data (and
# must not make the reader try to allocate it).
_MAX_BLOCK = 1 << 31

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class TraceFileError(Exception):
    """A session file could not be read or written; ``str(exc)`` says why, for the user, in
    English; ``app.trace.text.error_text(exc, tr)`` says it in the language of ``tr`` (the
    message is a :class:`~app.trace.text.Sentence`)."""

    def __init__(self, message: str | Sentence,
                 path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(message)
        self.path = None if path is None else os.fspath(path)


class TraceFileCancelled(TraceFileError):
    """The user cancelled the save or the load (nothing was changed)."""


def loopscope_version() -> str:
    """The installed LoopScope's version ("unknown" from a checkout never installed)."""
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # pragma: no cover - always there on 3.11+
        return "unknown"
    try:
        return version("loopscope")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown"


def _now_iso() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


@dataclass
class SessionInfo:
    """What a recording was of, and where it was made. All plain JSON-able values."""

    workload: str = ""  # sample name, or "script:NAME.py" for a user's script
    params: dict[str, Any] = field(default_factory=dict)
    mode: str = "cooperative"  # or "preemptive" (OS threads: app.runtime.preemptive)
    backend: str = ""  # epoll, kqueue, poll, select, iocp; "threads" for a preemptive run
    host: str = "thread"  # where the loop ran: "thread" (engine), "qt" (GUI thread), "cli"
    script: str = ""  # path of the user's script, if it was one
    outcome: str = ""  # how the run ended, in words: "ok", "failed", "stopped after 5 s", …
    error: str = ""  # the workload's / script's traceback or error message, if it failed
    python: str = field(default_factory=platform.python_version)
    implementation: str = field(default_factory=platform.python_implementation)
    platform: str = field(default_factory=lambda: f"{sys.platform} {platform.machine()}")
    hostname: str = field(default_factory=socket.gethostname)
    loopscope_version: str = field(default_factory=loopscope_version)
    created: str = field(default_factory=_now_iso)  # ISO 8601, UTC
    extra: dict[str, Any] = field(default_factory=dict)  # free-form (GUI state, notes): kept

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: object) -> SessionInfo:
        """Known keys only (a newer writer may add some); wrong types are damage. A key an
        older writer did not store stays empty rather than taking this machine's value."""
        if not isinstance(data, dict):
            raise ValueError(Sentence(QT_TR_NOOP("the session metadata is not an object")))
        values: dict[str, Any] = {}
        for f in fields(cls):
            expected = dict if f.name in ("params", "extra") else str
            value = data.get(f.name, expected())
            if not isinstance(value, expected):
                raise ValueError(Sentence(QT_TR_NOOP("session field {name} has the wrong type"),
                                          name=repr(f.name)))
            values[f.name] = value
        return cls(**values)


@dataclass
class Session:
    """One recording and what it was of (what :func:`load` returns and :func:`save` takes)."""

    store: EventStore
    info: SessionInfo = field(default_factory=SessionInfo)
    format_version: int = FORMAT_VERSION

    @property
    def events(self) -> int:
        return len(self.store)

    @property
    def duration_ns(self) -> int:
        """First to last event (0 for fewer than two events)."""
        ts = self.store.ts
        return int(ts.max() - ts.min()) if len(ts) > 1 else 0

    @property
    def tasks(self) -> int:
        """Tasks (or threads, in a preemptive run) the recording knows by name."""
        return len(self.store.tasks)

    @property
    def dropped(self) -> int:
        """Events the recorder lost before they were stored (counted, never silent)."""
        return self.store.dropped_total


@dataclass(frozen=True)
class FileSummary:
    """What :func:`peek` tells without reading the events."""

    path: str
    format_version: int
    events: int
    strings: int
    tasks: int
    dropped: int
    info: SessionInfo
    size: int  # bytes on disk


# -- writing ---------------------------------------------------------------------------------------
def _shuffle(arr: np.ndarray) -> bytes:
    """Byte-shuffle a column: all first bytes, then all second bytes, … (see the docstring)."""
    if arr.itemsize == 1:
        return arr.tobytes()
    return arr.view(np.uint8).reshape(-1, arr.itemsize).T.tobytes()


def _unshuffle(raw: memoryview, dtype: np.dtype[Any], n: int) -> np.ndarray:
    size = dtype.itemsize
    flat = np.frombuffer(raw, dtype=np.uint8, count=n * size)
    if size == 1:
        return flat.view(dtype)
    return flat.reshape(size, n).T.copy().view(dtype).reshape(n)


def _write_block(out: BinaryIO, tag: bytes, raw: bytes, level: int) -> int:
    stored = zlib.compress(raw, level)
    out.write(_BLOCK_HEADER.pack(tag, len(raw), len(stored), zlib.crc32(stored)))
    out.write(stored)
    return _BLOCK_HEADER.size + len(stored)


def _json_bytes(value: object) -> bytes:
    # ensure_ascii=False: names and messages stay readable (and shorter) as UTF-8;
    # allow_nan=False: a NaN parameter would make the file unreadable by strict JSON readers.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def _chunk_bytes(store: EventStore, i: int, j: int) -> bytes:
    ts = store.ts[i:j]
    deltas = np.empty(j - i, np.int64)
    if j > i:
        deltas[0] = ts[0]
        np.subtract(ts[1:], ts[:-1], out=deltas[1:])
    task = store.task[i:j]
    parts = [_CHUNK_PREFIX.pack(j - i, task.itemsize), _shuffle(deltas),
             _shuffle(store.kind[i:j]), _shuffle(task), _shuffle(store.a[i:j]),
             _shuffle(store.b[i:j]), _shuffle(store.c[i:j])]
    return b"".join(parts)


def _snapshot(store: EventStore) -> tuple[int, int, int, int, list[list[int]]]:
    """(events, first seq, last seq, dropped, gaps) as of one moment.

    A live store may be appended to by the recording's thread while a worker saves it: read
    the drop bookkeeping until the event count did not move meanwhile (appends are short), so
    the numbers describe exactly the events that are written.
    """
    for _ in range(100):
        n = len(store)
        try:
            gaps = [[i, lost] for i, lost in store.gaps if i < n]
        except ValueError:  # caught between the two appends of a new gap
            continue
        first_seq, last_seq, dropped = store.first_seq, store.last_seq, store.dropped
        if len(store) == n:
            return n, first_seq, last_seq, dropped, gaps
    # Still moving after 100 tries: derive the numbers from the gaps below n (exact unless
    # threads swapped neighbouring seqs, which only shifts where a loss is shown).
    lost = sum(g[1] for g in gaps)
    return n, store.first_seq, store.first_seq + n - 1 + lost if n else 0, lost, gaps


def save(path: str | os.PathLike[str], session: Session, *, progress: Progress | None = None,
         cancelled: Cancelled | None = None, level: int = DEFAULT_LEVEL,
         chunk_events: int = CHUNK_EVENTS) -> int:
    """Write ``session`` to ``path`` (atomically); returns the file's size in bytes.

    ``progress(done, total)`` is called with event counts after each chunk; ``cancelled()``
    is polled between chunks and, if it returns True, the save stops with
    :class:`TraceFileCancelled` and no file is left behind (an earlier one is kept).
    Problems (a directory that does not exist, no permission, a full disk) raise
    :class:`TraceFileError`.
    """
    if not 1 <= chunk_events <= 1 << 24:
        raise ValueError("chunk_events must be between 1 and 16 Mi")
    target = Path(path)
    store = session.store
    n, first_seq, last_seq, dropped, gaps = _snapshot(store)
    strings = list(store.strings)
    tasks = sorted(store.tasks.copy().values(), key=lambda t: t.serial)
    chunks = (n + chunk_events - 1) // chunk_events
    meta = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "events": n,
        "chunk_events": chunk_events,
        "chunks": chunks,
        "task_dtype": str(store.task.dtype),
        "strings": len(strings),
        "tasks": len(tasks),
        "first_seq": first_seq,
        "last_seq": last_seq,
        "dropped": dropped,
        "gaps": gaps,
        "session": session.info.to_json(),
    }
    table = {
        "serial": [t.serial for t in tasks], "name": [t.name for t in tasks],
        "coro": [t.coro for t in tasks], "site": [t.site for t in tasks],
        "parent": [t.parent for t in tasks], "eager": [bool(t.eager) for t in tasks],
    }
    try:
        meta_raw = _json_bytes(meta)
    except (TypeError, ValueError) as exc:
        raise TraceFileError(Sentence(QT_TR_NOOP("cannot save {file}: the session metadata "
                                                 "cannot be stored ({reason})"),
                                      file=target.name, reason=exc), target) from None
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as out:
            out.write(_FILE_HEADER.pack(MAGIC, FORMAT_VERSION, 0))
            size = _FILE_HEADER.size
            size += _write_block(out, b"META", meta_raw, level)
            size += _write_block(out, b"STRS", _json_bytes(strings), level)
            size += _write_block(out, b"TASK", _json_bytes(table), level)
            for k in range(chunks):
                if cancelled is not None and cancelled():
                    raise TraceFileCancelled(Sentence(QT_TR_NOOP("saving was cancelled")), target)
                i = k * chunk_events
                j = min(n, i + chunk_events)
                size += _write_block(out, b"EVTS", _chunk_bytes(store, i, j), level)
                if progress is not None:
                    progress(j, n)
            size += _write_block(out, b"END ", b"", level)
        os.replace(tmp, target)
    except TraceFileError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        reason = exc.strerror or str(exc)
        raise TraceFileError(Sentence(QT_TR_NOOP("cannot save {file}: {reason}"),
                                      file=target, reason=reason), target) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if progress is not None and chunks == 0:
        progress(0, 0)
    return size


# -- reading ---------------------------------------------------------------------------------------
def _describe_foreign(head: bytes) -> Sentence:
    """Name what a file that is not a session looks like (for the message)."""
    signatures = [
        (b"\x89PNG\r\n\x1a\n", QT_TR_NOOP("a PNG image")),
        (b"\xff\xd8\xff", QT_TR_NOOP("a JPEG image")),
        (b"GIF8", QT_TR_NOOP("a GIF image")),
        (b"%PDF", QT_TR_NOOP("a PDF document")),
        (b"PK\x03\x04", QT_TR_NOOP("a ZIP archive")),
        (b"\x1f\x8b", QT_TR_NOOP("a gzip-compressed file")),
        (b"\xfd7zXZ\x00", QT_TR_NOOP("an xz-compressed file")),
        (b"BZh", QT_TR_NOOP("a bzip2-compressed file")),
        (b"SQLite format 3\x00", QT_TR_NOOP("an SQLite database")),
        (b"\x7fELF", QT_TR_NOOP("a program (ELF executable)")),
    ]
    for sig, what in signatures:
        if head.startswith(sig):
            return Sentence(what)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"[") and b"traceEvents" in head:
        return Sentence(QT_TR_NOOP("a Chrome trace (JSON) — LoopScope exports those but opens "
                                   "only its own sessions"))
    if text[:1] in (b"{", b"["):
        return Sentence(QT_TR_NOOP("a JSON file"))
    try:
        decoded = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the end of what we read is still text.
        decoded = head[:exc.start].decode("utf-8") if exc.start > len(head) - 4 else ""
        if not decoded:
            return Sentence(QT_TR_NOOP("an unknown kind of file"))
    if all(ch.isprintable() or ch in "\r\n\t" for ch in decoded):
        return Sentence(QT_TR_NOOP("a text file"))
    return Sentence(QT_TR_NOOP("an unknown kind of file"))


class _Reader:
    """Reads blocks from a session file, turning every problem into a TraceFileError."""

    def __init__(self, f: BinaryIO, path: Path, size: int) -> None:
        self.f = f
        self.path = path
        self.size = size
        self.pos = 0

    def fail(self, problem: Sentence) -> TraceFileError:
        return TraceFileError(Sentence(QT_TR_NOOP("cannot open {file}: {problem}"),
                                       file=self.path.name, problem=problem), self.path)

    def read_exact(self, n: int, what: Sentence) -> bytes:
        data = self.f.read(n)
        self.pos += len(data)
        if len(data) < n:
            raise self.fail(Sentence(QT_TR_NOOP(
                "the file is truncated ({what} needs {n:,} bytes, only {left:,} remain; the "
                "file is {size:,} bytes)"), what=what, n=n, left=len(data), size=self.size))
        return data

    def header(self) -> int:
        if self.size == 0:
            raise self.fail(Sentence(QT_TR_NOOP("the file is empty (0 bytes)")))
        head = self.f.read(max(_FILE_HEADER.size, 512))
        self.pos = len(head)
        if not head.startswith(MAGIC):
            if MAGIC.startswith(head):
                raise self.fail(_truncated(len(head)))
            if head.startswith(MAGIC.replace(b"\r\n", b"\n")) or \
                    head.startswith(MAGIC[:8] + b"\r\r\n"):
                raise self.fail(Sentence(QT_TR_NOOP(
                    "the file was damaged by a text-mode transfer (its line endings were "
                    "converted); copy it again in binary mode")))
            raise self.fail(Sentence(QT_TR_NOOP("this is not a LoopScope session: it looks "
                                                "like {kind}"), kind=_describe_foreign(head)))
        if len(head) < _FILE_HEADER.size:
            raise self.fail(_truncated(len(head)))
        _, version, _flags = _FILE_HEADER.unpack_from(head)
        version = int(version)
        if version > FORMAT_VERSION:
            raise self.fail(Sentence(QT_TR_NOOP(
                "it was written by a newer LoopScope (session format version {version}; this "
                "LoopScope reads version {known} and older). Update LoopScope to open it"),
                version=version, known=FORMAT_VERSION))
        if version < 1:
            raise self.fail(_damaged(Sentence(QT_TR_NOOP("format version {version} does not "
                                                         "exist"), version=version)))
        self.f.seek(_FILE_HEADER.size)
        self.pos = _FILE_HEADER.size
        return version

    def block(self, what: Sentence) -> tuple[bytes, bytes]:
        """The next block as (tag, decompressed payload), checked."""
        if self.pos >= self.size:
            raise self.fail(Sentence(QT_TR_NOOP("the file is truncated (it ends before {what})"),
                                     what=what))
        head = self.read_exact(_BLOCK_HEADER.size,
                               Sentence(QT_TR_NOOP("the header of {what}"), what=what))
        tag, raw_len, stored_len, crc = _BLOCK_HEADER.unpack(head)
        label = tag.decode("ascii", "replace").strip()
        if raw_len > _MAX_BLOCK or stored_len > _MAX_BLOCK:
            raise self.fail(_damaged(Sentence(QT_TR_NOOP(
                "{what}, block {label}, declares an impossible size"),
                what=what, label=repr(label))))
        if stored_len > self.size - self.pos:
            raise self.fail(Sentence(QT_TR_NOOP(
                "the file is truncated ({what} needs {n:,} bytes, only {left:,} remain)"),
                what=what, n=stored_len, left=self.size - self.pos))
        stored = self.read_exact(stored_len, what)
        if zlib.crc32(stored) != crc:
            raise self.fail(_damaged(Sentence(QT_TR_NOOP("{what} fails its checksum"),
                                              what=what)))
        try:
            inflater = zlib.decompressobj()
            raw = inflater.decompress(stored, raw_len)
            if not inflater.eof or inflater.unconsumed_tail or len(raw) != raw_len:
                raise zlib.error("length mismatch")
        except zlib.error:
            raise self.fail(_damaged(Sentence(QT_TR_NOOP(
                "{what} does not decompress to its declared size"), what=what))) from None
        return tag, raw

    def expect(self, tag: bytes, what: Sentence) -> bytes:
        """The next block that is not an optional one we do not know; it must be ``tag``."""
        while True:
            got, raw = self.block(what)
            if got == tag:
                return raw
            if got[:1].islower():  # optional, from a newer writer: skip it
                continue
            label = got.decode("ascii", "replace")
            if got in (b"META", b"STRS", b"TASK", b"EVTS", b"END "):
                raise self.fail(_damaged(Sentence(QT_TR_NOOP(
                    "found block {label} where {what} should be"), label=repr(label),
                    what=what)))
            raise self.fail(Sentence(QT_TR_NOOP(
                "it contains a part this LoopScope does not understand (block {label}); it "
                "was probably written by a newer LoopScope"), label=repr(label)))

    def json(self, raw: bytes, what: Sentence) -> object:
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise self.fail(_damaged(Sentence(QT_TR_NOOP("{what} is not valid JSON"),
                                              what=what))) from None


def _damaged(detail: Sentence) -> Sentence:
    return Sentence(QT_TR_NOOP("the file is damaged ({detail})"), detail=detail)


def _truncated(size: int) -> Sentence:
    return Sentence(QT_TR_NOOP("the file is truncated (only {n} bytes)"), n=size)


#: The parts of a session file, as its messages name them.
_METADATA = Sentence(QT_TR_NOOP("the metadata"))
_STRING_TABLE = Sentence(QT_TR_NOOP("the string table"))
_TASK_TABLE = Sentence(QT_TR_NOOP("the task table"))
_END_MARKER = Sentence(QT_TR_NOOP("the end marker"))


def _check_meta(reader: _Reader, meta: object) -> dict[str, Any]:
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise reader.fail(_damaged(Sentence(QT_TR_NOOP(
            "its metadata does not describe a session"))))
    ints = ("events", "chunk_events", "chunks", "strings", "tasks", "first_seq", "last_seq",
            "dropped")
    for key in ints:
        value = meta.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise reader.fail(_damaged(Sentence(QT_TR_NOOP(
                "metadata field {key} is missing or invalid"), key=repr(key))))
    n, per = meta["events"], meta["chunk_events"]
    if per < 1 or meta["chunks"] != (n + per - 1) // per:
        raise reader.fail(_damaged(Sentence(QT_TR_NOOP(
            "its event count and chunk count disagree"))))
    if meta.get("task_dtype") not in ("int32", "int64"):
        raise reader.fail(_damaged(Sentence(QT_TR_NOOP("unknown task column type"))))
    gaps = meta.get("gaps")
    if not isinstance(gaps, list):
        raise reader.fail(_damaged(Sentence(QT_TR_NOOP("the list of dropped events is missing"))))
    last = -1
    for gap in gaps:
        if not (isinstance(gap, list) and len(gap) == 2
                and all(isinstance(x, int) and not isinstance(x, bool) for x in gap)
                and last <= gap[0] <= n and gap[1] > 0):
            raise reader.fail(_damaged(Sentence(QT_TR_NOOP(
                "the list of dropped events is invalid"))))
        last = gap[0]
    return meta


def _tasks_from(reader: _Reader, table: object, count: int) -> dict[int, TaskInfo]:
    keys = ("serial", "name", "coro", "site", "parent", "eager")
    if not isinstance(table, dict) or not all(
            isinstance(table.get(k), list) and len(table[k]) == count for k in keys):
        raise reader.fail(_damaged(Sentence(QT_TR_NOOP("the task table is incomplete"))))
    tasks: dict[int, TaskInfo] = {}
    for serial, name, coro, site, parent, eager in zip(*(table[k] for k in keys),
                                                       strict=True):
        if not (isinstance(serial, int) and isinstance(parent, int)
                and isinstance(name, str) and isinstance(coro, str)
                and isinstance(site, str) and isinstance(eager, bool)):
            raise reader.fail(_damaged(Sentence(QT_TR_NOOP("a task entry is invalid"))))
        tasks[serial] = TaskInfo(serial, name, coro, site, parent, eager)
    return tasks


def _restore_store(store: EventStore, meta: dict[str, Any], n: int) -> None:
    """Fill in what ``EventStore.append`` would have computed from the seq numbers.

    The store keeps no seq column (see :mod:`app.trace.store`): its drop bookkeeping is what
    rebuilds seq numbers and tells the reducer where events were lost, so it is restored
    exactly as it was saved.
    """
    store.set_length(n)
    store.restore_drops(meta["first_seq"], meta["last_seq"], meta["dropped"],
                        [(int(i), int(lost)) for i, lost in meta["gaps"]])


def _cannot_open(path: Path, reason: object) -> Sentence:
    return Sentence(QT_TR_NOOP("cannot open {file}: {reason}"), file=path, reason=reason)


def _open(path: str | os.PathLike[str]) -> tuple[BinaryIO, Path, int]:
    p = Path(path)
    try:
        f = open(p, "rb")  # noqa: SIM115 - closed by the caller's with-block
    except FileNotFoundError:
        raise TraceFileError(_cannot_open(p, Sentence(QT_TR_NOOP("no such file"))), p) from None
    except IsADirectoryError:
        raise TraceFileError(_cannot_open(p, Sentence(QT_TR_NOOP("it is a folder, not a file"))),
                             p) from None
    except OSError as exc:
        raise TraceFileError(_cannot_open(p, exc.strerror or exc), p) from None
    try:
        size = os.fstat(f.fileno()).st_size
    except OSError as exc:
        f.close()
        raise TraceFileError(_cannot_open(p, exc.strerror or exc), p) from None
    return f, p, size


def _read_head(reader: _Reader) -> tuple[int, dict[str, Any], SessionInfo]:
    version = reader.header()
    meta = _check_meta(reader, reader.json(reader.expect(b"META", _METADATA), _METADATA))
    try:
        info = SessionInfo.from_json(meta.get("session", {}))
    except ValueError as exc:
        detail = exc.args[0] if exc.args and isinstance(exc.args[0], Sentence) else \
            Sentence("{reason}", reason=exc)  # (a message from Python: as it is)
        raise reader.fail(_damaged(detail)) from None
    return version, meta, info


def peek(path: str | os.PathLike[str]) -> FileSummary:
    """The metadata of a session file, without reading its events (for a file dialog or a
    recent-files list). Raises :class:`TraceFileError` like :func:`load` for a file that is
    not a session; damage further in is found only by :func:`load`."""
    f, p, size = _open(path)
    with f:
        try:
            reader = _Reader(f, p, size)
            version, meta, info = _read_head(reader)
        except OSError as exc:
            raise TraceFileError(_cannot_open(p, exc.strerror or exc), p) from None
    return FileSummary(str(p), version, meta["events"], meta["strings"], meta["tasks"],
                       meta["dropped"], info, size)


def load(path: str | os.PathLike[str], *, progress: Progress | None = None,
         cancelled: Cancelled | None = None) -> Session:
    """Read a session file into a new :class:`Session` (a new store; nothing else changes).

    ``progress(done, total)`` is called with event counts after each chunk (so a dialog can
    show a bar); ``cancelled()`` is polled between chunks and, if it returns True, loading
    stops with :class:`TraceFileCancelled`. Any problem with the file raises
    :class:`TraceFileError` whose message names it.
    """
    f, p, size = _open(path)
    with f:
        try:
            return _load(_Reader(f, p, size), progress, cancelled)
        except TraceFileError:
            raise
        except OSError as exc:
            raise TraceFileError(_cannot_open(p, exc.strerror or exc), p) from None
        except MemoryError:
            raise TraceFileError(_cannot_open(p, Sentence(QT_TR_NOOP(
                "not enough memory for {size:,} bytes of session"), size=size)), p) from None


def _load(reader: _Reader, progress: Progress | None, cancelled: Cancelled | None) -> Session:
    version, meta, info = _read_head(reader)
    strings = reader.json(reader.expect(b"STRS", _STRING_TABLE), _STRING_TABLE)
    if not (isinstance(strings, list) and len(strings) == meta["strings"]
            and all(isinstance(s, str) for s in strings)):
        raise reader.fail(_damaged(Sentence(QT_TR_NOOP("the string table is invalid"))))
    if not strings:
        strings = [""]
    table = reader.json(reader.expect(b"TASK", _TASK_TABLE), _TASK_TABLE)
    tasks = _tasks_from(reader, table, meta["tasks"])

    n, per = meta["events"], meta["chunk_events"]
    task_dtype = np.dtype(meta["task_dtype"])
    store = EventStore(strings, tasks, capacity=n)
    if task_dtype != store._task.dtype:
        store._task = store._task.astype(task_dtype)
    columns: tuple[np.ndarray, ...] = (store._ts, store._kind, store._task, store._a, store._b,
                                       store._c)
    dtypes = [c.dtype for c in columns]
    row_bytes = sum(d.itemsize for d in dtypes)
    done = 0
    for k in range(meta["chunks"]):
        if cancelled is not None and cancelled():
            raise TraceFileCancelled(Sentence(QT_TR_NOOP("opening was cancelled")),
                                     reader.path)
        expected = min(per, n - done)
        what = Sentence(QT_TR_NOOP("event chunk {k} of {chunks} (events {first:,}–{last:,})"),
                        k=k + 1, chunks=meta["chunks"], first=done, last=done + expected - 1)
        raw = memoryview(reader.expect(b"EVTS", what))
        if len(raw) < _CHUNK_PREFIX.size:
            raise reader.fail(_damaged(Sentence(QT_TR_NOOP("{what} is too short"), what=what)))
        m, task_size = _CHUNK_PREFIX.unpack_from(raw)
        if m != expected or task_size != task_dtype.itemsize or \
                len(raw) != _CHUNK_PREFIX.size + m * row_bytes:
            raise reader.fail(_damaged(Sentence(QT_TR_NOOP("{what} has the wrong size"),
                                                what=what)))
        pos = _CHUNK_PREFIX.size
        for col, dtype in zip(columns, dtypes, strict=True):
            width = m * dtype.itemsize
            col[done:done + m] = _unshuffle(raw[pos:pos + width], dtype, m)
            pos += width
        # Timestamps were stored as deltas from the previous event of the same chunk.
        np.cumsum(store._ts[done:done + m], out=store._ts[done:done + m])
        done += m
        if progress is not None:
            progress(done, n)
    reader.expect(b"END ", _END_MARKER)
    _restore_store(store, meta, n)
    store.seal()  # a saved session is what was saved: nothing is appended to it
    if progress is not None and n == 0:
        progress(0, 0)
    return Session(store, info, version)
