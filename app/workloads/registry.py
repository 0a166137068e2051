"""The registry of sample workloads: the one list the launcher and the command line read.

Besides the samples it holds the lessons' scenarios (:mod:`app.workloads.scenarios`):
:func:`get` finds both by name (a lesson, ``loopscope record readiness-server``, the
controller's launch), while :func:`all_workloads` — the launcher's list, the nine samples the
tests and ``make test-windows`` count, the compare window's choices — holds the samples only.

What a workload is (:class:`app.runtime.params.Workload`, its parameters and errors) is the
runtime's contract; this module only holds the list of samples, in launcher order, and finds
one by name. Each sample module defines its ``WORKLOAD``; the list is built here from them, so
the samples never import the registry back.
"""

from __future__ import annotations

from app.runtime.params import Workload
from app.trace.text import QT_TR_NOOP, Sentence
from app.workloads.samples import (
    cpu_hog,
    db_user_lookup,
    executor,
    producer_consumer,
    server_under_load,
    stream_fanout,
    tcp_echo,
    timers,
    udp_ping,
)
from app.workloads.scenarios import one_thread, race, readiness


def _by_name(workloads: tuple[Workload, ...]) -> dict[str, Workload]:
    registry: dict[str, Workload] = {}
    for workload in workloads:
        if workload.name in registry:
            raise ValueError(f"workload {workload.name!r} is registered twice")
        registry[workload.name] = workload
    return registry


#: Every sample, by name, in launcher order.
REGISTRY: dict[str, Workload] = _by_name((
    timers.WORKLOAD,
    tcp_echo.WORKLOAD,
    udp_ping.WORKLOAD,
    stream_fanout.WORKLOAD,
    cpu_hog.WORKLOAD,
    producer_consumer.WORKLOAD,
    db_user_lookup.WORKLOAD,
    executor.WORKLOAD,
    server_under_load.WORKLOAD,
))


#: The lessons' scenarios, by name: found by :func:`get`, never listed with the samples.
SCENARIOS: dict[str, Workload] = _by_name((
    readiness.WORKLOAD,
    one_thread.WORKLOAD,
    race.WORKLOAD,
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
