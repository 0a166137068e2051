"""The sample workloads, one module each (:mod:`app.workloads.registry` declares them).

Each module holds one sample's code: its cooperative version, ``run`` (asyncio tasks on the
running loop), and its preemptive version, ``run_threads`` (OS threads through
:class:`app.runtime.preemptive.runtime.ThreadRuntime`). Its name, texts and parameters are
declared in the registry, which lists every sample without importing its module. Its source
is what the app shows, so it is written to be read.
"""
