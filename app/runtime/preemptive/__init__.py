"""The preemptive engine: a sample's work on OS threads, recorded in the loop's vocabulary.

- :mod:`~app.runtime.preemptive.runtime`: the thread runtime, its threads, queues and
  primitives (what a threaded sample calls);
- :mod:`~app.runtime.preemptive.gil`: how a thread's states are recorded and inferred;
- :mod:`~app.runtime.preemptive.sockets`: the socket primitives;
- :mod:`~app.runtime.preemptive.switch_interval`: the GIL switch interval of a run;
- :mod:`~app.runtime.preemptive.blocking`: blocking calls made outside the primitives;
- :mod:`~app.runtime.preemptive.run`: one run of a sample, supervised.
"""
