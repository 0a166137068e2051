"""Preemptive vs cooperative: compare what the recordings of one sample, run both ways, say.

:func:`app.runtime.compare.run_both` runs a sample cooperatively (asyncio tasks on the traced
loop, on the calling thread) and then preemptively (OS threads through
:mod:`app.runtime.preemptive`), with the same parameters, one after the other.
:func:`measure` reduces each recording to the numbers that differ between the two ways of
scheduling, all computed from recorded events:

- makespan: first to last event of the run;
- timer lateness (p50 / p99 / max): how long after its deadline a task that slept actually
  ran again (the step after a Wait.TIMER, minus the deadline) — in the loop it waits for the
  running step to end; with threads, for the GIL;
- switches: how many times some task started running (running intervals begun);
- the longest uninterrupted run of any one task;
- turns (see :func:`turns`): the typical turn weighted by running time, and each task's
  median and longest turn. Not the median of all turns: the short turns of tasks that wake,
  look and wait again (a ticker: 10 µs) outnumber the few long ones, so in cpu-hog that
  median is about 0.01 ms in both modes, whether the hog keeps the loop for 300 ms steps or
  the GIL for 5 ms slices;
- CPU share per task: its running time over the makespan.

:func:`explain` turns two measurements into a few plain sentences naming the biggest
differences. The GUI thread competes for the GIL too; the conditions of each run (Python
version, GIL on/off, switch interval, cores) travel with the measurements.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from app.trace.events import Ev, Wait
from app.trace.store import EventStore
from app.trace.text import Translate, identity

_K_BEGIN, _K_END = int(Ev.STEP_BEGIN), int(Ev.STEP_END)
_W_TIMER = int(Wait.TIMER)

#: Result fields that measure *how* the work was scheduled (timings, ports, counts of ticks or
#: hog steps that depend on timing), not *what* was done: two runs of the same sample, one
#: cooperative and one on threads, agree on every other field.
SCHEDULING_FIELDS = frozenset({"max_lateness_ms", "min_lateness_ms", "ticks", "max_rtt_ms",
                               "port", "hog_steps", "per_consumer"})


class Recorded(Protocol):
    """A recorded run, as :func:`measure` reads it: its events (an
    :class:`app.runtime.compare.Run`, which the runtime makes, is one)."""

    @property
    def store(self) -> EventStore: ...


@dataclass
class Measures:
    makespan_ns: int
    lateness_ns: np.ndarray  # one per timer wake-up
    switches: int
    longest_run_ns: int
    longest_run_task: str
    #: Half of all running time was spent in turns at least this long (see weighted_median).
    typical_turn_ns: int
    #: task name -> fraction of the makespan spent running. Every task of the run is there
    #: (0.0 if it never ran): a name missing is a task this run did not have.
    cpu_share: dict[str, float]
    task_slices: dict[str, int]  # task name -> median length of its turns
    task_longest: dict[str, int]  # task name -> its longest turn

    def lateness(self, q: float) -> int:
        return int(np.percentile(self.lateness_ns, q)) if len(self.lateness_ns) else 0


def running_intervals(store: EventStore) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(task, begin ts, end ts) of every recorded running interval, in order of beginning."""
    kind, task, ts = store.kind, store.task, store.ts
    sel = np.flatnonzero((kind == _K_BEGIN) | (kind == _K_END))
    tasks, kinds, times = task[sel], kind[sel], ts[sel]
    order = np.lexsort((sel, tasks))  # per task, in event order
    tasks, kinds, times = tasks[order], kinds[order], times[order]
    pair = (kinds[:-1] == _K_BEGIN) & (kinds[1:] == _K_END) & (tasks[:-1] == tasks[1:])
    starts = np.flatnonzero(pair)
    begin, end, who = times[starts], times[starts + 1], tasks[starts]
    by_begin = np.argsort(begin, kind="stable")
    return who[by_begin], begin[by_begin], end[by_begin]


def turns(who: np.ndarray, begin: np.ndarray, end: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray]:
    """(task, length) of every turn: running intervals of one task with no other task's
    interval beginning between them, from the first one's begin to the last one's end.

    Why not the intervals themselves: a thread that the kernel takes off its core while it
    holds the GIL shows a gap in its cpu() stamps, recorded (truthfully, as inferred) as a
    preemption; but nobody else ran meanwhile. On a busy 2-core machine such gaps came every
    1-2 ms and made a 20 ms switch interval look like 2 ms slices. A turn is what the switch
    interval governs: how long a thread keeps the interpreter before another thread gets it.
    """
    if not len(who):
        return who, end - begin
    first = np.flatnonzero(np.r_[True, who[1:] != who[:-1]])
    return who[first], np.maximum.reduceat(end, first) - begin[first]


def weighted_median(lengths: np.ndarray) -> int:
    """The length L such that half of the total (or more) lies in items at least L long.

    Applied to turns, it weights each turn by its running time: nine 1 ms turns and one of
    300 ms give 300 ms (the count median says 1 ms), since 300 of the 309 ms ran in it.
    """
    if not len(lengths):
        return 0
    longest_first = np.sort(lengths)[::-1]
    reached = np.cumsum(longest_first)
    return int(longest_first[np.searchsorted(reached * 2, reached[-1])])


def busiest(a: Measures, b: Measures) -> str:
    """The task with the highest CPU share in either run, among the names both runs have
    (any name if they share none); "" if nothing ran."""
    both = set(a.task_slices) & set(b.task_slices) or set(a.task_slices) | set(b.task_slices)
    return max(sorted(both), key=lambda name: max(a.cpu_share.get(name, 0.0),
                                                  b.cpu_share.get(name, 0.0)), default="")


def timer_lateness(store: EventStore) -> np.ndarray:
    """For each sleep: the ts of the task's next running interval minus the deadline."""
    kind, task, ts, a, b = store.kind, store.task, store.ts, store.a, store.b
    sel = np.flatnonzero((kind == _K_BEGIN) | ((kind == _K_END) & (a == _W_TIMER)))
    tasks, kinds = task[sel], kind[sel]
    order = np.lexsort((sel, tasks))
    sel, tasks, kinds = sel[order], tasks[order], kinds[order]
    timer_end = (kinds[:-1] == _K_END) & (kinds[1:] == _K_BEGIN) & (tasks[:-1] == tasks[1:])
    i = np.flatnonzero(timer_end)
    deadlines = b[sel[i]]
    began = ts[sel[i + 1]]
    lateness: np.ndarray = np.maximum(began - deadlines, 0)
    return lateness


def measure(run: Recorded) -> Measures:
    store = run.store
    n = len(store)
    makespan = int(store.ts[n - 1] - store.ts[0]) if n else 0
    who, begin, end = running_intervals(store)
    lengths = end - begin
    share = {store.task_name(serial): 0.0 for serial in store.tasks}
    slices: dict[str, int] = {}
    longest_turns: dict[str, int] = {}
    longest, longest_task, typical_turn = 0, "", 0
    if len(lengths):
        k = int(np.argmax(lengths))
        longest, longest_task = int(lengths[k]), store.task_name(int(who[k]))
        totals = np.bincount(who, weights=lengths)
        turn_who, turn_lengths = turns(who, begin, end)
        for serial in np.flatnonzero(totals):
            name = store.task_name(int(serial))
            share[name] = float(totals[serial]) / max(makespan, 1)
            own = turn_lengths[turn_who == serial]
            slices[name] = int(np.median(own))
            longest_turns[name] = int(own.max())
        typical_turn = weighted_median(turn_lengths)
    return Measures(makespan, timer_lateness(store), len(lengths), longest, longest_task,
                    typical_turn, share, slices, longest_turns)


def work_fields(a: Any, b: Any) -> list[str]:
    """The fields of two results that measure work (those that measure scheduling aside), in
    the results' own order; none unless both are dicts."""
    if not isinstance(a, dict) or not isinstance(b, dict):
        return []
    return [k for k in dict.fromkeys([*a, *b]) if k not in SCHEDULING_FIELDS]


def same_work(a: Any, b: Any) -> tuple[bool, list[str]]:
    """Do two results report the same work? (fields that measure scheduling aside)."""
    if not isinstance(a, dict) or not isinstance(b, dict):
        return a == b, [] if a == b else ["result"]
    differ = [k for k in work_fields(a, b) if a.get(k) != b.get(k)]
    return not differ, differ


def _ms(ns: float) -> str:
    return f"{ns / 1e6:.0f} ms" if ns >= 10e6 else f"{ns / 1e6:.1f} ms"


def explain(cooperative: Measures, preemptive: Measures, tr: Translate = identity,
            ) -> list[str]:
    """A few sentences naming the biggest differences, in plain words (through ``tr``, as
    every sentence of :mod:`app.trace.text`)."""
    lines = []
    c_late, p_late = cooperative.lateness(100), preemptive.lateness(100)
    # One whole sentence per case (translations reorder clauses; no sentence is glued).
    if cooperative.longest_run_task:
        held = {"task": cooperative.longest_run_task, "t": _ms(cooperative.longest_run_ns)}
        if len(cooperative.lateness_ns):
            lines.append(tr("{task} held the loop for {t} in one step; {late} of {n} timer "
                            "wake-ups ran more than 1 ms late, up to {most}.").format(
                late=int((cooperative.lateness_ns > 1e6).sum()), n=len(cooperative.lateness_ns),
                most=_ms(c_late), **held))
        else:
            lines.append(tr("{task} held the loop for {t} in one step.").format(**held))
    if preemptive.longest_run_task:
        busiest = max(preemptive.cpu_share, key=preemptive.cpu_share.__getitem__)
        ran = {"t": _ms(preemptive.longest_run_ns), "busiest": busiest,
               "slice": _ms(preemptive.task_slices.get(busiest, 0)),
               "switches": f"{preemptive.switches:,}", "steps": f"{cooperative.switches:,}"}
        if len(preemptive.lateness_ns):
            lines.append(tr("With threads, no thread ran longer than {t} at a time (the "
                            "busiest, {busiest}, ran in slices of {slice} at the median); "
                            "timers were at most {late} late, at the cost of {switches} "
                            "switches (the loop made {steps} task steps).").format(
                late=_ms(p_late), **ran))
        else:
            lines.append(tr("With threads, no thread ran longer than {t} at a time (the "
                            "busiest, {busiest}, ran in slices of {slice} at the median), "
                            "at the cost of {switches} switches (the loop made {steps} task "
                            "steps).").format(**ran))
    if cooperative.makespan_ns and preemptive.makespan_ns:
        ratio = preemptive.makespan_ns / cooperative.makespan_ns
        lines.append(tr("The whole run took {c} cooperatively and {p} with threads "
                        "({ratio:.2f}×).").format(c=_ms(cooperative.makespan_ns),
                                                  p=_ms(preemptive.makespan_ns), ratio=ratio))
    return lines
