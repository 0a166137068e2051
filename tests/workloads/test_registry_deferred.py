"""The registry lists every workload without importing its code: a sample's module (and
what it imports: db-user-lookup's SQLAlchemy and SQLModel) is imported when its code is read."""

from __future__ import annotations

import inspect

from app.workloads import registry
from tests.support.fresh import run_fresh


def test_listing_the_workloads_imports_none_of_their_modules() -> None:
    seen = run_fresh("""
import json, sys
from app.workloads import registry
texts = [(w.name, w.title, w.summary, w.look_for, [p.name for p in w.params], w.tags)
         for w in registry.all_workloads() + registry.scenarios()]
listed = sorted(m for m in sys.modules if m.startswith("app.workloads."))
registry.get("db-user-lookup").cooperative
read = sorted(m for m in sys.modules if m.startswith("app.workloads."))
print(json.dumps({"listed": listed, "read": read, "n": len(texts),
                  "sqlmodel": "sqlmodel" in sys.modules}))
""")
    assert seen["n"] == 12
    assert seen["listed"] == ["app.workloads.registry"]
    assert "app.workloads.samples.db_user_lookup" in seen["read"]
    assert "app.workloads.samples.timers" not in seen["read"]
    assert seen["sqlmodel"]


def test_each_workload_reads_its_code_from_the_module_declared() -> None:
    for workload in registry.all_workloads() + registry.scenarios():
        assert isinstance(workload, registry.DeclaredWorkload)
        module = workload.code()
        assert workload.cooperative is module.run
        assert inspect.iscoroutinefunction(workload.cooperative)
        if workload.threads:
            assert workload.preemptive is module.run_threads
        else:
            assert workload.preemptive is None and not hasattr(module, "run_threads")
        assert workload.source() == inspect.getsource(module)
    assert [w.name for w in registry.scenarios() if w.preemptive is not None] == []
