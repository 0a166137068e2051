"""The sample workloads; importing this package registers them (in launcher order)."""

from . import cpu_hog, tcp_echo, timers

__all__ = ["cpu_hog", "tcp_echo", "timers"]
