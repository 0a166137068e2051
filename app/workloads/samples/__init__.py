"""The sample workloads, one module each (:mod:`app.workloads.registry` lists them).

Each module holds one sample: its cooperative version (asyncio tasks on the running loop),
its preemptive version (OS threads through
:class:`app.runtime.preemptive.runtime.ThreadRuntime`) and its ``WORKLOAD``. Its source is
what the app shows, so it is written to be read.
"""
