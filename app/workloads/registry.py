"""The registry of sample workloads: the one list the launcher and the command line read.

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


def get(name: str) -> Workload:
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(Sentence(QT_TR_NOOP("unknown workload {name!r}; choose one of: "
                                           "{names}"),
                                name=name, names=", ".join(sorted(REGISTRY)))) from None


def all_workloads() -> list[Workload]:
    return list(REGISTRY.values())
