"""The registry of workloads: the one list the launcher and the command line read.

Every workload is declared here — its name, title, summary, "what to look for", parameters
and tags — with the module that holds its code (``run``, and ``run_threads`` where it has a
preemptive version). That module is imported when the code is first read (the workload is
launched or compared, or its source is shown), never to list it: the launcher shows every
sample at start-up without importing one (``db-user-lookup`` alone imports SQLAlchemy and
SQLModel, a fifth of a second).

Besides the samples it holds the lessons' scenarios (:mod:`app.workloads.scenarios`):
:func:`get` finds both by name (a lesson, ``loopscope record readiness-server``, the
controller's launch), while :func:`all_workloads` — the launcher's list, the nine samples the
tests and ``make test-windows`` count, the compare window's choices — holds the samples only.

What a workload is (:class:`app.runtime.params.Workload`, its parameters and errors) is the
runtime's contract; this module only declares the workloads, in launcher order, and finds one
by name. The sample modules hold only their code, so they never import the registry back.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any, cast

from app.runtime.params import FOREVER, Cooperative, Param, Workload
from app.trace.text import QT_TR_NOOP, Sentence


class DeclaredWorkload(Workload):
    """A :class:`Workload` declared here: its entry points are read from its module, which
    is imported the first time one of them is read (comparing, hashing or printing a
    workload reads them too: the dataclass's methods compare every field)."""

    #: Where the code is: ``run``, and ``run_threads`` if :attr:`threads`.
    module: str
    #: The workload has a preemptive version (a scenario may not).
    threads: bool

    def __init__(self, module: str, *, name: str, title: str, summary: str, look_for: str,
                 params: tuple[Param, ...], tags: tuple[str, ...] = (),
                 threads: bool = True) -> None:
        # Workload is frozen, and its own __init__ would assign the entry points, which are
        # properties here: each field is set as a frozen dataclass sets it.
        for field_name, value in (("name", name), ("title", title), ("summary", summary),
                                  ("look_for", look_for), ("params", params), ("tags", tags),
                                  ("module", module), ("threads", threads)):
            object.__setattr__(self, field_name, value)

    def code(self) -> ModuleType:
        """The module that holds the workload's code (imported now if it was not yet)."""
        return importlib.import_module(self.module)

    @property
    def cooperative(self) -> Cooperative:
        return cast(Cooperative, self.code().run)

    @property
    def preemptive(self) -> Callable[..., Any] | None:
        return cast(Callable[..., Any], self.code().run_threads) if self.threads else None


def _by_name(workloads: tuple[Workload, ...]) -> dict[str, Workload]:
    registry: dict[str, Workload] = {}
    for workload in workloads:
        if workload.name in registry:
            raise ValueError(f"workload {workload.name!r} is registered twice")
        registry[workload.name] = workload
    return registry


# -- the samples -----------------------------------------------------------------------------
#: tcp-echo's port, which server-under-load's server takes too.
PORT = Param("port", int, 0, QT_TR_NOOP("Server port on 127.0.0.1 (0 = any free port)."), 0, 65_535)

_timers = DeclaredWorkload(
    "app.workloads.samples.timers",
    name="timers",
    title=QT_TR_NOOP("Timers"),
    summary=QT_TR_NOOP("Tasks sleeping fixed or random intervals, a call_later ticker, a "
                       "wait_for timeout."),
    look_for=QT_TR_NOOP(
        "Every sleeping task sits in the timer heap, ordered by deadline; the loop blocks in "
        "epoll_wait with a timeout equal to the nearest deadline, wakes with no fd ready, "
        "moves the due timer to the ready queue and only then runs the task. The ticker is "
        "a plain callback (no task) that re-arms itself. The wait_for task waits for a timer "
        "and for its target at once; when the timer wins, it cancels the target. With "
        "threads, each sleeper is blocked in the kernel until its deadline, then waits for "
        "the GIL; the target thread cannot be killed, only asked to stop."),
    params=(
        Param("tasks", int, 5, QT_TR_NOOP("Number of sleeping tasks."), 1, 2000),
        Param("interval_ms", float, 50.0, QT_TR_NOOP("Sleep interval."), 1, 10_000, unit="ms"),
        Param("jitter", bool, True,
              QT_TR_NOOP("Randomise each sleep between 0.5× and 1.5× the interval.")),
        Param("rounds", int, 10, QT_TR_NOOP("Sleeps per task."), 1, 100_000),
        FOREVER,
    ),
    tags=("timer",),
)


_tcp_echo = DeclaredWorkload(
    "app.workloads.samples.tcp_echo",
    name="tcp-echo",
    title=QT_TR_NOOP("TCP echo"),
    summary=QT_TR_NOOP("An echo server and N clients on loopback, M messages each."),
    look_for=QT_TR_NOOP(
        "Each client sends, then awaits the echo: its task is registered on its socket's fd "
        "for reading, the loop blocks in epoll_wait, the kernel marks the fd readable when "
        "the echo arrives, epoll_wait returns it, the transport's read callback feeds the "
        "stream and the client task becomes ready — the four steps of the readiness flow. "
        "With threads, every client and every connection has a thread of its own, blocked "
        "in the kernel in recv(); there is no loop, and the OS wakes each thread directly."),
    params=(
        Param("clients", int, 3, QT_TR_NOOP("Number of concurrent clients."), 1, 200),
        Param("messages", int, 5, QT_TR_NOOP("Messages each client sends."), 1, 1_000_000),
        Param("payload", int, 64, QT_TR_NOOP("Bytes per message."), 1, 1_048_576, unit="bytes"),
        Param("think_ms", float, 20.0, QT_TR_NOOP("Client pause between messages."),
              0, 10_000, unit="ms"),
        PORT,
        FOREVER,
    ),
    tags=("fd",),
)


_udp_ping = DeclaredWorkload(
    "app.workloads.samples.udp_ping",
    name="udp-ping",
    title=QT_TR_NOOP("UDP ping"),
    summary=QT_TR_NOOP("Datagram request/response pairs between N clients and one UDP server."),
    look_for=QT_TR_NOOP(
        "No connections and no streams: each pinger sends one datagram with sock_sendto and "
        "awaits sock_recvfrom, which registers its socket's fd for reading; the server task "
        "does the same on its own socket. Every wake-up is the kernel marking one fd readable "
        "in epoll_wait. A pong that does not come is a timer firing instead (a timeout). With "
        "threads, each pinger is a thread blocked in recvfrom with a timeout."),
    params=(
        Param("clients", int, 3, QT_TR_NOOP("Number of pinging clients."), 1, 200),
        Param("pings", int, 10, QT_TR_NOOP("Pings each client sends."), 1, 1_000_000),
        Param("payload", int, 32, QT_TR_NOOP("Bytes per datagram."), 16, 8192, unit="bytes"),
        Param("interval_ms", float, 10.0, QT_TR_NOOP("Pause between pings."), 0, 10_000, unit="ms"),
        Param("timeout_ms", float, 500.0, QT_TR_NOOP("How long a pinger waits for its pong."),
              1, 60_000,
              unit="ms"),
        Param("port", int, 0, QT_TR_NOOP("Server port on 127.0.0.1 (0 = any free port)."),
              0, 65_535),
        FOREVER,
    ),
    tags=("fd", "timer"),
)


_stream_fanout = DeclaredWorkload(
    "app.workloads.samples.stream_fanout",
    name="stream-fanout",
    title=QT_TR_NOOP("Stream fan-out"),
    summary=QT_TR_NOOP("A server pushes lines to K subscribers with drain() back-pressure; "
                       "one is slow."),
    look_for=QT_TR_NOOP(
        "Each subscriber has its own pusher task writing lines and awaiting drain(). The fast "
        "subscribers keep up, so their drain() returns at once. The slow one reads a line, "
        "sleeps, reads the next: its socket buffers fill up, the transport pauses writing, "
        "and its pusher becomes registered on the fd for *writing* until the kernel reports "
        "room again — back-pressure, one fd at a time, while the other subscribers are still "
        "served. With threads, the slow subscriber's pusher thread blocks inside send()."),
    params=(
        Param("subscribers", int, 4, QT_TR_NOOP("Number of subscribers (the first one is slow)."),
              1, 200),
        Param("lines", int, 200, QT_TR_NOOP("Lines pushed to each subscriber."), 1, 10_000_000),
        Param("line_bytes", int, 128, QT_TR_NOOP("Bytes per line, newline included."), 16, 65_536,
              unit="bytes"),
        Param("slow_ms", float, 2.0, QT_TR_NOOP("Pause of the slow subscriber after each line."), 0,
              10_000, unit="ms"),
        FOREVER,
    ),
    tags=("fd",),
)


_cpu_hog = DeclaredWorkload(
    "app.workloads.samples.cpu_hog",
    name="cpu-hog",
    title=QT_TR_NOOP("CPU hog"),
    summary=QT_TR_NOOP("One task computes for X ms between awaits while timer tasks starve."),
    look_for=QT_TR_NOOP(
        "While the hog's step runs, nothing else can: the tickers' timers fall due but stay "
        "in the heap, because the loop only looks at timers between steps. Watch the running "
        "slot turn red and the tickers wake up late by about the hog's step time — "
        "cooperative scheduling means every task must await to let others run. With threads "
        "the interpreter preempts the hog every switch interval (the gaps in its cpu() work, "
        "marked inferred) and the tickers are late by about one slice, not one step."),
    params=(
        Param("hog_ms", float, 300.0, QT_TR_NOOP("CPU time of each hog step."),
              1, 10_000, unit="ms"),
        Param("hogs", int, 3, QT_TR_NOOP("Number of hog steps."), 1, 10_000),
        Param("tickers", int, 4, QT_TR_NOOP("Number of ticker tasks."), 0, 1000),
        Param("tick_ms", float, 10.0, QT_TR_NOOP("Ticker interval."), 1, 10_000, unit="ms"),
        FOREVER,
    ),
    tags=("cpu", "timer"),
)


_producer_consumer = DeclaredWorkload(
    "app.workloads.samples.producer_consumer",
    name="producer-consumer",
    title=QT_TR_NOOP("Producer / consumer"),
    summary=QT_TR_NOOP("A bounded asyncio.Queue between P producers and C consumers."),
    look_for=QT_TR_NOOP(
        "A queue is futures all the way down: a consumer awaiting get() on an empty queue is "
        "registered on a future (\"Queue.get\") that no fd and no timer will complete — only "
        "a producer's put() does, and you can see which one woke it. When the queue is full, "
        "producers wait in put() until a consumer takes an item: the bound is back-pressure. "
        "With threads the same waits are a Condition inside queue.Queue."),
    params=(
        Param("producers", int, 3, QT_TR_NOOP("Number of producers."), 1, 500),
        Param("consumers", int, 2, QT_TR_NOOP("Number of consumers."), 1, 500),
        Param("items", int, 20, QT_TR_NOOP("Items each producer makes."), 1, 1_000_000),
        Param("maxsize", int, 4, QT_TR_NOOP("Queue capacity (the bound that pushes back)."),
              1, 100_000),
        Param("produce_ms", float, 2.0, QT_TR_NOOP("Time to make one item."), 0, 10_000, unit="ms"),
        Param("consume_ms", float, 5.0, QT_TR_NOOP("Time to handle one item."),
              0, 10_000, unit="ms"),
        FOREVER,
    ),
    tags=("future", "timer"),
)


_db_user_lookup = DeclaredWorkload(
    "app.workloads.samples.db_user_lookup",
    name="db-user-lookup",
    title=QT_TR_NOOP("Database user lookup"),
    summary=QT_TR_NOOP("create_async_engine + AsyncSession + get_current_user on a real "
                       "SQLite file."),
    look_for=QT_TR_NOOP(
        "What does \"await a database\" really do? SQLite has no socket to register: "
        "aiosqlite runs every query on a worker thread. The look-up task is registered on a "
        "future the thread will complete; the loop blocks in epoll_wait with nothing to do; "
        "the worker finishes, calls call_soon_threadsafe, which writes one byte to the loop's "
        "self-pipe; epoll_wait returns the self-pipe's fd, the callback runs, and the task is "
        "ready. Invalid tokens end in InvalidToken (a 401 in a web API). With threads, each "
        "look-up thread calls sqlite3 itself and is blocked in the call (the GIL released)."),
    params=(
        Param("users", int, 20,
              QT_TR_NOOP("Users (each with a token) in the temporary database."), 1, 100_000),
        Param("lookups", int, 30, QT_TR_NOOP("Concurrent look-ups per wave."), 1, 500),
        Param("invalid_percent", int, 20, QT_TR_NOOP("Share of look-ups with an invalid token."),
              0, 100, unit="%"),
        FOREVER,
    ),
    tags=("thread", "db"),
)


_executor = DeclaredWorkload(
    "app.workloads.samples.executor",
    name="executor",
    title=QT_TR_NOOP("Executor"),
    summary=QT_TR_NOOP("Blocking work offloaded with run_in_executor while a ticker keeps time."),
    look_for=QT_TR_NOOP(
        "Each job task awaits run_in_executor: it is registered on a future that a pool "
        "thread will complete. When the job returns, the worker calls call_soon_threadsafe: "
        "a byte on the self-pipe wakes epoll_wait, and the task is ready. With kind=sleep or "
        "hash the loop stays responsive (the GIL is free while the workers block or hash); "
        "with kind=python the workers hold the GIL and the ticker on the loop runs late. "
        "With threads, the workers are ordinary threads blocked in the same calls."),
    params=(
        Param("jobs", int, 8, QT_TR_NOOP("Blocking jobs to offload."), 1, 10_000),
        Param("workers", int, 4, QT_TR_NOOP("Threads in the pool."), 1, 64),
        Param("job_ms", float, 50.0, QT_TR_NOOP("Duration of each job."), 0, 10_000, unit="ms"),
        Param("kind", str, "sleep",
              QT_TR_NOOP("What a job does: sleep (I/O-like), hash (C code that releases the "
                         "GIL) or python (holds the GIL)."), choices=("sleep", "hash", "python")),
        Param("tick_ms", float, 10.0, QT_TR_NOOP("Interval of the ticker task on the loop."),
              1, 10_000, unit="ms"),
        FOREVER,
    ),
    tags=("thread", "timer"),
)


_server_under_load = DeclaredWorkload(
    "app.workloads.samples.server_under_load",
    name="server-under-load",
    title=QT_TR_NOOP("Server under load"),
    summary=QT_TR_NOOP("Echo server, clients, a ticker and a CPU hog on one loop: one "
                       "blocking step hurts everyone."),
    look_for=QT_TR_NOOP(
        "The echo clients and the ticker are well-behaved: they await all the time. But "
        "while a hog step computes, the loop cannot poll: echoes sit in the kernel's socket "
        "buffers with their fds already readable, timers fall due, and every task waits — "
        "round-trip times and the ticker's lateness jump by a whole hog step. Run it "
        "preemptively: the interpreter takes the GIL from the hog every switch interval, so "
        "the others are delayed by a slice, not by a step."),
    params=(
        Param("clients", int, 3, QT_TR_NOOP("Number of echo clients."), 1, 200),
        Param("messages", int, 20, QT_TR_NOOP("Messages each client sends."), 1, 1_000_000),
        Param("payload", int, 64, QT_TR_NOOP("Bytes per message."), 1, 1_048_576, unit="bytes"),
        Param("think_ms", float, 10.0, QT_TR_NOOP("Client pause between messages."),
              0, 10_000, unit="ms"),
        Param("hog_ms", float, 50.0, QT_TR_NOOP("CPU time of each hog step."),
              1, 10_000, unit="ms"),
        Param("hog_pause_ms", float, 50.0, QT_TR_NOOP("Hog pause between steps."),
              0, 10_000, unit="ms"),
        Param("tick_ms", float, 10.0, QT_TR_NOOP("Ticker interval."), 1, 10_000, unit="ms"),
        PORT,
        FOREVER,
    ),
    tags=("fd", "timer", "cpu"),
)


# -- the lessons' scenarios ------------------------------------------------------------------
_readiness = DeclaredWorkload(
    "app.workloads.scenarios.readiness",
    name="readiness-server",
    title=QT_TR_NOOP("Readiness, step by step"),
    summary=QT_TR_NOOP("A server on loopback and one client outside the loop: register, "
                       "fire, harvest, handle."),
    look_for=QT_TR_NOOP(
        "The loop blocks in epoll_wait with nothing else to do. Only then does the client, "
        "a thread outside the loop, connect or send (② fire, recorded as PEER_IO); "
        "epoll_wait returns exactly that fd (③ harvest), and its callback runs (④ handle): "
        "the accept callback, then the handler task that awaited readline()."),
    params=(
        Param("messages", int, 2, QT_TR_NOOP("Lines the client sends, one at a time."), 1, 100),
        Param("pause_ms", float, 300.0, QT_TR_NOOP(
            "How long the client waits after the loop blocked before it acts."),
              0, 10_000, unit="ms"),
    ),
    tags=("fd", "scenario"),
    threads=False,
)


_one_thread = DeclaredWorkload(
    "app.workloads.scenarios.one_thread",
    name="one-thread",
    title=QT_TR_NOOP("One thread, many tasks"),
    summary=QT_TR_NOOP("Counters that await asyncio.sleep(0) take turns in the ready queue; "
                       "sleepers wait in the timer heap."),
    look_for=QT_TR_NOOP(
        "Only one task runs at a time. Each counter runs until its await asyncio.sleep(0), "
        "then joins the back of the ready queue, so the counters take turns in the order "
        "they queued. The sleepers wait in the timer heap: the one due first is on top, "
        "though it was armed last, and the loop's wait ends at its deadline."),
    params=(
        Param("counters", int, 3, QT_TR_NOOP("Tasks that take turns."), 1, 100),
        Param("rounds", int, 2, QT_TR_NOOP("Await points per counter."), 1, 1000),
        Param("sleepers", int, 2, QT_TR_NOOP("Tasks that wait on a timer."), 0, 100),
        Param("delay_ms", float, 4000.0, QT_TR_NOOP("The longest sleeper's delay."), 1,
              60_000, unit="ms"),
    ),
    tags=("timer", "scenario"),
    threads=False,
)


_race = DeclaredWorkload(
    "app.workloads.scenarios.race",
    name="socket-or-timer",
    title=QT_TR_NOOP("Socket or timer first"),
    summary=QT_TR_NOOP("A client sends while the loop is busy; a timer falls due meanwhile: "
                       "which handler runs first at the next poll?"),
    look_for=QT_TR_NOOP(
        "While busy-N computes, the client's line arrives (PEER_IO): the kernel marks the fd "
        "ready though the loop is not looking. The next epoll_wait returns it at once. The "
        "second time a timer is due as well: the fd's callback joins the ready queue first, "
        "then the due timer, because the loop harvests fds before it moves timers."),
    params=(
        Param("busy_ms", float, 200.0, QT_TR_NOOP("How long each busy step computes."), 20,
              5_000, unit="ms"),
        Param("timer_ms", float, 50.0, QT_TR_NOOP(
            "The timer's delay (keep it shorter than the busy step)."), 1, 5_000, unit="ms"),
        Param("pause_ms", float, 300.0, QT_TR_NOOP(
            "How long the client waits after the loop blocked before it connects."),
              0, 10_000, unit="ms"),
    ),
    tags=("fd", "timer", "scenario"),
    threads=False,
)


#: Every sample, by name, in launcher order.
REGISTRY: dict[str, Workload] = _by_name((
    _timers,
    _tcp_echo,
    _udp_ping,
    _stream_fanout,
    _cpu_hog,
    _producer_consumer,
    _db_user_lookup,
    _executor,
    _server_under_load,
))


#: The lessons' scenarios, by name: found by :func:`get`, never listed with the samples.
SCENARIOS: dict[str, Workload] = _by_name((
    _readiness,
    _one_thread,
    _race,
))
if set(SCENARIOS) & set(REGISTRY):
    raise ValueError(f"a scenario has a sample's name: {sorted(set(SCENARIOS) & set(REGISTRY))}")


def get(name: str) -> Workload:
    """The sample or scenario called ``name``; KeyError naming the samples if none is."""
    workload = REGISTRY.get(name) or SCENARIOS.get(name)
    if workload is None:
        raise KeyError(Sentence(QT_TR_NOOP("unknown workload {name!r}; choose one of: "
                                           "{names}"),
                                name=name, names=", ".join(sorted(REGISTRY))))
    return workload


def all_workloads() -> list[Workload]:
    """The samples, in launcher order (the scenarios are not among them)."""
    return list(REGISTRY.values())


def scenarios() -> list[Workload]:
    """The lessons' scenarios."""
    return list(SCENARIOS.values())
