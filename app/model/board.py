"""The board's model: where each task's token goes, and the words under it (pure, Qt-free).

The board view only paints what this module, :mod:`app.model.board_layout` (the scene's
geometry) and :mod:`app.model.board_motion` (glides, arrows and pacing over time) compute:

- :func:`layout` puts every live task in one *area* — the kernel side (interest list, the last
  wait; on IOCP the outstanding overlapped operations and the completion packets the last
  ``GetQueuedCompletionStatus`` dequeued), *registered* split by reason (I/O, timers
  ordered by deadline, another task / a future, a thread), the *ready queue* in FIFO order,
  the *running* slot, and recently *done* — and gives it a slot; an area with more tasks
  than slots shows a counted chip instead of the rest;
- :func:`caption` says in plain words what an event was, and which of the four steps of the
  readiness flow it is (register, fire, harvest, handle) — or, on IOCP, of the completion
  flow (start the operation, the kernel completes it, dequeue its packet, handle);
- :func:`wake_arrow` names the cause of a wake-up (an fd row, a timer, a task, a thread) so the
  view can draw an arrow from it to the task that became ready.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from app.model.board_layout import arrange
from app.model.state import (
    DONE,
    READY,
    REGISTERED,
    RUNNING,
    PollInfo,
    SchedulerState,
)
from app.trace.events import WAIT_UNKNOWN, Cause, Ev, Outcome, Wait
from app.trace.store import EventStore
from app.trace.text import Describer, Translate, fmt_elapsed, fmt_ns, mask_words

SLOW_STEP_NS = 100_000_000  # a step over this turns the running slot alarming (100 ms)
RECENT_DONE = 12
DONE_FADE_NS = 3_000_000_000

REGISTERED_AREA = {
    Wait.FD_READ: "io", Wait.FD_WRITE: "io", Wait.TIMER: "timer", Wait.TASK: "waiting",
    Wait.FUTURE: "waiting", Wait.THREAD: "thread", WAIT_UNKNOWN: "waiting",
}


def colour_index(serial: int, palette: int = 12) -> int:
    """A stable colour per task (neighbouring serials get distinct colours)."""
    return (serial * 7) % palette


@dataclass(frozen=True, slots=True)
class Token:
    serial: int
    area: str
    slot: int
    label: str
    detail: str  # why it is there, in words (tooltip and second line)
    alarm: bool = False  # running longer than the slow-step threshold
    fade: float = 1.0  # 1 = opaque; done tokens fade out


@dataclass(frozen=True, slots=True)
class Chip:
    """Tasks an area has no slot for: counted, not drawn."""

    area: str
    slot: int
    count: int


@dataclass(frozen=True, slots=True)
class FdRow:
    """A row of the kernel area: an fd of the interest list, or (IOCP) an outstanding
    overlapped operation or a completion packet the last wait dequeued."""

    fd: int  # the fd (IOCP: the socket handle)
    mask: int
    owner: str
    fired: int  # mask returned by the last poll (0 = not returned; IOCP: a dequeued packet)
    self_pipe: bool
    text: str = ""  # the row's words
    header: bool = False  # a section's title (IOCP), not an fd or an operation


@dataclass
class BoardModel:
    tokens: dict[int, Token] = field(default_factory=dict)
    chips: dict[str, Chip] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    fd_rows: list[FdRow] = field(default_factory=list)
    kernel_title: str = ""  # the kernel area's title: what its rows are
    io_title: str = ""  # the registered I/O area's title: what its tasks wait for
    kernel_count: str = ""  # "3 fds" / (IOCP) "2 pending"
    no_rows_text: str = ""  # the kernel area with no row
    wait_text: str = ""  # "blocked in epoll_wait(timeout = 120 ms) for 35 ms" / last result
    blocked: bool = False
    waited_ns: int = 0  # blocked: how long the wait has lasted at the layout's clock
    running_text: str = ""  # a running callback, or the running step's time
    ready_callbacks: int = 0  # plain callbacks in the ready queue (not tokens)

    @property
    def running_alarm(self) -> bool:
        """A running step has lasted longer than the slow-step threshold."""
        return any(token.alarm for token in self.tokens.values() if token.area == "running")


#: A token's making: serial, label, detail, alarm, fade (see :class:`Token`).
Entry = tuple[int, str, str, bool, float]


def _place(model: BoardModel, area: str, count: int, first: list[Entry]) -> None:
    """``count`` tasks in ``area``, ``first`` the words of those given a slot (as many as
    :func:`arrange` gives, in order); the rest become one counted chip in the last slot."""
    model.counts[area] = count
    shown, more = arrange(area, count)
    for slot, (serial, label, detail, alarm, fade) in enumerate(first[:shown]):
        model.tokens[serial] = Token(serial, area, slot, label, detail, alarm, fade)
    if more:
        model.chips[area] = Chip(area, shown, more)


def returned_text(poll: PollInfo, tr: Translate) -> str:
    """What the last wait returned: the fds named so far (each by an FD_EVENT after the
    POLL_END that counts them), how many when some are still to be named, or nothing."""
    named = ", ".join(tr("fd {fd} {mask}").format(fd=fd, mask=mask_words(m, tr, short=True))
                      for fd, m, _ in poll.fds)
    if poll.nevents <= 0:
        return named or tr("nothing (timeout)")
    if not named:
        return tr("{n} event(s), named next,").format(n=poll.nevents)
    if len(poll.fds) < poll.nevents:
        return tr("{named}, … ({n} event(s))").format(named=named, n=poll.nevents)
    return named


def dequeued_text(poll: PollInfo, describer: Describer) -> str:
    """What the last ``GetQueuedCompletionStatus`` dequeued: the operations completed."""
    tr = describer.tr
    if not poll.fds:
        return tr("no completion (timeout)") if poll.nevents <= 0 else \
            tr("{n} completion(s)").format(n=poll.nevents)
    return ", ".join(tr("{op} on handle {h}").format(op=describer.operation(op), h=fd)
                     for fd, _, op in poll.fds)


def _interest_rows(model: BoardModel, state: SchedulerState, describer: Describer,
                   self_pipe: int) -> None:
    """Readiness (epoll, kqueue, poll, select): one row per fd of the interest list, lit when
    the last wait returned it."""
    tr = describer.tr
    poll = state.poll
    fired: dict[int, int] = {}
    if not poll.in_poll:
        for fd, m, _ in poll.fds:  # kqueue returns one event per filter: read, then write
            fired[fd] = fired.get(fd, 0) | m
    rows = []
    for fd, info in sorted(state.fds.items()):
        owner = tr("self-pipe: wakes the loop from other threads") if fd == self_pipe \
            else describer.s(info.owner)
        rows.append(FdRow(fd, info.mask, describer.s(info.owner), fired.get(fd, 0),
                          fd == self_pipe, tr("fd {fd} · {mask} · {owner}").format(
                              fd=fd, mask=mask_words(info.mask, tr, short=True),
                              owner=owner)))
    model.fd_rows = rows
    model.kernel_title = tr("Kernel — the OS event queue")
    model.io_title = tr("Registered · I/O (fd)")
    model.kernel_count = tr("{n} fds").format(n=len(rows))
    model.no_rows_text = tr("no fd registered")


def _completion_rows(model: BoardModel, state: SchedulerState, describer: Describer,
                     now: int, self_pipe: int) -> None:
    """Completion (IOCP), in two sections: the completion queue — the packets the current or
    last ``GetQueuedCompletionStatus`` dequeued (recorded inside the wait, as it drains the
    port) — then every overlapped operation still outstanding, oldest first, with how long
    the kernel has had it."""
    tr = describer.tr
    poll = state.poll
    # While the call drains the port, a packet it dequeued ends its operation one event
    # later (FD_UNREGISTER follows FD_EVENT): listed as dequeued, not also as outstanding.
    draining = {(fd, mask) for fd, mask, _ in poll.fds} if poll.in_poll else set()
    pending = sorted(((key, info) for key, info in state.operations.items()
                      if key not in draining), key=lambda item: (item[1].since, item[0]))
    rows = [FdRow(-1, 0, "", 0, False, tr("Completion queue — dequeued:"), header=True)]
    for fd, mask, op in poll.fds:
        rows.append(FdRow(fd, mask, describer.s(op), mask, fd == self_pipe, tr(
            "✓ {op} · handle {h}").format(op=describer.operation(op), h=fd)))
    if not poll.fds:
        rows.append(FdRow(-1, 0, "", 0, False, tr("(none yet)") if poll.in_poll or not
                          poll.count else tr("(none: the wait timed out)"), header=True))
    rows.append(FdRow(-1, 0, "", 0, False, tr("Outstanding operations:"), header=True))
    for (fd, _), info in pending:
        what = tr("{op} · handle {h} · for {t}").format(
            op=describer.operation(info.owner), h=fd, t=fmt_elapsed(max(0, now - info.since)))
        if fd == self_pipe:  # always outstanding: named rather than timed
            what = tr("{op} · handle {h} · self-pipe").format(
                op=describer.operation(info.owner), h=fd)
        rows.append(FdRow(fd, info.mask, describer.s(info.owner), 0, fd == self_pipe, what))
    if not pending:
        rows.append(FdRow(-1, 0, "", 0, False, tr("(none)"), header=True))
    model.fd_rows = rows
    model.kernel_title = tr("Kernel — completion port")
    model.io_title = tr("Registered · I/O (an operation in flight)")
    model.kernel_count = tr("{n} pending").format(n=len(pending))
    if poll.in_poll and poll.fds:  # the port had packets: the call drains, it does not block
        model.blocked = False
        model.wait_text = tr("{call} is dequeuing completion packets: {n} so far").format(
            call=describer.wait_call(), n=len(poll.fds))


def kernel_side(model: BoardModel, state: SchedulerState, describer: Describer,
                now: int) -> None:
    """The kernel area of ``model``: the wait (is the loop thread blocked, for how long, what
    did the last wait return) and the rows under it (the board and the state view show
    both)."""
    tr = describer.tr
    poll = state.poll
    call = describer.wait_call()
    if poll.in_poll:
        timeout = tr("forever") if poll.timeout < 0 else fmt_ns(poll.timeout)
        waited = max(0, now - poll.begin_ts)
        if poll.timeout >= 0:  # the kernel returns by the deadline: never claim longer
            waited = min(waited, poll.timeout)
        model.waited_ns = waited
        model.wait_text = tr("blocked in {call}(timeout = {t}) for {e}").format(
            call=call, t=timeout, e=fmt_elapsed(waited))
        model.blocked = True
    elif poll.count:
        what = dequeued_text(poll, describer) if describer.completion \
            else returned_text(poll, tr)
        model.wait_text = tr("last {call} returned {what} after {t}").format(
            call=call, what=what, t=fmt_elapsed(poll.blocked_ns))
    self_pipe = state.loop.self_pipe_fd if state.loop else -1
    if describer.completion:
        _completion_rows(model, state, describer, now, self_pipe)
    else:
        _interest_rows(model, state, describer, self_pipe)


def layout(state: SchedulerState, store: EventStore, describer: Describer,
           now: int | None = None, slow_step_ns: int = SLOW_STEP_NS) -> BoardModel:
    """Where every task is in ``state`` (``now``: the clock for "for how long", in ns).

    Every task is counted in its area, but only the tasks given a slot are worded: with a
    thousand tasks most stand behind a counted chip, and naming and timing each of them
    (a name, a formatted duration, a sentence) was most of a live frame's layout."""
    now = state.ts if now is None else max(now, state.ts)
    tr = describer.tr
    name = store.task_name
    tasks = state.tasks
    model = BoardModel()
    kernel_side(model, state, describer, now)
    # The templates a token's words are made of, translated once per layout, not once per
    # task: a thousand timer tokens would otherwise ask for "timer due in {t}" a thousand times.
    due, overdue = tr("timer due in {t}"), tr("timer overdue by {t}")
    waits_for, unknown_wait = tr("waits for {what} · for {t}"), tr("unknown (events were dropped)")
    ready_because, step_running = tr("ready because {why} · for {t}"), tr("step running for {t}")
    outcome_words: dict[int, str] = {Outcome.OK: tr("finished"),
                                     Outcome.CANCELLED: tr("cancelled")}
    outcome_error = tr("error: {e}")

    def registered_words(serial: int) -> Entry:
        task = tasks[serial]
        if task.wait == Wait.TIMER:
            left = task.wait_detail - now
            detail = due.format(t=fmt_elapsed(left)) if left >= 0 else \
                overdue.format(t=fmt_ns(-left))
        else:
            what = describer.wait(task.wait, task.wait_detail, task.wait_c) \
                if task.wait != WAIT_UNKNOWN else unknown_wait
            detail = waits_for.format(what=what, t=fmt_elapsed(max(0, now - task.since)))
        return serial, name(serial), detail, False, 1.0

    # Sort keys only, per area: (deadline, serial) for timers, (fd, serial) for I/O, (since,
    # serial) for the rest; serials are unique, so no two keys tie.
    registered: dict[str, list[tuple[int, int]]] = {
        "io": [], "timer": [], "waiting": [], "thread": []}
    running: list[Entry] = []
    done: list[tuple[int, int]] = []  # (finished at, serial)
    for serial, task in tasks.items():
        state_ = task.state
        if state_ == REGISTERED:
            area = REGISTERED_AREA.get(task.wait, "waiting")
            registered[area].append((task.wait_detail, serial) if area in ("timer", "io")
                                    else (task.since, serial))
        elif state_ == RUNNING:
            ran = max(0, now - task.step_start)
            running.append((serial, name(serial), step_running.format(t=fmt_elapsed(ran)),
                            ran > slow_step_ns, 1.0))
        elif state_ == DONE:
            done.append((task.since, serial))
    for area, keys in registered.items():
        shown, _ = arrange(area, len(keys))
        _place(model, area, len(keys),
               [registered_words(serial) for _, serial in heapq.nsmallest(shown, keys)])
    running_serials = {entry[0] for entry in running}
    queued_tasks: list[int] = []  # the ready queue's tasks, head first
    for is_task, serial in state.ready:
        if not is_task:
            model.ready_callbacks += 1
            continue
        queued = tasks.get(serial)
        if queued is not None and queued.state in (READY, RUNNING) \
                and serial not in model.tokens and serial not in running_serials:
            queued_tasks.append(serial)
    shown, _ = arrange("ready", len(queued_tasks))
    ready: list[Entry] = []
    for serial in queued_tasks[:shown]:
        queued = tasks[serial]
        why = describer.cause(queued.cause, queued.cause_detail, queued.cause_mask, serial)
        ready.append((serial, name(serial), ready_because.format(
            why=why, t=fmt_elapsed(max(0, now - queued.since))), False, 1.0))
    _place(model, "ready", len(queued_tasks), ready)
    _place(model, "running", len(running), running)
    if state.running is not None and not state.running[0]:
        model.running_text = tr("callback {name}").format(name=describer.s(state.running_name))
    model.counts["done"] = len(done) + state.done_earlier
    model.counts["done_earlier"] = state.done_earlier  # finished before the events held
    for slot, (since, serial) in enumerate(heapq.nlargest(RECENT_DONE, done)):
        task = tasks[serial]
        detail = outcome_words.get(task.outcome) or outcome_error.format(
            e=describer.s(task.outcome_text))
        fade = max(0.25, 1.0 - max(0, now - since) / DONE_FADE_NS)
        model.tokens[serial] = Token(serial, "done", slot, name(serial), detail, False, fade)
    return model


# -- captions: what the last event was, and which step of the readiness flow -----------------------
FLOW_STEPS = ("register", "fire", "harvest", "handle")
#: How far back (events) a caption looks for what it needs: the READY that queued a handle
#: or woke a task (④), the POLL_BEGIN of a wait (was ② recorded in it?), a unit's opening.
#: A handle runs at most a loop iteration after it was queued, so a few thousand suffice.
LOOKBACK = 4096
_UNIT_OPENINGS = (int(Ev.POLL_BEGIN), int(Ev.TIMER_FIRED), int(Ev.STEP_BEGIN),
                  int(Ev.CALLBACK_BEGIN))


def flow_step(kind: int, a: int, b: int, completion: bool = False) -> int:
    """0 register, 1 fire, 2 harvest, 3 handle, -1 none (for the event (kind, a, b) alone;
    :func:`flow_step_at` also finds ④, which needs what came before).

    Readiness (the note's order): ① FD_REGISTER / FD_MODIFY; ② PEER_IO, a peer's I/O that
    makes a loop fd ready while the loop is blocked (recorded when a peer did it; otherwise
    ② happened in the kernel with no event, and ③'s caption says so); ③ the wait's return
    with events (POLL_END) and each fd it returned (FD_EVENT); ④ the fd's callback *running*
    (CALLBACK_BEGIN) or the step of the task the fd woke (STEP_BEGIN). A handle joining the
    ready queue (CALLBACK_READY / TASK_READY with cause FD) is no step of its own.

    On a completion queue (IOCP) the steps are: 0 start an overlapped operation, 1 the
    kernel performs it and queues a packet (inside the kernel: an event only when a peer's
    I/O was recorded), 2 ``GetQueuedCompletionStatus`` dequeues the packet (FD_EVENT, inside
    the wait, and the wait's return), 3 the completion callback sets the future and the task
    becomes ready."""
    if kind in (Ev.FD_REGISTER, Ev.FD_MODIFY):
        return 0
    if kind == Ev.PEER_IO:
        return 1
    if kind == Ev.FD_EVENT:
        return 2
    if kind == Ev.POLL_END and a > 0:
        return 2
    if completion and ((kind == Ev.TASK_READY and a == Cause.FD)
                       or (kind == Ev.CALLBACK_READY and b == Cause.FD)):
        return 3
    return -1


def _last(where: np.ndarray, lo: int) -> int:
    """The store index of the last True of ``where`` (a mask over events from ``lo``), or
    -1."""
    hits = np.flatnonzero(where)
    return lo + int(hits[-1]) if len(hits) else -1


def fd_handled(store: EventStore, index: int) -> bool:
    """Whether event ``index`` starts handling an fd (④ of the readiness flow): a callback
    run (CALLBACK_BEGIN) whose CALLBACK_READY had cause FD, or a task step (STEP_BEGIN)
    whose TASK_READY had cause FD."""
    kind = int(store.kind[index])
    lo = max(0, index - LOOKBACK)
    if kind == Ev.CALLBACK_BEGIN:
        handle = int(store.a[index])
        queued = _last((store.kind[lo:index] == Ev.CALLBACK_READY)
                       & (store.a[lo:index] == handle), lo)
        return queued >= 0 and int(store.b[queued]) == Cause.FD
    if kind == Ev.STEP_BEGIN:
        task = int(store.task[index])
        woken = _last((store.kind[lo:index] == Ev.TASK_READY)
                      & (store.task[lo:index] == task), lo)
        return woken >= 0 and int(store.a[woken]) == Cause.FD
    return False


def flow_step_at(store: EventStore, index: int, completion: bool = False) -> int:
    """:func:`flow_step` of event ``index``, with ④ found from what came before it."""
    kind = int(store.kind[index])
    if not completion and kind in (Ev.CALLBACK_BEGIN, Ev.STEP_BEGIN):
        return 3 if fd_handled(store, index) else -1
    return flow_step(kind, int(store.a[index]), int(store.b[index]), completion)


def _fired_in_wait(store: EventStore, index: int) -> bool:
    """Whether a PEER_IO was recorded in the wait that event ``index`` follows (since its
    POLL_BEGIN)."""
    lo = max(0, index - LOOKBACK)
    began = _last(store.kind[lo:index] == Ev.POLL_BEGIN, lo)
    return began >= 0 and bool((store.kind[began:index] == Ev.PEER_IO).any())


def caption(store: EventStore, index: int, describer: Describer) -> tuple[str, int]:
    """(sentence, flow step) for the event at ``index`` of ``store``."""
    kind = int(store.kind[index])
    task = int(store.task[index])
    a, b, c = int(store.a[index]), int(store.b[index]), int(store.c[index])
    text = describer.event(kind, task, a, b, c)
    completion = describer.completion
    step = flow_step_at(store, index, completion)
    tr = describer.tr
    call = describer.wait_call()
    # Each caption is one template around the event's sentence ({event}): the translation
    # decides the punctuation and word order between them.
    if kind == Ev.POLL_BEGIN:
        template = tr("The loop thread blocks on the completion port until a packet is "
                      "queued or the deadline passes: {event}") if completion else \
            tr("The loop thread blocks in the kernel until an fd fires or the deadline "
               "passes: {event}")
        return template.format(event=text), step
    if completion:
        captions = {
            0: tr("① start — the loop hands the kernel an operation and a buffer (an "
                  "OVERLAPPED): {event}"),
            1: tr("② complete — a peer's I/O lets the kernel complete an outstanding "
                  "operation and queue its packet: {event}"),
            2: tr("③ dequeue — the kernel has done the I/O and queued a completion "
                  "packet (②, inside the kernel); {call} takes it off the port: "
                  "{event}"),
            3: tr("④ handle — the completion callback sets the operation's future; "
                  "the task awaiting it joins the ready queue: {event}"),
        }
    else:
        harvest = tr("③ harvest — {call} returns only the fds that fired: {event}") \
            if _fired_in_wait(store, index) else \
            tr("③ harvest — the kernel had marked the fd ready while the loop was blocked "
               "(② fire); {call} returns only the fds that fired: {event}")
        captions = {
            0: tr("① register — {how}: {event}"),
            1: tr("② fire — while the loop is blocked, the kernel marks a loop fd ready: "
                  "{event}"),
            2: harvest,
            3: tr("④ handle — the fd's callback runs: {event}") if kind == Ev.CALLBACK_BEGIN
            else tr("④ handle — the task the fd woke runs: {event}"),
        }
        if kind == Ev.CALLBACK_READY and b == Cause.FD:
            return tr("The fd's callback joins the ready queue; it runs (④ handle) when the "
                      "loop reaches it: {event}").format(event=text), step
        if kind == Ev.TASK_READY and a == Cause.FD:
            return tr("The task the fd woke joins the ready queue; its step (④ handle) runs "
                      "when the loop reaches it: {event}").format(event=text), step
    if step not in captions:
        return text, step
    how = describer.register_text() if step == 0 and not completion else ""
    return captions[step].format(event=text, call=call, how=how), step


def unit_caption(store: EventStore, index: int, describer: Describer) -> tuple[str, int]:
    """The caption of event ``index`` for a board that shows one unit at a time: one line per
    flow step the unit's events reached up to ``index``, in order (each the caption of the
    last event of that step: "③ harvest … fd 7: readable"), then the caption of ``index``
    itself when it is no flow step. The step is that of the last flow line (or of
    ``index`` when none). A unit is the events from the last unit-opening event at or
    before ``index`` (a POLL's ② and ③ both belong to its unit)."""
    lo = max(0, index - LOOKBACK)
    opened = _last(np.isin(store.kind[lo:index + 1], _UNIT_OPENINGS), lo)
    first = opened if opened >= 0 else index
    completion = describer.completion
    kinds = store.kind[first:index + 1].tolist()
    a_l, b_l = store.a[first:index + 1].tolist(), store.b[first:index + 1].tolist()
    last_of: dict[int, int] = {}  # flow step -> the index of its last event in the unit
    last_step = -1
    for j, (kind, a, b) in enumerate(zip(kinds, a_l, b_l, strict=True), first):
        # Only a unit's opening can be ④ (it needs a look back); the rest are decided alone.
        step = flow_step_at(store, j, completion) if j == first \
            else flow_step(kind, a, b, completion)
        if step >= 0:
            last_of[step] = j
            last_step = step
    ordered = [caption(store, last_of[s], describer)[0] for s in sorted(last_of)]
    text, step = caption(store, index, describer)
    if step < 0:
        ordered.append(text)
    return "\n".join(ordered), last_step if last_step >= 0 else step


class Arrow(NamedTuple):
    source: str  # "fd", "timer", "task", "thread", "control"
    detail: int  # fd / timer serial / task serial / thread string id
    target: int  # the task that became ready


def wake_arrow(store: EventStore, index: int) -> Arrow | None:
    """The cause of a TASK_READY at ``index`` as an arrow source (None for other events)."""
    if int(store.kind[index]) != Ev.TASK_READY:
        return None
    cause, detail, target = int(store.a[index]), int(store.b[index]), int(store.task[index])
    sources: dict[int, str] = {Cause.FD: "fd", Cause.TIMER: "timer", Cause.TASK: "task",
                               Cause.THREAD: "thread", Cause.CONTROL: "control"}
    source = sources.get(cause)
    if source is None or (source == "task" and detail == target):
        return None
    return Arrow(source, detail, target)


def recent_wakeups(store: EventStore, start: int, end: int, limit: int = 3,
                   scan: int = 2000) -> list[int]:
    """Indices of the last ``limit`` TASK_READY events of ``[start, end)``, looking at its
    last ``scan`` events only (a live frame can hold tens of thousands; a few arrows say
    what woke whom). One array comparison: reading the events one by one took 1.5 ms of a
    100 k events/s frame."""
    lo = max(start, end - scan)
    return [lo + int(i) for i in np.flatnonzero(store.kind[lo:end] == int(Ev.TASK_READY))
            [-limit:]] if limit > 0 else []


def ran_during(store: EventStore, start: int, end: int, running: set[int],
               limit: int = 6) -> tuple[list[str], int]:
    """The tasks whose step began in ``[start, end)`` and that are not in ``running``: the
    names of the first ``limit`` (by serial) and how many more there were."""
    kinds = store.kind[start:end]
    ran = {int(s) for s in store.task[start:end][kinds == int(Ev.STEP_BEGIN)]} - running
    names = [store.task_name(s) for s in sorted(ran)[:limit]]
    return names, len(ran) - len(names)
