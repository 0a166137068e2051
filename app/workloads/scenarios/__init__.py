"""Lesson scenarios: small workloads a lesson launches (:mod:`app.workloads.registry` finds
them by name), written to be stepped through and read in the source pane.

A scenario is a :class:`app.runtime.params.Workload` like a sample, with two differences: it
is not listed in the launcher nor counted among the samples (``registry.all_workloads()``
holds the samples only; ``registry.scenarios()`` these), and it may have no preemptive
version (``preemptive`` is None: the compare window offers only workloads that have one).
Each module holds a scenario's code, ``run``; the registry declares its name, texts and
parameters.
"""
