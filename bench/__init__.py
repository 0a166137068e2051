"""LoopScope's benchmarks: ``python -m bench`` (``make bench``), see :mod:`bench.main`.

The sectioned harness lives in ``main`` / ``sections`` / ``run_one`` and one module per
section (``throughput``, ``recording``, ``timers``); the ``*_bench`` and ``soak`` modules are
standalone scripts.
"""
