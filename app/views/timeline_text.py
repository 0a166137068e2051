"""What the timeline says in words: each row's label, and what lies under the pointer (the
info line's text).

Every sentence goes through ``tr``, the view's own translate (context TimelineView), as the
Describer of :mod:`app.trace.text` does.
"""

from __future__ import annotations

from app.model.lanes import SUMMARY, LaneKind, Style, band_at, band_styles
from app.model.loop_lanes import peer_mark_fields
from app.model.timeline import TimelineData
from app.trace.store import EventStore
from app.trace.text import Describer, Translate, fmt_ns
from app.views.timeline_legend import style_text


def time_text(x: float, span: float) -> str:
    """Seconds since the start, with as many digits as the visible span makes meaningful."""
    if span < 2e-3:
        return f"{x * 1e3:.4f} ms"
    if span < 2.0:
        return f"{x * 1e3:.2f} ms"
    return f"{x:.4f} s"


def lane_describer(data: TimelineData, store: EventStore | None, tr: Translate) -> Describer:
    """A Describer of the recording, naming its poll call after its backend (epoll until the
    recording says)."""
    backend = "epoll"
    if store is not None and data.backend_sid:
        backend = store.string(data.backend_sid)
    strings = store.strings if store is not None else [""]
    name = store.task_name if store is not None else str
    return Describer(strings, name, backend, tr)


def row_label(tr: Translate, data: TimelineData, store: EventStore | None, kind: int, ref: int,
              selected: int, summary: tuple[int, int]) -> str:
    """The label of a row of kind ``kind`` (a LaneKind or SUMMARY) and reference ``ref`` (a
    task slot or a lane index): a task's name (marked if it is task ``selected``), the poll
    call, "event loop", a thread's name, or how many tasks the summary row holds
    (``summary``: finished before the window, starting after it)."""
    if kind == SUMMARY:
        before, after = summary
        parts = []
        if before:
            parts.append(tr("{n} done earlier").format(n=before))
        if after:
            parts.append(tr("{n} later").format(n=after))
        return "▸ " + " · ".join(parts)
    if kind == LaneKind.TASK:
        serial = int(data.slot_serial[ref])
        name = store.task_name(serial) if store is not None else str(serial)
        return f"▶ {name}" if serial == selected else name
    lane = data.lanes[ref]
    if lane.kind == LaneKind.POLL:
        return tr("poll: {call}").format(call=lane_describer(data, store, tr).wait_call())
    if lane.kind == LaneKind.LOOP:
        return tr("event loop")
    name = store.string(lane.key) if store is not None else str(lane.key)
    return tr("thread {name}").format(name=name)


def point_text(tr: Translate, data: TimelineData, store: EventStore | None, at: str,
               label: str, kind: int, ref: int, ts: int, end_ts: int, slack: int, frac: float
               ) -> str:
    """What lies at time ``ts`` (ns) in the row ``kind`` / ``ref`` labelled ``label``, at
    ``frac`` of its height: ``at`` (where the pointer is), the row, and the bar there (a
    lane's bar or mark within ``slack`` ns, in the band under the pointer). Open intervals
    end at ``end_ts``."""
    if kind == LaneKind.TASK:
        hit = data.task_bar_at(ref, ts, end_ts)
        if hit is None:
            return f"{at} · {label}"
        start, end, _, style = hit
        return tr("{at} · {task}: {state} for {d}").format(
            at=at, task=label,
            state=tr(style_text(Style(style), lane_describer(data, store, tr).completion)),
            d=fmt_ns(end - start))
    if kind == SUMMARY:
        return f"{at} · {label}"
    lane_kind = data.lanes[ref].kind
    styles = band_styles(lane_kind, band_at(lane_kind, frac))
    hit2 = data.lane_bar_at(ref, ts, slack, end_ts, styles)
    if hit2 is None:
        return f"{at} · {label}"
    start, end, style, value = hit2
    describer = lane_describer(data, store, tr)
    completion = describer.completion
    what = tr(style_text(Style(style), completion))
    if style == Style.MARK_PEER_IO:  # ② fire: what the peer did, to which fd
        what = f"② {describer.peer_io(*peer_mark_fields(value))}"
    elif style in (Style.MARK_FD_READ, Style.MARK_FD_WRITE, Style.MARK_SELF_PIPE):
        what = tr("{what} (handle {fd})").format(what=what, fd=value) if completion \
            else tr("{what} (fd {fd})").format(what=what, fd=value)
    elif style == Style.POLL_BLOCKED:
        what = tr("{what} {d} (timeout {t})").format(
            what=what, d=fmt_ns(end - start), t=fmt_ns(value))
    elif style == Style.RUNNING and value and store is not None:
        what = tr("running a step of {task} for {d}").format(
            task=store.task_name(value), d=fmt_ns(end - start))
    elif style not in (Style.MARK_THREAD_WAKE,):
        what = f"{what} {fmt_ns(end - start)}"
    return f"{at} · {label}: {what}"
