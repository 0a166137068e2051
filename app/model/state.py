"""The scheduler state the reducer computes: what a task, the ready queue, the timer heap,
the kernel interest list and the last poll look like at one event index (data types only).

:class:`SchedulerState` is one moment of the loop; :class:`TaskState` is one task in it, with
why it waits / what woke it / how it ended and its counters. The rules that move a task from
one :class:`TaskStateCode` to another are in :mod:`app.model.rules`
(:func:`~app.model.rules.task_transition`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import NamedTuple


class TaskStateCode(IntEnum):
    """The five states of a task on the board (the order is the record's time-in-state
    column order)."""

    NEW = 0  # spawned, not yet scheduled (never seen for long: TASK_READY follows at once)
    REGISTERED = 1  # waiting for something (fd, timer, task, future, thread)
    READY = 2  # in the loop's ready queue
    RUNNING = 3  # its step is executing
    DONE = 4


NEW, REGISTERED, READY, RUNNING, DONE = (int(s) for s in TaskStateCode)


#: Index of ``time_new`` in :class:`TaskState`: the time in state ``s`` is field ``_TIME_NEW + s``.
_TIME_NEW = 15


class TaskState(NamedTuple):
    """One task at one event index (immutable; times in ns)."""

    serial: int
    state: int  # TaskStateCode
    since: int  # ts it entered ``state``
    name: int  # string id of its name
    parent: int  # task serial that created it (0 = none)
    eager: int  # 1 if its first step ran eagerly inside create_task (3.12+)
    wait: int  # Wait of its last suspension (meaningful while REGISTERED); -1 = unknown
    wait_detail: int  # fd / deadline ns / task serial (by ``wait``)
    wait_c: int  # string id (FD_*, FUTURE, THREAD) or timer handle serial (TIMER)
    cause: int  # Cause of its last wake (meaningful while READY); 0 = none yet
    cause_detail: int
    cause_mask: int
    outcome: int  # Outcome once DONE (0 = not yet known)
    outcome_text: int  # string id ("Type: message" for ERROR)
    steps: int
    time_new: int  # completed time in each state, ns (add ``ts - since`` for the current one)
    time_registered: int
    time_ready: int
    time_running: int
    time_done: int
    longest_step: int
    step_start: int  # ts of its last STEP_BEGIN
    queued: int  # loop iteration its ready-queue entry was recorded in (-1 = not queued)

    def time_in(self, state: int, now: int) -> int:
        """ns spent in ``state`` up to ``now`` (the current state counts until ``now``)."""
        total: int = self[_TIME_NEW + state]
        if state == self.state and now > self.since:
            total += now - self.since
        return total


class CallbackInfo(NamedTuple):
    """A plain callback waiting in the ready queue."""

    cause: int  # Cause that scheduled it
    detail: int
    owner: int  # task that was running when it was scheduled (0 = none)
    name: int  # string id of the callback (known for timers; 0 until it runs otherwise)
    queued: int  # loop iteration it was queued in


class TimerInfo(NamedTuple):
    deadline: int  # monotonic ns
    owner: int  # task that armed it (0 = none)
    name: int  # string id of its callback


class FdInfo(NamedTuple):
    """One entry of the kernel interest list (IOCP: one outstanding overlapped operation)."""

    mask: int  # READ=1 | WRITE=2
    owner: int  # string id naming the callbacks behind the registration (IOCP: the operation)
    since: int  # ts of its FD_REGISTER / FD_MODIFY (IOCP: when the operation started)


@dataclass(frozen=True, slots=True)
class PollInfo:
    """The last POLL unit (``count`` = polls so far; 0 = none yet). (A dataclass, not a
    NamedTuple: a tuple's ``count`` method would shadow the field.)"""

    count: int
    timeout: int  # ns, -1 = block until an event
    begin_ts: int
    in_poll: bool  # the loop thread is blocked in epoll_wait / kevent / select right now
    nevents: int  # -1 while in_poll
    blocked_ns: int
    fds: tuple[tuple[int, int, int], ...]  # (fd, mask, IOCP: operation string id) returned


class LoopInfo(NamedTuple):
    self_pipe_fd: int
    backend: int  # string id
    selector_fd: int


ReadyEntry = tuple[bool, int]  # (is_task, serial): task serial or callback handle serial


@dataclass(slots=True)
class SchedulerState:
    """The scheduler after events ``[0, index)``. Independent of the reducer: mutate freely."""

    index: int
    ts: int  # timestamp of event index-1 (0 if none)
    tasks: dict[int, TaskState]
    ready: list[ReadyEntry]  # the ready queue, head first
    callbacks: dict[int, CallbackInfo]  # handle serial -> info, for callback entries of ready
    timers: dict[int, TimerInfo]  # handle serial -> timer (the loop's heap, unordered)
    fds: dict[int, FdInfo]  # the kernel interest list (readiness backends)
    poll: PollInfo
    running: ReadyEntry | None  # the task / callback whose unit is executing
    running_name: int  # string id of the running callback (0 for tasks)
    outer: ReadyEntry | None  # during an eager step: the runner whose create_task ran it
    unit: int  # number of the last unit opened
    unit_kind: int  # Unit of it (0 = none yet)
    loop: LoopInfo | None
    lost: int  # events dropped by the recorder before ``index``
    thread_wakes: int
    #: A preemptive recording (OS threads as tasks): (switch interval ns, GIL on, conditions
    #: string id). Several tasks may be RUNNING at once; ``running`` is the last one started.
    threads: tuple[int, int, int] | None = None
    #: Tasks that finished before the first event still held (a live run's retention window
    #: let their events go): counted, no longer described.
    done_earlier: int = 0
    #: A completion queue (IOCP): the overlapped operations outstanding, by (handle, mask:
    #: READ for receive/accept, WRITE for send/connect) — a handle may have one of each at
    #: once. ``fds`` is then empty: there is no interest list.
    operations: dict[tuple[int, int], FdInfo] = field(default_factory=dict)
    #: The fds known to have become ready in the kernel since the last POLL_END (that poll
    #: clears it), in the order they fired: the fd a peer's I/O made ready (PEER_IO, ② fire)
    #: and the self-pipe when another thread woke the loop (THREAD_WAKE writes to it).
    fired: tuple[int, ...] = ()

    def time_in(self, serial: int, state: int) -> int:
        return self.tasks[serial].time_in(state, self.ts)

    def ready_tasks(self) -> list[int]:
        return [serial for is_task, serial in self.ready if is_task]

    def by_state(self, state: int) -> list[int]:
        return [s for s, t in self.tasks.items() if t.state == state]

