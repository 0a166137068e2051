"""The sample workloads; importing this package registers them (in launcher order).

Each module holds one sample: its cooperative version (asyncio tasks on the running loop),
its preemptive version (OS threads through :class:`app.runtime.threads.ThreadRuntime`) and its
registry entry. Its source is what the app shows, so it is written to be read.
"""

# ruff: noqa: I001  (the imports register the samples: their order is the launcher's order)
from app.workloads.samples import (
    timers,
    tcp_echo,
    udp_ping,
    stream_fanout,
    cpu_hog,
    producer_consumer,
    db_user_lookup,
    executor,
    server_under_load,
)

__all__ = [
    "cpu_hog",
    "db_user_lookup",
    "executor",
    "producer_consumer",
    "server_under_load",
    "stream_fanout",
    "tcp_echo",
    "timers",
    "udp_ping",
]
