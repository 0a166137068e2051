"""Parameters: every sample is described fully, and a bad value is refused before anything
starts, with a message that names the parameter and what is allowed."""

from __future__ import annotations

import inspect
import math
from typing import Any

import pytest

from app.runtime.engine import Engine
from app.runtime.params import FOREVER, Param, ParamError, Workload
from app.runtime.preemptive.run import PreemptiveRun, run_preemptive
from app.runtime.preemptive.switch_interval import SWITCH_INTERVAL
from app.runtime.recorder import Recorder
from app.workloads import registry
from tests.support.workloads import NAMES, thread_count

WORKLOADS = [registry.get(name) for name in NAMES]


@pytest.mark.parametrize("workload", WORKLOADS, ids=NAMES)
def test_every_sample_is_fully_described(workload: Workload) -> None:
    assert workload.title and workload.summary and "\n" not in workload.summary
    assert len(workload.look_for) > 150  # a paragraph, not a label
    assert FOREVER in workload.params
    assert inspect.iscoroutinefunction(workload.cooperative)
    assert callable(workload.preemptive)
    for param in workload.params:
        assert param.help, param.name
        assert param.kind in (int, float, bool, str)
        assert param.parse(param.default) == param.default  # defaults are valid values
    # Both entry points take exactly the registered parameters, with the same defaults.
    declared = {p.name: p.default for p in workload.params}
    coop = inspect.signature(workload.cooperative).parameters
    threads = list(inspect.signature(workload.preemptive).parameters.values())
    assert threads[0].name == "rt"
    for entry in (coop, {p.name: p for p in threads[1:]}):
        assert {name: p.default for name, p in entry.items()} == declared
    assert workload.source().startswith('"""')  # the app shows it


def numeric_params() -> list[tuple[str, Param]]:
    return [(w.name, p) for w in WORKLOADS for p in w.params if p.kind in (int, float)]


@pytest.mark.parametrize("name,param", numeric_params(),
                         ids=[f"{n}.{p.name}" for n, p in numeric_params()])
def test_numbers_out_of_range_or_of_the_wrong_type_are_refused(name: str, param: Param) -> None:
    workload = registry.get(name)
    assert param.minimum is not None and param.maximum is not None  # every number is bounded
    for bad in (param.minimum - 1, param.maximum + 1):
        with pytest.raises(ParamError) as info:
            workload.validate({param.name: bad})
        message = str(info.value)
        assert message.startswith(f"{param.name}: ") and "out of range" in message
        assert f"from {param.minimum:g} to {int(param.maximum)}" in message
    for wrong in ("lots", [1], None, True, math.nan, math.inf):
        with pytest.raises(ParamError, match=f"^{param.name}: .* not valid; expected "):
            workload.validate({param.name: wrong})
    if param.kind is int:
        with pytest.raises(ParamError, match="not valid"):
            workload.validate({param.name: param.minimum + 0.5})
    # Text from a form or a command line is parsed.
    assert workload.validate({param.name: f" {param.default} "})[param.name] == param.default


@pytest.mark.parametrize("name", ["tcp-echo", "producer-consumer", "db-user-lookup",
                                  "executor"])
def test_negative_counts_are_refused(name: str) -> None:
    workload = registry.get(name)
    counts = [p for p in workload.params if p.kind is int]
    for param in counts:
        with pytest.raises(ParamError, match=f"^{param.name}: -3 is out of range"):
            workload.validate({param.name: -3})


def test_booleans_accept_the_usual_words_and_nothing_else() -> None:
    workload = registry.get("timers")
    for text, value in (("true", True), ("Off", False), ("1", True), ("no", False)):
        assert workload.validate({"jitter": text})["jitter"] is value
    assert workload.validate({"forever": 0})["forever"] is False
    for bad in ("maybe", 2, 0.5, None, [True]):
        with pytest.raises(ParamError, match=r"^jitter: .* expected true or false"):
            workload.validate({"jitter": bad})


def test_choices_accept_only_their_values() -> None:
    workload = registry.get("executor")
    assert workload.validate({"kind": "hash"})["kind"] == "hash"
    for bad in ("gpu", "", 3, None, ["sleep"]):
        with pytest.raises(ParamError,
                           match=r"^kind: .* expected one of sleep, hash, python"):
            workload.validate({"kind": bad})


def test_a_free_text_parameter_refuses_non_text() -> None:
    param = Param("label", str, "x", "A label.")
    assert param.parse(" hi ") == "hi"
    for bad in (3, None, b"bytes", ["x"]):
        with pytest.raises(ParamError, match=r"^label: "):
            param.parse(bad)


def test_unknown_parameters_and_workloads_are_refused_by_name() -> None:
    with pytest.raises(ParamError, match=r"tcp-echo has no parameter 'client'.*clients"):
        registry.get("tcp-echo").validate({"client": 3})
    with pytest.raises(KeyError, match=r"unknown workload 'echo'.*tcp-echo"):
        registry.get("echo")


def test_bad_parameters_never_start_anything() -> None:
    threads = thread_count()
    engine = Engine()
    with pytest.raises(ParamError, match="clients"):
        engine.launch(registry.get("tcp-echo"), {"clients": 0})
    assert not engine.running
    for bad in ({"clients": -1}, {"payload": "big"}):
        with pytest.raises(ParamError):
            PreemptiveRun(registry.get("tcp-echo"), bad, Recorder())
        with pytest.raises(ParamError):
            run_preemptive(registry.get("tcp-echo"), bad, Recorder())
    assert thread_count() == threads


@pytest.mark.parametrize("interval", [0.1, 51, -5, "fast", math.nan])
def test_the_switch_interval_is_checked_too(interval: Any) -> None:
    with pytest.raises(ParamError, match=r"^switch_interval_ms: .*expected float from 0.5 "
                                         r"to 50 ms|^switch_interval_ms: .* not valid"):
        PreemptiveRun(registry.get("timers"), None, Recorder(), switch_interval_ms=interval)
    assert SWITCH_INTERVAL.parse("20") == 20.0
